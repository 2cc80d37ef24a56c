"""The anchor for bench/hsload.bench: reads every dataset and attribute of an HDF5 file with h5py and
prints one JSON object: seconds taken and bytes of dataset values read."""
import json
import sys
import time

import h5py

t0 = time.perf_counter()
total = 0
with h5py.File(sys.argv[1], "r") as f:
    def visit(name, obj):
        global total
        for key in obj.attrs:
            obj.attrs[key]
        if isinstance(obj, h5py.Dataset):
            total += obj[()].nbytes

    f.visititems(visit)
print(json.dumps({"seconds": time.perf_counter() - t0, "bytes": total}))
