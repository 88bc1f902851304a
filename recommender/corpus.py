"""Corpus loading and validation: YAML files in, typed roles and readings out.

Each file is validated on its own; a broken file is reported (file, field, message) and skipped,
so the rest of the corpus still loads. Cross-file rules (duplicate ids, dangling links) are
checked once every file has been read.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, get_args

import yaml

from .errors import CorpusError

__all__ = [
    "FAMILIES",
    "Corpus",
    "CorpusIssue",
    "Family",
    "Lang",
    "Reading",
    "Role",
    "Text",
    "TextList",
    "load_corpus",
]

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")
Family = Literal[
    "technical",
    "law-ethics-society",
    "adoption-people",
    "creative-communication",
    "business",
    "applied-domain",
]
FAMILIES: tuple[str, ...] = get_args(Family)
TechLevel = Literal["no-code", "low-code", "code"]
TECH_LEVELS: tuple[str, ...] = get_args(TechLevel)
Effort = Literal["weeks", "months", "years"]
EFFORTS: tuple[str, ...] = get_args(Effort)
ReadingKind = Literal["article", "course", "book", "video", "regulation", "guide", "report", "paper", "podcast", "tool"]
READING_KINDS: tuple[str, ...] = get_args(ReadingKind)
Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[str, ...] = get_args(Level)

#: libyaml's safe loader when PyYAML was built with it: a dozen times faster on the whole corpus.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
#: The 43 sub-major groups of ISCO-08 (two-digit codes), armed forces (0x) included.
ISCO_SUB_MAJOR: frozenset[str] = frozenset(
    "01 02 03 11 12 13 14 21 22 23 24 25 26 31 32 33 34 35 41 42 43 44 51 52 53 54 "
    "61 62 63 71 72 73 74 75 81 82 83 91 92 93 94 95 96".split()
)
ISCO_CODE = re.compile(r"\d{2,4}")
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: An https address; the path may not hold spaces, controls or characters that end a link in Markdown
#: or HTML (quotes, angle brackets, backslash, backtick, braces, pipe, caret).
_URL = re.compile(r"https://[A-Za-z0-9.-]+\.[A-Za-z]{2,}(?::\d+)?(?:[/?#][^\x00-\x20\x7f\"<>\\^`{|}]*)?")


@dataclass(frozen=True)
class Text:
    """One text in French and English."""

    fr: str
    en: str

    def get(self, lang: str) -> str:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class TextList:
    """A list of short texts in French and English (the two lists may differ in length)."""

    fr: tuple[str, ...]
    en: tuple[str, ...]

    def get(self, lang: str) -> tuple[str, ...]:
        return self.fr if lang == "fr" else self.en


@dataclass(frozen=True)
class Role:
    """An AI role a person can grow into."""

    id: str
    family: Family
    technical_level: TechLevel
    transition_effort: Effort
    title: Text
    alt_titles: TextList
    summary: Text
    description: Text
    tasks: TextList
    skills_have: TextList
    skills_learn: TextList
    backgrounds: TextList
    first_steps: TextList
    readings: tuple[str, ...] = ()
    #: ISCO-08 code (2 to 4 digits) of each background, parallel to `backgrounds`; "" where not recorded.
    background_isco: TextList = TextList((), ())
    related_roles: tuple[str, ...] = ()
    path: str = ""


@dataclass(frozen=True)
class Reading:
    """A real, public resource that helps toward one or more roles."""

    id: str
    title: str
    url: str
    source: str
    language: Lang
    kind: ReadingKind
    level: Level
    summary: Text
    tags: tuple[str, ...]
    roles: tuple[str, ...]
    checked: str
    author: str = ""
    #: How the address was confirmed (which search, what it returned), not only when.
    checked_how: str = ""
    path: str = ""


@dataclass(frozen=True)
class CorpusIssue:
    """One validation problem, located by file and field."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.field}" if self.field else self.file
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "field": self.field, "message": self.message}


@dataclass(frozen=True)
class Corpus:
    """The validated roles and readings, with the problems met while loading them."""

    roles: tuple[Role, ...]
    readings: tuple[Reading, ...]
    issues: tuple[CorpusIssue, ...] = ()
    skipped_files: tuple[str, ...] = ()
    fingerprint: str = ""
    _role_by_id: dict[str, Role] = field(default_factory=dict, repr=False, compare=False)
    _reading_by_id: dict[str, Reading] = field(default_factory=dict, repr=False, compare=False)
    _readings_of_role: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    _reading_pos: dict[str, int] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._role_by_id.update({r.id: r for r in self.roles})
        self._reading_by_id.update({r.id: r for r in self.readings})
        self._reading_pos.update({r.id: i for i, r in enumerate(self.readings)})
        links: dict[str, list[str]] = {r.id: [x for x in r.readings if x in self._reading_by_id] for r in self.roles}
        for reading in self.readings:
            for role_id in reading.roles:
                if role_id in links and reading.id not in links[role_id]:
                    links[role_id].append(reading.id)
        self._readings_of_role.update({k: tuple(v) for k, v in links.items()})

    def role(self, role_id: str) -> Role:
        return self._role_by_id[role_id]

    def reading(self, reading_id: str) -> Reading:
        return self._reading_by_id[reading_id]

    def reading_position(self, reading_id: str) -> int:
        """Where a reading stands in `readings` (and in the reading index)."""
        return self._reading_pos[reading_id]

    def readings_of(self, role_id: str) -> tuple[str, ...]:
        """Reading ids linked to a role, from either side of the link."""
        return self._readings_of_role.get(role_id, ())

    @property
    def ok(self) -> bool:
        return not self.issues

    def summary(self) -> dict[str, Any]:
        """The figures `recommender validate --json` prints."""
        by_lang = {lang: sum(1 for r in self.readings if r.language == lang) for lang in LANGS}
        return {
            "roles": len(self.roles),
            "readings": len(self.readings),
            "readings_by_language": by_lang,
            "role_ids": [r.id for r in self.roles],
            "errors": [i.to_dict() for i in self.issues],
        }


class _FileErrors(Exception):
    """Raised inside one file's parsing; carries that file's issues."""

    def __init__(self, issues: list[CorpusIssue]):
        super().__init__(f"{len(issues)} issue(s)")
        self.issues = issues


class _Reader:
    """Reads typed fields out of one YAML mapping, collecting every problem."""

    def __init__(self, data: Mapping[str, Any], file: str):
        self.data = data
        self.file = file
        self.issues: list[CorpusIssue] = []

    def fail(self, name: str, message: str) -> None:
        self.issues.append(CorpusIssue(self.file, name, message))

    def string(self, name: str, *, required: bool = True) -> str:
        value = self.data.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(name, "is missing; add a non-empty text")
            return ""
        if isinstance(value, _dt.date):
            return value.isoformat()
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            self.fail(name, f"must be a text, not {type(value).__name__}")
            return ""
        return str(value).strip()

    def choice(self, name: str, options: tuple[str, ...]) -> Any:
        value = self.string(name)
        if value and value not in options:
            self.fail(name, f"is {value!r}; use one of: {', '.join(options)}")
        return value

    def slug_list(self, name: str, *, required: bool = False) -> tuple[str, ...]:
        values = self._list(self.data.get(name), name, required=required)
        for v in values:
            if not _SLUG.match(v):
                self.fail(name, f"{v!r} is not an id (lowercase letters, digits and dashes)")
        return tuple(values)

    def strings(self, name: str) -> tuple[str, ...]:
        return tuple(self._list(self.data.get(name), name, required=True))

    def text(self, name: str) -> Text:
        value = self.data.get(name)
        if not isinstance(value, Mapping):
            self.fail(name, "is missing or not a mapping; give both `fr:` and `en:` texts")
            return Text("", "")
        out: dict[str, str] = {}
        for lang in LANGS:
            v = value.get(lang)
            if not isinstance(v, str) or not v.strip():
                self.fail(f"{name}.{lang}", "is missing or empty; write this text in " + _LANG_NAME[lang])
                v = ""
            out[lang] = " ".join(v.split())
        return Text(out["fr"], out["en"])

    def text_list(self, name: str, *, minimum: int = 1) -> TextList:
        value = self.data.get(name)
        if not isinstance(value, Mapping):
            self.fail(name, "is missing or not a mapping; give `fr:` and `en:` lists")
            return TextList((), ())
        out: dict[str, tuple[str, ...]] = {}
        for lang in LANGS:
            items = self._list(value.get(lang), f"{name}.{lang}", required=True)
            if items and len(items) < minimum:
                self.fail(f"{name}.{lang}", f"has {len(items)} item(s); write at least {minimum}")
            out[lang] = tuple(" ".join(i.split()) for i in items)
        return TextList(out["fr"], out["en"])

    def backgrounds(self, name: str) -> tuple[TextList, TextList]:
        """Backgrounds per language, each `{isco: code, text: ...}` (or a bare text): texts and codes."""
        value = self.data.get(name)
        if not isinstance(value, Mapping):
            self.fail(name, "is missing or not a mapping; give `fr:` and `en:` lists")
            return TextList((), ()), TextList((), ())
        texts: dict[str, tuple[str, ...]] = {}
        codes: dict[str, tuple[str, ...]] = {}
        for lang in LANGS:
            where = f"{name}.{lang}"
            items = value.get(lang)
            if not isinstance(items, list) or not items:
                self.fail(where, "is missing or empty; give a list of `{isco: code, text: ...}` items")
                items = []
            got_texts, got_codes = [], []
            for i, item in enumerate(items):
                text, code = (item.get("text"), item.get("isco")) if isinstance(item, Mapping) else (item, None)
                if not isinstance(text, str) or not text.strip():
                    self.fail(f"{where}[{i}]", "must have a non-empty `text`")
                    continue
                code = "" if code is None else str(code).strip()
                if code and not ISCO_CODE.fullmatch(code):
                    self.fail(f"{where}[{i}].isco", f"is {code!r}; write an ISCO-08 code of 2 to 4 digits, e.g. '2151'")
                elif code and code[:2] not in ISCO_SUB_MAJOR:
                    self.fail(f"{where}[{i}].isco", f"{code!r} is not in an ISCO-08 sub-major group")
                got_texts.append(" ".join(text.split()))
                got_codes.append(code)
            texts[lang], codes[lang] = tuple(got_texts), tuple(got_codes)
        return TextList(texts["fr"], texts["en"]), TextList(codes["fr"], codes["en"])

    def _list(self, value: Any, name: str, *, required: bool) -> list[str]:
        if value is None:
            if required:
                self.fail(name, "is missing; give a list of texts")
            return []
        if not isinstance(value, list):
            self.fail(name, f"must be a list, not {type(value).__name__}")
            return []
        items: list[str] = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{name}[{i}]", "must be a non-empty text")
                continue
            items.append(item.strip())
        if required and not items and not any(i.field.startswith(name) for i in self.issues):
            self.fail(name, "is empty; give at least one item")
        return items


_LANG_NAME = {"fr": "French", "en": "English"}


def _read_yaml(path: Path, rel: str) -> Mapping[str, Any]:
    try:
        raw = path.read_bytes()
        data = yaml.load(raw.decode("utf-8"), Loader=_SAFE_LOADER)
    except UnicodeDecodeError as exc:
        raise _FileErrors([CorpusIssue(rel, "", f"is not UTF-8 ({exc.reason}); save it as UTF-8")]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise _FileErrors(
            [
                CorpusIssue(
                    rel, "", f"is not valid YAML{where}: {problem}; check indentation and quote texts containing ': '"
                )
            ]
        ) from exc
    except OSError as exc:
        raise _FileErrors([CorpusIssue(rel, "", f"cannot be read: {exc.strerror}")]) from exc
    if not isinstance(data, Mapping):
        raise _FileErrors([CorpusIssue(rel, "", "must be a YAML mapping of field: value")])
    return data


def _check_id(r: _Reader, path: Path) -> str:
    ident = r.string("id")
    if ident and not _SLUG.match(ident):
        r.fail("id", f"{ident!r} is not a slug; use lowercase letters, digits and dashes")
    elif ident and path.stem != ident:
        r.fail("id", f"is {ident!r} but the file is named {path.name}; rename the file to {ident}.yaml")
    return ident


def parse_role(data: Mapping[str, Any], path: Path, rel: str) -> Role:
    """Validate one role mapping; raise _FileErrors listing every problem."""
    r = _Reader(data, rel)
    backgrounds, isco = r.backgrounds("backgrounds")
    role = Role(
        id=_check_id(r, path),
        family=r.choice("family", FAMILIES),
        technical_level=r.choice("technical_level", TECH_LEVELS),
        transition_effort=r.choice("transition_effort", EFFORTS),
        title=r.text("title"),
        alt_titles=r.text_list("alt_titles"),
        summary=r.text("summary"),
        description=r.text("description"),
        tasks=r.text_list("tasks"),
        skills_have=r.text_list("skills_have"),
        skills_learn=r.text_list("skills_learn"),
        backgrounds=backgrounds,
        background_isco=isco,
        first_steps=r.text_list("first_steps"),
        readings=r.slug_list("readings"),
        related_roles=r.slug_list("related_roles"),
        path=rel,
    )
    if r.issues:
        raise _FileErrors(r.issues)
    return role


def parse_reading(data: Mapping[str, Any], path: Path, rel: str) -> Reading:
    """Validate one reading mapping; raise _FileErrors listing every problem."""
    r = _Reader(data, rel)
    url = r.string("url")
    if url and not _URL.fullmatch(url):
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        why = f"uses {scheme}:" if scheme and scheme != "https" else "is not a well-formed address"
        r.fail("url", f"{url!r} {why}; only https:// addresses of real pages are accepted")
    checked = r.string("checked")
    if checked:
        try:
            _dt.date.fromisoformat(checked)
        except ValueError:
            r.fail("checked", f"is {checked!r}; write the date the URL was checked as YYYY-MM-DD")
    tags = r.strings("tags")
    reading = Reading(
        id=_check_id(r, path),
        title=r.string("title"),
        url=url,
        source=r.string("source"),
        language=r.choice("language", LANGS),
        kind=r.choice("kind", READING_KINDS),
        level=r.choice("level", LEVELS),
        summary=r.text("summary"),
        tags=tags,
        roles=r.slug_list("roles", required=True),
        checked=checked,
        author=r.string("author", required=False),
        checked_how=r.string("checked_how", required=False),
        path=rel,
    )
    if r.issues:
        raise _FileErrors(r.issues)
    return reading


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


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
        for path in _yaml_files(root / sub):
            rel = f"{sub}/{path.name}"
            try:
                data = _read_yaml(path, rel)
                parsed[sub].append(parser(data, path, rel))
                digest.update(rel.encode() + b"\0" + path.read_bytes() + b"\0")
            except _FileErrors as exc:
                issues.extend(exc.issues)
                skipped.append(rel)
                broken_ids.add(path.stem)
    roles = _dedupe(parsed["roles"], "role", issues)
    readings = _dedupe(parsed["readings"], "reading", issues)
    role_ids = {r.id for r in roles} | broken_ids
    reading_ids = {r.id for r in readings} | broken_ids
    for role in roles:
        for rid in role.readings:
            if rid not in reading_ids:
                issues.append(
                    CorpusIssue(
                        role.path,
                        "readings",
                        f"links unknown reading {rid!r}; add readings/{rid}.yaml or remove the link",
                    )
                )
        for other in role.related_roles:
            if other not in role_ids:
                issues.append(
                    CorpusIssue(
                        role.path, "related_roles", f"links unknown role {other!r}; use one of the role ids in roles/"
                    )
                )
    for reading in readings:
        for rid in reading.roles:
            if rid not in role_ids:
                issues.append(
                    CorpusIssue(reading.path, "roles", f"links unknown role {rid!r}; use one of the role ids in roles/")
                )
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
