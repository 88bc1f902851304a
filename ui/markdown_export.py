"""The results as a Markdown file a person can keep, in the interface language.

Every value from the corpus or the person's text goes through `_esc` (or `_url` for link targets)
before it joins the document: no raw HTML, no `javascript:` or other non-https target, no bidi
override or control character, whatever the viewer that opens the file.
"""

from __future__ import annotations

import datetime as _dt
import re

from recommender import Reading, Recommendation, Request

from .cards import MAX_FIRST_STEPS, held_line, match_band, match_percent
from .contact import strip_contacts
from .readings import reading_line
from .refine import describe
from .strings import label, quote, t

__all__ = ["escape_markdown", "kept_text", "results_markdown", "settings_lines"]

#: Control characters (tab and newline included: a value is one line), bidi overrides and isolates,
#: invisible format characters.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200b\u200e\u200f\u202a-\u202e\u2060-\u2069\ufeff]")
_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-!|~&])")
_SAFE_URL = re.compile(r"https://[^\s<>()\"'\\`]+")


def settings_lines(result: Recommendation, choice: Request | None, lang: str) -> list[str]:
    """The filters, preferences and wishes read from the text that shaped these results, one sentence each."""
    lines: list[str] = []
    if choice is not None:
        filters, prefs = describe(choice, lang)
        lines += [x for x in (filters, prefs) if x]
    lines += [t(lang, "md_wish", wish=quote(lang, t(lang, f"wishname_{w.wish}"))) for w in result.wishes]
    return lines or [t(lang, "md_no_settings")]


def kept_text(text: str, lang: str) -> str:
    """The person's text as a download keeps it: without e-mail, web addresses or phone numbers."""
    return strip_contacts(text, t(lang, "md_contact_removed"))


def escape_markdown(value: object) -> str:
    """One value as inert Markdown text: controls and bidi characters removed, syntax and HTML escaped."""
    text = " ".join(_UNSAFE.sub(" ", str(value)).split())
    return _SPECIAL.sub(r"\\\1", text)


def _esc(value: object) -> str:
    return escape_markdown(value)


def _url(url: str) -> str:
    """A link target: an https address with nothing that could end the link, else no target at all."""
    clean = _UNSAFE.sub("", url).strip()
    return clean if _SAFE_URL.fullmatch(clean) else ""


def _reading(reading: Reading, lang: str) -> str:
    target = _url(reading.url)
    title = _esc(reading.title)
    link = f"[{title}]({target})" if target else title
    return f"- {link} — {_esc(reading_line(reading, lang))}"


def results_markdown(
    result: Recommendation,
    lang: str,
    text: str,
    today: _dt.date | None = None,
    choice: Request | None = None,
) -> str:
    """A self-contained text report: the settings, the person's text, each role with its reasons, the readings."""
    day = (today or _dt.date.today()).isoformat()
    out = [f"# {t(lang, 'md_title')}", "", t(lang, "md_generated", date=day), ""]
    out += [f"## {t(lang, 'md_settings')}", ""] + [f"- {x}" for x in settings_lines(result, choice, lang)] + [""]
    out += [f"## {t(lang, 'md_your_text')}", ""]
    out += [f"> {_esc(line)}" if line.strip() else ">" for line in kept_text(text, lang).strip().splitlines()]
    out += ["", f"## {t(lang, 'md_roles')}", ""]
    for rank, found in enumerate(result.roles, 1):
        role = found.role
        percent = match_percent(found.match)
        out += [
            f"### {rank}. {_esc(role.title.get(lang))}",
            "",
            f"- {t(lang, 'map_family')}: {_esc(label(lang, 'family', role.family))}",
            f"- {t(lang, 'level_badge', level=_esc(label(lang, 'level', role.technical_level)))}",
            f"- {t(lang, 'effort_badge', effort=_esc(label(lang, 'effort', role.transition_effort)))}",
            f"- {t(lang, 'match', percent=percent)} ({t(lang, match_band(found.match))})",
            "",
            _esc(role.summary.get(lang)),
            "",
        ]
        held = held_line(found, lang)
        if held:
            out += [f"**{held}**", ""] + [f"- {_esc(s)}" for s in found.skills_held.get(lang)] + [""]
        if found.evidence:
            out += [f"**{t(lang, 'why_title')}**", ""]
            for ev in found.evidence:
                field = t(lang, "evidence_line", field=label(lang, "field", ev.field))
                sentence = quote(lang, _esc(kept_text(ev.sentence, lang)))
                out.append(f"- {sentence} — {field} *{_esc(ev.matched)}*")
            out.append("")
        out += [f"**{t(lang, 'skills_have')}**", ""] + [f"- {_esc(s)}" for s in role.skills_have.get(lang)] + [""]
        out += [f"**{t(lang, 'skills_learn')}**", ""] + [f"- {_esc(s)}" for s in role.skills_learn.get(lang)] + [""]
        steps = role.first_steps.get(lang)[:MAX_FIRST_STEPS]
        out += [f"**{t(lang, 'first_steps')}**", ""] + [f"{i}. {_esc(s)}" for i, s in enumerate(steps, 1)] + [""]
        if found.readings:
            out += [f"**{t(lang, 'role_readings')}**", ""] + [_reading(m.reading, lang) for m in found.readings] + [""]
    if result.readings:
        out += [f"## {t(lang, 'md_readings')}", ""]
        for m in result.readings:
            out += [_reading(m.reading, lang), f"  {_esc(m.reading.summary.get(lang))}"]
        out.append("")
    return "\n".join(out)
