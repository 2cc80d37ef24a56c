/**
 * Progress of a transfer in objects and bytes, drawn by the tools' shared progress line (rewritten in place
 * on a terminal, plain lines now and then otherwise): `objects 120/5000  bytes 45.2 MB/200.0 MB  88.3 MB/s`.
 */
import type { Progress } from './progress.js';

const MB = 1024 * 1024;
const mb = (n: number) => `${(n / MB).toFixed(1)} MB`;

export class LoadProgress {
  private objectsDone = 0;
  private objectsTotal = 0;
  private attributeCount = 0;
  private bytesDone = 0;
  private bytesTotal = 0;
  private readonly started = Date.now();

  constructor(
    private readonly line: Progress | undefined,
    private readonly prefix = '',
  ) {}

  expect(objects: number, bytes: number): void {
    this.objectsTotal += objects;
    this.bytesTotal += bytes;
    this.draw();
  }

  objects(n = 1): void {
    this.objectsDone += n;
    this.draw();
  }

  attributes(n: number): void {
    this.attributeCount += n;
    this.draw();
  }

  bytes(n: number): void {
    this.bytesDone += n;
    this.draw();
  }

  get transferred(): number {
    return this.bytesDone;
  }

  get seconds(): number {
    return (Date.now() - this.started) / 1000;
  }

  summary(): string {
    const s = this.seconds;
    const rate = s > 0 ? ` (${(this.bytesDone / MB / s).toFixed(1)} MB/s)` : '';
    return `${this.objectsDone} objects, ${this.attributeCount} attributes, ${mb(this.bytesDone)} in ${s.toFixed(1)} s${rate}`;
  }

  private draw(): void {
    if (!this.line) return;
    const s = this.seconds;
    const rate = s > 0.5 ? `  ${(this.bytesDone / MB / s).toFixed(1)} MB/s` : '';
    const bytes = this.bytesTotal > 0 ? `  bytes ${mb(this.bytesDone)}/${mb(this.bytesTotal)}` : '';
    this.line.update(`${this.prefix}objects ${this.objectsDone}/${this.objectsTotal}${bytes}${rate}`);
  }
}
