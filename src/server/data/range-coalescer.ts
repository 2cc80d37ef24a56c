/**
 * Merges byte-range reads of one object that arrive together (the chunks of one request, fanned out at
 * once) into fewer storage requests: ranges at most `maxGap` bytes apart become one ranged GET (HSDS's
 * max_rangeget_gap), up to `maxSpan` bytes each. Requests are collected until the current tick ends.
 */
import type { ObjectStore } from '../storage/object-store.js';

interface Pending {
  offset: number;
  length: number;
  resolve: (b: Uint8Array | undefined) => void;
  reject: (e: unknown) => void;
}

export class RangeCoalescer {
  private readonly queues = new Map<string, Pending[]>();

  constructor(
    private readonly store: ObjectStore,
    private readonly maxGap = 1024,
    private readonly maxSpan = 16 * 1024 * 1024,
  ) {}

  /** The bytes, or undefined when the object does not exist. */
  read(bucket: string, key: string, offset: number, length: number): Promise<Uint8Array | undefined> {
    return new Promise((resolve, reject) => {
      const id = `${bucket}\0${key}`;
      let q = this.queues.get(id);
      if (!q) {
        q = [];
        this.queues.set(id, q);
        setImmediate(() => this.flush(id, bucket, key));
      }
      q.push({ offset, length, resolve, reject });
    });
  }

  private flush(id: string, bucket: string, key: string): void {
    const q = this.queues.get(id) ?? [];
    this.queues.delete(id);
    q.sort((a, b) => a.offset - b.offset);
    let group: Pending[] = [];
    let start = 0;
    let end = 0;
    const issue = (members: Pending[], from: number, to: number) => {
      this.store.getRanges(bucket, key, [{ offset: from, length: to - from }]).then(
        (got) =>
          members.forEach((p) => p.resolve(got && got[0].subarray(p.offset - from, p.offset - from + p.length))),
        (e) => members.forEach((p) => p.reject(e)),
      );
    };
    for (const p of q) {
      if (group.length && p.offset - end <= this.maxGap && Math.max(end, p.offset + p.length) - start <= this.maxSpan) {
        group.push(p);
        end = Math.max(end, p.offset + p.length);
        continue;
      }
      if (group.length) issue(group, start, end);
      group = [p];
      start = p.offset;
      end = p.offset + p.length;
    }
    if (group.length) issue(group, start, end);
  }
}
