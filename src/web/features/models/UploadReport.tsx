import type { ModelResultStatus } from '../../api/models-upload';
import type { OperationReport } from './models-store';

const STATUS_TEXT: Record<ModelResultStatus, string> = {
  created: 'created', skipped: 'skipped', failed: 'failed', deleted: 'deleted', 'not-attempted': 'not attempted',
};

export function summarize(results: OperationReport['results']): string {
  const n: Partial<Record<ModelResultStatus, number>> = {};
  for (const r of results) n[r.status] = (n[r.status] ?? 0) + 1;
  return (Object.keys(STATUS_TEXT) as ModelResultStatus[]).filter((s) => n[s]).map((s) => `${n[s]} ${STATUS_TEXT[s]}`).join(', ');
}

/** Progress and one line per model for an upload or delete-all; failures first, with the service's message. */
export function UploadReport({ report, onDismiss }: { report: OperationReport; onDismiss: () => void }) {
  const order: ModelResultStatus[] = ['failed', 'not-attempted', 'skipped', 'created', 'deleted'];
  const sorted = [...report.results].sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  return (
    <section className="models-report" aria-label={report.title} data-testid="models-report">
      <header>
        <h3>{report.title}</h3>
        {report.running && report.cancel ? <button type="button" onClick={report.cancel}>Cancel</button> : null}
        {!report.running ? <button type="button" onClick={onDismiss} aria-label="Dismiss report">×</button> : null}
      </header>
      <progress aria-label={`${report.title} progress`} max={Math.max(report.progress.total, 1)} value={report.progress.done} />
      <p role="status" className="models-report__summary">
        {report.running ? `${report.progress.done} of ${report.progress.total}…` : summarize(report.results) || 'Nothing to do.'}
      </p>
      {report.error ? <p className="models-error" role="alert">{report.error}</p> : null}
      {sorted.length > 0 ? (
        <ul className="models-report__list">
          {sorted.map((r, i) => (
            <li key={`${r.id}-${i}`} className={`models-result models-result--${r.status}`} data-status={r.status}>
              <span className="models-result__status">{STATUS_TEXT[r.status]}</span>
              <span className="models-result__id">{r.id}</span>
              {r.message ? <span className="models-result__message">{r.code ? `${r.code}: ${r.message}` : r.message}</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
