import type { ModelChoice } from '../api/twins-models';

/** The `<option>`s of a model picker: display names, the DTMI on hover (see modelChoices). */
export function ModelOptions({ choices, marked }: { choices: readonly ModelChoice[]; marked?: (id: string) => boolean }) {
  return (
    <>
      {choices.map((c) => (
        <option key={c.id} value={c.id} title={c.id}>
          {marked?.(c.id) ? `${c.label} •` : c.label}
        </option>
      ))}
    </>
  );
}
