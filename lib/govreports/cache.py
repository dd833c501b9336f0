"""The one cache of the package: parsed reports and their tokens, as plain data checked before use.

Nothing read from a cache folder is unpickled or trusted. A parse is stored as JSON (:func:`encode_parse`),
a report's tokens as a JSON header line followed by raw little-endian int32 arrays (:func:`encode_tokens`).
Every entry names its schema, the code version (or signature) it was made by and the hash of what it was
made from; on load all three must equal what the caller expects now, and the payload is checked field by
field against the model's type annotations. An entry that fails any check raises :class:`EntryError`; the
caller makes the result again and logs one line (logger ``govreports.cache``, silent unless the application
configures logging, so nothing reaches a notebook's output).

Both stores share one layout: under :func:`cache_dir`, a folder per kind (``reports``, ``tokens``) and per version
of what makes the entries (:func:`versioned_folder`), an entry per key, written whole or not at all
(:func:`write_entry`). :class:`ParseEntry` is one file's parse; :class:`TokenStore` the tokens of reports.

The dataclass codec is generic: it reads each dataclass's fields and their annotations. A dataclass is a JSON
object of its ``init`` fields; a list (or homogeneous tuple) of dataclasses is stored column by column, one
JSON list per field, which is both smaller and faster to check than one object per element.
"""
from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import itertools
import json
import logging
import os
import shutil
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .model import Report
from .resources import book_folder

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())  # a rejected entry is no news to a notebook; shown when logging is set up

PARSE_SCHEMA = "govreports-parse/1"
TOKENS_SCHEMA = "govreports-tokens/1"

Decoder = Callable[[Any], Any]
Encoder = Callable[[Any], Any]


class EntryError(ValueError):
    """A cache entry (or a value to store) that does not fit its schema."""


# --- the generic dataclass codec -------------------------------------------------------------------------

_PRIMITIVE: dict[Any, frozenset[type]] = {
    int: frozenset({int}),
    float: frozenset({float, int}),  # an int is a valid float (PEP 484); JSON keeps 1 and 1.0 apart
    str: frozenset({str}),
    bool: frozenset({bool}),
    type(None): frozenset({type(None)}),
    None: frozenset({type(None)}),
}


def _flat(tp: Any) -> frozenset[type] | None:
    """The JSON value types that a primitive annotation (or a union of primitives) accepts; None otherwise."""
    if tp in _PRIMITIVE:
        return _PRIMITIVE[tp]
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        parts = [_flat(arg) for arg in typing.get_args(tp)]
        if all(p is not None for p in parts):
            return frozenset().union(*parts)  # type: ignore[arg-type]
    return None


def reason(exc: BaseException) -> str:
    """Why an entry was rejected, for the log: the exception's name and first line, shortened."""
    text = str(exc).strip().splitlines()
    return f"{type(exc).__name__}: {text[0][:200]}" if text else type(exc).__name__


def _fail(what: str) -> typing.NoReturn:
    raise EntryError(what)


def _init_fields(cls: type) -> list[tuple[str, Any]]:
    """(name, resolved annotation) of the fields a dataclass's ``__init__`` takes, in order."""
    hints = typing.get_type_hints(cls)
    return [(f.name, hints[f.name]) for f in dataclasses.fields(cls) if f.init]


def _element(tp: Any) -> tuple[type, Any] | None:
    """(list or tuple, element annotation) for ``list[X]`` and ``tuple[X, ...]``; None for other types."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is list and len(args) == 1:
        return list, args[0]
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        return tuple, args[0]
    return None


_DECODERS: dict[Any, Decoder] = {}
_ENCODERS: dict[Any, Encoder] = {}
_COLUMN_DECODERS: dict[type, Decoder] = {}
_COLUMN_ENCODERS: dict[type, Encoder] = {}


def decoder(tp: Any) -> Decoder:
    """A function that turns JSON data into a value of annotation ``tp``, or raises :class:`EntryError`."""
    if tp not in _DECODERS:
        _DECODERS[tp] = _make_decoder(tp)
    return _DECODERS[tp]


def encoder(tp: Any) -> Encoder:
    """A function that turns a value of annotation ``tp`` into JSON data, or raises :class:`EntryError` when
    the value does not fit the annotation (so that only entries that load again are ever written)."""
    if tp not in _ENCODERS:
        _ENCODERS[tp] = _make_encoder(tp)
    return _ENCODERS[tp]


def _make_decoder(tp: Any) -> Decoder:
    allowed = _flat(tp)
    if allowed is not None:
        def flat(v: Any) -> Any:
            return v if type(v) in allowed else _fail(f"{type(v).__name__} where {tp} belongs")
        return flat
    if dataclasses.is_dataclass(tp):
        return _object_decoder(tp)
    seq = _element(tp)
    if seq is not None:
        kind, item = seq
        if dataclasses.is_dataclass(item):
            columns = _columns_decoder(item)
            return columns if kind is list else lambda v: tuple(columns(v))
        item_allowed = _flat(item)
        if item_allowed is not None:
            def flat_seq(v: Any) -> Any:
                if type(v) is not list or not set(map(type, v)) <= item_allowed:
                    _fail(f"not a list of {item}")
                return v if kind is list else tuple(v)
            return flat_seq
        item_decoder = decoder(item)

        def seq_decoder(v: Any) -> Any:
            if type(v) is not list:
                _fail(f"not a list for {tp}")
            return kind(map(item_decoder, v))
        return seq_decoder
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple and args and Ellipsis not in args:
        parts = [decoder(a) for a in args]

        def fixed(v: Any) -> Any:
            if type(v) is not list or len(v) != len(parts):
                _fail(f"not a list of {len(parts)} for {tp}")
            return tuple(d(x) for d, x in zip(parts, v))
        return fixed
    if origin is dict and len(args) == 2 and args[0] is str:
        value = decoder(args[1])

        def mapping(v: Any) -> Any:
            if type(v) is not dict or not set(map(type, v)) <= {str}:
                _fail(f"not an object for {tp}")
            return {k: value(x) for k, x in v.items()}
        return mapping
    raise TypeError(f"no cache codec for {tp!r}")


def _make_encoder(tp: Any) -> Encoder:
    allowed = _flat(tp)
    if allowed is not None:
        def flat(v: Any) -> Any:
            return v if type(v) in allowed else _fail(f"{type(v).__name__} where {tp} belongs")
        return flat
    if dataclasses.is_dataclass(tp):
        return _object_encoder(tp)
    seq = _element(tp)
    if seq is not None:
        kind, item = seq

        def checked(v: Any) -> Any:
            return v if type(v) is kind else _fail(f"{type(v).__name__} where {tp} belongs")
        if dataclasses.is_dataclass(item):
            columns = _columns_encoder(item)
            return lambda v: columns(checked(v))
        item_allowed = _flat(item)
        if item_allowed is not None:
            def flat_seq(v: Any) -> Any:
                if not set(map(type, checked(v))) <= item_allowed:
                    _fail(f"not a sequence of {item}")
                return list(v)
            return flat_seq
        item_encoder = encoder(item)
        return lambda v: [item_encoder(x) for x in checked(v)]
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin is tuple and args and Ellipsis not in args:
        parts = [encoder(a) for a in args]

        def fixed(v: Any) -> Any:
            if type(v) is not tuple or len(v) != len(parts):
                _fail(f"not a tuple of {len(parts)} for {tp}")
            return [e(x) for e, x in zip(parts, v)]
        return fixed
    if origin is dict and len(args) == 2 and args[0] is str:
        value = encoder(args[1])

        def mapping(v: Any) -> Any:
            if type(v) is not dict or not set(map(type, v)) <= {str}:
                _fail(f"not a dict with str keys for {tp}")
            return {k: value(x) for k, x in v.items()}
        return mapping
    raise TypeError(f"no cache codec for {tp!r}")


def _object_decoder(cls: type) -> Decoder:
    fields = [(name, decoder(tp)) for name, tp in _init_fields(cls)]
    names = {name for name, _ in fields}

    def obj(v: Any) -> Any:
        if type(v) is not dict or v.keys() != names:
            _fail(f"not the fields of {cls.__name__}")
        return cls(**{name: dec(v[name]) for name, dec in fields})
    return obj


def _object_encoder(cls: type) -> Encoder:
    fields = [(name, encoder(tp)) for name, tp in _init_fields(cls)]

    def obj(v: Any) -> Any:
        if type(v) is not cls:
            _fail(f"{type(v).__name__} where {cls.__name__} belongs")
        return {name: enc(getattr(v, name)) for name, enc in fields}
    return obj


def _ragged(tp: Any) -> tuple[type, type] | None:
    """(list or tuple, dataclass) when ``tp`` is a sequence of dataclasses: a column of such sequences is
    stored as the lengths of the sequences plus the columns of all their elements, one after the other."""
    seq = _element(tp)
    return seq if seq is not None and dataclasses.is_dataclass(seq[1]) else None


def _columns_decoder(cls: type) -> Decoder:
    """Decoder of a list of ``cls`` stored as ``{field: [value of each element]}`` (``{}`` when empty).
    Built lazily, since a dataclass may hold lists of itself (a section's children)."""
    if cls in _COLUMN_DECODERS:
        return _COLUMN_DECODERS[cls]
    spec: list[tuple[str, frozenset[type] | None, Decoder | None, tuple[type, type] | None]] = []
    names: set[str] = set()

    def columns(v: Any) -> list:
        if not spec:
            fields = [(name, _flat(tp), _ragged(tp), tp) for name, tp in _init_fields(cls)]
            names.update(name for name, *_ in fields)
            spec[:] = [(name, allowed, None if allowed or ragged else decoder(tp), ragged)
                       for name, allowed, ragged, tp in fields]
        if type(v) is not dict or (v and v.keys() != names):
            _fail(f"not the columns of {cls.__name__}")
        if not v:
            return []
        cols, size = [], None
        for name, allowed, dec, ragged in spec:
            col = v[name]
            if ragged is not None:
                col = _split(col, ragged)
            if type(col) is not list or (size is not None and len(col) != size):
                _fail(f"column {cls.__name__}.{name} is not a list of the same length")
            size = len(col)
            if allowed is not None:
                if not set(map(type, col)) <= allowed:
                    _fail(f"column {cls.__name__}.{name} holds a value that is not {allowed}")
                if str in allowed:
                    col = _shared(col)
            elif dec is not None:
                col = list(map(dec, col))
            cols.append(col)
        return list(map(cls, *cols))

    _COLUMN_DECODERS[cls] = columns
    return columns


# The strings of the entry being decoded, each value once: JSON gives every occurrence its own object, and a
# report's figures repeat their unit, kind, section and sentence (shared, 1,000 loaded reports took a quarter less)
_SHARED: dict[str, str] = {}


def _shared(column: list) -> list:
    """``column`` with equal strings made one object (:data:`_SHARED`)."""
    memo = _SHARED
    return [memo.setdefault(x, x) if type(x) is str else x for x in column]


def _split(v: Any, ragged: tuple[type, type]) -> list:
    """A ragged column back as one sequence of dataclasses per row."""
    kind, item = ragged
    if type(v) is not dict or v.keys() != {"sizes", "items"}:
        _fail(f"not a column of sequences of {item.__name__}")
    sizes = v["sizes"]
    if type(sizes) is not list or not set(map(type, sizes)) <= {int} or (sizes and min(sizes) < 0):
        _fail("sizes are not counts")
    items = _columns_decoder(item)(v["items"])
    if sum(sizes) != len(items):
        _fail(f"sizes do not add up to the {item.__name__} stored")
    it = iter(items)
    return [kind(itertools.islice(it, n)) for n in sizes]


def _columns_encoder(cls: type) -> Encoder:
    if cls in _COLUMN_ENCODERS:
        return _COLUMN_ENCODERS[cls]
    spec: list[tuple[str, frozenset[type] | None, Encoder | None, tuple[type, type] | None]] = []

    def columns(items: Any) -> dict:
        if not spec:
            fields = [(name, _flat(tp), _ragged(tp), tp) for name, tp in _init_fields(cls)]
            spec[:] = [(name, allowed, None if allowed or ragged else encoder(tp), ragged)
                       for name, allowed, ragged, tp in fields]
        if not set(map(type, items)) <= {cls}:
            _fail(f"not a sequence of {cls.__name__}")
        out: dict[str, Any] = {}
        if not items:
            return out  # no rows, no columns (a recursive dataclass would otherwise never end)
        for name, allowed, enc, ragged in spec:
            col = [getattr(x, name) for x in items]
            if ragged is not None:
                kind, item = ragged
                if not set(map(type, col)) <= {kind}:
                    _fail(f"{cls.__name__}.{name} is not a {kind.__name__}")
                out[name] = {"sizes": list(map(len, col)),
                             "items": _columns_encoder(item)([x for seq in col for x in seq])}
                continue
            if enc is not None:
                col = list(map(enc, col))
            elif not set(map(type, col)) <= allowed:  # type: ignore[operator]
                _fail(f"{cls.__name__}.{name} holds a value that is not {allowed}")
            out[name] = col
        return out

    _COLUMN_ENCODERS[cls] = columns
    return columns


def to_data(value: Any, tp: Any = None) -> Any:
    """A dataclass tree (or a value of annotation ``tp``) as JSON data; :class:`EntryError` if it does not
    fit its annotations."""
    return encoder(type(value) if tp is None else tp)(value)


def from_data(data: Any, tp: Any) -> Any:
    """The value of annotation ``tp`` that ``data`` (from :func:`to_data`) holds; :class:`EntryError` if the
    data does not fit. Equal strings of its lists of dataclasses come out as one object."""
    try:
        return decoder(tp)(data)
    finally:
        _SHARED.clear()  # shared within one value (a report): across a corpus the memo would hold every string


# --- parse entries -------------------------------------------------------------------------------------------

def _dumps(data: Any) -> bytes:
    # surrogatepass: a text may hold a lone surrogate; json.loads reads bytes back with surrogatepass too
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), check_circular=False).encode(
        "utf-8", "surrogatepass")


def encode_parse(outcome: Report | str, code: str, sha256: str, rel: str) -> bytes:
    """The cache entry of one file's parse: a Report, or the one-line reason the file is not text.
    ``sha256`` is the hex digest of the file's bytes, ``rel`` its name in the folder."""
    if isinstance(outcome, str):
        payload = {"kind": "error", "reason": outcome}
    else:
        payload = {"kind": "report", "report": to_data(outcome, Report)}
    return _dumps({"schema": PARSE_SCHEMA, "code": code, "sha256": sha256, "file": rel, **payload})


def decode_parse(entry: bytes, code: str, sha256: str, rel: str) -> Report | str:
    """The parse an entry holds, if it was made by this code version from these bytes under this name;
    :class:`EntryError` (or a ValueError of the JSON reader) otherwise."""
    try:
        data = json.loads(entry)
    except RecursionError:
        _fail("nested too deep")
    if type(data) is not dict:
        _fail("not a JSON object")
    for name, want in (("schema", PARSE_SCHEMA), ("code", code), ("sha256", sha256), ("file", rel)):
        if data.get(name) != want:
            _fail(f"{name} is not {want!r}")
    kind = data.get("kind")
    if kind == "error" and data.keys() == {"schema", "code", "sha256", "file", "kind", "reason"}:
        reason = data["reason"]
        return reason if type(reason) is str else _fail("reason is not a string")
    if kind == "report" and data.keys() == {"schema", "code", "sha256", "file", "kind", "report"}:
        report = from_data(data["report"], Report)
        return report if report.file == rel else _fail("report of another file")
    _fail("neither a report nor a reason")


# --- token entries -------------------------------------------------------------------------------------------

def text_key(place: str | None, text: str) -> str:
    """What a report's tokens depend on besides the code and dictionary: its place and text, hashed."""
    return hashlib.sha256(f"{place or ''}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()


_INT32 = np.dtype("<i4")


def encode_tokens(starts: np.ndarray, ends: np.ndarray, vocab: list[str], codes: np.ndarray, signature: str,
                  key: str) -> bytes:
    """A report's tokens: a JSON header line (schema, signature of code and dictionary, key of the text,
    token count, vocabulary), then starts, ends and codes as little-endian int32."""
    n = len(codes)
    if not (len(starts) == len(ends) == n) or not set(map(type, vocab)) <= {str}:
        _fail("tokens of unequal lengths or a word that is not a string")
    header = _dumps({"schema": TOKENS_SCHEMA, "signature": signature, "key": key, "tokens": n, "vocab": vocab})
    arrays = [np.ascontiguousarray(a, dtype=_INT32).tobytes() for a in (starts, ends, codes)]
    return b"".join([header, b"\n", *arrays])


def decode_tokens(entry: bytes, signature: str, key: str, text_length: int
                  ) -> tuple[np.ndarray, np.ndarray, list[str], np.ndarray]:
    """(starts, ends, vocab, codes) of an entry made for this signature and text key, with every offset in
    ``0..text_length`` and every code in the vocabulary; :class:`EntryError` otherwise."""
    cut = entry.find(b"\n")
    if cut < 0:
        _fail("no header line")
    try:
        header = json.loads(entry[:cut])
    except RecursionError:
        _fail("nested too deep")
    if type(header) is not dict or header.keys() != {"schema", "signature", "key", "tokens", "vocab"}:
        _fail("not a token header")
    for name, want in (("schema", TOKENS_SCHEMA), ("signature", signature), ("key", key)):
        if header[name] != want:
            _fail(f"{name} is not {want!r}")
    n, vocab = header["tokens"], header["vocab"]
    if type(n) is not int or type(vocab) is not list or not set(map(type, vocab)) <= {str}:
        _fail("token count or vocabulary of the wrong type")
    body = memoryview(entry)[cut + 1:]
    if n < 0 or len(body) != 3 * 4 * n:
        _fail("arrays of the wrong size")
    starts, ends, codes = np.frombuffer(body, dtype=_INT32).astype(np.int32).reshape(3, n)
    if n and (starts.min() < 0 or (ends <= starts).any() or ends.max() > text_length
              or codes.min() < 0 or codes.max() >= len(vocab)):
        _fail("an offset outside the text or a code outside the vocabulary")
    return starts, ends, vocab, codes


def _user_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "govreports"


def cache_dir() -> Path:
    """Folder for jieba's prefix-dictionary cache and the segmentation cache."""
    env = os.environ.get("GOVREPORTS_CACHE")
    book = book_folder()
    path = Path(env) if env else book / "_build" / ".cache" if book else _user_cache()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        path = _user_cache()
        path.mkdir(parents=True, exist_ok=True)
    return path


# --- the stores on disk ----------------------------------------------------------------------------------

def versioned_folder(kind: str, version: str, keep: int = 1, root: Path | None = None) -> Path:
    """The folder of one kind of entry (``reports``, ``tokens``) made by one ``version`` of what decides them
    (the code, the dictionary); when it is made, the folders of other versions beyond the ``keep`` most recent
    are removed. Raises OSError when it cannot be made."""
    base = (root or cache_dir()) / kind
    folder = base / version
    if not folder.is_dir():
        if base.is_dir():
            others = sorted((p for p in base.iterdir() if p.is_dir() and p != folder),
                            key=lambda p: p.stat().st_mtime, reverse=True)
            for old in others[keep - 1:]:
                shutil.rmtree(old, ignore_errors=True)
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def entry_path(folder: Path, key: str, suffix: str) -> Path:
    return folder / key[:2] / f"{key}{suffix}"


def write_entry(path: Path, record: bytes) -> None:
    """Write an entry whole (tmp + rename; workers never share a tmp file); a cache that cannot be written only
    costs time."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(record)
        tmp.replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class ParseEntry:
    """Where one file's parse is cached and what a valid entry must name: the hash of the file's bytes and
    its name in the folder (both also make up the entry's file name) and the code version."""

    path: Path
    sha256: str
    rel: str
    code: str

    @classmethod
    def of(cls, folder: Path, data: bytes, rel: str, code: str) -> ParseEntry:
        h = hashlib.sha256(data)
        sha256 = h.hexdigest()
        h.update(b"\0" + rel.encode("utf-8", "surrogateescape"))
        return cls(entry_path(folder, h.hexdigest(), ".json"), sha256, rel, code)

    def load(self) -> Report | str | None:
        """The cached parse, or None: not cached yet, or an entry that fails a check (logged, parsed again)."""
        try:
            entry = self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("parse cache: %r: cannot read %s (%s): parsed again", self.rel, self.path.name,
                        exc.strerror or exc)
            return None
        try:
            return decode_parse(entry, self.code, self.sha256, self.rel)
        except Exception as exc:  # noqa: BLE001 (whatever is wrong with an entry, the file is parsed again)
            log.warning("parse cache: %r: entry %s rejected (%s): parsed again", self.rel, self.path.name,
                        reason(exc))
            return None

    def store(self, outcome: Report | str) -> None:
        """Write the entry; a parse that does not fit the schema is not stored (it would be rejected on load)."""
        try:
            record = encode_parse(outcome, self.code, self.sha256, self.rel)
        except (EntryError, TypeError, ValueError, RecursionError) as exc:
            log.warning("parse cache: %r: not stored (%s)", self.rel, reason(exc))
            return
        write_entry(self.path, record)


Tokens = tuple[np.ndarray, np.ndarray, list[str], np.ndarray]  # starts, ends, vocabulary, codes


class TokenStore:
    """Content tokens of each report on disk, keyed on its text and place, in the folder of a ``signature`` of
    everything else that decides them (the package's code and data, the dictionary and the terms grown from the
    corpus). The folders of the last few signatures are kept (a build reads one corpus; tests alternate between
    a few). Counts hits and misses.

    An entry is used only when its signature and text key match and every offset and code fits the report,
    else the report is segmented again with one line on the ``govreports.cache`` logger."""

    KEEP = 8

    def __init__(self, signature: str, root: Path | None = None):
        self.signature = signature
        self.hits = self.misses = 0
        try:
            self.folder: Path | None = versioned_folder("tokens", signature[:16], self.KEEP, root)
        except OSError:  # a cache that cannot be written only costs time: every report is segmented
            self.folder = None

    def load(self, key: str, chars: int, name: str) -> Tokens | None:
        """The cached tokens of the text whose :func:`text_key` is ``key`` and length ``chars`` (in the file
        ``name``), or None (counted as a hit or a miss)."""
        found = None
        if self.folder is not None:
            path = entry_path(self.folder, key, ".tokens")
            try:
                found = decode_tokens(path.read_bytes(), self.signature, key, chars)
            except FileNotFoundError:
                pass
            except Exception as exc:  # noqa: BLE001 (whatever is wrong with an entry, the report is segmented again)
                log.warning("token cache: %r: entry %s rejected (%s): segmented again", name, path.name, reason(exc))
        if found is None:
            self.misses += 1
        else:
            self.hits += 1
        return found

    def store(self, place: str | None, text: str, name: str, tokens: Tokens) -> None:
        """Write the tokens of a report's text (of this place, in the file ``name``); a cache that cannot be
        written only costs time."""
        if self.folder is None:
            return
        key = text_key(place, text)
        try:
            record = encode_tokens(*tokens, self.signature, key)
        except EntryError as exc:
            log.warning("token cache: %r: not stored (%s)", name, reason(exc))
            return
        write_entry(entry_path(self.folder, key, ".tokens"), record)
