"""The index cache: one folder per fingerprint, holding FAISS files and a JSON manifest.

A build writes into a temporary folder and renames it into place, so a killed build never leaves
a half-written index; a file lock keeps two processes from building the same index at once; a
folder whose files do not match their recorded checksums is treated as absent and rebuilt. The
manifest carries a checksum of its own content, so an edited or damaged manifest is rebuilt too.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
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

__all__ = ["FORMAT_VERSION", "IndexFiles", "Manifest", "fingerprint_of", "open_or_build"]

#: 2: the manifest checksums its own content (`manifest_sha256`); 3: calibration as typed fields;
#: 4: the match also reads whether the text speaks of work.
FORMAT_VERSION = 5
_LOCK_TIMEOUT_S = 900
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
            work_slope=float(cal["work_slope"]),
            work_keyword_slope=float(cal["work_keyword_slope"]),
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


def _sha256(path: Path) -> str:
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
    if not manifest_path.is_file():
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
    return IndexFiles(manifest, roles, readings, folder)


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


def _prune(cache_dir: Path, keep: Path) -> None:
    """Remove index folders of other fingerprints and leftovers of killed builds."""
    for entry in cache_dir.iterdir():
        if entry == keep or not entry.is_dir():
            continue
        if entry.name.startswith(("index-", ".build-", ".stale-")):
            shutil.rmtree(entry, ignore_errors=True)


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
        lock = FileLock(str(cache_dir / ".build.lock"), timeout=_LOCK_TIMEOUT_S)
        lock.acquire()
    except (OSError, Timeout) as exc:
        log.warning("cannot use index cache %s (%s); building in memory", cache_dir, exc)
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
            _prune(cache_dir, final)
            built.folder = final
        except OSError as exc:
            log.warning("cannot save index to %s (%s); using it from memory", cache_dir, exc)
        except IndexStoreError as exc:
            log.warning("%s; using the index from memory", exc)
        return built
    finally:
        lock.release()
