/**
 * The password and groups files, re-read when they change (checked at most every few seconds), so accounts
 * added to a running service — e.g. by a JupyterHub hook — work without a restart. A file that becomes
 * unreadable or invalid keeps the last good accounts and is reported once.
 */
import { statSync } from 'node:fs';
import type { Logger } from '../logger.js';
import { loadGroupsFile } from './groups-file.js';
import { loadPasswordFile } from './password-file.js';

const CHECK_INTERVAL_MS = 2000;

class WatchedFile<T> {
  private value: T;
  private mtime = 0;
  private checked = 0;

  constructor(
    private readonly file: string,
    private readonly load: (file: string) => T,
    private readonly logger?: Logger,
  ) {
    this.value = load(file);
    this.mtime = statSync(file).mtimeMs;
    this.checked = Date.now();
  }

  get(): T {
    const now = Date.now();
    if (now - this.checked < CHECK_INTERVAL_MS) return this.value;
    this.checked = now;
    try {
      const m = statSync(this.file).mtimeMs;
      if (m !== this.mtime) {
        this.value = this.load(this.file);
        this.mtime = m;
        this.logger?.info(`reloaded ${this.file}`);
      }
    } catch (e) {
      this.logger?.warn(`keeping the previous accounts: ${(e as Error).message}`);
    }
    return this.value;
  }
}

export interface AccountSource {
  /** undefined: no password file (trust mode). */
  passwords(): Map<string, string> | undefined;
  groupsOfUser(): Map<string, Set<string>>;
}

export function accountFiles(passwordFile: string | undefined, groupsFile: string | undefined, logger?: Logger): AccountSource {
  const passwords = passwordFile ? new WatchedFile(passwordFile, loadPasswordFile, logger) : undefined;
  const groups = groupsFile ? new WatchedFile(groupsFile, loadGroupsFile, logger) : undefined;
  const none = new Map<string, Set<string>>();
  return {
    passwords: () => passwords?.get(),
    groupsOfUser: () => groups?.get() ?? none,
  };
}

/** Fixed accounts (tests, embedding). */
export function fixedAccounts(passwords: Map<string, string> | undefined, groupsOfUser = new Map<string, Set<string>>()): AccountSource {
  return { passwords: () => passwords, groupsOfUser: () => groupsOfUser };
}
