"""A server-rendered SVG bar chart: measures per action area, stacked by latest status."""

from __future__ import annotations

from flask import has_request_context, url_for
from markupsafe import Markup, escape

from ontology import STATUS_CATEGORIES

from .i18n import concept_label, word

# Colours and labels per category; their order is the order bars and legend show.
STATUS_COLOURS = {"Completed": "#2e7d32", "InProgress": "#1565c0", "Planned": "#00838f",
                  "Delayed": "#ef6c00", "OnHold": "#c49000", "NotStarted": "#757575",
                  "Cancelled": "#c62828", "Rejected": "#6a1b9a", "Unknown": "#b0bec5"}
# The English labels, from the ontology like the German ones (one vocabulary).
STATUS_LABELS = {name: concept_label(name, "en") for name in STATUS_CATEGORIES}
STATUS_ORDER = tuple(sorted(STATUS_CATEGORIES, key=list(STATUS_COLOURS).index))


def status_label(status: str | None) -> str:
    """The ontology's label in the page's language ("verzögert" / "delayed")."""
    return concept_label(status or "Unknown")


def _list_url(area: str, status: str) -> str:
    if not has_request_context():  # a chart drawn outside a request links nowhere
        return "#"
    return url_for("pages.index", area=area, status=status)


def bar_chart(rows: list[dict], *, width: int = 860, bar: int = 26) -> Markup:
    """``rows`` as from queries.latest_status_by_area: area, status, measures."""
    areas: dict[str, dict[str, int]] = {}
    for row in rows:
        areas.setdefault(row["area"], {})[row["status"] or "Unknown"] = int(row["measures"])
    label_w, gap, top = 260, 10, 10
    most = max((sum(c.values()) for c in areas.values()), default=1)
    scale = (width - label_w - 60) / most
    legend_y = top + len(areas) * (bar + gap) + 10
    height = legend_y + 50
    parts = [Markup('<svg xmlns="http://www.w3.org/2000/svg" role="img" class="chart" '
                    'viewBox="0 0 {w} {h}" width="{w}" height="{h}">'
                    '<title>{t}</title>').format(w=width, h=height, t=word("overview_lead"))]
    for i, (area, counts) in enumerate(sorted(areas.items())):
        y = top + i * (bar + gap)
        parts.append(Markup('<text x="{x}" y="{y}" text-anchor="end" class="area">{a}</text>')
                     .format(x=label_w - 8, y=y + bar * 0.68, a=area))
        x = float(label_w)
        for status in STATUS_ORDER:
            n = counts.get(status, 0)
            if not n:
                continue
            w = n * scale
            # Each bar leads to the list of the measures it counts.
            parts.append(Markup(
                '<a class="bar" href="{href}"><rect x="{x:.1f}" y="{y}" width="{w:.1f}" '
                'height="{h}" fill="{c}"><title>{a}: {n} {s}</title></rect>').format(
                href=_list_url(area, status), x=x, y=y, w=w,
                h=bar, c=STATUS_COLOURS[status], a=area, n=n, s=status_label(status)))
            if w >= 18:
                parts.append(Markup('<text x="{x:.1f}" y="{y}" class="count">{n}</text>')
                             .format(x=x + w / 2, y=y + bar * 0.68, n=n))
            parts.append(Markup("</a>"))
            x += w
        parts.append(Markup('<text x="{x:.1f}" y="{y}" class="total">{n}</text>')
                     .format(x=x + 6, y=y + bar * 0.68, n=sum(counts.values())))
    x, y = float(label_w), legend_y
    for status in STATUS_ORDER:
        step = 16 + 7.5 * len(status_label(status)) + 16
        if x + step > width:  # wrap the legend rather than cut it off
            x, y = float(label_w), y + 20
        parts.append(Markup('<rect x="{x:.0f}" y="{y}" width="12" height="12" fill="{c}"/>'
                            '<text x="{tx:.0f}" y="{ty}" class="legend">{s}</text>').format(
            x=x, y=y, c=STATUS_COLOURS[status], tx=x + 16, ty=y + 11, s=status_label(status)))
        x += step
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


__all__ = ["STATUS_COLOURS", "bar_chart", "escape", "status_label"]
