import type { ValueChange } from './patch-conflict';
import { previewValue } from './patch-conflict';

/** A table of value changes by JSON pointer; `overlapping` rows are flagged (the user's patch writes them too). */
export function ChangeList({ changes, label, overlapping = [], beforeLabel, afterLabel }: {
  changes: readonly ValueChange[];
  label: string;
  overlapping?: readonly ValueChange[];
  beforeLabel: string;
  afterLabel: string;
}) {
  if (changes.length === 0) return <p className="insp-muted">{label}: none.</p>;
  const clash = new Set(overlapping.map((c) => c.path));
  return (
    <table className="insp-changes" aria-label={label}>
      <caption>{label}</caption>
      <thead>
        <tr>
          <th scope="col">Path</th>
          <th scope="col">{beforeLabel}</th>
          <th scope="col">{afterLabel}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={`${c.kind}:${c.path}`} className={clash.has(c.path) ? 'insp-changes__clash' : undefined}>
            <td>
              <code>{c.path}</code> <span className="insp-muted">{c.kind}</span>
              {clash.has(c.path) ? <span className="insp-badge insp-badge--warn"> your patch writes this</span> : null}
            </td>
            <td><code>{c.kind === 'added' ? '—' : previewValue(c.before)}</code></td>
            <td><code>{c.kind === 'removed' ? '—' : previewValue(c.after)}</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
