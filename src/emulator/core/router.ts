import { ApiError } from '../errors';
import type { Route } from '../handlers';

type Segment = { literal: string } | { param: string };

interface Compiled { route: Route; segments: Segment[] }

export type Match =
  | { kind: 'route'; route: Route; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'none' };

/**
 * Matches request paths against path templates. Literal segments compare case-insensitively (ASP.NET routing, which
 * the service runs on, ignores case; the docs even spell `/eventRoutes`); parameters are percent-decoded per
 * segment, so a DTMI sent as `dtmi%3Aa%3Ab%3B1` and an id containing an encoded `/` both arrive intact.
 */
export class Router {
  private readonly compiled: Compiled[];

  constructor(routes: Route[]) {
    this.compiled = routes.map((route) => ({
      route,
      segments: route.path.split('/').slice(1).map((s) =>
        s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : { literal: s.toLowerCase() }),
    }));
  }

  match(method: string, rawPath: string): Match {
    const raw = rawPath.length > 1 && rawPath.endsWith('/') ? rawPath.slice(0, -1) : rawPath;
    const parts = raw.split('/').slice(1);
    const allowed = new Set<string>();
    for (const c of this.compiled) {
      if (c.segments.length !== parts.length) continue;
      const params: Record<string, string> = {};
      let matched = true;
      for (let i = 0; i < parts.length && matched; i++) {
        const seg = c.segments[i]!;
        const part = parts[i]!;
        if ('literal' in seg) matched = part.toLowerCase() === seg.literal;
        else if (part === '') matched = false;
        else params[seg.param] = decodeSegment(part);
      }
      if (!matched) continue;
      if (c.route.method === method) return { kind: 'route', route: c.route, params };
      allowed.add(c.route.method);
    }
    return allowed.size > 0 ? { kind: 'method-not-allowed', allowed: [...allowed] } : { kind: 'none' };
  }
}

function decodeSegment(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ApiError(400, 'InvalidArgument', `The path segment ${part} is not validly percent-encoded.`);
  }
}
