"""Charts drawn on the server: named, safe to inline, readable without colour, and
withholding their numbers when too few people are behind them."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET

import pytest
from defusedxml.ElementTree import fromstring

from fireside.lib.charts import Chart, Series, quartiles, y_labels

NS = "{http://www.w3.org/2000/svg}"


def parse(chart: Chart) -> ET.Element:
    return fromstring(str(chart.svg))


@pytest.mark.parametrize("kind", ["line", "bar", "stacked", "box"])
def test_every_picture_is_named_scales_and_runs_nothing(kind: str) -> None:
    chart = Chart(
        "t",
        kind,
        "Hours <script>alert(1)</script>",
        "hours",
        "What it shows.",
        ["Sep 2026", "Oct 2026"],
        [Series("A & <b>", [1, 2.5]), Series("B", [3, 4])],
    )
    root = parse(chart)
    assert root.tag == f"{NS}svg" and root.get("role") == "img" and root.get("viewBox")
    title, desc = root.find(f"{NS}title"), root.find(f"{NS}desc")
    assert title is not None and title.text == "Hours <script>alert(1)</script> (hours)"
    assert desc is not None and desc.text == "What it shows."
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    tags = {e.tag.removeprefix(NS) for e in root.iter()}
    assert not tags & {"script", "style", "foreignObject", "image", "a"}
    assert not [n for e in root.iter() for n in e.attrib if n.startswith("on") or n == "style"]
    assert "<script" not in str(chart.svg)


def test_series_differ_by_more_than_colour() -> None:
    line = parse(
        Chart("l", "line", "T", "u", "s", ["a", "b"], [Series("A", [1, 2]), Series("B", [2, 3])])
    )
    dashes = {
        p.get("stroke-dasharray") for p in line.iter(f"{NS}path") if p.get("stroke-width") == "3"
    }
    assert len(dashes) == 2  # one solid (None), one dashed
    stacked = parse(
        Chart("s", "stacked", "T", "u", "s", ["a"], [Series("A", [1]), Series("B", [2])])
    )
    fills = {
        r.get("fill") for r in stacked.iter(f"{NS}rect") if (r.get("fill") or "").startswith("url(")
    }
    assert len(fills) == 2  # a pattern each, shown in the legend too


def test_the_table_has_the_same_numbers_and_a_withheld_chart_shows_none() -> None:
    chart = Chart(
        "c",
        "line",
        "T",
        "%",
        "s",
        ["Sep", "Oct"],
        [Series("Rate", [50.0, None])],
        value_format="{} %",
    )
    assert chart.rows == [("Sep", ["50.0 %"]), ("Oct", ["–"])]
    box = Chart("b", "box", "T", "1–5", "s", [], [Series("Before", [1, 2, 3, 4, 5])])
    assert box.rows == [("Before", ["5", "1.0", "1.5", "3.0", "4.5", "5.0"])]
    withheld = Chart("w", "box", "T", "1–5", "s", [], [Series("Before", [4.75])], withheld=True)
    assert withheld.rows == []
    assert "Too few answers yet" in str(withheld.svg) and "4.75" not in str(withheld.svg)


def test_quartiles() -> None:
    assert quartiles([]) == [0, None, None, None, None, None]
    assert quartiles([3, 1, 2, 4]) == [4, 1.0, 1.5, 2.5, 3.5, 4.0]


def test_the_tags_stay_plain_svg_whatever_else_registered_a_prefix() -> None:
    """ElementTree's prefixes are global: WeasyPrint, once loaded, takes the empty prefix for
    its own namespace, which made the charts come out as <ns0:svg> that no browser draws."""
    import weasyprint.pdf.metadata  # noqa: F401 - it registers its prefixes on import

    from fireside.lib.charts import sparkline

    chart = Chart("t", "line", "Hours", "hours", "What it shows.", ["Sep"], [Series("A", [1])])
    for markup in (str(chart.svg), str(sparkline([1, 2], "Members"))):
        assert markup.startswith("<svg ") and "ns0" not in markup and "<svg:" not in markup
        assert fromstring(markup).tag == f"{NS}svg"


@pytest.mark.parametrize("kind", ["line", "bar", "stacked", "box"])
def test_a_chart_of_nothing_draws_no_axis(kind: str) -> None:
    values: list[object] = [] if kind == "box" else [0, None]
    chart = Chart("n", kind, "T", "hours", "s", ["Sep", "Oct"], [Series("A", values)])
    assert chart.empty and chart.rows == []
    root = parse(chart)
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert texts == ["Nothing to show yet"]  # no 0 and 1 on a meaningless scale
    desc = root.find(f"{NS}desc")
    assert desc is not None and desc.text == "Nothing to show yet"


def test_a_long_legend_has_a_row_each_and_the_picture_grows_for_it() -> None:
    names = ["Gatherings attended", "Peer connections", "Reflections written", "Online talk"]
    chart = Chart("s", "stacked", "T", "u", "s", ["Sep"], [Series(n, [1]) for n in names])
    assert chart.legend_columns == 1 and chart.height > 400
    root = parse(chart)
    assert root.get("height") == str(chart.height)
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert all(n in texts for n in names)  # whole, never cut short
    pair = Chart("p", "stacked", "T", "u", "s", ["Sep"], [Series("A", [1]), Series("B", [2])])
    assert pair.legend_columns == 2 and pair.height == 400


def test_the_picture_is_the_same_each_time_it_is_drawn() -> None:
    chart = Chart("d", "stacked", "T", "u", "s", ["Sep"], [Series("A", [1]), Series("B", [2])])
    assert str(chart.svg) == str(chart.svg)


def _y_labels(root: ET.Element) -> list[tuple[str, float]]:
    """The y axis's labels (right-aligned, left of the plot), with where each is drawn."""
    return [
        (t.text or "", float(t.get("y") or 0))
        for t in root.iter(f"{NS}text")
        if t.get("text-anchor") == "end"
    ]


@pytest.mark.parametrize("kind", ["line", "bar", "stacked"])
def test_small_fractions_get_a_few_round_y_labels_that_never_overlap(kind: str) -> None:
    months = ["Sep", "Oct", "Nov", "Dec"]
    series = [Series("Gatherings", [0.1, 0.5, 1.2, 0.3]), Series("Calls", [0.1, 0.2, 0.3, 0])]
    chart = Chart("h", kind, "Hours by month", "hours", "s", months, series)
    labels = _y_labels(parse(chart))
    assert 2 <= len(labels) <= 6, labels
    assert [text for text, _y in labels] == ["0", "0.5", "1", "1.5"]
    heights = sorted(y for _text, y in labels)
    assert min(b - a for a, b in itertools.pairwise(heights)) > 19 * 1.5


def test_round_steps() -> None:
    assert y_labels(1.5) == [0, 0.5, 1, 1.5]
    assert y_labels(0.12) == [0, 0.05, 0.1, 0.15]
    assert y_labels(0.07) == [0, 0.02, 0.04, 0.06, 0.08]
    assert y_labels(12.5) == [0, 5, 10, 15]
    assert y_labels(0) == [0, 1]
    for top in (0.01, 0.3, 0.99, 3.2, 47.0, 101.5):
        found = y_labels(top)
        assert len(found) <= 6 and found[0] == 0 and found[-1] >= top
