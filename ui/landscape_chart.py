"""The map of AI roles as an Altair chart: every role by family, the person's place, their top roles."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt

from recommender import FAMILIES, Landscape

from .safe_text import md
from .strings import label, t

__all__ = ["landscape_chart", "landscape_rows", "rank_legend"]

#: One colour per family, in FAMILIES order; distinct for colour-blind readers (Okabe-Ito based).
_PALETTE = ("#0072B2", "#CC79A7", "#009E73", "#E69F00", "#56B4E9", "#8E6BBF")
_STAR = "M0,-1L0.24,-0.31L0.95,-0.31L0.38,0.12L0.59,0.81L0,0.38L-0.59,0.81L-0.38,0.12L-0.95,-0.31L-0.24,-0.31Z"


def landscape_rows(landscape: Landscape, titles: Mapping[str, str], lang: str) -> list[dict[str, object]]:
    """One plain row per role: position, localised title and family, rank when it was suggested."""
    rank = {role_id: i for i, role_id in enumerate(landscape.highlighted, 1)}
    return [
        {
            "x": p.x,
            "y": p.y,
            "role": titles.get(p.role_id, p.role_id),
            "family": label(lang, "family", p.family),
            "rank": rank.get(p.role_id, 0),
            "label": str(rank[p.role_id]) if p.role_id in rank else "",
        }
        for p in landscape.points
    ]


def rank_legend(landscape: Landscape, titles: Mapping[str, str]) -> str:
    """The key to the numbers on the map, as an escaped Markdown numbered list."""
    return "\n".join(f"{i}. {md(titles.get(r, r))}" for i, r in enumerate(landscape.highlighted, 1))


def landscape_chart(landscape: Landscape, titles: Mapping[str, str], lang: str) -> alt.LayerChart:
    """Roles coloured by family, suggested roles circled with their rank, and a star for the person."""
    rows = landscape_rows(landscape, titles, lang)
    data = alt.Data(values=rows)
    hidden = alt.Axis(title=None, labels=False, ticks=False, domain=False, grid=False)
    x = alt.X("x:Q", axis=hidden, scale=alt.Scale(zero=False, nice=False, padding=24))
    y = alt.Y("y:Q", axis=hidden, scale=alt.Scale(zero=False, nice=False, padding=24))
    family = alt.Color(
        "family:N",
        title=t(lang, "map_family"),
        scale=alt.Scale(domain=[label(lang, "family", f) for f in FAMILIES], range=list(_PALETTE)),
        legend=alt.Legend(orient="bottom", direction="horizontal", columns=2, labelLimit=260, symbolType="circle"),
    )
    tooltip = [
        alt.Tooltip("role:N", title=t(lang, "map_role")),
        alt.Tooltip("family:N", title=t(lang, "map_family")),
    ]
    size = alt.condition("datum.rank > 0", alt.value(260), alt.value(90))
    dots = alt.Chart(data).mark_circle(opacity=0.85).encode(x=x, y=y, color=family, size=size, tooltip=tooltip)
    rings = (
        alt.Chart(data)
        .transform_filter("datum.rank > 0")
        .mark_point(shape="circle", size=700, filled=False, strokeWidth=2, color="#1f1f3d")
        .encode(x=x, y=y)
    )
    names = (
        alt.Chart(data)
        .transform_filter("datum.rank > 0")
        .mark_text(align="left", dx=13, dy=-11, fontSize=13, fontWeight="bold", color="#1f1f3d")
        .encode(x=x, y=y, text="label:N")
    )
    layers: list[alt.Chart] = [dots, rings, names]
    if landscape.you is not None:
        you = alt.Data(values=[{"x": landscape.you[0], "y": landscape.you[1], "label": t(lang, "map_you")}])
        layers.append(
            alt.Chart(you)
            .mark_point(shape=_STAR, size=420, filled=True, color="#e4572e", stroke="#1f1f3d", strokeWidth=1, opacity=1)
            .encode(x=x, y=y, tooltip=alt.Tooltip("label:N", title=""))
        )
        layers.append(
            alt.Chart(you)
            .mark_text(align="right", dx=-16, fontSize=13, fontWeight="bold", color="#e4572e")
            .encode(x=x, y=y, text="label:N")
        )
    return alt.layer(*layers).properties(height=460).configure_view(stroke=None)
