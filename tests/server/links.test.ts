import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Api, basic } from '../helpers/http.js';
import { engineSuite } from '../helpers/engine-suite.js';

interface Link {
  title: string;
  class: string;
  id?: string;
  h5path?: string;
  h5domain?: string;
  created: number;
  collection?: string;
  target?: string;
  href?: string;
}

const titles = (links: Link[]) => links.map((l) => l.title);

/** Sorted by code point, as HSDS (Python) sorts titles. */
const byCodePoint = (names: string[]) => [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

/** The twelve names of HSDS's link tests, in creation order. */
const TWELVE = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth'];

describe('links', () => {
  const suite = engineSuite();
  const newDomain = () => suite.newDomain('links');

  async function newGroup(api: Api): Promise<string> {
    const r = await api.post('/groups');
    assert.equal(r.status, 201);
    return r.json.id;
  }

  /**
   * The layout of HSDS's tall.h5 test file: 6 groups, 11 links (committed datatypes stand in for its
   * datasets): /g1/{g1.1/{dset1.1.1, dset1.1.2}, g1.2/{g1.2.1/slink, extlink}}, /g2/{dset2.1, dset2.2}.
   */
  async function tallDomain() {
    const d = await newDomain();
    const { api } = d;
    const id = async (p: string) => (await api.get('/groups/', { query: { h5path: p } })).json.id as string;
    assert.equal((await api.post('/groups', { body: { h5path: 'g1/g1.1' }, query: { implicit: 1 } })).status, 201);
    assert.equal((await api.post('/groups', { body: { h5path: 'g1/g1.2/g1.2.1' }, query: { implicit: 1 } })).status, 201);
    assert.equal((await api.post('/groups', { body: { h5path: 'g2' } })).status, 201);
    for (const p of ['g1/g1.1/dset1.1.1', 'g1/g1.1/dset1.1.2', 'g2/dset2.1', 'g2/dset2.2'])
      assert.equal((await api.post('/datatypes', { body: { type: 'H5T_STD_I32BE', h5path: p } })).status, 201);
    const g12 = await id('/g1/g1.2');
    const g121 = await id('/g1/g1.2/g1.2.1');
    assert.equal((await api.put(`/groups/${g12}/links/extlink`, { body: { h5path: 'somepath', h5domain: 'somefile' } })).status, 201);
    assert.equal((await api.put(`/groups/${g121}/links/slink`, { body: { h5path: 'somevalue' } })).status, 201);
    return { ...d, g1: await id('/g1'), g2: await id('/g2'), g11: await id('/g1/g1.1'), g12, g121 };
  }

  it('hard links: 201 new, 200 identical, 409 different, 403 for others, 404 for a missing target', async () => {
    const { api, root } = await newDomain();
    const g1 = await newGroup(api);
    const path = `/groups/${root}/links/g1`;
    assert.equal((await api.get(path)).status, 404);
    assert.equal((await api.as('test_user2', 'test').put(path, { body: { id: g1 } })).status, 403);
    assert.equal((await api.as().put(path, { body: { id: g1 } })).status, 401);

    const put = await api.put(path, { body: { id: g1 } });
    assert.equal(put.status, 201);
    assert.deepEqual(put.json, { hrefs: [] });
    const got = await api.get(path);
    assert.equal(got.status, 200);
    assert.deepEqual(got.json.link, { title: 'g1', class: 'H5L_TYPE_HARD', id: g1, collection: 'groups' });
    assert.equal(got.json.created, got.json.lastModified);
    assert.deepEqual(got.json.hrefs.map((h: { rel: string }) => h.rel), ['self', 'home', 'owner', 'target']);
    assert.ok(got.json.hrefs[3].href.includes(`/groups/${g1}`));
    assert.equal((await api.put(path, { body: { id: g1 } })).status, 200);
    assert.equal((await api.put(path, { body: { id: root } })).status, 409);
    assert.equal((await api.put(path, { body: { h5path: '/x' } })).status, 409);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 1);

    assert.equal((await api.as('test_user2', 'test').delete(path)).status, 403);
    assert.equal((await api.delete(path)).status, 200);
    assert.equal((await api.put(path, { body: { id: 'g-' + randomUUID() } })).status, 404);
    assert.equal((await api.put(`/groups/${root}/links/`, { body: { id: g1 } })).status, 404);
    assert.equal((await api.put(`/groups/${root}/links/one/two`, { body: { id: g1 } })).status, 404);
    assert.equal((await api.put(`/groups/${root}/links/one%2Ftwo`, { body: { id: g1 } })).status, 400);

    const back = `/groups/${root}/links/two%5Cone`;
    assert.equal((await api.put(back, { body: { id: g1 } })).status, 201);
    assert.equal((await api.delete(back)).status, 200);
    const spaced = `/groups/${root}/links/name with spaces`;
    assert.equal((await api.put(spaced, { body: { id: g1 } })).status, 201);
    assert.equal((await api.get(spaced)).json.link.title, 'name with spaces');
    assert.equal((await api.delete(spaced)).status, 200);

    // a real object of another domain cannot be linked
    const other = await newDomain();
    assert.equal((await api.put(`/groups/${root}/links/another_domain`, { body: { id: other.root } })).status, 400);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 0);
  });

  it('soft and external links keep their paths; soft links have no h5domain', async () => {
    const { api, root } = await newDomain();
    assert.equal((await api.put(`/groups/${root}/links/softlink`, { body: { h5path: 'somewhere' } })).status, 201);
    const ext = { h5path: 'somewhere', h5domain: '/home/test_user1/external_target.h5' };
    assert.equal((await api.put(`/groups/${root}/links/external_link`, { body: ext })).status, 201);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 2);

    const soft = await api.get(`/groups/${root}/links/softlink`);
    assert.deepEqual(soft.json.link, { title: 'softlink', class: 'H5L_TYPE_SOFT', h5path: 'somewhere' });
    assert.equal(soft.json.hrefs.length, 3);
    const extGot = await api.get(`/groups/${root}/links/external_link`);
    assert.deepEqual(extGot.json.link, { title: 'external_link', class: 'H5L_TYPE_EXTERNAL', ...ext });
    assert.equal((await api.put(`/groups/${root}/links/external_link`, { body: ext })).status, 200);
    assert.equal((await api.put(`/groups/${root}/links/external_link`, { body: { ...ext, h5domain: '/other' } })).status, 409);
    // an explicit class is ignored by PUT .../links/{title}
    assert.equal((await api.put(`/groups/${root}/links/classy`, { body: { h5path: 'x', class: 'H5L_TYPE_HARD' } })).status, 201);
    assert.equal((await api.get(`/groups/${root}/links/classy`)).json.link.class, 'H5L_TYPE_SOFT');
  });

  it('PUT .../links/{title} refuses bad bodies and ids', async () => {
    const { api, root } = await newDomain();
    const g = await newGroup(api);
    const path = `/groups/${root}/links/x`;
    assert.equal((await api.put(path)).status, 400);
    assert.equal((await api.put(path, { body: '{nope' })).status, 400);
    assert.equal((await api.put(path, { body: {} })).status, 400);
    assert.equal((await api.put(path, { body: { h5domain: '/d' } })).status, 400);
    assert.equal((await api.put(path, { body: { id: g, h5path: '/a' } })).status, 400);
    assert.equal((await api.put(path, { body: { id: 'g-1234' } })).status, 400);
    assert.equal((await api.put(path, { body: { id: 'x-' + randomUUID() } })).status, 400);
    assert.equal((await api.put(path, { body: { h5path: 7 } })).status, 400);
    assert.equal((await api.put(`/groups/foobar/links/x`, { body: { id: g } })).status, 400);
    assert.equal((await api.put(`/groups/${'g-' + randomUUID()}/links/x`, { body: { id: g } })).status, 404);
    // credentials are checked before the body
    assert.equal((await api.as().put(path, { body: '{nope' })).status, 401);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 0);
  });

  it('GET .../links/{title}: 400 bad group id, 404 missing, 403 without read permission, 400 other domain', async () => {
    const { api, root } = await newDomain();
    assert.equal((await api.put(`/groups/${root}/links/s`, { body: { h5path: 'a' } })).status, 201);
    assert.equal((await api.get('/groups/foobar/links/s')).status, 400);
    assert.equal((await api.get(`/groups/${root}/links/nope`)).status, 404);
    assert.equal((await api.as('test_user2', 'test').get(`/groups/${root}/links/s`)).status, 403);
    assert.equal((await api.as('test_user1', 'bad').get(`/groups/${root}/links/s`)).status, 401);
    const other = await newDomain();
    assert.equal((await other.api.get(`/groups/${root}/links/s`)).status, 400);
  });

  it('GET and POST list links by title or creation order, with Limit and Marker', async () => {
    const { api, root } = await newDomain();
    for (const name of TWELVE) {
      const g = await newGroup(api);
      assert.equal((await api.put(`/groups/${root}/links/${name}`, { body: { id: g } })).status, 201);
    }
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 12);
    const req = `/groups/${root}/links`;
    for (const usePost of [false, true]) {
      for (const createOrder of [false, true]) {
        const query: Record<string, number> = createOrder ? { CreateOrder: 1 } : {};
        const list = (q: Record<string, number>) =>
          usePost ? api.post(req, { body: { grp_ids: [root] }, query: q }) : api.get(req, { query: q });
        const expected = createOrder ? TWELVE : byCodePoint(TWELVE);
        const r = await list(query);
        assert.equal(r.status, 200);
        assert.equal('hrefs' in r.json, !usePost);
        const links: Link[] = r.json.links;
        assert.deepEqual(titles(links), expected);
        for (const link of links) {
          assert.equal(link.class, 'H5L_TYPE_HARD');
          assert.equal(typeof link.created, 'number');
          assert.equal('href' in link, !usePost);
          assert.equal(link.collection, usePost ? undefined : 'groups');
        }
        const limited = await list({ ...query, Limit: 4 });
        assert.equal(limited.status, 200);
        assert.deepEqual(titles(limited.json.links), expected.slice(0, 4));
      }
    }
    for (const createOrder of [false, true]) {
      const q: Record<string, number> = createOrder ? { CreateOrder: 1 } : {};
      const after = await api.get(req, { query: { ...q, Marker: 'seventh' } });
      assert.equal(after.json.links.length, createOrder ? 5 : 4);
      assert.equal(after.json.links.at(-1).title, 'twelfth');
      assert.equal((await api.get(req, { query: { ...q, Marker: 'foobar' } })).status, 404);
      const page = await api.get(req, { query: { ...q, Marker: 'seventh', Limit: 3 } });
      assert.deepEqual(titles(page.json.links), createOrder ? ['eighth', 'ninth', 'tenth'] : ['sixth', 'tenth', 'third']);
    }
    const created: number[] = (await api.get(req, { query: { CreateOrder: 1 } })).json.links.map((l: Link) => l.created);
    for (let i = 1; i < created.length; i++) assert.ok(created[i - 1] < created[i]);
    assert.deepEqual(titles((await api.get(req, { query: { CreateOrder: 0 } })).json.links), byCodePoint(TWELVE));
    assert.equal((await api.get(req, { query: { Limit: 'x' } })).status, 400);
    // titles sort by code point as in Python: U+FFFD before U+1F600 (JS's default sort puts it after)
    const g = await newGroup(api);
    const odd = { '\u{1F600}': { h5path: 'x' }, '\uFFFD': { h5path: 'x' }, z: { h5path: 'x' } };
    assert.equal((await api.put(`/groups/${g}/links`, { body: { links: odd } })).status, 201);
    assert.deepEqual(titles((await api.get(`/groups/${g}/links`)).json.links), ['z', '\uFFFD', '\u{1F600}']);
    assert.equal((await api.get(req, { query: { pattern: 'a*b*' } })).status, 400);
  });

  it('GET .../links lists hard links with collection, target and href', async () => {
    const t = await tallDomain();
    const r = await t.api.get(`/groups/${t.g12}/links`);
    assert.equal(r.status, 200);
    assert.deepEqual(r.json.hrefs.map((h: { rel: string }) => h.rel), ['self', 'home', 'owner']);
    const [ext, hard]: Link[] = r.json.links;
    assert.deepEqual(Object.keys(hard).sort(), ['class', 'collection', 'created', 'href', 'id', 'target', 'title']);
    assert.equal(hard.title, 'g1.2.1');
    assert.equal(hard.id, t.g121);
    assert.equal(hard.collection, 'groups');
    assert.ok(hard.target!.includes(`/groups/${t.g121}?`));
    assert.ok(hard.href!.includes(`/groups/${t.g12}/links/g1.2.1?`));
    assert.deepEqual(Object.keys(ext).sort(), ['class', 'created', 'h5domain', 'h5path', 'href', 'title']);
    assert.equal(ext.h5domain, 'somefile');
    assert.equal(ext.h5path, 'somepath');
    const dt: Link[] = (await t.api.get(`/groups/${t.g2}/links`)).json.links;
    assert.deepEqual(dt.map((l) => l.collection), ['datatypes', 'datatypes']);
    const slink = await t.api.get(`/groups/${t.g121}/links/slink`);
    assert.deepEqual(slink.json.link, { title: 'slink', class: 'H5L_TYPE_SOFT', h5path: 'somevalue' });
    assert.equal(slink.json.hrefs.length, 3);
  });

  it('follow_links lists every reachable group, honouring Limit and pattern', async () => {
    const t = await tallDomain();
    const req = `/groups/${t.root}/links`;
    const r = await t.api.get(req, { query: { follow_links: 1 } });
    assert.equal(r.status, 200);
    assert.equal(r.json.hrefs.length, 3);
    const byGroup: Record<string, Link[]> = r.json.links;
    assert.deepEqual(Object.keys(byGroup).sort(), [t.root, t.g1, t.g2, t.g11, t.g12, t.g121].sort());
    const all = Object.values(byGroup).flat();
    assert.equal(all.length, 11);
    assert.deepEqual(all.filter((l) => l.class === 'H5L_TYPE_HARD' && l.id!.startsWith('g-')).map((l) => l.title).sort(), ['g1', 'g1.1', 'g1.2', 'g1.2.1', 'g2']);
    assert.deepEqual(all.filter((l) => l.class === 'H5L_TYPE_HARD' && l.id!.startsWith('t-')).map((l) => l.title).sort(), ['dset1.1.1', 'dset1.1.2', 'dset2.1', 'dset2.2']);
    assert.deepEqual(all.filter((l) => l.class === 'H5L_TYPE_SOFT').map((l) => [l.title, 'h5domain' in l, 'id' in l]), [['slink', false, false]]);
    assert.deepEqual(all.filter((l) => l.class === 'H5L_TYPE_EXTERNAL').map((l) => [l.title, 'id' in l]), [['extlink', false]]);
    assert.deepEqual(byGroup[t.g11].map((l) => l.title), ['dset1.1.1', 'dset1.1.2']);

    const limited = await t.api.get(req, { query: { follow_links: 1, Limit: 5 } });
    assert.equal(limited.status, 200);
    assert.equal(Object.values(limited.json.links as Record<string, Link[]>).flat().length, 5);
    // a group whose listing was cut short is not followed: /g1/g1.2/g1.2.1 is never reached
    assert.ok(!(t.g121 in limited.json.links));

    for (const usePost of [false, true]) {
      const ext = usePost
        ? await t.api.post(`/groups/${t.g12}/links`, { body: { grp_ids: [t.g12] }, query: { pattern: 'ext*' } })
        : await t.api.get(`/groups/${t.g12}/links`, { query: { pattern: 'ext*' } });
      assert.equal(ext.status, 200);
      assert.deepEqual(titles(ext.json.links), ['extlink']);
      assert.equal('href' in ext.json.links[0], !usePost);

      const dsets = usePost
        ? await t.api.post(req, { body: { grp_ids: [t.root] }, query: { follow_links: 1, pattern: 'dset*' } })
        : await t.api.get(req, { query: { follow_links: 1, pattern: 'dset*' } });
      assert.equal(dsets.status, 200);
      assert.equal('hrefs' in dsets.json, !usePost);
      const found: Record<string, Link[]> = dsets.json.links;
      assert.equal(Object.keys(found).length, 6);
      const matched = Object.values(found).flat();
      assert.deepEqual(matched.map((l) => l.title).sort(), ['dset1.1.1', 'dset1.1.2', 'dset2.1', 'dset2.2']);
      assert.ok(matched.every((l) => l.id!.startsWith('t-')));
    }
  });

  it('POST .../links reads links by title, 404/410 when one is missing', async () => {
    const t = await tallDomain();
    const req = `/groups/${t.g12}/links`;
    const r = await t.api.post(req, { body: { titles: ['extlink', 'g1.2.1'] } });
    assert.equal(r.status, 200);
    const [ext, hard]: Link[] = r.json.links;
    assert.deepEqual(Object.keys(hard).sort(), ['class', 'created', 'id', 'title']);
    assert.equal(hard.id, t.g121);
    assert.deepEqual(Object.keys(ext).sort(), ['class', 'created', 'h5domain', 'h5path', 'title']);
    assert.equal(ext.h5domain, 'somefile');
    assert.ok(!('hrefs' in r.json));

    assert.equal((await t.api.post(req, { body: { titles: ['extlink', 'nope'] } })).status, 404);
    assert.equal((await t.api.delete(`${req}/extlink`)).status, 200);
    assert.equal((await t.api.post(req, { body: { titles: ['extlink'] } })).status, 410);
    assert.equal((await t.api.get(`${req}/extlink`)).status, 410);
    assert.equal((await t.api.as('test_user2', 'test').post(req, { body: { titles: ['g1.2.1'] } })).status, 403);
  });

  it('POST .../links with grp_ids answers a dict per group, as a list or a dict of titles', async () => {
    const t = await tallDomain();
    const req = `/groups/${t.root}/links`;
    const groups = { [t.g1]: 2, [t.g2]: 2, [t.g11]: 2, [t.g12]: 2, [t.g121]: 1 };
    const r = await t.api.post(req, { body: { grp_ids: Object.keys(groups) } });
    assert.equal(r.status, 200);
    const byGroup: Record<string, Link[]> = r.json.links;
    assert.deepEqual(Object.keys(byGroup).sort(), Object.keys(groups).sort());
    for (const [id, n] of Object.entries(groups)) {
      assert.equal(byGroup[id].length, n);
      for (const link of byGroup[id]) {
        const one = (await t.api.get(`/groups/${id}/links/${link.title}`)).json.link;
        assert.equal(link.class, one.class);
        assert.equal(link.id, one.id);
        assert.equal(link.h5path, one.h5path);
      }
    }

    const picked = await t.api.post(req, { body: { grp_ids: { [t.g1]: ['g1.1', 'g1.2'], [t.g2]: ['dset2.2'] } } });
    assert.equal(picked.status, 200);
    assert.deepEqual(Object.keys(picked.json.links).sort(), [t.g1, t.g2].sort());
    assert.deepEqual(titles(picked.json.links[t.g1]), ['g1.1', 'g1.2']);
    assert.deepEqual(titles(picked.json.links[t.g2]), ['dset2.2']);

    const followed = await t.api.post(req, { body: { grp_ids: [t.root] }, query: { follow_links: 1 } });
    assert.equal(Object.keys(followed.json.links).length, 6);
    assert.equal(Object.values(followed.json.links as Record<string, Link[]>).flat().length, 11);

    const bad = (body: unknown, query: Record<string, number> = {}) => t.api.post(req, { body, query });
    assert.equal((await bad({ grp_ids: [t.root], titles: ['g1'] }, { follow_links: 1 })).status, 400);
    assert.equal((await bad({ titles: ['g1'] }, { Limit: 2 })).status, 400);
    assert.equal((await bad({ titles: ['g1'] }, { CreateOrder: 1 })).status, 400);
    assert.equal((await bad({ nothing: 1 })).status, 400);
    assert.equal((await bad({ titles: 'g1' })).status, 400);
    assert.equal((await bad({ grp_ids: { [t.g1]: ['g1.1'] }, titles: ['g1'] })).status, 400);
    assert.equal((await bad({ grp_ids: { [t.g1]: 'g1.1' } })).status, 400);
    assert.equal((await bad({ grp_ids: ['foobar'] })).status, 400);
    assert.equal((await bad({ grp_ids: 'nope' })).status, 400);
    assert.equal((await bad({ titles: ['a/b'] })).status, 400);
    assert.equal((await t.api.post(req)).status, 400);
    const other = await newDomain();
    assert.equal((await bad({ grp_ids: [t.g1, other.root] })).status, 400);
  });

  it('POST .../links with a grp_ids list and titles returns only those titles from each group', async () => {
    const { api, root } = await newDomain();
    const g1 = (await api.post('/groups', { body: { link: { id: root, name: 'g1' } } })).json.id;
    const path = '/dummy_target';
    for (const [gid, name] of [[root, 'link1'], [g1, 'link1'], [root, 'link2']])
      assert.equal((await api.put(`/groups/${gid}/links/${name}`, { body: { h5path: path } })).status, 201);
    const r = await api.post(`/groups/${root}/links`, { body: { grp_ids: [root, g1], titles: ['link1'] } });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.json.links).sort(), [root, g1].sort());
    for (const gid of [root, g1]) {
      assert.equal(r.json.links[gid].length, 1);
      assert.equal(r.json.links[gid][0].title, 'link1');
      assert.equal(r.json.links[gid][0].h5path, path);
    }
    // HSDS answers a one-group list directly, as a list, and then lists all its links whatever the titles
    const single = await api.post(`/groups/${root}/links`, { body: { grp_ids: [root], titles: ['link1'] } });
    assert.equal(single.status, 200);
    assert.deepEqual(titles(single.json.links), ['g1', 'link1', 'link2']);
    // a group lacking a title is left out rather than failing the request
    const partial = await api.post(`/groups/${root}/links`, { body: { grp_ids: [root, g1], titles: ['link2'] } });
    assert.equal(partial.status, 200);
    assert.deepEqual(Object.keys(partial.json.links), [root]);
  });

  it('PUT .../links creates links in bulk, in one group or several', async () => {
    const { api, root } = await newDomain();
    const grpA = await newGroup(api);
    assert.equal((await api.put(`/groups/${root}/links/grpA`, { body: { id: grpA } })).status, 201);
    const names = ['grp0001', 'grp0002', 'grp0003'];
    const ids = [await newGroup(api), await newGroup(api), await newGroup(api)];
    const links: Record<string, object> = Object.fromEntries(names.map((n, i) => [n, { id: ids[i] }]));
    links.softlink = { h5path: 'a_path' };
    links.extlink = { h5path: 'another_path', h5domain: '/a_domain' };
    const req = `/groups/${grpA}/links`;
    const put = await api.put(req, { body: { links } });
    assert.equal(put.status, 201);
    assert.deepEqual(put.json, {});
    const got: Link[] = (await api.get(req)).json.links;
    assert.deepEqual(titles(got), byCodePoint(Object.keys(links)));
    for (const link of got) {
      if (link.class === 'H5L_TYPE_HARD') assert.equal(link.id, ids[names.indexOf(link.title)]);
      else if (link.class === 'H5L_TYPE_SOFT') assert.equal(link.h5path, 'a_path');
      else assert.deepEqual([link.h5path, link.h5domain], ['another_path', '/a_domain']);
    }
    assert.equal((await api.put(req, { body: { links } })).status, 200);
    assert.equal((await api.put(req, { body: { links: { softlink: { h5path: 'elsewhere' } } } })).status, 409);
    // all-or-nothing within a group
    assert.equal((await api.put(req, { body: { links: { fresh: { h5path: 'x' }, softlink: { h5path: 'elsewhere' } } } })).status, 409);
    assert.equal((await api.get(`${req}/fresh`)).status, 404);

    const multicast = {
      hardlink_multicast: { id: root },
      softlink_multicast: { h5path: 'multi_path' },
      extlink_multicast: { h5path: 'multi_path', h5domain: '/another_domain' },
    };
    assert.equal((await api.put(`/groups/${root}/links`, { body: { links: multicast, grp_ids: ids } })).status, 201);
    for (const gid of ids) {
      const each: Link[] = (await api.get(`/groups/${gid}/links`)).json.links;
      assert.deepEqual(titles(each), byCodePoint(Object.keys(multicast)));
      assert.equal(each.find((l) => l.class === 'H5L_TYPE_HARD')!.id, root);
    }

    const perGroup = Object.fromEntries(
      ids.map((gid, i) => [
        gid,
        { links: { [`hardlink_${i}`]: { id: root }, [`softlink_${i}`]: { h5path: `multi_path_${i}` }, [`extlink_${i}`]: { h5path: `multi_path_${i}`, h5domain: `/another_domain/${i}` } } },
      ]),
    );
    assert.equal((await api.put(`/groups/${root}/links`, { body: { grp_ids: perGroup } })).status, 201);
    for (let i = 0; i < ids.length; i++) {
      const want = [`hardlink_${i}`, `softlink_${i}`, `extlink_${i}`];
      const r = await api.post(`/groups/${ids[i]}/links`, { body: { titles: want } });
      assert.equal(r.status, 200);
      assert.deepEqual(titles(r.json.links), want);
      assert.equal(r.json.links[2].h5domain, `/another_domain/${i}`);
    }
    assert.equal((await api.put(`/groups/${root}/links`, { body: { grp_ids: perGroup } })).status, 200);
  });

  it('PUT .../links refuses bad bodies, foreign targets and users without create permission', async () => {
    const { api, root } = await newDomain();
    const g = await newGroup(api);
    const req = `/groups/${root}/links`;
    const put = (body: unknown) => api.put(req, { body });
    assert.equal((await api.put(req)).status, 400);
    assert.equal((await put({})).status, 400);
    assert.equal((await put({ links: [] })).status, 400);
    assert.equal((await put({ links: { 'a/b': { id: g } } })).status, 400);
    assert.equal((await put({ links: { a: { id: g, h5path: 'x' } } })).status, 400);
    assert.equal((await put({ links: { a: { h5path: 'x', class: 'H5L_TYPE_HARD' } } })).status, 400);
    assert.equal((await put({ links: { a: 'x' } })).status, 400);
    assert.equal((await put({ links: {}, grp_ids: [g] })).status, 400);
    assert.equal((await put({ links: { a: { h5path: 'x' } }, grp_ids: ['foobar'] })).status, 400);
    assert.equal((await put({ links: { a: { h5path: 'x' } }, grp_ids: { [g]: { links: {} } } })).status, 400);
    assert.equal((await put({ grp_ids: { [g]: {} } })).status, 400);
    assert.equal((await put({ grp_ids: 'x' })).status, 400);
    assert.equal((await put({ links: { a: { id: 'g-' + randomUUID() } } })).status, 404);
    const other = await newDomain();
    assert.equal((await put({ links: { a: { id: other.root } } })).status, 400);
    assert.equal((await put({ links: { a: { h5path: 'x' } }, grp_ids: [other.root] })).status, 400);
    assert.equal((await api.as('test_user2', 'test').put(req, { body: { links: { a: { h5path: 'x' } } } })).status, 403);
    assert.equal((await api.as().put(req, { body: { links: { a: { h5path: 'x' } } } })).status, 401);
    assert.equal((await api.get(`/groups/${root}`)).json.linkCount, 0);
    assert.equal((await other.api.get(`/groups/${other.root}`)).json.linkCount, 0);
    // empty links are accepted (nothing new: 200)
    assert.equal((await put({ links: {} })).status, 200);
  });

  it('DELETE .../links?titles= deletes several links (custom separator); deleted links answer 410', async () => {
    const { api, root } = await newDomain();
    const grp = (await api.post('/groups', { body: { link: { id: root, name: 'grp1' } } })).json.id;
    const links = { root: { id: root }, softlink: { h5path: 'a_path' }, extlink: { h5path: 'another_path', h5domain: '/a_domain' } };
    const names = Object.keys(links);
    const req = `/groups/${grp}/links`;
    assert.equal((await api.put(req, { body: { links } })).status, 201);
    const del = await api.delete(req, { query: { titles: names.join('/') } });
    assert.equal(del.status, 200);
    assert.deepEqual(del.json, {});
    for (const n of names) assert.equal((await api.get(`${req}/${n}`)).status, 410);
    // the target of a deleted hard link is untouched
    assert.equal((await api.get(`/groups/${root}`)).status, 200);

    assert.equal((await api.put(req, { body: { links } })).status, 201);
    assert.equal((await api.get(`${req}/root`)).status, 200);
    assert.equal((await api.delete(req, { query: { titles: names.join(':'), separator: ':' } })).status, 200);
    for (const n of names) assert.equal((await api.get(`${req}/${n}`)).status, 410);
    assert.equal((await api.get(`/groups/${grp}`)).json.linkCount, 0);
    // deleting an already deleted link is not an error, a never-existing one is
    assert.equal((await api.delete(`${req}/root`)).status, 200);
    assert.equal((await api.delete(`${req}/never`)).status, 404);

    assert.equal((await api.put(req, { body: { links } })).status, 201);
    assert.equal((await api.delete(req, { query: { titles: 'root/never' } })).status, 404);
    assert.equal((await api.get(`${req}/root`)).status, 200, 'a failed bulk delete removes nothing');
    assert.equal((await api.delete(req)).status, 400);
    assert.equal((await api.delete(req, { query: { titles: 'a:b/c', separator: ':' } })).status, 400);
    assert.equal((await api.delete('/groups/foobar/links', { query: { titles: 'root' } })).status, 400);
    assert.equal((await api.as('test_user2', 'test').delete(req, { query: { titles: 'root' } })).status, 403);
    assert.equal((await api.as().delete(`${req}/root`)).status, 401);
    assert.equal((await api.as('test_user2', 'test').delete(`${req}/root`)).status, 403);
    assert.equal((await api.get(`${req}/root`)).status, 200);
  });

  it('a title that cannot be put in a URL is handled through the collection routes', async () => {
    const { api, root } = await newDomain();
    const grp = (await api.post('/groups', { body: { link: { id: root, name: 'grp1' } } })).json.id;
    const name = '#link1#';
    const req = `${suite.server.url}/groups/${grp}/links`;
    // '#' starts a URL fragment, so these requests reach /groups/{id}/links/ — no such route.
    const headers = { Authorization: basic('test_user1', 'test'), 'X-Hdf-domain': api.domain!, 'Content-Type': 'application/json' };
    assert.equal((await fetch(`${req}/${name}`, { method: 'PUT', headers, body: JSON.stringify({ h5path: 'somewhere' }) })).status, 404);
    assert.equal((await fetch(`${req}/${name}`, { headers })).status, 404);
    assert.equal((await fetch(`${req}/${name}`, { method: 'DELETE', headers })).status, 404);

    assert.equal((await api.put(`/groups/${grp}/links`, { body: { links: { [name]: { h5path: 'somewhere' } } } })).status, 201);
    assert.deepEqual(titles((await api.get(`/groups/${grp}/links`)).json.links), [name]);
    assert.deepEqual(titles((await api.post(`/groups/${grp}/links`, { body: { titles: [name] } })).json.links), [name]);
    assert.equal((await api.delete(`/groups/${grp}/links`, { query: { titles: name } })).status, 200);
    assert.deepEqual((await api.get(`/groups/${grp}/links`)).json.links, []);
  });

  it('titles that are names of JavaScript object properties are ordinary titles', async () => {
    const { api, root } = await newDomain();
    const names = ['__proto__', 'constructor', 'toString'];
    for (const n of names) {
      assert.equal((await api.get(`/groups/${root}/links/${n}`)).status, 404, n);
      assert.equal((await api.put(`/groups/${root}/links/${n}`, { body: { h5path: `/${n}` } })).status, 201, n);
      assert.equal((await api.get(`/groups/${root}/links/${n}`)).json.link.h5path, `/${n}`);
    }
    assert.deepEqual(titles((await api.get(`/groups/${root}/links`)).json.links), names);
    assert.deepEqual(titles((await api.post(`/groups/${root}/links`, { body: { titles: names } })).json.links), names);
    assert.equal((await api.post(`/groups/${root}/links`, { body: { titles: ['valueOf'] } })).status, 404);
    assert.equal((await api.delete(`/groups/${root}/links/hasOwnProperty`)).status, 404);
    assert.equal((await api.delete(`/groups/${root}/links`, { query: { titles: names.join('/') } })).status, 200);
    for (const n of names) assert.equal((await api.get(`/groups/${root}/links/${n}`)).status, 410, n);
    const g = await api.post('/groups', { body: { h5path: 'valueOf/constructor' }, query: { implicit: 1 } });
    assert.equal(g.status, 201);
    assert.equal((await api.get('/groups/', { query: { h5path: '/valueOf/constructor' } })).json.id, g.json.id);
  });

  it('h5path lookups follow soft and external links only when asked', async () => {
    const { api, domain, root } = await newDomain();
    const target = (await api.post('/groups', { body: { link: { id: root, name: 'target_group' } } })).json.id;
    const child = (await api.post('/groups', { body: { link: { id: target, name: 'child_group' } } })).json.id;
    assert.equal((await api.put(`/groups/${root}/links/absolute_path_link`, { body: { h5path: '/target_group' } })).status, 201);
    assert.equal((await api.put(`/groups/${root}/links/relative_path_link`, { body: { h5path: 'target_group' } })).status, 201);
    for (const link of ['absolute_path_link', 'relative_path_link']) {
      const h5path = `/${link}/child_group`;
      assert.equal((await api.get('/', { query: { h5path } })).status, 400);
      const r = await api.get('/', { query: { h5path, follow_soft_links: 1 } });
      assert.equal(r.status, 200);
      assert.equal(r.json.id, child);
      assert.equal(r.json.domain, domain);
      assert.equal(r.json.class, 'group');
    }

    const second = await newDomain();
    const extGroup = (await second.api.post('/groups', { body: { link: { id: second.root, name: 'external_group' } } })).json.id;
    const extChild = (await second.api.post('/groups', { body: { link: { id: extGroup, name: 'child_group' } } })).json.id;
    for (const [title, h5domain] of [['external_link_to_group', second.domain], ['external_link_to_group_prefix', `hdf5:/${second.domain}`]]) {
      assert.equal((await api.put(`/groups/${root}/links/${title}`, { body: { h5path: '/external_group', h5domain } })).status, 201);
      const h5path = `/${title}/child_group`;
      assert.equal((await api.get('/', { query: { h5path } })).status, 400);
      const r = await api.get('/', { query: { h5path, follow_external_links: 1 } });
      assert.equal(r.status, 200);
      assert.equal(r.json.id, extChild);
      assert.equal(r.json.domain, second.domain);
    }
  });

  it('link bodies and titles are validated before credentials only where HSDS does so', async () => {
    const { api, root } = await newDomain();
    // DELETE checks the group id and titles first; PUT checks credentials first.
    assert.equal((await api.as().delete(`/groups/${root}/links`, { query: { titles: 'a:b/c', separator: ':' } })).status, 400);
    assert.equal((await api.as().delete(`/groups/${root}/links`)).status, 400);
    assert.equal((await api.as().put(`/groups/${root}/links`, { body: { links: [] } })).status, 401);
    // POST validates its body before the credentials too
    assert.equal((await api.as('test_user1', 'bad').post(`/groups/${root}/links`, { body: { nothing: 1 } })).status, 400);
    assert.equal((await api.as('test_user1', 'bad').post(`/groups/${root}/links`, { body: { titles: ['a'] } })).status, 401);
  });
});
