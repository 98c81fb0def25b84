import { useMemo, useState } from 'react';
import type { AdtClient } from '../../adt-client';
import type { ContentInfo, ComponentInfo, PropertyInfo, RelationshipInfo, TelemetryInfo } from '../../../shared/dtdl';
import { localized, useDecommissionModel, useDeleteModel, useModelTwinCount, type LoadedModels } from '../../api/models';
import { modelFileName, modelUsage, nextFreeVersion } from './model-helpers';
import { renameIds } from '../../editor/dtdl-language';
import { useUi } from '../../stores/ui';
import { useModelsUi } from './models-store';
import { saveFile } from '../../components/save-file';
import { ModelOptions } from '../../components/ModelOptions';
import { modelChoices } from '../../api/twins-models';
import { schemaText, twinUsageText } from './format';
import { ancestorsOf, lineage } from './model-graph';

function detailOf(c: ContentInfo): string {
  switch (c.kind) {
    case 'Property': return `${schemaText((c as PropertyInfo).schema)}${(c as PropertyInfo).writable ? ' (writable)' : ''}`;
    case 'Telemetry': return schemaText((c as TelemetryInfo).schema);
    case 'Relationship': {
      const r = c as RelationshipInfo;
      const props = [...r.properties.keys()];
      return `→ ${r.target ?? 'any twin'}${props.length ? `; properties: ${props.join(', ')}` : ''}`;
    }
    case 'Component': return (c as ComponentInfo).schema;
    default: return '';
  }
}

function ModelLink({ id, data }: { id: string; data: LoadedModels }) {
  const select = useModelsUi((s) => s.select);
  const name = localized(data.byId.get(id)?.displayName);
  return (
    <button type="button" className="link-button" onClick={() => select(id)}>
      {name ? `${name} (${id})` : id}
    </button>
  );
}

/** One model: what it is, its resolved contents, where it is used, and the actions on it. */
export function ModelDetails({ client, data }: { client: AdtClient; data: LoadedModels }) {
  const selectedId = useModelsUi((s) => s.selectedId);
  const ui = useModelsUi();
  const id = selectedId && data.byId.has(selectedId) ? selectedId : null;
  const twinCount = useModelTwinCount(client, id);
  const decommission = useDecommissionModel(client);
  const deleteModel = useDeleteModel(client);
  const [busy, setBusy] = useState<string | null>(null);
  const [actionError, setActionError] = useState<{ id: string; text: string } | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [confirmDecommission, setConfirmDecommission] = useState<string | null>(null);

  const choices = useMemo(() => modelChoices(data.models), [data.models]);
  const picker = (
    <label className="field">
      <span>Model</span>
      <select aria-label="Model" value={id ?? ''} onChange={(e) => ui.select(e.target.value || null)}>
        <option value="">Choose a model…</option>
        <ModelOptions choices={choices} />
      </select>
    </label>
  );
  if (!id) return <div className="models-details">{picker}<p className="models-muted">Choose a model to see its details.</p></div>;

  const m = data.byId.get(id);
  const resolved = data.index.resolve(id);
  const usage = modelUsage(data.interfaces, id);
  // Every model that extends this one, directly or through another: what "including models that extend it" counts.
  const subtypes = lineage(data.interfaces, id).size - 1 - ancestorsOf(data.interfaces, id).size;
  const contents: ContentInfo[] = resolved
    ? [...resolved.properties.values(), ...resolved.relationships.values(), ...resolved.telemetries.values(), ...resolved.components.values()]
    : [];

  const run = async (label: string, action: () => Promise<void>) => {
    setBusy(label);
    setActionError(null);
    try {
      await action();
    } catch (err) {
      setActionError({ id, text: `${label} failed: ${err instanceof Error ? err.message : String(err)}` });
    } finally {
      setBusy(null);
    }
  };

  const newVersion = () => {
    const next = nextFreeVersion(id, new Set(data.byId.keys()));
    const text = `${JSON.stringify(m?.model ?? {}, null, 2)}\n`;
    ui.setEditorText(next ? renameIds(text, new Map([[id, next]])) : text, id);
    ui.open('editor');
  };

  return (
    <div className="models-details">
      {picker}
      <header className="models-details__header">
        <h3>{localized(m?.displayName) ?? id}</h3>
        <code className="models-details__id">{id}</code>
        {m?.decommissioned ? <span className="models-badge models-badge--warn">decommissioned</span> : null}
        {m?.uploadTime ? <span className="models-muted">{`uploaded ${m.uploadTime}`}</span> : null}
      </header>
      {localized(m?.description) ? <p className="models-details__description">{localized(m?.description)}</p> : null}
      <div className="models-actions" role="toolbar" aria-label="Model actions">
        <button type="button" onClick={() => { useUi.getState().requestCreateTwin(id); ui.close(); }} disabled={m?.decommissioned}>Create twin</button>
        <button type="button" onClick={newVersion}>New version</button>
        <button type="button" onClick={() => m && saveFile(modelFileName(id), `${JSON.stringify(m.model ?? {}, null, 2)}\n`)}>Download</button>
        <button type="button" onClick={() => ui.open('graph')}>Show in graph</button>
        <button
          type="button"
          disabled={m?.decommissioned || busy !== null}
          onClick={() => { setConfirmDelete(null); setConfirmDecommission(id); }}
        >
          Decommission
        </button>
        <button type="button" className="danger" disabled={busy !== null} onClick={() => { setConfirmDecommission(null); setConfirmDelete(id); }}>Delete</button>
      </div>
      {confirmDecommission === id ? (
        // ADT has no way back from decommissioning: https://learn.microsoft.com/azure/digital-twins/how-to-manage-model#decommissioning
        <div className="models-confirm" role="alertdialog" aria-label="Confirm decommissioning the model">
          <p>{`Decommission ${id}? No new twins can be created with it; existing twins keep it. This cannot be undone: the only way back is to delete the model and upload it again.`}</p>
          <button
            type="button"
            className="danger"
            onClick={() => {
              setConfirmDecommission(null);
              void run('Decommission', async () => {
                await decommission.mutateAsync(id);
              });
            }}
          >
            Decommission model
          </button>
          <button type="button" onClick={() => setConfirmDecommission(null)}>Cancel</button>
        </div>
      ) : null}
      {confirmDelete === id ? (
        <div className="models-confirm" role="alertdialog" aria-label="Confirm deleting the model">
          <p>{`Delete ${id}? Twins that use it keep their data but lose their model.`}</p>
          <button
            type="button"
            className="danger"
            onClick={() => {
              setConfirmDelete(null);
              void run('Delete', async () => {
                await deleteModel.mutateAsync(id);
                ui.select(null);
              });
            }}
          >
            Delete model
          </button>
          <button type="button" onClick={() => setConfirmDelete(null)}>Cancel</button>
        </div>
      ) : null}
      {actionError && actionError.id === id ? <p className="models-error" role="alert">{actionError.text}</p> : null}

      <section aria-label="Usage">
        <h4>Where it is used</h4>
        <p data-testid="model-twin-count">
          {twinCount.data
            ? twinUsageText(twinCount.data.exact, twinCount.data.withSubtypes, subtypes)
            : twinCount.error ? `Twin count unavailable: ${twinCount.error.message}` : 'Counting twins…'}
        </p>
        <dl className="models-usage">
          <dt>Extends</dt>
          <dd>{resolved && resolved.ancestors.length ? resolved.ancestors.map((a) => <ModelLink key={a} id={a} data={data} />) : 'nothing'}</dd>
          <dt>Extended by</dt>
          <dd>{usage.extendedBy.length ? usage.extendedBy.map((x) => <ModelLink key={x} id={x} data={data} />) : 'no model'}</dd>
          <dt>Used as a component by</dt>
          <dd>{usage.usedAsComponentBy.length ? usage.usedAsComponentBy.map((x) => <span key={`${x.modelId}/${x.name}`}><ModelLink id={x.modelId} data={data} />{` as ${x.name}`}</span>) : 'no model'}</dd>
          <dt>Relationship target of</dt>
          <dd>{usage.relationshipTargetOf.length ? usage.relationshipTargetOf.map((x) => <span key={`${x.modelId}/${x.name}`}><ModelLink id={x.modelId} data={data} />{` (${x.name})`}</span>) : 'no model'}</dd>
        </dl>
      </section>

      <section aria-label="Resolved contents">
        <h4>{`Contents, including inherited (${contents.length})`}</h4>
        <table className="models-contents">
          <thead>
            <tr><th scope="col">Kind</th><th scope="col">Name</th><th scope="col">Schema or target</th><th scope="col">Defined in</th></tr>
          </thead>
          <tbody>
            {contents.map((c) => (
              <tr key={c.name} data-inherited={c.definedIn !== id}>
                <td>{c.kind}</td>
                <td>{c.name}</td>
                <td>{detailOf(c)}</td>
                <td>{c.definedIn === id ? 'this model' : c.definedIn}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-label="Definition">
        <h4>Definition</h4>
        {/* Focusable so that keyboard users can scroll a long definition. */}
        <pre className="models-definition" tabIndex={0}>{JSON.stringify(m?.model ?? {}, null, 2)}</pre>
      </section>
    </div>
  );
}
