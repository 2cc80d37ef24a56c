#!/usr/bin/env python3
"""Writes the HDF5 files of the hsload/hsget round-trip tests, with h5py only.

Usage: make_hsload_files.py OUTDIR

One file per feature (types, layouts, filters, fill values, shapes, links, attributes, committed types,
object references) and combined files: make_interop_files.py's interop.h5 (HDF5's earliest file format)
and everything.h5 (the same content in the latest format, with dense attribute storage and groups that
track creation order). Prints the names of the files written, one per line. refs.h5 holds object
references, which compare_h5.py does not compare (compare_hsload.py does); lzf.h5 uses h5py's LZF filter,
which hsload can only link to (h5wasm has no LZF decoder).

Every chunk holds at least 1 KiB, and values are deterministic functions of the index.
"""
import os
import sys

import h5py
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_interop_files as interop  # noqa: E402

ramp, special_floats = interop.ramp, interop.special_floats


def numbers(f):
    """Every integer and float type, both byte orders, 1-D to 4-D, with NaN, infinities, -0.0, subnormals."""
    for i, code in enumerate(["i1", "u1", "<i2", ">i2", "<u2", ">u2", "<i4", ">i4", "<u4", ">u4", "<i8", ">i8", "<u8", ">u8"]):
        f.create_dataset(f"int_{code.replace('<', 'le_').replace('>', 'be_')}", data=ramp((300,), code))
    for code in ["<f2", ">f2", "<f4", ">f4", "<f8", ">f8"]:
        f.create_dataset(f"float_{code.replace('<', 'le_').replace('>', 'be_')}", data=special_floats((400,), code))
    f.create_dataset("rank1", data=ramp((1000,), "<i4"), chunks=(256,))
    f.create_dataset("rank2", data=ramp((40, 50), "<f8"), chunks=(16, 16))
    f.create_dataset("rank3", data=ramp((7, 8, 9), ">i2"), chunks=(4, 4, 9))
    f.create_dataset("rank4", data=ramp((3, 4, 5, 6), "<u4"), chunks=(2, 2, 5, 6))


def strings(f):
    fixed = np.array([interop.ASCII_WORDS[i % len(interop.ASCII_WORDS)] for i in range(50)], dtype="S12")
    f.create_dataset("fixed_ascii", data=fixed)
    utf8 = np.array([s.encode() for s in interop.utf8_strings(40, 20)], dtype=h5py.string_dtype("utf-8", 20))
    f.create_dataset("fixed_utf8", data=utf8)
    tid = h5py.h5t.C_S1.copy()
    tid.set_size(8)
    tid.set_strpad(h5py.h5t.STR_NULLTERM)
    nullterm = f.create_dataset("fixed_nullterm", (20,), dtype=h5py.Datatype(tid))
    nullterm[...] = np.array([b"w%d" % i for i in range(20)], dtype="S8")
    f.create_dataset("vlen_ascii", data=interop.object_array(interop.ASCII_WORDS * 5), dtype=h5py.string_dtype("ascii"))
    f.create_dataset("vlen_utf8", data=interop.object_array(interop.utf8_strings(30)).reshape(5, 6), dtype=h5py.string_dtype("utf-8"))


def compounds(f):
    f.create_dataset("nested", data=interop.nested_records(60))
    f.create_dataset("with_vlen", data=interop.vlen_records(25))
    be = np.dtype([("a", ">i4"), ("b", ">f8"), ("c", "<u2")])
    f.create_dataset("big_endian", data=np.array([(i, i * 0.5, i) for i in range(100)], dtype=be))
    # Big-endian numbers beside variable-length members (HSDS reads such members little-endian in requests).
    be_vlen = np.dtype([("a", ">i4"), ("s", h5py.string_dtype()), ("b", ">f8"), ("c", [("x", ">u2"), ("y", "<i8")])])
    records = np.empty(40, dtype=be_vlen)
    for i in range(40):
        records[i] = (i - 20, interop.utf8_strings(40)[i], i / 8, (i * 3, -i))
    f.create_dataset("big_endian_vlen", data=records)
    f.create_dataset("complex", data=(np.arange(50) * (1 + 2j)).astype("<c16"))


def enums(f):
    f.create_dataset("colors", data=np.arange(500, dtype="u1") % 3, dtype=interop.COLOR)
    f.create_dataset("levels_be", data=np.array([-1, 0, 1000] * 50, dtype=">i2"), dtype=interop.LEVEL)
    f.create_dataset("bools", data=np.arange(300) % 3 == 0)


def arrays(f):
    """Array datatypes as dataset types (h5py only makes them through its low-level API) and in compounds."""
    for name, base, dims in [("f4_3", h5py.h5t.IEEE_F32LE, (3,)), ("i2_2x3_be", h5py.h5t.STD_I16BE, (2, 3))]:
        tid = h5py.h5t.array_create(base, dims)
        space = h5py.h5s.create_simple((40,))
        dset = h5py.Dataset(h5py.h5d.create(f.id, name.encode(), tid, space))
        dset[...] = ramp((40, *dims), tid.get_super().dtype)
    f.create_dataset("in_compound", data=np.array([(i, np.arange(4) * i) for i in range(30)], dtype=[("n", "<i4"), ("v", "<f8", (4,))]))


def sequences(f):
    f.create_dataset("int_seq", data=interop.object_array(interop.int_sequences(40)), dtype=h5py.vlen_dtype(np.dtype("<i4")))
    be = interop.object_array([np.arange(i % 4, dtype=">i8") * 3 for i in range(20)])
    f.create_dataset("be_seq", data=be, dtype=h5py.vlen_dtype(np.dtype(">i8")))
    floats = interop.object_array([special_floats((i % 3 + 1,), "<f8") for i in range(12)], (3, 4))
    f.create_dataset("float_seq", data=floats, dtype=h5py.vlen_dtype(np.dtype("<f8")))


def layouts(f):
    f.create_dataset("contiguous_1d", data=ramp((2000,), "<i4"))
    f.create_dataset("contiguous_3d", data=ramp((10, 11, 12), "<f4"))
    f.create_dataset("chunked_2d", data=ramp((60, 70), "<i8"), chunks=(16, 32))
    f.create_dataset("chunked_4d", data=ramp((4, 5, 6, 7), "<i2"), chunks=(2, 5, 3, 7))
    # More chunks than a chunk map holds: link mode indexes them with a chunk table.
    f.create_dataset("many_chunks", data=ramp((1200, 64), "<i4"), chunks=(4, 64), compression="gzip", shuffle=True)
    dcpl = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    dcpl.set_layout(h5py.h5d.COMPACT)
    compact = h5py.Dataset(h5py.h5d.create(f.id, b"compact", h5py.h5t.STD_I32LE, h5py.h5s.create_simple((50,)), dcpl))
    compact[...] = ramp((50,), "<i4")


def filters(f):
    f.create_dataset("gzip_shuffle", data=ramp((3000,), "<f8"), chunks=(500,), compression="gzip", shuffle=True)
    f.create_dataset("gzip_9", data=ramp((50, 60), "<i4"), chunks=(25, 20), compression="gzip", compression_opts=9)
    f.create_dataset("shuffle_only", data=ramp((1000,), "<u2"), chunks=(512,), shuffle=True)
    f.create_dataset("fletcher32", data=ramp((800,), "<i4"), chunks=(256,), fletcher32=True, compression="gzip", shuffle=True)
    f.create_dataset("gzip_strings", data=interop.object_array(interop.utf8_strings(64)), chunks=(16,), compression="gzip", dtype=h5py.string_dtype())
    # A chunk stored with deflate skipped (filter mask 1), as an optional filter leaves incompressible data.
    masked = f.create_dataset("masked", data=ramp((1024,), "<i4"), chunks=(256,), compression="gzip")
    masked.id.write_direct_chunk((0,), ramp((1024,), "<i4")[:256].tobytes(), filter_mask=1)


def lzf(f):
    """h5py's LZF filter, which h5wasm cannot decode: served in link mode only."""
    f.create_dataset("lzf", data=np.arange(4000, dtype="<i4") % 50, chunks=(1000,), compression="lzf")
    f.create_dataset("lzf_shuffle", data=ramp((60, 50), "<f8"), chunks=(20, 50), compression="lzf", shuffle=True)


def fills(f):
    interop.make_fill(f)


def shapes(f):
    interop.make_resizable(f)
    interop.make_scalar_and_empty(f)


def links(f):
    f["data"] = ramp((300,), "<i4")
    g = f.create_group("group")
    g["alias"] = f["data"]
    g["soft_abs"] = h5py.SoftLink("/data")
    g["soft_rel"] = h5py.SoftLink("../data")
    g["dangling"] = h5py.SoftLink("/nowhere")
    g["external"] = h5py.ExternalLink("links_target.h5", "/target")
    g["loop"] = g
    f.create_group("ünïcode group")["x y"] = np.int32(1)


def links_target(f):
    f["target"] = ramp((256,), "<f8")


def attributes(f):
    point = f.create_group("types")
    point["point_t"] = interop.POINT
    interop.add_attributes(f, f["types/point_t"])
    f["data"] = ramp((256,), "<i4")
    interop.add_attributes(f["data"], f["types/point_t"])


def committed(f):
    f["types/point_t"] = interop.POINT
    f["types/color_t"] = interop.COLOR
    f.create_dataset("points", data=np.array([(i, -i, i / 3) for i in range(100)], dtype=interop.POINT), dtype=f["types/point_t"])
    f.create_dataset("colors", data=np.arange(300, dtype="u1") % 3, dtype=f["types/color_t"])
    f["types/point_t"].attrs["units"] = "m"


def references(f):
    f["a"] = ramp((300,), "<i4")
    g = f.create_group("g")
    g["b"] = np.ones(3)
    f["refs"] = np.array([f["a"].ref, g.ref, h5py.Reference(), g["b"].ref], dtype=h5py.ref_dtype)
    f.create_dataset("ref_compound", data=np.array([(f["a"].ref, 1), (g.ref, 2)], dtype=[("r", h5py.ref_dtype), ("i", "<i4")]))
    f.attrs["ref_attr"] = f["a"].ref
    f.attrs.create("ref_list", np.array([g.ref, f["a"].ref], dtype=h5py.ref_dtype))
    dims = f.create_group("dims")
    dims["x"] = np.arange(10, dtype="<f8")
    dims["values"] = ramp((10,), "<f4")
    dims["x"].make_scale("x")
    # h5py's DIMENSION_LIST (sequences of references); no REFERENCE_LIST, whose padded compound REST types cannot hold.
    dims["values"].attrs.create("DIMENSION_LIST", interop.object_array([np.array([dims["x"].ref], dtype=h5py.ref_dtype)]), dtype=h5py.vlen_dtype(h5py.ref_dtype))


def everything(f):
    """interop.h5's content in the latest file format: dense attributes, tracked creation order."""
    types = f.create_group("types")
    types["point_t"] = interop.POINT
    types["color_t"] = interop.COLOR
    point_type, color_type = types["point_t"], types["color_t"]
    interop.make_numeric(f)
    interop.make_fill(f)
    interop.make_resizable(f)
    interop.make_compound(f, point_type)
    interop.make_strings(f)
    interop.make_vlen(f)
    interop.make_enum(f, color_type)
    interop.make_scalar_and_empty(f)
    ordered = f.create_group("ordered", track_order=True)
    for name in ["zeta", "alpha", "mid", "beta"]:
        ordered.create_group(name)
    interop.add_attributes(f, point_type)
    interop.add_attributes(f["numeric/int32_3d"], point_type)


FILES = [
    ("numbers.h5", numbers, None),
    ("strings.h5", strings, None),
    ("compounds.h5", compounds, None),
    ("enums.h5", enums, None),
    ("arrays.h5", arrays, None),
    ("sequences.h5", sequences, None),
    ("layouts.h5", layouts, None),
    ("filters.h5", filters, None),
    ("fills.h5", fills, None),
    ("shapes.h5", shapes, None),
    ("links.h5", links, None),
    ("links_target.h5", links_target, None),
    ("attributes.h5", attributes, None),
    ("committed.h5", committed, None),
    ("refs.h5", references, None),
    ("lzf.h5", lzf, None),
    ("everything.h5", everything, "latest"),
]


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    outdir = sys.argv[1]
    os.makedirs(outdir, exist_ok=True)
    for name, make, libver in FILES:
        with h5py.File(os.path.join(outdir, name), "w", libver=libver) as f:
            make(f)
        print(name)
    interop.make_main(os.path.join(outdir, "interop.h5"))
    interop.make_external(os.path.join(outdir, "interop_ext.h5"))
    print("interop.h5")
    print("interop_ext.h5")


if __name__ == "__main__":
    main()
