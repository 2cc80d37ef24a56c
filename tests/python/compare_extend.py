#!/usr/bin/env python3
"""Checks a file of the hsload --extend test against its sources, with h5py only.

Usage: compare_extend.py AGGREGATED DAY1 [DAY2 ...]

AGGREGATED must hold the sources' `time` and `temperature` concatenated along time (in the order given),
both extensible along time, and the first source's `stations` and attributes. Prints "ok" or what differs
(exit status 1).
"""
import sys

import h5py
import numpy as np


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    problems = []
    with h5py.File(sys.argv[1], "r") as f:
        sources = [h5py.File(p, "r") for p in sys.argv[2:]]
        for name in ("time", "temperature"):
            expected = np.concatenate([s[name][()] for s in sources])
            if f[name].shape != expected.shape or not np.array_equal(f[name][()], expected):
                problems.append(f"{name}: {f[name][()].tolist()} vs {expected.tolist()}")
            if f[name].maxshape[0] is not None:
                problems.append(f"{name} is not extensible along time: maxshape {f[name].maxshape}")
        if not np.array_equal(f["stations"][()], sources[0]["stations"][()]):
            problems.append("stations differ")
        if f["temperature"].attrs.get("units") != sources[0]["temperature"].attrs["units"]:
            problems.append("temperature units differ")
    print("\n".join(problems) or "ok")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
