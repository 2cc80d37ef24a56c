#!/usr/bin/env python3
"""Writes a large HDF5 file for the hsload resume test and benchmark, with h5py only.

Usage: make_large_file.py PATH KIND SIZE

KIND gzip:  one float32 dataset of SIZE MB (uncompressed), 1 MB chunks, gzip level 4 + shuffle; the values
            (a smooth ramp plus noise) compress to about half.
KIND plain: the same without filters (random values).
KIND many:  SIZE small datasets (100 int32 each) with an attribute each, in groups of 100.
"""
import sys

import h5py
import numpy as np

COLUMNS = 1000


def big(path, megabytes, compressed):
    rows = megabytes * 1024 * 1024 // (4 * COLUMNS)
    rng = np.random.default_rng(7)
    with h5py.File(path, "w") as f:
        options = {"compression": "gzip", "compression_opts": 4, "shuffle": True} if compressed else {}
        d = f.create_dataset("data", (rows, COLUMNS), dtype="<f4", chunks=(256, COLUMNS), **options)
        for start in range(0, rows, 4096):
            n = min(4096, rows - start)
            if compressed:
                ramp = np.arange(start, start + n, dtype="f4")[:, None] * 0.001 + np.arange(COLUMNS, dtype="f4") * 0.01
                d[start:start + n] = ramp + rng.standard_normal((n, COLUMNS), dtype="f4") * 0.01
            else:
                d[start:start + n] = rng.standard_normal((n, COLUMNS), dtype="f4")


def many(path, count):
    with h5py.File(path, "w") as f:
        for i in range(count):
            g = f.require_group(f"g{i // 100:03d}")
            d = g.create_dataset(f"d{i % 100:02d}", data=np.arange(100, dtype="<i4") + i)
            d.attrs["index"] = np.int32(i)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    path, kind, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if kind == "many":
        many(path, size)
    else:
        big(path, size, kind == "gzip")


if __name__ == "__main__":
    main()
