"""The French (Canada) catalog: complete, consistent with its compiled .mo, placeholders kept,
and covering every translatable string in the code and the templates.

When one of these fails after you add or change text: `make messages` (needs gettext), fill in
the French in fireside/locale/fr_CA/LC_MESSAGES/django.po, then `make messages` again to compile.
"""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils.translation.template import templatize

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "fireside" / "locale" / "fr_CA" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"
CONTEXT_SEPARATOR = "\x04"

# %(name)s, %(n)d, %s, %%; Django's date format strings have no % and are left alone.
PLACEHOLDER = re.compile(r"%(?:\([^)]+\))?[-#0 +]*\d*(?:\.\d+)?[sdifr%]")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass
class Entry:
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    strings: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        return f"{self.context}{CONTEXT_SEPARATOR}{self.msgid}" if self.context else self.msgid


def _unquote(text: str) -> str:
    return ast.literal_eval(text)  # a .po string is a valid Python string literal


class _Reader:
    """Reads a .po line by line; each msgctxt/msgid after a msgstr starts a new entry."""

    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.current = Entry()
        self.target: tuple[str, int] = ("msgid", 0)

    def finish(self) -> None:
        if self.current.strings or self.current.msgid:
            self.entries.append(self.current)
        self.current = Entry()

    def comment(self, line: str) -> None:
        if self.current.strings:
            self.finish()
        if line.startswith("#,"):
            self.current.flags |= {f.strip() for f in line[2:].split(",")}

    def keyword(self, line: str) -> None:
        keyword, _, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and self.current.strings:
            self.finish()
        index = int(keyword[7:-1]) if keyword.startswith("msgstr[") else 0
        self.target = ("msgstr" if keyword.startswith("msgstr") else keyword, index)
        self.add(_unquote(rest))

    def add(self, value: str) -> None:
        keyword, index = self.target
        entry = self.current
        if keyword == "msgctxt":
            entry.context = (entry.context or "") + value
        elif keyword == "msgid":
            entry.msgid += value
        elif keyword == "msgid_plural":
            entry.plural = (entry.plural or "") + value
        else:
            entry.strings[index] = entry.strings.get(index, "") + value


def parse_po(path: Path) -> tuple[dict[str, str], list[Entry]]:
    """The header's fields and the entries of a .po file (obsolete #~ entries skipped)."""
    reader = _Reader()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#~"):
            continue
        if line.startswith("#"):
            reader.comment(line)
        elif line.startswith('"'):
            reader.add(_unquote(line))
        else:
            reader.keyword(line)
    reader.finish()
    header = reader.entries.pop(0)
    fields = dict(line.split(": ", 1) for line in header.strings[0].splitlines() if ": " in line)
    return fields, reader.entries


@pytest.fixture(scope="module")
def catalog() -> tuple[dict[str, str], list[Entry]]:
    return parse_po(PO)


def test_it_declares_french_plurals(catalog: tuple[dict[str, str], list[Entry]]) -> None:
    header, _entries = catalog
    assert header["Language"] == "fr_CA"
    assert header["Plural-Forms"] == "nplurals=2; plural=(n > 1);"
    assert header["Content-Type"] == "text/plain; charset=UTF-8"


def test_it_translates_every_entry_and_leaves_nothing_fuzzy(
    catalog: tuple[dict[str, str], list[Entry]],
) -> None:
    _header, entries = catalog
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    missing = [e.msgid for e in entries if not all(e.strings.values())]
    assert fuzzy == []
    assert missing == []
    wrong_forms = [e.msgid for e in entries if e.plural is not None and set(e.strings) != {0, 1}]
    assert wrong_forms == []


def test_every_translation_keeps_its_placeholders_and_tags(
    catalog: tuple[dict[str, str], list[Entry]],
) -> None:
    _header, entries = catalog
    broken = []
    for entry in entries:
        singular = set(PLACEHOLDER.findall(entry.msgid))
        plural = set(PLACEHOLDER.findall(entry.plural or ""))
        for index, text in entry.strings.items():
            found = set(PLACEHOLDER.findall(text))
            if entry.plural is None:
                kept = found == singular
            else:
                # French uses form 0 for 0 and 1 and form 1 for the rest; a form may leave out
                # the count where English does ("One gathering changed").
                needed = singular if index == 0 else plural
                kept = needed <= found <= singular | plural
            if not kept or sorted(TAG.findall(text)) != sorted(TAG.findall(entry.msgid)):
                broken.append((entry.msgid, text))
            if entry.msgid.endswith("\n") != text.endswith("\n"):
                broken.append((entry.msgid, text))
    assert broken == []


def test_the_compiled_catalog_matches_the_po(catalog: tuple[dict[str, str], list[Entry]]) -> None:
    """A .po edited without recompiling its .mo fails here: `make messages` compiles it."""
    _header, entries = catalog
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    stale = []
    for entry in entries:
        if entry.plural is None:
            if compiled._catalog.get(entry.key) != entry.strings[0]:  # type: ignore[attr-defined]
                stale.append(entry.msgid)
        else:
            for index, text in entry.strings.items():
                if compiled._catalog.get((entry.key, index)) != text:  # type: ignore[attr-defined]
                    stale.append(entry.msgid)
    assert stale == []
    assert len(compiled._catalog) == 1 + sum(  # type: ignore[attr-defined]
        1 if e.plural is None else len(e.strings) for e in entries
    )


# --- Coverage: every string marked for translation has a French entry ----------------------

GETTEXT_CALLS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}
SKIP_DIRS = {"tests", "migrations", "static", "fonts", "locale", "__pycache__"}


def _sources(suffixes: tuple[str, ...]) -> list[Path]:
    return [
        path
        for path in sorted((ROOT / "fireside").rglob("*"))
        if path.suffix in suffixes and not SKIP_DIRS & set(path.relative_to(ROOT).parts)
    ]


def _marked_in_python(source: str) -> set[tuple[str | None, str]]:
    marked: set[tuple[str | None, str]] = set()
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT_CALLS:
            continue
        context_at, msgid_at, _plural_at = GETTEXT_CALLS[name]
        args = node.args
        if len(args) <= msgid_at or not isinstance(args[msgid_at], ast.Constant):
            continue
        msgid = args[msgid_at].value
        context = args[context_at].value if context_at is not None else None
        if isinstance(msgid, str) and msgid:
            marked.add((context if isinstance(context, str) else None, msgid))
    return marked


CALL = re.compile(r"\b(" + "|".join(GETTEXT_CALLS) + r")\(")
LITERAL = re.compile(r"""\s*u?('(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*,?""")


def _marked_in_template(source: str) -> set[tuple[str | None, str]]:
    """What makemessages extracts: Django turns the template into gettext calls."""
    marked: set[tuple[str | None, str]] = set()
    text = templatize(source)
    for call in CALL.finditer(text):
        strings: list[str] = []
        position = call.end()
        while literal := LITERAL.match(text, position):
            strings.append(_unquote(literal.group(1)))
            position = literal.end()
        context_at, msgid_at, _plural_at = GETTEXT_CALLS[call.group(1)]
        if len(strings) > msgid_at and strings[msgid_at]:
            context = strings[context_at] if context_at is not None else None
            marked.add((context, strings[msgid_at]))
    return marked


def test_every_marked_string_is_in_the_catalog(
    catalog: tuple[dict[str, str], list[Entry]],
) -> None:
    _header, entries = catalog
    known = {(e.context, e.msgid) for e in entries}
    missing = []
    for path in _sources((".py",)):
        for key in _marked_in_python(path.read_text(encoding="utf-8")) - known:
            missing.append((str(path.relative_to(ROOT)), key))
    for path in _sources((".html", ".txt")):
        for key in _marked_in_template(path.read_text(encoding="utf-8")) - known:
            missing.append((str(path.relative_to(ROOT)), key))
    assert missing == [], "run `make messages` and translate the new entries"


def test_gettext_is_only_imported_under_names_makemessages_knows() -> None:
    """An alias (`gettext as _g`) hides its strings from makemessages: they stay English."""
    aliased = []
    for path in _sources((".py",)):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
                for alias in node.names:
                    if alias.name in GETTEXT_CALLS and (alias.asname or alias.name) not in (
                        GETTEXT_CALLS
                    ):
                        aliased.append((str(path.relative_to(ROOT)), alias.asname))
    assert aliased == []


def test_the_coverage_check_sees_python_and_templates() -> None:
    python = _marked_in_python('_("One")\npgettext_lazy("ctx", "Two")\nngettext("a", "b", 2)')
    assert python == {(None, "One"), ("ctx", "Two"), (None, "a")}
    template = _marked_in_template(
        '{% load i18n %}{% translate "Three" %}'
        "{% blocktranslate trimmed with n=x %}\n  Four {{ n }}\n{% endblocktranslate %}"
        '{{ d|date:_("j F") }}{% translate "Five" context "ctx" %}'
        "{% blocktranslate count n=x %}one{% plural %}{{ n }} more{% endblocktranslate %}"
    )
    assert template == {
        (None, "Three"),
        (None, "Four %(n)s"),
        (None, "j F"),
        ("ctx", "Five"),
        (None, "one"),
    }
