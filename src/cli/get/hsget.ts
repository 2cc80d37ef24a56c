/**
 * hsget: copies a domain to a local HDF5 file (h5pyd's hsget) with the same structure, types, attributes,
 * links, chunk shapes, filters and fill values; `--nodata` writes only the structure.
 */
import { existsSync, rmSync } from 'node:fs';
import { File } from '../../client/index.js';
import { H5FileWriter, H5Object } from '../../h5file/h5-file-writer.js';
import { UsageError } from '../common/options.js';
import { baseName, parseTarget } from '../common/paths.js';
import { CliError, Tool, ToolContext } from '../common/tool.js';
import { LoadProgress } from '../common/load-progress.js';
import { downloadDomain } from './domain-download.js';

export const hsget: Tool = {
  name: 'hsget',
  synopsis: ['[ OPTIONS ]  domain  [ filepath ]'],
  description: ['Copy server domain to local HDF5 file', '   domain: domain to be copied', "   filepath: HDF5 file to be created (default: the domain's name)"],
  options: [
    { name: 'no_clobber', flags: ['-n', '--no-clobber'], help: 'do not overwrite the target file' },
    { name: 'nodata', flags: ['--nodata'], help: 'do not copy dataset data' },
  ],
  examples: ['{cmd} /shared/tall.h5 tall.h5', '{cmd} hdf5://shared/tall.h5'],
  async run(ctx: ToolContext) {
    if (ctx.positionals.length < 1 || ctx.positionals.length > 2) throw new UsageError('give a domain, and optionally the file to write');
    const target = parseTarget(ctx.positionals[0]);
    if (target.isFolder) throw new UsageError(`${target.path} is a folder: give a domain`);
    const output = ctx.positionals[1] ?? baseName(target.path);
    if (ctx.flag('no_clobber') && existsSync(output)) throw new CliError(`${output} exists (and --no-clobber was given)`);
    const connection = ctx.connect(target.endpoint ? { endpoint: target.endpoint } : {});
    const file = await File.open(target.path, 'r', { connection });
    const byId = new Map<string, H5Object>();
    const writer = await H5FileWriter.create(output, (ref) => byId.get(ref.slice(ref.indexOf('/') + 1)), ctx.flag('no_clobber'));
    const line = ctx.progress('hsget');
    const progress = new LoadProgress(line);
    try {
      await downloadDomain(file, writer, byId, {
        nodata: ctx.flag('nodata'),
        progress,
        warn: (message) => {
          line.clear();
          ctx.log.info(message);
          process.stderr.write(`hsget: ${message}\n`);
        },
        note: (message) => {
          ctx.log.info(message);
          if (ctx.verbose) ctx.out(message);
        },
      });
      await writer.close();
    } catch (e) {
      await writer.abort();
      rmSync(output, { force: true });
      throw e;
    } finally {
      ctx.endProgress(line);
    }
    ctx.log.info(`Domain ${target.path} downloaded to file: ${output} (${progress.summary()})`);
    if (ctx.verbose) ctx.out(`Domain ${target.path} downloaded to file: ${output}: ${progress.summary()}`);
  },
};
