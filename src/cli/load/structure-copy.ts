/**
 * Creates the copies of the source's groups, committed datatypes and datasets, and links them. Into a new
 * domain objects are made unlinked and every link (each object's first one, more hard links, soft and
 * external links) is added afterwards in bulk; into an existing domain (--append, --extend) each object
 * is made with its link, and one whose link exists already is reused. Objects an interrupted run recorded
 * are reused too.
 */
import type { Metadata } from 'h5wasm/node';
import { HsError } from '../../client/index.js';
import type { TypeJson } from '../../core/types.js';
import type { DatasetProperties } from '../../h5file/h5-object-properties.js';
import { Hdf5FormatError, Hdf5PathError } from '../../h5file/index.js';
import { restType, UnsupportedTypeError } from '../../h5file/h5-rest-types.js';
import { chooseFilters } from './filter-mapping.js';
import { copyLayout, datasetBody, fillValueOf, shapeOf } from './dataset-spec.js';
import { CHUNK_TABLE_TYPE, linkDecision } from './link-layout.js';
import type { LoadRun } from './load-run.js';
import type { SourceLink, SourceObject, SourcePlan } from './source-plan.js';

/** Object creations in flight at once. */
const CONCURRENCY = 16;
/** Keep bulk link bodies well under HSDS's 1 MiB JSON limit. */
const MAX_LINK_BATCH = 2000;

export interface DatasetJob {
  object: SourceObject;
  id: string;
  md: Metadata;
  type: TypeJson;
  props: DatasetProperties;
  /** Values are read from the source file by the server (link mode): nothing to copy. */
  linked: boolean;
  /** Dimensions appended to along the --extend dimension. */
  extendDims: Set<number>;
  /** The fill value element (binary), when the source set one. */
  fill?: Uint8Array;
}

async function pool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, items.length) }, worker));
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** The id behind the link `name` of group `parentId`, for an object that exists already. */
async function existingMember(run: LoadRun, parentId: string, name: string): Promise<string> {
  const res = await run.session.json<{ link: { class: string; id?: string } }>('GET', `/groups/${parentId}/links/${encodeURIComponent(name)}`, { what: `link '${name}'` });
  if (res.link.class !== 'H5L_TYPE_HARD' || !res.link.id) throw new Error(`'${name}' exists in the domain and is not an object`);
  return res.link.id;
}

/**
 * Creates the copy of a source object. Into a new domain objects are created unlinked, and linked later in
 * bulk (copyLinks): one write per group instead of one per member, which a group's lock would serialize.
 * Into an existing domain (append, --extend) each object is created with its link, and an object whose
 * link exists already is reused.
 */
async function create(run: LoadRun, object: SourceObject, collection: string, body: object): Promise<string> {
  if (!run.settings.keepExisting) {
    const made = await run.session.json<{ id: string }>('POST', `/${collection}`, { json: body, what: object.path });
    run.adopt(object.address, made.id, true);
    return made.id;
  }
  const parentId = run.ids.get(object.parent!);
  if (!parentId) throw new Error(`cannot create ${object.path}: its group was not created`);
  try {
    const made = await run.session.json<{ id: string }>('POST', `/${collection}`, { json: { ...body, link: { id: parentId, name: object.name } }, what: object.path });
    run.adopt(object.address, made.id, true);
    return made.id;
  } catch (e) {
    if (!(e instanceof HsError && e.status === 409)) throw e;
    run.adopt(object.address, await existingMember(run, parentId, object.name!), false);
    return run.ids.get(object.address)!;
  }
}

/** Dimensions of a dataset that grow with each file along the --extend dimension scale. */
function extendDims(run: LoadRun, object: SourceObject, md: Metadata): Set<number> {
  const dims = new Set<number>();
  const dim = run.settings.extend?.dim;
  if (!dim || !md.shape || md.shape.length === 0) return dims;
  if (baseName(object.path) === dim) return new Set(md.shape.map((_, d) => d));
  md.shape.forEach((_, d) => {
    if (run.reader.dimensionScales(object.path, d).some((scale) => baseName(scale) === dim)) dims.add(d);
  });
  return dims;
}

async function datasetJob(run: LoadRun, object: SourceObject): Promise<DatasetJob | undefined> {
  const md = run.reader.dataset(object.path);
  let type: TypeJson;
  try {
    type = restType(md);
  } catch (e) {
    if (!(e instanceof UnsupportedTypeError)) throw e;
    run.warn(`dataset ${object.path} not copied: ${e.message}`);
    return undefined;
  }
  const props = await run.props.dataset(object.address);
  const fill = fillValueOf(md, type, props);
  const job: DatasetJob = { object, id: '', md, type, props, linked: false, extendDims: extendDims(run, object, md), fill: fill ? Buffer.from(fill, 'base64') : undefined };
  const recorded = run.ids.get(object.address);
  if (recorded) {
    job.id = recorded;
    job.linked = run.settings.dataload === 'link' && (await linkedLayout(run, recorded));
    return job;
  }
  const committed = props.committedType !== undefined ? run.ids.get(props.committedType) : undefined;
  const shape = shapeOf(md, job.extendDims);
  const { filters, dropped } = chooseFilters(props.filters, {
    ignoreFilters: run.settings.ignoreFilters,
    recompress: run.settings.recompress,
    compressors: run.session.compressors,
  });
  let layout = copyLayout(md, props, shape);
  if (run.settings.dataload === 'link') {
    const decision = await run.locate(object.path).then(
      (info) => linkDecision(md, info, run.settings.fileUri!),
      (e: unknown) => {
        // Storage the chunk locator does not follow (external raw data files…): copy the values instead.
        if (!(e instanceof Hdf5FormatError || e instanceof Hdf5PathError)) throw e;
        return { link: false as const, reason: e.message };
      },
    );
    if (!decision.link) {
      run.note(`${object.path} is copied instead of linked: ${decision.reason}`);
    } else {
      layout = decision.layout;
      if ('table' in decision) layout = { ...layout, chunk_table: await chunkTable(run, decision.table) };
      job.linked = true;
    }
  }
  if (dropped.length && !job.linked) run.note(`${object.path}: the ${dropped.join(', ')} filter is not kept (the server cannot apply it); values are copied decoded`);
  // Compact storage takes no filters: a dataset given a compressor (-z) is stored chunked instead.
  if (layout?.class === 'H5D_COMPACT' && filters.length) layout = undefined;
  job.id = await create(run, object, 'datasets', datasetBody({ md, type: committed ?? type, shape, layout, filters, fill }));
  return job;
}

/** Whether an existing dataset copy reads from the source file. */
async function linkedLayout(run: LoadRun, id: string): Promise<boolean> {
  const json = await run.session.json<{ creationProperties?: { layout?: { class?: string } } }>('GET', `/datasets/${id}`, { what: `dataset ${id}` });
  return /_REF/.test(json.creationProperties?.layout?.class ?? '');
}

/** An anonymous chunk-table dataset holding (offset, size) per chunk. */
async function chunkTable(run: LoadRun, table: { grid: number[]; entries: Uint8Array }): Promise<string> {
  const made = await run.session.json<{ id: string }>('POST', '/datasets', { json: { type: CHUNK_TABLE_TYPE, shape: table.grid }, what: 'chunk table' });
  await run.session.request({ method: 'PUT', path: `/datasets/${made.id}/value`, binary: table.entries, what: 'chunk table' });
  return made.id;
}

/** Creates every object; returns the datasets, for the data phase. */
export async function copyObjects(run: LoadRun, plan: SourcePlan): Promise<DatasetJob[]> {
  const pending = (o: SourceObject) => {
    const known = run.ids.has(o.address);
    if (known) run.progress.objects();
    return !known;
  };
  const createGroup = async (g: SourceObject) => {
    const cp = (await run.props.tracksLinkOrder(g.address)) ? { creationProperties: { CreateOrder: 1 } } : {};
    await create(run, g, 'groups', cp);
    run.progress.objects();
  };
  const groups = plan.objects.filter((o) => o.kind === 'group' && pending(o));
  if (run.settings.keepExisting) {
    // Parents before members: each object is created with its link.
    for (let depth = 1; groups.some((g) => g.depth >= depth); depth++) await pool(groups.filter((g) => g.depth === depth), createGroup);
  }
  // Committed types before datasets, which may refer to them.
  await pool(plan.objects.filter((o) => o.kind === 'datatype' && pending(o)), async (t) => {
    await create(run, t, 'datatypes', { type: restType(run.reader.datatype(t.path)) });
    run.progress.objects();
  });
  const jobs: DatasetJob[] = [];
  const datasets = plan.objects.filter((o) => o.kind === 'dataset');
  await pool<SourceObject>(run.settings.keepExisting ? datasets : [...groups, ...datasets], async (o) => {
    if (o.kind === 'group') return createGroup(o);
    const job = await datasetJob(run, o);
    if (job) jobs.push(job);
    run.progress.objects();
  });
  return jobs.sort((a, b) => (a.object.path < b.object.path ? -1 : a.object.path > b.object.path ? 1 : 0));
}

function linkBody(run: LoadRun, link: SourceLink): Record<string, string> | undefined {
  switch (link.kind) {
    case 'hard': {
      const id = run.ids.get(link.target);
      return id ? { id } : undefined;
    }
    case 'soft':
      return { h5path: link.target };
    case 'external':
      return { h5path: link.path, h5domain: link.file };
  }
}

/** Adds the links that did not come with object creation, many groups per request. */
export async function copyLinks(run: LoadRun, plan: SourcePlan): Promise<void> {
  const items: { groupId: string; name: string; body: Record<string, string> }[] = [];
  const firstLinks: SourceLink[] = run.settings.keepExisting
    ? []
    : plan.objects.filter((o) => run.ids.has(o.address)).map((o) => ({ parent: o.parent!, name: o.name!, kind: 'hard', target: o.address }));
  for (const link of [...firstLinks, ...plan.links]) {
    const groupId = run.ids.get(link.parent);
    const body = linkBody(run, link);
    if (!groupId || !body) {
      run.warn(`link '${link.name}' not copied: what it leads to was not copied`);
      continue;
    }
    items.push({ groupId, name: link.name, body });
  }
  for (let i = 0; i < items.length; i += MAX_LINK_BATCH) {
    const batch = items.slice(i, i + MAX_LINK_BATCH);
    const grpIds: Record<string, { links: Record<string, Record<string, string>> }> = {};
    for (const { groupId, name, body } of batch) (grpIds[groupId] ??= { links: {} }).links[name] = body;
    try {
      await run.session.request({ method: 'PUT', path: `/groups/${run.session.rootId}/links`, json: { grp_ids: grpIds }, what: 'links' });
    } catch (e) {
      if (!(e instanceof HsError && e.status === 409)) throw e;
      // Some names are taken (an appended domain): add the links one by one to tell which.
      for (const { groupId, name, body } of batch) {
        const res = await run.session.request({ method: 'PUT', path: `/groups/${groupId}/links/${encodeURIComponent(name)}`, json: body, allow: [409], what: `link '${name}'` });
        if (res.status === 409) run.warn(`link '${name}' not copied: the domain has another link by that name`);
      }
    }
  }
}
