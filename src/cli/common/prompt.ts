/**
 * Questions on the terminal, answered one line each; also works with answers piped in (each line read is
 * kept until asked for, so none is lost). Secret answers are not echoed on a terminal.
 */
import { createInterface, Interface } from 'node:readline';
import { Writable } from 'node:stream';

export class Prompter {
  private readonly rl: Interface;
  private readonly queued: string[] = [];
  private waiting?: (line: string | undefined) => void;
  private ended = false;
  private muted = false;
  private readonly tty: boolean;

  constructor(
    input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
    private readonly output: NodeJS.WritableStream = process.stdout,
  ) {
    this.tty = input.isTTY === true;
    // readline echoes typed characters through this stream: muting it hides secrets.
    const echo = new Writable({
      write: (chunk, _encoding, done) => {
        if (!this.muted) this.output.write(chunk);
        done();
      },
    });
    this.rl = createInterface({ input, output: echo, terminal: this.tty });
    this.rl.on('line', (line) => this.deliver(line));
    this.rl.on('close', () => {
      this.ended = true;
      this.deliver(undefined);
    });
  }

  /** The next line typed after showing `prompt`; undefined at the end of the input. */
  async ask(prompt: string, options: { secret?: boolean } = {}): Promise<string | undefined> {
    // Through readline, which redraws the prompt when the line is edited.
    this.rl.setPrompt(prompt);
    this.rl.prompt();
    this.muted = options.secret === true && this.tty;
    const line = this.queued.length ? this.queued.shift() : this.ended ? undefined : await new Promise<string | undefined>((resolve) => (this.waiting = resolve));
    // Piped answers are not echoed either: end the prompt's line so the next one starts fresh.
    if (this.muted || !this.tty) this.output.write('\n');
    this.muted = false;
    return line?.trim();
  }

  close(): void {
    this.rl.close();
  }

  private deliver(line: string | undefined): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting(line);
    else if (line !== undefined) this.queued.push(line);
  }
}
