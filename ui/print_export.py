"""The results as a printable web page: one self-contained HTML file with a print stylesheet, no script.

Open it in any browser and print it, or save it as PDF from the print dialog. Every text is escaped;
the person's text is kept without contact details.
"""

from __future__ import annotations

import datetime as _dt
from html import escape

from recommender import Recommendation, Request

from .cards import MAX_FIRST_STEPS, held_line, match_band, match_percent
from .markdown_export import kept_text, settings_lines
from .readings import reading_line
from .strings import label, quote, t

__all__ = ["results_html"]

_STYLE = """
body { font-family: system-ui, sans-serif; color: #1f1f3d; max-width: 46rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; } h3 { font-size: 1.1rem; }
.role { border: 1px solid #c9c6e0; border-radius: .5rem; padding: .25rem 1rem 1rem; margin: 1rem 0; }
.meta { color: #4a4a68; } blockquote { margin: .5rem 0; padding-left: .75rem; border-left: 3px solid #8e6bbf; }
a { color: #3b3b98; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .role { break-inside: avoid; border-color: #888; }
  a::after { content: " (" attr(href) ")"; font-size: 9pt; color: #444; word-break: break-all; }
  .hint { display: none; }
}
"""


def _list(items: tuple[str, ...] | list[str], numbered: bool = False) -> str:
    tag = "ol" if numbered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(x)}</li>" for x in items) + f"</{tag}>"


def results_html(
    result: Recommendation,
    lang: str,
    text: str,
    today: _dt.date | None = None,
    choice: Request | None = None,
) -> str:
    """A printable page holding what the text export holds: settings, text, roles with reasons, readings."""
    day = (today or _dt.date.today()).isoformat()
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(t(lang, 'md_title'))}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(t(lang, 'md_title'))}</h1>",
        f"<p class='meta'>{escape(t(lang, 'md_generated', date=day))}</p>",
        f"<p class='hint'>{escape(t(lang, 'print_button_hint'))}</p>",
        f"<h2>{escape(t(lang, 'md_settings'))}</h2>",
        _list(settings_lines(result, choice, lang)),
        f"<h2>{escape(t(lang, 'md_your_text'))}</h2>",
        "".join(f"<p>{escape(p)}</p>" for p in kept_text(text, lang).strip().splitlines() if p.strip()),
        f"<h2>{escape(t(lang, 'md_roles'))}</h2>",
    ]
    for rank, found in enumerate(result.roles, 1):
        role = found.role
        badges = " · ".join(
            (
                label(lang, "family", role.family),
                t(lang, "level_badge", level=label(lang, "level", role.technical_level)),
                t(lang, "effort_badge", effort=label(lang, "effort", role.transition_effort)),
                f"{t(lang, 'match', percent=match_percent(found.match))} ({t(lang, match_band(found.match))})",
            )
        )
        out += [f"<section class='role'><h3>{rank}. {escape(role.title.get(lang))}</h3>"]
        out += [f"<p class='meta'>{escape(badges)}</p>", f"<p>{escape(role.summary.get(lang))}</p>"]
        held = held_line(found, lang)
        if held:
            out += [f"<p><strong>{escape(held)}</strong></p>", _list(found.skills_held.get(lang))]
        if found.evidence:
            out.append(f"<h4>{escape(t(lang, 'why_title'))}</h4>")
            for ev in found.evidence:
                field = t(lang, "evidence_line", field=label(lang, "field", ev.field))
                out.append(
                    f"<blockquote>{escape(quote(lang, kept_text(ev.sentence, lang)))}<br>"
                    f"<span class='meta'>{escape(field)} <em>{escape(ev.matched)}</em></span></blockquote>"
                )
        steps = role.first_steps.get(lang)[:MAX_FIRST_STEPS]
        out += [f"<h4>{escape(t(lang, 'first_steps'))}</h4>", _list(steps, numbered=True)]
        out += [f"<h4>{escape(t(lang, 'skills_learn'))}</h4>", _list(role.skills_learn.get(lang))]
        out.append("</section>")
    if result.readings:
        out += [f"<h2>{escape(t(lang, 'md_readings'))}</h2>", "<ul>"]
        for m in result.readings:
            r = m.reading
            out.append(
                f'<li><a href="{escape(r.url, quote=True)}">{escape(r.title)}</a> — '
                f"<span class='meta'>{escape(reading_line(r, lang))}</span></li>"
            )
        out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out)
