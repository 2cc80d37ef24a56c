/**
 * Loads one source file into one domain: opens (or resumes) the domain, creates the objects, adds the
 * links, copies the attributes, then the values (copy mode) — the order h5pyd's hsload uses, so that object
 * references in attributes and values can name objects that all exist. Each phase is journaled (see
 * load-journal.ts); a resumed load skips what the journal says is done.
 */
import path from 'node:path';
import { Connection, File, FileMode, HsError } from '../../client/index.js';
import { H5ObjectProperties } from '../../h5file/h5-object-properties.js';
import { H5Reader } from '../../h5file/h5-reader.js';
import { Hdf5FormatError } from '../../h5file/index.js';
import type { CliLogger } from '../common/logger.js';
import { CliError } from '../common/tool.js';
import { copyAttributes } from './attribute-copy.js';
import { copyData, datasetBytes } from './data-copy.js';
import { JournalState, LoadJournal } from './load-journal.js';
import type { LoadProgress } from '../common/load-progress.js';
import { LoadRun, LoadSettings } from './load-run.js';
import type { ResolvedSource } from '../common/source-file.js';
import { planSource } from './source-plan.js';
import { copyLinks, copyObjects, type DatasetJob } from './structure-copy.js';

export interface LoadTarget {
  connection: Connection;
  domain: string;
  /** How to open the domain when not resuming: w (replace), x (must not exist), a (add to it). */
  mode: FileMode;
  settings: LoadSettings;
}

export interface LoadReport {
  resumed: boolean;
  summary: string;
}

async function openSource(source: ResolvedSource): Promise<{ props: H5ObjectProperties; reader: H5Reader }> {
  let props: H5ObjectProperties;
  try {
    props = await H5ObjectProperties.open(source.localPath);
  } catch (e) {
    if (e instanceof Hdf5FormatError) throw new CliError(`${source.label} is not an HDF5 file (or is damaged): ${e.message}`);
    throw e;
  }
  try {
    return { props, reader: await H5Reader.open(source.localPath) };
  } catch (e) {
    await props.close();
    throw e;
  }
}

/** The domain of an interrupted load of the same source with the same settings, if it is still there. */
async function resumable(journal: LoadJournal, target: LoadTarget, source: ResolvedSource, settings: string): Promise<{ file: File; state: JournalState } | undefined> {
  const previous = journal.read();
  if (!previous) return undefined;
  const { start, state } = previous;
  const same = start.domain === target.domain && start.settings === settings && start.source.path === source.stamp.path && start.source.size === source.stamp.size && start.source.mtimeMs === source.stamp.mtimeMs;
  if (!same) return undefined;
  try {
    const file = await File.open(target.domain, 'r+', { connection: target.connection });
    if (file.id === start.root) return { file, state };
  } catch (e) {
    if (!(e instanceof HsError && e.isNotFound)) throw e;
  }
  return undefined;
}

/**
 * Link mode: reads one element of a linked dataset, to tell at once when the server cannot read the source
 * (a local file outside its link roots, a key missing from its store); the load itself goes on.
 */
async function checkLinkedReads(run: LoadRun, jobs: DatasetJob[]): Promise<void> {
  const job = jobs.find((j) => j.linked && j.md.shape?.length);
  if (!job) return;
  const select = `[${job.md.shape!.map(() => '0:1').join(',')}]`;
  try {
    await run.session.request({ method: 'GET', path: `/datasets/${job.id}/value`, query: { select }, acceptBinary: true, what: job.object.path });
  } catch (e) {
    if (!(e instanceof HsError)) throw e;
    const uri = run.settings.fileUri ?? '';
    const hint = uri.startsWith('file://')
      ? `; the server must be started with a link root (config link_roots, or H5LAB_LINK_ROOTS) containing ${path.dirname(uri.slice('file://'.length))}`
      : '';
    run.warn(`the server cannot read the linked data in ${uri} (${e.reason || e.message})${hint}`);
  }
}

export interface LoadReporting {
  progress: LoadProgress;
  log: CliLogger;
  warn(message: string): void;
  note(message: string): void;
}

export async function loadSource(source: ResolvedSource, target: LoadTarget, reporting: LoadReporting): Promise<LoadReport> {
  const { progress, log, warn } = reporting;
  const { props, reader } = await openSource(source);
  const settingsKey = JSON.stringify({ ...target.settings, keepExisting: undefined });
  const journal = LoadJournal.for(`${target.connection.endpoint} ${target.connection.bucket ?? ''}`, target.domain, source.stamp.path);
  try {
    const plan = planSource(reader);
    for (const path of plan.skipped) warn(`link ${path} not copied: user-defined link types are not supported`);
    const previous = await resumable(journal, target, source, settingsKey);
    let file: File;
    if (previous) {
      file = previous.file;
      journal.resume();
      log.info(`resuming the interrupted load of ${source.label} into ${target.domain}`);
    } else {
      file = await File.open(target.domain, target.mode, { connection: target.connection, trackOrder: await props.tracksLinkOrder(plan.root.address) });
      journal.begin({ source: source.stamp, domain: target.domain, root: file.id, settings: settingsKey });
    }
    const run = new LoadRun(reader, props, file.session, target.settings, journal, previous?.state, progress, log, warn, reporting.note);
    run.ensureData = source.ensureData;
    for (const [address, id] of previous?.state.ids ?? []) {
      run.ids.set(BigInt(address), id);
      run.created.add(BigInt(address));
    }
    const ownsRoot = previous !== undefined || !target.settings.keepExisting;
    if (!run.ids.has(plan.root.address)) run.adopt(plan.root.address, file.id, ownsRoot);

    progress.expect(plan.objects.length + 1, 0);
    progress.objects();
    const phase = (name: string) => log.info(`${source.label}: ${name} done after ${progress.seconds.toFixed(2)} s`);
    const jobs = await copyObjects(run, plan);
    phase('objects');
    await checkLinkedReads(run, jobs);
    // Links are added again when resuming (an unchanged link is accepted as is): cheap, and it links any
    // object the interrupted run made but did not get to link.
    await copyLinks(run, plan);
    journal.phase('links');
    phase('links');
    const attributesDone = previous?.state.phases.has('attributes') === true;
    const owned = [plan.root, ...plan.objects].filter((o) => (attributesDone ? run.createdNow : run.created).has(o.address));
    await copyAttributes(run, owned);
    journal.phase('attributes');
    phase('attributes');
    let unreadable: string[] = [];
    if (target.settings.dataload !== 'none') {
      progress.expect(0, jobs.filter((j) => !j.linked).reduce((n, j) => n + datasetBytes(j), 0));
      unreadable = await copyData(run, jobs);
      phase('values');
    }
    // Running again would not read them either: the load is over.
    journal.finish();
    if (unreadable.length)
      throw new CliError(`${source.label}: the values of ${unreadable.length} dataset${unreadable.length > 1 ? 's' : ''} could not be read (${unreadable.join(', ')}); everything else was loaded${target.settings.dataload === 'copy' ? ' (--link may serve them)' : ''}`);
    return { resumed: previous !== undefined, summary: progress.summary() };
  } finally {
    journal.close();
    reader.close();
    await props.close();
  }
}
