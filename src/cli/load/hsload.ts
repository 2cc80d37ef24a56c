/**
 * hsload: copies HDF5 files into domains (h5pyd's hsload): every group, committed datatype, dataset,
 * attribute, link (hard, soft, external), fill value, chunk shape and filter. `--link` stores only the
 * metadata and where each dataset's chunks are in the source file; `--nodata` only the metadata. Several
 * source files go into a folder, or with `--extend DIM` into one domain, appended along a dimension scale.
 * An interrupted load resumes when run again (see load-journal.ts).
 */
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { connect } from '../../client/node/index.js';
import { connectionFlags } from '../common/common-options.js';
import { OptionSpec, UsageError } from '../common/options.js';
import { baseName, parseTarget } from '../common/paths.js';
import { CliError, Tool, ToolContext } from '../common/tool.js';
import type { Recompression } from './filter-mapping.js';
import { LoadProgress } from '../common/load-progress.js';
import type { DataLoad, LoadSettings } from './load-run.js';
import { resolveSource } from '../common/source-file.js';
import { loadSource } from './source-loader.js';

const COMPRESSORS = ['blosclz', 'lz4', 'lz4hc', 'snappy', 'gzip', 'zstd'];

const OPTIONS: OptionSpec[] = [
  { name: 'append', flags: ['-a', '--append'], help: 'add to an existing domain (objects already there are kept)' },
  { name: 'extend', flags: ['--extend'], value: 'DIMSCALE', help: 'append the files along the dimension scale of this name' },
  { name: 'extend_offset', flags: ['--extend-offset'], value: 'N', help: 'write at index N along the extended dimension' },
  { name: 'no_clobber', flags: ['-n', '--no-clobber'], help: 'do not overwrite the target' },
  { name: 'nodata', flags: ['--nodata'], help: 'do not copy dataset data' },
  { name: 'z', flags: ['-z'], value: 'N', help: 'compress datasets that are not compressed (gzip level N unless --compression)' },
  { name: 'compression', flags: ['--compression'], value: 'NAME', choices: COMPRESSORS, help: 'compressor for -z' },
  { name: 'link', flags: ['--link'], help: 'link to the data in the source file instead of copying it' },
  { name: 'linkpath', flags: ['--linkpath'], value: 'URI', help: 'file_uri the server reads the data by (with --link)' },
  { name: 'ignore_filters', flags: ['--ignore-filters'], help: 'do not keep the filters of the source datasets' },
  { name: 'retries', flags: ['--retries'], value: 'N', help: 'retry attempts after server errors (default 5)' },
  { name: 'fastlink', flags: ['--fastlink'], help: 'not supported (use --link)' },
  { name: 'h5image', flags: ['--h5image'], help: 'not supported' },
];

function integer(value: string | undefined, flag: string, min = 0): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`${flag} needs a whole number${min ? ` of at least ${min}` : ''}, not '${value}'`);
  return Number(value);
}

function settingsOf(ctx: ToolContext): Omit<LoadSettings, 'keepExisting' | 'fileUri'> {
  if (ctx.flag('fastlink')) throw new UsageError('--fastlink is not supported; use --link (chunk locations are computed by hsload)');
  if (ctx.flag('h5image')) throw new UsageError('--h5image is not supported');
  const link = ctx.flag('link');
  if (ctx.value('linkpath') && !link) throw new UsageError('--linkpath can only be used with --link');
  if (ctx.value('extend_offset') !== undefined && !ctx.value('extend')) throw new UsageError('--extend-offset can only be used with --extend');
  if (ctx.value('extend') && link) throw new UsageError("--extend can't be used with --link");
  if (ctx.flag('nodata') && link) throw new UsageError("--nodata can't be used with --link");
  const level = integer(ctx.value('z'), '-z');
  if (level !== undefined && level > 9) throw new UsageError('-z takes a level from 0 to 9');
  const name = ctx.value('compression') ?? (level !== undefined ? 'gzip' : undefined);
  const recompress: Recompression | undefined = name ? { name, level } : undefined;
  const dataload: DataLoad = link ? 'link' : ctx.flag('nodata') ? 'none' : 'copy';
  const extendDim = ctx.value('extend');
  return {
    dataload,
    ignoreFilters: ctx.flag('ignore_filters'),
    recompress,
    extend: extendDim ? { dim: extendDim, offset: integer(ctx.value('extend_offset'), '--extend-offset') } : undefined,
  };
}

/** A directory given as a source stands for the HDF5 files in it (by their signature), in name order. */
function filesOf(arg: string): string[] {
  let isDirectory = false;
  try {
    isDirectory = statSync(arg).isDirectory();
  } catch {
    return [arg];
  }
  if (!isDirectory) return [arg];
  return readdirSync(arg, { withFileTypes: true })
    .filter((e) => e.isFile() && startsLikeHdf5(path.join(arg, e.name)))
    .map((e) => path.join(arg, e.name))
    .sort();
}

function startsLikeHdf5(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(8);
    return readSync(fd, head, 0, 8, 0) === 8 && head.equals(HDF5_SIGNATURE);
  } finally {
    closeSync(fd);
  }
}

const HDF5_SIGNATURE = Buffer.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

export const hsload: Tool = {
  name: 'hsload',
  synopsis: [
    '[ OPTIONS ]  sourcefile  domain',
    '[ OPTIONS ]  sourcefile_1 sourcefile_2 ... | directory  folder/',
    '[ OPTIONS ]  --extend DIMSCALE  sourcefile_1 sourcefile_2 ...  domain',
  ],
  description: [
    'Copy HDF5 files to domains',
    '   sourcefile: HDF5 file (local path, or s3://bucket/key of the server\'s store); a directory: the HDF5 files in it',
    '   domain: absolute domain path (with or without hdf5://); folder: a path ending in /',
    'With --link only the metadata is copied and the data stays in the source file: the server must',
    'be able to read it (s3://bucket/key or bucket/key in its store, or a local file under one of the',
    'link roots it was started with: config link_roots / H5LAB_LINK_ROOTS).',
    'An interrupted load continues where it stopped when the same command is run again.',
  ],
  options: OPTIONS,
  examples: ['{cmd} data.h5 /home/me/data.h5', '{cmd} --link s3://bucket/data.h5 /home/me/', '{cmd} --extend time day1.h5 day2.h5 /home/me/all.h5'],
  async run(ctx: ToolContext) {
    if (ctx.positionals.length < 2) throw new UsageError('give one or more source files and a target domain or folder');
    const settings = settingsOf(ctx);
    const target = parseTarget(ctx.positionals[ctx.positionals.length - 1]);
    const given = ctx.positionals.slice(0, -1);
    const sources = given.flatMap(filesOf);
    if (sources.length === 0) throw new CliError(`no HDF5 files in ${given.join(', ')}`);
    if ((sources.length > 1 || sources.length !== given.length) && !target.isFolder && !settings.extend)
      throw new UsageError('the target must be a folder (ending in /) when loading several files');
    if (target.isFolder && settings.extend) throw new UsageError('--extend loads into one domain, not a folder');
    const retries = integer(ctx.value('retries'), '--retries');
    const connection = connect({ ...connectionFlags(ctx.options), ...(target.endpoint ? { endpoint: target.endpoint } : {}), retries });
    const line = ctx.progress('hsload');
    const warn = (message: string) => {
      line.clear();
      ctx.log.info(message);
      process.stderr.write(`hsload: ${message}\n`);
    };
    const note = (message: string) => {
      ctx.log.info(message);
      if (ctx.verbose) ctx.out(message);
    };
    try {
      for (const [i, arg] of sources.entries()) {
        const domain = target.isFolder ? target.path + baseName(arg) : target.path;
        const appendTo = ctx.flag('append') || (settings.extend !== undefined && i > 0);
        const mode = appendTo ? 'a' : ctx.flag('no_clobber') ? 'x' : 'w';
        try {
          const source = await resolveSource(arg, { link: settings.dataload === 'link', linkpath: ctx.value('linkpath'), connection, targetDomain: domain });
          try {
            const progress = new LoadProgress(line, sources.length > 1 ? `${i + 1}/${sources.length} ${baseName(arg)}: ` : '');
            const report = await loadSource(source, { connection, domain, mode, settings: { ...settings, keepExisting: appendTo, fileUri: source.fileUri } }, { progress, log: ctx.log, warn, note });
            ctx.log.info(`File ${arg} uploaded to domain: ${domain} (${report.summary})`);
            if (ctx.verbose) ctx.out(`${report.resumed ? 'finished interrupted load of' : 'loaded'} ${arg} into ${domain}: ${report.summary}`);
          } finally {
            await source.cleanup();
          }
        } catch (e) {
          ctx.recover(e);
        }
      }
    } finally {
      ctx.endProgress(line);
      await connection.close();
    }
  },
};
