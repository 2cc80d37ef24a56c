/** Domain and folder access control lists (HSDS keeps ACLs per domain: user names, `g:group`, `default`). */
import { Connection } from './connection.js';
import { Acl, ACL_FLAGS, AclEntry } from './json-types.js';

export async function getAcl(connection: Connection, domain: string, user: string): Promise<AclEntry> {
  const res = await connection.json<{ acl: AclEntry }>('GET', `/acls/${encodeURIComponent(user)}`, { domain, what: `ACL of '${user}' on ${domain}` });
  return pickAcl(res.acl);
}

export async function getAcls(connection: Connection, domain: string): Promise<AclEntry[]> {
  const res = await connection.json<{ acls: AclEntry[] }>('GET', '/acls', { domain, what: `ACLs of ${domain}` });
  return res.acls.map(pickAcl);
}

/** Sets some or all permission flags of `user` (others keep their value; new entries default to false). */
export async function setAcl(connection: Connection, domain: string, user: string, acl: Partial<Acl>): Promise<void> {
  for (const [k, v] of Object.entries(acl)) {
    if (!ACL_FLAGS.includes(k as keyof Acl)) throw new TypeError(`unknown ACL flag '${k}'; expected ${ACL_FLAGS.join(', ')}`);
    if (typeof v !== 'boolean') throw new TypeError(`ACL flag '${k}' must be true or false`);
  }
  await connection.request({ method: 'PUT', path: `/acls/${encodeURIComponent(user)}`, domain, json: acl, what: `ACL of '${user}' on ${domain}` });
}

/** The user name and the six flags (servers may add bookkeeping keys). */
function pickAcl(raw: AclEntry): AclEntry {
  const out = { userName: raw.userName } as AclEntry;
  for (const k of ACL_FLAGS) out[k] = raw[k] === true;
  return out;
}
