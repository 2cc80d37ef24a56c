/**
 * Link rules shared by the link and object-creation handlers, as HSDS applies them: which names are valid,
 * which class a link body describes, the stored form of a link, and how a group's links are listed (order,
 * glob filter, marker, limit).
 */
import { badRequest, notFound } from '../http/errors.js';
import type { LinkJson } from '../model.js';
import { globMatch } from './glob.js';

export type LinkClass = LinkJson['class'];

/** A link as listed: its stored form with the title mixed in. */
export type ListedLink = LinkJson & { title: string };

/** Names may be anything but must not contain a slash (they are path segments). */
export function validateLinkName(name: unknown): string {
  if (typeof name !== 'string' || name.includes('/')) throw badRequest('invalid link name');
  return name;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The class a link body describes: `id` → hard (a g-/d-/t- id), `h5path` + `h5domain` → external, `h5path`
 * → soft. An explicit `class` must agree; `id` with `h5path` is refused.
 */
export function linkClassOf(item: unknown): LinkClass {
  const invalid = (why: string) => badRequest(`invalid link: ${why}`);
  if (!isObject(item)) throw invalid('expected a JSON object');
  const given = item.class;
  const expect = (cls: LinkClass): LinkClass => {
    if (given !== undefined && given !== cls) throw invalid(`expected link class to be ${cls} but got: ${String(given)}`);
    return cls;
  };
  if ('id' in item && 'h5path' in item) throw invalid('id and h5path both set');
  if ('id' in item) {
    const id = item.id;
    if (typeof id !== 'string' || id.length < 38) throw invalid(`invalid id: ${String(id)}`);
    if (!['g-', 'd-', 't-'].includes(id.slice(0, 2))) throw invalid('target must be a group, dataset or datatype id');
    return expect('H5L_TYPE_HARD');
  }
  if ('h5path' in item) {
    if (typeof item.h5path !== 'string') throw invalid('h5path must be a string');
    if ('h5domain' in item) {
      if (typeof item.h5domain !== 'string') throw invalid('h5domain must be a string');
      return expect('H5L_TYPE_EXTERNAL');
    }
    return expect('H5L_TYPE_SOFT');
  }
  throw invalid('no id or h5path');
}

/** The stored form of a validated link body (only the fields its class uses). */
export function storedLink(item: Record<string, unknown>, created: number): LinkJson {
  switch (linkClassOf(item)) {
    case 'H5L_TYPE_HARD':
      return { class: 'H5L_TYPE_HARD', id: item.id as string, created };
    case 'H5L_TYPE_SOFT':
      return { class: 'H5L_TYPE_SOFT', h5path: item.h5path as string, created };
    case 'H5L_TYPE_EXTERNAL':
      return { class: 'H5L_TYPE_EXTERNAL', h5path: item.h5path as string, h5domain: item.h5domain as string, created };
  }
}

/** Validates a `{title: link}` dict of a bulk write; 400 on the first bad name or link. */
export function validateLinkItems(items: unknown, what: string): Record<string, Record<string, unknown>> {
  if (!isObject(items)) throw badRequest(`${what}: expected a dict of links`);
  for (const [title, item] of Object.entries(items)) {
    validateLinkName(title);
    linkClassOf(item);
  }
  return items as Record<string, Record<string, unknown>>;
}

/**
 * HSDS's glob matcher allows at most one `*` (a bracketed `[*]` is a literal); anything more is refused up
 * front rather than matched.
 */
export function validatePattern(pattern: string): void {
  let stars = 0;
  for (let i = 0; i < pattern.length; i++) if (pattern[i] === '*' && (i === 0 || pattern[i - 1] !== '[')) stars++;
  if (stars > 1) throw badRequest(`invalid pattern: ${pattern} for link matching`);
}

/** HSDS's glob match of a title (an empty title never matches). */
export function titleMatches(title: string, pattern: string): boolean {
  return title !== '' && globMatch(title, pattern);
}

/** Orders strings by code point, as Python sorts them (JS compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const d = x.value.codePointAt(0)! - y.value.codePointAt(0)!;
    if (d !== 0) return d;
  }
}

export interface ListOptions {
  createOrder?: boolean;
  pattern?: string;
  /** Title to start after; 404 when it is not among the (filtered) titles. */
  marker?: string;
  /** Maximum number of links; 0 or undefined for all. */
  limit?: number;
}

/** A group's links in listing order: by title, or by creation time with `createOrder`. */
export function listLinks(links: Record<string, LinkJson>, opts: ListOptions = {}): ListedLink[] {
  let titles = Object.keys(links);
  if (opts.createOrder) {
    // Array.prototype.sort is stable, so equal timestamps keep their stored order.
    titles.sort((a, b) => (links[a].created ?? 0) - (links[b].created ?? 0));
  } else titles.sort(compareCodePoints);
  if (opts.pattern) titles = titles.filter((t) => titleMatches(t, opts.pattern!));
  let start = 0;
  if (opts.marker !== undefined) {
    start = titles.indexOf(opts.marker) + 1;
    if (start === 0) throw notFound(`Link marker: ${opts.marker}, not found`);
  }
  const end = opts.limit ? Math.min(titles.length, start + opts.limit) : titles.length;
  return titles.slice(start, end).map((title) => ({ ...links[title], title }));
}

/**
 * The links of a bulk read by title, in the order asked (duplicates repeated), with only the fields of each
 * class, and the titles that are missing.
 */
export function linksByTitle(links: Record<string, LinkJson>, titles: string[]): { found: ListedLink[]; missing: string[] } {
  const found: ListedLink[] = [];
  const missing: string[] = [];
  for (const title of titles) {
    const link = Object.hasOwn(links, title) ? links[title] : undefined;
    if (link) found.push({ ...storedLink(link as unknown as Record<string, unknown>, link.created ?? 0), title });
    else missing.push(title);
  }
  return { found, missing };
}
