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
    const all = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    const out = new Uint8Array(all.buffer, all.byteOffset, n).slice();
    const rest = all.subarray(n);
    this.pending = rest.length ? [rest] : [];
    this.pendingBytes = rest.length;
    return out;
  }

  async expectEnd(what: string): Promise<void> {
    if (this.pendingBytes > 0) throw badRequest(`request body is longer than the selection: ${what}`);
    const next = await this.it.next();
    if (!next.done && next.value.length > 0) throw badRequest(`request body is longer than the selection: ${what}`);
  }
}
