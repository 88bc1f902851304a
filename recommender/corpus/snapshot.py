"""The parsed corpus kept as one JSON file in the cache, so that a start reads it instead of every YAML file.

Parsing the bundled corpus (libyaml, then the schema checks) takes 0.15 to 0.2 s of every start
alone, more beside the model's loading; reading the same roles and readings back from JSON, digest
included, takes about 0.02 s (docs/deployment.md). A snapshot is
named by a digest of every corpus file's name and bytes and of the code that parses them, so a
change to either parses the YAML again; a missing, unreadable or damaged snapshot does too. It is
written next to the index (`recommender build`) and only read by replicas, whose cache may be
read-only.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from .files import read_checked, yaml_files
from .schema import FileErrors
from .types import Corpus, CorpusIssue, Reading, Role, Text, TextList

__all__ = ["FORMAT", "KEEP", "corpus_digest", "from_json", "read_snapshot", "to_json", "write_snapshot"]

#: Version of the snapshot's layout; part of the digest.
FORMAT = 1
#: Snapshots a cache keeps: the most recently written ones.
KEEP = 3
_SUBFOLDERS = ("roles", "readings")


def corpus_digest(root: Path) -> str | None:
    """Digest of the corpus files' names and bytes and of this package's code; None when a file cannot be read.

    A file that is not a readable regular file of the allowed size leaves the corpus to `load_corpus`,
    which reports it.
    """
    digest = hashlib.sha256(f"snapshot={FORMAT}\0".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
    for sub in _SUBFOLDERS:
        for path in yaml_files(root / sub):
            rel = f"{sub}/{path.name}"
            try:
                raw = read_checked(path, rel)
            except FileErrors:
                return None
            digest.update(rel.encode() + b"\0" + raw + b"\0")
    return digest.hexdigest()


def to_json(corpus: Corpus) -> str:
    """The corpus' roles, readings, issues and fingerprint as JSON text."""
    return json.dumps(
        {
            "format": FORMAT,
            "roles": [asdict(r) for r in corpus.roles],
            "readings": [asdict(r) for r in corpus.readings],
            "issues": [i.to_dict() for i in corpus.issues],
            "skipped_files": list(corpus.skipped_files),
            "fingerprint": corpus.fingerprint,
        },
        ensure_ascii=False,
    )


def _value(kind: str, value: Any) -> Any:
    """A field's value rebuilt from JSON by its annotation (the types module's annotations are strings)."""
    if kind == "Text":
        return Text(str(value["fr"]), str(value["en"]))
    if kind == "TextList":
        return TextList(tuple(value["fr"]), tuple(value["en"]))
    if kind.startswith("tuple"):
        return tuple(value)
    return value


def _rebuild(cls: type[Role] | type[Reading], data: dict[str, Any]) -> Any:
    return cls(**{f.name: _value(str(f.type), data[f.name]) for f in fields(cls)})


def from_json(text: str) -> Corpus:
    """The corpus `to_json` wrote; ValueError (or KeyError, TypeError) for text it did not write."""
    raw = json.loads(text)
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise ValueError("not a corpus snapshot of this format")
    return Corpus(
        roles=tuple(_rebuild(Role, r) for r in raw["roles"]),
        readings=tuple(_rebuild(Reading, r) for r in raw["readings"]),
        issues=tuple(CorpusIssue(i["file"], i["field"], i["message"]) for i in raw["issues"]),
        skipped_files=tuple(raw["skipped_files"]),
        fingerprint=str(raw["fingerprint"]),
    )


def _path(folder: Path, digest: str) -> Path:
    return folder / f"corpus-{digest}.json"


def read_snapshot(folder: Path, digest: str) -> Corpus | None:
    """The snapshot of this digest in `folder`, or None when there is none that reads back."""
    try:
        return from_json(_path(folder, digest).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None


def write_snapshot(folder: Path, digest: str, corpus: Corpus) -> bool:
    """Save the corpus' snapshot atomically (a reader sees the whole file or none); False when it cannot be written.

    Keeps the `KEEP` most recent snapshots of the folder and removes the others.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=folder, prefix=".corpus-", suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                out.write(to_json(corpus))
            os.replace(tmp, _path(folder, digest))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        older = sorted(folder.glob("corpus-*.json"), key=lambda p: p.stat().st_mtime, reverse=True)[KEEP:]
        for stale in older:
            stale.unlink(missing_ok=True)
    except OSError:
        return False
    return True
