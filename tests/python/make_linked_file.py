"""Writes an HDF5 file for link-mode tests and prints, as JSON, where h5py says each dataset's bytes are.

Usage: make_linked_file.py OUT.h5
Output: {"contig": {"offset", "size", "dtype", "shape"}, "chunked": {"chunks": {"i_j": [offset, size]}, "chunk_shape",
"dtype", "shape", "filters"}, ...} — the values are recomputable from the formulas below.
"""
import json
import sys

import h5py
import numpy as np

path = sys.argv[1]
out = {}
with h5py.File(path, "w", libver="latest") as f:
    contig = np.arange(40 * 30, dtype="<f4").reshape(40, 30) * 0.5
    d = f.create_dataset("contig", data=contig)
    out["contig"] = {"offset": d.id.get_offset(), "size": d.id.get_storage_size(), "shape": list(contig.shape)}

    chunked = (np.arange(50 * 37, dtype="<i4").reshape(50, 37) * 3 - 1000)
    d = f.create_dataset("chunked", data=chunked, chunks=(8, 10), compression="gzip", compression_opts=4, shuffle=True)
    chunks = {}
    for i in range(d.id.get_num_chunks()):
        info = d.id.get_chunk_info(i)
        key = "_".join(str(o // c) for o, c in zip(info.chunk_offset, d.chunks))
        assert info.filter_mask == 0
        chunks[key] = [info.byte_offset, info.size]
    out["chunked"] = {"chunks": chunks, "chunk_shape": list(d.chunks), "shape": list(chunked.shape)}

    # a sparse chunked dataset: only some chunks written; the rest read as the fill value
    d = f.create_dataset("sparse", shape=(20, 20), dtype="<i2", chunks=(5, 5), fillvalue=-7)
    d[0:5, 0:5] = 1
    d[15:20, 10:15] = 2
    chunks = {}
    for i in range(d.id.get_num_chunks()):
        info = d.id.get_chunk_info(i)
        key = "_".join(str(o // c) for o, c in zip(info.chunk_offset, d.chunks))
        chunks[key] = [info.byte_offset, info.size]
    out["sparse"] = {"chunks": chunks, "chunk_shape": list(d.chunks), "shape": [20, 20]}
print(json.dumps(out))
