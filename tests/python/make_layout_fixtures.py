#!/usr/bin/env python3
"""Write HDF5 fixture files that exercise every dataset storage layout and chunk index, plus a JSON file of
ground truth taken from the HDF5 library itself (through h5py) next to each .h5 file.

Usage: make_layout_fixtures.py OUT_DIR [--big]

For each library-version lower bound the same set of objects is written, so that one test covers the old
formats (symbol-table groups, v1 B-tree chunk indexes) and the new ones (compact/dense links, single chunk,
implicit, fixed array, extensible array and v2 B-tree chunk indexes). --big adds a ~100 MB file used to
check that locating chunks reads only a small part of a large file.

The JSON maps each dataset path (as h5py's visititems sees it: one path per object) to its shape, maximum
shape, element size, layout, filters and storage locations: for chunked datasets every chunk's grid
offset, filter mask, byte offset and size from get_chunk_info / chunk_iter; for contiguous datasets
get_offset / get_storage_size.
"""
import hashlib
import json
import os
import sys

import h5py
import numpy as np

# Library-version lower bounds this h5py supports, in ascending order; 'latest' is always last.
LIBVER_CANDIDATES = ['earliest', 'v108', 'v110', 'v112', 'v114', 'latest']
# Above this many chunks get_chunk_info(i) becomes quadratic, so chunk_iter is used instead.
CHUNK_INFO_BY_INDEX_LIMIT = 3000
# Chunk grid positions whose stored bytes are fingerprinted with read_direct_chunk (all of them if fewer).
DIRECT_CHUNK_SAMPLES = 200


def supported_libvers():
    supported = []
    probe = os.path.join(OUT_DIR, '.libver-probe.h5')
    for low in LIBVER_CANDIDATES:
        try:
            h5py.File(probe, 'w', libver=(low, 'latest')).close()
            supported.append(low)
        except (ValueError, TypeError):
            pass
    if os.path.exists(probe):
        os.remove(probe)
    return supported


def filled(shape, dtype='<i4'):
    return (np.arange(int(np.prod(shape))) % 251).astype(dtype).reshape(shape)


def create_low_level(group, name, data, configure):
    """Create a dataset through the low-level API, for properties h5py's create_dataset does not expose."""
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    configure(dcpl)
    space = h5py.h5s.create_simple(data.shape)
    tid = h5py.h5t.py_create(data.dtype)
    dsid = h5py.h5d.create(group.id, name.encode(), tid, space, dcpl=dcpl)
    dsid.write(h5py.h5s.ALL, h5py.h5s.ALL, data)
    return dsid


def write_objects(f, libver):
    chunked = f.create_group('chunked')
    chunked.create_dataset('d1', data=filled((1000,)), chunks=(64,))
    chunked.create_dataset('d2', data=filled((100, 75), '<f8'), chunks=(16, 20))
    chunked.create_dataset('d3', data=filled((20, 30, 17), '<i2'), chunks=(8, 7, 5))
    chunked.create_dataset('d4', data=filled((6, 7, 8, 9), 'u1'), chunks=(3, 4, 5, 4))
    chunked['alias'] = h5py.SoftLink('d1')

    gz = f.create_group('gzip')
    gz.create_dataset('d1', data=filled((1000,)), chunks=(64,), compression='gzip', shuffle=True)
    gz.create_dataset('d2', data=filled((100, 75), '<f8'), chunks=(16, 20), compression='gzip', shuffle=True)
    gz.create_dataset('d3', data=filled((20, 30, 17), '<i2'), chunks=(8, 7, 5), compression='gzip',
                      shuffle=True)
    gz.create_dataset('d4', data=filled((6, 7, 8, 9), 'u1'), chunks=(3, 4, 5, 4), compression='gzip',
                      compression_opts=9, shuffle=True)
    gz.create_dataset('fletcher', data=filled((50, 60)), chunks=(16, 16), fletcher32=True)
    gz.create_dataset('all_filters', data=filled((50, 60)), chunks=(16, 16), compression='gzip',
                      shuffle=True, fletcher32=True)

    res = f.create_group('resizable')
    res.create_dataset('unlim0', data=filled((50, 40)), chunks=(8, 10), maxshape=(None, 40))
    res.create_dataset('unlim1', data=filled((30, 50)), chunks=(8, 10), maxshape=(30, None))
    res.create_dataset('unlim2_3d', data=filled((4, 6, 9)), chunks=(2, 2, 2), maxshape=(4, 6, None))
    res.create_dataset('unlim0_gzip', data=filled((50, 40)), chunks=(8, 10), maxshape=(None, 40),
                       compression='gzip')
    # Enough chunks for extensible-array super blocks (past the index block's own data blocks).
    res.create_dataset('unlim_many', data=filled((3000,)), chunks=(1,), maxshape=(None,), compression='gzip')
    res.create_dataset('two_unlim', data=filled((200, 200)), chunks=(10, 10), maxshape=(None, None))
    res.create_dataset('two_unlim_gzip', data=filled((200, 200)), chunks=(10, 10), maxshape=(None, None),
                       compression='gzip', shuffle=True)
    res.create_dataset('bounded', data=filled((50, 40)), chunks=(8, 10), maxshape=(200, 100))
    grown = res.create_dataset('grown', data=filled((10, 10)), chunks=(4, 4), maxshape=(None, None))
    grown.resize((25, 13))
    grown[10:25, :] = 7

    single = f.create_group('single')
    single.create_dataset('plain', data=filled((30, 40)), chunks=(30, 40))
    single.create_dataset('gzip', data=filled((30, 40)), chunks=(30, 40), compression='gzip')

    sparse = f.create_group('sparse')
    for name, kwargs in (('fixed', {}), ('fixed_gzip', {'compression': 'gzip'}),
                         ('unlim', {'maxshape': (None, 100)}),
                         ('two_unlim', {'maxshape': (None, None), 'compression': 'gzip'})):
        d = sparse.create_dataset(name, shape=(100, 100), dtype='<i4', chunks=(10, 10), **kwargs)
        d[0:10, 0:10] = 1
        d[50:60, 30:40] = 2
        d[95:100, 95:100] = 3
    # Over 1024 chunks so the fixed array's data block is split into pages; only some pages are written.
    paged = sparse.create_dataset('fixed_paged', shape=(200, 200), dtype='u1', chunks=(4, 4))
    paged[0:4, 0:8] = 1
    paged[196:200, 100:200] = 2

    contiguous = f.create_group('contiguous')
    contiguous.create_dataset('written', data=filled((300, 20), '<f4'))
    contiguous.create_dataset('never_written', shape=(64, 64), dtype='<f8')
    f['scalar'] = np.float64(3.5)

    compact = f.create_group('compact')
    create_low_level(compact, 'small', filled((10, 6), '<i2'), lambda dcpl: dcpl.set_layout(h5py.h5d.COMPACT))

    def early_chunked(dcpl):
        dcpl.set_chunk((7, 8))
        dcpl.set_alloc_time(h5py.h5d.ALLOC_TIME_EARLY)
    create_low_level(f.create_group('early'), 'chunked', filled((30, 20)), early_chunked)

    empty = f.create_group('empty')
    empty.create_dataset('chunked', shape=(40, 40), dtype='<i4', chunks=(8, 8))
    empty.create_dataset('chunked_unlim', shape=(40, 40), dtype='<i4', chunks=(8, 8), maxshape=(None, 40))
    empty.create_dataset('chunked_gzip', shape=(40, 40), dtype='<i4', chunks=(8, 8), compression='gzip')

    many = f.create_group('many')
    for i in range(40):
        many.create_dataset('member_with_a_longish_name_%02d' % i, data=np.full((3,), i, dtype='<i4'))
    for i in range(20):
        many.create_group('subgroup_%02d' % i).create_dataset('leaf', data=filled((2, 2)))

    f.create_group('a/b/c/d').create_dataset('deep', data=filled((5, 5)), chunks=(2, 2))

    # Creation order tracking adds optional fields to link messages, link info and object header messages.
    for name, count in (('ordered_compact', 4), ('ordered_dense', 20)):
        ordered = f.create_group(name, track_order=True)
        for i in range(count):
            ordered.create_dataset('d%02d' % (count - i), data=filled((3,)), track_order=True, track_times=True)

    links = f.create_group('links')
    links['absolute'] = h5py.SoftLink('/chunked/d3')
    links['relative'] = h5py.SoftLink('../gzip/d2')
    links['to_group'] = h5py.SoftLink('/a/b')
    links['chain'] = h5py.SoftLink('/links/absolute')
    links['dangling'] = h5py.SoftLink('/does/not/exist')
    links['loop'] = h5py.SoftLink('/links/loop')
    links['external'] = h5py.ExternalLink('elsewhere.h5', '/x')
    links['hard_duplicate'] = f['chunked/d2']

    # Raw data in a separate file: the locator must refuse it rather than report unallocated storage.
    external = os.path.join(os.path.dirname(f.filename), 'external-raw-%s.bin' % libver)
    f.create_dataset('unsupported/external_raw', data=filled((10,)), external=[(external, 0, 40)])

    f['named_type'] = np.dtype('<f4')
    f.create_dataset('typed_by_named_type', data=np.ones((4, 4), dtype='<f4'), dtype=f['named_type'],
                     chunks=(2, 2))

    if libver not in ('earliest', 'v108'):
        vlayout = h5py.VirtualLayout(shape=(2, 1000), dtype='<i4')
        vlayout[0] = h5py.VirtualSource(f['chunked/d1'])
        vlayout[1] = h5py.VirtualSource(f['gzip/d1'])
        f.create_virtual_dataset('virtual', vlayout)


def chunk_records(dsid):
    records = []
    count = dsid.get_num_chunks()
    if count <= CHUNK_INFO_BY_INDEX_LIMIT:
        for i in range(count):
            info = dsid.get_chunk_info(i)
            records.append([list(info.chunk_offset), info.filter_mask, info.byte_offset, info.size])
    else:
        dsid.chunk_iter(lambda info: records.append(
            [list(info.chunk_offset), info.filter_mask, info.byte_offset, info.size]))
    if len(records) != count:
        raise RuntimeError('chunk_iter disagrees with get_num_chunks')
    return records


def sha1(data):
    return hashlib.sha1(bytes(data)).hexdigest()


def direct_chunks(dset):
    """Fingerprints of the stored bytes at chunk grid positions, read by coordinate with read_direct_chunk.

    This pins the coordinate -> location mapping by content, independently of get_chunk_info, whose
    chunk_offset is wrong in some library versions for extensible-array indexes whose unlimited dimension
    is not the first. Unallocated positions are recorded with a null fingerprint.
    """
    grid = [-(-n // c) for n, c in zip(dset.shape, dset.chunks)]
    # With no chunk allocated at all, read_direct_chunk misreports sizes instead of failing cleanly.
    total = int(np.prod(grid)) if dset.id.get_num_chunks() > 0 else 0
    step = max(1, total // DIRECT_CHUNK_SAMPLES)
    records = []
    for linear in sorted(set(list(range(0, total, step)) + [total - 1])) if total else []:
        coords = np.unravel_index(linear, grid)
        offset = tuple(int(c) * chunk for c, chunk in zip(coords, dset.chunks))
        try:
            mask, data = dset.id.read_direct_chunk(offset)
            records.append([list(offset), mask, len(data), sha1(data)])
        except RuntimeError:
            records.append([list(offset), None, None, None])
    return records


def chunk_info_matches_content(dset, records, file_bytes):
    """Whether every get_chunk_info record's chunk_offset names the chunk stored at its byte_offset."""
    for offset, _mask, byte_offset, size in records[:DIRECT_CHUNK_SAMPLES]:
        try:
            _m, data = dset.id.read_direct_chunk(tuple(offset))
        except RuntimeError:
            return False
        if sha1(data) != sha1(file_bytes[byte_offset:byte_offset + size]):
            return False
    return True


LAYOUT_NAMES = {h5py.h5d.COMPACT: 'compact', h5py.h5d.CONTIGUOUS: 'contiguous',
                h5py.h5d.CHUNKED: 'chunked', h5py.h5d.VIRTUAL: 'virtual'}


def describe_dataset(dset, file_bytes):
    dsid = dset.id
    dcpl = dsid.get_create_plist()
    layout = LAYOUT_NAMES[dcpl.get_layout()]
    truth = {
        'shape': list(dset.shape),
        'maxshape': list(dset.maxshape) if dset.maxshape is not None else [],
        'element_size': dset.dtype.itemsize,
        'layout': layout,
    }
    if layout == 'chunked':
        truth['chunk_shape'] = list(dset.chunks)
        truth['filters'] = [[dcpl.get_filter(i)[0], dcpl.get_filter(i)[1], list(dcpl.get_filter(i)[2])]
                            for i in range(dcpl.get_nfilters())]
        truth['chunks'] = chunk_records(dsid)
        truth['direct_chunks'] = direct_chunks(dset)
        truth['chunk_info_coords_match_content'] = chunk_info_matches_content(dset, truth['chunks'], file_bytes)
    elif layout == 'contiguous':
        truth['offset'] = dsid.get_offset()
        truth['storage_size'] = dsid.get_storage_size()
    elif layout == 'compact':
        truth['storage_size'] = dsid.get_storage_size()
    return truth


def dump_ground_truth(path, userblock_size=0):
    datasets = {}
    with open(path, 'rb') as raw:
        file_bytes = raw.read()
    with h5py.File(path, 'r') as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset):
                datasets['/' + name] = describe_dataset(obj, file_bytes)
        f.visititems(visit)
    with open(path + '.json', 'w') as out:
        json.dump({'userblock_size': userblock_size, 'datasets': datasets}, out, indent=1, sort_keys=True)


def write_small_offsets(path, libver):
    """4-byte addresses and lengths (set through the low-level file creation properties).

    No unlimited dimensions: with 4-byte lengths the library cannot read those back itself.
    """
    fcpl = h5py.h5p.create(h5py.h5p.FILE_CREATE)
    fcpl.set_sizes(4, 4)
    fapl = h5py.h5p.create(h5py.h5p.FILE_ACCESS)
    low = h5py.h5f.LIBVER_LATEST if libver == 'latest' else h5py.h5f.LIBVER_EARLIEST
    fapl.set_libver_bounds(low, h5py.h5f.LIBVER_LATEST)
    with h5py.File(h5py.h5f.create(path.encode(), h5py.h5f.ACC_TRUNC, fcpl=fcpl, fapl=fapl)) as f:
        f.create_dataset('chunked', data=filled((100, 30)), chunks=(10, 8), compression='gzip')
        f.create_dataset('bounded', data=filled((100, 30)), chunks=(10, 8), maxshape=(400, 30))
        f.create_dataset('contiguous', data=filled((100, 30)))
        group = f.create_group('group')
        for i in range(20):
            group['member_%02d' % i] = filled((3,))
    dump_ground_truth(path)


def write_superblock_extension(path):
    """A version 3 superblock with a superblock extension (paged file space management)."""
    with h5py.File(path, 'w', libver='latest', fs_strategy='page', fs_page_size=4096) as f:
        f.create_dataset('chunked', data=filled((300, 300)), chunks=(10, 10), maxshape=(None, 300))
        f.create_dataset('contiguous', data=filled((30, 30)))
    dump_ground_truth(path)


def write_big(path, libver):
    """~100 MB of incompressible chunks, so that metadata is a tiny fraction of the file."""
    rng = np.random.default_rng(7)
    with h5py.File(path, 'w', libver=(libver, 'latest')) as f:
        d = f.create_dataset('big', shape=(4096, 6144), dtype='<f4', chunks=(64, 64))
        for row in range(0, 4096, 512):
            d[row:row + 512] = rng.random((512, 6144), dtype=np.float32)
        f.create_dataset('small', data=filled((10, 10)))
    dump_ground_truth(path)


def write_large_indexes(path):
    """Indexes too big for the everyday fixtures: over 131k chunks on an unlimited dimension (paged
    extensible-array data blocks), 10k chunks in a v2 B-tree (depth 2), and a group of 12k links whose
    fractal heap needs indirect blocks below the root one."""
    with h5py.File(path, 'w', libver='latest') as f:
        f.create_dataset('paged', data=(np.arange(140000) % 251).astype('u1'), chunks=(1,), maxshape=(None,))
        f.create_dataset('deep_btree', data=filled((1000, 1000), 'u1'), chunks=(10, 10), maxshape=(None, None))
        crowd = f.create_group('crowd')
        for i in range(12000):
            crowd['soft_link_with_a_deliberately_long_name_so_that_the_heap_grows_deeper_%05d' % i] = h5py.SoftLink(
                '/deep_btree/with/a/long/dangling/target/path')
        for i in range(0, 12000, 1500):
            crowd.create_dataset('dataset_number_%05d' % i, data=filled((4,)))
    dump_ground_truth(path)


def main():
    libvers = supported_libvers()
    written = []
    for libver in libvers:
        path = os.path.join(OUT_DIR, 'layout-%s.h5' % libver)
        with h5py.File(path, 'w', libver=(libver, 'latest')) as f:
            write_objects(f, libver)
        dump_ground_truth(path)
        written.append(path)

    userblock = os.path.join(OUT_DIR, 'userblock-earliest.h5')
    with h5py.File(userblock, 'w', libver=('earliest', 'latest'), userblock_size=1024) as f:
        f.create_dataset('chunked', data=filled((40, 40)), chunks=(8, 8), compression='gzip')
        f.create_dataset('contiguous', data=filled((40, 40)))
    dump_ground_truth(userblock, userblock_size=1024)
    written.append(userblock)

    userblock_latest = os.path.join(OUT_DIR, 'userblock-latest.h5')
    with h5py.File(userblock_latest, 'w', libver='latest', userblock_size=512) as f:
        f.create_dataset('chunked', data=filled((40, 40)), chunks=(8, 8), maxshape=(None, 40))
        f.create_dataset('contiguous', data=filled((40, 40)))
    dump_ground_truth(userblock_latest, userblock_size=512)
    written.append(userblock_latest)

    for libver in ('earliest', 'latest'):
        path = os.path.join(OUT_DIR, 'offsets4-%s.h5' % libver)
        write_small_offsets(path, libver)
        written.append(path)

    extension = os.path.join(OUT_DIR, 'superblock-extension-latest.h5')
    write_superblock_extension(extension)
    written.append(extension)

    if '--big' in sys.argv:
        for libver in ('earliest', 'latest'):
            path = os.path.join(OUT_DIR, 'big-%s.h5' % libver)
            write_big(path, libver)
            written.append(path)
        large = os.path.join(OUT_DIR, 'large-indexes-latest.h5')
        write_large_indexes(large)
        written.append(large)

    json.dump({'libvers': libvers, 'files': [os.path.basename(p) for p in written]}, sys.stdout)


if __name__ == '__main__':
    if len(sys.argv) < 2:
        sys.exit('usage: make_layout_fixtures.py OUT_DIR [--big]')
    OUT_DIR = sys.argv[1]
    os.makedirs(OUT_DIR, exist_ok=True)
    main()
