/** What groups, datasets and committed datatypes have in common: an id in a domain, a path name, attributes. */
import { Attributes } from './attributes.js';
import { DomainSession } from './domain-session.js';
import { Collection, collectionOf, ObjectJson } from './json-types.js';

export abstract class HLObject<J extends ObjectJson = ObjectJson> {
  readonly attrs: Attributes;

  constructor(
    readonly session: DomainSession,
    protected json: J,
    /** Path this object was reached by ('/' for the root); null for anonymous objects. */
    readonly name: string | null,
  ) {
    this.attrs = new Attributes(session, json.id, json.attributes, tracksOrder(json));
  }

  get id(): string {
    return this.json.id;
  }

  get collection(): Collection {
    return collectionOf(this.json.id);
  }

  /** Path of the domain ("file") holding the object. */
  get domain(): string {
    return this.session.domain;
  }

  /** Seconds since the epoch, as the server reports them. */
  get created(): number | undefined {
    return this.json.created;
  }

  get lastModified(): number | undefined {
    return this.json.lastModified;
  }

  get creationProperties(): Record<string, unknown> {
    return this.json.creationProperties ?? {};
  }

  /** The object's JSON as the server sent it. */
  get info(): Readonly<J> {
    return this.json;
  }

  /** Same object (same id in the same domain)? */
  equals(other: HLObject): boolean {
    return other.id === this.id && other.domain === this.domain;
  }

  toString(): string {
    return `<${this.constructor.name} "${this.name ?? '(anonymous)'}" ${this.id} in ${this.domain}>`;
  }
}

/** h5py's track_order, stored by HSDS as creationProperties.CreateOrder. */
export function tracksOrder(json: { creationProperties?: Record<string, unknown> } | undefined): boolean {
  const v = json?.creationProperties?.CreateOrder;
  return v !== undefined && v !== 0 && v !== '0' && v !== false;
}

/** Joins a base path and a relative one ('' and '.' components dropped, as HDF5 does). */
export function joinPath(base: string | null, path: string): string {
  const parts = (path.startsWith('/') ? path : `${base ?? ''}/${path}`).split('/');
  return '/' + parts.filter((p) => p !== '' && p !== '.').join('/');
}
