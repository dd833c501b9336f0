"""The whole pipeline for a list of files, optionally over all cores and with a result cache.

For each file: decode, parse (structure, metadata, metrics, problems and plans), segment (content
tokens) and score themes; the result is a compact record. The cache keys a record on the file's bytes
and a hash of the package's code and data, so that any change to either misses it.
"""
from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

from . import themes, words
from .decode import DecodeError
from .parse import parse_bytes


@cache
def code_version() -> str:
    """Hash of every source and data file of the package."""
    h = hashlib.sha256()
    root = Path(__file__).parent
    for p in sorted(root.rglob("*")):
        if p.is_file() and p.suffix in {".py", ".toml", ".txt", ".tsv", ".json"}:
            h.update(p.relative_to(root).as_posix().encode())
            h.update(p.read_bytes())
    return h.hexdigest()[:16]


def process(path: str) -> dict:
    """The record of one file (or its error), compact so that a cache hit is cheap to load:
    ``summary`` is the JSON of ``parse --json``, ``tokens`` the content tokens one per line, ``themes``
    the themes of each paragraph (``;``-separated), one paragraph per line."""
    data = Path(path).read_bytes()
    try:
        r = parse_bytes(data, file=Path(path).name)
    except DecodeError as exc:
        return {"file": path, "error": str(exc)}
    tokens = words.report_tokens(r)
    labels = [";".join(themes.labels(themes.score(p.text))) for p in r.paragraphs()]
    return {"file": path, "summary": json.dumps(r.summary(), ensure_ascii=False), "chars": r.chars,
            "tokens": "\n".join(t for _, _, t in tokens), "themes": "\n".join(labels)}


def _cached(path: str, folder: Path) -> dict:
    data = Path(path).read_bytes()
    key = hashlib.sha256(data + code_version().encode()).hexdigest()
    cached = folder / key[:2] / f"{key}.pkl"
    if cached.is_file():
        return pickle.loads(cached.read_bytes())
    record = process(path)
    cached.parent.mkdir(parents=True, exist_ok=True)
    tmp = cached.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(cached)
    return record


def _one(args: tuple[str, str | None]) -> dict:
    path, folder = args
    return _cached(path, Path(folder)) if folder else process(path)


def run(paths: list[str], workers: int = 1, cache_dir: str | os.PathLike | None = None) -> list[dict]:
    """Records of all files, in order. ``workers`` > 1 spreads the files over processes."""
    jobs = [(str(p), str(cache_dir) if cache_dir else None) for p in paths]
    if workers <= 1:
        gc.disable()  # loading many cached records: the collector would walk them again and again
        try:
            return [_one(j) for j in jobs]
        finally:
            gc.enable()
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_one, jobs, chunksize=max(1, len(jobs) // (workers * 8))))
