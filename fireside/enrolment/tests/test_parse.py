from __future__ import annotations

import contextlib
import datetime as dt
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fireside.enrolment import parse
from fireside.enrolment.parse import FileNotSpreadsheet, FileRefused, FileTooLarge
from fireside.enrolment.tests.files import PNG, csv_bytes, person, xlsx_bomb, xlsx_bytes


def test_it_reads_a_plain_csv() -> None:
    parsed = parse.parse(csv_bytes([person(1, "Harbour Circle", joined="2026-09-14")]), "a.csv")
    assert parsed.kind == "csv"
    [row] = parsed.rows
    assert row.number == 2
    assert row.values == {
        "name": "Person 1",
        "email": "person1@example.org",
        "role_type": "ece",
        "region": "North",
        "group": "Harbour Circle",
        "role": "",
        "joined_on": "2026-09-14",
    }
    assert parsed.notes == []


def test_it_reads_french_headers_with_semicolons_and_a_bom() -> None:
    header = ("Nom", "Courriel", "Type de rôle", "Région", "Groupe", "Rôle", "Date d'arrivée")
    data = b"\xef\xbb\xbf" + csv_bytes(
        [("Amélie Côté", "amelie@example.org", "ece", "Nord", "Cercle", "animatrice", "")],
        header=header,
        delimiter=";",
    )
    [row] = parse.parse(data, "liste.csv").rows
    assert row.values["name"] == "Amélie Côté"
    assert row.values["email"] == "amelie@example.org"
    assert row.values["group"] == "Cercle"
    assert row.values["role"] == "animatrice"


def test_it_reads_tabs_and_upper_case_headers() -> None:
    data = csv_bytes([person(1)], header=[h.upper() for h in parse_header()], delimiter="\t")
    assert parse.parse(data, "a.tsv").rows[0].values["email"] == "person1@example.org"


def parse_header() -> tuple[str, ...]:
    from fireside.enrolment.tests.files import HEADER

    return HEADER


def test_it_reads_cp1252_with_a_note() -> None:
    data = csv_bytes(
        [("Hélène Ménard", "helene@example.org", "ece", "Québec", "", "", "")], encoding="cp1252"
    )
    parsed = parse.parse(data, "a.csv")
    assert parsed.rows[0].values["name"] == "Hélène Ménard"
    assert parsed.rows[0].values["region"] == "Québec"
    assert "Windows-1252" in parsed.notes[0]


def test_it_keeps_quoted_commas_in_names() -> None:
    data = b'Name,Email,Role type\r\n"Smith, Jo",jo@example.org,ece\r\n'
    assert parse.parse(data, "a.csv").rows[0].values["name"] == "Smith, Jo"


def test_it_names_the_missing_columns() -> None:
    with pytest.raises(FileRefused, match="Email"):
        parse.parse(b"Name,Role type\r\nJo,ece\r\n", "a.csv")


def test_it_refuses_an_empty_file() -> None:
    with pytest.raises(FileRefused, match="empty"):
        parse.parse(b"", "a.csv")
    with pytest.raises(FileRefused, match="empty"):
        parse.parse(b"\r\n\r\n", "a.csv")
    with pytest.raises(FileRefused, match="no participants"):
        parse.parse(b"Name,Email,Role type\r\n", "a.csv")


def test_it_refuses_formulas_in_csv_cells() -> None:
    data = csv_bytes([("=HYPERLINK(1)", "a@example.org", "ece", "", "", "", ""), person(2)])
    first, second = parse.parse(data, "a.csv").rows
    assert first.problems == [("name", "Formulas are not accepted: type the value.")]
    assert second.problems == []


def test_it_refuses_formulas_in_xlsx_cells() -> None:
    data = xlsx_bytes(
        [
            ("Jo", "jo@example.org", "ece", '=CONCAT("a","b")', "", "", ""),
            ("Al", "@SUM(1)", "ece", "", "", "", ""),
        ]
    )
    first, second = parse.parse(data, "a.xlsx").rows
    assert first.problems == [("region", "Formulas are not accepted: type the value.")]
    assert second.problems == [("email", "Formulas are not accepted: type the value.")]


def test_it_reads_excel_dates_and_numbers() -> None:
    data = xlsx_bytes(
        [
            ("Jo", "jo@example.org", "ece", 42, "Cercle", "member", dt.datetime(2026, 9, 14)),  # noqa: DTZ001
            ("Al", "al@example.org", "ece", 7.0, "", "", dt.date(2026, 10, 1)),
        ]
    )
    first, second = parse.parse(data, "a.xlsx").rows
    assert first.values["joined_on"] == "2026-09-14"
    assert first.values["region"] == "42"
    assert second.values["joined_on"] == "2026-10-01"
    assert second.values["region"] == "7"


def test_it_refuses_more_rows_than_the_limit_quickly() -> None:
    data = csv_bytes(person(i) for i in range(50_000))
    started = time.monotonic()
    with pytest.raises(FileRefused, match="Split the file"):
        parse.parse(data, "big.csv")
    assert time.monotonic() - started < 5


def test_it_takes_exactly_the_limit() -> None:
    data = csv_bytes(person(i) for i in range(parse.MAX_ROWS))
    assert len(parse.parse(data, "a.csv").rows) == parse.MAX_ROWS


def test_it_refuses_an_xlsx_of_50000_rows() -> None:
    data = xlsx_bytes(person(i) for i in range(50_000))
    with pytest.raises(FileRefused, match="Split the file"):
        parse.parse(data, "big.xlsx")


def test_it_refuses_a_file_over_the_size_limit() -> None:
    with pytest.raises(FileTooLarge):
        parse.parse(b"a" * (parse.MAX_BYTES + 1), "a.csv")


def test_it_refuses_a_zip_bomb_before_unpacking_it() -> None:
    data = xlsx_bomb()
    assert len(data) < parse.MAX_BYTES
    started = time.monotonic()
    with pytest.raises(FileRefused, match="unpack"):
        parse.parse(data, "bomb.xlsx")
    assert time.monotonic() - started < 1


def test_it_refuses_a_csv_named_xlsx() -> None:
    with pytest.raises(FileNotSpreadsheet, match=r"rename it to \.csv"):
        parse.parse(csv_bytes([person(1)]), "list.xlsx")


def test_it_refuses_a_png_named_xlsx() -> None:
    with pytest.raises(FileNotSpreadsheet, match="PNG"):
        parse.parse(PNG, "list.xlsx")


def test_it_refuses_a_zip_that_is_not_a_workbook() -> None:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(FileNotSpreadsheet, match="not an Excel workbook"):
        parse.parse(out.getvalue(), "list.xlsx")


def test_it_refuses_a_broken_workbook() -> None:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<nope")
        archive.writestr("xl/workbook.xml", "<nope")
    with pytest.raises(FileNotSpreadsheet, match="cannot be read"):
        parse.parse(out.getvalue(), "list.xlsx")


def test_it_skips_blank_lines() -> None:
    data = csv_bytes([person(1), ("", "", "", "", "", "", ""), person(2)])
    assert [r.number for r in parse.parse(data, "a.csv").rows] == [2, 4]


_cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_cell, _cell, _cell), min_size=1, max_size=8), st.sampled_from(",;\t"))
def test_it_never_fails_but_with_a_refusal(rows: list[tuple[str, str, str]], sep: str) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep)
    writer.writerow(["Name", "Email", "Role type"])
    writer.writerows(rows)
    try:
        parsed = parse.parse(out.getvalue().encode(), "a.csv")
    except FileRefused:
        return
    for row in parsed.rows:
        assert set(row.values) == set(parse.FIELDS)
        assert all(len(v) <= parse.CELL_MAX for v in row.values.values())


@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["a.csv", "a.xlsx", "a"]))
def test_it_refuses_junk_without_crashing(data: bytes, name: str) -> None:
    with contextlib.suppress(FileRefused):
        parse.parse(data, name)


@given(st.text(min_size=1, max_size=20))
def test_header_keys_ignore_case_and_accents(text: str) -> None:
    assert parse.header_key(text.upper()) == parse.header_key(text.lower()) or (
        text.upper().lower() != text.lower()
    )
