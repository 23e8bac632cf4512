"""Template tags format; they never query (docs/architecture.md, issue 24): a page's data is
read by its view, or by the parts and panels the view calls, so its query count is visible
and pinned in the view's test.

Every templatetags module under fireside/ (found on disk, so a new one is checked too) is
read, not run, and must:

1. import no `models` module, outside `if TYPE_CHECKING:` (annotations only): without a
   model there is no manager to start a query from;
2. call no queryset or manager method by name (`.filter(`, `.all()`, `.exists()`, …), so a
   query reached through an object the view passed (`gathering.guests.all()`) is caught;
3. import from fireside only the names listed in ALLOWED, each read and found to format
   what it is given, with the reason. A helper that queries on a tag's behalf is the
   remaining way in: a new import fails here until someone reads it and lists it.

Sound as far as it goes: a query needs a manager or a queryset, reached directly (1, 2) or
through a function (3). It cannot see a lazy relation read by attribute in a template
(`{{ gathering.community.name }}`): the views' pinned query counts catch those.
"""

from __future__ import annotations

import ast
from pathlib import Path

import fireside

ROOT = Path(fireside.__file__).parent

# What a templatetags module may import from fireside, and why it does not query.
ALLOWED: dict[tuple[str, str], str] = {
    ("fireside.accounts.faces", "Faces"): "the page's faces, built by the view (a type)",
    ("fireside.accounts.faces", "LARGE"): "a size",
    ("fireside.accounts.faces", "SMALL"): "a size",
    ("fireside.accounts.faces", "colour_index"): "arithmetic on the person's id",
    ("fireside.accounts.faces", "initials"): "letters of the person's name",
    ("fireside.accounts.faces", "photo_url"): "a URL from the person's stored photo field",
    ("fireside.communities.covers", "WIDTHS"): "sizes",
    ("fireside.communities.covers", "cover_url"): "a URL from the group's cover field",
    ("fireside.communities.covers", "height_for"): "arithmetic",
    ("fireside.communities.access", "Standing"): "the view's resolved standing (a dataclass)",
    ("fireside.communities.tabs", "group_link"): "a URL chosen from the standing",
    ("fireside.communities.tabs", "tabs_for"): "the registered tabs filtered by the standing",
    ("fireside.conversations", "post_html"): (
        "writes the posts the thread view read, from the in-process fragments cache (its "
        "templates read what the view loaded; the thread's query count is pinned)"
    ),
    ("fireside.conversations.reaction_html", "csrf_input"): "formats the page's token",
    ("fireside.conversations.reaction_html", "reactions_html"): (
        "formats the tallies the thread view attached to each post"
    ),
    ("fireside.hours.ledger", "Entry"): "a ledger row the view read (a dataclass)",
    ("fireside.lib", "fragments"): "HTML kept in the in-process (locmem) fragments cache",
    ("fireside.lib.markdown", "render_markdown"): "text to HTML",
    ("fireside.programs", "words"): (
        "the program's own words: its fields, and its role types, which the views that "
        "show them prefetch (programs/words.py; their query counts are pinned)"
    ),
    ("fireside.surveys.free_text", "ORDER_PARAM"): "a query parameter's name",
}

# Queryset and manager methods: none has a formatting namesake in the tags. (`get` and
# `count` are left out: a context and a string have them too.)
QUERY_METHODS = {
    "objects",
    "all",
    "filter",
    "exclude",
    "annotate",
    "aggregate",
    "values",
    "values_list",
    "select_related",
    "prefetch_related",
    "order_by",
    "exists",
    "first",
    "last",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "raw",
    "extra",
    "in_bulk",
    "iterator",
}


def _modules() -> list[Path]:
    found = sorted(p for p in ROOT.glob("*/templatetags/*.py") if p.name != "__init__.py")
    assert len(found) >= 8, found  # the glob finds the tag libraries
    return found


def _type_checking_nodes(tree: ast.Module) -> set[int]:
    """The ids of the nodes under `if TYPE_CHECKING:`."""
    hidden: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and ast.unparse(node.test) in (
            "TYPE_CHECKING",
            "typing.TYPE_CHECKING",
        ):
            for child in node.body:
                hidden.update(id(n) for n in ast.walk(child))
    return hidden


def _imports(tree: ast.Module) -> list[tuple[str, str]]:
    """(module, name) for each name imported at run time; (module, "") for `import m`."""
    hidden = _type_checking_nodes(tree)
    found: list[tuple[str, str]] = []
    for node in ast.walk(tree):
        if id(node) in hidden:
            continue
        if isinstance(node, ast.ImportFrom) and node.module:
            found.extend((node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((alias.name, "") for alias in node.names)
    return found


def _problems(path: Path) -> list[str]:
    return [f"{path.relative_to(ROOT.parent)}: {p}" for p in _problems_in(path.read_text())]


def _problems_in(source: str) -> list[str]:
    tree = ast.parse(source)
    problems = []
    for module, name in _imports(tree):
        full = f"{module}.{name}" if name else module
        if module.endswith(".models") or full.endswith(".models") or ".models." in full:
            problems.append(f"imports models: {full}")
        elif module.startswith("fireside") and (module, name) not in ALLOWED:
            problems.append(f"imports {full}: not in ALLOWED (does it query?)")
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in QUERY_METHODS
            # `@register.filter` declares a template filter.
            and not (isinstance(node.value, ast.Name) and node.value.id == "register")
        ):
            problems.append(f"line {node.lineno}: .{node.attr}")
    return problems


def test_it_finds_no_template_tag_that_queries() -> None:
    problems = [p for path in _modules() for p in _problems(path)]
    assert problems == []


def test_it_catches_a_tag_that_queries() -> None:
    """The checks can fail: each of the three ways in is caught, annotations are not."""
    source = (
        "from typing import TYPE_CHECKING\n"
        "from fireside.gatherings.models import Gathering\n"
        "from fireside.gatherings.guests import coming_guests\n"
        "if TYPE_CHECKING:\n"
        "    from fireside.programs.models import Program\n"
        "def guests(gathering):\n"
        "    return list(gathering.guests.all())\n"
    )
    assert _problems_in(source) == [
        "imports models: fireside.gatherings.models.Gathering",
        "imports fireside.gatherings.guests.coming_guests: not in ALLOWED (does it query?)",
        "line 7: .all",
    ]


def test_every_allowed_import_is_still_used() -> None:
    """A name no tag imports any more leaves the list (it only shrinks with the tags)."""
    used = {imported for path in _modules() for imported in _imports(ast.parse(path.read_text()))}
    assert set(ALLOWED) - used == set()
