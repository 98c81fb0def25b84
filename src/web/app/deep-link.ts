import type { EnvironmentConfig } from '../config/runtime-config';
import { adtHostProblem, environmentIdForHost, normalizeHost } from '../stores/connection';
import type { GraphViewLink } from '../stores/graph-view';
import { parseViewParams } from '../features/graph/view-link';

export interface DeepLink {
  environmentId?: string;
  /**
   * An instance named by host that is not among the environments. It is only proposed: a link must not add an
   * instance, and send the user's token to it, without the user saying so.
   */
  proposeEnvironment?: EnvironmentConfig;
  /** `env` named neither an environment nor an ADT host: the app says so and stays where it is. */
  unknownEnvironment?: string;
  query?: string;
  /** How the graph shows the result: styling by data, filter, selection, layout (see features/graph/view-link.ts). */
  view?: GraphViewLink;
}

/**
 * `?env=<host|id>&query=<urlencoded>` opens that environment and runs the query; `style`, `filter`, `filterMode`,
 * `select`, `layout` and `present=1` say how the graph shows it.
 */
export function parseDeepLink(search: string, environments: readonly EnvironmentConfig[]): DeepLink {
  const params = new URLSearchParams(search);
  const env = params.get('env')?.trim();
  const query = params.get('query') ?? undefined;
  const link: DeepLink = {};
  if (query && query.trim()) link.query = query;
  const view = parseViewParams(params);
  if (view) link.view = view;
  if (!env) return link;
  const byId = environments.find((e) => e.id === env);
  const host = normalizeHost(env);
  const byHost = environments.find((e) => e.kind === 'adt' && normalizeHost(e.endpoint) === host);
  if (env === 'local' || env === 'emulator') link.environmentId = environments.find((e) => e.kind === 'emulator')?.id ?? 'local';
  else if (byId) link.environmentId = byId.id;
  else if (byHost) link.environmentId = byHost.id;
  else if (adtHostProblem(env) === null) {
    link.proposeEnvironment = { id: environmentIdForHost(host), label: host.split('.')[0] ?? host, kind: 'adt', endpoint: host };
  } else link.unknownEnvironment = env.slice(0, 200);
  return link;
}
