/**
 * The domains the viewer tests open, written through the HDF REST API (the SDK, straight to the lab's
 * sidecar with the lab user's ~/.hscfg credentials): one with a dataset per viewer, one with 1,001 objects.
 */
import { File, Group } from '../../lib/src/client/index.js';
import { sidecarConnection } from './lab-ui.js';

export interface ViewerDomains {
  /** A dataset per viewer, attributes, a dimension scale. */
  domain: string;
  /** 10 groups of 99 scalar datasets: beyond the server's domain_objs limit (500). */
  bigDomain: string;
}

export const CUBE_SHAPE = [4, 50, 60];
export const LONG_ROWS = 1_000_000;
export const HEATMAP_SIZE = 2000;

/** cube[k, i, j]: each slice k has its own values. */
export const cubeValue = (k: number, i: number, j: number): number => k * 100_000 + i * 100 + j;

async function writeViewerDomain(root: File): Promise<void> {
  await root.attrs.set('description', 'viewer fixture');
  await root.attrs.set('version', 3, { dtype: 'int32' });
  await root.attrs.set('limits', new Float64Array([-1.5, 2.5]));

  const line = await root.createGroup('line');
  const x = await line.createDataset('x', { data: Float64Array.from({ length: 1000 }, (_, i) => i * 0.01) });
  await x.attrs.set('CLASS', 'DIMENSION_SCALE');
  await x.attrs.set('NAME', 'x');
  const y = await line.createDataset('y', { data: Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i * 0.02)) });
  // As h5py's y.dims[0].attach_scale(x): per dimension, a list of references to its scales.
  await y.attrs.set('DIMENSION_LIST', [[`datasets/${x.id}`]], { dtype: { vlen: 'ref' }, shape: [1] });

  const images = await root.createGroup('images');
  const n = HEATMAP_SIZE;
  const heat = new Float32Array(n * n);
  for (let r = 0; r < n; r++) for (let c = 0; c < n; c++) heat[r * n + c] = Math.sin(r / 150) * Math.cos(c / 200) + r / n;
  await images.createDataset('heatmap', { data: heat, shape: [n, n] });

  const rgb = new Uint8Array(120 * 160 * 3);
  for (let r = 0; r < 120; r++)
    for (let c = 0; c < 160; c++) rgb.set([Math.round((255 * c) / 159), Math.round((255 * r) / 119), 128], (r * 160 + c) * 3);
  const image = await images.createDataset('rgb', { data: rgb, shape: [120, 160, 3] });
  await image.attrs.set('CLASS', 'IMAGE');
  await image.attrs.set('IMAGE_SUBCLASS', 'IMAGE_TRUECOLOR');

  const [depth, rows, cols] = CUBE_SHAPE;
  const cube = new Int32Array(depth * rows * cols);
  for (let k = 0; k < depth; k++)
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) cube[(k * rows + i) * cols + j] = cubeValue(k, i, j);
  await root.createDataset('cube', { data: cube, shape: CUBE_SHAPE });

  await root.createDataset('table', {
    dtype: [['id', 'int32'], ['value', 'float64'], ['label', 'str']],
    shape: [1000],
    data: Array.from({ length: 1000 }, (_, i) => ({ id: i, value: i / 4, label: `row-${i}` })),
  });
  await root.createDataset('long', { data: Int32Array.from({ length: LONG_ROWS }, (_, i) => i) });
  await (await root.createDataset('title', { shape: [], dtype: 'str' })).write(undefined, 'h5lab viewer test');
}

async function writeBigDomain(root: File): Promise<void> {
  const groups: Group[] = [];
  for (let g = 0; g < 10; g++) groups.push(await root.createGroup(`g${g}`));
  const names = groups.flatMap((group) => Array.from({ length: 99 }, (_, i) => ({ group, name: `d${String(i).padStart(2, '0')}` })));
  for (let i = 0; i < names.length; i += 25)
    await Promise.all(names.slice(i, i + 25).map(({ group, name }) => group.createDataset(name, { shape: [], dtype: 'int32' })));
}

export async function createViewerDomains(): Promise<ViewerDomains> {
  const { connection, user } = sidecarConnection();
  const stamp = Date.now().toString(36);
  const domain = `/home/${user}/viewers_${stamp}.h5`;
  const bigDomain = `/home/${user}/objects_${stamp}.h5`;
  try {
    await writeViewerDomain(await File.open(domain, 'w', { connection }));
    await writeBigDomain(await File.open(bigDomain, 'w', { connection }));
  } finally {
    await connection.close();
  }
  return { domain, bigDomain };
}
