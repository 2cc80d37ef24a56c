/**
 * Domain-level access control, HSDS's rules: admin may do anything; the domain owner may do anything; a
 * user's own ACL entry decides when present (a false flag is final); otherwise the `default` entry, then any
 * `g:<group>` entry of the user's groups may grant.
 */
import { forbidden } from '../http/errors.js';
import type { AclAction, DomainJson } from '../model.js';
import { ANONYMOUS, Authenticator } from './authenticator.js';

export function isAllowed(auth: Authenticator, domain: DomainJson, action: AclAction, user: string): boolean {
  if (user !== ANONYMOUS && (auth.isAdmin(user) || domain.owner === user)) return true;
  const acls = domain.acls ?? {};
  const own = acls[user];
  if (own && action in own) return own[action] === true;
  if (acls[ANONYMOUS]?.[action] === true) return true;
  if (user === ANONYMOUS) return false;
  for (const group of auth.groupsOf(user)) if (acls[`g:${group}`]?.[action] === true) return true;
  return false;
}

export function checkAcl(auth: Authenticator, domain: DomainJson, action: AclAction, user: string): void {
  if (!isAllowed(auth, domain, action, user)) throw forbidden(`${user} is not permitted to ${action} on this domain`);
}
