"""One typed request: what a caller may ask of the recommender, validated once for every front end.

The engine, the CLI, the app and the HTTP API all build a `Request`; a wrong type, an unknown value
or a duplicate raises `InputError` with a reason code, never a `TypeError`. A lone string where a
collection is expected means that one value; it is never read as a collection of characters.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, get_args

from .corpus import FAMILIES, LANGS, TECH_LEVELS, Family, Lang, TechLevel
from .errors import InputError, InputReason
from .wishes import WISHES

__all__ = ["DEFAULT_TOP_K", "PREFERENCES", "Preference", "Request"]

#: Optional re-ranking wishes a person can express.
Preference = Literal["no-code", "people", "creative", "technical"]
PREFERENCES: tuple[str, ...] = get_args(Preference)
DEFAULT_TOP_K = 5


def _choices(name: str, value: Any, options: tuple[str, ...], unknown: InputReason) -> tuple[Any, ...]:
    """A tuple of distinct known options from None, one string or an iterable of strings."""
    if value is None:
        return ()
    items = (value,) if isinstance(value, str) else value
    if not isinstance(items, Iterable) or isinstance(items, (bytes, dict)):
        raise InputError(f"{name} must be a list of texts, got {type(value).__name__}", "bad_type")
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InputError(f"{name} must hold texts, got {type(item).__name__} {item!r}", "bad_type")
        if item not in options:
            raise InputError(f"unknown {name} value {item!r}; use one of: {', '.join(options)}", unknown)
        if item in out:
            raise InputError(f"{name} names {item!r} twice; give each value once", "duplicate")
        out.append(item)
    return tuple(out)


@dataclass(frozen=True)
class Request:
    """A description to match, and how the answer should be shaped.

    Empty `levels` or `families` mean no filter; `reading_language` None means readings in any
    language; `preferences` re-rank the roles (see `ranking.PREFERENCE_BONUS`).
    """

    text: str
    top_k: int = DEFAULT_TOP_K
    levels: tuple[TechLevel, ...] = ()
    families: tuple[Family, ...] = ()
    reading_language: Lang | None = None
    preferences: tuple[Preference, ...] = ()
    #: The reader's language: readings in it come first. None: the language of the text.
    language: Lang | None = None
    #: Wishes read from the text that the person turned off ("undo"): see `wishes.WISHES`.
    ignore_wishes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InputError(f"expected text, got {type(self.text).__name__}", "not_text")
        if isinstance(self.top_k, bool) or not isinstance(self.top_k, int) or self.top_k < 1:
            raise InputError(f"top_k must be a positive whole number, got {self.top_k!r}", "bad_top_k")
        for name in ("reading_language", "language"):
            value = getattr(self, name)
            if value is not None and value not in LANGS:
                raise InputError(f"unknown {name} {value!r}; use one of: {', '.join(LANGS)}", "unknown_language")
        set_ = object.__setattr__
        set_(self, "levels", _choices("levels", self.levels, TECH_LEVELS, "unknown_level"))
        set_(self, "families", _choices("families", self.families, FAMILIES, "unknown_family"))
        set_(self, "preferences", _choices("preferences", self.preferences, PREFERENCES, "unknown_preference"))
        set_(self, "ignore_wishes", _choices("ignore_wishes", self.ignore_wishes, WISHES, "unknown_wish"))

    def filters(self) -> dict[str, list[str]]:
        """The filters and preferences that were on, for exports and JSON output."""
        out: dict[str, list[str]] = {
            "levels": list(self.levels),
            "families": list(self.families),
            "preferences": list(self.preferences),
        }
        if self.reading_language:
            out["reading_language"] = [self.reading_language]
        return out
