import { lazy, Suspense, useEffect, useRef } from 'react';
import type { AdtClient } from '../../adt-client';
import type { Theme } from '../../stores/preferences';
import { Tabs } from '../../components/Tabs';
import { useModelsUi, type WorkspaceView } from './models-store';
import type { LoadedModels } from '../../api/models';
import { ModelDetails } from './ModelDetails';
import { ModelEditor } from './ModelEditor';

const ModelGraph = lazy(() => import('./ModelGraph'));

const VIEWS = [
  { id: 'mw-details', label: 'Details' },
  { id: 'mw-editor', label: 'DTDL editor' },
  { id: 'mw-graph', label: 'Model graph' },
] as const;
type ViewTab = (typeof VIEWS)[number]['id'];
const toTab = (v: WorkspaceView): ViewTab => `mw-${v}`;
const fromTab = (t: ViewTab): WorkspaceView => t.slice(3) as WorkspaceView;

/** The large views of the models feature, in a modal dialog over the app: details, the DTDL editor, the model graph. */
export default function ModelsWorkspace({ client, theme, data }: { client: AdtClient; theme: Theme; data: LoadedModels }) {
  const view = useModelsUi((s) => s.workspace);
  const close = useModelsUi((s) => s.close);
  const open = useModelsUi((s) => s.open);
  const dialog = useRef<HTMLDialogElement>(null);

  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  if (!view) return null;
  return (
    <dialog
      ref={dialog}
      className="models-workspace"
      aria-label="Models workspace"
      onCancel={(e) => {
        e.preventDefault();
        close();
      }}
    >
      <header className="models-workspace__header">
        <h2>Models workspace</h2>
        <Tabs items={VIEWS} selected={toTab(view)} onSelect={(t) => open(fromTab(t))} label="Models workspace views" panelId="models-workspace-panel" />
        <button type="button" className="models-workspace__close" onClick={close} aria-label="Close models workspace">×</button>
      </header>
      <div role="tabpanel" id="models-workspace-panel" aria-labelledby={`tab-${toTab(view)}`} className="models-workspace__body">
        {view === 'details' ? <ModelDetails client={client} data={data} /> : null}
        {view === 'editor' ? <ModelEditor client={client} theme={theme} data={data} /> : null}
        {view === 'graph' ? (
          <Suspense fallback={<p className="models-muted" aria-busy="true">Loading the graph…</p>}>
            <ModelGraph data={data} theme={theme} />
          </Suspense>
        ) : null}
      </div>
    </dialog>
  );
}
