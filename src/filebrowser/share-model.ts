/**
 * State of the Share dialog, apart from its view: the ACL entries of one folder or domain as the service has
 * them, and the changes the user makes. Every change is sent at once and the list read back, so that what the
 * dialog shows is what the service stored.
 */
import { ISignal, Signal } from '@lumino/signaling';
import type { Acl } from '../client/index.js';
import { AccessLevel, aclNameOf, invalidPrincipalName, LEVEL_FLAGS, levelOf, Principal, principalOf, ShareLevel } from './acl-levels.js';
import type { DomainItem, DomainService } from './domain-service.js';

export interface ShareEntry {
  aclName: string;
  principal: Principal;
  acl: Acl;
  level: AccessLevel;
  isOwner: boolean;
  isYou: boolean;
}

export class ShareModel {
  private _entries: ShareEntry[] = [];
  private _loading = false;
  private _busy = false;
  private _error = '';
  private _username: string | undefined;
  private readonly _changed = new Signal<ShareModel, void>(this);

  constructor(
    private readonly _service: DomainService,
    readonly item: DomainItem,
  ) {}

  get changed(): ISignal<ShareModel, void> {
    return this._changed;
  }
  /** The owner first, then the others in the service's order. */
  get entries(): readonly ShareEntry[] {
    return this._entries;
  }
  get loading(): boolean {
    return this._loading;
  }
  /** A change is being sent. */
  get busy(): boolean {
    return this._busy;
  }
  /** Why the last load or change failed, in words for the user; empty otherwise. */
  get error(): string {
    return this._error;
  }

  async load(): Promise<void> {
    this._loading = true;
    this._emit();
    try {
      this._username = (await this._service.identity().catch(() => ({ username: undefined }))).username;
      const acls = await this._service.acls(this.item.path);
      const entries = acls.map(({ userName, ...acl }) => ({
        aclName: userName,
        principal: principalOf(userName),
        acl,
        level: levelOf(acl),
        isOwner: userName === this.item.owner,
        isYou: userName === this._username,
      }));
      this._entries = [...entries.filter((e) => e.isOwner), ...entries.filter((e) => !e.isOwner)];
      this._error = '';
    } catch (error) {
      this._error = (error as Error).message;
    } finally {
      this._loading = false;
      this._emit();
    }
  }

  /** Gives an existing entry exactly the flags of `level`. */
  setLevel(aclName: string, level: ShareLevel): Promise<boolean> {
    return this._change(aclName, level);
  }

  /** Adds (or replaces) the entry of a user, a group or the public; false with `error` set when refused. */
  add(principal: Principal, level: ShareLevel): Promise<boolean> {
    const name = principal.name.trim();
    const problem = invalidPrincipalName(principal.kind, name);
    if (problem) {
      this._error = problem;
      this._emit();
      return Promise.resolve(false);
    }
    return this._change(aclNameOf({ ...principal, name }), level);
  }

  dispose(): void {
    Signal.clearData(this);
  }

  private async _change(aclName: string, level: ShareLevel): Promise<boolean> {
    this._busy = true;
    this._error = '';
    this._emit();
    let ok = true;
    try {
      await this._service.setAcl(this.item.path, aclName, LEVEL_FLAGS[level]);
    } catch (error) {
      this._error = (error as Error).message;
      ok = false;
    } finally {
      this._busy = false;
    }
    const failure = this._error;
    await this.load();
    if (failure) {
      this._error = failure;
      this._emit();
    }
    return ok;
  }

  private _emit(): void {
    this._changed.emit();
  }
}
