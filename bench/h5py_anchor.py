"""The anchor for bench/engine.bench: the same float32 (500,500,200) dataset, chunks (25,100,200), uncompressed,
written to and read from a local .h5 file with h5py. Prints one JSON object of timings (ms)."""
import json
import os
import sys
import tempfile
import time

import h5py
import numpy as np

shape = (500, 500, 200)
chunks = (25, 100, 200)
slab_rows = 50  # 50 x 500 x 200 x 4 bytes = 20 MB
planes = [int(x) for x in sys.argv[1].split(",")]
columns = [tuple(int(v) for v in p.split(":")) for p in sys.argv[2].split(",")]
warmup_planes = [int(x) for x in sys.argv[3].split(",")]
warmup_columns = [tuple(int(v) for v in p.split(":")) for p in sys.argv[4].split(",")]

path = os.path.join(tempfile.mkdtemp(prefix="h5lab-bench-"), "anchor.h5")
out = {}
slabs = [
    np.arange(r * 500 * 200, (r + slab_rows) * 500 * 200, dtype=np.float64).astype("<f4").reshape(slab_rows, 500, 200)
    for r in range(0, shape[0], slab_rows)
]
t0 = time.perf_counter()
with h5py.File(path, "w") as f:
    d = f.create_dataset("d", shape=shape, dtype="<f4", chunks=chunks)
    for k, block in enumerate(slabs):
        d[k * slab_rows : (k + 1) * slab_rows] = block
    f.flush()
    os.fsync(f.id.get_vfd_handle())
out["write_ms"] = (time.perf_counter() - t0) * 1000

with h5py.File(path, "r") as f:
    d = f["d"]
    for i in warmup_planes:
        d[i, :, :]
    for y, x in warmup_columns:
        d[:, y, x]
    times = []
    for i in planes:
        t = time.perf_counter()
        a = d[i, :, :]
        times.append((time.perf_counter() - t) * 1000)
        assert a[0, 0] == np.float32(i * 500 * 200)
    out["plane_ms"] = times
    times = []
    for y, x in columns:
        t = time.perf_counter()
        a = d[:, y, x]
        times.append((time.perf_counter() - t) * 1000)
        assert a[1] == np.float32(500 * 200 + y * 200 + x)
    out["column_ms"] = times
os.remove(path)
print(json.dumps(out))
