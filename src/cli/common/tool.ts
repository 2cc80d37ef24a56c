/**
 * What every hs* tool shares: option parsing with the common options, --help, logging, connections made
 * through the SDK (closed at the end, which also stops an in-process `local` engine), stdout output that
 * keeps clear of the progress line, and the error policy: a failure is one line `tool: message` on stderr
 * and a non-zero exit (1; 2 for command-line mistakes), never a stack trace (those go to the log at
 * --loglevel debug).
 */
import { connect } from '../../client/node/index.js';
import type { Connection, HsConfig } from '../../client/index.js';
import { CONNECTION_OPTIONS, connectionFlags, LOGGING_OPTIONS } from './common-options.js';
import { CliLogger, LogLevel } from './logger.js';
import { describeOptions, OptionSpec, OptionValues, parseArgs, UsageError } from './options.js';
import { Progress } from './progress.js';

export interface Tool {
  name: string;
  /** Argument patterns after the command name, e.g. `[ OPTIONS ]  domain`. */
  synopsis: string[];
  description: string[];
  /** Options of this tool, listed before the common ones. */
  options: OptionSpec[];
  examples?: string[];
  /** Everything after the first positional argument is positional (hsacl's `-crudep`). */
  positionalsEndOptions?: boolean;
  run(ctx: ToolContext): Promise<void>;
}

/** A failure the tool explains itself (the message is the whole story, printed as is). */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export class ToolContext {
  private readonly connections: Connection[] = [];
  private readonly progresses = new Set<Progress>();
  /** Errors reported and passed over because of --ignore. */
  ignoredErrors = 0;

  constructor(
    /** The name the tool was called by (hsrm for hsdel). */
    readonly command: string,
    readonly options: OptionValues,
    readonly positionals: string[],
    readonly log: CliLogger,
  ) {}

  flag(name: string): boolean {
    return this.options[name] === true;
  }

  value(name: string): string | undefined {
    const v = this.options[name];
    return typeof v === 'string' ? v : undefined;
  }

  get verbose(): boolean {
    return this.flag('verbose');
  }

  /** Writes a line of output to stdout. */
  out(line = ''): void {
    for (const p of this.progresses) p.clear();
    process.stdout.write(`${line}\n`);
  }

  /** A connection with the command-line settings, `overrides` on top; closed when the tool ends. */
  connect(overrides: HsConfig = {}): Connection {
    const given = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined && v !== '')) as HsConfig;
    const connection = connect({ ...connectionFlags(this.options), ...given });
    this.connections.push(connection);
    return connection;
  }

  progress(label = this.command): Progress {
    const p = new Progress(label);
    this.progresses.add(p);
    return p;
  }

  endProgress(p: Progress): void {
    p.done();
    this.progresses.delete(p);
  }

  /**
   * With --ignore, reports the error and lets the tool go on (as h5pyd's tools do); otherwise rethrows it
   * and the tool ends.
   */
  recover(error: unknown): void {
    if (!this.flag('ignore')) throw error;
    this.ignoredErrors++;
    for (const p of this.progresses) p.clear();
    if (this.log.file) this.log.error(describeError(error));
    process.stderr.write(`${this.command}: ${describeError(error)}\n`);
  }

  /** Ends progress reports and closes the connections (stopping a `local` engine); may be called again. */
  async close(): Promise<void> {
    for (const p of this.progresses) p.done();
    this.progresses.clear();
    await Promise.allSettled(this.connections.splice(0).map((c) => c.close()));
  }
}

/** The message of an error, for one line of stderr. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.replace(/\s*\n\s*/g, ' ');
  return String(error);
}

export function usage(tool: Tool, command: string): string {
  const lines = ['Usage:', '', ...tool.synopsis.map((s) => `    ${command} ${s}`), '', 'Description:', ...tool.description.map((d) => `    ${d}`), ''];
  lines.push('Options:', ...describeOptions([...tool.options, ...CONNECTION_OPTIONS, ...LOGGING_OPTIONS]), '');
  if (tool.examples?.length) lines.push('Examples:', ...tool.examples.map((e) => `    ${e.replaceAll('{cmd}', command)}`), '');
  return lines.join('\n');
}

/** Runs a tool with process.argv and sets the exit status. */
export async function runTool(tool: Tool, command: string = tool.name, argv: string[] = process.argv.slice(2)): Promise<void> {
  // Output piped into `head` and the like: stop quietly when the reader goes away.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  let ctx: ToolContext | undefined;
  let log = new CliLogger();
  try {
    const parsed = parseArgs(argv, [...tool.options, ...CONNECTION_OPTIONS, ...LOGGING_OPTIONS], { positionalsEndOptions: tool.positionalsEndOptions });
    if (parsed.options.help) {
      process.stdout.write(usage(tool, command));
      return;
    }
    const level = parsed.options.loglevel === 'warn' ? 'warning' : ((parsed.options.loglevel as LogLevel | undefined) ?? 'error');
    log = new CliLogger(level, parsed.options.logfile as string | undefined);
    ctx = new ToolContext(command, parsed.options, parsed.positionals, log);
    await tool.run(ctx);
    process.exitCode = 0;
  } catch (error) {
    // The progress line goes first, so that the error gets a line of its own.
    await ctx?.close();
    const message = describeError(error);
    if (error instanceof UsageError) {
      process.stderr.write(`${command}: ${message} (see ${command} --help)\n`);
      process.exitCode = 2;
    } else {
      if (!(error instanceof CliError)) log.debug(error instanceof Error && error.stack ? error.stack : message);
      // The log file keeps a record; the terminal gets the one line below either way.
      if (log.file) log.error(message);
      process.stderr.write(`${command}: ${message}\n`);
      process.exitCode = 1;
    }
  } finally {
    await ctx?.close();
  }
}
