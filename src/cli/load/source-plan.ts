/**
 * The structure of a source file: every object once (found breadth first, so parents come before their
 * members), with the link it is created by, and every other link (more hard links to an object, soft and
 * external links) to add once all objects exist.
 */
import { childPath, H5Reader } from '../../h5file/h5-reader.js';

export type ObjectKind = 'group' | 'dataset' | 'datatype';

export interface SourceObject {
  address: bigint;
  kind: ObjectKind;
  /** The path the object was first reached by. */
  path: string;
  /** Address of the group holding that first link (absent for the root group). */
  parent?: bigint;
  name?: string;
  depth: number;
}

export type SourceLink =
  | { parent: bigint; name: string; kind: 'hard'; target: bigint }
  | { parent: bigint; name: string; kind: 'soft'; target: string }
  | { parent: bigint; name: string; kind: 'external'; file: string; path: string };

export interface SourcePlan {
  root: SourceObject;
  /** All objects but the root, parents first. */
  objects: SourceObject[];
  links: SourceLink[];
  /** Links that cannot be copied (user-defined link types), as paths. */
  skipped: string[];
}

export function planSource(reader: H5Reader): SourcePlan {
  const root: SourceObject = { address: reader.address('/'), kind: 'group', path: '/', depth: 0 };
  const seen = new Set<bigint>([root.address]);
  const objects: SourceObject[] = [];
  const links: SourceLink[] = [];
  const skipped: string[] = [];
  const queue: SourceObject[] = [root];
  for (let q = 0; q < queue.length; q++) {
    const group = queue[q];
    for (const member of reader.members(group.path)) {
      const parent = group.address;
      const name = member.name;
      switch (member.kind) {
        case 'soft':
          links.push({ parent, name, kind: 'soft', target: member.target });
          break;
        case 'external':
          links.push({ parent, name, kind: 'external', file: member.file, path: member.path });
          break;
        case 'other':
          skipped.push(childPath(group.path, name));
          break;
        default: {
          if (seen.has(member.address)) {
            links.push({ parent, name, kind: 'hard', target: member.address });
            break;
          }
          seen.add(member.address);
          const object: SourceObject = { address: member.address, kind: member.kind, path: childPath(group.path, name), parent, name, depth: group.depth + 1 };
          objects.push(object);
          if (member.kind === 'group') queue.push(object);
        }
      }
    }
  }
  return { root, objects, links, skipped };
}
