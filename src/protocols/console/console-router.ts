/** Matches `METHOD api/users/:username/confirm`-style routes; parameters are URL-decoded. */
import type { HttpRequest, HttpResponse } from '../../util/http.js';

export interface RouteInput {
  req: HttpRequest;
  params: Record<string, string>;
  query: URLSearchParams;
  /** the parsed JSON body of a change ({} when empty) */
  body: Record<string, unknown>;
}

export interface ConsoleRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** below `api/`, e.g. `users/:username/groups/:group` */
  path: string;
  handle(i: RouteInput): Promise<HttpResponse>;
}

/** The route and its parameters for `method` on `rest` (the path below `api/`), if any. */
export function matchRoute(
  routes: ConsoleRoute[],
  method: string,
  rest: string,
): { route: ConsoleRoute; params: Record<string, string> } | undefined {
  const parts = rest.split('/');
  for (const route of routes) {
    if (route.method !== method) continue;
    const params = matchParts(route.path.split('/'), parts);
    if (params) return { route, params };
  }
  return undefined;
}

/** true when some route answers `rest` with another method (a 405 rather than a 404) */
export const pathKnown = (routes: ConsoleRoute[], rest: string) => routes.some((r) => matchParts(r.path.split('/'), rest.split('/')));

function matchParts(pattern: string[], parts: string[]): Record<string, string> | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] as string;
    const v = parts[i] as string;
    if (p.startsWith(':')) {
      if (!v) return undefined;
      try {
        params[p.slice(1)] = decodeURIComponent(v);
      } catch {
        return undefined;
      }
    } else if (p !== v) return undefined;
  }
  return params;
}
