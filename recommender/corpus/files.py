"""Reading corpus files from disk: which files are corpus files, and their YAML content."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from .schema import FileErrors
from .types import CorpusIssue

__all__ = ["read_yaml", "yaml_files"]

#: libyaml's safe loader when PyYAML was built with it: a dozen times faster on the whole corpus.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path, rel: str) -> Mapping[str, Any]:
    try:
        raw = path.read_bytes()
        data = yaml.load(raw.decode("utf-8"), Loader=_SAFE_LOADER)
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
    except OSError as exc:
        raise FileErrors([CorpusIssue(rel, "", f"cannot be read: {exc.strerror}")]) from exc
    if not isinstance(data, Mapping):
        raise FileErrors([CorpusIssue(rel, "", "must be a YAML mapping of field: value")])
    return data


def yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
