"""What makes a persona "hard": it never uses its expected role's keywords. Pure functions.

The quality issue defines a hard persona as a narrative that never names the target role or its
keywords. This module makes "its keywords" checkable instead of a matter of taste: a role's
keywords are the word stems of its corpus text (every field, both languages) that occur in at
most `max_roles` role documents, i.e. the words that single a role out among the others. A
persona marked hard may not contain any keyword stem of any role it expects.

Stems are the first `STEM_LETTERS` letters of the engine's accent-folded tokens, so plurals and
inflections ("serveur", "serveurs"; "radiologue", "radiologie") count as the same word.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

from .corpus import Corpus
from .keywords import stem_tokens, tokenize
from .passages import role_passages

__all__ = ["MAX_ROLES", "STEM_LETTERS", "keyword_leaks", "leaky_personas", "role_keywords", "stems"]

#: Letters kept of each token; enough to tell words apart, few enough to merge inflections. Shorter
#: than the engine's keyword stems (keywords.STEM), so that the rule is the stricter of the two.
STEM_LETTERS = 6
#: A stem found in at most this many of the role documents is a keyword of each of them.
MAX_ROLES = 2


def stems(text: str) -> set[str]:
    """The stems of a text's tokens (lowercase, accents stripped, three letters or more)."""
    return set(stem_tokens(text, STEM_LETTERS))


def role_keywords(corpus: Corpus, max_roles: int = MAX_ROLES) -> dict[str, frozenset[str]]:
    """Each role's keyword stems: those of its texts that appear in at most `max_roles` roles."""
    per_role: list[set[str]] = [set() for _ in corpus.roles]
    for passage in role_passages(corpus.roles):
        per_role[passage.owner] |= stems(passage.text)
    spread = Counter(stem for role_stems in per_role for stem in role_stems)
    return {
        role.id: frozenset(s for s in role_stems if spread[s] <= max_roles)
        for role, role_stems in zip(corpus.roles, per_role, strict=True)
    }


def keyword_leaks(text: str, expect: Iterable[str], keywords: Mapping[str, frozenset[str]]) -> list[str]:
    """The words of `text` whose stem is a keyword of one of the expected roles, in text order."""
    banned: set[str] = set().union(*(keywords.get(role, frozenset()) for role in expect))
    seen: dict[str, None] = {}
    for token in tokenize(text):
        if token[:STEM_LETTERS] in banned:
            seen.setdefault(token, None)
    return list(seen)


def leaky_personas(
    personas: Sequence[tuple[str, str, Sequence[str]]], keywords: Mapping[str, frozenset[str]]
) -> dict[str, list[str]]:
    """For (id, text, expect) triples, the ids that leak keywords and the words that do."""
    out = {}
    for persona_id, text, expect in personas:
        leaks = keyword_leaks(text, expect, keywords)
        if leaks:
            out[persona_id] = leaks
    return out
