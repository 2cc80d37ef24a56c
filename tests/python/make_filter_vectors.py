#!/usr/bin/env python3
"""Reference chunk bytes for the filter codecs, made by the real libraries (never by h5lab).

Usage:
  make_filter_vectors.py vectors --set SET --out DIR
      SET is one of
        hsds        chunk objects as HSDS 0.9.4 stores them (numcodecs Blosc / zlib, same calls as
                    HSDS's storUtil._compress) plus a zstd frame as the HDF5 zstd plugin stores it
        bitshuffle  HSDS's bitshuffle chunk objects (needs the `bitshuffle` module)
        hdf5        chunks written by h5py with built-in filters, read back raw with read_direct_chunk
        plugins     chunks written through HDF5 filter plugins (bitshuffle, lz4, blosc), found on
                    HDF5_PLUGIN_PATH
      Writes DIR/SET.json: {"set", "vectors": [...], "missing": [reason, ...]}.
  make_filter_vectors.py check FILE
      FILE holds [{"name", "filters", "itemSize", "isVlen", "stored", "raw"}] (base64 bytes). Each stored
      chunk is decoded the way HSDS 0.9.4's storUtil._uncompress does it; prints {name: "ok" | error}.
"""
import argparse
import base64
import json
import os
import sys
import zlib

import numpy as np


def b64(data):
    return base64.b64encode(bytes(data)).decode("ascii")


def sample_arrays():
    """Deterministic chunk contents: smooth floats, small ints, and incompressible bytes."""
    rng = np.random.default_rng(20240601)
    x = np.linspace(0.0, 12.0, 40 * 50)
    return {
        "f4": (np.sin(x) * 1000.0 + rng.normal(0, 0.01, x.size)).astype("<f4").reshape(40, 50),
        "i2": (np.arange(1000, dtype="<i2") % 317 - 150).astype("<i2"),
        "f8": np.cumsum(rng.normal(0, 1, 500)).astype("<f8"),
        "f8s": np.linspace(-1.0, 1.0, 500, dtype="<f8") ** 3,
        ">i4": np.arange(-300, 300, dtype=">i4"),
        "u1": rng.integers(0, 256, 3000, dtype="u1"),
    }


# ---------------------------------------------------------------- HSDS storage (numcodecs, as HSDS calls it)

SHUFFLE_JSON = {"class": "H5Z_FILTER_SHUFFLE", "id": 2, "name": "shuffle"}
BITSHUFFLE_JSON = {"class": "H5Z_FILTER_BITSHUFFLE", "id": 32008, "name": "bitshuffle"}
USER_IDS = {"lz4": 32004, "lz4hc": 32005, "zstd": 32015, "blosclz": 32001}


def compressor_json(cname, level):
    """The stored filter JSON HSDS keeps after normalizing what h5pyd sends for this compressor."""
    if cname == "zlib":
        return {"class": "H5Z_FILTER_DEFLATE", "id": 1, "level": level, "name": "gzip"}
    return {"class": "H5Z_FILTER_USER", "name": cname, "level": level, "id": USER_IDS[cname]}


def hsds_blosc(raw_bytes, cname, level, shuffle):
    # storUtil._compress: numcodecs Blosc over a bytes object, so the frame's typesize is 1.
    import numcodecs

    return numcodecs.Blosc(cname=cname, clevel=level, shuffle=shuffle).encode(raw_bytes)


def hsds_set():
    import numcodecs

    vectors = []
    arrays = sample_arrays()
    for key in ("f4", "i2", "f8", "u1"):
        arr = arrays[key]
        raw = arr.tobytes()
        for cname in ("zlib", "lz4", "lz4hc", "zstd", "blosclz"):
            for shuffle in (0, 1):
                level = 5 if key != "f8" else (1 if cname == "zlib" else 9)
                filters = ([SHUFFLE_JSON] if shuffle else []) + [compressor_json(cname, level)]
                vectors.append({
                    "name": f"hsds-blosc-{cname}-shuffle{shuffle}-{key}",
                    "filters": filters, "itemSize": arr.dtype.itemsize, "isVlen": False,
                    "raw": b64(raw), "stored": b64(hsds_blosc(raw, cname, level, shuffle)),
                })
        # Plain zlib streams: the non-Blosc branch of storUtil._uncompress (zlib, then byte unshuffle).
        shuffled = numcodecs.Shuffle(elementsize=arr.dtype.itemsize).encode(raw)
        vectors.append({
            "name": f"hsds-zlib-shuffle-{key}",
            "filters": [SHUFFLE_JSON, compressor_json("zlib", 6)], "itemSize": arr.dtype.itemsize,
            "isVlen": False, "raw": b64(raw), "stored": b64(zlib.compress(bytes(shuffled), 6)),
        })
        vectors.append({
            "name": f"hsds-zlib-{key}",
            "filters": [{"class": "H5Z_FILTER_DEFLATE", "id": 1, "name": "gzip"}],
            "itemSize": arr.dtype.itemsize, "isVlen": False,
            "raw": b64(raw), "stored": b64(zlib.compress(raw)),
        })
    # A vlen chunk (int32 LE length prefix + bytes per element): HSDS disables shuffle for vlen types.
    words = [b"alpha", b"", "\u00e9t\u00e9".encode("utf-8"), b"omega" * 20]
    vlen = b"".join(len(w).to_bytes(4, "little") + w for w in words)
    vectors.append({
        "name": "hsds-blosc-zlib-vlen",
        "filters": [SHUFFLE_JSON, compressor_json("zlib", 5)], "itemSize": 8, "isVlen": True,
        "raw": b64(vlen), "stored": b64(hsds_blosc(vlen, "zlib", 5, 0)),
    })
    # The HDF5 zstd plugin (id 32015) stores one plain zstd frame per chunk.
    f4 = arrays["f4"]
    vectors.append({
        "name": "hdf5-zstd-frame-f4", "pipeline": [{"id": 32015, "flags": 1, "clientData": [3]}],
        "filterMask": 0, "itemSize": 4, "raw": b64(f4.tobytes()),
        "stored": b64(numcodecs.Zstd(level=3).encode(f4.tobytes())),
    })
    return vectors, []


def bitshuffle_set():
    try:
        import bitshuffle
    except ImportError:
        return [], ["python module bitshuffle is not installed"]
    vectors = []
    arrays = sample_arrays()
    for key in ("f4", "i2", "f8", ">i4"):
        arr = arrays[key]
        block_size = 2048  # HSDS config bit_shuffle_default_blocksize
        body = bitshuffle.compress_lz4(arr, block_size).tobytes()
        # storUtil._shuffle: u64 BE chunk bytes + u32 BE block bytes, then the bitshuffle/LZ4 blocks.
        header = arr.nbytes.to_bytes(8, "big") + (block_size * arr.dtype.itemsize).to_bytes(4, "big")
        vectors.append({
            "name": f"hsds-bitshuffle-{key}", "filters": [BITSHUFFLE_JSON],
            "itemSize": arr.dtype.itemsize, "isVlen": False,
            "raw": b64(arr.tobytes()), "stored": b64(header + body),
        })
    return vectors, []


# ---------------------------------------------------------------- HDF5 files (h5py)

def chunk_vectors(path, prefix):
    """Every chunk of every dataset in the file: raw filtered bytes, filter mask and expected values."""
    import h5py

    vectors = []
    with h5py.File(path, "r") as f:
        for name in sorted(f):
            dset = f[name]
            plist = dset.id.get_create_plist()
            pipeline = []
            for i in range(plist.get_nfilters()):
                code, flags, cd_values, _ = plist.get_filter(i)
                pipeline.append({"id": int(code), "flags": int(flags), "clientData": [int(v) for v in cd_values]})
            chunks = dset.chunks
            for i in range(dset.id.get_num_chunks()):
                info = dset.id.get_chunk_info(i)
                mask, stored = dset.id.read_direct_chunk(info.chunk_offset)
                sel = tuple(slice(o, o + c) for o, c in zip(info.chunk_offset, chunks))
                vectors.append({
                    "name": f"{prefix}-{name}-chunk{i}", "pipeline": pipeline, "filterMask": int(mask),
                    "itemSize": dset.dtype.itemsize, "raw": b64(dset[sel].tobytes()), "stored": b64(stored),
                })
    return vectors


def hdf5_set(workdir):
    import h5py

    arrays = sample_arrays()
    path = os.path.join(workdir, "builtin-filters.h5")
    with h5py.File(path, "w") as f:
        f.create_dataset("gzip_shuffle_f4", data=arrays["f4"], chunks=(20, 25), compression="gzip",
                         compression_opts=4, shuffle=True)
        f.create_dataset("gzip_i2", data=arrays["i2"], chunks=(500,), compression="gzip")
        f.create_dataset("shuffle_f8", data=arrays["f8"], chunks=(250,), shuffle=True)
        f.create_dataset("fletcher_gzip_shuffle_be_i4", data=arrays[">i4"], chunks=(300,), compression="gzip",
                         shuffle=True, fletcher32=True)
        f.create_dataset("fletcher_u1", data=arrays["u1"], chunks=(1000,), fletcher32=True)
        f.create_dataset("lzf_i2", data=arrays["i2"], chunks=(500,), compression="lzf")
        # LZF is an optional filter: on incompressible bytes it gives up and the chunk's mask bit is set.
        f.create_dataset("lzf_random_u1", data=arrays["u1"], chunks=(1500,), compression="lzf", shuffle=True)
    return chunk_vectors(path, "hdf5"), []


def plugins_set(workdir):
    import h5py

    wanted = {32008: "bitshuffle", 32004: "lz4", 32001: "blosc"}
    missing = [f"HDF5 filter plugin {fid} ({name}) not available" for fid, name in wanted.items()
               if not h5py.h5z.filter_avail(fid)]
    if missing:
        return [], missing
    arrays = sample_arrays()
    path = os.path.join(workdir, "plugin-filters.h5")
    with h5py.File(path, "w") as f:
        # bitshuffle cd_values: (block size in elements, compression: 0 none, 2 LZ4)
        f.create_dataset("bitshuffle_lz4_f4", data=arrays["f4"], chunks=(40, 50), compression=32008,
                         compression_opts=(0, 2))
        f.create_dataset("bitshuffle_lz4_block120_i2", data=arrays["i2"][:999], chunks=(999,),
                         compression=32008, compression_opts=(120, 2))
        f.create_dataset("bitshuffle_none_be_i4", data=arrays[">i4"], chunks=(300,), compression=32008,
                         compression_opts=(0, 0))
        f.create_dataset("bitshuffle_none_block64_f8", data=arrays["f8"][:499], chunks=(499,),
                         compression=32008, compression_opts=(64, 0))
        # lz4 cd_values: (block size in bytes); incompressible blocks are stored raw.
        f.create_dataset("lz4_f4", data=arrays["f4"], chunks=(20, 50), compression=32004)
        f.create_dataset("lz4_block1000_u1", data=arrays["u1"], chunks=(3000,), compression=32004,
                         compression_opts=(1000,))
        f.create_dataset("lz4_block512_shuffle_i2", data=arrays["i2"], chunks=(1000,), compression=32004,
                         compression_opts=(512,), shuffle=True)
        # blosc cd_values: (0, 0, 0, 0, clevel, shuffle 0/1/2, compressor 0 blosclz 1 lz4 2 lz4hc 4 zlib 5 zstd)
        f.create_dataset("blosc_lz4_shuffle_f4", data=arrays["f4"], chunks=(40, 50), compression=32001,
                         compression_opts=(0, 0, 0, 0, 5, 1, 1))
        f.create_dataset("blosc_zlib_shuffle_f8", data=arrays["f8s"], chunks=(500,), compression=32001,
                         compression_opts=(0, 0, 0, 0, 7, 1, 4))
        f.create_dataset("blosc_zstd_f8", data=arrays["f8s"], chunks=(250,), compression=32001,
                         compression_opts=(0, 0, 0, 0, 5, 0, 5))
        f.create_dataset("blosc_blosclz_i2", data=arrays["i2"], chunks=(1000,), compression=32001,
                         compression_opts=(0, 0, 0, 0, 9, 1, 0))
    return chunk_vectors(path, "plugin"), []


# ---------------------------------------------------------------- HSDS's read path, for checking our writes

def blosc_metainfo_typesize(data):
    """c-blosc 1.x blosc_cbuffer_metainfo's typesize (numcodecs 0.13 exposed it; 0.16 no longer does):
    0 for a format version above 2, else header byte 3."""
    return 0 if data[0] > 2 else data[3]


def hsds_uncompress(stored, filters, item_size, is_vlen):
    """storUtil._uncompress with the filter_ops dsetUtil.getFilterOps derives from the stored filters."""
    import numcodecs

    compression_classes = ("H5Z_FILTER_DEFLATE", "H5Z_FILTER_SZIP", "H5Z_FILTER_SCALEOFFSET", "H5Z_FILTER_LZF",
                           "H5Z_FILTER_BLOSC", "H5Z_FILTER_SNAPPY", "H5Z_FILTER_LZ4", "H5Z_FILTER_LZ4HC",
                           "H5Z_FILTER_ZSTD")
    compression_names = ("gzip", "szip", "lzf", "blosclz", "snappy", "lz4", "lz4hc", "zstd")
    compressor, shuffle = None, 0
    for item in filters:
        cls = item.get("class")
        if cls in compression_classes or (cls == "H5Z_FILTER_USER" and item.get("name") in compression_names):
            compressor = "zlib" if cls == "H5Z_FILTER_DEFLATE" else item.get("name", "lz4")
            break
    for item in filters:
        if item.get("class") in ("H5Z_FILTER_SHUFFLE", "H5Z_FILTER_BITSHUFFLE"):
            if not is_vlen and item["name"] == "shuffle":
                shuffle = 1
            elif not is_vlen:
                raise ValueError("bitshuffle is not checked here")
            break
    data = stored
    if compressor and compressor != "scaleoffset":
        if blosc_metainfo_typesize(data) > 0:
            data = numcodecs.Blosc().decode(data)
            if shuffle == 1:
                shuffle = 0
        elif compressor in ("zlib", "gzip", "deflate"):
            data = zlib.decompress(data)
        else:
            raise ValueError(f"don't know how to decompress data in {compressor}")
    if shuffle:
        data = numcodecs.Shuffle(elementsize=item_size).decode(data)
    return bytes(data)


def check(path):
    results = {}
    with open(path) as fh:
        cases = json.load(fh)
    for case in cases:
        stored = base64.b64decode(case["stored"])
        raw = base64.b64decode(case["raw"])
        try:
            got = hsds_uncompress(stored, case["filters"], case["itemSize"], case["isVlen"])
            results[case["name"]] = "ok" if got == raw else f"mismatch: {len(got)} bytes decoded, {len(raw)} expected"
        except Exception as e:  # report every failure by case name
            results[case["name"]] = f"error: {e!r}"
    json.dump(results, sys.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    vec = sub.add_parser("vectors")
    vec.add_argument("--set", required=True, choices=("hsds", "bitshuffle", "hdf5", "plugins"))
    vec.add_argument("--out", required=True)
    chk = sub.add_parser("check")
    chk.add_argument("file")
    args = parser.parse_args()
    if args.command == "check":
        check(args.file)
        return
    os.makedirs(args.out, exist_ok=True)
    makers = {
        "hsds": hsds_set,
        "bitshuffle": bitshuffle_set,
        "hdf5": lambda: hdf5_set(args.out),
        "plugins": lambda: plugins_set(args.out),
    }
    vectors, missing = makers[args.set]()
    with open(os.path.join(args.out, f"{args.set}.json"), "w") as fh:
        json.dump({"set": args.set, "vectors": vectors, "missing": missing}, fh)


if __name__ == "__main__":
    main()
