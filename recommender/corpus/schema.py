"""Validation of one corpus file: typed fields read out of a YAML mapping, every problem collected.

Each problem names the file, the field and the fix; `parse_role` and `parse_reading` raise
`FileErrors` listing all of a file's problems at once.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .types import (
    EFFORTS,
    FAMILIES,
    LANGS,
    LEVELS,
    READING_KINDS,
    TECH_LEVELS,
    CorpusIssue,
    Reading,
    Role,
    Text,
    TextList,
)

__all__ = ["ISCO_CODE", "ISCO_SUB_MAJOR", "FileErrors", "parse_reading", "parse_role"]

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


#: Control characters (but tab and newline), DEL, C1 controls and bidi overrides: never valid in corpus text.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
ROLE_KEYS = frozenset(
    "id family technical_level transition_effort title alt_titles summary description tasks skills_have "
    "skills_learn backgrounds first_steps readings related_roles".split()
)
READING_KEYS = frozenset(
    "id title url source language kind level summary tags roles checked author checked_how".split()
)


def _unknown_keys(r: _Reader, known: frozenset[str]) -> None:
    """Report keys no field reads, with the nearest known name when one is close."""
    for key in r.data:
        if key in known:
            continue
        near = difflib.get_close_matches(str(key), sorted(known), n=1, cutoff=0.6)
        hint = f"did you mean {near[0]!r}?" if near else f"known fields: {', '.join(sorted(known))}"
        r.fail(str(key), f"is not a known field; {hint}")


def _controls(r: _Reader, value: Any, where: str) -> None:
    """Report every text holding a control or bidi-override character, wherever it sits in the file."""
    if isinstance(value, str):
        found = _CONTROL.search(value)
        if found:
            r.fail(where, f"holds the control character U+{ord(found.group()):04X}; remove it")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _controls(r, item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _controls(r, item, f"{where}[{i}]")


class FileErrors(Exception):
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


def _check_id(r: _Reader, path: Path) -> str:
    ident = r.string("id")
    if ident and not _SLUG.match(ident):
        r.fail("id", f"{ident!r} is not a slug; use lowercase letters, digits and dashes")
    elif ident and path.stem != ident:
        r.fail("id", f"is {ident!r} but the file is named {path.name}; rename the file to {ident}.yaml")
    return ident


def parse_role(data: Mapping[str, Any], path: Path, rel: str) -> Role:
    """Validate one role mapping; raise FileErrors listing every problem."""
    r = _Reader(data, rel)
    _unknown_keys(r, ROLE_KEYS)
    _controls(r, data, "")
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
        raise FileErrors(r.issues)
    return role


def parse_reading(data: Mapping[str, Any], path: Path, rel: str) -> Reading:
    """Validate one reading mapping; raise FileErrors listing every problem."""
    r = _Reader(data, rel)
    _unknown_keys(r, READING_KEYS)
    _controls(r, data, "")
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
        raise FileErrors(r.issues)
    return reading
