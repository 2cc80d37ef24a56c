/**
 * The version 1 B-tree ("TREE", node type 1) that indexes a chunked dataset's chunks, built bottom-up from
 * the chunk list sorted in C order of chunk coordinates. Nodes hold up to 2K = 64 entries (HDF5's default
 * K of 32, which readers use to size nodes, so every node is written at full size). A leaf key is a chunk's
 * stored size, filter mask and element offsets; the key after the last entry is one chunk past it in
 * every dimension; a node's keys are its children's first keys.
 */
import { ByteBuilder, UNDEFINED_ADDRESS } from './h5-write-buffer.js';

export interface ChunkEntry {
  /** Chunk grid coordinates. */
  coords: number[];
  address: number;
  size: number;
  filterMask: number;
}

const TWO_K = 64;
const NODE_HEADER = 4 + 1 + 1 + 2 + 8 + 8;

interface Key {
  size: number;
  mask: number;
  coords: number[];
}

interface Node {
  address: number;
  keys: Key[];
  children: number[];
}

function compareCoords(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * Writes the B-tree of `chunks` (chunk shape `chunkDims`); returns the root node's address, undefined when
 * there are no chunks.
 */
export function writeChunkBTree(
  chunks: ChunkEntry[],
  chunkDims: number[],
  allocate: (size: number) => number,
  write: (address: number, bytes: Uint8Array) => void,
): number | undefined {
  if (chunks.length === 0) return undefined;
  const rank = chunkDims.length;
  const keySize = 4 + 4 + (rank + 1) * 8;
  const nodeSize = NODE_HEADER + TWO_K * 8 + (TWO_K + 1) * keySize;
  const sorted = [...chunks].sort((a, b) => compareCoords(a.coords, b.coords));

  const encodeKey = (b: ByteBuilder, key: Key) => {
    b.u32(key.size).u32(key.mask);
    key.coords.forEach((c, d) => b.u64(c * chunkDims[d]));
    b.u64(0);
  };
  const writeLevel = (nodes: Node[], level: number) => {
    nodes.forEach((node, i) => {
      const b = new ByteBuilder(nodeSize);
      b.raw(new TextEncoder().encode('TREE')).u8(1).u8(level).u16(node.children.length);
      b.u64(i > 0 ? nodes[i - 1].address : UNDEFINED_ADDRESS).u64(i + 1 < nodes.length ? nodes[i + 1].address : UNDEFINED_ADDRESS);
      node.children.forEach((child, j) => {
        encodeKey(b, node.keys[j]);
        b.u64(child);
      });
      encodeKey(b, node.keys[node.children.length]);
      b.zeros(nodeSize - b.length);
      write(node.address, b.result());
    });
  };

  // Leaves: each chunk is an entry; the closing key is one chunk past the last.
  let level: Node[] = [];
  for (let i = 0; i < sorted.length; i += TWO_K) {
    const group = sorted.slice(i, i + TWO_K);
    const keys: Key[] = group.map((c) => ({ size: c.size, mask: c.filterMask, coords: c.coords }));
    keys.push({ size: 0, mask: 0, coords: group[group.length - 1].coords.map((c) => c + 1) });
    level.push({ address: allocate(nodeSize), keys, children: group.map((c) => c.address) });
  }
  writeLevel(level, 0);
  for (let depth = 1; level.length > 1; depth++) {
    const parents: Node[] = [];
    for (let i = 0; i < level.length; i += TWO_K) {
      const group = level.slice(i, i + TWO_K);
      const keys = group.map((n) => n.keys[0]);
      const lastNode = group[group.length - 1];
      keys.push(lastNode.keys[lastNode.children.length]);
      parents.push({ address: allocate(nodeSize), keys, children: group.map((n) => n.address) });
    }
    writeLevel(parents, depth);
    level = parents;
  }
  return level[0].address;
}
