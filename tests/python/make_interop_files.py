#!/usr/bin/env python3
"""Writes the HDF5 sample files of the REST interop test, with h5py only.

Usage: make_interop_files.py OUTDIR

Creates OUTDIR/interop.h5 (every feature the copy must preserve) and OUTDIR/interop_ext.h5 (the target of
interop.h5's external link), then prints the names of the files written, one per line.

Every chunk shape holds at least 1 KiB (variable-length elements count as 128 bytes, as HSDS counts them), so
a server started with min_chunk_size=1k keeps the chunk shapes unchanged. Data are deterministic functions of
the element index, so a failure can be reproduced.
"""
import os
import sys

import h5py
import numpy as np

UTF8_WORDS = ["héllo", "wörld", "✓ ok", "日本語", "emoji 🎉", "", "naïve café", "Ωmega"]
ASCII_WORDS = [b"alpha", b"beta", b"", b"gamma delta", b"x" * 11, b"epsilon"]

GZIP_SHUFFLE = {"compression": "gzip", "shuffle": True}

COLOR = h5py.enum_dtype({"RED": 0, "GREEN": 1, "BLUE": 2}, basetype="u1")
LEVEL = h5py.enum_dtype({"LOW": -1, "MID": 0, "HIGH": 1000}, basetype=">i2")
POINT = np.dtype([("x", "<f4"), ("y", "<f4"), ("z", "<f8")])
NESTED = np.dtype([
    ("pos", POINT),
    ("vel", "<f8", (3,)),
    ("grid", ">i2", (2, 3)),
    ("flag", np.bool_),
    ("color", COLOR),
    ("tag", "S6"),
])
WITH_VLEN = np.dtype([
    ("id", "<i8"),
    ("label", h5py.string_dtype("utf-8")),
    ("samples", h5py.vlen_dtype(np.dtype("<i4"))),
])


def ramp(shape, dtype):
    """Index data that wraps around inside the type's range and uses negative values for signed types."""
    n = int(np.prod(shape))
    dtype = np.dtype(dtype)
    if dtype.kind == "f":
        values = (np.arange(n, dtype="f8") - n / 3) * 0.37
    else:
        info = np.iinfo(dtype)
        span = min(int(info.max) - int(info.min) + 1, 2**61)
        values = np.arange(n, dtype=object) * 7919 % span
        if dtype.itemsize == 8:
            # Values beyond 2^53 check that 64-bit integers are not rounded through doubles.
            values = values * (2**40 + 1) % span
        values = values + int(info.min if info.min < 0 else 0)
    return np.array(values, dtype=dtype).reshape(shape)


def special_floats(shape, dtype):
    """A ramp with NaN, ±inf, -0.0, the smallest subnormal and the largest finite value sprinkled in."""
    data = ramp(shape, dtype)
    flat = data.reshape(-1)
    info = np.finfo(dtype)
    specials = [np.nan, np.inf, -np.inf, -0.0, info.smallest_subnormal, info.max, -info.max]
    for i, value in enumerate(specials):
        flat[(i * 37 + 5) % flat.size] = value
    return data


def utf8_strings(n, max_bytes=None):
    words = [w for w in UTF8_WORDS if max_bytes is None or len(w.encode()) <= max_bytes]
    return [words[i % len(words)] + ("" if i % 3 else str(i)) for i in range(n)]


def object_array(items, shape=None):
    """A numpy object array holding `items` as they are (numpy would otherwise stack equal-length arrays)."""
    out = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        out[i] = item
    return out.reshape(shape or (len(items),))


def int_sequences(n, dtype="<i4"):
    """Sequences of varying length (empty included) of distinct values."""
    return [np.arange(i % 5, dtype=dtype) * (i + 1) - i for i in range(n)]


def nested_records(n):
    data = np.zeros(n, dtype=NESTED)
    for i in range(n):
        data[i] = (
            (i * 0.5, -i * 0.25, i * 1e-3),
            (i, i + 0.5, -i),
            np.arange(6, dtype=">i2").reshape(2, 3) * (i - 20),
            i % 3 == 0,
            i % 3,
            f"r{i}".encode(),
        )
    return data


def vlen_records(n):
    data = np.zeros(n, dtype=WITH_VLEN)
    labels = utf8_strings(n)
    for i, seq in enumerate(int_sequences(n)):
        data[i] = (2**50 + i, labels[i], seq)
    return data


def add_attributes(obj, point_type):
    """Attributes of every kind the copy has to carry: numbers, strings, vlen, compound, enum, bool, empty."""
    a = obj.attrs
    a.create("int8_scalar", np.int8(-128))
    a.create("uint16_array", ramp((7,), "<u2"))
    a.create("int32_2d", ramp((3, 4), "<i4"))
    a.create("int64_big", np.array([2**62 + 1, -(2**63), 2**53 + 1], dtype="<i8"))
    a.create("int32_be", ramp((5,), ">i4"))
    a.create("uint64_max", np.array([2**64 - 1, 0], dtype="<u8"))
    a.create("float32_special", special_floats((8,), "<f4"))
    a.create("float64_be", special_floats((2, 4), ">f8"))
    a.create("float64_negzero", np.float64(-0.0))
    a.create("float64_nan", np.float64(np.nan))
    a.create("fixed_ascii", np.array([b"abc", b"", b"defgh"], dtype="S5"))
    a.create("fixed_ascii_scalar", np.bytes_(b"fixed"))
    a.create("fixed_utf8", np.array([s.encode() for s in utf8_strings(4, 12)], dtype=h5py.string_dtype("utf-8", 12)))
    a["vlen_utf8_scalar"] = "scalar ✓ text"
    a.create("vlen_utf8_array", object_array(utf8_strings(6)), dtype=h5py.string_dtype("utf-8"))
    a.create("vlen_ascii_array", object_array(ASCII_WORDS), dtype=h5py.string_dtype("ascii"))
    a.create("vlen_int", object_array(int_sequences(4)), dtype=h5py.vlen_dtype(np.dtype("<i4")))
    a.create("compound_scalar", nested_records(2)[1])
    a.create("compound_array", nested_records(3))
    a.create("compound_vlen", vlen_records(3))
    a.create("enum_array", np.array([0, 2, 1, 2], dtype=COLOR))
    a.create("enum_be", np.array([-1, 1000, 0], dtype=LEVEL))
    a.create("bool_scalar", np.bool_(True))
    a.create("bool_array", np.array([[True, False], [False, True]]))
    a.create("empty_int", h5py.Empty("<i4"))
    a.create("empty_string", h5py.Empty(h5py.string_dtype("utf-8")))
    a.create("committed_type", np.array([(1.5, -2.5, 1e300)], dtype=POINT), dtype=point_type)
    a.create("name with spaces é", np.int16(7))


def chunked(group, name, data, chunks, level=4, **kwargs):
    return group.create_dataset(name, data=data, chunks=chunks, compression_opts=level, **GZIP_SHUFFLE, **kwargs)


def make_numeric(f):
    g = f.create_group("numeric")
    chunked(g, "int8_1d", ramp((5000,), "i1"), (1500,), level=1)
    chunked(g, "uint16_2d", ramp((70, 45), "<u2"), (32, 20))
    chunked(g, "int32_3d", ramp((13, 17, 9), "<i4"), (4, 8, 8), level=9)
    chunked(g, "int64_4d", ramp((5, 6, 7, 9), "<i8"), (2, 2, 4, 8))
    chunked(g, "float32_2d", special_floats((100, 33), "<f4"), (16, 16))
    chunked(g, "float64_1d", special_floats((1000,), "<f8"), (160,), level=6)
    chunked(g, "uint16_be", ramp((3000,), ">u2"), (600,))
    chunked(g, "int32_be_2d", ramp((50, 40), ">i4"), (16, 16))
    chunked(g, "float64_be_3d", special_floats((9, 10, 11), ">f8"), (4, 4, 8))
    chunked(g, "uint64_1d", ramp((300,), "<u8"), (128,))
    g.create_dataset("fletcher32", data=ramp((600,), "<i4"), chunks=(256,), fletcher32=True, **GZIP_SHUFFLE)
    g.create_dataset("no_filters", data=ramp((40, 30), "<f4"), chunks=(16, 16))
    g.create_dataset("contiguous", data=ramp((6, 7), "<u1"))


def make_fill(f):
    g = f.create_group("fill")
    d = g.create_dataset("partial_f32", (64, 64), dtype="<f4", chunks=(16, 16), fillvalue=-999.5, **GZIP_SHUFFLE)
    d[0:16, 0:16] = ramp((16, 16), "<f4")
    d[20:40, 50:64] = ramp((20, 14), "<f4") + 1
    d = g.create_dataset("nan_f64", (500,), dtype="<f8", chunks=(128,), fillvalue=np.nan, **GZIP_SHUFFLE)
    d[0:50] = ramp((50,), "<f8")
    d = g.create_dataset("int16_default", (40, 50), dtype="<i2", chunks=(16, 32))
    d[30:40, :] = ramp((10, 50), "<i2")
    fill = np.array((1.0, 2.0, 3.0), dtype=POINT)
    d = g.create_dataset("compound_fill", (200,), dtype=POINT, chunks=(64,), fillvalue=fill, **GZIP_SHUFFLE)
    d[70:90] = np.array([(i, -i, i * i) for i in range(20)], dtype=POINT)
    d = g.create_dataset("enum_fill", (2000,), dtype=COLOR, chunks=(1024,), fillvalue=2)
    d[0:10] = 1
    d = g.create_dataset("never_written", (300,), dtype="<i4", chunks=(256,), fillvalue=42)


def make_resizable(f):
    g = f.create_group("resizable")
    d = g.create_dataset("grow_rows", (37, 8), maxshape=(None, 8), dtype="<i4", chunks=(32, 8), **GZIP_SHUFFLE)
    d[...] = ramp((37, 8), "<i4")
    d.resize((45, 8))
    d[37:] = -ramp((8, 8), "<i4")
    d = g.create_dataset("unlimited_2d", data=ramp((10, 12), "<f8"), maxshape=(None, None), chunks=(8, 16))
    g.create_dataset("zero_rows", (0, 4), maxshape=(None, 4), dtype="<i4", chunks=(64, 4))
    g.create_dataset("limited", data=ramp((70,), "<i8"), maxshape=(200,), chunks=(128,), **GZIP_SHUFFLE)


def make_compound(f, point_type):
    g = f.create_group("compound")
    simple = np.dtype([("id", "<i4"), ("temp", "<f8"), ("name", "S10")])
    data = np.array([(i, i * 0.1 - 5, f"n{i}".encode()) for i in range(300)], dtype=simple)
    data["temp"][[3, 7]] = [np.nan, -np.inf]
    chunked(g, "simple", data, (64,))
    chunked(g, "nested", nested_records(50), (32,))
    g.create_dataset("with_vlen", data=vlen_records(40), chunks=(16,), **GZIP_SHUFFLE)
    points = np.array([(i, -i, i / 7) for i in range(100)], dtype=POINT)
    g.create_dataset("committed", data=points, dtype=point_type, chunks=(64,), **GZIP_SHUFFLE)


def make_strings(f):
    g = f.create_group("strings")
    fixed = np.array([ASCII_WORDS[i % len(ASCII_WORDS)] + str(i).encode() for i in range(100)], dtype="S12")
    chunked(g, "fixed_ascii", fixed, (100,))
    fixed_utf8 = np.array([s.encode() for s in utf8_strings(60, 24)], dtype=h5py.string_dtype("utf-8", 24))
    chunked(g, "fixed_utf8", fixed_utf8.reshape(5, 12), (5, 12))
    vlen_ascii = object_array([ASCII_WORDS[i % len(ASCII_WORDS)] * (i % 4) for i in range(30)])
    chunked(g, "vlen_ascii", vlen_ascii, (10,), dtype=h5py.string_dtype("ascii"))
    vlen_utf8 = object_array(utf8_strings(20))
    vlen_utf8[7] = "long " + "ü" * 3000
    chunked(g, "vlen_utf8", vlen_utf8.reshape(4, 5), (2, 5), dtype=h5py.string_dtype("utf-8"))


def make_vlen(f):
    g = f.create_group("vlen")
    chunked(g, "int_seq", object_array(int_sequences(25)), (10,), dtype=h5py.vlen_dtype(np.dtype("<i4")))
    floats = object_array([special_floats((i % 4 + 1,), "<f8") for i in range(12)], (3, 4))
    g.create_dataset("float_seq", data=floats, chunks=(3, 4), dtype=h5py.vlen_dtype(np.dtype("<f8")))


def make_enum(f, color_type):
    g = f.create_group("enum")
    chunked(g, "colors", np.arange(2000, dtype="u1") % 3, (1024,), dtype=COLOR)
    g.create_dataset("committed", data=np.arange(1500, dtype="u1") % 3, chunks=(1024,), dtype=color_type)
    chunked(g, "levels_be", np.array([-1, 0, 1000] * 200, dtype=">i2"), (512,), dtype=LEVEL)
    chunked(g, "bool_2d", (np.arange(1600) % 3 == 0).reshape(40, 40), (32, 32))


def make_scalar_and_empty(f):
    g = f.create_group("scalar")
    g["f64"] = np.float64(3.141592653589793)
    g["i64"] = np.int64(2**62 + 1)
    g["f32_nan"] = np.float32(np.nan)
    g["u8_be"] = np.array(2**64 - 2, dtype=">u8")
    g.create_dataset("vlen_str", data="scalar ✓", dtype=h5py.string_dtype("utf-8"))
    g["fixed_str"] = np.bytes_(b"fixed-bytes")
    g["compound"] = nested_records(3)[2]
    g["bool"] = np.bool_(False)
    e = f.create_group("empty")
    e.create_dataset("float32", data=h5py.Empty("<f4"))
    e.create_dataset("vlen_str", data=h5py.Empty(h5py.string_dtype("utf-8")))
    e.create_dataset("compound", data=h5py.Empty(POINT))


def make_links_and_groups(f):
    nested = f.create_group("nested")
    deepest = nested.create_group("a/b/c/d/e")
    deepest.attrs["depth"] = np.int32(5)
    for level, name in enumerate(["a", "a/b", "a/b/c"]):
        nested[name].attrs["level"] = np.int32(level)
    nested.create_group("empty")
    nested.create_group("ünïcode name")["data with space"] = ramp((256,), "<i4")
    # A hard link back up the tree makes a cycle the copy and the comparison have to stop at.
    nested["a/b/c/up"] = nested
    links = f.create_group("links")
    links["soft_to_dataset"] = h5py.SoftLink("/numeric/int32_3d")
    links["soft_relative"] = h5py.SoftLink("../numeric")
    links["soft_dangling"] = h5py.SoftLink("/does/not/exist")
    links["external"] = h5py.ExternalLink("interop_ext.h5", "/data/table")
    links["external_missing"] = h5py.ExternalLink("nowhere.h5", "/x/y")
    links["hard_alias"] = f["numeric/float64_1d"]
    links["group_alias"] = f["strings"]


def make_main(path):
    with h5py.File(path, "w") as f:
        types = f.create_group("types")
        types["point_t"] = POINT
        types["color_t"] = COLOR
        point_type, color_type = types["point_t"], types["color_t"]
        point_type.attrs["units"] = "m"
        point_type.attrs["scale"] = np.float32(0.5)
        make_numeric(f)
        make_fill(f)
        make_resizable(f)
        make_compound(f, point_type)
        make_strings(f)
        make_vlen(f)
        make_enum(f, color_type)
        make_scalar_and_empty(f)
        make_links_and_groups(f)
        add_attributes(f, point_type)
        add_attributes(f["nested/a/b"], point_type)
        add_attributes(f["numeric/int32_3d"], point_type)
        add_attributes(f["strings/vlen_utf8"], point_type)


def make_external(path):
    with h5py.File(path, "w") as f:
        records = np.array([(i, i * 2.5, f"row{i}".encode()) for i in range(200)],
                           dtype=[("n", "<i4"), ("v", "<f8"), ("s", "S8")])
        chunked(f.create_group("data"), "table", records, (64,))
        f["data"].attrs["origin"] = "external file"


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for name, make in [("interop.h5", make_main), ("interop_ext.h5", make_external)]:
        make(os.path.join(outdir, name))
        print(name)


if __name__ == "__main__":
    main()
