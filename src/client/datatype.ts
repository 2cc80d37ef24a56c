/** A committed (named) datatype: a type stored as an object, which datasets and attributes can refer to. */
import { normalizeNested, TypeJson } from '../core/types.js';
import { DomainSession } from './domain-session.js';
import { dtypeName } from './dtype.js';
import { HLObject } from './hl-object.js';
import { DatatypeJson } from './json-types.js';

export class Datatype extends HLObject<DatatypeJson> {
  constructor(session: DomainSession, json: DatatypeJson, name: string | null) {
    super(session, json, name);
  }

  get type(): TypeJson {
    return normalizeNested(this.json.type);
  }

  get dtype(): string {
    return dtypeName(this.type);
  }
}
