/**
 * Reading and writing .hscfg on disk. Like h5pyd, only one file is read: `./.hscfg` when it exists, otherwise
 * `~/.hscfg`; HS_* environment variables override it (see ../config.ts for the precedence).
 */
import { existsSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { Environment, formatHscfg, HsConfig, HscfgProblem, HscfgValues, parseHscfg, resolveConfig } from '../config.js';

export interface LocateOptions {
  cwd?: string;
  home?: string;
}

/** The .hscfg h5pyd would read, or undefined when neither exists. */
export function findHscfg(options: LocateOptions = {}): string | undefined {
  const local = path.join(options.cwd ?? process.cwd(), '.hscfg');
  if (existsSync(local)) return local;
  const user = defaultHscfgPath(options.home);
  return existsSync(user) ? user : undefined;
}

export function defaultHscfgPath(home?: string): string {
  return path.join(home ?? homedir(), '.hscfg');
}

export function readHscfg(file: string, problems?: HscfgProblem[]): HscfgValues {
  return parseHscfg(readFileSync(file, 'utf8'), problems);
}

export interface LoadOptions extends LocateOptions {
  env?: Environment;
  /** Read this file instead of searching (h5pyd's config_file). */
  file?: string;
}

/** Settings from .hscfg, HS_* variables and explicit options; `file` is the config file used, if any. */
export function loadConfig(
  explicit: HsConfig = {},
  options: LoadOptions = {},
): HsConfig & { values: HscfgValues; file?: string; problems: HscfgProblem[] } {
  const file = options.file ?? findHscfg(options);
  const problems: HscfgProblem[] = [];
  const values = file && existsSync(file) ? readHscfg(file, problems) : {};
  return { ...resolveConfig(values, options.env ?? process.env, explicit), file, problems };
}

/** Writes a config file as hsconfigure does (owner-only permissions: it holds a password). Returns its path. */
export function writeHscfg(config: HsConfig, file: string = defaultHscfgPath()): string {
  writeFileSync(file, formatHscfg(config), { mode: 0o600 });
  chmodSync(file, 0o600);
  return file;
}
