import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../errors';
import type { EventDispatcher } from '../events';
import type { Core } from '../handlers';
import { createService } from '../core/service';
import type { EmulatorService, ServerLimits } from '../core/service';
import type { ScratchBlobs } from '../core/scratch-blobs';
import { toRequest, writeAnswer } from './node-adapter';
import type { Router } from '../core/router';
import { staticResponse } from './static';

export { staticResponse } from './static';

export { BODY_LIMIT, DEFAULT_LIMITS, MAX_JSON_DEPTH, MODELS_BODY_LIMIT, jsonDepthExceeds } from '../core/service';
export type { ServerLimits } from '../core/service';

export interface AppOptions {
  core: Core;
  router: Router;
  dispatcher: EventDispatcher;
  authToken?: string;
  appDir?: string;
  cors: boolean;
  proxy?: (req: IncomingMessage, res: ServerResponse, pathAfterPrefix: string) => Promise<void>;
  limits?: Partial<ServerLimits>;
  /** The scratch blob store for import jobs (`/_emulator/blobs/*`). */
  scratchBlobs?: ScratchBlobs;
}

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** Builds the service from its parts and serves it on node:http/node:https. */
export function createRequestListener(o: AppOptions): Listener {
  const appDir = o.appDir;
  const service: EmulatorService = createService({
    core: o.core,
    router: o.router,
    dispatcher: o.dispatcher,
    cors: o.cors,
    ...(o.authToken !== undefined ? { authToken: o.authToken } : {}),
    ...(o.limits ? { limits: o.limits } : {}),
    ...(o.scratchBlobs ? { scratchBlobs: o.scratchBlobs } : {}),
    ...(appDir !== undefined ? { serveApp: (request: Request, path: string, headers: Record<string, string>) => staticResponse(appDir, request, path, headers) } : {}),
  });
  return createNodeListener(service, { cors: o.cors, log: o.core.log, ...(o.proxy ? { proxy: o.proxy } : {}) });
}

export interface NodeListenerOptions {
  cors: boolean;
  log: (message: string) => void;
  proxy?: AppOptions['proxy'];
}

/**
 * The node:http/node:https listener: a thin adapter to the fetch-style core (core/service.ts). Only the proxy to
 * real ADT instances is served here beside it, because it streams Node requests through as they are.
 */
export function createNodeListener(service: EmulatorService, o: NodeListenerOptions): Listener {
  return (req, res) => {
    void serve(req, res).catch((err: unknown) => {
      o.log(`internal error: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      res.destroy();
    });
  };

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let request: Request;
    try {
      request = toRequest(req);
    } catch {
      // The fetch standard forbids a few methods (CONNECT, TRACE, TRACK) in a Request; none is part of the API.
      const stand = new Request('http://localhost/', { headers: { ...(typeof req.headers.origin === 'string' ? { origin: req.headers.origin } : {}) } });
      await writeAnswer(res, service.errorResponse(stand,
        new ApiError(405, 'MethodNotAllowed', `The method ${req.method ?? ''} is not allowed on ${new URL(req.url ?? '/', 'http://localhost').pathname}.`)));
      return;
    }
    const path = new URL(request.url).pathname;
    if (o.proxy && (path.startsWith('/api/proxy/') || path === '/api/proxy') && !(o.cors && isPreflight(request))) {
      const admission = service.admit(request);
      if ('refused' in admission) {
        await writeAnswer(res, admission.refused);
        return;
      }
      res.once('close', admission.release);
      for (const [k, v] of Object.entries(service.commonHeaders(request))) res.setHeader(k, v);
      // The proxy forwards the caller's own Azure token; the emulator's token does not apply to it.
      try {
        await o.proxy(req, res, path.slice('/api/proxy'.length) || '/');
      } catch (err) {
        if (res.headersSent) res.destroy();
        else await writeAnswer(res, service.errorResponse(request, err));
      }
      return;
    }
    // The same pipeline as service.handle, in its plain form: no Response object around each small JSON body.
    await writeAnswer(res, await service.answer(request), request.method === 'HEAD');
  }
}

function isPreflight(request: Request): boolean {
  return request.method === 'OPTIONS' && request.headers.has('origin') && request.headers.has('access-control-request-method');
}
