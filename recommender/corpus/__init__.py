"""Corpus loading and validation: YAML files in, typed roles and readings out.

Each file is validated on its own (`schema`); a broken file is reported (file, field, message)
and skipped, so the rest of the corpus still loads. Cross-file rules (duplicate ids, dangling
links) are checked here once every file has been read (`files` finds and reads them).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import CorpusError
from .files import parse_yaml, read_checked, yaml_files
from .schema import ISCO_SUB_MAJOR, FileErrors, parse_reading, parse_role
from .snapshot import corpus_digest, read_snapshot, write_snapshot
from .types import (
    EFFORTS,
    FAMILIES,
    LANGS,
    LEVELS,
    READING_KINDS,
    TECH_LEVELS,
    Corpus,
    CorpusIssue,
    Effort,
    Family,
    Lang,
    Level,
    Reading,
    ReadingKind,
    Role,
    TechLevel,
    Text,
    TextList,
)

__all__ = [
    "EFFORTS",
    "FAMILIES",
    "ISCO_SUB_MAJOR",
    "LANGS",
    "LEVELS",
    "READING_KINDS",
    "TECH_LEVELS",
    "Corpus",
    "CorpusIssue",
    "Effort",
    "Family",
    "Lang",
    "Level",
    "Reading",
    "ReadingKind",
    "Role",
    "TechLevel",
    "Text",
    "TextList",
    "load_corpus",
    "load_corpus_cached",
]


def _dedupe(items: Iterable[Any], kind: str, issues: list[CorpusIssue]) -> list[Any]:
    seen: dict[str, str] = {}
    kept = []
    for item in items:
        if item.id in seen:
            issues.append(
                CorpusIssue(
                    item.path,
                    "id",
                    f"duplicate {kind} id {item.id!r}, also used by {seen[item.id]}; give each {kind} its own id",
                )
            )
            continue
        seen[item.id] = item.path
        kept.append(item)
    return kept


def _dangling_links(roles: list[Role], readings: list[Reading], broken_ids: set[str]) -> list[CorpusIssue]:
    """Links to roles or readings that do not exist; links to a file that failed to load are not reported twice."""
    role_ids = {r.id for r in roles} | broken_ids
    reading_ids = {r.id for r in readings} | broken_ids
    unknown_role = "links unknown role {!r}; use one of the role ids in roles/"
    issues = []
    for role in roles:
        for rid in role.readings:
            if rid not in reading_ids:
                message = f"links unknown reading {rid!r}; add readings/{rid}.yaml or remove the link"
                issues.append(CorpusIssue(role.path, "readings", message))
        issues.extend(
            CorpusIssue(role.path, "related_roles", unknown_role.format(o))
            for o in role.related_roles
            if o not in role_ids
        )
    for reading in readings:
        issues.extend(
            CorpusIssue(reading.path, "roles", unknown_role.format(r)) for r in reading.roles if r not in role_ids
        )
    return issues


def load_corpus(folder: str | Path) -> Corpus:
    """Load and validate every role and reading file under `folder`.

    Broken files are skipped and reported in `Corpus.issues`; raises CorpusError only when the
    folder is missing or not a single valid role remains.
    """
    root = Path(folder)
    if not (root / "roles").is_dir():
        raise CorpusError(
            f"no roles/ folder in corpus directory {str(root)!r}; "
            "point --corpus or RECOMMENDER_CORPUS at a corpus folder"
        )
    issues: list[CorpusIssue] = []
    skipped: list[str] = []
    broken_ids: set[str] = set()  # ids of skipped files: links to them are not reported twice
    digest = hashlib.sha256()
    parsed: dict[str, list[Any]] = {"roles": [], "readings": []}
    parsers = {"roles": parse_role, "readings": parse_reading}
    for sub, parser in parsers.items():
        for path in yaml_files(root / sub):
            rel = f"{sub}/{path.name}"
            try:
                raw = read_checked(path, rel)
                parsed[sub].append(parser(parse_yaml(raw, rel), path, rel))
                digest.update(rel.encode() + b"\0" + raw + b"\0")
            except FileErrors as exc:
                issues.extend(exc.issues)
                skipped.append(rel)
                broken_ids.add(path.stem)
    roles = _dedupe(parsed["roles"], "role", issues)
    readings = _dedupe(parsed["readings"], "reading", issues)
    issues.extend(_dangling_links(roles, readings, broken_ids))
    if not roles:
        detail = "; ".join(str(i) for i in issues[:5])
        raise CorpusError(f"no valid role in {str(root / 'roles')!r}" + (f": {detail}" if detail else ""))
    return Corpus(
        roles=tuple(roles),
        readings=tuple(readings),
        issues=tuple(issues),
        skipped_files=tuple(skipped),
        fingerprint=digest.hexdigest(),
    )


def load_corpus_cached(folder: str | Path, snapshots: Path) -> Corpus:
    """`load_corpus`, read back from a snapshot in `snapshots` when one matches the files, saved there otherwise.

    The snapshot (`snapshot` module) spares a start the parsing of every YAML file; a folder that
    cannot be written (a read-only replica's cache) only loses the saving.
    """
    root = Path(folder)
    digest = corpus_digest(root) if (root / "roles").is_dir() else None
    if digest is None:
        return load_corpus(root)
    found = read_snapshot(snapshots, digest)
    if found is not None:
        return found
    corpus = load_corpus(root)
    if corpus_digest(root) == digest:  # the files did not change while they were parsed
        write_snapshot(snapshots, digest, corpus)
    return corpus
