/**
 * Command-line options as h5pyd's tools take them: `-e ENDPOINT`, `--endpoint ENDPOINT`, `--endpoint=ENDPOINT`,
 * boolean flags (`-r`, `-v`, or grouped: `-rv`), positional arguments. A value is the next argument even when
 * it starts with '-' (passwords may). `--` ends the options.
 */

export interface OptionSpec {
  /** Key in the parsed options, e.g. 'endpoint'. */
  name: string;
  /** e.g. ['-e', '--endpoint']. */
  flags: string[];
  /** Placeholder of the value (e.g. 'ENDPOINT'); absent for boolean flags. */
  value?: string;
  /** Allowed values, when limited. */
  choices?: string[];
  help: string;
}

export type OptionValues = Record<string, string | boolean | undefined>;

export interface ParsedArgs {
  options: OptionValues;
  positionals: string[];
}

/** A mistake on the command line: the tool prints it with a pointer to --help and exits with status 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface ParseOptions {
  /**
   * Everything after the first positional argument is positional too (h5pyd's hsacl: `dom -r user` means
   * "remove read", not an option).
   */
  positionalsEndOptions?: boolean;
}

export function parseArgs(argv: readonly string[], specs: readonly OptionSpec[], parse: ParseOptions = {}): ParsedArgs {
  const byFlag = new Map<string, OptionSpec>();
  for (const spec of specs) for (const flag of spec.flags) byFlag.set(flag, spec);
  const options: OptionValues = {};
  const positionals: string[] = [];

  const set = (spec: OptionSpec, value: string | boolean, flag: string) => {
    if (typeof value === 'string' && spec.choices && !spec.choices.includes(value))
      throw new UsageError(`${flag} must be one of ${spec.choices.join(', ')}, not '${value}'`);
    options[spec.name] = value;
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const optionsEnded = parse.positionalsEndOptions === true && positionals.length > 0;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (optionsEnded || !arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const spec = byFlag.get(flag);
    if (spec) {
      if (spec.value === undefined) {
        if (eq > 0) throw new UsageError(`${flag} does not take a value`);
        set(spec, true, flag);
      } else if (eq > 0) {
        set(spec, arg.slice(eq + 1), flag);
      } else {
        if (i + 1 >= argv.length) throw new UsageError(`${flag} needs a value (${spec.value})`);
        set(spec, argv[++i], flag);
      }
      continue;
    }
    // Grouped short flags: -rv is -r -v.
    const group = !arg.startsWith('--') && arg.length > 2 ? [...arg.slice(1)].map((c) => byFlag.get(`-${c}`)) : [];
    if (group.length && group.every((s) => s && s.value === undefined)) {
      for (const s of group) set(s!, true, arg);
      continue;
    }
    throw new UsageError(`unknown option ${flag}`);
  }
  return { options, positionals };
}

/** The options block of a usage message, laid out as h5pyd's tools do. */
export function describeOptions(specs: readonly OptionSpec[]): string[] {
  return specs.map((spec) => {
    let left = spec.flags.join(', ');
    if (spec.value) left += spec.choices ? ` {${spec.choices.join('|')}}` : ` ${spec.value}`;
    return `    ${left.padEnd(40)} ${spec.help}`;
  });
}
