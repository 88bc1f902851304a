"""The map of AI roles as an Altair chart: every role by family, the person's place, their top roles.

Meaning never rests on colour alone: each family has its own marker shape as well as its colour, the
suggested roles carry their rank as a number placed where it overlaps nothing, and a sentence under the
chart says in words which suggested roles are closest.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import altair as alt

from recommender import FAMILIES, Landscape

from .safe_text import md
from .strings import label, t

__all__ = ["LabelBox", "landscape_chart", "landscape_rows", "map_sentence", "place_labels", "rank_legend"]

#: One colour per family, in FAMILIES order; distinct for colour-blind readers (Okabe-Ito based).
_PALETTE = ("#0072B2", "#CC79A7", "#009E73", "#B35C00", "#3A88B5", "#8E6BBF")
#: One marker shape per family, in FAMILIES order, so that colour is never the only cue.
_SHAPES = ("circle", "square", "triangle-up", "diamond", "cross", "triangle-down")
_STAR = "M0,-1L0.24,-0.31L0.95,-0.31L0.38,0.12L0.59,0.81L0,0.38L-0.59,0.81L-0.38,0.12L-0.95,-0.31L-0.24,-0.31Z"
_INK = "#1f1f3d"
_YOU = "#b83a14"
HEIGHT = 560
#: The plot area under the legend (Streamlit fits legend and plot into HEIGHT).
PLOT_HEIGHT = HEIGHT - 190
#: Labels are placed for the narrowest chart (a phone): on a wider one every gap only grows.
MIN_WIDTH = 320
_PADDING = 24
_FONT_PX = 13
_CHAR_PX = 8.0


@dataclass(frozen=True)
class LabelBox:
    """An axis-aligned box in pixels (y grows downwards), as the chart draws it."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: LabelBox) -> bool:
        return (
            self.left < other.right and other.left < self.right and self.top < other.bottom and other.top < self.bottom
        )


def _text_box(cx: float, cy: float, text: str) -> LabelBox:
    """The box of `text` centred on (cx, cy)."""
    half_w, half_h = (_CHAR_PX * len(text) + 4) / 2, (_FONT_PX + 4) / 2
    return LabelBox(cx - half_w, cy - half_h, cx + half_w, cy + half_h)


def _marker_box(cx: float, cy: float, radius: float) -> LabelBox:
    return LabelBox(cx - radius, cy - radius, cx + radius, cy + radius)


def _to_pixels(
    xs: Sequence[float], ys: Sequence[float], width: float, height: float
) -> tuple[list[tuple[float, float]], float, float]:
    """Data points to pixels of a plot `width` x `height` with the chart's padding; also pixels per data unit."""
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    kx = (width - 2 * _PADDING) / span_x
    ky = (height - 2 * _PADDING) / span_y
    pts = [(_PADDING + (x - min(xs)) * kx, height - _PADDING - (y - min(ys)) * ky) for x, y in zip(xs, ys, strict=True)]
    return pts, kx, ky


def place_labels(
    landscape: Landscape, you_label: str, width: float = MIN_WIDTH, height: float = PLOT_HEIGHT
) -> dict[str, tuple[float, float]]:
    """Where to write each suggested role's rank, in data coordinates, so that no label covers another label,
    the star, the "you are here" text or a suggested role's marker.

    Greedy, in rank order: each label tries offsets on rings of growing radius around its point and takes
    the first free one. Positions are computed for the narrowest chart; a wider chart only spreads them.
    """
    points = list(landscape.points)
    if not points or not landscape.highlighted:
        return {}
    xs = [p.x for p in points] + ([landscape.you[0]] if landscape.you else [])
    ys = [p.y for p in points] + ([landscape.you[1]] if landscape.you else [])
    pixels, kx, ky = _to_pixels(xs, ys, width, height)
    where = {p.role_id: pixels[i] for i, p in enumerate(points)}
    taken: list[LabelBox] = [_marker_box(*where[r], 9) for r in landscape.highlighted if r in where]
    if landscape.you is not None:
        yx, yy = pixels[-1]
        taken.append(_marker_box(yx, yy, 11))
        taken.append(_text_box(yx - 16 - (_CHAR_PX * len(you_label) + 4) / 2, yy, you_label))
    placed: dict[str, tuple[float, float]] = {}
    for rank, role_id in enumerate(landscape.highlighted, 1):
        if role_id not in where:
            continue
        cx, cy = where[role_id]
        text = str(rank)
        chosen = None
        for radius in (15, 22, 30, 40, 52, 66, 82):
            for step in range(12):
                angle = -math.pi / 4 + step * math.pi / 6
                bx, by = cx + radius * math.cos(angle), cy - radius * math.sin(angle)
                box = _text_box(bx, by, text)
                # the centre stays inside the data area, so labels never widen the chart's scales
                inside = _PADDING <= bx <= width - _PADDING and _PADDING <= by <= height - _PADDING
                inside = inside and box.left >= 0 and box.right <= width
                if inside and not any(box.overlaps(other) for other in taken):
                    chosen = (bx, by, box)
                    break
            if chosen:
                break
        if chosen is None:  # nowhere free within reach: the first offset, still readable in the list below
            bx, by = cx + 15, cy - 15
            chosen = (bx, by, _text_box(bx, by, text))
        taken.append(chosen[2])
        placed[role_id] = (min(xs) + (chosen[0] - _PADDING) / kx, min(ys) + (height - _PADDING - chosen[1]) / ky)
    return placed


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


def map_sentence(landscape: Landscape, titles: Mapping[str, str], lang: str, near: int = 2) -> str:
    """One plain sentence: the suggested roles nearest the person's place on the map, then the further ones."""
    if landscape.you is None or not landscape.highlighted:
        return ""
    at = {p.role_id: (p.x, p.y) for p in landscape.points}
    yx, yy = landscape.you
    shown = [r for r in landscape.highlighted if r in at]
    by_distance = sorted(shown, key=lambda r: math.hypot(at[r][0] - yx, at[r][1] - yy))
    names = [titles.get(r, r) for r in by_distance]
    if len(names) <= near:
        return t(lang, "map_sentence_near", near=", ".join(names))
    return t(lang, "map_sentence", near=", ".join(names[:near]), far=", ".join(names[near:]))


def landscape_chart(landscape: Landscape, titles: Mapping[str, str], lang: str) -> alt.LayerChart:
    """Roles by family (shape and colour), suggested roles circled with their rank, and a star for the person."""
    rows = landscape_rows(landscape, titles, lang)
    you_label = t(lang, "map_you")
    spots = place_labels(landscape, you_label)
    ids = [p.role_id for p in landscape.points]
    for row, role_id in zip(rows, ids, strict=True):
        row["lx"], row["ly"] = spots.get(role_id, (row["x"], row["y"]))
    data = alt.Data(values=rows)
    hidden = alt.Axis(title=None, labels=False, ticks=False, domain=False, grid=False)
    x = alt.X("x:Q", axis=hidden, scale=alt.Scale(zero=False, nice=False, padding=_PADDING))
    y = alt.Y("y:Q", axis=hidden, scale=alt.Scale(zero=False, nice=False, padding=_PADDING))
    lx = alt.X("lx:Q", axis=hidden, scale=alt.Scale(zero=False, nice=False, padding=_PADDING))
    ly = alt.Y("ly:Q", axis=hidden, scale=alt.Scale(zero=False, nice=False, padding=_PADDING))
    names = [label(lang, "family", f) for f in FAMILIES]
    legend = alt.Legend(
        orient="bottom",
        direction="vertical",
        columns=1,
        labelLimit=300,
        labelColor=_INK,
        titleColor=_INK,
        labelFontSize=13,
        symbolStrokeWidth=1.5,
    )
    family = alt.Color("family:N", title=t(lang, "map_family"), scale=alt.Scale(domain=names, range=list(_PALETTE)))
    shape = alt.Shape("family:N", title=t(lang, "map_family"), scale=alt.Scale(domain=names, range=list(_SHAPES)))
    tooltip = [
        alt.Tooltip("role:N", title=t(lang, "map_role")),
        alt.Tooltip("family:N", title=t(lang, "map_family")),
    ]
    size = alt.condition("datum.rank > 0", alt.value(220), alt.value(90))
    dots = (
        alt.Chart(data)
        .mark_point(filled=True, opacity=0.9, stroke="#ffffff", strokeWidth=0.5)
        .encode(x=x, y=y, color=family.legend(legend), shape=shape.legend(legend), size=size, tooltip=tooltip)
    )
    rings = (
        alt.Chart(data)
        .transform_filter("datum.rank > 0")
        .mark_point(shape="circle", size=620, filled=False, strokeWidth=2, color=_INK)
        .encode(x=x, y=y, tooltip=tooltip)
    )
    ranks = (
        alt.Chart(data)
        .transform_filter("datum.rank > 0")
        .mark_text(fontSize=_FONT_PX, fontWeight="bold", color=_INK, stroke="#ffffff", strokeWidth=3)
        .encode(x=lx, y=ly, text="label:N", tooltip=tooltip)
    )
    ranks_ink = (
        alt.Chart(data)
        .transform_filter("datum.rank > 0")
        .mark_text(fontSize=_FONT_PX, fontWeight="bold", color=_INK)
        .encode(x=lx, y=ly, text="label:N", tooltip=tooltip)
    )
    leaders = (
        alt.Chart(data)
        .transform_filter("datum.rank > 0")
        .mark_rule(color="#6b6b85", strokeWidth=1)
        .encode(x=x, y=y, x2="lx:Q", y2="ly:Q")
    )
    layers: list[alt.Chart] = [leaders, dots, rings, ranks, ranks_ink]
    if landscape.you is not None:
        you = alt.Data(values=[{"x": landscape.you[0], "y": landscape.you[1], "label": you_label}])
        layers.append(
            alt.Chart(you)
            .mark_point(shape=_STAR, size=420, filled=True, color=_YOU, stroke=_INK, strokeWidth=1, opacity=1)
            .encode(x=x, y=y, tooltip=alt.Tooltip("label:N", title=you_label))
        )
        layers.append(
            alt.Chart(you)
            .mark_text(align="right", dx=-16, fontSize=_FONT_PX, fontWeight="bold", color=_YOU)
            .encode(x=x, y=y, text="label:N")
        )
    return alt.layer(*layers).properties(height=HEIGHT).configure_view(stroke=None)
