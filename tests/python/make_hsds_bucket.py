#!/usr/bin/env python3
"""Write a bucket directory exactly as HSDS 0.9.4's POSIX FileClient lays out obj_store_schema v2, and a JSON
manifest of everything in it with the expected values (computed here in numpy from the same source arrays).

Usage: make_hsds_bucket.py ROOT_DIR MANIFEST_PATH [--bucket hsdstest]

Written under ROOT_DIR/<bucket>/ (file = key):
  home/.domain.json, home/test_user1/.domain.json            folders
  home/test_user1/hsds_compat.h5/.domain.json                 domain with a v2 root id (random 16 hex + rotation)
  db/<root>/...                                               groups, committed type, datasets, chunks
  home/test_user1/legacy_v1.h5/.domain.json + <md5>-<id>      a domain whose ids are legacy v1 UUIDs

Chunks are whole chunks in C order (edge chunks padded with the fill value), encoded the ways HSDS writes or
reads them: raw, numcodecs Blosc frames over bytes (typesize 1) for zlib/lz4/zstd/blosclz, plain zlib streams
(HSDS's read fallback for deflate, shuffled first when the shuffle filter is set), vlen strings as int32 counts +
UTF-8, chunk keys under p<N>/ for layouts with partition_count. A sparse dataset has missing chunks and a fill
value. Object JSON is written with json.dumps (bare NaN/Infinity), as HSDS's putStorJSONObj does.

The manifest (see build_manifest) is also the expectation format of check_hsds_layout.py.
"""
import argparse
import base64
import itertools
import math
import os
import sys
import time
import zlib

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hsds_format as fmt  # noqa: E402

ALL = {k: True for k in fmt.ACL_KEYS}
NONE = {k: False for k in fmt.ACL_KEYS}
READ = {**NONE, 'read': True}

I16 = {'class': 'H5T_INTEGER', 'base': 'H5T_STD_I16LE'}
I32 = {'class': 'H5T_INTEGER', 'base': 'H5T_STD_I32LE'}
I64 = {'class': 'H5T_INTEGER', 'base': 'H5T_STD_I64LE'}
U8 = {'class': 'H5T_INTEGER', 'base': 'H5T_STD_U8LE'}
U16BE = {'class': 'H5T_INTEGER', 'base': 'H5T_STD_U16BE'}
F32 = {'class': 'H5T_FLOAT', 'base': 'H5T_IEEE_F32LE'}
F64 = {'class': 'H5T_FLOAT', 'base': 'H5T_IEEE_F64LE'}
VSTR_UTF8 = {'class': 'H5T_STRING', 'charSet': 'H5T_CSET_UTF8', 'strPad': 'H5T_STR_NULLTERM',
             'length': 'H5T_VARIABLE'}
VSTR_ASCII = {'class': 'H5T_STRING', 'charSet': 'H5T_CSET_ASCII', 'strPad': 'H5T_STR_NULLTERM',
              'length': 'H5T_VARIABLE'}
BOOL = {'class': 'H5T_ENUM', 'base': {'class': 'H5T_INTEGER', 'base': 'H5T_STD_I8LE'},
        'mapping': {'FALSE': 0, 'TRUE': 1}}
SHUFFLE = {'class': 'H5Z_FILTER_SHUFFLE', 'id': 2, 'name': 'shuffle'}
DEFLATE = {'class': 'H5Z_FILTER_DEFLATE', 'id': 1, 'name': 'gzip', 'level': 5}
LZ4 = {'class': 'H5Z_FILTER_LZ4', 'id': 32004, 'name': 'lz4'}
ZSTD = {'class': 'H5Z_FILTER_ZSTD', 'id': 32015, 'name': 'zstd'}
BLOSCLZ = {'class': 'H5Z_FILTER_BLOSC', 'id': 32001, 'name': 'blosclz'}


def simple(dims, maxdims=None):
    shape = {'class': 'H5S_SIMPLE', 'dims': list(dims)}
    if maxdims is not None:
        shape['maxdims'] = list(maxdims)
    return shape


class Clock:
    """Plausible, distinct time.time() stamps (floats with sub-second digits, as HSDS stores them)."""

    def __init__(self):
        self.t = time.time() - 86400.0

    def __call__(self):
        self.t += 1.234567
        return self.t


class Bucket:
    def __init__(self, root, name):
        self.dir = os.path.join(root, name)
        self.keys = {}

    def put(self, key, data):
        path = os.path.join(self.dir, *key.split('/'))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'wb') as f:
            f.write(data)
        self.keys[key] = len(data)

    def put_json(self, key, obj):
        self.put(key, fmt.dumps(obj).encode('utf-8'))


class Domain:
    """Objects of one domain, kept in memory until `save` writes their JSON (links and attributes embedded)."""

    def __init__(self, bucket, clock, path, owner, acls, root_id):
        self.bucket, self.clock, self.path = bucket, clock, path
        t = clock()
        self.json = {'owner': owner, 'acls': acls, 'root': root_id, 'created': t, 'lastModified': t}
        self.root = root_id
        self.objects = {}
        self.expect = {}
        self.v1 = not fmt.is_schema2_id(root_id)
        self._new_object(root_id, 'groups', '/', {'links': {}, 'attributes': {}})

    def _id(self, prefix):
        return fmt.create_v1_id(prefix) if self.v1 else fmt.create_obj_id(prefix, self.root)

    def _new_object(self, obj_id, collection, path, fields):
        t = self.clock()
        obj = {'id': obj_id, 'root': self.root, 'created': t, 'lastModified': t, **fields}
        self.objects[obj_id] = obj
        self.expect[obj_id] = {'collection': collection, 'path': path}
        return obj

    def path_of(self, obj_id):
        return self.expect[obj_id]['path']

    def link(self, group_id, title, **target):
        if 'id' in target:
            link = {'class': 'H5L_TYPE_HARD', 'id': target['id']}
        elif 'h5domain' in target:
            link = {'class': 'H5L_TYPE_EXTERNAL', 'h5path': target['h5path'], 'h5domain': target['h5domain']}
        else:
            link = {'class': 'H5L_TYPE_SOFT', 'h5path': target['h5path']}
        link['created'] = self.clock()
        group = self.objects[group_id]
        group['links'][title] = link
        group['lastModified'] = link['created']

    def _child_path(self, parent_id, title):
        base = self.path_of(parent_id)
        return base + title if base.endswith('/') else f'{base}/{title}'

    def group(self, parent_id, title, creation_properties=None):
        fields = {'links': {}, 'attributes': {}}
        if creation_properties is not None:
            fields['creationProperties'] = creation_properties
        obj_id = self._id('g')
        self._new_object(obj_id, 'groups', self._child_path(parent_id, title), fields)
        self.link(parent_id, title, id=obj_id)
        return obj_id

    def datatype(self, parent_id, title, type_json):
        obj_id = self._id('t')
        self._new_object(obj_id, 'datatypes', self._child_path(parent_id, title),
                         {'type': type_json, 'attributes': {}})
        self.link(parent_id, title, id=obj_id)
        return obj_id

    def committed(self, ctype_id):
        """A dataset/attribute type taken from a committed type: a copy with the type's id added."""
        return {**self.objects[ctype_id]['type'], 'id': ctype_id}

    def attr(self, obj_id, name, type_json, shape_json, value):
        t = self.clock()
        self.objects[obj_id]['attributes'][name] = {'type': type_json, 'shape': shape_json, 'value': value,
                                                    'created': t}
        self.objects[obj_id]['lastModified'] = t

    def dataset(self, parent_id, title, type_json, shape_json, data=None, chunk_dims=None, filters=None,
                fill=None, encode=None, partition_count=None, present=None, selections=()):
        """`data` is the full source array (fill included where chunks are absent); `encode(index, raw, ops)`
        gives a chunk object's bytes (default: HSDS's _compress); `present(index)` chooses stored chunks."""
        fields = {'type': type_json, 'shape': shape_json, 'attributes': {}}
        cp = {}
        if shape_json['class'] != 'H5S_NULL':
            layout = {'class': 'H5D_CHUNKED', 'dims': list(chunk_dims)}
            cp['layout'] = dict(layout)
            if partition_count:
                layout['partition_count'] = partition_count
            fields['layout'] = layout
        if filters:
            cp['filters'] = filters
        if fill is not None:
            cp['fillValue'] = fill
        if cp:
            fields['creationProperties'] = cp
        obj_id = self._id('d')
        self._new_object(obj_id, 'datasets', self._child_path(parent_id, title), fields)
        self.link(parent_id, title, id=obj_id)
        if shape_json['class'] != 'H5S_NULL':
            self._write_chunks(obj_id, data, encode, present, selections)
        return obj_id

    def _write_chunks(self, obj_id, data, encode, present, selections):
        d = self.objects[obj_id]
        type_json, layout = d['type'], d['layout']
        chunk_dims = layout['dims']
        dt = fmt.dtype_of(type_json)
        dims = data.shape if data.shape else (1,)
        # In the dataset's own dtype, so that byte order and packing are the type's.
        full = data.reshape(dims) if isinstance(dt, fmt.Vlen) else data.reshape(dims).astype(dt)
        ops = fmt.filter_ops(d.get('creationProperties', {}).get('filters'), type_json)
        fill = d.get('creationProperties', {}).get('fillValue')
        itemsize = fmt.item_size(type_json)
        chunks = {}
        grid = [math.ceil(n / c) for n, c in zip(dims, chunk_dims)]
        for index in itertools.product(*(range(g) for g in grid)):
            if present and not present(index):
                continue
            if isinstance(dt, fmt.Vlen):
                chunk = np.full(chunk_dims, '', dtype=object)
            else:
                chunk = np.zeros(chunk_dims, dtype=dt)
                if fill is not None:
                    chunk[...] = fmt.array_from_json(fill, type_json, ())
            region = tuple(slice(i * c, min((i + 1) * c, n)) for i, c, n in zip(index, chunk_dims, dims))
            chunk[tuple(slice(0, r.stop - r.start) for r in region)] = full[region]
            raw = fmt.chunk_to_bytes(chunk, type_json)
            how = 'raw'
            if encode is not None:
                stored, how = encode(index, raw, ops, itemsize)
            elif ops:
                stored, how = fmt.hsds_compress(raw, ops), f'blosc-{ops.get("compressor")}'
            else:
                stored = raw
            partition = fmt.chunk_partition(index, layout.get('partition_count'))
            key = fmt.s3_key(fmt.chunk_id(obj_id, index, partition))
            self.bucket.put(key, stored)
            chunks[key] = how
        e = self.expect[obj_id]
        e['value'] = fmt.to_json(data)
        e['bytes_b64'] = base64.b64encode(fmt.chunk_to_bytes(full, type_json)).decode()
        e['chunks'] = chunks
        e['selections'] = [{'select': s, 'value': fmt.to_json(full[idx])} for s, idx in selections]

    def save(self):
        self.bucket.put_json(fmt.s3_key(self.path), self.json)
        for obj_id, obj in self.objects.items():
            self.bucket.put_json(fmt.s3_key(obj_id), obj)

    def manifest(self):
        objects = {}
        for obj_id, obj in self.objects.items():
            objects[obj_id] = {**obj, **self.expect[obj_id]}
        out = {**self.json, 'objects': objects}
        if not self.v1:
            out['summary'] = self._summary()
        return out

    def _summary(self):
        """HSDS's scanRoot counts over the keys under db/<root16>/."""
        prefix = fmt.s3_key(self.root)[:-len('.group.json')]
        keys = {k: n for k, n in self.bucket.keys.items() if k.startswith(prefix)}
        chunk_keys = [k for k in keys if fmt.obj_id_of_key(k).startswith('c')]
        return {
            'num_groups': sum(1 for o in self.objects if o.startswith('g')),
            'num_datatypes': sum(1 for o in self.objects if o.startswith('t')),
            'num_datasets': sum(1 for o in self.objects if o.startswith('d')),
            'num_chunks': len(chunk_keys),
            'allocated_bytes': sum(keys[k] for k in chunk_keys),
        }


def zlib_chunk(index, raw, ops, itemsize):
    """HSDS's read fallback for deflate: a plain zlib stream, of byte-shuffled data when shuffle is set."""
    if ops['shuffle'] == 1:
        return zlib.compress(fmt.shuffle_bytes(raw, itemsize), 5), 'zlib+shuffle'
    return zlib.compress(raw, 5), 'zlib'


def mixed_chunk(index, raw, ops, itemsize):
    """Chunk (0, 0) as HSDS writes it (Blosc frame), the others as plain zlib of shuffled bytes."""
    if index == (0, 0):
        return fmt.hsds_compress(raw, ops), 'blosc-zlib'
    return zlib_chunk(index, raw, ops, itemsize)


def build_compat_domain(bucket, clock, path):
    rng = np.random.default_rng(20240401)
    acls = {'test_user1': dict(ALL), 'test_user2': dict(READ), 'default': dict(NONE)}
    d = Domain(bucket, clock, path, 'test_user1', acls, fmt.create_root_id())
    root = d.root

    d.attr(root, 'title', VSTR_UTF8, {'class': 'H5S_SCALAR'}, 'HSDS layout fixture \u2713')
    d.attr(root, 'nan_values', F64, simple([4]), [1.5, float('nan'), float('inf'), float('-inf')])
    d.attr(root, 'int_matrix', I32, simple([2, 3]), [[1, -2, 3], [40, 50, -60]])
    d.attr(root, 'big_int', I64, {'class': 'H5S_SCALAR'}, 2 ** 62 + 5)
    d.attr(root, 'nothing', F32, {'class': 'H5S_NULL'}, None)

    g1 = d.group(root, 'g1')
    d.attr(g1, 'units', {'class': 'H5T_STRING', 'charSet': 'H5T_CSET_ASCII', 'strPad': 'H5T_STR_NULLPAD',
                         'length': 5}, {'class': 'H5S_SCALAR'}, 'meter')
    d.group(g1, 'g1.1', creation_properties={'CreateOrder': 1})
    g2 = d.group(root, 'g2')

    ctype = d.datatype(root, 'ctype', {'class': 'H5T_COMPOUND', 'fields': [
        {'name': 'x', 'type': I16}, {'name': 'y', 'type': F64}]})
    d.attr(ctype, 'doc', VSTR_UTF8, {'class': 'H5S_SCALAR'}, 'a committed compound')
    d.attr(root, 'typed', d.committed(ctype), simple([2]), [[1, 0.5], [2, -0.25]])

    raw = (np.arange(70, dtype='<i4').reshape(10, 7) * 3 - 50)
    raw_id = d.dataset(g1, 'raw_i4', I32, simple([10, 7]), raw, [4, 3],
                       selections=[('[1:9:2,2:6]', np.s_[1:9:2, 2:6]), ('[9,0:7]', np.s_[9:10, 0:7])])
    d.attr(raw_id, 'scale', F32, {'class': 'H5S_SCALAR'}, 0.5)
    d.link(g2, 'raw_alias', id=raw_id)
    d.dataset(g1, 'raw_u2_be', U16BE, simple([9]), np.arange(9, dtype='>u2') * 1000 + 7, [4])

    f8 = rng.normal(size=(20, 30)).round(3)
    f8[0, 0], f8[5, 17], f8[19, 29] = np.nan, np.inf, -np.inf
    d.dataset(root, 'blosc_zlib_shuffle', F64, simple([20, 30]), f8, [8, 16], filters=[SHUFFLE, DEFLATE],
              selections=[('[3:12,10:20]', np.s_[3:12, 10:20])])
    lz4_id = d.dataset(root, 'blosc_lz4', I16, simple([100], [0]), (np.arange(100, dtype='<i2') - 50) * 13,
                       [32], filters=[LZ4], selections=[('[30:70:3]', np.s_[30:70:3])])
    d.attr(lz4_id, 'note', VSTR_UTF8, simple([2]), ['unlimited', 'maxdims'])
    d.dataset(root, 'blosc_zstd_shuffle', U8, simple([3, 4, 5]), np.arange(60, dtype='u1').reshape(3, 4, 5) * 4,
              [2, 2, 5], filters=[SHUFFLE, ZSTD], selections=[('[1:3,1:4,2:5]', np.s_[1:3, 1:4, 2:5])])
    d.dataset(root, 'blosclz', F32, simple([17]), np.linspace(-2, 2, 17, dtype='<f4'), [8], filters=[BLOSCLZ])
    d.dataset(root, 'zlib_plain', F32, simple([50]), (np.arange(50, dtype='<f4') / 4), [20],
              filters=[{**DEFLATE, 'level': 6}], encode=zlib_chunk)
    d.dataset(root, 'deflate_shuffle', I32, simple([6, 10]), np.arange(60, dtype='<i4').reshape(6, 10) * 1001,
              [3, 5], filters=[SHUFFLE, DEFLATE], encode=mixed_chunk,
              selections=[('[2:5,3:8]', np.s_[2:5, 3:8])])

    words = ['', 'a', 'h\u00e9llo', '\u65e5\u672c\u8a9e', 'x' * 40, 'tab\there', 'last']
    d.dataset(root, 'vlen_str', VSTR_UTF8, simple([7]), np.array(words, dtype=object), [3],
              selections=[('[2:6]', np.s_[2:6])])
    d.dataset(root, 'vlen_ascii_lz4', VSTR_ASCII, simple([5]),
              np.array([b'alpha', b'', b'gamma ray', b'd', b'epsilon'], dtype=object), [5], filters=[SHUFFLE, LZ4])

    stocks = np.array([(20240101 + i, sym, 100.5 + i * 1.25) for i, sym in
                       enumerate([b'AAPL', b'EBAY', b'GOOG', b'MSFT', b'X'])],
                      dtype=[('date', '<i8'), ('sym', 'S6'), ('p', '<f8')])
    stock_type = {'class': 'H5T_COMPOUND', 'fields': [
        {'name': 'date', 'type': I64},
        {'name': 'sym', 'type': {'class': 'H5T_STRING', 'charSet': 'H5T_CSET_ASCII', 'strPad': 'H5T_STR_NULLPAD',
                                 'length': 6}},
        {'name': 'p', 'type': F64}]}
    d.dataset(root, 'compound', stock_type, simple([5]), stocks, [2], filters=[DEFLATE])
    pairs = np.array([(i, i / 8) for i in range(5)], dtype=[('x', '<i2'), ('y', '<f8')])
    d.dataset(g2, 'compound_ctype', d.committed(ctype), simple([5]), pairs, [2], filters=[LZ4])

    part = np.arange(144, dtype='<i4').reshape(12, 12) - 70
    d.dataset(root, 'partitioned', I32, simple([12, 12]), part, [3, 4], filters=[DEFLATE], partition_count=5,
              selections=[('[2:11,3:10]', np.s_[2:11, 3:10])])

    # HSDS's getPartitionKey ignores a partition_count below 2: these chunks stay out of p<N>/ folders.
    d.dataset(root, 'partition_one', I32, simple([5]), np.arange(5, dtype='<i4') + 11, [2], partition_count=1)

    fill = -1.5
    sparse = np.full((15, 14), fill, dtype='<f4')
    present = {(0, 0), (1, 2), (3, 3)}
    for (i, j) in present:
        block = sparse[i * 4:(i + 1) * 4, j * 4:(j + 1) * 4]
        block[...] = rng.integers(-100, 100, size=block.shape) / 4
    d.dataset(root, 'sparse', F32, simple([15, 14]), sparse, [4, 4], fill=fill, present=lambda ix: ix in present,
              selections=[('[2:14,3:13]', np.s_[2:14, 3:13])])

    d.dataset(root, 'scalar', F64, {'class': 'H5S_SCALAR'}, np.array(3.25, dtype='<f8'), [1])
    d.dataset(root, 'bool_enum', BOOL, simple([6]), np.array([True, False, False, True, True, False]), [6])
    d.dataset(root, 'null_space', F32, {'class': 'H5S_NULL'})

    d.link(root, 'soft_link', h5path='/g1/raw_i4')
    d.link(root, 'dangling_soft', h5path='/no/such/object')
    d.link(root, 'ext_link', h5path='/data', h5domain='/home/test_user1/other.h5')
    d.save()
    return d


def build_legacy_domain(bucket, clock, path):
    """A domain from before schema v2: UUID1 ids stored under md5-prefixed flat keys."""
    acls = {'test_user1': dict(ALL), 'default': dict(READ)}
    d = Domain(bucket, clock, path, 'test_user1', acls, fmt.create_v1_id('g'))
    d.attr(d.root, 'era', VSTR_UTF8, {'class': 'H5S_SCALAR'}, 'schema v1')
    sub = d.group(d.root, 'sub')
    d.dataset(sub, 'data', I32, simple([4, 4]), np.arange(16, dtype='<i4').reshape(4, 4) * 7, [2, 4])
    d.save()
    return d


def folder(bucket, clock, path, owner):
    t = clock()
    obj = {'owner': owner, 'acls': {owner: dict(ALL), 'default': dict(READ)}, 'created': t, 'lastModified': t}
    bucket.put_json(fmt.s3_key(path), obj)
    return obj


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('root_dir')
    parser.add_argument('manifest')
    parser.add_argument('--bucket', default='hsdstest')
    args = parser.parse_args()
    fmt.self_check_ids()

    bucket = Bucket(args.root_dir, args.bucket)
    clock = Clock()
    folders = {'/home': folder(bucket, clock, '/home', 'admin'),
               '/home/test_user1': folder(bucket, clock, '/home/test_user1', 'test_user1')}
    domains = [build_compat_domain(bucket, clock, '/home/test_user1/hsds_compat.h5'),
               build_legacy_domain(bucket, clock, '/home/test_user1/legacy_v1.h5')]
    manifest = {
        'bucket': args.bucket,
        'folders': folders,
        'domains': {d.path: d.manifest() for d in domains},
        'keys': sorted(bucket.keys),
    }
    with open(args.manifest, 'w') as f:
        f.write(fmt.dumps(manifest))


if __name__ == '__main__':
    main()
