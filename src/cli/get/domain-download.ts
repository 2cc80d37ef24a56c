/**
 * Copies a domain into a new HDF5 file: walks the domain, declares every object, link and attribute to the
 * file writer, then downloads dataset values — chunk by chunk as the server stores them where the file's
 * filters write the same bytes (stored-chunk-download.ts), else in pages aligned to both the file's chunks
 * and the server's (several requests in flight; each page is written as it arrives) — and finishes the file.
 */
import type { File } from '../../client/index.js';
import type { DatasetJson, DatatypeJson } from '../../client/json-types.js';
import { fixedSize, isVariable, normalizeNested, type TypeJson } from '../../core/types.js';
import { H5FileWriter, H5Object } from '../../h5file/h5-file-writer.js';
import { LoadProgress } from '../common/load-progress.js';
import { pageAt, planPages, selectOf } from '../common/page-plan.js';
import { RequestQueue } from '../common/request-queue.js';
import { tracksOrder } from '../../client/index.js';
import { attributesOf, DomainObject, walkDomain } from './domain-walk.js';
import { outputDataset, type OutputDataset } from './output-layout.js';
import { StoredChunkDownload, storedChunkTarget } from './stored-chunk-download.js';

/** Bytes per element assumed when planning pages of variable-length types. */
const VARIABLE_ITEM_ESTIMATE = 64;

interface DatasetWork {
  object: DomainObject;
  target: H5Object;
  out: OutputDataset;
}

export interface DownloadOptions {
  nodata: boolean;
  progress: LoadProgress;
  /** Something not copied (printed above the progress line). */
  warn(message: string): void;
  /** A change made on the way (in the log; printed with --verbose). */
  note(message: string): void;
}

const itemBytes = (type: TypeJson) => (isVariable(type) ? VARIABLE_ITEM_ESTIMATE : fixedSize(type));

async function readValues(file: File, id: string, select: string | undefined, what: string): Promise<Uint8Array> {
  const res = await file.session.request({ method: 'GET', path: `/datasets/${id}/value`, query: { select }, acceptBinary: true, what });
  return res.body;
}

export async function downloadDomain(file: File, writer: H5FileWriter, byId: Map<string, H5Object>, options: DownloadOptions): Promise<void> {
  const { root, objects, links } = await walkDomain(file);
  const session = file.session;
  options.progress.expect(objects.length + 1, 0);
  byId.set(root.id, writer.root);
  options.progress.objects(objects.length + 1);

  // Committed datatypes first: datasets and attributes may refer to them.
  const committed = (type: TypeJson) => (type.id ? byId.get(type.id) : undefined);
  for (const o of objects.filter((x) => x.kind === 'datatype')) byId.set(o.id, writer.datatype(normalizeNested((o.json as DatatypeJson).type)));
  const datasets: DatasetWork[] = [];
  for (const o of objects) {
    if (o.kind === 'group') byId.set(o.id, writer.group({ trackOrder: tracksOrder(o.json) }));
    else if (o.kind === 'dataset') {
      const json = o.json as DatasetJson;
      const out = outputDataset(json);
      for (const n of out.notes) options.note(`${o.path}: ${n}`);
      const compactData = out.layout.kind === 'compact' && out.dims && !options.nodata ? await readValues(file, o.id, undefined, o.path) : undefined;
      const target = writer.dataset({ ...out, committed: committed(normalizeNested(json.type)), compactData });
      byId.set(o.id, target);
      datasets.push({ object: o, target, out });
    }
  }
  writer.root.trackOrder = tracksOrder(root.json);
  for (const l of links) {
    const group = byId.get(l.groupId)!;
    if ('id' in l.target) {
      const target = byId.get(l.target.id);
      if (target) writer.link(group, l.name, target);
    } else writer.link(group, l.name, l.target);
  }
  for (const o of [root, ...objects]) {
    const attributes = await attributesOf(session, o);
    for (const a of attributes)
      if (!writer.attribute(byId.get(o.id)!, { ...a, committed: committed(a.type) })) options.warn(`${o.path}: attribute '${a.name}' not written: larger than an HDF5 object header holds`);
    options.progress.attributes(attributes.length);
  }
  writer.beginData();
  if (options.nodata) return;

  const work = datasets.filter((d) => d.out.dims && d.out.dims.every((n) => n > 0) && d.out.layout.kind !== 'compact');
  options.progress.expect(0, work.reduce((n, d) => n + d.out.dims!.reduce((a, b) => a * b, itemBytes(d.out.type)), 0));
  const queue = new RequestQueue();
  const storedChunks = new StoredChunkDownload(file, writer, options.progress, (id, select, what) => readValues(file, id, select, what));
  for (const { object, target, out } of work) {
    const dims = out.dims!;
    const size = itemBytes(out.type);
    const json = object.json as DatasetJson;
    if (dims.length === 0) {
      await queue.add(size, async () => {
        await writer.writeBlock(target, [], [], await readValues(file, object.id, undefined, object.path));
        options.progress.bytes(size);
      });
      continue;
    }
    const stored = storedChunks.usable ? storedChunkTarget(json, object.path, out, target) : undefined;
    if (stored && (await storedChunks.copy(stored, queue))) continue;
    const plan = planPages(dims, size, json.layout?.dims, out.layout.kind === 'chunked' ? out.layout.chunks : undefined);
    for (let i = 0; i < plan.total; i++) {
      const page = pageAt(plan, dims, i);
      await queue.add(page.count.reduce((a, b) => a * b, size), async () => {
        const wire = await readValues(file, object.id, selectOf(page), object.path);
        await writer.writeBlock(target, page.start, page.count, wire);
        options.progress.bytes(page.count.reduce((a, b) => a * b, size));
      });
    }
  }
  await queue.drain();
  if (storedChunks.written) options.note(`${storedChunks.written} chunk${storedChunks.written > 1 ? 's' : ''} written as the server stores them (not recompressed)`);
}
