"""Wishes read from the person's own sentences, and the cheap trigger test in front of each pattern."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recommender.text import prepare
from recommender.wishes import _ANY_TRIGGER, _PATTERNS, _TRIGGERS, read_wishes

EVAL = Path(__file__).resolve().parent.parent / "eval"

STATED = [
    ("Je ne veux pas coder.", "no-code"),
    ("I don't want to write code.", "no-code"),
    ("JE NE VEUX PAS DÉVELOPPER.", "no-code"),
    ("Je ne veux pas encadrer d'équipe.", "no-management"),
    ("I don't want to manage people.", "no-management"),
    ("Je veux rester dans mon métier.", "own-field"),
    ("I want to stay in my field.", "own-field"),
    ("Je veux défendre les artistes contre le pillage de leurs images.", "rights"),
    ("I want to protect artists from having their work scraped.", "rights"),
    ("J'ai peur d'être remplacée par une machine.", "job-worry"),
    ("J'ai peur de perdre mon emploi.", "job-worry"),
    ("I'm afraid of losing my job to AI.", "job-worry"),
    ("I worry I'll lose my job.", "job-worry"),
]


@pytest.mark.parametrize(("sentence", "wish"), STATED)
def test_a_stated_wish_is_read_in_either_language_and_any_case(sentence: str, wish: str) -> None:
    assert [w.wish for w in read_wishes([sentence])] == [wish]
    assert read_wishes([sentence])[0].sentence == sentence  # the person's own words, quoted as they are


def test_a_sentence_of_coding_overrides_a_refusal_elsewhere() -> None:
    refusal = "I don't want to write code."
    assert [w.wish for w in read_wishes([refusal])] == ["no-code"]
    assert [w.wish for w in read_wishes(["I code in Python every day.", refusal, "Je ne veux pas encadrer."])] == [
        "no-management"
    ]


def _eval_sentences() -> list[str]:
    out = []
    for path in sorted(EVAL.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = json.loads(line).get("text")
            if isinstance(text, str) and text.strip():
                out.extend(prepare(text).sentences)
    return out


def test_the_trigger_never_hides_a_sentence_a_pattern_matches() -> None:
    """Brute force over every sentence of the evaluation sets and the examples above: wherever a wish's full
    pattern matches, the sentence holds one of that wish's trigger pieces (so skipping the others loses nothing)."""
    sentences = _eval_sentences() + [s for s, _ in STATED]
    matched = 0
    for sentence in sentences:
        low = sentence.lower()
        for wish, pattern in _PATTERNS.items():
            if pattern.search(sentence):
                matched += 1
                assert any(w in low for w in _TRIGGERS[wish]), (wish, sentence)
                assert any(w in low for w in _ANY_TRIGGER), sentence
    assert matched >= 100  # the check saw many real statements of wishes
