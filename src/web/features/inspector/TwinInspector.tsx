import { useCallback, useMemo, useState } from 'react';
import type { AdtClient } from '../../adt-client';
import type { DigitalTwin, PatchOperation } from '../../../shared/adt';
import type { ModelIndex } from '../../../shared/dtdl';
import type { Theme } from '../../stores/preferences';
import { useUi } from '../../stores/ui';
import { Tabs } from '../../components/Tabs';
import { appendToPatchText } from './patch-document';
import { EMPTY_PATCH, useDrafts } from './drafts';
import { ErrorNote, toShownError } from './errors';
import { PatchComposer } from './PatchComposer';
import { PropertyForm } from './PropertyForm';
import { RelationshipLists } from './RelationshipLists';
import { useTwin, type TwinVersion } from '../../api/twins';
import { diffDocuments } from './patch-conflict';
import { ChangeList } from './ChangeList';

const TABS = [
  { id: 'insp-properties', label: 'Properties' },
  { id: 'insp-json', label: 'JSON' },
  { id: 'insp-patch', label: 'Patch' },
  { id: 'insp-relationships', label: 'Relationships' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** One twin: header facts (model, ETag, times), then properties, raw JSON, the patch composer and relationships. */
export function TwinInspector({ client, twinId, stored, index, theme, onDelete, onCreateRelationship }: {
  client: AdtClient;
  twinId: string;
  /** The graph's copy, shown until the service's answer arrives. */
  stored: DigitalTwin;
  index: ModelIndex | undefined;
  theme: Theme;
  onDelete: () => void;
  onCreateRelationship: () => void;
}) {
  const [tab, setTab] = useState<TabId>('insp-properties');
  const query = useTwin(client, twinId);
  const latest = useMemo<TwinVersion>(() => query.data ?? { twin: stored, etag: stored.$etag }, [query.data, stored]);
  const hasDraft = useDrafts((s) => (s.patches[twinId] ?? EMPTY_PATCH) !== EMPTY_PATCH);
  const [formDirty, setFormDirty] = useState(false);
  const { put } = query;

  // While the user edits (form edits or a patch draft), the inspector keeps the version the edits started from, so a
  // change made elsewhere never rewrites what they are looking at; it is shown as a difference instead.
  const editing = formDirty || hasDraft;
  const [pinned, setPinned] = useState<TwinVersion | null>(null);
  const serverChanges = useMemo(
    () => (pinned && pinned.etag !== latest.etag ? diffDocuments(pinned.twin, latest.twin) : []),
    [pinned, latest],
  );
  // State adjusted while rendering (https://react.dev/learn/you-might-not-need-an-effect#adjusting-some-state-when-a-prop-changes).
  if (editing && query.data && (!pinned || pinned.twin.$dtId !== twinId)) setPinned(latest);
  else if (!editing && pinned) setPinned(null);
  else if (pinned && pinned.etag !== latest.etag && serverChanges.length === 0) setPinned(latest);
  const shown = editing && pinned && pinned.twin.$dtId === twinId ? pinned : latest;
  const { twin, etag } = shown;
  // The composer moves to a version itself (after a save, or onto the server's in a conflict): edits continue from it.
  const onTwin = useCallback((next: DigitalTwin, nextEtag: string | undefined) => {
    put(next, nextEtag);
    setPinned({ twin: next, etag: nextEtag ?? next.$etag });
  }, [put]);

  const compose = useCallback((ops: PatchOperation[]) => {
    const drafts = useDrafts.getState();
    drafts.setPatch(twinId, appendToPatchText(drafts.patches[twinId] ?? EMPTY_PATCH, ops));
    setTab('insp-patch');
  }, [twinId]);

  const modelId = twin.$metadata.$model;
  return (
    <div className="insp-twin">
      <header className="insp-header">
        <h3 className="insp-title" data-testid="inspector-twin-id">{twin.$dtId}</h3>
        <dl className="insp-facts">
          <dt>Model</dt>
          <dd>
            <button type="button" className="link-button" onClick={() => useUi.getState().requestShowModel(modelId)} aria-label={`Show model ${modelId}`}>
              {modelId}
            </button>
          </dd>
          <dt>ETag</dt><dd><code data-testid="inspector-etag">{etag ?? 'unknown'}</code></dd>
          {twin.$metadata.$lastUpdateTime ? (<><dt>Updated</dt><dd>{twin.$metadata.$lastUpdateTime}</dd></>) : null}
        </dl>
        <div className="insp-actions">
          <button type="button" onClick={() => void query.refetch()} disabled={query.isFetching}>Reload</button>
          <button type="button" onClick={onCreateRelationship}>Add relationship…</button>
          <button type="button" onClick={onDelete}>Delete twin…</button>
        </div>
        {query.isError ? <ErrorNote error={toShownError(query.error)} label="Twin load error" /> : null}
        {serverChanges.length > 0 ? (
          <div role="status" className="insp-server-change" data-testid="inspector-server-change">
            <p><strong>Changed on the server</strong> while you were editing. Your edits are kept.</p>
            <ChangeList changes={serverChanges} label="Changed while you edit" beforeLabel="When you started" afterLabel="On the server now" />
            <button type="button" onClick={() => setPinned(latest)}>Edit the server's version</button>
          </div>
        ) : null}
      </header>
      <Tabs items={TABS.map((t) => (t.id === 'insp-patch' && hasDraft ? { ...t, label: 'Patch •' } : t))} selected={tab} onSelect={setTab} label="Twin views" panelId="inspector-tabpanel" />
      <div role="tabpanel" id="inspector-tabpanel" aria-labelledby={`tab-${tab}`} className="insp-tabpanel">
        {tab === 'insp-properties' ? <PropertyForm key={twinId} twin={twin} index={index} onCompose={compose} onDirtyChange={setFormDirty} /> : null}
        {tab === 'insp-json' ? <pre className="insp-json" data-testid="inspector-json">{JSON.stringify(twin, null, 2)}</pre> : null}
        {tab === 'insp-patch' ? <PatchComposer client={client} twin={twin} etag={etag} index={index} theme={theme} onTwin={onTwin} /> : null}
        {tab === 'insp-relationships' ? <RelationshipLists client={client} twinId={twinId} onCreate={onCreateRelationship} /> : null}
      </div>
    </div>
  );
}
