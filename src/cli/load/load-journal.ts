/**
 * The record that lets an interrupted hsload finish instead of starting over.
 *
 * It is a journal file per (server, bucket, domain, source) in the user's state directory
 * ($H5LAB_STATE_DIR, else $XDG_STATE_HOME/h5lab, else ~/.local/state/h5lab), under hsload/. Each line is one
 * JSON event, appended after the server confirmed the step: the load started (source size and mtime, the
 * domain's root id), an object was created (source address → id), a phase ended (links, attributes), a
 * page of a dataset was written, a chunk was written (datasets copied chunk by chunk, see
 * stored-chunk-copy.ts), a dataset is complete. Appending one short line per step is cheap, and a
 * kill can at worst cut the last line, which is ignored. The file is deleted when the load completes.
 *
 * Kept outside the domain so that the domain holds exactly the source's content (hsget and hsdiff see no
 * bookkeeping), and outside the source's folder so that read-only and remote (s3://) sources resume too.
 * The recorded root id ties the journal to one incarnation of the domain: if the domain was deleted or
 * replaced meanwhile, or the source changed, the journal is discarded and the load starts afresh.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export interface SourceStamp {
  path: string;
  size: number;
  mtimeMs: number;
}

export interface JournalStart {
  source: SourceStamp;
  domain: string;
  root: string;
  /** The options that shape what is written (link mode, filters…): a change means a fresh load. */
  settings: string;
}

type Event =
  | ({ t: 'start' } & JournalStart)
  | { t: 'obj'; addr: string; id: string }
  | { t: 'phase'; name: string }
  | { t: 'page'; id: string; i: number }
  | { t: 'chunk'; id: string; i: number }
  | { t: 'offset'; id: string; offset: number[] }
  | { t: 'done'; id: string };

/** What a previous, interrupted run achieved. */
export class JournalState {
  readonly ids = new Map<string, string>();
  readonly phases = new Set<string>();
  readonly done = new Set<string>();
  readonly pages = new Map<string, Set<number>>();
  /** Chunks written, by their C-order number in the chunk grid; kept apart from pages, which number other blocks. */
  readonly chunks = new Map<string, Set<number>>();
  readonly offsets = new Map<string, number[]>();

  apply(e: Event): void {
    switch (e.t) {
      case 'obj':
        this.ids.set(e.addr, e.id);
        break;
      case 'phase':
        this.phases.add(e.name);
        break;
      case 'page':
        addTo(this.pages, e.id, e.i);
        break;
      case 'chunk':
        addTo(this.chunks, e.id, e.i);
        break;
      case 'offset':
        this.offsets.set(e.id, e.offset);
        break;
      case 'done':
        this.done.add(e.id);
        break;
    }
  }
}

function addTo(map: Map<string, Set<number>>, id: string, index: number): void {
  let set = map.get(id);
  if (!set) map.set(id, (set = new Set()));
  set.add(index);
}

export function stateDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.H5LAB_STATE_DIR) return env.H5LAB_STATE_DIR;
  if (env.XDG_STATE_HOME) return path.join(env.XDG_STATE_HOME, 'h5lab');
  return path.join(homedir(), '.local', 'state', 'h5lab');
}

export class LoadJournal {
  private fd: number | undefined;

  private constructor(readonly file: string) {}

  /** The journal of loading `source` into `domain` on `server` (not opened yet). */
  static for(server: string, domain: string, source: string, dir = stateDirectory()): LoadJournal {
    const key = createHash('sha256').update(`${server}\n${domain}\n${source}`).digest('hex').slice(0, 32);
    return new LoadJournal(path.join(dir, 'hsload', `${key}.jsonl`));
  }

  /** The previous run's start record and state, when a journal exists. */
  read(): { start: JournalStart; state: JournalState } | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return undefined;
    }
    const state = new JournalState();
    let start: JournalStart | undefined;
    for (const line of text.split('\n')) {
      let event: Event;
      try {
        event = JSON.parse(line) as Event;
      } catch {
        continue; // the line a kill cut short
      }
      if (event.t === 'start') {
        const { t: _, ...fields } = event;
        start = fields;
      } else state.apply(event);
    }
    return start ? { start, state } : undefined;
  }

  /** Starts a new journal (replacing any old one). */
  begin(start: JournalStart): void {
    mkdirSync(path.dirname(this.file), { recursive: true });
    this.close();
    this.fd = openSync(this.file, 'w');
    this.append({ t: 'start', ...start });
  }

  /** Continues an existing journal. */
  resume(): void {
    this.fd = openSync(this.file, 'a');
  }

  object(address: bigint, id: string): void {
    this.append({ t: 'obj', addr: address.toString(), id });
  }

  phase(name: string): void {
    this.append({ t: 'phase', name });
  }

  page(id: string, index: number): void {
    this.append({ t: 'page', id, i: index });
  }

  chunk(id: string, index: number): void {
    this.append({ t: 'chunk', id, i: index });
  }

  offset(id: string, offset: number[]): void {
    this.append({ t: 'offset', id, offset });
  }

  done(id: string): void {
    this.append({ t: 'done', id });
  }

  /** The load completed: nothing left to resume. */
  finish(): void {
    this.close();
    rmSync(this.file, { force: true });
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private append(event: Event): void {
    if (this.fd === undefined) return;
    // One write per line: a line is either fully there or cut at the end, never interleaved.
    writeSync(this.fd, JSON.stringify(event) + '\n');
  }
}
