/**
 * Reads a request body in exact-size pieces (one page of a streamed write at a time), so a multi-GB write
 * never sits in memory whole. A short body is a 400, not a hang.
 */
import { badRequest } from '../../http/errors.js';

export class BodyReader {
  private readonly it: AsyncIterator<Buffer>;
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  constructor(stream: AsyncIterable<Buffer>) {
    this.it = stream[Symbol.asyncIterator]();
  }

  async read(n: number): Promise<Uint8Array> {
    while (this.pendingBytes < n) {
      const next = await this.it.next();
      if (next.done) throw badRequest(`request body ended early: expected ${n - this.pendingBytes} more bytes`);
      this.pending.push(next.value);
      this.pendingBytes += next.value.length;
    }
    // One copy from the socket buffers into the page; the remainder starts the next page.
    const out = new Uint8Array(n);
    let filled = 0;
    let used = 0;
    while (filled < n) {
      const part = this.pending[used];
      const take = Math.min(part.length, n - filled);
      out.set(part.subarray(0, take), filled);
      filled += take;
      if (take < part.length) {
        this.pending[used] = part.subarray(take);
        break;
      }
      used++;
    }
    this.pending = this.pending.slice(used);
    this.pendingBytes -= n;
    return out;
  }

  async expectEnd(what: string): Promise<void> {
    if (this.pendingBytes > 0) throw badRequest(`request body is longer than the selection: ${what}`);
    const next = await this.it.next();
    if (!next.done && next.value.length > 0) throw badRequest(`request body is longer than the selection: ${what}`);
  }
}
