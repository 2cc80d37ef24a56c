#!/usr/bin/env python3
"""Check that a bucket directory is in HSDS 0.9.4's obj_store_schema v2 layout and holds the expected content,
reading it the way HSDS does (hsds/util/idUtil.py key rules, storUtil._uncompress for chunks), independently
of the server that wrote it.

Usage: check_hsds_layout.py ROOT_DIR EXPECT_JSON

EXPECT_JSON has the format make_hsds_bucket.py writes as its manifest:
  {"bucket": "...", "folders": {path: {"owner", ...}},
   "domains": {path: {"owner"?, "acls"?, "root"?, "created"?, "objects": {id: {"collection", "path",
      groups: "links"?, "attributes"?, "creationProperties"?;  datatypes: "type", "attributes"?;
      datasets: "type", "shape", "layout"?, "creationProperties"?, "attributes"?, "value"?, "chunks"?}}}}}
Fields absent from an expectation are not compared (timestamps, layout chosen by the server, ...); the stored
JSON must still have exactly the keys HSDS stores. Expected types may be predefined names and filters may be
in any form HSDS accepts: both are normalized as HSDS's service node does before comparing.

Prints a JSON report {"errors": [...], "checked": {...}, "chunk_decoding": {how: count}} and exits 1 on errors.
"""
import json
import math
import os
import re
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hsds_format as fmt  # noqa: E402

V2_ID = re.compile(r'^[gdt]-[0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{6}-[0-9a-f]{6}$')
V1_ID = re.compile(r'^[gdt]-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$')

# Keys of stored JSON objects: (required, optional), as HSDS's data node writes them.
DOMAIN_KEYS = ({'owner', 'acls', 'root', 'created', 'lastModified'}, set())
FOLDER_KEYS = ({'owner', 'acls', 'created', 'lastModified'}, set())
OBJECT_KEYS = {
    'groups': ({'id', 'root', 'created', 'lastModified', 'links', 'attributes'}, {'creationProperties'}),
    'datatypes': ({'id', 'root', 'created', 'lastModified', 'type', 'attributes'}, set()),
    'datasets': ({'id', 'root', 'created', 'lastModified', 'type', 'shape', 'attributes'},
                 {'creationProperties', 'layout'}),
}
LINK_KEYS = {
    'H5L_TYPE_HARD': {'class', 'id', 'created'},
    'H5L_TYPE_SOFT': {'class', 'h5path', 'created'},
    'H5L_TYPE_EXTERNAL': {'class', 'h5path', 'h5domain', 'created'},
}
ATTR_KEYS = ({'type', 'shape', 'value', 'created'}, {'encoding'})


def same(a, b):
    """JSON equality where NaN equals NaN and booleans differ from numbers."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def first_difference(got, want, at=()):
    """(index path, got, want) of the first element that differs, or None."""
    if isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        for i, (g, w) in enumerate(zip(got, want)):
            if not same(g, w):
                inner = first_difference(g, w, at + (i,))
                return inner if inner is not None else (list(at + (i,)), g, w)
        return None
    return None if same(got, want) else (list(at), got, want)


def normalized_type(type_json):
    """A predefined type name in the object form HSDS stores (hdf5dtype.getBaseTypeJson)."""
    if not isinstance(type_json, str):
        return type_json
    kind = 'H5T_FLOAT' if type_json.startswith('H5T_IEEE_F') else 'H5T_INTEGER'
    return {'class': kind, 'base': type_json}


class Checker:
    def __init__(self, root_dir, expect):
        self.bucket = expect.get('bucket', 'hsdstest')
        self.dir = os.path.join(root_dir, self.bucket)
        self.expect = expect
        self.errors = []
        self.checked = {'folders': 0, 'domains': 0, 'objects': 0, 'links': 0, 'attributes': 0, 'chunks': 0,
                        'datasets_compared': 0}
        self.decoding = {}

    def error(self, where, msg):
        self.errors.append(f'{where}: {msg}')

    def read(self, key):
        path = os.path.join(self.dir, *key.split('/'))
        if not os.path.isfile(path):
            return None
        with open(path, 'rb') as f:
            return f.read()

    def read_json(self, key, where):
        data = self.read(key)
        if data is None:
            self.error(where, f'missing key {key}')
            return None
        try:
            return json.loads(data.decode('utf-8'))
        except ValueError as e:
            self.error(where, f'{key} is not JSON as Python reads it: {e}')
            return None

    def keys_under(self, prefix):
        base = os.path.join(self.dir, *prefix.rstrip('/').split('/'))
        out = []
        for dirpath, _, files in os.walk(base):
            for name in files:
                rel = os.path.relpath(os.path.join(dirpath, name), self.dir)
                out.append(rel.replace(os.sep, '/'))
        return sorted(out)

    def check_keys(self, obj, allowed, where):
        required, optional = allowed
        missing = required - obj.keys()
        extra = obj.keys() - required - optional
        if missing:
            self.error(where, f'missing fields {sorted(missing)}')
        if extra:
            self.error(where, f'fields HSDS does not store: {sorted(extra)}')

    def check_timestamps(self, obj, where):
        for k in ('created', 'lastModified'):
            if k in obj and not (isinstance(obj[k], (int, float)) and not isinstance(obj[k], bool)
                                 and obj[k] > 1e9):
                self.error(where, f'{k} is not a time.time() value: {obj[k]!r}')
        if isinstance(obj.get('created'), (int, float)) and isinstance(obj.get('lastModified'), (int, float)):
            if obj['lastModified'] < obj['created']:
                self.error(where, 'lastModified is before created')

    def compare(self, stored, expected, fields, where):
        for k in fields:
            if k in expected and not same(stored.get(k), expected[k]):
                self.error(where, f'{k} is {json.dumps(stored.get(k))}, expected {json.dumps(expected[k])}')

    def check_acls(self, acls, where):
        if not isinstance(acls, dict):
            self.error(where, 'acls is not an object')
            return
        for user, acl in acls.items():
            if set(acl) != set(fmt.ACL_KEYS) or not all(isinstance(v, bool) for v in acl.values()):
                self.error(where, f'acl of {user} is not the six boolean flags: {acl}')

    # ---------------------------------------------------------------------------------------------- folders

    def check_folder(self, path, expected):
        where = f'folder {path}'
        obj = self.read_json(fmt.s3_key(path), where)
        if obj is None:
            return
        self.checked['folders'] += 1
        self.check_keys(obj, FOLDER_KEYS, where)
        self.check_acls(obj.get('acls'), where)
        self.check_timestamps(obj, where)
        self.compare(obj, expected, ('owner', 'acls', 'created', 'lastModified'), where)

    # ---------------------------------------------------------------------------------------------- domains

    def check_domain(self, path, expected):
        """Checks a domain and everything under its root; returns the root id."""
        where = f'domain {path}'
        key = fmt.s3_key(path)
        if key != path[1:] + '/.domain.json':
            self.error(where, f'domain key rule gives {key}')
        dom = self.read_json(key, where)
        if dom is None:
            return None
        self.checked['domains'] += 1
        self.check_keys(dom, DOMAIN_KEYS, where)
        self.check_acls(dom.get('acls'), where)
        self.check_timestamps(dom, where)
        self.compare(dom, expected, ('owner', 'acls', 'root', 'created', 'lastModified'), where)
        root = dom.get('root')
        if not isinstance(root, str):
            return None
        v2 = bool(V2_ID.match(root))
        if v2 and not fmt.is_root_id(root):
            self.error(where, f'root id {root} is not 16 hex digits followed by their rotation by 8')
        if not v2 and not V1_ID.match(root):
            self.error(where, f'root id {root} is neither a v2 nor a v1 id')
        objects = expected.get('objects', {})
        if root not in objects:
            self.error(where, f'root group {root} is not among the expected objects')
        chunk_keys = self.classify_keys(root, objects, where) if v2 else self.v1_chunk_keys(objects)
        for obj_id, exp in objects.items():
            self.check_object(obj_id, exp, root, v2, chunk_keys.get(obj_id, []))
        return root

    def check_db_prefixes(self, roots):
        """Each db/<hex8>-<hex8>/ folder belongs to a v2 root group of an expected domain."""
        owned = {fmt.s3_key(r)[:-len('/.group.json')] for r in roots if r and V2_ID.match(r)}
        db = os.path.join(self.dir, 'db')
        for name in sorted(os.listdir(db)) if os.path.isdir(db) else []:
            if f'db/{name}' not in owned:
                self.error('bucket', f'db/{name}/ belongs to no expected domain: {self.keys_under(f"db/{name}")}')

    def classify_keys(self, root, objects, where):
        """Every key under db/<root16>/ must be an expected object, a chunk of an expected dataset, or the
        summary; returns chunk keys by dataset id."""
        prefix = fmt.s3_key(root)[:-len('.group.json')]
        chunks = {}
        for key in self.keys_under(prefix):
            if key == prefix + '.info.json':
                self.read_json(key, f'{where} summary')
                continue
            try:
                obj_id = fmt.obj_id_of_key(key)
            except ValueError as e:
                self.error(where, f'key outside the schema: {key} ({e})')
                continue
            if fmt.s3_key(obj_id) != key:
                self.error(where, f'key {key} does not round-trip through its id {obj_id}')
            if obj_id[0] == 'c':
                dset_id = 'd-' + obj_id[obj_id.index('-') + 1:obj_id.index('_')]
                if objects.get(dset_id, {}).get('collection') != 'datasets':
                    self.error(where, f'chunk {key} of a dataset that is not expected')
                    continue
                chunks.setdefault(dset_id, []).append((key, obj_id))
            elif obj_id not in objects:
                self.error(where, f'unexpected object {obj_id} at {key}')
        return chunks

    def v1_chunk_keys(self, objects):
        """Legacy domains keep chunks as flat <md5>-c-<uuid>_<index> keys in the bucket's top level."""
        chunks = {}
        names = os.listdir(self.dir)
        for obj_id, exp in objects.items():
            if exp.get('collection') != 'datasets':
                continue
            stem = f'c-{obj_id[2:]}_'
            for name in names:
                if name[6:].startswith(stem):
                    chunk = name[6:]
                    if name != fmt.s3_key(chunk):
                        self.error(f'dataset {obj_id}', f'chunk key {name} does not match its md5 prefix rule')
                    chunks.setdefault(obj_id, []).append((name, chunk))
        return chunks

    # ---------------------------------------------------------------------------------------------- objects

    def check_object(self, obj_id, exp, root, v2, chunk_keys):
        collection = exp['collection']
        where = f'{collection[:-1]} {exp.get("path", obj_id)} ({obj_id})'
        id_ok = V2_ID.match(obj_id) if v2 else V1_ID.match(obj_id)
        if not id_ok or obj_id[0] != {'groups': 'g', 'datasets': 'd', 'datatypes': 't'}[collection]:
            self.error(where, 'id has the wrong form or prefix')
            return
        if v2 and fmt.id_hex(obj_id)[:16] != fmt.id_hex(root)[:16]:
            self.error(where, 'id does not share the first 16 hex digits of the root id')
        if v2 and collection == 'groups' and (obj_id == root) != fmt.is_root_id(obj_id):
            self.error(where, 'root-id rotation rule does not match the group being the root')
        obj = self.read_json(fmt.s3_key(obj_id), where)
        if obj is None:
            return
        self.checked['objects'] += 1
        self.check_keys(obj, OBJECT_KEYS[collection], where)
        self.check_timestamps(obj, where)
        if obj.get('id') != obj_id:
            self.error(where, f'stored id is {obj.get("id")}')
        if obj.get('root') != root:
            self.error(where, f'stored root is {obj.get("root")}, domain root is {root}')
        self.compare(obj, exp, ('created', 'lastModified'), where)
        self.check_attributes(obj.get('attributes'), exp.get('attributes'), where)
        if collection == 'groups':
            self.check_links(obj.get('links'), exp.get('links'), where)
            self.check_creation_properties(obj, exp, where)
        elif collection == 'datatypes':
            self.check_type(obj.get('type'), exp, where)
        else:
            self.check_dataset(obj_id, obj, exp, chunk_keys, where)

    def check_type(self, stored, exp, where):
        if 'type' in exp and not same(stored, normalized_type(exp['type'])):
            self.error(where, f'type is {json.dumps(stored)}, expected {json.dumps(normalized_type(exp["type"]))}')

    def check_creation_properties(self, obj, exp, where, normalize=None):
        if 'creationProperties' not in exp:
            if 'creationProperties' in obj:
                self.error(where, f'creationProperties stored though none were given: {obj["creationProperties"]}')
            return
        want = dict(exp['creationProperties'])
        if normalize:
            want = normalize(want)
        if not same(obj.get('creationProperties'), want):
            self.error(where, f'creationProperties are {json.dumps(obj.get("creationProperties"))}, '
                              f'expected {json.dumps(want)}')

    def check_links(self, links, expected, where):
        if not isinstance(links, dict):
            self.error(where, 'links is not an object keyed by title')
            return
        for title, link in links.items():
            self.checked['links'] += 1
            lw = f'{where} link {title!r}'
            cls = link.get('class')
            if cls not in LINK_KEYS:
                self.error(lw, f'unknown class {cls}')
                continue
            if set(link) != LINK_KEYS[cls]:
                self.error(lw, f'fields {sorted(link)}, HSDS stores {sorted(LINK_KEYS[cls])}')
            self.check_timestamps(link, lw)
        if expected is None:
            return
        if set(links) != set(expected):
            self.error(where, f'link titles {sorted(links)}, expected {sorted(expected)}')
        for title, want in expected.items():
            if title in links:
                self.compare(links[title], want, ('class', 'id', 'h5path', 'h5domain', 'created'),
                             f'{where} link {title!r}')

    def check_attributes(self, attrs, expected, where):
        if not isinstance(attrs, dict):
            self.error(where, 'attributes is not an object keyed by name')
            return
        for name, attr in attrs.items():
            self.checked['attributes'] += 1
            aw = f'{where} attribute {name!r}'
            self.check_keys(attr, ATTR_KEYS, aw)
            self.check_timestamps(attr, aw)
        if expected is None:
            return
        if set(attrs) != set(expected):
            self.error(where, f'attribute names {sorted(attrs)}, expected {sorted(expected)}')
        for name, want in expected.items():
            if name not in attrs:
                continue
            aw = f'{where} attribute {name!r}'
            self.check_type(attrs[name].get('type'), want, aw)
            self.compare(attrs[name], want, ('shape', 'value', 'created', 'encoding'), aw)

    # ---------------------------------------------------------------------------------------------- datasets

    def check_dataset(self, obj_id, obj, exp, chunk_keys, where):
        self.check_type(obj.get('type'), exp, where)
        self.compare(obj, exp, ('shape', 'layout'), where)

        def normalize(cp):
            if 'filters' in cp:
                cp['filters'] = fmt.normalize_filters(cp['filters'])
            return cp
        self.check_creation_properties(obj, exp, where, normalize)
        shape = obj.get('shape', {})
        if shape.get('class') == 'H5S_NULL':
            if 'layout' in obj:
                self.error(where, 'H5S_NULL dataset with a layout')
            if chunk_keys:
                self.error(where, 'H5S_NULL dataset with chunks')
            return
        layout = obj.get('layout')
        if not isinstance(layout, dict) or layout.get('class') != 'H5D_CHUNKED':
            self.error(where, f'layout is {json.dumps(layout)}, expected an H5D_CHUNKED layout')
            return
        dims = shape.get('dims') or [1]
        chunk_dims = layout.get('dims')
        if shape.get('class') == 'H5S_SCALAR':
            dims = [1]
        if not isinstance(chunk_dims, list) or len(chunk_dims) != len(dims) or min(chunk_dims) < 1:
            self.error(where, f'layout dims {chunk_dims} do not fit shape {dims}')
            return
        try:
            self.check_chunks(obj, exp, dims, chunk_dims, layout.get('partition_count'), chunk_keys, where)
        except ValueError as e:
            self.error(where, f'cannot decode: {e}')

    def check_chunks(self, obj, exp, dims, chunk_dims, partition_count, chunk_keys, where):
        type_json = obj['type']
        cp = obj.get('creationProperties', {})
        ops = fmt.filter_ops(cp.get('filters'), type_json)
        dt = fmt.dtype_of(type_json)
        vlen = isinstance(dt, fmt.Vlen)
        fill = None
        if 'fillValue' in cp and not vlen:
            fill = fmt.array_from_json(cp['fillValue'], type_json, ())
        full = np.full(dims, '', dtype=object) if vlen else np.zeros(dims, dtype=dt)
        if fill is not None:
            full[...] = fill
        grid = [math.ceil(n / c) for n, c in zip(dims, chunk_dims)]
        if 'chunks' in exp and set(k for k, _ in chunk_keys) != set(exp['chunks']):
            self.error(where, f'chunk keys {sorted(k for k, _ in chunk_keys)}, expected {sorted(exp["chunks"])}')
        for key, cid in chunk_keys:
            self.checked['chunks'] += 1
            cw = f'{where} chunk {key}'
            index = [int(p) for p in cid[cid.index('_') + 1:].split('_')]
            if len(index) != len(grid) or any(i >= g for i, g in zip(index, grid)):
                self.error(cw, f'index {index} is outside the chunk grid {grid}')
                continue
            head = cid[:cid.index('-')]
            partition = int(head[1:]) if len(head) > 1 else None
            if partition != fmt.chunk_partition(index, partition_count):
                self.error(cw, f'partition {partition}, HSDS puts it in '
                               f'{fmt.chunk_partition(index, partition_count)}')
            try:
                raw, how = fmt.hsds_uncompress(self.read(key), ops, fmt.item_size(type_json) or 1)
                chunk = fmt.chunk_from_bytes(raw, type_json, chunk_dims)
            except Exception as e:  # noqa: BLE001 - any decoding failure is a finding
                self.error(cw, f'HSDS cannot decode it: {type(e).__name__}: {e}')
                continue
            self.decoding[how] = self.decoding.get(how, 0) + 1
            region = tuple(slice(i * c, min((i + 1) * c, n)) for i, c, n in zip(index, chunk_dims, dims))
            inner = tuple(slice(0, r.stop - r.start) for r in region)
            full[region] = chunk[inner]
            self.check_padding(chunk, inner, fill, vlen, cw)
        if 'value' in exp:
            self.checked['datasets_compared'] += 1
            got = fmt.to_json(full if obj['shape']['class'] != 'H5S_SCALAR' else full.reshape(()))
            diff = first_difference(got, exp['value'])
            if diff is not None:
                at, g, w = diff
                self.error(where, f'value at {at} read from storage is {json.dumps(g)}, expected {json.dumps(w)}')

    def check_padding(self, chunk, inner, fill, vlen, where):
        """Edge chunks are whole chunks: the part beyond the dataset extent holds the fill value (or zeros)."""
        if all(s.stop == n for s, n in zip(inner, chunk.shape)):
            return
        mask = np.ones(chunk.shape, dtype=bool)
        mask[inner] = False
        pad = chunk[mask]
        if vlen:
            ok = all(e in ('', b'') for e in pad)
        elif fill is not None:
            ok = pad.tobytes() == np.full(pad.shape, fill, dtype=chunk.dtype).tobytes()
        else:
            ok = not pad.tobytes().strip(b'\0')
        if not ok:
            self.error(where, 'padding beyond the dataset extent is not the fill value')

    def run(self):
        fmt.self_check_ids()
        for path, exp in self.expect.get('folders', {}).items():
            self.check_folder(path, exp)
        roots = set()
        for path, exp in self.expect.get('domains', {}).items():
            roots.add(self.check_domain(path, exp))
        self.check_db_prefixes(roots)
        return {'errors': self.errors, 'checked': self.checked, 'chunk_decoding': self.decoding}


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[2]) as f:
        expect = json.load(f)
    report = Checker(sys.argv[1], expect).run()
    print(json.dumps(report, indent=1))
    sys.exit(1 if report['errors'] else 0)


if __name__ == '__main__':
    main()
