#!/usr/bin/env python3
"""Copies an HDF5 file into an HDF REST (HSDS-compatible) domain and back, for the interop test.

Usage:
  rest_copy.py upload FILE ENDPOINT DOMAIN [--user U] [--password P] [--bucket B]
  rest_copy.py download ENDPOINT DOMAIN FILE [--user U] [--password P] [--bucket B]

Credentials default to the HS_USERNAME / HS_PASSWORD environment variables.

upload creates DOMAIN (which must not exist) and copies every group, dataset, committed datatype, link
(hard, soft, external), attribute, chunk shape, filter, fill value and dataset value into it. download writes
FILE from the domain with the same structure. Only the REST protocol is used, as documented for HSDS 0.9.4:
types travel as HDF REST type JSON, dataset values as binary (C order, the type's byte order, variable-length
elements as an int32 little-endian byte count followed by the bytes), attribute values as base64 of the same
binary form when the type has a fixed size and as JSON otherwise.

Written for this test on the standard library plus h5py/numpy; it is not a general-purpose client (no paging
of very large values, no object references or opaque types).
"""
import argparse
import base64
import json
import os
import re
import struct
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections import deque

import h5py
import numpy as np
from h5py import h5d, h5s, h5t, h5z

VARIABLE = "H5T_VARIABLE"


# ================================================================ HTTP


class RestError(Exception):
    pass


class RestClient:
    """Requests against one domain, with Basic credentials; JSON answers are parsed (bare NaN accepted)."""

    def __init__(self, endpoint, domain, user=None, password=None, bucket=None):
        self.endpoint = endpoint.rstrip("/")
        self.params = {"domain": domain}
        if bucket:
            self.params["bucket"] = bucket
        self.headers = {}
        if user:
            token = base64.b64encode(f"{user}:{password or ''}".encode()).decode()
            self.headers["Authorization"] = "Basic " + token

    def request(self, method, path, query=None, body=None, binary=None, accept_binary=False):
        url = self.endpoint + urllib.parse.quote(path) + "?" + urllib.parse.urlencode({**self.params, **(query or {})})
        headers = dict(self.headers)
        data = None
        if binary is not None:
            headers["Content-Type"] = "application/octet-stream"
            data = binary
        elif body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        if accept_binary:
            headers["Accept"] = "application/octet-stream"
        req = urllib.request.Request(url, data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req) as rsp:
                content = rsp.read()
                content_type = rsp.headers.get("Content-Type", "")
        except urllib.error.HTTPError as e:
            detail = e.read().decode("utf-8", "replace")[:500]
            raise RestError(f"{method} {path} {query or ''} -> {e.code} {e.reason}: {detail}") from None
        if content_type.startswith("application/json"):
            return json.loads(content) if content else None
        return content

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)


# ================================================================ types: h5py ⇄ HDF REST type JSON

CHARSETS = {h5t.CSET_ASCII: "H5T_CSET_ASCII", h5t.CSET_UTF8: "H5T_CSET_UTF8"}
STRPADS = {h5t.STR_NULLTERM: "H5T_STR_NULLTERM", h5t.STR_NULLPAD: "H5T_STR_NULLPAD", h5t.STR_SPACEPAD: "H5T_STR_SPACEPAD"}
BOOL_MAPPING = {"FALSE": 0, "TRUE": 1}


def byte_order(tid):
    return "BE" if tid.get_order() == h5t.ORDER_BE else "LE"


def type_to_json(tid):
    """HDF REST type JSON of an HDF5 datatype (read from the file, so byte order and padding are exact)."""
    cls = tid.get_class()
    if cls == h5t.INTEGER:
        sign = "I" if tid.get_sign() == h5t.SGN_2 else "U"
        return {"class": "H5T_INTEGER", "base": f"H5T_STD_{sign}{8 * tid.get_size()}{byte_order(tid)}"}
    if cls == h5t.FLOAT:
        return {"class": "H5T_FLOAT", "base": f"H5T_IEEE_F{8 * tid.get_size()}{byte_order(tid)}"}
    if cls == h5t.STRING:
        return {
            "class": "H5T_STRING",
            "charSet": CHARSETS[tid.get_cset()],
            "strPad": STRPADS[tid.get_strpad()],
            "length": VARIABLE if tid.is_variable_str() else tid.get_size(),
        }
    if cls == h5t.VLEN:
        return {"class": "H5T_VLEN", "base": type_to_json(tid.get_super())}
    if cls == h5t.COMPOUND:
        fields = [
            {"name": tid.get_member_name(i).decode(), "type": type_to_json(tid.get_member_type(i))}
            for i in range(tid.get_nmembers())
        ]
        return {"class": "H5T_COMPOUND", "fields": fields}
    if cls == h5t.ARRAY:
        return {"class": "H5T_ARRAY", "dims": list(tid.get_array_dims()), "base": type_to_json(tid.get_super())}
    if cls == h5t.ENUM:
        mapping = {tid.get_member_name(i).decode(): int(tid.get_member_value(i)) for i in range(tid.get_nmembers())}
        return {"class": "H5T_ENUM", "base": type_to_json(tid.get_super()), "mapping": mapping}
    raise ValueError(f"HDF5 type class {cls} is not supported by this copier")


PREDEFINED = re.compile(r"H5T_(?:STD_([IU])|IEEE_(F))(8|16|32|64)(LE|BE)")


def normalize_type(t):
    """Type JSON in object form (a predefined name such as "H5T_STD_I32LE" is accepted too)."""
    if isinstance(t, str):
        cls = "H5T_FLOAT" if "IEEE" in t else "H5T_INTEGER"
        return {"class": cls, "base": t}
    return t


def dtype_from_json(t):
    """The numpy dtype (with h5py's metadata for strings, vlen and enums) that holds values of a type JSON."""
    t = normalize_type(t)
    cls = t["class"]
    if cls in ("H5T_INTEGER", "H5T_FLOAT"):
        m = PREDEFINED.fullmatch(t["base"])
        if not m:
            raise ValueError(f"unknown base type {t['base']}")
        kind = {"I": "i", "U": "u", "F": "f"}[m.group(1) or m.group(2)]
        return np.dtype(("<" if m.group(4) == "LE" else ">") + kind + str(int(m.group(3)) // 8))
    if cls == "H5T_STRING":
        encoding = "utf-8" if t["charSet"] == "H5T_CSET_UTF8" else "ascii"
        variable = t["length"] == VARIABLE
        # h5py writes NULLTERM variable-length and NULLPAD fixed-length strings; it cannot make other paddings.
        expected_pad = "H5T_STR_NULLTERM" if variable else "H5T_STR_NULLPAD"
        if t.get("strPad", expected_pad) != expected_pad:
            raise ValueError(f"h5py cannot write strings with {t['strPad']} ({'variable' if variable else 'fixed'} length)")
        return h5py.string_dtype(encoding, None if variable else t["length"])
    if cls == "H5T_VLEN":
        return h5py.vlen_dtype(dtype_from_json(t["base"]))
    if cls == "H5T_COMPOUND":
        return np.dtype([(f["name"], dtype_from_json(f["type"])) for f in t["fields"]])
    if cls == "H5T_ARRAY":
        return np.dtype((dtype_from_json(t["base"]), tuple(t["dims"])))
    if cls == "H5T_ENUM":
        base = dtype_from_json(t["base"])
        # h5py stores numpy bool as this enum and reads it back as bool.
        if t["mapping"] == BOOL_MAPPING and base == np.dtype("i1"):
            return np.dtype(np.bool_)
        return h5py.enum_dtype(t["mapping"], basetype=base)
    raise ValueError(f"type class {cls} is not supported by this copier")


def is_variable(t):
    t = normalize_type(t)
    cls = t["class"]
    if cls == "H5T_STRING":
        return t["length"] == VARIABLE
    if cls == "H5T_VLEN":
        return True
    if cls == "H5T_COMPOUND":
        return any(is_variable(f["type"]) for f in t["fields"])
    if cls == "H5T_ARRAY":
        return is_variable(t["base"])
    return False


# ================================================================ values: binary and JSON forms


def encode_binary(t, data):
    """The HDF REST binary form of an array (or scalar) of values of type `t`."""
    data = np.asarray(data)
    if not is_variable(t):
        return np.ascontiguousarray(data, dtype=dtype_from_json(t)).tobytes()
    out = bytearray()
    for element in data.reshape(-1):
        encode_element(normalize_type(t), element, out)
    return bytes(out)


def encode_element(t, value, out):
    if not is_variable(t):
        if isinstance(value, str):
            value = value.encode()
        out += np.asarray(value, dtype=dtype_from_json(t)).tobytes()
        return
    cls = t["class"]
    if cls == "H5T_STRING":
        raw = value.encode() if isinstance(value, str) else bytes(value)
        out += struct.pack("<i", len(raw)) + raw
    elif cls == "H5T_VLEN":
        if is_variable(t["base"]):
            raise ValueError("nested variable-length types are not supported")
        raw = np.ascontiguousarray(value, dtype=dtype_from_json(t["base"])).tobytes()
        out += struct.pack("<i", len(raw)) + raw
    elif cls == "H5T_COMPOUND":
        for i, field in enumerate(t["fields"]):
            encode_element(normalize_type(field["type"]), value[i], out)
    else:
        raise ValueError("arrays of variable-length elements are not supported")


class Reader:
    def __init__(self, data):
        self.data = data
        self.pos = 0

    def take(self, n):
        if self.pos + n > len(self.data):
            raise ValueError(f"binary value ends early: need {n} bytes at offset {self.pos} of {len(self.data)}")
        chunk = self.data[self.pos:self.pos + n]
        self.pos += n
        return chunk

    def counted(self):
        (n,) = struct.unpack("<i", self.take(4))
        return self.take(n)


def decode_binary(t, data, shape):
    """A numpy array of `shape` from the HDF REST binary form."""
    dtype = dtype_from_json(t)
    count = int(np.prod(shape))
    if not is_variable(t):
        if len(data) != count * dtype.itemsize:
            raise ValueError(f"expected {count * dtype.itemsize} bytes, got {len(data)}")
        return np.frombuffer(data, dtype=dtype, count=count).reshape(shape).copy()
    reader = Reader(data)
    out = np.empty(count, dtype=dtype)
    for i in range(count):
        out[i] = decode_element(normalize_type(t), reader)
    if reader.pos != len(data):
        raise ValueError(f"{len(data) - reader.pos} bytes left over after {count} elements")
    return out.reshape(shape)


def decode_element(t, reader):
    if not is_variable(t):
        dtype = dtype_from_json(t)
        return np.frombuffer(reader.take(dtype.itemsize), dtype=dtype)[0]
    cls = t["class"]
    if cls == "H5T_STRING":
        raw = reader.counted()
        return raw.decode("utf-8") if t["charSet"] == "H5T_CSET_UTF8" else raw
    if cls == "H5T_VLEN":
        return np.frombuffer(reader.counted(), dtype=dtype_from_json(t["base"])).copy()
    if cls == "H5T_COMPOUND":
        return tuple(decode_element(normalize_type(f["type"]), reader) for f in t["fields"])
    raise ValueError("arrays of variable-length elements are not supported")


def value_to_json(t, value):
    """JSON form of one element (used for variable-length attribute values, which have no base64 form)."""
    t = normalize_type(t)
    cls = t["class"]
    if cls == "H5T_STRING":
        return value.decode("utf-8") if isinstance(value, bytes) else str(value)
    if cls == "H5T_VLEN":
        return [value_to_json(t["base"], item) for item in value]
    if cls == "H5T_COMPOUND":
        return [value_to_json(f["type"], value[i]) for i, f in enumerate(t["fields"])]
    if cls == "H5T_ARRAY":
        return array_to_json(t["base"], value)
    return np.asarray(value).item()


def nest(flat, shape):
    """Nested lists of `shape` from a flat C-order list (the bare element for a scalar shape)."""
    if not shape:
        return flat[0]
    step = int(np.prod(shape[1:]))
    return [nest(flat[i * step:(i + 1) * step], shape[1:]) for i in range(shape[0])]


def array_to_json(t, data):
    """Nested JSON lists of an array (a bare value for a scalar)."""
    data = np.asarray(data)
    return nest([value_to_json(t, item) for item in data.reshape(-1)], data.shape)


def value_from_json(t, value):
    t = normalize_type(t)
    cls = t["class"]
    if cls == "H5T_STRING":
        return value.encode() if t["length"] != VARIABLE else value
    if cls == "H5T_VLEN":
        return np.array(value, dtype=dtype_from_json(t["base"]))
    if cls == "H5T_COMPOUND":
        return tuple(value_from_json(f["type"], value[i]) for i, f in enumerate(t["fields"]))
    if cls == "H5T_ARRAY":
        return np.array(value, dtype=dtype_from_json(t["base"]))
    return value


def array_from_json(t, value, shape):
    """A numpy array of `shape` from nested JSON lists of element values."""
    flat = [value]
    for _ in shape:
        flat = [item for row in flat for item in row]
    out = np.empty(len(flat), dtype=dtype_from_json(t))
    for i, item in enumerate(flat):
        out[i] = value_from_json(t, item)
    return out.reshape(shape)


# ================================================================ shapes, layouts, filters

FILTERS = {
    h5z.FILTER_DEFLATE: ("H5Z_FILTER_DEFLATE", "gzip"),
    h5z.FILTER_SHUFFLE: ("H5Z_FILTER_SHUFFLE", "shuffle"),
    h5z.FILTER_FLETCHER32: ("H5Z_FILTER_FLETCHER32", "fletcher32"),
}


def shape_body(space, shape):
    """The shape of a dataset or attribute as the create requests take it."""
    kind = space.get_simple_extent_type()
    if kind == h5s.NULL:
        return "H5S_NULL"
    if kind == h5s.SCALAR:
        return "H5S_SCALAR"
    return list(shape)


def filters_json(dcpl):
    out = []
    for i in range(dcpl.get_nfilters()):
        code, _flags, values, _name = dcpl.get_filter(i)
        if code not in FILTERS:
            raise ValueError(f"HDF5 filter {code} is not supported by this copier")
        cls, name = FILTERS[code]
        item = {"class": cls, "id": code, "name": name}
        if code == h5z.FILTER_DEFLATE:
            item["level"] = int(values[0])
        out.append(item)
    return out


def filter_kwargs(filters):
    """h5py create_dataset arguments for a REST filter list."""
    kwargs = {}
    for item in filters:
        cls = item["class"]
        if cls == "H5Z_FILTER_SHUFFLE":
            kwargs["shuffle"] = True
        elif cls == "H5Z_FILTER_DEFLATE":
            kwargs["compression"] = "gzip"
            if "level" in item:
                kwargs["compression_opts"] = item["level"]
        elif cls == "H5Z_FILTER_FLETCHER32":
            kwargs["fletcher32"] = True
        else:
            raise ValueError(f"filter {cls} cannot be written with h5py's built-in filters")
    return kwargs


def selection(start, stop):
    return "[" + ",".join(f"{a}:{b}" for a, b in zip(start, stop)) + "]"


# ================================================================ upload


def object_key(obj_or_id):
    """Identity of an HDF5 object within its file, so that several hard links to it make one REST object."""
    info = h5py.h5o.get_info(obj_or_id.id if isinstance(obj_or_id, h5py.HLObject) else obj_or_id)
    return info.fileno, info.addr


COLLECTIONS = {h5py.Group: "groups", h5py.Dataset: "datasets", h5py.Datatype: "datatypes"}


def collection_of(obj):
    return next(c for cls, c in COLLECTIONS.items() if isinstance(obj, cls))


class Uploader:
    def __init__(self, h5file, client):
        self.f = h5file
        self.rest = client
        self.objects = {}  # object key -> h5py object, in breadth-first order of their first hard link
        self.links = []  # (group key, title, target object key or None, soft/external link body or None)
        self.ids = {}  # object key -> REST id

    def collect(self):
        """Breadth-first walk over hard links; each object is recorded once, however many links lead to it."""
        root = object_key(self.f)
        self.objects[root] = self.f
        queue = deque([self.f])
        while queue:
            group = queue.popleft()
            gkey = object_key(group)
            for title in group:
                link = group.get(title, getlink=True)
                if isinstance(link, h5py.SoftLink):
                    self.links.append((gkey, title, None, {"h5path": link.path}))
                elif isinstance(link, h5py.ExternalLink):
                    self.links.append((gkey, title, None, {"h5path": link.path, "h5domain": link.filename}))
                else:
                    obj = group[title]
                    key = object_key(obj)
                    if key not in self.objects:
                        self.objects[key] = obj
                        if isinstance(obj, h5py.Group):
                            queue.append(obj)
                    self.links.append((gkey, title, key, None))

    def type_ref(self, tid):
        """A committed type is referred to by its REST id, any other type is spelled out."""
        if tid.committed():
            return self.ids[object_key(tid)]
        return type_to_json(tid)

    def run(self):
        self.collect()
        root = self.rest.put("/")["root"]
        self.ids[object_key(self.f)] = root
        # Committed types first: datasets and attributes may refer to them.
        for kind in (h5py.Datatype, h5py.Group, h5py.Dataset):
            for key, obj in self.objects.items():
                if isinstance(obj, kind) and key not in self.ids:
                    self.ids[key] = self.create(obj)
        self.create_links()
        for key, obj in self.objects.items():
            self.copy_attributes(obj, f"/{collection_of(obj)}/{self.ids[key]}")
        for key, obj in self.objects.items():
            if isinstance(obj, h5py.Dataset):
                self.copy_values(obj, self.ids[key])

    def create(self, obj):
        if isinstance(obj, h5py.Datatype):
            return self.rest.post("/datatypes", body={"type": type_to_json(obj.id)})["id"]
        if isinstance(obj, h5py.Group):
            return self.rest.post("/groups")["id"]
        return self.rest.post("/datasets", body=self.dataset_body(obj))["id"]

    def dataset_body(self, dset):
        space = dset.id.get_space()
        body = {"type": self.type_ref(dset.id.get_type()), "shape": shape_body(space, dset.shape)}
        if dset.maxshape is not None and dset.maxshape != dset.shape:
            body["maxdims"] = [0 if n is None else n for n in dset.maxshape]
        if space.get_simple_extent_type() == h5s.NULL:
            return body
        dcpl = dset.id.get_create_plist()
        cp = {}
        if dcpl.get_layout() == h5d.CHUNKED:
            cp["layout"] = {"class": "H5D_CHUNKED", "dims": list(dset.chunks)}
        else:
            # Compact storage has no REST equivalent that holds data; it travels as contiguous.
            cp["layout"] = {"class": "H5D_CONTIGUOUS"}
        filters = filters_json(dcpl)
        if filters:
            cp["filters"] = filters
        if dcpl.fill_value_defined() == h5d.FILL_VALUE_USER_DEFINED:
            type_json = type_to_json(dset.id.get_type())
            if is_variable(type_json):
                raise ValueError(f"{dset.name}: fill values of variable-length types are not supported")
            fill = encode_binary(type_json, np.asarray(dset.fillvalue))
            cp["fillValue"] = base64.b64encode(fill).decode()
            cp["fillValue_encoding"] = "base64"
        body["creationProperties"] = cp
        return body

    def create_links(self):
        by_group = {}
        for gkey, title, target, body in self.links:
            by_group.setdefault(gkey, {})[title] = {"id": self.ids[target]} if target else body
        for gkey, links in by_group.items():
            self.rest.put(f"/groups/{self.ids[gkey]}/links", body={"links": links})

    def copy_attributes(self, obj, path):
        items = {}
        for name in obj.attrs:
            aid = obj.attrs.get_id(name)
            tid = aid.get_type()
            type_json = type_to_json(tid)
            item = {"type": self.type_ref(tid), "shape": shape_body(aid.get_space(), aid.shape)}
            if aid.get_space().get_simple_extent_type() != h5s.NULL:
                value = obj.attrs[name]
                if is_variable(type_json):
                    item["value"] = array_to_json(type_json, value)
                else:
                    item["value"] = base64.b64encode(encode_binary(type_json, value)).decode()
                    item["encoding"] = "base64"
            items[name] = item
        if items:
            self.rest.put(path + "/attributes", body={"attributes": items})

    def copy_values(self, dset, dset_id):
        """Writes what the file holds: all of it, or only the allocated chunks so that the rest reads as fill."""
        if dset.shape is None or dset.size == 0:
            return
        type_json = type_to_json(dset.id.get_type())
        path = f"/datasets/{dset_id}/value"
        if dset.chunks is None:
            if dset.id.get_storage_size() > 0:
                self.rest.put(path, binary=encode_binary(type_json, dset[()]))
            return
        chunk_count = int(np.prod([-(-n // c) for n, c in zip(dset.shape, dset.chunks)]))
        if dset.id.get_num_chunks() == chunk_count:
            self.rest.put(path, binary=encode_binary(type_json, dset[()]))
            return
        for i in range(dset.id.get_num_chunks()):
            start = dset.id.get_chunk_info(i).chunk_offset
            stop = [min(a + c, n) for a, c, n in zip(start, dset.chunks, dset.shape)]
            block = dset[tuple(slice(a, b) for a, b in zip(start, stop))]
            self.rest.put(path, query={"select": selection(start, stop)}, binary=encode_binary(type_json, block))


# ================================================================ download


class Downloader:
    def __init__(self, client, h5file):
        self.rest = client
        self.f = h5file
        self.h5 = {}  # REST id -> h5py object created for it
        self.created = set()  # (group id, title) of the links made when their target was created

    def walk(self, root):
        """Breadth-first over hard links to groups: (group id, link) pairs in order, each group listed once."""
        pairs = []
        seen = {root}
        queue = deque([root])
        while queue:
            gid = queue.popleft()
            for link in self.rest.get(f"/groups/{gid}/links")["links"]:
                pairs.append((gid, link))
                target = link.get("id")
                if link["class"] == "H5L_TYPE_HARD" and link["collection"] == "groups" and target not in seen:
                    seen.add(target)
                    queue.append(target)
        return pairs

    def run(self):
        root = self.rest.get("/")["root"]
        self.h5[root] = self.f
        pairs = self.walk(root)
        # Groups first (so every parent exists), then committed types (datasets may use them), then datasets;
        # the first hard link to an object creates it, later ones and soft/external links come last.
        for collection in ("groups", "datatypes", "datasets"):
            for gid, link in pairs:
                if link.get("collection") == collection and link["id"] not in self.h5:
                    self.h5[link["id"]] = self.create(collection, self.h5[gid], link["title"], link["id"])
                    self.created.add((gid, link["title"]))
        for gid, link in pairs:
            parent, title = self.h5[gid], link["title"]
            if (gid, title) in self.created:
                continue
            if link["class"] == "H5L_TYPE_HARD":
                parent[title] = self.h5[link["id"]]
            elif link["class"] == "H5L_TYPE_SOFT":
                parent[title] = h5py.SoftLink(link["h5path"])
            else:
                parent[title] = h5py.ExternalLink(link["h5domain"], link["h5path"])
        for obj_id, obj in self.h5.items():
            self.copy_attributes(obj, f"/{collection_of(obj)}/{obj_id}")

    def dtype_for(self, type_json):
        """A committed type (its JSON carries the datatype's id) is used as the h5py Datatype object."""
        if isinstance(type_json, dict) and "id" in type_json:
            return self.h5[type_json["id"]]
        return dtype_from_json(type_json)

    def create(self, collection, parent, title, obj_id):
        if collection == "groups":
            return parent.create_group(title)
        if collection == "datatypes":
            parent[title] = dtype_from_json(self.rest.get(f"/datatypes/{obj_id}")["type"])
            return parent[title]
        return self.create_dataset(parent, title, obj_id)

    def create_dataset(self, parent, title, dset_id):
        meta = self.rest.get(f"/datasets/{dset_id}")
        type_json, shape = meta["type"], meta["shape"]
        dtype = self.dtype_for(type_json)
        if shape["class"] == "H5S_NULL":
            return parent.create_dataset(title, data=h5py.Empty(dtype_from_json(type_json)))
        dims = tuple(shape.get("dims", ())) if shape["class"] == "H5S_SIMPLE" else ()
        kwargs = {}
        if "maxdims" in shape:
            kwargs["maxshape"] = tuple(None if n == 0 else n for n in shape["maxdims"])
        cp = meta.get("creationProperties", {})
        if cp.get("layout", {}).get("class") == "H5D_CHUNKED":
            # The effective chunk shape the server uses (it may differ from the requested one).
            kwargs["chunks"] = tuple(meta["layout"]["dims"])
        kwargs.update(filter_kwargs(cp.get("filters", [])))
        if "fillValue" in cp:
            kwargs["fillvalue"] = self.fill_value(type_json, cp)
        dset = parent.create_dataset(title, shape=dims, dtype=dtype, **kwargs)
        if int(np.prod(dims)) > 0:
            data = self.rest.get(f"/datasets/{dset_id}/value", accept_binary=True)
            dset[()] = decode_binary(type_json, data, dims)
        return dset

    @staticmethod
    def fill_value(type_json, cp):
        fill = cp["fillValue"]
        if cp.get("fillValue_encoding") == "base64":
            return decode_binary(type_json, base64.b64decode(fill), ())[()]
        if fill == "nan":
            fill = float("nan")
        return array_from_json(type_json, fill, ())[()]

    def copy_attributes(self, obj, path):
        listing = self.rest.get(path + "/attributes", query={"IncludeData": 1, "encoding": "base64"})
        for item in listing["attributes"]:
            type_json, shape = item["type"], item["shape"]
            dtype = self.dtype_for(type_json)
            if shape["class"] == "H5S_NULL":
                obj.attrs.create(item["name"], h5py.Empty(dtype_from_json(type_json)))
                continue
            dims = tuple(shape.get("dims", ())) if shape["class"] == "H5S_SIMPLE" else ()
            if item.get("value") is None:
                raise ValueError(f"{path}: attribute {item['name']} has no value, which h5py cannot write")
            if item.get("encoding") == "base64":
                value = decode_binary(type_json, base64.b64decode(item["value"]), dims)
            else:
                value = array_from_json(type_json, item["value"], dims)
            obj.attrs.create(item["name"], value, dtype=dtype)


# ================================================================ command line


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=["upload", "download"])
    parser.add_argument("args", nargs=3, metavar="ARG", help="FILE ENDPOINT DOMAIN (upload) or ENDPOINT DOMAIN FILE (download)")
    parser.add_argument("--user", default=os.environ.get("HS_USERNAME"))
    parser.add_argument("--password", default=os.environ.get("HS_PASSWORD"))
    parser.add_argument("--bucket", default=os.environ.get("HS_BUCKET"))
    opts = parser.parse_args()
    if opts.command == "upload":
        path, endpoint, domain = opts.args
        client = RestClient(endpoint, domain, opts.user, opts.password, opts.bucket)
        with h5py.File(path, "r") as f:
            Uploader(f, client).run()
    else:
        endpoint, domain, path = opts.args
        client = RestClient(endpoint, domain, opts.user, opts.password, opts.bucket)
        with h5py.File(path, "w") as f:
            Downloader(client, f).run()


if __name__ == "__main__":
    try:
        main()
    except (RestError, ValueError) as e:
        sys.exit(f"rest_copy: {e}")
