"""Reference encodings of element values made with numpy (and h5py's special dtypes), printed as JSON.

Each vector: the HDF REST type JSON, the values as JSON, and the bytes numpy writes for them (base64).
Variable-length types use HSDS's stream encoding (int32-LE byte count + bytes), built here by hand from
numpy bytes, since numpy has no such serialization.
"""
import base64
import json
import struct
import sys

import numpy as np


def b64(b):
    return base64.b64encode(bytes(b)).decode()


def simple(type_json, dtype, values):
    arr = np.array(values, dtype=dtype)
    return {"type": type_json, "values": arr.tolist(), "bytes": b64(arr.tobytes())}


vectors = []
for base, dt in [
    ("H5T_STD_I8LE", "<i1"), ("H5T_STD_U8LE", "<u1"), ("H5T_STD_I16BE", ">i2"), ("H5T_STD_U16LE", "<u2"),
    ("H5T_STD_I32LE", "<i4"), ("H5T_STD_I32BE", ">i4"), ("H5T_STD_U32BE", ">u4"), ("H5T_STD_I64LE", "<i8"),
    ("H5T_STD_U64BE", ">u8"),
]:
    info = np.iinfo(dt)
    vectors.append(simple({"class": "H5T_INTEGER", "base": base}, dt, [0, 1, info.min, info.max, 7]))
for base, dt in [("H5T_IEEE_F16LE", "<f2"), ("H5T_IEEE_F32LE", "<f4"), ("H5T_IEEE_F32BE", ">f4"), ("H5T_IEEE_F64LE", "<f8"), ("H5T_IEEE_F64BE", ">f8")]:
    vals = np.array([0.0, -1.5, 3.140625, 65504.0 if dt[-1] == "2" else 1e300 if dt[-1] == "8" else 3.0e38, 1e-3], dtype=dt)
    v = {"type": {"class": "H5T_FLOAT", "base": base}, "values": [float(x) for x in vals], "bytes": b64(vals.tobytes())}
    vectors.append(v)

# fixed-length strings (NUL padded)
s = np.array([b"abc", b"", b"hello!!!"], dtype="S8")
vectors.append({"type": {"class": "H5T_STRING", "charSet": "H5T_CSET_ASCII", "strPad": "H5T_STR_NULLPAD", "length": 8},
                "values": [x.decode() for x in s.tolist()], "bytes": b64(s.tobytes())})

# compound with nested compound and array member
dt = np.dtype([("a", "<i4"), ("b", [("x", "<f8"), ("y", "S3")]), ("c", "<u2", (2, 2))])
arr = np.zeros(2, dtype=dt)
arr[0] = (1, (2.5, b"ab"), [[1, 2], [3, 4]])
arr[1] = (-7, (-0.25, b"xyz"), [[5, 6], [7, 8]])
vectors.append({
    "type": {"class": "H5T_COMPOUND", "fields": [
        {"name": "a", "type": {"class": "H5T_INTEGER", "base": "H5T_STD_I32LE"}},
        {"name": "b", "type": {"class": "H5T_COMPOUND", "fields": [
            {"name": "x", "type": {"class": "H5T_FLOAT", "base": "H5T_IEEE_F64LE"}},
            {"name": "y", "type": {"class": "H5T_STRING", "charSet": "H5T_CSET_ASCII", "strPad": "H5T_STR_NULLPAD", "length": 3}}]}},
        {"name": "c", "type": {"class": "H5T_ARRAY", "dims": [2, 2], "base": {"class": "H5T_INTEGER", "base": "H5T_STD_U16LE"}}}]},
    "values": [[1, [2.5, "ab"], [[1, 2], [3, 4]]], [-7, [-0.25, "xyz"], [[5, 6], [7, 8]]]],
    "bytes": b64(arr.tobytes())})

# h5py bool enum
b = np.array([True, False, True], dtype="?")
vectors.append({"type": {"class": "H5T_ENUM", "base": {"class": "H5T_INTEGER", "base": "H5T_STD_I8LE"}, "mapping": {"FALSE": 0, "TRUE": 1}},
                "values": [True, False, True], "bytes": b64(b.tobytes())})

# vlen UTF-8 strings and int sequences: count-prefixed stream
strs = ["", "héllo", "日本語テキスト"]
stream = b"".join(struct.pack("<i", len(x.encode())) + x.encode() for x in strs)
vectors.append({"type": {"class": "H5T_STRING", "charSet": "H5T_CSET_UTF8", "strPad": "H5T_STR_NULLTERM", "length": "H5T_VARIABLE"},
                "values": strs, "bytes": b64(stream)})
seqs = [[1, 2, 3], [], [-5]]
stream = b"".join(struct.pack("<i", 4 * len(x)) + np.array(x, dtype="<i4").tobytes() for x in seqs)
vectors.append({"type": {"class": "H5T_VLEN", "base": {"class": "H5T_INTEGER", "base": "H5T_STD_I32LE"}},
                "values": seqs, "bytes": b64(stream)})

json.dump(vectors, sys.stdout)
