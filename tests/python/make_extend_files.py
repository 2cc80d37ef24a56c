#!/usr/bin/env python3
"""Writes the files of the hsload --extend test, with h5py only.

Usage: make_extend_files.py OUTDIR N

Writes OUTDIR/day1.h5 … dayN.h5: a `time` dimension scale (5 steps per file, continuing from file to file),
`temperature` (time × 4 stations) with `time` attached to its first dimension, and `stations` (4 names, the
same in every file, not along time). Values are functions of the global time index.
"""
import os
import sys

import h5py
import numpy as np

STEPS = 5
STATIONS = 4


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    outdir, count = sys.argv[1], int(sys.argv[2])
    os.makedirs(outdir, exist_ok=True)
    for day in range(count):
        t = np.arange(day * STEPS, (day + 1) * STEPS)
        with h5py.File(os.path.join(outdir, f"day{day + 1}.h5"), "w") as f:
            f.create_dataset("time", data=t.astype("<f8") * 0.5, chunks=(STEPS,))
            f.create_dataset("temperature", data=(t[:, None] * 10 + np.arange(STATIONS)).astype("<f4"), chunks=(STEPS, STATIONS))
            f["stations"] = np.array([b"north", b"east", b"south", b"west"])
            f["time"].make_scale("time")
            f["temperature"].dims[0].attach_scale(f["time"])
            f["temperature"].attrs["units"] = "degC"
        print(f"day{day + 1}.h5")


if __name__ == "__main__":
    main()
