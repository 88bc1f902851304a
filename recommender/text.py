"""User text handling: cleaning, truncation, sentence splitting and language guess. Pure functions."""

from __future__ import annotations

import functools
import math
import re
import threading
import unicodedata
from dataclasses import dataclass

from lingua import Language, LanguageDetector, LanguageDetectorBuilder

from .errors import InputError

__all__ = [
    "MAX_CHARS",
    "PreparedText",
    "clean",
    "cut",
    "detect_language",
    "fold_gendered",
    "match_units",
    "prepare",
    "split_sentences",
    "warm_up_language_models",
]

#: Longer inputs are cut here (a whole CV fits); the caller is told.
MAX_CHARS = 6000
#: At most this many sentences are matched one by one, besides the whole text.
MAX_SENTENCES = 24
_MIN_LETTERS = 2
#: A text of at most this many words is short (a job title): its words' frequencies help lingua.
SHORT_TEXT_WORDS = 6
#: The language is read from the start of the text: enough for lingua, and its cost stays flat.
_DETECT_CHARS = 400
#: The raw text is cut at this many times MAX_CHARS before any cleaning.
_RAW_FACTOR = 4

#: Control, zero-width, bidi and invisible format characters, noncharacters and lone surrogates (from JSON
#: "\udc80" escapes or undecodable bytes): none of them changes what a reader sees, and some reorder or hide text.
#: U+061C Arabic letter mark, U+2060-2064 word joiner and invisible operators, U+E0000-E007F tags (but see
#: `_EMOJI_TAGS`), U+FDD0-FDEF and U+xFFFE/xFFFF noncharacters. The zero-width joiner (U+200D) is kept
#: inside a sequence (emoji such as 👩‍💻, Indic and Arabic shaping) and dropped where it joins nothing.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u180e\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064"
    "\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"\\U{plane:04X}FFFE\\U{plane:04X}FFFF" for plane in range(17))
    + "\U000e0000-\U000e007f]"
)
#: A valid emoji tag sequence (the flags of England, Scotland, Wales): black flag, tag letters, cancel tag.
_EMOJI_TAGS = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")
_LONE_ZWJ = re.compile(r"(?<!\S)\u200d+|\u200d+(?!\S)")
#: Characters that continue the one before them: a cut must not fall just before one of these.
_CONTINUES = re.compile("[\u200d\ufe0e\ufe0f\U0001f3fb-\U0001f3ff\u20e3\U000e0020-\U000e007f]")
_SENTENCE_END = re.compile(r"(?<=[.!?;…])\s+|\n+|\s+[-•·*]\s+|(?<=[:])\s+(?=[A-ZÀ-Ý])")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@dataclass(frozen=True)
class PreparedText:
    """The user's text made safe to embed, with its sentences and a language guess."""

    text: str
    sentences: tuple[str, ...]
    language: str
    truncated: bool


def _drop_invisible(text: str) -> str:
    """`_CONTROL` characters become spaces, except the tags of a valid emoji tag sequence."""
    parts, start = [], 0
    for found in _EMOJI_TAGS.finditer(text):
        parts += [_CONTROL.sub(" ", text[start : found.start()]), found.group()]
        start = found.end()
    parts.append(_CONTROL.sub(" ", text[start:]))
    return _LONE_ZWJ.sub("", "".join(parts))


def cut(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, never inside a ZWJ emoji, a modifier or a tag sequence."""
    if len(text) <= limit:
        return text
    end = limit
    while end > 0 and (_CONTINUES.match(text, end) or text[end - 1] == "\u200d"):
        end -= 1
    return text[:end]


def clean(text: str) -> str:
    """Normalise Unicode, drop control, bidi, invisible and surrogate characters, collapse runs of spaces."""
    text = unicodedata.normalize("NFC", text)
    text = _drop_invisible(text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line).strip()


def split_sentences(text: str, limit: int = MAX_SENTENCES) -> tuple[str, ...]:
    """Split text into sentences and list items; keep those with at least two words."""
    parts = (p.strip(" -•·*\t") for p in _SENTENCE_END.split(text))
    sentences = [p for p in parts if len(_WORD.findall(p)) >= 2]
    return tuple(sentences[:limit])


@functools.cache
def _detector() -> LanguageDetector:
    """lingua restricted to French and English, its models loaded once (a few MB, well under a second)."""
    return (
        LanguageDetectorBuilder.from_languages(Language.FRENCH, Language.ENGLISH)
        .with_preloaded_language_models()
        .build()
    )


def _load_language_models() -> None:
    _detector()
    _word_evidence(["un", "a"])  # wordfreq reads its French and English lists on first use (about 0.4 s)


def warm_up_language_models() -> None:
    """Load the language models in a background thread, so that they overlap the encoders' loading."""
    threading.Thread(target=_load_language_models, name="lingua-warm-up", daemon=True).start()


def _word_evidence(words: list[str]) -> float:
    """How much more French than English the words are: the mean difference of their Zipf frequencies."""
    from wordfreq import zipf_frequency

    return sum(zipf_frequency(w, "fr") - zipf_frequency(w, "en") for w in words) / len(words)


def detect_language(text: str) -> str:
    """'fr' or 'en'. Longer texts: lingua's n-gram models. A short text (a job title): lingua's log-odds plus
    how much more common its words are in French than in English (wordfreq), since letter n-grams alone
    read "waitress" or "tiler" as French."""
    head = text[:_DETECT_CHARS]
    words = [w.lower() for w in _WORD.findall(head)]
    if not words or len(words) > SHORT_TEXT_WORDS:
        return "fr" if _detector().detect_language_of(head) == Language.FRENCH else "en"
    french = min(max(_detector().compute_language_confidence(head, Language.FRENCH), 1e-3), 1 - 1e-3)
    return "fr" if math.log(french / (1 - french)) + _word_evidence(words) > 0 else "en"


#: French inclusive endings after a base word: "technicien·ne", "avocat.e", "chargé(e)s", "salarié·e·s",
#: "directeur·rice", "agent-e". The separator is a middle dot (or bullet), a full stop, brackets, or a hyphen
#: before the endings that are no pronoun ("dis-le" stays).
_ENDINGS = r"(?:e|ne|le|te|se|re|ère|ière|rice|trice|euse|ive|esse)"
_DOTTED = re.compile(
    rf"(?<=[^\W\d_])(?:[·•.‧]{_ENDINGS}|-(?:e|ne|rice|trice|euse|ère|ière))(?:[·•.‧-]?(s))?(?![^\W\d_])"
)
_BRACKETED = re.compile(rf"(?<=[^\W\d_])\({_ENDINGS}\)(s?)(?![^\W\d_])")
#: Two forms of one word: "infirmier/infirmière", "vendeur / vendeuse" (they share their first letters).
_SLASHED = re.compile(r"\b([^\W\d_]{3,})\s?/\s?([^\W\d_]{3,})\b")
_SHARED_PREFIX = 4


def _same_word(found: re.Match[str]) -> str:
    first, second = found.group(1), found.group(2)
    shared = min(_SHARED_PREFIX, len(first) - 1, len(second) - 1)
    return first if first[:shared].lower() == second[:shared].lower() else found.group()


def fold_gendered(text: str) -> str:
    """One title for the gendered forms of French job titles: "infirmier/infirmière" -> "infirmier",
    "technicien·ne" -> "technicien", "chargé(e)s" -> "chargés", "avocat.e" -> "avocat"."""
    if not any(ch in text for ch in "·•.‧-(/"):
        return text
    text = _DOTTED.sub(lambda m: m.group(1) or "", text)
    text = _BRACKETED.sub(lambda m: m.group(1), text)
    return _SLASHED.sub(_same_word, text)


def _has_letters(text: str, least: int) -> bool:
    """Whether `text` has at least `least` letters, reading only as far as needed."""
    found = 0
    for ch in text:
        found += ch.isalpha()
        if found >= least:
            return True
    return False


def prepare(text: object, max_chars: int = MAX_CHARS) -> PreparedText:
    """Validate and clean user text; raise InputError with a reason the user can act on."""
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}", "not_text")
    # cut before cleaning, so that the cost never grows with the input (cleaning only shortens text)
    cut_early = len(text) > max_chars * _RAW_FACTOR
    cleaned = clean(cut(text, max_chars * _RAW_FACTOR))
    if not cleaned:
        raise InputError("the description is empty; write a few sentences about your working life", "empty")
    if not _has_letters(cleaned, _MIN_LETTERS):
        raise InputError("the description has no words to match; describe your work in a few sentences", "no_words")
    truncated = cut_early or len(cleaned) > max_chars
    if truncated:
        head = cut(cleaned, max_chars)
        space = head.rfind(" ")
        cleaned = head[:space] if space > max_chars // 2 else head
    sentences = split_sentences(cleaned)
    return PreparedText(cleaned, sentences, detect_language(fold_gendered(cleaned)), truncated)


#: Clauses that say what a person does not do, will not do or fears: "je ne code pas", "I never managed
#: anyone", "j'ai peur d'être remplacée", "I know nothing about computers", "le droit d'auteur me préoccupe".
#: French "ne" is often dropped in speech ("je veux pas").
_NOT_EXPERIENCE = re.compile(
    r"(?i)\b(?:ne|n['’]|pas|jamais|aucune?|plus\s+jamais|ni|sans\s+(?:envie|vouloir)|peur|crains|craint|redoute|"
    r"inquiète?s?|angoiss\w*|not|never|no\s+(?:wish|desire|interest|intention|longer)|none|neither|nor|afraid|"
    r"fear\w*|worr(?:y|ied|ies)|scared|anxious|nothing|nobody|no\s+one|préoccup\w*|concerned|"
    r"keeps?\s+me\s+(?:up|awake)|refuse)\b|n['’]t\b"
)


def is_experience(clause: str) -> bool:
    """Whether a clause states something done or known, rather than a question, a refusal, a negation or a fear."""
    return not clause.rstrip().endswith("?") and not _NOT_EXPERIENCE.search(clause)


def match_units(prepared: PreparedText) -> tuple[str, ...]:
    """The sentence policy: the units of a text that are matched, the whole text first.

    The whole text, then each sentence when there are several. Questions ("should I learn
    Python?") say what a person wonders, not what they have done: when the text also has
    statements, the questions are left out, of the whole text as well. (Leaving out negated
    sentences too was measured and lost MRR on both persona sets; they are only kept out of
    the evidence, see `is_experience`.)
    """
    statements = [s for s in prepared.sentences if not s.endswith("?")]
    if not statements or len(statements) == len(prepared.sentences):
        statements, whole = list(prepared.sentences), prepared.text
    else:
        whole = " ".join(statements)
    return (whole, *statements) if len(statements) > 1 else (whole,)
