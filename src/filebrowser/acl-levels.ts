/**
 * Sharing in words: HSDS ACL entries (user names, `g:<group>`, `default` for everyone) and their six flags,
 * shown as who (a user, a group, the public) and how much (no access, read, read/write, full control).
 */
import type { Acl } from '../client/index.js';
import { ACL_FLAGS } from '../client/json-types.js';

export type PrincipalKind = 'user' | 'group' | 'public';

export interface Principal {
  kind: PrincipalKind;
  /** User or group name; 'default' for the public. */
  name: string;
}

/** Levels a share can be set to; 'full' (all flags, as owners have) and 'custom' are only shown. */
export type ShareLevel = 'none' | 'read' | 'readwrite';
export type AccessLevel = ShareLevel | 'full' | 'custom';

export const LEVEL_FLAGS: Record<ShareLevel, Acl> = {
  none: { create: false, read: false, update: false, delete: false, readACL: false, updateACL: false },
  read: { create: false, read: true, update: false, delete: false, readACL: false, updateACL: false },
  readwrite: { create: true, read: true, update: true, delete: true, readACL: false, updateACL: false },
};

export const LEVEL_LABELS: Record<AccessLevel, string> = {
  none: 'No access',
  read: 'Read',
  readwrite: 'Read/write',
  full: 'Full control',
  custom: 'Custom',
};

const GROUP_PREFIX = 'g:';
const PUBLIC_NAME = 'default';

export function principalOf(aclName: string): Principal {
  if (aclName === PUBLIC_NAME) return { kind: 'public', name: PUBLIC_NAME };
  if (aclName.startsWith(GROUP_PREFIX)) return { kind: 'group', name: aclName.slice(GROUP_PREFIX.length) };
  return { kind: 'user', name: aclName };
}

/** The ACL entry name of a principal: 'ana', 'g:team' or 'default'. */
export function aclNameOf(principal: Principal): string {
  if (principal.kind === 'public') return PUBLIC_NAME;
  return principal.kind === 'group' ? `${GROUP_PREFIX}${principal.name}` : principal.name;
}

export function describePrincipal(principal: Principal): string {
  if (principal.kind === 'public') return 'Everyone (public)';
  return principal.kind === 'group' ? `Group ${principal.name}` : principal.name;
}

export function levelOf(acl: Acl): AccessLevel {
  if (ACL_FLAGS.every((flag) => acl[flag])) return 'full';
  for (const level of Object.keys(LEVEL_FLAGS) as ShareLevel[]) {
    if (ACL_FLAGS.every((flag) => acl[flag] === LEVEL_FLAGS[level][flag])) return level;
  }
  return 'custom';
}

/** The flags as hsacl prints them: 'crudep' with '-' for each one not granted. */
export function flagString(acl: Acl): string {
  return ACL_FLAGS.map((flag, i) => (acl[flag] ? 'crudep'[i] : '-')).join('');
}

/** Why `name` cannot be shared with as a `kind`, or undefined when it can. */
export function invalidPrincipalName(kind: PrincipalKind, name: string): string | undefined {
  if (kind === 'public') return undefined;
  const what = kind === 'group' ? 'group' : 'user';
  if (!name.trim()) return `Enter a ${what} name.`;
  if (/[\s/:]/.test(name)) return `A ${what} name cannot contain spaces, "/" or ":".`;
  if (kind === 'user' && name === PUBLIC_NAME) return 'To share with everyone, choose "Everyone (public)".';
  return undefined;
}
