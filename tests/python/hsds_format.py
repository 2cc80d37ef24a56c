"""HSDS 0.9.4 storage format rules (obj_store_schema v2), written from HSDS's documented behaviour and sources
(hsds/util/idUtil.py, storUtil.py, dsetUtil.py, chunkUtil.py, arrayUtil.py), independent of h5lab.

Used by make_hsds_bucket.py (writes a bucket as HSDS would) and check_hsds_layout.py (verifies a bucket).
"""
import hashlib
import json
import uuid
import zlib

import numpy as np
import numcodecs

# id -> storage key expectations of HSDS's own unit test (tests/unit/id_util_test.py, testIsValidUuid).
ID_KEY_VECTORS = [
    ('g-314d61b8-9954-11e6-a733-3c15c2da029e', 'a49be-g-314d61b8-9954-11e6-a733-3c15c2da029e'),
    ('g-314d61b8-995411e6-a733-3c15c2-da029e', 'db/314d61b8-995411e6/g/a733-3c15c2-da029e/.group.json'),
    ('d-4c48f3ae-9954-11e6-a3cd-3c15c2da029e', '26928-d-4c48f3ae-9954-11e6-a3cd-3c15c2da029e'),
    ('d-4c48f3ae-995411e6-a3cd-3c15c2-da029e', 'db/4c48f3ae-995411e6/d/a3cd-3c15c2-da029e/.dataset.json'),
    ('t-8c785f1c-9953-11e6-9bc2-0242ac110005', '5a9cf-t-8c785f1c-9953-11e6-9bc2-0242ac110005'),
    ('t-8c785f1c-995311e6-9bc2-0242ac-110005', 'db/8c785f1c-995311e6/t/9bc2-0242ac-110005/.datatype.json'),
    ('c-8c785f1c-9953-11e6-9bc2-0242ac110005_7_2', 'dc4ce-c-8c785f1c-9953-11e6-9bc2-0242ac110005_7_2'),
    ('c-8c785f1c-995311e6-9bc2-0242ac-110005_7_2', 'db/8c785f1c-995311e6/d/9bc2-0242ac-110005/7_2'),
]
# A root id from the same test: its last 16 hex digits are the first 16 rotated by 8.
ROOT_ID_VECTOR = 'g-f9aaa28e-d42e10e5-7122-2a065c-a6986d'

ACL_KEYS = ('create', 'read', 'update', 'delete', 'readACL', 'updateACL')
PRIMES = [29, 31, 37, 41, 43, 47, 53, 59, 61, 67]

# ------------------------------------------------------------------------------------------------ ids and keys


def hex_rot(ch):
    return format((int(ch, 16) + 8) % 16, 'x')


def _format_id(prefix, hex32):
    h = hex32
    return f'{prefix}-{h[0:8]}-{h[8:16]}-{h[16:20]}-{h[20:26]}-{h[26:32]}'


def _random_hex():
    return hashlib.sha256(uuid.uuid4().hex.encode()).hexdigest()


def create_root_id():
    """16 random hex digits, then the same 16 each rotated by 8."""
    head = _random_hex()[:16]
    return _format_id('g', head + ''.join(hex_rot(c) for c in head))


def create_obj_id(prefix, root_id):
    """The root's first 16 hex digits, then 16 random ones."""
    return _format_id(prefix, id_hex(root_id)[:16] + _random_hex()[16:32])


def create_v1_id(prefix):
    return f'{prefix}-{uuid.uuid1()}'


def id_hex(obj_id):
    if obj_id[0] == 'c':
        obj_id = obj_id[:obj_id.index('_')]
    parts = obj_id.split('-')
    if len(parts) != 6:
        raise ValueError(f'not an object id: {obj_id}')
    return ''.join(parts[1:])


def is_schema2_id(obj_id):
    parts = obj_id.split('-')
    return len(parts) == 6 and len(parts[2]) == 8


def root_id_of(obj_id):
    head = id_hex(obj_id)[:16]
    return _format_id('g', head + ''.join(hex_rot(c) for c in head))


def is_root_id(obj_id):
    return obj_id[0] == 'g' and is_schema2_id(obj_id) and root_id_of(obj_id) == obj_id


def chunk_id(dset_id, index, partition=None):
    prefix = 'c' if partition is None else f'c{partition}'
    return f'{prefix}-{dset_id[2:]}_' + '_'.join(str(i) for i in index)


def chunk_partition(index, partition_count):
    """None when the layout has no partitioning (HSDS ignores partition_count < 2)."""
    if not partition_count or partition_count < 2:
        return None
    return sum(v * PRIMES[dim % len(PRIMES)] for dim, v in enumerate(index)) % partition_count


def md5_prefix(text):
    return hashlib.md5(text.encode()).hexdigest()[:5]


def s3_key(obj_id):
    """Storage key of an object or chunk id, or of a domain path ('/home/u/f.h5')."""
    if obj_id.startswith('/'):
        return obj_id[1:].rstrip('/') + '/.domain.json'
    if not is_schema2_id(obj_id):
        return f'{md5_prefix(obj_id)}-{obj_id}'
    h = id_hex(obj_id)
    prefix = obj_id[0]
    if prefix == 'g' and is_root_id(obj_id):
        return f'db/{h[0:8]}-{h[8:16]}/.group.json'
    col = 'd' if prefix == 'c' else prefix
    key = f'db/{h[0:8]}-{h[8:16]}/{col}/{h[16:20]}-{h[20:26]}-{h[26:32]}'
    if prefix == 'c':
        head = obj_id[:obj_id.index('-')]
        if len(head) > 1:
            key += '/p' + head[1:]
        return key + '/' + obj_id[obj_id.index('_') + 1:]
    return key + {'g': '/.group.json', 'd': '/.dataset.json', 't': '/.datatype.json'}[prefix]


def obj_id_of_key(key):
    """Inverse of s3_key for v2 object and chunk keys; raises ValueError for anything else."""
    parts = key.split('/')
    if parts[0] != 'db' or len(parts) < 3:
        raise ValueError(f'not an object key: {key}')
    head = parts[1].replace('-', '')
    if len(head) != 16:
        raise ValueError(f'bad root part in key: {key}')
    if len(parts) == 3:
        if parts[2] != '.group.json':
            raise ValueError(f'unexpected key: {key}')
        return _format_id('g', head + ''.join(hex_rot(c) for c in head))
    tail = parts[3].replace('-', '')
    if len(tail) != 16:
        raise ValueError(f'bad object part in key: {key}')
    hex32 = head + tail
    names = {'g': '.group.json', 'd': '.dataset.json', 't': '.datatype.json'}
    if len(parts) == 5 and parts[2] in names and parts[4] == names[parts[2]]:
        return _format_id(parts[2], hex32)
    if parts[2] == 'd' and len(parts) in (5, 6):
        partition = ''
        if len(parts) == 6:
            if not parts[4].startswith('p') or not parts[4][1:].isdigit():
                raise ValueError(f'bad partition in key: {key}')
            partition = parts[4][1:]
        coord = parts[-1]
        if not all(p.isdigit() for p in coord.split('_')):
            raise ValueError(f'bad chunk index in key: {key}')
        return _format_id('c' + partition, hex32) + '_' + coord
    raise ValueError(f'unexpected key: {key}')


def self_check_ids():
    """The key rules above reproduce HSDS's own test expectations."""
    for obj_id, key in ID_KEY_VECTORS:
        assert s3_key(obj_id) == key, (obj_id, s3_key(obj_id), key)
        if is_schema2_id(obj_id):
            assert obj_id_of_key(key) == obj_id, (key, obj_id_of_key(key))
    assert is_root_id(ROOT_ID_VECTOR)
    assert obj_id_of_key(s3_key(ROOT_ID_VECTOR)) == ROOT_ID_VECTOR

# ------------------------------------------------------------------------------------------------ types


class Vlen:
    """Marker for a variable-length string type (numpy object arrays of str or bytes)."""

    def __init__(self, text):
        self.text = text


def dtype_of(type_json):
    """numpy dtype of a fixed-size type, or a Vlen marker for a vlen string."""
    cls = type_json['class']
    if cls in ('H5T_INTEGER', 'H5T_FLOAT'):
        base = type_json['base']
        order = '>' if base.endswith('BE') else '<'
        if cls == 'H5T_FLOAT':
            return np.dtype(f'{order}f{int(base[len("H5T_IEEE_F"):-2]) // 8}')
        kind = 'i' if base.startswith('H5T_STD_I') else 'u'
        return np.dtype(f'{order}{kind}{int(base[len("H5T_STD_I"):-2]) // 8}')
    if cls == 'H5T_STRING':
        if type_json['length'] == 'H5T_VARIABLE':
            return Vlen(type_json.get('charSet') == 'H5T_CSET_UTF8')
        return np.dtype(f'S{type_json["length"]}')
    if cls == 'H5T_COMPOUND':
        fields = [(f['name'], dtype_of(f['type'])) for f in type_json['fields']]
        if any(isinstance(t, Vlen) for _, t in fields):
            raise ValueError('vlen compound members are not used by these fixtures')
        return np.dtype(fields)
    if cls == 'H5T_ENUM':
        if type_json['mapping'] == {'FALSE': 0, 'TRUE': 1}:
            return np.dtype('bool')
        return dtype_of(type_json['base'])
    if cls == 'H5T_ARRAY':
        return np.dtype((dtype_of(type_json['base']), tuple(type_json['dims'])))
    if cls == 'H5T_OPAQUE':
        return np.dtype(f'V{type_json["size"]}')
    if cls == 'H5T_REFERENCE':
        return np.dtype('S48')
    raise ValueError(f'unsupported type class {cls}')


def _as_element(value, dt):
    if dt.names:
        return tuple(_as_element(v, dt[n]) for v, n in zip(value, dt.names))
    if dt.kind == 'S' and isinstance(value, str):
        return value.encode('utf-8')
    return value


def array_from_json(value, type_json, dims):
    """numpy array of `dims` (() for scalar) from a JSON value in HSDS's form."""
    dt = dtype_of(type_json)
    if isinstance(dt, Vlen):
        arr = np.empty(int(np.prod(dims)) if dims else 1, dtype=object)
        flat = list(_flatten(value, len(dims)))
        arr[:] = flat
        return arr.reshape(dims)
    if dt.names or dt.kind == 'S':
        flat = [_as_element(v, dt) for v in _flatten(value, len(dims))]
        return np.array(flat, dtype=dt).reshape(dims)
    return np.array(value, dtype=dt).reshape(dims)


def _flatten(value, rank):
    if rank == 0:
        yield value
        return
    for v in value:
        yield from _flatten(v, rank - 1)


def to_json(arr):
    """JSON form of an array as HSDS returns it: nested lists, compounds as lists, strings decoded."""
    def conv(v):
        if isinstance(v, (bytes, np.bytes_)):
            return bytes(v).rstrip(b'\0').decode('utf-8')
        if isinstance(v, (tuple, list)):
            return [conv(x) for x in v]
        if isinstance(v, np.generic):
            return conv(v.item())
        return v
    return conv(arr.tolist())


def item_size(type_json):
    dt = dtype_of(type_json)
    return None if isinstance(dt, Vlen) else dt.itemsize

# ------------------------------------------------------------------------------------------------ chunk bytes


def chunk_to_bytes(chunk, type_json):
    """Whole-chunk bytes as HSDS's arrayToBytes: C order; vlen strings as int32-LE byte count + bytes."""
    if isinstance(dtype_of(type_json), Vlen):
        out = bytearray()
        for e in chunk.reshape(-1):
            data = b'' if e is None or e == 0 else (e.encode('utf-8') if isinstance(e, str) else bytes(e))
            out += np.int32(len(data)).astype('<i4').tobytes() + data
        return bytes(out)
    return np.ascontiguousarray(chunk).tobytes()


def chunk_from_bytes(data, type_json, chunk_dims):
    dt = dtype_of(type_json)
    if isinstance(dt, Vlen):
        n = int(np.prod(chunk_dims))
        arr = np.empty(n, dtype=object)
        offset = 0
        for i in range(n):
            count = int(np.frombuffer(data, '<i4', 1, offset)[0])
            offset += 4
            raw = bytes(data[offset:offset + count])
            offset += count
            arr[i] = raw.decode('utf-8') if dt.text else raw
        if offset != len(data):
            raise ValueError(f'vlen chunk has {len(data) - offset} trailing bytes')
        return arr.reshape(chunk_dims)
    expected = int(np.prod(chunk_dims)) * dt.itemsize
    if len(data) != expected:
        raise ValueError(f'chunk holds {len(data)} bytes, a whole chunk is {expected}')
    return np.frombuffer(data, dtype=dt).reshape(chunk_dims).copy()

# ------------------------------------------------------------------------------------------------ filters

FILTER_DEFS = (
    ('H5Z_FILTER_NONE', 0, 'none'),
    ('H5Z_FILTER_DEFLATE', 1, 'gzip'),
    ('H5Z_FILTER_SHUFFLE', 2, 'shuffle'),
    ('H5Z_FILTER_FLETCHER32', 3, 'fletcher32'),
    ('H5Z_FILTER_SZIP', 4, 'szip'),
    ('H5Z_FILTER_NBIT', 5, 'nbit'),
    ('H5Z_FILTER_SCALEOFFSET', 6, 'scaleoffset'),
    ('H5Z_FILTER_LZF', 32000, 'lzf'),
    ('H5Z_FILTER_BLOSC', 32001, 'blosclz'),
    ('H5Z_FILTER_SNAPPY', 32003, 'snappy'),
    ('H5Z_FILTER_LZ4', 32004, 'lz4'),
    ('H5Z_FILTER_LZ4HC', 32005, 'lz4hc'),
    ('H5Z_FILTER_BITSHUFFLE', 32008, 'bitshuffle'),
    ('H5Z_FILTER_ZSTD', 32015, 'zstd'),
)
COMPRESSION_CLASSES = {'H5Z_FILTER_DEFLATE', 'H5Z_FILTER_SZIP', 'H5Z_FILTER_SCALEOFFSET', 'H5Z_FILTER_LZF',
                       'H5Z_FILTER_BLOSC', 'H5Z_FILTER_SNAPPY', 'H5Z_FILTER_LZ4', 'H5Z_FILTER_LZ4HC',
                       'H5Z_FILTER_ZSTD'}
COMPRESSION_NAMES = {'gzip', 'szip', 'lzf', 'blosclz', 'snappy', 'lz4', 'lz4hc', 'zstd'}


def filter_item(key):
    if key == 'deflate':
        key = 'gzip'
    for item in FILTER_DEFS:
        if key in item:
            return {'class': item[0], 'id': item[1], 'name': item[2]}
    return None


def normalize_filters(filters):
    """The stored form of a creationProperties.filters list (dset_sn.POST_Dataset)."""
    out = []
    for f in filters:
        if isinstance(f, (int, str)):
            out.append(filter_item(f))
            continue
        f = dict(f)
        if f['class'] != 'H5Z_FILTER_USER':
            item = filter_item(f['class'])
        elif 'id' in f:
            item = filter_item(f['id'])
        else:
            item = filter_item(f['name'])
        f.setdefault('id', item['id'])
        f.setdefault('name', item['name'])
        out.append(f)
    return out


def filter_ops(filters, type_json):
    """compressor / level / shuffle as HSDS's getFilterOps derives them; None when there is nothing to do."""
    filters = [f for f in filters or [] if isinstance(f, dict) and 'class' in f]
    ops = {'shuffle': 0}
    vlen = isinstance(dtype_of(type_json), Vlen)
    shuffle = next((f for f in filters if f['class'] in ('H5Z_FILTER_SHUFFLE', 'H5Z_FILTER_BITSHUFFLE')), None)
    if shuffle and not vlen:
        ops['shuffle'] = {'shuffle': 1, 'bitshuffle': 2}.get(shuffle.get('name'), 0)
    comp = next((f for f in filters if f['class'] in COMPRESSION_CLASSES or
                 (f['class'] == 'H5Z_FILTER_USER' and f.get('name') in COMPRESSION_NAMES)), None)
    if comp:
        ops['compressor'] = 'zlib' if comp['class'] == 'H5Z_FILTER_DEFLATE' else comp.get('name', 'lz4')
        ops['level'] = int(comp.get('level', 5))
    if ops['shuffle'] == 0 and 'compressor' not in ops:
        return None
    return ops


def blosc_typesize(data):
    """c-blosc 1.x blosc_cbuffer_metainfo: format version byte <= 2 means byte 3 is the typesize, else 0.
    (numcodecs 0.16 no longer exposes cbuffer_metainfo, which HSDS's _uncompress calls.)"""
    if len(data) < 4 or data[0] > 2:
        return 0
    return data[3]


def shuffle_bytes(data, itemsize):
    if itemsize <= 1:
        return bytes(data)
    return np.frombuffer(data, np.uint8).reshape(-1, itemsize).T.tobytes()


def unshuffle_bytes(data, itemsize):
    """numcodecs.Shuffle(itemsize).decode: trailing bytes past whole elements stay in place."""
    return numcodecs.Shuffle(itemsize).decode(data).tobytes()


def hsds_compress(data, ops):
    """HSDS's _compress with a compressor: a numcodecs Blosc frame over `bytes`, hence typesize 1 (a Blosc
    shuffle over 1-byte items changes nothing). Without one, HSDS stores the bytes as they are."""
    if not ops or 'compressor' not in ops:
        return data
    cname = 'zlib' if ops['compressor'] in ('gzip', 'deflate') else ops['compressor']
    blosc = numcodecs.Blosc(cname=cname, clevel=ops['level'], shuffle=ops['shuffle'])
    return bytes(blosc.encode(bytes(data)))


def hsds_uncompress(data, ops, itemsize):
    """HSDS's _uncompress. Returns (bytes, how) where `how` names the decoding path taken."""
    how = 'raw'
    shuffle = ops['shuffle'] if ops else 0
    compressor = ops.get('compressor') if ops else None
    if compressor and compressor != 'scaleoffset':
        if compressor in ('gzip', 'deflate'):
            compressor = 'zlib'
        typesize = blosc_typesize(data)
        if typesize > 0:
            header = blosc_header(data)
            data = bytes(numcodecs.Blosc().decode(data))
            how = f'blosc-{header["codec"]}(typesize={typesize})'
            if shuffle == 1:
                shuffle = 0
        elif compressor == 'zlib':
            data = zlib.decompress(data)
            how = 'zlib'
        else:
            raise ValueError(f"don't know how to decompress data in {compressor}")
    if shuffle == 1:
        data = unshuffle_bytes(data, itemsize)
        how += '+unshuffle'
    elif shuffle == 2:
        raise ValueError('bitshuffle chunks are not used by these fixtures')
    return data, how


def blosc_header(data):
    """Fields of a Blosc-1 frame header."""
    codec = {0: 'blosclz', 1: 'lz4', 2: 'snappy', 3: 'zlib', 4: 'zstd'}.get(data[2] >> 5, '?')
    return {'version': data[0], 'flags': data[2], 'typesize': data[3], 'codec': codec,
            'nbytes': int.from_bytes(data[4:8], 'little'), 'cbytes': int.from_bytes(data[12:16], 'little')}


def dumps(obj):
    """JSON text as HSDS writes storage objects (json.dumps defaults: bare NaN/Infinity)."""
    return json.dumps(obj)
