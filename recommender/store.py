"""The index cache: one folder per fingerprint, holding FAISS files and a JSON manifest.

A build writes into a temporary folder and renames it into place, so a killed build never leaves
a half-written index; a file lock keeps two processes from building the same index at once; a
folder whose files do not match their recorded checksums is treated as absent and rebuilt. The
manifest carries a checksum of its own content, so an edited or damaged manifest is rebuilt too.

Only regular files are opened: a FIFO, a device or a directory in place of a cache file counts as
damage (checked with `os.stat` before any `open`, so nothing can block). Indexes are kept per
fingerprint, the `KEEP_INDEXES` most recently used ones (env `RECOMMENDER_CACHE_KEEP`), so that two
models sharing a cache never rebuild each other away. A build lock held by another process is waited
on for at most `lock_timeout()` seconds (env `RECOMMENDER_LOCK_TIMEOUT`, default 120) with a message;
after that the index is built in memory, and a cache where no lock can be created is refused at once.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from .errors import IndexStoreError
from .scoring import Calibration
from .vectors import VectorIndex

__all__ = [
    "FORMAT_VERSION",
    "KEEP_INDEXES",
    "CachedIndex",
    "IndexFiles",
    "Manifest",
    "cached_indexes",
    "fingerprint_of",
    "lock_timeout",
    "open_or_build",
    "prune",
]

#: 2: the manifest checksums its own content (`manifest_sha256`); 3: calibration as typed fields;
#: 4: the match also reads whether the text speaks of work; 5: the work gate also reads the best keyword score;
#: 6: the work gate reads three features, one slope each (`work_slopes`); 7: four features.
FORMAT_VERSION = 7
#: How many indexes (fingerprints) a cache keeps: the most recently used ones.
KEEP_INDEXES = 3
_LOCK_TIMEOUT_S = 120.0
log = logging.getLogger(__name__)


@dataclass
class Manifest:
    """What the cached index was built from, and the checksums of its files."""

    format_version: int
    fingerprint: str
    model: str
    encoder_ids: list[str]
    dims: list[int]
    corpus_fingerprint: str
    n_roles: int
    n_readings: int
    n_role_vectors: int
    n_reading_vectors: int
    reading_index: str
    built_at: str
    build_seconds: float
    calibration: Calibration
    files: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Manifest:
        """The manifest of a parsed manifest.json; TypeError or KeyError when a field is missing or unknown."""
        fields = dict(raw)
        cal = fields.pop("calibration")
        calibration = Calibration(
            hub_prior=tuple(float(x) for x in cal["hub_prior"]),
            keyword_hub_prior=tuple(float(x) for x in cal["keyword_hub_prior"]),
            slope=float(cal["slope"]),
            intercept=float(cal["intercept"]),
            work_slopes=tuple(float(x) for x in cal["work_slopes"]),
            work_intercept=float(cal["work_intercept"]),
            fitted_on=str(cal["fitted_on"]),
        )
        return cls(**fields, calibration=calibration)


@dataclass
class IndexFiles:
    """The loaded contents of one cache folder."""

    manifest: Manifest
    roles: list[VectorIndex]
    readings: list[VectorIndex]
    folder: Path | None
    built: bool = False


def fingerprint_of(*parts: str) -> str:
    """Hash of everything that decides an index's content."""
    digest = hashlib.sha256(f"format={FORMAT_VERSION}".encode())
    for part in parts:
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()


def lock_timeout() -> float:
    """Seconds to wait for another process's build (env RECOMMENDER_LOCK_TIMEOUT)."""
    try:
        return max(0.0, float(os.environ.get("RECOMMENDER_LOCK_TIMEOUT", _LOCK_TIMEOUT_S)))
    except ValueError:
        return _LOCK_TIMEOUT_S


def keep_count() -> int:
    """How many indexes the cache keeps (env RECOMMENDER_CACHE_KEEP, at least 1)."""
    try:
        return max(1, int(os.environ.get("RECOMMENDER_CACHE_KEEP", KEEP_INDEXES)))
    except ValueError:
        return KEEP_INDEXES


def _regular(path: Path) -> bool:
    """Whether `path` is a regular file (not a FIFO, device, directory or dangling link): opening it cannot block."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _sha256(path: Path) -> str:
    if not _regular(path):
        raise IndexStoreError(f"{path.name} is not a regular file")
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _manifest_digest(raw: dict[str, Any]) -> str:
    """Checksum of a manifest's fields (all but the checksum itself), independent of key order."""
    body = {k: v for k, v in raw.items() if k != "manifest_sha256"}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def _folder(cache_dir: Path, fingerprint: str) -> Path:
    return cache_dir / f"index-{fingerprint[:24]}"


def _accept_any(manifest: Manifest) -> bool:
    return True


def _load(folder: Path, fingerprint: str, accept: Callable[[Manifest], bool] = _accept_any) -> IndexFiles | None:
    """Load a cache folder, or None when it is missing, stale, damaged or refused by `accept`."""
    manifest_path = folder / "manifest.json"
    if not _regular(manifest_path):
        return None
    try:
        raw = json.loads(manifest_path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict) or raw.get("manifest_sha256") != _manifest_digest(raw):
            log.warning("index manifest %s is damaged or was edited; rebuilding", manifest_path)
            return None
        raw.pop("manifest_sha256")
        manifest = Manifest.from_dict(raw)
        if manifest.format_version != FORMAT_VERSION or manifest.fingerprint != fingerprint:
            return None
        if not accept(manifest):
            log.warning("index manifest %s lacks what this version of the engine needs; rebuilding", manifest_path)
            return None
        n = len(manifest.encoder_ids)
        names = {f"{kind}-{i}.faiss" for kind in ("roles", "readings") for i in range(n)}
        if set(manifest.files) != names:
            log.warning("index manifest %s does not list the expected files; rebuilding", manifest_path)
            return None
        for name, digest in manifest.files.items():
            if _sha256(folder / name) != digest:
                log.warning("index file %s does not match its checksum; rebuilding", name)
                return None
        roles = [VectorIndex.load(folder / f"roles-{i}.faiss") for i in range(n)]
        readings = [VectorIndex.load(folder / f"readings-{i}.faiss") for i in range(n)]
    except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexStoreError) as exc:
        log.warning("index cache %s is unreadable (%s); rebuilding", folder, exc)
        return None
    counts_ok = all(len(r) == manifest.n_role_vectors for r in roles) and all(
        len(r) == manifest.n_reading_vectors for r in readings
    )
    # files of another model (another dimension) under this manifest would break every query
    dims_ok = [r.dim for r in roles] == list(manifest.dims) == [r.dim for r in readings]
    if not (counts_ok and dims_ok):
        log.warning("index files in %s do not match their manifest; rebuilding", folder)
        return None
    _touch(folder)
    return IndexFiles(manifest, roles, readings, folder)


def _touch(folder: Path) -> None:
    """Mark an index as just used, for `prune` (a read-only cache is fine: nothing is pruned there either)."""
    try:
        os.utime(folder)
    except OSError:
        pass


def _write(cache_dir: Path, final: Path, built: IndexFiles) -> None:
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=cache_dir))
    try:
        files: dict[str, str] = {}
        for kind, indexes in (("roles", built.roles), ("readings", built.readings)):
            for i, index in enumerate(indexes):
                name = f"{kind}-{i}.faiss"
                index.save(tmp / name)
                files[name] = _sha256(tmp / name)
        built.manifest.files = files
        raw = asdict(built.manifest)
        raw["manifest_sha256"] = _manifest_digest(raw)
        (tmp / "manifest.json").write_text(json.dumps(raw, indent=1), encoding="utf-8")
        if final.exists():
            stale = final.with_name(f".stale-{final.name}-{os.getpid()}")
            os.replace(final, stale)
            shutil.rmtree(stale, ignore_errors=True)
        os.replace(tmp, final)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


@dataclass(frozen=True)
class CachedIndex:
    """One index folder in a cache, for `recommender cache list`."""

    folder: Path
    fingerprint: str
    model: str
    n_roles: int
    built_at: str
    last_used: float
    size_bytes: int
    valid: bool


def _describe(folder: Path) -> CachedIndex:
    size, model, n_roles, built_at, fingerprint, valid = 0, "?", 0, "?", folder.name.removeprefix("index-"), False
    for entry in folder.iterdir():
        if _regular(entry):
            size += entry.stat().st_size
    manifest_path = folder / "manifest.json"
    if _regular(manifest_path):
        try:
            raw = json.loads(manifest_path.read_text(encoding="utf-8"))
            valid = raw.get("manifest_sha256") == _manifest_digest(raw) and raw.get("format_version") == FORMAT_VERSION
            model, n_roles = str(raw.get("model", "?")), int(raw.get("n_roles", 0))
            built_at, fingerprint = str(raw.get("built_at", "?")), str(raw.get("fingerprint", fingerprint))
        except (OSError, ValueError, TypeError, AttributeError):
            valid = False
    return CachedIndex(folder, fingerprint, model, n_roles, built_at, folder.stat().st_mtime, size, valid)


def cached_indexes(cache_dir: Path) -> list[CachedIndex]:
    """The index folders of a cache, most recently used first."""
    if not cache_dir.is_dir():
        return []
    found = [_describe(e) for e in cache_dir.iterdir() if e.name.startswith("index-") and e.is_dir()]
    return sorted(found, key=lambda c: c.last_used, reverse=True)


def prune(cache_dir: Path, keep: int | None = None, protect: Path | None = None) -> list[Path]:
    """Remove all but the `keep` most recently used indexes (and leftovers of killed builds); the removed folders.

    `protect` (the index just built) is always kept. Callers hold the build lock, or accept that a
    concurrent start may rebuild an index removed under it.
    """
    keep = keep_count() if keep is None else max(1, keep)
    removed: list[Path] = []
    if not cache_dir.is_dir():
        return removed
    for entry in cache_dir.iterdir():
        if entry.name.startswith((".build-", ".stale-")) and entry.is_dir():
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    kept = 0
    for cached in cached_indexes(cache_dir):
        if cached.folder == protect or (cached.valid and kept < keep - (protect is not None)):
            kept += cached.folder != protect
            continue
        shutil.rmtree(cached.folder, ignore_errors=True)
        removed.append(cached.folder)
    return removed


def _acquire(cache_dir: Path) -> FileLock | None:
    """The cache's build lock, waited on for a bounded time with a message; None when it cannot be had."""
    lock_path = cache_dir / ".build.lock"
    why = (
        "its name is taken by something that is not a file"
        if os.path.lexists(lock_path) and not _regular(lock_path)
        else ""
    )
    if not why:
        try:  # create it now, so that a cache where it cannot be created fails at once instead of retrying
            os.close(os.open(lock_path, os.O_CREAT | os.O_WRONLY, 0o644))
        except OSError as exc:
            why = exc.strerror or str(exc)
    if why:
        log.warning("cannot create the build lock in %s (%s); building in memory", cache_dir, why)
        return None
    lock = FileLock(str(lock_path))
    try:
        lock.acquire(timeout=0)
        return lock
    except Timeout:
        pass
    wait = lock_timeout()
    log.warning(
        "another process is building the index in %s; waiting up to %.0f s (set RECOMMENDER_LOCK_TIMEOUT to change)",
        cache_dir,
        wait,
    )
    try:
        lock.acquire(timeout=wait)
        return lock
    except Timeout:
        log.warning(
            "the build lock %s is still held after %.0f s; building in memory. If no build is running, "
            "delete that file.",
            lock_path,
            wait,
        )
        return None


def open_or_build(
    cache_dir: Path,
    fingerprint: str,
    build: Callable[[], IndexFiles],
    accept: Callable[[Manifest], bool] = _accept_any,
) -> IndexFiles:
    """Load the index for `fingerprint` from the cache, building and saving it when needed.

    `accept` lets the caller refuse a cached manifest it cannot use (e.g. a calibration made for
    another number of roles); a refused index is rebuilt like a damaged one.

    When the cache folder cannot be written, the index is built in memory and a warning is logged:
    the user still gets correct results, only the next start pays the build again.
    """
    final = _folder(cache_dir, fingerprint)
    loaded = _load(final, fingerprint, accept)
    if loaded is not None:
        return loaded
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        lock = _acquire(cache_dir)
    except OSError as exc:
        log.warning("cannot use index cache %s (%s); building in memory", cache_dir, exc)
        return build()
    if lock is None:
        return build()
    try:
        loaded = _load(final, fingerprint, accept)  # another process may have built it while we waited
        if loaded is not None:
            return loaded
        started = time.perf_counter()
        built = build()
        built.manifest.build_seconds = round(time.perf_counter() - started, 3)
        try:
            _write(cache_dir, final, built)
            prune(cache_dir, protect=final)
            built.folder = final
        except OSError as exc:
            log.warning("cannot save index to %s (%s); using it from memory", cache_dir, exc)
        except IndexStoreError as exc:
            log.warning("%s; using the index from memory", exc)
        return built
    finally:
        lock.release()
