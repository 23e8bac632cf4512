"""Hostile Markdown never turns into executable HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.lib.markdown import render_markdown

DANGEROUS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    '<svg onload="alert(1)">',
    "<iframe src=//evil.example></iframe>",
    "<style>*{display:none}</style>",
    '<div style="background:url(javascript:alert(1))">',
    "<a href='vbscript:msgbox(1)'>v</a>",
    "&lt;script&gt;",
    "<<script>script>alert(1)<</script>/script>",
    "[x](  javascript:alert(1)  )",
    "<form action=//evil><input></form>",
]
FRAGMENTS = st.sampled_from(
    [*DANGEROUS, "- ", "  - ", "> ", "**", "`", "```\n", "\n", "[a](", ")", "<", ">", '"', "'"]
)
HOSTILE = st.lists(st.one_of(FRAGMENTS, st.text(max_size=30)), max_size=40).map("".join)

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "del",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "code",
    "pre",
    "h2",
    "h3",
    "h4",
    "hr",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}


class _Audit(HTMLParser):
    """Reads the output as a browser would and lists anything that could run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag {tag}")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "src", "srcdoc", "formaction"}:
                self.problems.append(f"attribute {name}")
            url = re.sub(r"[\x00-\x20]", "", value or "").lower()
            scheme = re.match(r"^([a-z][a-z0-9+.\-]*):", url)
            if name == "href" and scheme and scheme.group(1) not in {"http", "https", "mailto"}:
                self.problems.append(f"href {value!r}")


def _safe(html: str) -> bool:
    audit = _Audit()
    audit.feed(html)
    audit.close()
    return not audit.problems


def test_it_strips_every_known_attack() -> None:
    for attack in DANGEROUS:
        html = render_markdown(attack)
        assert _safe(html), (attack, html)


def test_links_get_nofollow_and_noopener() -> None:
    html = render_markdown("[site](https://example.org)")
    assert 'href="https://example.org"' in html
    assert "nofollow" in html and "noopener" in html


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_hostile_input_never_renders_executable_content(text: str) -> None:
    assert _safe(render_markdown(text))


@settings(max_examples=20, deadline=None)
@given(st.integers(min_value=200, max_value=2000))
def test_deep_nesting_and_long_lines_render(depth: int) -> None:
    nested = "".join("  " * i + "- item\n" for i in range(depth))
    quotes = ">" * depth + " deep"
    long_line = "word " * (depth * 50)
    for text in (nested, quotes, long_line):
        assert _safe(render_markdown(text))
