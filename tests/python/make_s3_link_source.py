"""Writes an HDF5 file whose datasets need every link-mode layout, and prints each dataset's values as h5py
reads them (raw bytes in the dataset's byte order, base64) so a test can compare what the server serves byte for byte.

Usage: make_s3_link_source.py OUT.h5
Output: {"/path": {"shape": [...], "dtype": ">i2", "bytes": "<base64>"}, ...}
"""
import base64
import json
import sys

import h5py
import numpy as np

path = sys.argv[1]
rng = np.random.default_rng(7)
with h5py.File(path, "w", libver="latest") as f:
    # 200 chunks, gzip + shuffle: a chunk map (H5D_CHUNKED_REF) read by coalesced ranged GETs.
    f.create_dataset("grid", data=rng.normal(size=(400, 300)).astype("<f4"), chunks=(20, 30), compression="gzip", shuffle=True)
    # Contiguous: one range of the object (H5D_CONTIGUOUS_REF).
    f.create_dataset("series", data=np.arange(100_000, dtype="<i8") * 7 - 3)
    # 1,600 chunks, some never written: a chunk table (H5D_CHUNKED_REF_INDIRECT) with fill-value holes.
    many = f.create_dataset("sensors/many", shape=(1000, 1000), dtype=">i2", chunks=(25, 25), fillvalue=-1)
    many[0:600, :] = (np.arange(600 * 1000).reshape(600, 1000) % 30011).astype(">i2")

    out = {}

    def dump(name, obj):
        if isinstance(obj, h5py.Dataset):
            values = np.ascontiguousarray(obj[...])
            out["/" + name] = {
                "shape": list(obj.shape),
                "dtype": values.dtype.str,
                "bytes": base64.b64encode(values.tobytes()).decode(),
            }

    f.visititems(dump)
print(json.dumps(out))
