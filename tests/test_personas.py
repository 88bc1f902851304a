"""The labelled persona sets meet the evaluation issue's rules: size, languages, hardness, coverage."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from recommender.corpus import load_corpus
from recommender.evaluate import load_personas
from recommender.hardness import leaky_personas, role_keywords
from tests.conftest import CORPUS, ROOT
from tests.test_corpus import REQUIRED_ROLES

SETS = [ROOT / "eval" / "personas.jsonl", ROOT / "eval" / "personas-heldout.jsonl"]


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_persona_set_rules(path: Path) -> None:
    personas = load_personas(path)
    langs = Counter(p.lang for p in personas)
    assert set(langs) == {"fr", "en"} and min(langs.values()) >= 45
    # about half are hard: 45 % at least, since adding a new role to an older persona's labels can make
    # its text use that role's keywords, and the rule then unmarks it (eval/check_hard.py)
    assert sum(p.hard for p in personas) >= 0.45 * len(personas), "about half are hard"
    for group in ("new-role", "ordinary"):
        members = [p for p in personas if p.group == group]
        assert members and sum(p.hard for p in members) >= 0.4 * len(members), group
    assert all(1 <= len(p.expect) <= 3 and set(p.expect) <= set(REQUIRED_ROLES) for p in personas)
    assert len({p.id for p in personas}) == len(personas) and len({p.text for p in personas}) == len(personas)
    coverage = Counter((p.expect[0], p.lang) for p in personas)
    thin = [(role, lang) for role in REQUIRED_ROLES for lang in ("fr", "en") if coverage[(role, lang)] < 2]
    assert not thin, f"roles with fewer than two personas per language: {thin}"


def test_dev_set_has_at_least_a_hundred_personas_with_short_and_long_ones() -> None:
    personas = load_personas(SETS[0])
    words = [len(p.text.split()) for p in personas]
    assert len(personas) >= 100 and min(words) <= 5 and max(words) >= 150


def test_sets_do_not_share_texts() -> None:
    dev, held_out = (load_personas(path) for path in SETS)
    assert not {p.text for p in dev} & {p.text for p in held_out}


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_hard_personas_never_use_their_roles_keywords(path: Path) -> None:
    """A hard persona is checked, not felt: no word of a hard persona is a keyword of a role it expects."""
    keywords = role_keywords(load_corpus(CORPUS))
    hard = [p for p in load_personas(path) if p.hard]
    assert leaky_personas([(p.id, p.text, p.expect) for p in hard], keywords) == {}
    for lang in ("fr", "en"):  # each language's hard half is large enough to report on its own
        assert sum(p.lang == lang for p in hard) >= 45
