"""Charts drawn on the server as SVG, so the page, the PDF and a saved image are one picture.

pygal draws; this module then makes its output ours before it is inlined in a page:
- no script, no <style> element and no comments (the page's CSP allows neither inline
  script nor inline style): colours, lines and fonts become presentation attributes;
- only the elements and attributes a static chart needs survive, and every text is
  escaped by the XML writer (statements written by coordinators appear as labels);
- a <title> and a <desc> name the picture (role="img");
- no information is in colour alone: each series of a line chart has its own dash, each
  series of a bar chart its own fill pattern, and the legend shows them;
- the picture scales with its viewBox, so it reads at 360 px wide.

Every chart also carries its numbers as rows for an accessible table (templates
`lib/_chart.html`), and a chart of too few people draws "too few answers yet", never
its figures.
"""

from __future__ import annotations

import math
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

import pygal
from defusedxml.ElementTree import fromstring
from django.http import Http404, HttpResponse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from pygal.style import Style

# pygal adds an old-style import hook for its map plugins (unused here) that makes every
# later failed import warn; take it out again.
sys.meta_path[:] = [f for f in sys.meta_path if type(f).__name__ != "PluginImportFixer"]

SVG = "http://www.w3.org/2000/svg"

INK = "#1f2328"
MUTED = "#4b5563"
GRID = "#d6d3cc"
PLOT = "#ffffff"
FONT = 'system-ui, "DejaVu Sans", "Noto Sans", sans-serif'
# The ember accent first; each at least 3:1 on white (WCAG 1.4.11).
COLOURS = ("#a3380f", "#1d4ed8", "#166534", "#6b21a8", "#92400e", "#4b5563")
DASHES = ("", "10 5", "3 4", "14 4 3 4", "6 3", "1 3")
WIDTH, HEIGHT = 560, 400
LEGEND_ROW = 34

_KEEP = {
    "svg",
    "g",
    "defs",
    "pattern",
    "rect",
    "path",
    "circle",
    "line",
    "text",
    "title",
    "desc",
}
_ATTRIBUTES = {
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "d",
    "width",
    "height",
    "transform",
    "viewBox",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-dasharray",
    "font-size",
    "font-family",
    "font-weight",
    "text-anchor",
    "dominant-baseline",
    "id",
    "patternUnits",
    "role",
    "aria-labelledby",
    "class",
    "focusable",
    "preserveAspectRatio",
}


@dataclass(frozen=True)
class Series:
    name: str
    values: list[Any]  # numbers (None: nothing that month); for a box, the raw values


@dataclass
class Chart:
    """One chart: what it is about, its numbers, and (drawn when asked) its picture."""

    key: str  # unique on a page: the ids of the figure, its title and its table
    kind: str  # "line", "bar", "stacked" or "box"
    title: str
    units: str
    summary: str  # a plain-language sentence of what it shows
    labels: list[str]  # one per point along the x axis (a row of the table each)
    series: list[Series] = field(default_factory=list)
    withheld: bool = False  # too few people: the picture and the table say so
    value_format: str = "{}"
    label_heading: str = ""  # the heading of the table's first column

    @property
    def too_few(self) -> str:
        return _("Too few answers yet")

    @property
    def empty(self) -> bool:
        """Nothing but zeros or gaps: no axis is drawn for it, only "nothing to show yet"."""
        return not self.withheld and not any(v for s in self.series for v in s.values)

    @property
    def nothing(self) -> str:
        return _("Nothing to show yet")

    @property
    def legend_columns(self) -> int:
        """One column when there are more than two series: the legend then reads at 360 px."""
        return 1 if len(self.series) > 2 else 2

    @property
    def height(self) -> int:
        """Taller by each row of the legend past the first, so the plot keeps its size."""
        if len(self.series) <= 1 or self.kind == "box" or self.withheld or self.empty:
            return HEIGHT
        rows = -(-len(self.series) // self.legend_columns)
        return HEIGHT + LEGEND_ROW * (rows - 1)

    @property
    def columns(self) -> list[str]:
        if self.kind == "box":
            return [
                _("People"),
                _("Lowest"),
                _("Lower quarter"),
                _("Middle"),
                _("Upper quarter"),
                _("Highest"),
            ]
        return [s.name for s in self.series]

    @property
    def rows(self) -> list[tuple[str, list[str]]]:
        """The table: (row heading, cells), the same numbers as the picture."""
        if self.withheld or self.empty:
            return []
        if self.kind == "box":
            return [(s.name, [self._cell(v) for v in quartiles(s.values)]) for s in self.series]
        return [
            (label, [self._cell(s.values[i] if i < len(s.values) else None) for s in self.series])
            for i, label in enumerate(self.labels)
        ]

    def _cell(self, value: Any) -> str:
        if value is None:
            return "–"
        return self.value_format.format(value)

    @property
    def svg(self) -> SafeString:
        return render(self)


def quartiles(values: list[Any]) -> list[Any]:
    """[n, lowest, lower quarter, median, upper quarter, highest] (medians of halves)."""
    data = sorted(float(v) for v in values)
    n = len(data)
    if not n:
        return [0, None, None, None, None, None]

    def median(part: list[float]) -> float:
        m = len(part)
        mid = m // 2
        return round(part[mid] if m % 2 else (part[mid - 1] + part[mid]) / 2, 2)

    lower, upper = data[: n // 2] or data, data[(n + 1) // 2 :] or data
    return [n, data[0], median(lower), median(data), median(upper), data[-1]]


def y_labels(top: float, most: int = 5) -> list[float]:
    """From 0 to at least `top` in at most `most` round steps (1, 2 or 5 times a power of
    ten): 1.5 → 0, 0.5, 1, 1.5; 0.12 → 0, 0.05, 0.1, 0.15."""
    if top <= 0:
        return [0.0, 1.0]
    magnitude = 10 ** math.floor(math.log10(top / most))
    step = 10 * magnitude
    for factor in (1, 2, 5):
        if math.ceil(top / (factor * magnitude) - 1e-9) <= most:
            step = factor * magnitude
            break
    count = math.ceil(top / step - 1e-9)
    return [round(i * step, 10) for i in range(count + 1)]


def _top(chart: Chart) -> float:
    """The highest point drawn: a stacked bar's whole height, or the highest value."""
    if chart.kind == "stacked":
        width = max(len(s.values) for s in chart.series)
        return max(
            sum(float(s.values[i] or 0) for s in chart.series if i < len(s.values))
            for i in range(width)
        )
    return max(float(v) for s in chart.series for v in s.values if v is not None)


def _pygal(chart: Chart) -> Any:
    style = Style(
        font_family=FONT,
        colors=COLOURS,
        label_font_size=19,
        major_label_font_size=19,
        legend_font_size=17,
        value_font_size=17,
        title_font_size=20,
        no_data_font_size=28,
    )
    options: dict[str, Any] = {
        "js": [],
        "disable_xml_declaration": True,
        "style": style,
        "width": WIDTH,
        "height": chart.height,
        "show_legend": len(chart.series) > 1 and chart.kind != "box",
        "legend_at_bottom": True,
        "legend_at_bottom_columns": chart.legend_columns,
        "legend_box_size": 18,
        "truncate_legend": 26 if chart.legend_columns > 1 else 52,
        "truncate_label": 18,
        "x_label_rotation": 0 if len(chart.labels) <= 6 else 35,
        "y_title": chart.units,
        "no_data_text": chart.too_few if chart.withheld else _("Nothing to show yet"),
        "include_x_axis": True,
        "margin": 8,
        "tooltip_border_radius": 0,
    }
    columns = options["legend_at_bottom_columns"]
    rows = -(-len(chart.series) // columns)
    if options["show_legend"] and rows > 1 and columns > 1:
        options["margin_bottom"] = 8 + LEGEND_ROW * (rows - 1)
    whole = [v for s in chart.series for v in s.values if v is not None]
    if chart.kind != "box" and whole and all(isinstance(v, int) for v in whole):
        step = max(1, -(-max(whole) // 5))
        options["y_labels"] = list(range(0, max(whole) + step + 1, step))
    elif chart.kind != "box" and whole and min(whole) >= 0:
        # Small fractions (0.1 hours…): a few round steps, never a crowd of labels.
        options["y_labels"] = y_labels(_top(chart))
    kinds = {"line": pygal.Line, "bar": pygal.Bar, "stacked": pygal.StackedBar, "box": pygal.Box}
    if chart.kind in ("bar", "stacked"):
        options["print_values"] = chart.kind == "bar"
    if chart.kind == "box":
        options["box_mode"] = "tukey"
        options["x_label_rotation"] = 0
    if chart.withheld or chart.empty:
        # No axis: a 0–1 scale of nothing would mean nothing.
        options.update(
            show_y_labels=False,
            show_x_guides=False,
            show_y_guides=False,
            y_title="",
            show_legend=False,
            no_data_text=chart.too_few if chart.withheld else chart.nothing,
        )
        options.pop("y_labels", None)  # pygal cannot place labels on no data
        return kinds[chart.kind](**options)
    drawing = kinds[chart.kind](**options)
    if chart.kind == "box":
        drawing.x_labels = [s.name for s in chart.series]
        for s in chart.series:
            drawing.add(s.name, [float(v) for v in s.values])
    else:
        drawing.x_labels = chart.labels
        for s in chart.series:
            drawing.add(s.name, [None if v is None else float(v) for v in s.values])
    return drawing


def render(chart: Chart) -> SafeString:
    drawing = _pygal(chart)
    root = fromstring(drawing.render(is_unicode=True))
    return mark_safe(_ours(root, chart))  # noqa: S308 - rebuilt from an allow-list just above


def _classes(element: ET.Element) -> set[str]:
    return set((element.get("class") or "").split())


def _series_index(classes: set[str]) -> int | None:
    for name in classes:
        if name.startswith("color-") and name[6:].isdigit():
            return int(name[6:])
    return None


def _anchor(classes: set[str]) -> str:
    if classes & {"title", "no_data", "value"}:
        return "middle"
    if "axis" in classes and "y" in classes:
        return "end"
    if "axis" in classes and "x" in classes:
        return "middle"
    return "start"


def _paint_text(element: ET.Element, classes: set[str], here: set[str]) -> None:
    turned = "rotate" in (element.get("transform") or "")
    element.set("text-anchor", "start" if turned else _anchor(here))
    strong = here & {"title", "legend", "no_data"} or "value" in classes
    element.set("fill", INK if strong else MUTED)
    element.set("font-family", FONT)
    size = 20 if "title" in here else 28 if "no_data" in here else 17 if "legend" in here else 19
    element.set("font-size", str(17 if "value" in classes else size))


def _paint_line(element: ET.Element, tag: str, legend: bool, serie: int) -> None:
    colour, dash = COLOURS[serie % len(COLOURS)], DASHES[serie % len(DASHES)]
    if tag == "path" or (legend and tag == "rect"):
        element.set("fill", "none")
        element.set("stroke", colour)
        element.set("stroke-width", "3")
        if dash:
            element.set("stroke-dasharray", dash)
    elif tag == "circle":
        element.set("fill", colour)
        element.set("r", "4")


def _paint(
    element: ET.Element, tag: str, inherited: set[str], serie: int | None, uid: str, kind: str
) -> None:
    classes = _classes(element)
    here = classes | inherited
    if tag == "text":
        _paint_text(element, classes, here)
        return
    if tag == "rect" and "background" in classes:
        element.set("fill", PLOT)
        return
    if serie is None:
        if tag == "path":
            element.set("fill", "none")
            element.set("stroke", GRID if "guide" in here else MUTED)
            element.set("stroke-width", "1")
        return
    colour = COLOURS[serie % len(COLOURS)]
    if kind == "line":
        _paint_line(element, tag, "legend" in here, serie)
        return
    if tag in ("rect", "path", "circle"):
        fill = f"url(#{uid}-p{serie % len(COLOURS)})" if kind == "stacked" else colour
        element.set("fill", "none" if tag == "path" else fill)
        element.set("stroke", colour)
        element.set("stroke-width", "2" if kind == "box" else "1")
        if kind == "box" and tag == "rect":
            element.set("fill", "#f4e9e2")


def _patterns(defs: ET.Element, uid: str) -> None:
    """A fill per series: solid, diagonal, dots, crossed, horizontal, vertical."""
    marks = (
        "",
        "M0 8 L8 0",
        "M3 3 h2 v2 h-2 z",
        "M0 0 L8 8 M0 8 L8 0",
        "M0 4 h8",
        "M4 0 v8",
    )
    for i, (colour, mark) in enumerate(zip(COLOURS, marks, strict=True)):
        pattern = ET.SubElement(
            defs,
            f"{{{SVG}}}pattern",
            {"id": f"{uid}-p{i}", "width": "8", "height": "8", "patternUnits": "userSpaceOnUse"},
        )
        ET.SubElement(pattern, f"{{{SVG}}}rect", {"width": "8", "height": "8", "fill": colour})
        if mark:
            ET.SubElement(
                pattern,
                f"{{{SVG}}}path",
                {"d": mark, "stroke": "#ffffff", "stroke-width": "1.6", "fill": "#ffffff"},
            )


def _clean(
    element: ET.Element, inherited: set[str], serie: int | None, uid: str, kind: str
) -> None:
    for child in list(element):
        tag = child.tag.split("}")[-1] if isinstance(child.tag, str) else ""
        classes = _classes(child)
        drop = (
            tag not in _KEEP
            or tag in ("title", "desc")  # pygal's tooltips: ours are added at the top
            or classes & {"tooltip", "tooltip-overlay"}
            or (tag == "defs" and element.tag.endswith("svg"))
        )
        if drop:
            element.remove(child)
            continue
        for name in list(child.attrib):
            if name not in _ATTRIBUTES:
                del child.attrib[name]
        own = _series_index(classes)
        index = own if own is not None else serie
        _paint(child, tag, inherited, index, uid, kind)
        _clean(child, inherited | classes, index, uid, kind)
        child.attrib.pop("class", None)
        child.attrib.pop("id", None)


def _ours(root: ET.Element, chart: Chart) -> str:
    # From the key alone (unique on a page), so the picture is the same each time it is
    # drawn: the page's, the PDF's and the downloaded image's.
    uid = f"chart-{chart.key}-svg"
    _clean(root, set(), None, uid, chart.kind)
    for name in list(root.attrib):
        if name != "viewBox":
            del root.attrib[name]
    root.set("width", str(WIDTH))
    root.set("height", str(chart.height))
    root.set("class", "chart-svg")
    root.set("role", "img")
    root.set("aria-labelledby", f"{uid}-t {uid}-d")
    root.set("font-family", FONT)
    title = ET.Element(f"{{{SVG}}}title", {"id": f"{uid}-t"})
    title.text = f"{chart.title} ({chart.units})" if chart.units else chart.title
    desc = ET.Element(f"{{{SVG}}}desc", {"id": f"{uid}-d"})
    desc.text = chart.too_few if chart.withheld else chart.nothing if chart.empty else chart.summary
    defs = ET.Element(f"{{{SVG}}}defs")
    if chart.kind == "stacked":
        _patterns(defs, uid)
    for at, element in enumerate((title, desc, defs)):
        root.insert(at, element)
    return _markup(root)


def _markup(root: ET.Element) -> str:
    """The SVG as markup with its tags unprefixed. ElementTree's prefix for a namespace is
    global and other libraries change it (WeasyPrint maps the empty prefix elsewhere when it
    loads), so the tags lose their namespace here and the root says it once."""
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = element.tag.split("}", 1)[1]
    root.set("xmlns", SVG)
    return ET.tostring(root, encoding="unicode")


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 96, 24, 2


def sparkline(values: list[int] | list[float], label: str) -> SafeString:
    """A tiny line of `values` over time, without text: `label` (which should say what the
    numbers are) and the numbers themselves name it, as the row beside it shows them too."""
    numbers = [float(v) for v in values]
    spoken = ", ".join(f"{v:g}" for v in numbers)
    root = ET.Element(
        f"{{{SVG}}}svg",
        {
            "viewBox": f"0 0 {SPARK_WIDTH} {SPARK_HEIGHT}",
            "width": str(SPARK_WIDTH),
            "height": str(SPARK_HEIGHT),
            "class": "sparkline",
            "role": "img",
            "aria-label": f"{label}: {spoken}" if numbers else label,
            "focusable": "false",
        },
    )
    base = SPARK_HEIGHT - SPARK_PAD
    ET.SubElement(
        root,
        f"{{{SVG}}}line",
        {"x1": "0", "y1": str(base), "x2": str(SPARK_WIDTH), "y2": str(base), "stroke": GRID},
    )
    if numbers:
        top = max(numbers) or 1.0
        step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(numbers) - 1, 1)
        points = [
            (
                round(SPARK_PAD + i * step, 1),
                round(base - (v / top) * (SPARK_HEIGHT - 2 * SPARK_PAD), 1),
            )
            for i, v in enumerate(numbers)
        ]
        if len(points) == 1:
            points.append((SPARK_WIDTH - SPARK_PAD, points[0][1]))
        path = "M" + " L".join(f"{x:g} {y:g}" for x, y in points)
        ET.SubElement(
            root,
            f"{{{SVG}}}path",
            {"d": path, "fill": "none", "stroke": COLOURS[0], "stroke-width": "2"},
        )
        x, y = points[-1] if len(numbers) > 1 else points[0]
        ET.SubElement(
            root,
            f"{{{SVG}}}circle",
            {"cx": f"{x:g}", "cy": f"{y:g}", "r": "2.5", "fill": COLOURS[0]},
        )
    return mark_safe(_markup(root))  # noqa: S308 - built here, escaped by ET


def download(charts: list[Chart], key: str, name: str) -> HttpResponse:
    """The chart `key` of `charts` as an SVG file named `name`: the very picture its page
    shows (sanitised as above, no script). 404 for a key not among them."""
    chart = next((c for c in charts if c.key == key), None)
    if chart is None:
        raise Http404
    response = HttpResponse(str(chart.svg), content_type="image/svg+xml")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
