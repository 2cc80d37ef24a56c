/**
 * The service-node layer (HSDS "SN"): everything a handler needs between the HTTP request and the data
 * nodes — which domain and bucket a request is about, who is asking and what they may do, loading domains
 * and objects with HSDS's error precedence, and hrefs.
 */
import { randomBytes } from 'node:crypto';
import { ANONYMOUS, Authenticator } from '../auth/authenticator.js';
import { checkAcl } from '../auth/acl.js';
import type { EngineConfig } from '../config.js';
import { badRequest, forbidden, notFound } from '../http/errors.js';
import type { RequestContext } from '../http/request-context.js';
import type { Logger } from '../logger.js';
import type { AclAction, DomainJson, ObjectJson } from '../model.js';
import { Collection, collectionOf, isValidId } from '../storage/ids.js';
import { isValidBucketName } from '../storage/object-store.js';
import type { NodeRouter } from './node-router.js';

export interface DomainRef {
  bucket: string;
  /** Absolute path within the bucket, e.g. /home/u/f.h5 ("/" for the top level). */
  path: string;
}

const PROTOCOL = /^(s3|file):\/\//;

export class ServiceNode {
  readonly id = `sn-${randomBytes(3).toString('hex')}`;
  readonly startTime = Math.floor(Date.now() / 1000);

  constructor(
    readonly config: EngineConfig,
    readonly nodes: NodeRouter,
    readonly auth: Authenticator,
    readonly logger: Logger,
  ) {}

  // ---------------------------------------------------------------- request parsing

  /** Raw domain string of the request (query wins over header), with any `hdf5:/` prefix removed. */
  private rawDomain(ctx: RequestContext): string | undefined {
    let d = ctx.query('domain') ?? ctx.header('x-hdf-domain');
    if (d === undefined) return undefined;
    if (d.startsWith('hdf5:/')) d = d.slice(6);
    return d;
  }

  private bucketOf(ctx: RequestContext, fromDomain?: string): string {
    let b = ctx.query('bucket') || ctx.header('x-hdf-bucket') || fromDomain || this.config.bucket_name;
    b = b.replace(PROTOCOL, '');
    if (!isValidBucketName(b) || b === '.h5lab-tmp') throw badRequest(`Invalid bucket name: ${b}`);
    return b;
  }

  /**
   * The domain a request names, validated as HSDS does plus the checks that keep paths inside the store
   * (no `.`/`..` or empty segments, no control characters). `folder` allows a trailing slash (listings).
   */
  domainRef(ctx: RequestContext, options: { write?: boolean; folder?: boolean } = {}): DomainRef | undefined {
    const raw = this.rawDomain(ctx);
    if (raw === undefined) {
      if (ctx.has('host')) throw badRequest("Passing domain path as 'host' parameter is no longer supported");
      return undefined;
    }
    let path = raw;
    let bucketInDomain: string | undefined;
    if (!path.startsWith('/')) {
      // "bucket/home/u/f.h5" form
      const stripped = path.replace(PROTOCOL, '');
      const slash = stripped.indexOf('/');
      if (slash <= 0) throw badRequest(`Invalid domain: ${raw}`);
      bucketInDomain = stripped.slice(0, slash);
      path = stripped.slice(slash);
    }
    if (options.folder && path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
    validateDomainPath(path, raw, options.folder === true);
    const bucket = this.bucketOf(ctx, bucketInDomain);
    this.checkBucketAccess(bucket, options.write === true);
    return { bucket, path };
  }

  requireDomainRef(ctx: RequestContext, options: { write?: boolean } = {}): DomainRef {
    const ref = this.domainRef(ctx, options);
    if (!ref) throw badRequest('no domain given: pass domain= or the X-Hdf-domain header');
    return ref;
  }

  /** Bucket for requests that may not name a domain (listings). */
  bucketFor(ctx: RequestContext): string {
    return this.bucketOf(ctx);
  }

  checkBucketAccess(bucket: string, write: boolean): void {
    if (bucket === this.config.bucket_name) return;
    if (write ? !this.config.allow_any_bucket_write : !this.config.allow_any_bucket_read)
      throw forbidden(`access to bucket ${bucket} is not enabled`);
  }

  /** Authenticated user; write handlers require credentials, read handlers fall back to `default`. */
  user(ctx: RequestContext, write: boolean): string {
    return this.auth.authenticate(ctx.header('authorization'), write);
  }

  // ---------------------------------------------------------------- domains

  async getDomain(ref: DomainRef): Promise<DomainJson> {
    const d = await this.nodes.forDomain(ref).getDomain(ref.bucket, ref.path);
    if (!d) throw notFound(`domain ${ref.path} not found`);
    return d;
  }

  async findDomain(ref: DomainRef): Promise<DomainJson | undefined> {
    try {
      return await this.nodes.forDomain(ref).getDomain(ref.bucket, ref.path);
    } catch (e) {
      if ((e as { status?: number }).status === 410) return undefined;
      throw e;
    }
  }

  rootOf(domain: DomainJson): string {
    if (!domain.root) throw badRequest('Expected root key for domain');
    return domain.root;
  }

  checkAcl(domain: DomainJson, action: AclAction, user: string): void {
    checkAcl(this.auth, domain, action, user);
  }

  isAdmin(user: string): boolean {
    return user !== ANONYMOUS && this.auth.isAdmin(user);
  }

  // ---------------------------------------------------------------- objects

  /** 400 for a malformed id (or one of the wrong collection), as HSDS checks ids first. */
  checkId(id: string | undefined, collection?: Collection): string {
    if (!id || !isValidId(id, collection)) throw badRequest(`Invalid ${collection ? collection.slice(0, -1) : 'object'} id: ${id ?? ''}`);
    return id;
  }

  /** Loads an object and checks it belongs to the domain (400 otherwise, as HSDS). */
  async getObject<T extends ObjectJson = ObjectJson>(ref: DomainRef, domain: DomainJson, id: string): Promise<T> {
    const obj = await this.nodes.forObject(id).getObject<T>(ref.bucket, id);
    if (obj.root !== domain.root) throw badRequest('Object id is not a member of the given domain');
    return obj;
  }

  /**
   * The common preamble of object handlers: id check, authentication, domain, object membership, ACL —
   * in HSDS's order of precedence.
   */
  async access<T extends ObjectJson = ObjectJson>(
    ctx: RequestContext,
    id: string | undefined,
    collection: Collection | undefined,
    action: AclAction,
  ): Promise<{ ref: DomainRef; domain: DomainJson; user: string; obj: T; id: string }> {
    const objId = this.checkId(id, collection);
    const write = action !== 'read' && action !== 'readACL';
    const user = this.user(ctx, write);
    const ref = this.requireDomainRef(ctx, { write });
    const domain = await this.getDomain(ref);
    this.rootOf(domain);
    const obj = await this.getObject<T>(ref, domain, objId);
    this.checkAcl(domain, action, user);
    return { ref, domain, user, obj, id: objId };
  }

  // ---------------------------------------------------------------- hrefs

  href(ref: DomainRef | undefined, uri: string, query?: string): string {
    let h = this.config.hsds_endpoint + uri;
    const params: string[] = [];
    if (ref) params.push(`domain=${ref.path}`);
    if (query) params.push(query);
    if (params.length) h += '?' + params.join('&');
    return h;
  }

  objectHref(ref: DomainRef, id: string): string {
    return this.href(ref, `/${collectionOf(id)}/${id}`);
  }
}

function validateDomainPath(path: string, raw: string, folder: boolean): void {
  const bad = (why: string) => badRequest(`Invalid domain ${JSON.stringify(raw)}: ${why}`);
  if (path.length === 0 || path[0] !== '/') throw bad("domain path should start with '/'");
  if (path === '/') {
    if (folder) return;
    throw bad('domain path is too short');
  }
  if (raw.length < 3) throw bad('domain name too short');
  if (path.endsWith('/')) throw bad('slash at end not allowed');
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(path)) throw bad('control characters are not allowed');
  const segments = path.slice(1).split('/');
  if (segments.some((s) => s === '')) throw bad("empty path segment ('//')");
  if (segments.some((s) => s === '.' || s === '..')) throw bad("'.' and '..' segments are not allowed");
  if (segments.some((s) => s === '.domain.json')) throw bad('reserved name');
  // Object data lives under the bucket's top-level db/ prefix.
  if (segments[0] === 'db') throw bad("'/db' is reserved");
  if (path.length > 1024) throw bad('domain path is too long');
}
