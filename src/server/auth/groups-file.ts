/** HSDS groups file: `group: user1 user2` lines (`#` comments). ACL entries `g:<group>` apply to members. */
import { readFileSync } from 'node:fs';

export class GroupsFileError extends Error {}

export function parseGroupsFile(text: string, source = 'groups file'): Map<string, Set<string>> {
  const groupsOfUser = new Map<string, Set<string>>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const colon = line.indexOf(':');
    if (colon <= 0) throw new GroupsFileError(`${source} line ${i + 1}: expected 'group: user1 user2'`);
    const group = line.slice(0, colon).trim();
    for (const user of line.slice(colon + 1).split(/[\s,]+/).filter(Boolean)) {
      if (!groupsOfUser.has(user)) groupsOfUser.set(user, new Set());
      groupsOfUser.get(user)!.add(group);
    }
  });
  return groupsOfUser;
}

export function loadGroupsFile(file: string): Map<string, Set<string>> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new GroupsFileError(`cannot read groups file ${file}: ${(e as Error).message}`);
  }
  return parseGroupsFile(text, file);
}
