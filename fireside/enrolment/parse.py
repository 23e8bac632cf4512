"""Reading a participants' spreadsheet (CSV or XLSX) into plain rows, without the database.

Hostile files are refused before anything is opened in full: the size, the kind of file told
by its bytes (never by its name), a zip's declared sizes and compression ratio (a "zip bomb"
expands a few kilobytes into gigabytes), and the number of rows. Formulas are refused cell
by cell: a participant list holds values, and a formula's text could run when a coordinator
opens an export in a spreadsheet program.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from fireside.lib.errors import ActionError

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_COLUMNS = 40
# An XLSX of 5,000 rows is well under 10 MB unpacked; a bomb declares gigabytes.
MAX_UNZIPPED_BYTES = 50 * 1024 * 1024
MAX_RATIO = 100  # real sheets compress about 5-20 times
MAX_ENTRIES = 500
CELL_MAX = 1_000  # longer than any name, address or group name; refused per row later

FIELDS = ("name", "email", "role_type", "region", "group", "role", "joined_on")
REQUIRED = ("name", "email", "role_type")

# Each column's names in English and French, compared without case, accents or punctuation.
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("name", "full name", "participant", "nom", "nom complet", "prenom et nom"),
    "email": (
        "email",
        "e mail",
        "email address",
        "courriel",
        "adresse courriel",
        "adresse electronique",
        "adresse de courriel",
    ),
    "role_type": ("role type", "type of role", "type de role", "type"),
    "region": ("region", "area", "territoire"),
    "group": ("group", "community", "community of practice", "groupe", "communaute"),
    "role": ("role", "role in the group", "role in group", "role dans le groupe"),
    "joined_on": (
        "joined on",
        "joined",
        "date joined",
        "start date",
        "date d arrivee",
        "arrive le",
        "arrivee le",
        "date d adhesion",
        "date d inscription",
    ),
}

FORMULA_STARTS = ("=", "+", "-", "@")


class FileRefused(ActionError):
    """The whole file is refused: nothing in it was read as rows."""

    status = 400


class FileTooLarge(FileRefused):
    status = 413


class FileNotSpreadsheet(FileRefused):
    status = 415


@dataclass
class Row:
    number: int  # as the spreadsheet program shows it: the header is row 1
    values: dict[str, str]
    problems: list[tuple[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {"row": self.number, **self.values, "problems": [list(p) for p in self.problems]}


@dataclass
class Parsed:
    kind: str  # "csv" or "xlsx"
    rows: list[Row]
    columns: list[str]
    notes: list[str] = field(default_factory=list)


def header_key(text: str) -> str:
    """ "Date d'arrivée" and "date d arrivee" compare equal; so do "E-mail" and "e mail"."""
    plain = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


_BY_KEY = {header_key(alias): name for name, aliases in HEADERS.items() for alias in aliases}


def _limit_text(count: int) -> str:
    return number_format(count, force_grouping=True)


def _too_many_rows() -> FileRefused:
    return FileRefused(
        _(
            "The file has more than %(limit)s participants. Split the file into parts of "
            "%(limit)s rows or fewer and import each part."
        )
        % {"limit": _limit_text(MAX_ROWS)}
    )


def parse(data: bytes, filename: str = "") -> Parsed:
    """The rows of a CSV or XLSX file, or FileRefused saying why the file cannot be read."""
    if len(data) > MAX_BYTES:
        raise FileTooLarge(
            _("The file is larger than %(size)s MB. Split it into smaller files.")
            % {"size": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise FileRefused(_("The file is empty."))
    name = filename.lower()
    if data[:4] == b"PK\x03\x04" or zipfile.is_zipfile(io.BytesIO(data)):
        return _parse_xlsx(data)
    kind = _binary_kind(data)
    if kind:
        raise FileNotSpreadsheet(
            _(
                "This file is %(kind)s, not a spreadsheet. Save your list as CSV or as an "
                "Excel workbook (.xlsx)."
            )
            % {"kind": kind}
        )
    if name.endswith((".xlsx", ".xlsm", ".xls")):
        raise FileNotSpreadsheet(
            _(
                "The file's name ends in .xlsx, but it is not an Excel workbook: it looks like "
                "text. If it is a CSV file, rename it to .csv; otherwise open it in your "
                "spreadsheet program and save it as .xlsx."
            )
        )
    return _parse_csv(data)


def _binary_kind(data: bytes) -> str:
    head = data[:16]
    if head.startswith(b"\x89PNG"):
        return _("a PNG image")
    if head.startswith(b"\xff\xd8\xff"):
        return _("a JPEG image")
    if head.startswith(b"%PDF"):
        return _("a PDF")
    if head.startswith(b"GIF8"):
        return _("a GIF image")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return _("an old Excel or Word file (.xls or .doc); save it as .xlsx")
    # UTF-16 text has NUL bytes too, but says so with its byte order mark.
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _("a binary file")
    return ""


# --- CSV -----------------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """The text and a note for the coordinator when the encoding was guessed."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), ""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), ""
    try:
        return data.decode("utf-8"), ""
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
        encoding = "Windows-1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        encoding = "Latin-1"
    note = _(
        "The file is not in UTF-8; it was read as %(encoding)s. Check that accented letters "
        'look right below (saving as "CSV UTF-8" avoids the guess).'
    ) % {"encoding": encoding}
    return text, note


def delimiter_of(text: str) -> str:
    sample = text[:8192]
    first = sample.split("\n", 1)[0]
    try:
        found = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:
        found = ""
    # The sniffer is fooled by commas inside quoted names; the header line decides then.
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    if found and counts.get(found, 0) > 0 and counts[found] >= counts[best]:
        return found
    return best if counts[best] > 0 else ","


def _parse_csv(data: bytes) -> Parsed:
    try:
        text, note = decode(data)
    except UnicodeDecodeError as exc:
        raise FileRefused(_("The file's text cannot be read; save it as CSV UTF-8.")) from exc
    text = text.lstrip("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter_of(text))
    try:
        parsed = _rows(
            "csv",
            ((i, list[object](values)) for i, values in enumerate(reader, start=1)),
        )
    except csv.Error as exc:
        raise FileRefused(
            _("The CSV file is malformed (%(error)s). Save it again from your spreadsheet.")
            % {"error": str(exc)}
        ) from exc
    if note:
        parsed.notes.append(note)
    return parsed


# --- XLSX ----------------------------------------------------------------------------------


def check_zip(data: bytes) -> None:
    """Refuses a zip that is not a workbook or would unpack into far more than it holds.
    Reads only the zip's directory, never a compressed part."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        raise FileNotSpreadsheet(
            _("The file is a damaged zip archive, not a readable Excel workbook.")
        ) from exc
    with archive:
        entries = archive.infolist()
        names = {e.filename for e in entries}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            raise FileNotSpreadsheet(
                _(
                    "The file is a zip archive but not an Excel workbook. Save your list as "
                    "CSV or as .xlsx."
                )
            )
        total = sum(e.file_size for e in entries)
        packed = sum(e.compress_size for e in entries)
        bomb = len(entries) > MAX_ENTRIES or total > MAX_UNZIPPED_BYTES
        for e in entries:
            if e.file_size > 1024 * 1024 and e.file_size > MAX_RATIO * max(e.compress_size, 1):
                bomb = True
        if packed and total > 1024 * 1024 and total > MAX_RATIO * packed:
            bomb = True
        if bomb:
            raise FileRefused(
                _(
                    "The workbook would unpack to far more than a participant list needs "
                    "(%(size)s MB). Copy the participants into a new workbook, or save them "
                    "as CSV."
                )
                % {"size": number_format(total // (1024 * 1024), force_grouping=True)}
            )


def _parse_xlsx(data: bytes) -> Parsed:
    check_zip(data)
    import openpyxl  # imported here: only imports of spreadsheets pay for loading it

    try:
        # data_only=False so a formula shows as one (data_only would hide it behind its
        # last computed value); read_only streams the sheet instead of building it in memory.
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise FileNotSpreadsheet(
            _("The workbook cannot be read. Open it in your spreadsheet and save it again.")
        ) from exc
    try:
        sheet = book.worksheets[0] if book.worksheets else None
        if sheet is None:
            raise FileRefused(_("The workbook has no sheet."))
        rows = (
            (i, [_xlsx_cell(c) for c in cells])
            for i, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1)
        )
        try:
            return _rows("xlsx", rows)
        except FileRefused:
            raise
        except Exception as exc:
            raise FileNotSpreadsheet(
                _("The workbook cannot be read. Open it in your spreadsheet and save it again.")
            ) from exc
    finally:
        book.close()


class Formula:
    """A formula found in a cell: refused for its row."""


FORMULA = Formula()


def _xlsx_cell(cell: Any) -> object:
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", "") == "f":
        return FORMULA
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if value is None:
        return ""
    return value


# --- Rows ----------------------------------------------------------------------------------


def _text(value: object) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    return " ".join(str(value).split()) if value is not None else ""


def _columns(header: list[object]) -> dict[int, str]:
    found: dict[int, str] = {}
    for index, value in enumerate(header):
        name = _BY_KEY.get(header_key(_text(value) if not isinstance(value, Formula) else ""))
        if name and name not in found.values():
            found[index] = name
    missing = [f for f in REQUIRED if f not in found.values()]
    if missing:
        labels = {"name": _("Name"), "email": _("Email"), "role_type": _("Role type")}
        raise FileRefused(
            _(
                "The file has no %(columns)s column. The first row must name the columns, "
                "e.g. Name, Email, Role type, Region, Group, Role, Joined on (or Nom, "
                "Courriel, Type de rôle, Région, Groupe, Rôle, Date d'arrivée)."
            )
            % {"columns": ", ".join(str(labels[m]) for m in missing)}
        )
    return found


def _row(number: int, values: list[object], columns: dict[int, str]) -> Row:
    row = Row(number=number, values=dict.fromkeys(FIELDS, ""))
    for index, name in columns.items():
        value = values[index] if index < len(values) else ""
        if isinstance(value, Formula) or (
            isinstance(value, str) and value.lstrip().startswith(FORMULA_STARTS)
        ):
            row.problems.append((name, _("Formulas are not accepted: type the value.")))
            continue
        text = _text(value)
        if len(text) > CELL_MAX:
            message = _("This cell is far too long (%(count)s characters).") % {
                "count": _limit_text(len(text))
            }
            row.problems.append((name, message))
            continue
        row.values[name] = text
    return row


def _rows(kind: str, lines: Iterable[tuple[int, list[object]]]) -> Parsed:
    iterator: Iterator[tuple[int, list[object]]] = iter(lines)
    header: list[object] | None = None
    for _number, values in iterator:
        if any(_text(v) for v in values if not isinstance(v, Formula)):
            header = values
            break
    if header is None:
        raise FileRefused(_("The file is empty."))
    columns = _columns(header)
    rows: list[Row] = []
    for number, values in iterator:
        if not any(isinstance(v, Formula) or _text(v) for v in values):
            continue  # blank lines between blocks of people
        if len(rows) >= MAX_ROWS:
            raise _too_many_rows()
        row = _row(number, values, columns)
        rows.append(row)
    if not rows:
        raise FileRefused(_("The file has column names but no participants."))
    return Parsed(kind=kind, rows=rows, columns=[columns[i] for i in sorted(columns)])
