/**
 * First-start layout of the default bucket: a `/home` folder owned by the admin user and readable by all,
 * where users' home folders go (h5pyd and the hs* tools expect /home/<user>/).
 */
import { now } from '../model.js';
import type { ServiceNode } from './service-node.js';

const ALL = { create: true, read: true, update: true, delete: true, readACL: true, updateACL: true };
const READ = { create: false, read: true, update: false, delete: false, readACL: false, updateACL: false };

export async function ensureFolder(sn: ServiceNode, path: string, owner: string): Promise<void> {
  const ref = { bucket: sn.config.bucket_name, path };
  if (await sn.findDomain(ref)) return;
  const t = now();
  await sn.nodes
    .forDomain(ref)
    .createDomain(ref.bucket, path, { owner, acls: { [owner]: { ...ALL }, default: { ...READ } }, created: t, lastModified: t })
    .catch((e) => {
      if ((e as { status?: number }).status !== 409) throw e;
    });
}

export async function ensureHomeFolder(sn: ServiceNode): Promise<void> {
  await ensureFolder(sn, '/home', sn.config.admin_user);
}
