#!/usr/bin/env python3
"""Compares two HDF5 files object by object, with h5py only.

Usage: compare_h5.py A B

Walks both files from the root group along the same link names and compares: link names and kinds (hard, soft,
external) and their targets; which hard links lead to the same object (aliases, cycles); object kinds; types
(H5Tequal, so byte order, string padding and character set, compound layout and enum members); whether a
type is committed and which committed type it is; dataspace class, shape and maxshape; layout, chunk shape,
filter pipeline and fill value; attributes (names, types, shapes, values); and every value, with NaN equal to
NaN and -0.0 different from 0.0.

Exit status 0 and a one-line summary when the files match; 1 and one line per difference otherwise.
"""
import sys

import h5py
import numpy as np
from h5py import h5d, h5s, h5t

MAX_REPORTED = 60
SPACE_CLASSES = {h5s.NULL: "null", h5s.SCALAR: "scalar", h5s.SIMPLE: "simple"}
LAYOUTS = {h5d.COMPACT: "compact", h5d.CONTIGUOUS: "contiguous", h5d.CHUNKED: "chunked"}
FILL_STATES = {h5d.FILL_VALUE_UNDEFINED: "undefined", h5d.FILL_VALUE_DEFAULT: "default",
               h5d.FILL_VALUE_USER_DEFINED: "user-defined"}


def short(value, limit=80):
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def describe_type(tid):
    """A readable spelling of an HDF5 type, for difference reports."""
    cls = tid.get_class()
    if cls in (h5t.INTEGER, h5t.FLOAT):
        kind = "float" if cls == h5t.FLOAT else ("int" if tid.get_sign() == h5t.SGN_2 else "uint")
        order = "BE" if tid.get_order() == h5t.ORDER_BE else "LE"
        return f"{kind}{8 * tid.get_size()}{order}"
    if cls == h5t.STRING:
        length = "variable" if tid.is_variable_str() else tid.get_size()
        return f"string(len={length}, cset={tid.get_cset()}, pad={tid.get_strpad()})"
    if cls == h5t.COMPOUND:
        fields = (f"{tid.get_member_name(i).decode()}@{tid.get_member_offset(i)}:{describe_type(tid.get_member_type(i))}"
                  for i in range(tid.get_nmembers()))
        return f"compound(size={tid.get_size()}; {', '.join(fields)})"
    if cls == h5t.ENUM:
        members = (f"{tid.get_member_name(i).decode()}={tid.get_member_value(i)}" for i in range(tid.get_nmembers()))
        return f"enum({describe_type(tid.get_super())}; {', '.join(members)})"
    if cls == h5t.VLEN:
        return f"vlen({describe_type(tid.get_super())})"
    if cls == h5t.ARRAY:
        return f"array({tid.get_array_dims()}, {describe_type(tid.get_super())})"
    return f"class {cls} size {tid.get_size()}"


def value_difference(a, b):
    """None when two values (arrays, scalars, Empty, nested vlen/compound) are equal, else where they differ."""
    if isinstance(a, h5py.Empty) or isinstance(b, h5py.Empty):
        return None if isinstance(a, h5py.Empty) and isinstance(b, h5py.Empty) else f"{short(a)} vs {short(b)}"
    if isinstance(a, (str, bytes)) or isinstance(b, (str, bytes)):
        return None if type(a) is type(b) and a == b else f"{short(a)} vs {short(b)}"
    a, b = np.asarray(a), np.asarray(b)
    if a.shape != b.shape:
        return f"shape {a.shape} vs {b.shape}"
    if a.dtype.names or b.dtype.names:
        if a.dtype.names != b.dtype.names:
            return f"fields {a.dtype.names} vs {b.dtype.names}"
        for name in a.dtype.names:
            d = value_difference(a[name], b[name])
            if d:
                return f"field {name!r}: {d}"
        return None
    if a.dtype.kind == "O" or b.dtype.kind == "O":
        for index in np.ndindex(a.shape):
            d = value_difference(a[index], b[index])
            if d:
                return f"at {index}: {d}"
        return None
    if a.dtype.kind != b.dtype.kind:
        return f"kinds {a.dtype} vs {b.dtype}"
    if a.dtype.kind == "f":
        same = ((a == b) & (np.signbit(a) == np.signbit(b))) | (np.isnan(a) & np.isnan(b))
    else:
        same = a == b
    if np.all(same):
        return None
    index = tuple(int(i) for i in np.argwhere(~np.asarray(same))[0])
    return f"at {index}: {short(a[index])} vs {short(b[index])}"


def object_key(obj_or_id):
    info = h5py.h5o.get_info(obj_or_id.id if isinstance(obj_or_id, h5py.HLObject) else obj_or_id)
    return info.fileno, info.addr


def kind_of(obj):
    return type(obj).__name__ if not isinstance(obj, h5py.File) else "Group"


class Comparison:
    def __init__(self):
        self.differences = []
        self.a_to_b = {}  # object key in A -> object key in B
        self.b_to_a = {}
        self.path_of = {}  # object key in A -> first path it was reached by
        self.committed_uses = []  # (where, key of the committed type in A, in B), checked after the walk
        self.counts = {"objects": 0, "links": 0, "attributes": 0, "values": 0}

    def differ(self, path, message):
        self.differences.append(f"{path}: {message}")

    def run(self, a, b):
        self.object(a, b, "/")
        for where, key_a, key_b in self.committed_uses:
            if self.a_to_b.get(key_a) != key_b:
                self.differ(where, f"uses committed type {self.path_of.get(key_a, '?')} in A but another type in B")

    def object(self, a, b, path):
        key_a, key_b = object_key(a), object_key(b)
        if key_a in self.a_to_b or key_b in self.b_to_a:
            if self.a_to_b.get(key_a) != key_b:
                first = self.path_of.get(key_a) or f"(B's object first seen at {self.path_of.get(self.b_to_a.get(key_b))})"
                self.differ(path, f"hard link identity differs (A's object first seen at {first})")
            return
        self.a_to_b[key_a], self.b_to_a[key_b], self.path_of[key_a] = key_b, key_a, path
        self.counts["objects"] += 1
        if kind_of(a) != kind_of(b):
            self.differ(path, f"object kind {kind_of(a)} vs {kind_of(b)}")
            return
        self.attributes(a, b, path)
        if isinstance(a, h5py.Group):
            self.group(a, b, path)
        elif isinstance(a, h5py.Dataset):
            self.dataset(a, b, path)
        else:
            self.type(a.id, b.id, path)

    def group(self, a, b, path):
        names_a, names_b = set(a), set(b)
        for name in sorted(names_a - names_b):
            self.differ(path, f"link {name!r} only in A")
        for name in sorted(names_b - names_a):
            self.differ(path, f"link {name!r} only in B")
        for name in sorted(names_a & names_b):
            self.counts["links"] += 1
            child = path.rstrip("/") + "/" + name
            link_a, link_b = a.get(name, getlink=True), b.get(name, getlink=True)
            if type(link_a) is not type(link_b):
                self.differ(child, f"link kind {type(link_a).__name__} vs {type(link_b).__name__}")
            elif isinstance(link_a, h5py.SoftLink):
                if link_a.path != link_b.path:
                    self.differ(child, f"soft link target {link_a.path!r} vs {link_b.path!r}")
            elif isinstance(link_a, h5py.ExternalLink):
                if (link_a.filename, link_a.path) != (link_b.filename, link_b.path):
                    self.differ(child, f"external link {link_a.filename}:{link_a.path} vs {link_b.filename}:{link_b.path}")
            else:
                self.object(a[name], b[name], child)

    def type(self, tid_a, tid_b, where):
        if tid_a != tid_b:
            self.differ(where, f"type {describe_type(tid_a)} vs {describe_type(tid_b)}")
        if tid_a.committed() != tid_b.committed():
            self.differ(where, f"committed type: {tid_a.committed()} vs {tid_b.committed()}")
        elif tid_a.committed():
            self.committed_uses.append((where, object_key(tid_a), object_key(tid_b)))

    def space(self, space_a, space_b, where):
        class_a, class_b = space_a.get_simple_extent_type(), space_b.get_simple_extent_type()
        if class_a != class_b:
            self.differ(where, f"dataspace {SPACE_CLASSES.get(class_a)} vs {SPACE_CLASSES.get(class_b)}")

    def dataset(self, a, b, path):
        self.type(a.id.get_type(), b.id.get_type(), path)
        self.space(a.id.get_space(), b.id.get_space(), path)
        for what in ("shape", "maxshape", "chunks"):
            if getattr(a, what) != getattr(b, what):
                self.differ(path, f"{what} {getattr(a, what)} vs {getattr(b, what)}")
        dcpl_a, dcpl_b = a.id.get_create_plist(), b.id.get_create_plist()
        layout_a, layout_b = dcpl_a.get_layout(), dcpl_b.get_layout()
        if layout_a != layout_b:
            self.differ(path, f"layout {LAYOUTS.get(layout_a)} vs {LAYOUTS.get(layout_b)}")
        filters_a = [dcpl_a.get_filter(i)[:3] for i in range(dcpl_a.get_nfilters())]
        filters_b = [dcpl_b.get_filter(i)[:3] for i in range(dcpl_b.get_nfilters())]
        if filters_a != filters_b:
            self.differ(path, f"filters (id, flags, values) {filters_a} vs {filters_b}")
        fill_a, fill_b = dcpl_a.fill_value_defined(), dcpl_b.fill_value_defined()
        if fill_a != fill_b:
            self.differ(path, f"fill value {FILL_STATES.get(fill_a)} vs {FILL_STATES.get(fill_b)}")
        elif fill_a == h5d.FILL_VALUE_USER_DEFINED:
            d = value_difference(a.fillvalue, b.fillvalue)
            if d:
                self.differ(path, f"fill value {d}")
        if a.shape == b.shape and a.shape is not None:
            self.counts["values"] += a.size
            d = value_difference(a[()], b[()])
            if d:
                self.differ(path, f"values differ {d}")

    def attributes(self, a, b, path):
        names_a, names_b = set(a.attrs), set(b.attrs)
        for name in sorted(names_a - names_b):
            self.differ(path, f"attribute {name!r} only in A")
        for name in sorted(names_b - names_a):
            self.differ(path, f"attribute {name!r} only in B")
        for name in sorted(names_a & names_b):
            self.counts["attributes"] += 1
            where = f"{path} @{name}"
            attr_a, attr_b = a.attrs.get_id(name), b.attrs.get_id(name)
            self.type(attr_a.get_type(), attr_b.get_type(), where)
            self.space(attr_a.get_space(), attr_b.get_space(), where)
            if attr_a.shape != attr_b.shape:
                self.differ(where, f"shape {attr_a.shape} vs {attr_b.shape}")
                continue
            d = value_difference(a.attrs[name], b.attrs[name])
            if d:
                self.differ(where, f"value differs {d}")


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    comparison = Comparison()
    with h5py.File(sys.argv[1], "r") as a, h5py.File(sys.argv[2], "r") as b:
        comparison.run(a, b)
    if comparison.differences:
        print(f"{len(comparison.differences)} difference(s) between {sys.argv[1]} and {sys.argv[2]}:")
        for line in comparison.differences[:MAX_REPORTED]:
            print("  " + line)
        if len(comparison.differences) > MAX_REPORTED:
            print(f"  … and {len(comparison.differences) - MAX_REPORTED} more")
        sys.exit(1)
    counts = comparison.counts
    print(f"identical: {counts['objects']} objects, {counts['links']} links, "
          f"{counts['attributes']} attributes, {counts['values']} dataset values")


if __name__ == "__main__":
    main()
