"""The dashboard's charts: SVG drawn on the server by pygal, shown as `<img src="data:...">`.

Why an image from a data URI: the page's Content Security Policy allows no inline script
or style, and a pygal SVG carries a `<style>` element (and a `<script>` with its config,
removed here). Put inline into the HTML they would be blocked; as an image the SVG is a
document of its own that runs no script and loads nothing, its styles apply, and the
page only needs `img-src data:`, which the policy allows. It also needs no second
request that would compute the figures again. Every chart has its numbers in a table
beside it, so the image's `alt` text names the chart and the table carries the data.
"""

from __future__ import annotations

import base64
from xml.etree import ElementTree

import pygal
from pygal.style import Style

STYLE = Style(
    background="transparent",
    plot_background="#ffffff",
    foreground="#1d2330",
    foreground_strong="#1d2330",
    foreground_subtle="#5a6372",
    font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
    colors=("#1f5fbf", "#e07b00", "#1e6b34", "#a61b1b", "#6f42c1", "#0f7c8c", "#8a5a00", "#5a6372"),
    title_font_size=15,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=12,
    value_font_size=11,
)
OPTIONS = {
    "style": STYLE,
    "js": [],  # no scripts from a CDN (pygal's default); its inline config script is dropped below
    "disable_xml_declaration": True,
    "width": 640,
    "height": 300,
    "margin": 12,
    "legend_at_bottom": True,
    "legend_at_bottom_columns": 4,
    "print_values": False,
    "show_y_guides": True,
    "truncate_legend": -1,
    "truncate_label": 24,
}


def svg_text(chart: pygal.graph.graph.Graph) -> str:
    """The chart as SVG text, without pygal's script element (also for SVG files, as under docs/)."""
    tree = chart.render_tree()
    for parent in list(tree.iter()):
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.rpartition("}")[2] == "script":
                parent.remove(child)
    return ElementTree.tostring(tree, encoding="unicode")


def svg_data_uri(chart: pygal.graph.graph.Graph) -> str:
    """The chart as an SVG data URI, without pygal's script element."""
    svg = svg_text(chart)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _chart(kind, title: str, *, series: int = 1, **options):
    """A chart with the house options; the legend gets one row for up to five series."""
    return kind(title=title, **(OPTIONS | {"legend_at_bottom_columns": max(1, min(series, 5))} | options))


def _counts_axis(values: list[int]) -> dict:
    """Whole-number ticks for an axis of counts (pygal would draw 0.1 steps up to 1)."""
    top = max([1, *values])
    step = max(1, -(-top // 8))
    return {"range": (0, top), "y_labels": list(range(0, top + step, step))}


def status_chart(over_time: dict, labels: dict[str, str]) -> str | None:
    """Articles by status, stacked, day by day."""
    if not over_time["dates"]:
        return None
    totals = [sum(day) for day in zip(*over_time["series"].values(), strict=True)]
    chart = _chart(
        pygal.StackedBar,
        "Articles by status",
        series=len(over_time["series"]),
        x_label_rotation=30,
        show_minor_x_labels=False,
        x_labels_major_count=8,
        **_counts_axis(totals),
    )
    chart.x_labels = over_time["dates"]
    for status, values in over_time["series"].items():
        chart.add(labels.get(status, status), values)
    return svg_data_uri(chart)


def annotators_chart(annotators: list[dict]) -> str | None:
    """Sets submitted per annotator."""
    if not annotators:
        return None
    chart = _chart(
        pygal.HorizontalBar,
        "Articles submitted per annotator",
        show_legend=False,
        **_counts_axis([a["submitted"] for a in annotators]),
    )
    # pygal draws the first label at the bottom: reversed, the chart reads like the table.
    chart.x_labels = [a["annotator"] for a in reversed(annotators)]
    chart.add("submitted", [a["submitted"] for a in reversed(annotators)])
    return svg_data_uri(chart)


def measures_chart(title: str, series: dict[str, dict[str, float | None]], labels: dict[str, str]) -> str | None:
    """Horizontal bars of 0-1 measures, first measure on top: one bar per series (project, version)."""
    if not series:
        return None
    values = [v for figures in series.values() for m in labels if (v := figures.get(m)) is not None]
    chart = _chart(
        pygal.HorizontalBar,
        title,
        series=len(series),
        range=(min(0.0, *values) if values else 0.0, 1.0),
        show_legend=len(series) > 1,
        height=340,
    )
    # pygal draws the first label at the bottom: reversed, the table's order reads top down.
    chart.x_labels = list(reversed(labels.values()))
    for name, figures in series.items():
        chart.add(name, [figures.get(m) for m in reversed(labels)])
    return svg_data_uri(chart)


def edits_chart(versions: list[dict], labels: dict[str, str]) -> str | None:
    """What annotators did to each version's proposals, as counts, first outcome on top."""
    rows = [v for v in versions if v["edits"]]
    if not rows:
        return None
    chart = _chart(
        pygal.HorizontalBar,
        "What annotators did to the proposals",
        series=len(rows),
        show_legend=len(rows) > 1,
        height=340,
        **_counts_axis([v["edits"][k] for v in rows for k in labels]),
    )
    chart.x_labels = list(reversed(labels.values()))
    for v in rows:
        chart.add(v["version"], [v["edits"][k] for k in reversed(labels)])
    return svg_data_uri(chart)


def speaker_type_chart(by_type: dict[str, dict], labels: dict[str, str]) -> str | None:
    """Share of gold quotes by speaker type."""
    if not any(v["quotes"] for v in by_type.values()):
        return None
    chart = _chart(
        pygal.Pie,
        "Gold quotes by speaker type",
        series=sum(1 for v in by_type.values() if v["quotes"]),
        inner_radius=0.45,
    )
    for key, value in by_type.items():
        if value["quotes"]:
            chart.add(labels.get(key, key), value["quotes"])
    return svg_data_uri(chart)


def top_speakers_chart(top: list[dict]) -> str | None:
    """The speakers quoted most in the gold."""
    if not top:
        return None
    chart = _chart(
        pygal.HorizontalBar, "Top speakers in the gold", show_legend=False, **_counts_axis([r["quotes"] for r in top])
    )
    chart.x_labels = [row["speaker"] for row in reversed(top)]
    chart.add("quotes", [row["quotes"] for row in reversed(top)])
    return svg_data_uri(chart)
