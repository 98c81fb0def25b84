import { AdtError } from '../../adt-client';
import type { ErrorInfo } from '../../../shared/adt';
import { SIGN_IN_AGAIN } from '../../../shared/adt';

export interface ShownError {
  status?: number;
  code: string;
  message: string;
  details: string[];
}

function flatten(details: readonly ErrorInfo[], out: string[] = []): string[] {
  for (const d of details) {
    out.push(d.code ? `${d.code}: ${d.message}` : d.message);
    if (d.details) flatten(d.details, out);
  }
  return out;
}

/** Any thrown value → what the user sees next to the control that failed. */
export function toShownError(err: unknown): ShownError {
  if (err instanceof AdtError && err.status === 401) {
    // ADT often sends a 401 without a body, so the service's own text may be just "Unauthorized".
    const message = `${err.message} ${SIGN_IN_AGAIN}`;
    return { status: err.status, code: err.code, message, details: flatten(err.details) };
  }
  if (err instanceof AdtError) return { status: err.status, code: err.code, message: err.message, details: flatten(err.details) };
  if (err instanceof Error) return { code: err.name, message: err.message, details: [] };
  return { code: 'Error', message: String(err), details: [] };
}

export function isStatus(err: unknown, status: number): boolean {
  return err instanceof AdtError && err.status === status;
}

/** An error shown in place; all server text is rendered as text. */
export function ErrorNote({ error, label }: { error: ShownError | null; label?: string }) {
  if (!error) return null;
  return (
    <div role="alert" className="insp-error" aria-label={label}>
      <strong>{error.status ? `${error.status} ${error.code}` : error.code}</strong>
      <span>: {error.message}</span>
      {error.details.length > 0 ? (
        <ul>
          {error.details.map((d, i) => (
            <li key={i}>{d}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
