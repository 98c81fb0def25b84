import { useQueryClient } from '@tanstack/react-query';
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type { AdtClient } from '../../adt-client';
import type { Theme } from '../../stores/preferences';
import { useUi } from '../../stores/ui';
import { localized, useExactTwinCount, useModels, useTwinCounts, useUploadModels } from '../../api/models';
import { buildInheritanceTree, downloadPayload, modelMatches, visibleForSearch } from './model-helpers';
import { twinCountText } from './format';
import { useModelsUi } from './models-store';
import { ModelTree } from './ModelTree';
import { UploadReport } from './UploadReport';
import { deleteAllModels, filesFromDrop, readModelFiles, uploadDocuments } from './operations';
import { saveFile } from '../../components/save-file';
import './models.css';

const ModelsWorkspace = lazy(() => import('./ModelsWorkspace'));

/**
 * A tree row's count when the one-query scan stopped early: the row's own exact COUNT(), run only for rows that are
 * shown. Until it answers, the scan's figure is shown as the lower bound it is.
 */
function ExactCountBadge({ client, id, atLeast }: { client: AdtClient; id: string; atLeast: number }) {
  const exact = useExactTwinCount(client, id, true);
  if (exact.data !== undefined) return <span className="models-badge" title="Twins of exactly this model">{twinCountText(exact.data)}</span>;
  return (
    <span className="models-badge" title={exact.error ? `Counting failed: ${exact.error.message}` : 'Counting the twins of this model…'} aria-busy={exact.isFetching}>
      {atLeast > 0 ? twinCountText(atLeast, true) : 'counting…'}
    </span>
  );
}

/** Above this many models the tree starts collapsed. */
const OPEN_TREE_LIMIT = 100;

export function ModelsPanel({ client, theme }: { client: AdtClient | null; theme: Theme }) {
  const models = useModels(client);
  const counts = useTwinCounts(client);
  const uploadModels = useUploadModels(client);
  const queryClient = useQueryClient();
  const ui = useModelsUi();
  const [dragging, setDragging] = useState(false);
  const [confirmDeleteAll, setConfirmDeleteAll] = useState(false);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);

  // Another feature asked to show a model (e.g. the inspector's model link); handle each request once, also when it
  // arrived while this panel was not mounted.
  const showRequest = useUi((s) => s.showModelRequest);
  useEffect(() => {
    if (!showRequest || showRequest.nonce <= useModelsUi.getState().handledShowNonce) return;
    useModelsUi.setState({ handledShowNonce: showRequest.nonce, search: '' });
    useModelsUi.getState().open('details', showRequest.modelId);
  }, [showRequest]);

  useEffect(() => {
    // React has no prop for this non-standard attribute; it is what lets the picker choose a folder.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);

  const data = models.data;
  const tree = useMemo(() => {
    if (!data) return null;
    return buildInheritanceTree(
      data.models.map((m) => ({ id: m.id, extends: data.index.get(m.id)?.extends ?? [] })),
      (id) => (localized(data.byId.get(id)?.displayName) ?? id).toLowerCase(),
    );
  }, [data]);
  const visible = useMemo(() => {
    if (!data || !tree || ui.search.trim() === '') return null;
    return visibleForSearch(tree, data.models.filter((m) => modelMatches(m, ui.search)).map((m) => m.id));
  }, [data, tree, ui.search]);

  if (!client) {
    return (
      <div className="empty-state" data-theme-name={theme}>
        <p>Connect to an environment to see its models.</p>
      </div>
    );
  }

  const upload = async (files: File[]) => {
    if (files.length === 0) return;
    const { docs, problems } = await readModelFiles(files);
    const label = files.length === 1 ? files[0]?.name ?? 'file' : `${files.length} files`;
    await uploadDocuments(uploadModels.mutateAsync, docs, `Upload of ${label}`, problems).catch(() => undefined);
  };

  const onDrop = async (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    await upload(await filesFromDrop(e.dataTransfer));
  };

  const busy = ui.report?.running === true;
  const total = data?.models.length ?? 0;

  return (
    <div
      className={`models-panel${dragging ? ' is-dragging' : ''}`}
      data-theme-name={theme}
      onDragOver={(e) => {
        if (![...e.dataTransfer.types].includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={(e) => void onDrop(e)}
    >
      <div className="models-toolbar" role="toolbar" aria-label="Models">
        <button type="button" onClick={() => filesInput.current?.click()} disabled={busy}>Upload files</button>
        <button type="button" onClick={() => folderInput.current?.click()} disabled={busy}>Upload folder</button>
        <button type="button" onClick={() => ui.newModel()}>New model</button>
        <button type="button" onClick={() => ui.open('graph')} disabled={total === 0}>Model graph</button>
        <button type="button" onClick={() => data && saveFile('models.json', downloadPayload(data.models))} disabled={total === 0}>Download all</button>
        <button type="button" className="danger" onClick={() => setConfirmDeleteAll(true)} disabled={total === 0 || busy}>Delete all</button>
        <input
          ref={filesInput}
          type="file"
          accept=".json,application/json"
          multiple
          hidden
          aria-label="Model files"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void upload(files);
          }}
        />
        <input
          ref={folderInput}
          type="file"
          multiple
          hidden
          aria-label="Model folder"
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            void upload(files);
          }}
        />
      </div>
      {confirmDeleteAll ? (
        <div className="models-confirm" role="alertdialog" aria-label="Confirm deleting all models">
          <p>{`Delete all ${total} models? Twins that use them stay, but lose their model. This cannot be undone.`}</p>
          <button
            type="button"
            className="danger"
            onClick={() => {
              setConfirmDeleteAll(false);
              void deleteAllModels(queryClient, client);
            }}
          >
            {`Delete all ${total} models`}
          </button>
          <button type="button" onClick={() => setConfirmDeleteAll(false)}>Cancel</button>
        </div>
      ) : null}
      <label className="models-search">
        <span className="visually-hidden">Search models</span>
        <input type="search" placeholder="Search models" aria-label="Search models" value={ui.search} onChange={(e) => ui.setSearch(e.target.value)} />
      </label>
      {ui.report ? <UploadReport report={ui.report} onDismiss={() => ui.setReport(null)} /> : null}
      <div className="models-tree-wrap">
        {models.isPending ? <p className="models-muted" aria-busy="true">Loading models…</p> : null}
        {models.error ? (
          <p className="models-error" role="alert">
            {`Could not load the models: ${models.error.message}`}{' '}
            <button type="button" onClick={() => void models.refetch()}>Retry</button>
          </p>
        ) : null}
        {data && tree ? (
          <>
            <p className="models-muted models-summary" data-testid="models-summary">
              {`${total} model${total === 1 ? '' : 's'}`}
              {visible ? ` · ${data.models.filter((m) => modelMatches(m, ui.search)).length} match` : ''}
              {counts.error ? ' · twin counts unavailable' : ''}
              {counts.data?.partial ? ` · ≥ ${counts.data.scanned.toLocaleString('en-US')} twins` : ''}
            </p>
            {total === 0 ? <p className="models-muted">No models yet. Upload DTDL files or a folder, drop them here, or write one with “New model”.</p> : null}
            <ModelTree
              tree={tree}
              byId={data.byId}
              counts={counts.data?.counts}
              countsPartial={counts.data?.partial ?? false}
              renderPartialCount={(id) => <ExactCountBadge client={client} id={id} atLeast={counts.data?.counts.get(id) ?? 0} />}
              visible={visible}
              expanded={ui.expanded}
              defaultOpen={total <= OPEN_TREE_LIMIT}
              selectedId={ui.selectedId}
              onSelect={(id) => ui.select(id)}
              onOpen={(id) => ui.open('details', id)}
              onToggle={ui.setExpanded}
            />
            {ui.selectedId && data.byId.has(ui.selectedId) ? (
              <div className="models-selection" role="group" aria-label="Selected model">
                <button type="button" onClick={() => ui.open('details')}>Details</button>
                <button type="button" onClick={() => ui.selectedId && useUi.getState().requestCreateTwin(ui.selectedId)}>Create twin</button>
              </div>
            ) : null}
          </>
        ) : null}
      </div>
      {dragging ? <div className="models-dropzone" aria-hidden="true">Drop DTDL files or folders to upload</div> : null}
      {ui.workspace && data ? (
        <Suspense fallback={null}>
          <ModelsWorkspace client={client} theme={theme} data={data} />
        </Suspense>
      ) : null}
    </div>
  );
}
