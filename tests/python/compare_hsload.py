#!/usr/bin/env python3
"""Compares pairs of HDF5 files with compare_h5.py's object-by-object comparison, in one process.

Usage: compare_hsload.py A1 B1 [A2 B2 ...]

Same checks as compare_h5.py, plus object references (which compare_h5.py cannot compare): a reference
is compared by the path of the object it leads to in its own file, inside datasets, compound fields and
attributes. Prints one line per pair ("identical: …" or the differences); exit status 1 if any differ.
"""
import sys

import h5py
import numpy as np

import compare_h5

compare_values = compare_h5.value_difference


def has_reference(dtype):
    if dtype.names:
        return any(has_reference(dtype.fields[n][0]) for n in dtype.names)
    return h5py.check_dtype(ref=dtype) is not None


def plain(value, f):
    """Values with references replaced by the path they lead to ('' for null references)."""
    if isinstance(value, h5py.Reference):
        return f[value].name if value else ""
    if isinstance(value, np.ndarray) and value.dtype.names:
        return [plain(v, f) for v in value.reshape(-1)] if value.shape else plain(value[()], f)
    if isinstance(value, np.void) and value.dtype.names:
        return tuple(plain(value[n], f) for n in value.dtype.names)
    if isinstance(value, np.ndarray):
        return [plain(v, f) for v in value.reshape(-1)]
    return value


def with_references(file_a, file_b):
    def difference(a, b):
        dtype = getattr(a, "dtype", None)
        if isinstance(a, h5py.Reference) or (dtype is not None and has_reference(dtype)):
            pa, pb = plain(a, file_a), plain(b, file_b)
            return None if pa == pb else f"references {compare_h5.short(pa)} vs {compare_h5.short(pb)}"
        return compare_values(a, b)

    return difference


def compare(path_a, path_b):
    with h5py.File(path_a, "r") as a, h5py.File(path_b, "r") as b:
        compare_h5.value_difference = with_references(a, b)
        comparison = compare_h5.Comparison()
        comparison.run(a, b)
    if comparison.differences:
        lines = [f"{len(comparison.differences)} difference(s) between {path_a} and {path_b}:"]
        lines += ["  " + d for d in comparison.differences[: compare_h5.MAX_REPORTED]]
        return False, "\n".join(lines)
    c = comparison.counts
    return True, f"identical: {path_b}: {c['objects']} objects, {c['links']} links, {c['attributes']} attributes, {c['values']} dataset values"


def main():
    args = sys.argv[1:]
    if not args or len(args) % 2:
        sys.exit(__doc__)
    ok = True
    for i in range(0, len(args), 2):
        same, report = compare(args[i], args[i + 1])
        ok = ok and same
        print(report)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
