/** SDK files, groups, links, attributes, committed types, folders and ACLs against the real server. */
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { File } from '../../src/client/file.js';
import { Folder } from '../../src/client/folder.js';
import { Group } from '../../src/client/group.js';
import { Dataset } from '../../src/client/dataset.js';
import { Datatype } from '../../src/client/datatype.js';
import { Connection } from '../../src/client/connection.js';
import { HsError } from '../../src/client/errors.js';
import { NdArray, toNested } from '../../src/client/ndarray.js';
import { TestServer } from '../helpers/server.js';
import { RecordingTransport, startClientServer, uniqueDomain, userOptions } from './support.js';

const status = (code: number) => (e: unknown) => e instanceof HsError && e.status === code;

describe('client files, groups and folders', () => {
  let server: TestServer;
  let transport: RecordingTransport;

  before(async () => {
    server = await startClientServer();
    transport = new RecordingTransport();
  });
  after(async () => {
    await transport?.close();
    await server?.dispose();
  });

  it('opens with h5py modes: r/r+ need the domain, w recreates, w-/x refuse existing, a appends', async () => {
    const domain = uniqueDomain('modes');
    const opts = userOptions(server, transport);
    await assert.rejects(File.open(domain, 'r', opts), (e: unknown) => status(404)(e) && /No such domain or folder: \/home/.test((e as Error).message));
    await assert.rejects(File.open(domain, 'r+', opts), status(404));
    let f = await File.open(domain, 'x', opts);
    await f.createGroup('kept');
    await assert.rejects(File.open(domain, 'w-', opts), status(409));
    f = await File.open(domain, 'a', opts);
    assert.deepEqual(await f.keys(), ['kept']);
    f = await File.open(domain, 'w', opts);
    assert.deepEqual(await f.keys(), []);
    assert.equal(f.owner, 'test_user1');
    assert.equal(f.mode, 'w');
    assert.equal(f.limits?.max_request_size, 100 * 1024 * 1024);
    assert.ok(f.compressors.includes('gzip'));
    await assert.rejects(File.open('/home/test_user1', 'r', opts), /is a folder, not a file/);
    await assert.rejects(File.open('relative.h5', 'r', opts), /absolute path/);
    // A domain given as a URL names the server too; a trailing slash on the endpoint is harmless.
    const viaUrl = await File.open(`${server.url}${domain}`, 'r', { username: 'test_user1', password: 'test' });
    assert.equal(viaUrl.filename, domain);
    await viaUrl.close();
    const slash = await File.open(domain, 'r', { ...opts, endpoint: `${server.url}/` });
    assert.deepEqual(await slash.keys(), []);
  });

  it('serves read-only metadata from the one open request, and refuses writes', async () => {
    const domain = uniqueDomain('cached');
    const opts = userOptions(server, transport);
    const w = await File.open(domain, 'w', opts);
    const g = await w.createGroup('g1/g2');
    await g.createDataset('d', { data: [1, 2, 3], dtype: 'i4' });
    await g.attrs.set('units', 'm/s');
    await w.attrs.set('version', 3);
    await w.createSoftLink('alias', '/g1/g2/d');

    transport.clear();
    const r = await File.open(domain, 'r', opts);
    const d = (await r.get('alias')) as Dataset;
    assert.ok(d instanceof Dataset);
    assert.deepEqual(d.shape, [3]);
    assert.deepEqual(await r.keys(), ['alias', 'g1']);
    assert.equal(await (await r.get('g1/g2')).attrs.get('units'), 'm/s');
    assert.equal(await r.attrs.get('version'), 3);
    assert.deepEqual(await r.visit((n) => (n === 'g1/g2/d' ? n : undefined)), 'g1/g2/d');
    assert.deepEqual(
      transport.log.map((l) => `${l.method} ${l.path}`),
      ['GET /'],
      'everything above came from the open-time metadata',
    );
    assert.equal(transport.log[0].query.get('getobjs'), 'T');
    await assert.rejects(r.createGroup('new'), /opened read-only \(mode 'r'\)/);
    await assert.rejects(r.attrs.set('x', 1), /read-only/);
    await assert.rejects(d.write(undefined, [1, 2, 3]), /read-only/);
    // Reading values is allowed.
    assert.deepEqual(Array.from((await d.read()).data as Int32Array), [1, 2, 3]);
  });

  it('creates, finds, lists and deletes groups; keeps name order or creation order', async () => {
    const f = await File.open(uniqueDomain('groups'), 'w', userOptions(server, transport));
    for (const n of ['b', 'a', 'C', 'é']) await f.createGroup(n);
    assert.deepEqual(await f.keys(), ['C', 'a', 'b', 'é']);
    const ordered = await f.createGroup('ordered', { trackOrder: true });
    for (const n of ['z', 'y', 'x']) await ordered.createGroup(n);
    assert.deepEqual(await ordered.keys(), ['z', 'y', 'x']);
    const deep = await f.createGroup('/p/q/r');
    assert.equal(deep.name, '/p/q/r');
    assert.ok(await f.has('p/q'));
    assert.equal((await f.requireGroup('p/q')).name, '/p/q');
    await assert.rejects(f.createGroup('p/q'), status(409));
    await f.createDataset('p/data', { shape: [2] });
    await assert.rejects(f.requireGroup('p/data'), /exists and is not a group/);
    await assert.rejects(f.get('p/missing'), (e: unknown) => status(404)(e) && /Not found: object '\/p\/missing'/.test((e as Error).message));
    const items = await (await f.get('p') as Group).items();
    assert.deepEqual(items.map(([n, o]) => [n, o.constructor.name, o.name]), [['data', 'Dataset', '/p/data'], ['q', 'Group', '/p/q']]);
    await f.delete('p/q');
    assert.equal(await f.has('p/q'), false);
    assert.equal(await f.length(), 6);
  });

  it('follows hard, soft and external links (relative external domains are siblings)', async () => {
    const opts = userOptions(server, transport);
    const targetDomain = uniqueDomain('target');
    const t = await File.open(targetDomain, 'w', opts);
    await t.createDataset('inner/values', { data: [1.5, 2.5] });
    const f = await File.open(uniqueDomain('links'), 'w', opts);
    const g = await f.createGroup('g');
    const d = await g.createDataset('d', { data: [[1, 2], [3, 4]], dtype: 'u2' });
    await f.createHardLink('hard', d);
    await f.createSoftLink('soft', '/g/d');
    await g.createSoftLink('rel', 'd');
    await f.createSoftLink('dangling', '/nowhere');
    await f.createExternalLink('ext', targetDomain, '/inner');
    await f.createExternalLink('extrel', targetDomain.split('/').pop()!, '/inner/values');
    await f.createExternalLink('extmissing', '/home/test_user1/none.h5', '/x');

    assert.ok((await f.get('hard')).equals(d));
    assert.ok((await f.get('soft')).equals(d));
    assert.ok((await f.get('g/rel')).equals(d));
    const ext = await f.get('ext/values');
    assert.ok(ext instanceof Dataset);
    assert.equal(ext.domain, targetDomain);
    assert.deepEqual(Array.from((await (await f.get('extrel') as Dataset).read()).data as Float64Array), [1.5, 2.5]);
    assert.equal(await f.has('dangling'), false);
    assert.equal(await f.has('extmissing'), false);
    assert.deepEqual(await f.getLink('soft'), { class: 'soft', name: 'soft', path: '/g/d', created: (await f.getLink('soft')).created });
    const ext1 = await f.getLink('ext');
    assert.deepEqual([ext1.class, ext1.class === 'external' && ext1.domain], ['external', targetDomain]);
    const hard = await f.getLink('hard');
    assert.deepEqual([hard.class, hard.class === 'hard' && hard.id, hard.class === 'hard' && hard.collection], ['hard', d.id, 'datasets']);
    // Deleting a link keeps the object reachable through the others.
    await f.delete('hard');
    assert.ok((await f.get('g/d')).equals(d));
  });

  it('visits every object once, depth first in member order', async () => {
    const f = await File.open(uniqueDomain('visit'), 'w', userOptions(server, transport));
    await f.createDataset('b/x', { shape: [1] });
    await f.createGroup('a/c');
    await f.createHardLink('a/again', await f.get('b'));
    await f.createSoftLink('s', '/a');
    const seen: string[] = [];
    await f.visitItems((name, obj) => {
      seen.push(`${name}:${obj.constructor.name}`);
    });
    assert.deepEqual(seen, ['a:Group', 'a/again:Group', 'a/again/x:Dataset', 'a/c:Group']);
    assert.equal(await f.visit((n) => (n.endsWith('c') ? `found ${n}` : undefined)), 'found a/c');
  });

  it('reads and writes attributes of every kind', async () => {
    const f = await File.open(uniqueDomain('attrs'), 'w', userOptions(server, transport));
    const d = await f.createDataset('d', { shape: [2] });
    const a = d.attrs;
    await a.set('title', 'Température');
    await a.set('count', 42);
    await a.set('scale', 0.5);
    await a.set('big', 2n ** 62n + 7n);
    await a.set('flag', true);
    await a.set('matrix', [[1, 2, 3], [4, 5, 6]]);
    await a.set('floats', new Float32Array([0.5, NaN, Infinity]));
    await a.set('names', ['x', 'yy']);
    await a.set('point', { x: 1.5, label: 'p' });
    await a.set('as_u1', [1, 2], { dtype: 'u1' });
    await a.set('fixed', 'abc', { dtype: 'S8' });
    await a.set('nothing', 5);
    await a.delete('nothing');
    assert.deepEqual(await a.keys(), ['as_u1', 'big', 'count', 'fixed', 'flag', 'floats', 'matrix', 'names', 'point', 'scale', 'title']);
    assert.equal(await a.get('title'), 'Température');
    assert.equal(await a.get('count'), 42);
    assert.equal(await a.get('big'), 2n ** 62n + 7n);
    assert.equal(await a.get('flag'), true);
    assert.equal(await a.get('fixed'), 'abc');
    assert.deepEqual(await a.get('point'), { x: 1.5, label: 'p' });
    const matrix = (await a.get('matrix')) as NdArray;
    assert.deepEqual([matrix.dtype, toNested(matrix)], ['int64', [[1n, 2n, 3n], [4n, 5n, 6n]]]);
    const floats = (await a.get('floats')) as NdArray;
    assert.ok(floats.data instanceof Float32Array);
    assert.deepEqual(Array.from(floats.data), [0.5, NaN, Infinity]);
    assert.deepEqual(((await a.get('as_u1')) as NdArray).data, new Uint8Array([1, 2]));
    assert.deepEqual(((await a.get('names')) as NdArray).data, ['x', 'yy']);
    const info = await a.getInfo('fixed');
    assert.deepEqual([info.dtype, info.shape], ['S8', []]);
    assert.equal(await a.has('nothing'), false);
    await assert.rejects(a.get('nothing'), (e: unknown) => e instanceof HsError && e.isNotFound && /has been deleted/.test(e.message));
    await a.set('count', 'replaced');
    assert.equal(await a.get('count'), 'replaced');
    const items = await a.items();
    assert.equal(items.length, 11);
    // The same values through the open-time metadata of a read-only open.
    const r = await File.open(f.filename, 'r', userOptions(server, transport));
    const ra = (await r.get('d')).attrs;
    assert.deepEqual(await ra.keys(), await a.keys());
    assert.equal(await ra.get('big'), 2n ** 62n + 7n);
    assert.deepEqual(await ra.get('point'), { x: 1.5, label: 'p' });
  });

  it('commits datatypes and creates datasets of them', async () => {
    const f = await File.open(uniqueDomain('types'), 'w', userOptions(server, transport));
    const t = await f.commitDatatype('pair', [['a', 'i4'], ['b', 'f8']]);
    assert.equal(t.dtype, "[('a', 'int32'), ('b', 'float64')]");
    const d = await f.createDataset('pairs', { dtype: t, data: [{ a: 1, b: 0.5 }] });
    assert.equal((d.info.type as { id?: string }).id, t.id);
    assert.deepEqual((await d.read()).data, [{ a: 1, b: 0.5 }]);
    assert.ok((await f.get('pair')) instanceof Datatype);
  });

  it('lists folders in pages, creates and deletes items, and manages ACLs', async () => {
    const opts = userOptions(server, transport);
    const home = await Folder.open('/home/test_user1', 'r+', opts);
    const sub = await home.createFolder(`listing_${process.pid}`);
    for (let i = 0; i < 5; i++) await File.open(`${sub.path}f${i}.h5`, 'w', opts);
    await Folder.open(`${sub.path}inner/`, 'w', opts);
    transport.clear();
    const entries = await sub.list({ batchSize: 2 });
    assert.deepEqual(entries.map((e) => `${e.basename}:${e.class}`), ['f0.h5:domain', 'f1.h5:domain', 'f2.h5:domain', 'f3.h5:domain', 'f4.h5:domain', 'inner:folder']);
    const listings = transport.log.filter((l) => l.path === '/domains');
    assert.equal(listings.length, 4);
    assert.deepEqual(listings.map((l) => l.query.get('Marker')), [null, `${sub.path}f1.h5`, `${sub.path}f3.h5`, `${sub.path}inner`]);
    assert.deepEqual(await sub.keys({ pattern: 'f[13]*' }), ['f1.h5', 'f3.h5']);
    assert.equal((await sub.get('f2.h5'))?.class, 'domain');
    await sub.delete('f0.h5');
    await assert.rejects(home.delete(sub.path.split('/').at(-2)!), status(409));
    assert.equal((await sub.list()).length, 5);
    const top = await Folder.open('/', 'r', opts);
    assert.ok((await top.keys()).includes('home'));
    const ro = await Folder.open(sub.path, 'r', opts);
    await assert.rejects(ro.delete('f1.h5'), /read-only/);

    // ACLs on a file: the owner grants test_user2 read access.
    const domain = `${sub.path}f1.h5`;
    const other = userOptions(server, transport, 'test_user2', 'test');
    await assert.rejects(File.open(domain, 'r', other), (e: unknown) => status(403)(e) && /Permission denied: user 'test_user2' may not read domain/.test((e as Error).message));
    const f = await File.open(domain, 'r+', opts);
    await f.setAcl('test_user2', { read: true });
    assert.deepEqual(await f.getAcl('test_user2'), { userName: 'test_user2', create: false, read: true, update: false, delete: false, readACL: false, updateACL: false });
    assert.ok((await f.getAcls()).some((a) => a.userName === 'test_user1' && a.updateACL));
    const asOther = await File.open(domain, 'r', other);
    assert.deepEqual(await asOther.keys(), []);
    // Append mode checks the update permission up front, as h5pyd.
    await assert.rejects(File.open(domain, 'a', other), status(403));
    await assert.rejects(f.setAcl('x', { fly: true } as never), /unknown ACL flag 'fly'/);
    assert.ok((await sub.getAcls()).length >= 1);
  });

  it('shares one connection between files and closes only what it owns', async () => {
    const connection = new Connection(userOptions(server, transport));
    const a = await File.open(uniqueDomain('shared'), 'w', { connection });
    const b = await File.open(uniqueDomain('shared'), 'w', { connection });
    await a.close();
    await b.createGroup('still-open');
    assert.deepEqual(await b.keys(), ['still-open']);
  });
});
