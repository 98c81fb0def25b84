import { useQueryClient } from '@tanstack/react-query';
import { instanceChanged } from '../../api/jobs';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { DeleteJob } from '../../../shared/adt';
import type { AdtClient } from '../../adt-client';
import { emulatorUrl } from '../../api/emulator';
import { AdtError } from '../../adt-client';
import type { GraphFile } from '../../api/import-export';
import { IMPORT_JOB_THRESHOLD, importSize, serializeGraph } from '../../api/import-export';
import { deleteEverything, exportInstance, exportPart } from '../../api/import-export-run';
import { graphContent } from '../../api/graph-data';
import type { EnvironmentConfig } from '../../config/runtime-config';
import { useGraphStore } from '../../stores/graph';
import { GraphPreview } from './GraphPreview';
import { planFor, useImport } from './import-store';
import './import-export.css';
import { saveFile } from '../../components/save-file';

function describe(err: unknown): string {
  if (err instanceof AdtError) return `${err.code}: ${err.message}`;
  return err instanceof Error ? err.message : String(err);
}


function counts(g: GraphFile): string {
  return `${g.models.length} models, ${g.twins.length} twins, ${g.relationships.length} relationships`;
}

export function ImportExportPanel({ client, environment }: { client: AdtClient | null; environment?: EnvironmentConfig }) {
  if (!client) return <div className="empty-state"><p>Connect to an environment to import or export graphs.</p></div>;
  return <Sections client={client} environment={environment} />;
}

/**
 * Which section acted last. Each section's outcome ("Exported …", "Delete job … succeeded", an import's report) is
 * shown only until another section acts, so an old outcome never sits beside a newer one as if it were current.
 */
type Section = 'export' | 'import' | 'delete';

function Sections({ client, environment }: { client: AdtClient; environment: EnvironmentConfig | undefined }) {
  const name = environment?.label ?? new URL(client.baseUrl).host;
  const [last, setLast] = useState<Section | null>(null);
  return (
    <div className="ie-panel">
      <ExportSection client={client} current={last === 'export'} onStart={() => setLast('export')} />
      <ImportSection client={client} emulator={environment?.kind === 'emulator'} supportsJobs={environment !== undefined} current={last === null || last === 'import'} onStart={() => setLast('import')} />
      <DeleteSection client={client} environmentName={name} current={last === 'delete'} onStart={() => setLast('delete')} />
    </div>
  );
}

interface SectionProps { current: boolean; onStart: () => void }

function ExportSection({ client, current, onStart }: { client: AdtClient } & SectionProps) {
  const queryClient = useQueryClient();
  const [scope, setScope] = useState<'graph' | 'instance'>('instance');
  const [format, setFormat] = useState<'adt-explorer-json' | 'ndjson' | 'xlsx'>('adt-explorer-json');
  const [busy, setBusy] = useState<string | null>(null);
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const graphTwins = useGraphStore((s) => s.twinCount);

  const onExport = async () => {
    onStart();
    setError(null);
    setResult(null);
    setBusy('Exporting…');
    try {
      const drawn = graphContent(queryClient, client);
      const graph = scope === 'instance'
        ? await exportInstance(client, { onProgress: setBusy })
        : await exportPart(client, { twins: drawn.twins.values(), relationships: drawn.relationships.values() });
      const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
      if (format === 'xlsx') {
        // exceljs is loaded here, on the first Excel export, never with the first screen.
        const { graphToXlsx } = await import('./import-export-xlsx');
        saveFile(`twinscope-${scope}-${stamp}.xlsx`, await graphToXlsx(graph) as Uint8Array<ArrayBuffer>,
          'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
      } else {
        const file = serializeGraph(graph, format);
        saveFile(`twinscope-${scope}-${stamp}.${file.extension}`, file.text, file.mime);
      }
      setResult(`Exported ${counts(graph)}.`);
    } catch (err) {
      setError(describe(err));
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="ie-section" aria-labelledby="ie-export-title">
      <h3 id="ie-export-title">Export</h3>
      <fieldset className="ie-choices">
        <legend>What</legend>
        <label><input type="radio" name="ie-scope" checked={scope === 'instance'} onChange={() => setScope('instance')} /> Whole instance</label>
        <label>
          <input type="radio" name="ie-scope" checked={scope === 'graph'} onChange={() => setScope('graph')} disabled={graphTwins === 0} /> Current graph ({graphTwins} twins)
        </label>
      </fieldset>
      <label className="ie-field">
        <span>Format</span>
        <select value={format} onChange={(e) => setFormat(e.target.value as typeof format)}>
          <option value="adt-explorer-json">JSON (ADT Explorer graph)</option>
          <option value="ndjson">NDJSON (ADT bulk import)</option>
          <option value="xlsx">Excel (ADT Explorer sheet)</option>
        </select>
      </label>
      <p className="ie-muted">Models, twins and relationships, with relationship properties and components.</p>
      <button type="button" onClick={() => void onExport()} disabled={busy !== null}>Export</button>
      {busy ? <p className="ie-muted" role="status">{busy}</p> : null}
      {result && current ? <p role="status">{result}</p> : null}
      {error && current ? <p className="ie-error" role="alert">Export failed: {error}</p> : null}
    </section>
  );
}

function ImportSection({ client, emulator, supportsJobs, current, onStart }: { client: AdtClient; emulator: boolean; supportsJobs: boolean } & SectionProps) {
  const state = useImport();
  const queryClient = useQueryClient();
  const plan = useMemo(
    () => planFor(state),
    // planFor reads only these fields; the store object changes on every progress tick.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [state.graph, state.existing, state.index, state.updateExisting],
  );
  // null until the user picks: the default then follows the file's size and what the target offers.
  const [chosen, setChosen] = useState<'items' | 'job' | null>(null);
  const [inputBlobUri, setInputBlobUri] = useState('');
  const [outputBlobUri, setOutputBlobUri] = useState('');
  const [jobError, setJobError] = useState<string | null>(null);
  const size = state.graph ? importSize(state.graph) : 0;
  const large = size > IMPORT_JOB_THRESHOLD;
  // Both ADT and the emulator run import jobs (https://learn.microsoft.com/azure/digital-twins/concepts-apis-sdks#bulk-import-with-the-import-jobs-api);
  // one uploaded file is read by the service instead of one request per item, which is many times faster.
  const jobsByDefault = large && supportsJobs;
  const method = chosen ?? (jobsByDefault ? 'job' : 'items');
  // The emulator has scratch blob storage of its own, so an import job needs no storage account there.
  const fillScratchUrls = () => {
    const blobs = emulatorUrl(client.baseUrl, 'blobs/');
    const name = `import-${Date.now().toString(36)}`;
    setInputBlobUri(`${blobs}${name}.ndjson`);
    setOutputBlobUri(`${blobs}${name}-log.ndjson`);
  };
  const useJob = large && method === 'job';
  const scratchFilled = inputBlobUri.startsWith(emulatorUrl(client.baseUrl, 'blobs/'));
  // A file just read: bring its summary, the way it will be imported and the Import button into the panel's view.
  const planRef = useRef<HTMLDivElement>(null);
  const ready = state.phase === 'ready' && state.graph !== null;
  useEffect(() => {
    if (ready) planRef.current?.scrollIntoView({ block: 'nearest' });
  }, [ready, state.graph]);
  const chooseMethod = (m: 'items' | 'job') => {
    setChosen(m);
    if (m === 'job' && emulator && !inputBlobUri && !outputBlobUri) fillScratchUrls();
  };
  // The default job on the emulator needs no setup: its own scratch blobs are filled in.
  useEffect(() => {
    if (useJob && emulator && !inputBlobUri && !outputBlobUri) fillScratchUrls();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [useJob, emulator]);

  const onImport = async () => {
    if (!plan) return;
    onStart();
    setJobError(null);
    if (useJob) {
      if (!/^https?:\/\//i.test(inputBlobUri) || !/^https?:\/\//i.test(outputBlobUri)) {
        setJobError('Enter the input and output blob URLs (https, with a SAS token).');
        return;
      }
      await state.run(client, plan, { inputBlobUri, outputBlobUri });
    } else {
      await state.run(client, plan);
    }
    void instanceChanged(queryClient, client);
  };

  const summary = useMemo(() => {
    const by = { created: 0, updated: 0, reused: 0, skipped: 0, failed: 0 };
    for (const r of state.results) by[r.status]++;
    return by;
  }, [state.results]);
  const reportRows = state.results.filter((r) => r.status === 'failed' || r.status === 'skipped');

  return (
    <section className="ie-section ie-section--import" aria-labelledby="ie-import-title">
      <h3 id="ie-import-title">Import</h3>
      <label className="ie-field">
        <span>Graph file</span>
        <input
          type="file"
          accept=".json,.ndjson,.jsonl,.xlsx,application/json"
          disabled={state.phase === 'running'}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) {
              onStart();
              setChosen(null);
              void state.load(client, file);
            }
          }}
        />
      </label>
      {!state.graph ? <p className="ie-muted">JSON in ADT Explorer&apos;s graph format, NDJSON in the ADT bulk-import format, or an Excel sheet with ADT Explorer&apos;s columns.</p> : null}
      {state.phase === 'reading' || state.phase === 'checking' ? (
        <p role="status" className="ie-muted">{state.phase === 'reading' ? 'Reading the file…' : 'Checking what already exists…'}</p>
      ) : null}
      {state.fileError ? <p className="ie-error" role="alert">{state.fileError}</p> : null}
      {state.graph && plan ? (
        <div className="ie-plan" ref={planRef}>
          <p className="ie-file-summary">
            <strong>{state.fileName}</strong> ({state.format}): {counts(state.graph)}.
          </p>
          {large ? (
            <fieldset className="ie-method" aria-describedby="ie-method-why">
              <legend>{size.toLocaleString('en-US')} items:</legend>
              <label>
                <input type="radio" name="ie-method" checked={method === 'job'} onChange={() => chooseMethod('job')} />{' '}
                Import job (uploads NDJSON to blob storage)
              </label>
              <label><input type="radio" name="ie-method" checked={method === 'items'} onChange={() => chooseMethod('items')} /> Item by item</label>
            </fieldset>
          ) : null}
          {large ? (
            <p id="ie-method-why" className="ie-muted ie-method-why">
              {chosen === null && jobsByDefault
                ? `Import job chosen because the file is large: the service reads one uploaded file instead of ${size.toLocaleString('en-US')} separate requests, many times faster.`
                : method === 'job'
                  ? `The service reads one uploaded file instead of ${size.toLocaleString('en-US')} separate requests.`
                  : `${size.toLocaleString('en-US')} requests, one per item: much slower than an import job, but each item is reported and the import can be cancelled.`}
            </p>
          ) : null}
          <div className="ie-actions">
            <button type="button" onClick={() => void onImport()} disabled={state.phase !== 'ready' && state.phase !== 'done'}>Import</button>
            {state.phase === 'running' ? <button type="button" onClick={state.cancel}>Cancel import</button> : null}
            <button type="button" onClick={state.reset} disabled={state.phase === 'running'}>Clear</button>
            {!useJob ? (
              <label className="ie-check">
                <input type="checkbox" checked={state.updateExisting} onChange={(e) => state.setUpdateExisting(e.target.checked)} disabled={state.phase === 'running'} />
                {' '}Update twins and relationships that already exist
              </label>
            ) : null}
          </div>
          {useJob ? (
            // On the emulator the URLs are its own and need nothing from the user, so they stay folded away.
            <details className="ie-job" open={!emulator || !scratchFilled}>
              <summary>{emulator && scratchFilled ? "Blob URLs: the emulator's own scratch blobs" : 'Blob URLs'}</summary>
              <label className="ie-field">
                <span>Input blob URL (SAS with write and read)</span>
                <input value={inputBlobUri} onChange={(e) => setInputBlobUri(e.target.value)} placeholder="https://<account>.blob.core.windows.net/<container>/import.ndjson?sv=…" />
              </label>
              <label className="ie-field">
                <span>Output blob URL (SAS with create and write)</span>
                <input value={outputBlobUri} onChange={(e) => setOutputBlobUri(e.target.value)} placeholder="https://<account>.blob.core.windows.net/<container>/import-log.ndjson?sv=…" />
              </label>
              {emulator ? (
                <p className="ie-muted">
                  The emulator keeps blobs of its own in memory until it stops: these URLs need no storage account.{' '}
                  <button type="button" onClick={fillScratchUrls}>Use the emulator&apos;s blobs</button>
                </p>
              ) : null}
              <p className="ie-muted">The storage account must allow this page&apos;s origin (CORS, PUT and GET). An import job runs as one job; it updates twins that exist.</p>
            </details>
          ) : null}
          {jobError ? <p className="ie-error" role="alert">{jobError}</p> : null}
          {state.runError ? <p className="ie-error" role="alert">{state.runError}</p> : null}
        </div>
      ) : null}
      {current ? <>
      {state.progress && !state.job ? (
        <div className="ie-progress">
          <progress max={state.progress.total} value={state.progress.done} aria-label="Import progress" />
          <span role="status">{state.progress.done} of {state.progress.total} items{state.progress.failed ? `, ${state.progress.failed} failed` : ''}</span>
        </div>
      ) : null}
      {state.job ? (
        <p role="status">
          Import job {state.job.id}: <strong>{state.job.status}</strong>
          {state.job.error ? ` — ${state.job.error.message}` : ''}
        </p>
      ) : null}
      {state.phase === 'done' && !state.job ? (
        <p role="status" className="ie-summary">
          Import finished: {summary.created} created, {summary.updated} updated, {summary.reused} reused, {summary.skipped} skipped, {summary.failed} failed.
        </p>
      ) : null}
      {reportRows.length > 0 ? (
        <table className="ie-report" aria-label="Import report">
          <thead><tr><th scope="col">Item</th><th scope="col">Id</th><th scope="col">Result</th><th scope="col">Message</th></tr></thead>
          <tbody>
            {reportRows.slice(0, 500).map((r) => (
              <tr key={`${r.kind}-${r.id}`} className={r.status === 'failed' ? 'ie-failed' : undefined}>
                <td>{r.kind}</td><td>{r.id}</td><td>{r.status}</td><td>{r.message ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {state.jobLog && state.jobLog.some((l) => l.logType !== 'Info') ? (
        <table className="ie-report" aria-label="Import job log">
          <thead><tr><th scope="col">Level</th><th scope="col">Section</th><th scope="col">Id</th><th scope="col">Message</th></tr></thead>
          <tbody>
            {state.jobLog.filter((l) => l.logType !== 'Info').slice(0, 500).map((l, i) => (
              <tr key={i} className={l.logType === 'Error' ? 'ie-failed' : undefined}>
                <td>{l.logType}</td><td>{l.section ?? ''}</td><td>{l.id ?? ''}</td><td>{l.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      </> : null}
      {state.graph && plan ? (
        <div className="ie-plan-details">
          <table className="ie-counts" aria-label="Import plan">
            <thead><tr><th scope="col" /><th scope="col">New</th><th scope="col">Existing</th><th scope="col">Skipped</th></tr></thead>
            <tbody>
              <tr><th scope="row">Models</th><td>{plan.counts.models.create}</td><td>{plan.counts.models.reuse} reused</td><td>–</td></tr>
              <tr><th scope="row">Twins</th><td>{plan.counts.twins.create}</td><td>{plan.counts.twins.update} updated</td><td>{plan.counts.twins.skip}</td></tr>
              <tr><th scope="row">Relationships</th><td colSpan={2}>{plan.counts.relationships.upsert}</td><td>{plan.counts.relationships.skip}</td></tr>
            </tbody>
          </table>
          {plan.externalTargets.length > 0 ? (
            <p className="ie-muted">Relationships connect to {plan.externalTargets.length} twin(s) already in the instance: {plan.externalTargets.slice(0, 5).join(', ')}{plan.externalTargets.length > 5 ? ', …' : ''}</p>
          ) : null}
          {plan.problems.length > 0 ? (
            <details className="ie-problems" open={plan.problems.length <= 5}>
              <summary>{plan.problems.length} problem(s) found before importing</summary>
              <ul>{plan.problems.map((p) => <li key={`${p.kind}-${p.id}-${p.message}`}>{p.kind} {p.id}: {p.message}</li>)}</ul>
            </details>
          ) : null}
          <GraphPreview graph={state.graph} />
        </div>
      ) : null}
    </section>
  );
}

function DeleteSection({ client, environmentName, current, onStart }: { client: AdtClient; environmentName: string } & SectionProps) {
  const [confirming, setConfirming] = useState(false);
  const [typed, setTyped] = useState('');
  const [job, setJob] = useState<DeleteJob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const queryClient = useQueryClient();

  const onDelete = async () => {
    onStart();
    setError(null);
    setRunning(true);
    try {
      const finished = await deleteEverything(client, { onStatus: setJob });
      setJob(finished);
      if (finished.status === 'succeeded') {
        useGraphStore.getState().clear();
        setConfirming(false);
        setTyped('');
      }
      void instanceChanged(queryClient, client);
    } catch (err) {
      setError(describe(err));
    } finally {
      setRunning(false);
    }
  };

  return (
    <section className="ie-section ie-section--danger" aria-labelledby="ie-delete-title">
      <h3 id="ie-delete-title">Delete everything</h3>
      <p className="ie-muted">Deletes every model, twin and relationship of this environment through a Delete Job. Event routes stay.</p>
      {!confirming ? (
        <button type="button" className="ie-danger" onClick={() => { setConfirming(true); setJob(null); }}>Delete everything…</button>
      ) : (
        <div className="ie-confirm" role="group" aria-label="Confirm deleting everything">
          <label className="ie-field">
            <span>Type <strong data-testid="ie-environment-name">{environmentName}</strong> to confirm</span>
            <input aria-label="Environment name" value={typed} onChange={(e) => setTyped(e.target.value)} autoComplete="off" />
          </label>
          <div className="ie-actions">
            <button type="button" className="ie-danger" disabled={typed !== environmentName || running} onClick={() => void onDelete()}>
              Delete all models, twins and relationships
            </button>
            <button type="button" onClick={() => { setConfirming(false); setTyped(''); }} disabled={running}>Cancel</button>
          </div>
        </div>
      )}
      {job && current ? <p role="status">Delete job {job.id}: <strong>{job.status}</strong>{job.error ? ` — ${job.error.message}` : ''}</p> : null}
      {error && current ? <p className="ie-error" role="alert">{error}</p> : null}
    </section>
  );
}
