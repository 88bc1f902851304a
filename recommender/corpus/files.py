"""Reading corpus files from disk: which files are corpus files, and their YAML content.

Every entry named `*.yaml` or `*.yml` is a corpus file: one that is not a readable regular file
(a directory, a FIFO, a symlink loop) is reported by name rather than skipped silently, and nothing
but a regular file is ever opened. A file over `MAX_FILE_BYTES` is reported and skipped before it
is read, so validating and building stay within bounded memory whatever the corpus holds. Duplicate
keys, which YAML would silently resolve to the last value, are reported with their line.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .schema import FileErrors
from .types import CorpusIssue

__all__ = ["MAX_FILE_BYTES", "parse_yaml", "read_checked", "yaml_files"]

#: libyaml's safe loader when PyYAML was built with it: a dozen times faster on the whole corpus.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The largest corpus file read (the biggest bundled role is about 20 kB).
MAX_FILE_BYTES = 256 * 1024

_KINDS = {stat.S_ISDIR: "a directory", stat.S_ISFIFO: "a FIFO", stat.S_ISCHR: "a device", stat.S_ISBLK: "a device"}


def _check_file(path: Path, rel: str) -> None:
    """Raise FileErrors unless `path` is a regular file of at most MAX_FILE_BYTES; never opens it."""
    try:
        info = os.stat(path)
    except OSError as exc:
        raise FileErrors([CorpusIssue(rel, "", f"cannot be read: {exc.strerror}; fix or remove it")]) from exc
    if not stat.S_ISREG(info.st_mode):
        kind = next((name for test, name in _KINDS.items() if test(info.st_mode)), "not a regular file")
        raise FileErrors([CorpusIssue(rel, "", f"is {kind}, not a file; rename or remove it")])
    if info.st_size > MAX_FILE_BYTES:
        size = f"{info.st_size / 1e6:.1f} MB" if info.st_size >= 1e6 else f"{info.st_size // 1024} kB"
        limit = f"{MAX_FILE_BYTES // 1024} kB"
        raise FileErrors([CorpusIssue(rel, "", f"is {size}, over the {limit} limit for a corpus file; shorten it")])


def _duplicate_keys(node: yaml.Node, rel: str, where: str = "") -> list[CorpusIssue]:
    """Keys given twice in one mapping, anywhere in the document."""
    issues: list[CorpusIssue] = []
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key, value in node.value:
            name = str(key.value)
            field = f"{where}.{name}" if where else name
            if name in seen:
                line = key.start_mark.line + 1
                issues.append(CorpusIssue(rel, field, f"is given twice (again at line {line}); keep one"))
            seen.add(name)
            issues.extend(_duplicate_keys(value, rel, field))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            issues.extend(_duplicate_keys(item, rel, f"{where}[{i}]"))
    return issues


def read_checked(path: Path, rel: str) -> bytes:
    """The bytes of a corpus file that passes `_check_file`; FileErrors otherwise, naming the file."""
    _check_file(path, rel)
    try:
        return path.read_bytes()
    except OSError as exc:
        raise FileErrors([CorpusIssue(rel, "", f"cannot be read: {exc.strerror}")]) from exc


def parse_yaml(raw: bytes, rel: str) -> Mapping[str, Any]:
    """The mapping a corpus file's bytes hold; FileErrors (file, message) for anything else."""
    try:
        text = raw.decode("utf-8")
        # one parse: the node tree checked for duplicate keys is the one constructed (what yaml.load does)
        loader = _SAFE_LOADER(text)
        try:
            node = loader.get_single_node()
            duplicates = _duplicate_keys(node, rel) if node is not None else []
            if duplicates:
                raise FileErrors(duplicates)
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except UnicodeDecodeError as exc:
        raise FileErrors([CorpusIssue(rel, "", f"is not UTF-8 ({exc.reason}); save it as UTF-8")]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise FileErrors(
            [
                CorpusIssue(
                    rel, "", f"is not valid YAML{where}: {problem}; check indentation and quote texts containing ': '"
                )
            ]
        ) from exc
    except RecursionError as exc:
        raise FileErrors([CorpusIssue(rel, "", "is nested too deeply to be a corpus file")]) from exc
    if not isinstance(data, Mapping):
        raise FileErrors([CorpusIssue(rel, "", "must be a YAML mapping of field: value")])
    return data


def yaml_files(folder: Path) -> list[Path]:
    """Every entry named *.yaml or *.yml, whatever it is: `read_checked` reports those that are not files."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml"))
