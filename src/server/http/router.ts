/**
 * Method + path routing with `{name}` segments. A path that matches no pattern is a 404; a pattern that
 * matches with another method is a 405 (as aiohttp answers).
 */
import { HttpError } from './errors.js';

export type Params = Record<string, string>;

interface Route<H> {
  method: string;
  segments: string[];
  handler: H;
}

export class Router<H> {
  private readonly routes: Route<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method, segments: pattern.split('/').slice(1), handler });
    return this;
  }

  match(method: string, path: string): { handler: H; params: Params } {
    const parts = path.split('/').slice(1);
    let pathMatched = false;
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (!params) continue;
      pathMatched = true;
      if (route.method === method || (method === 'HEAD' && route.method === 'GET')) return { handler: route.handler, params };
    }
    throw pathMatched ? new HttpError(405, 'Method Not Allowed') : new HttpError(404, 'Not Found');
  }

  /** Methods allowed on a path (for CORS preflight answers). */
  methodsFor(path: string): string[] {
    const parts = path.split('/').slice(1);
    return this.routes.filter((r) => matchSegments(r.segments, parts)).map((r) => r.method);
  }
}

function matchSegments(pattern: string[], parts: string[]): Params | undefined {
  if (pattern.length !== parts.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i];
    if (p.startsWith('{') && p.endsWith('}')) {
      if (parts[i] === '') return undefined;
      try {
        params[p.slice(1, -1)] = decodeURIComponent(parts[i]);
      } catch {
        return undefined;
      }
    } else if (p !== parts[i]) {
      return undefined;
    }
  }
  return params;
}
