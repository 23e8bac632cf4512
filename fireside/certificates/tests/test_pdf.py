"""The certificate PDF, read back: who, what, how many hours, the code, and a QR code that
leads to the verification page; accented and very long names on one page."""

from __future__ import annotations

import datetime as dt
import io
import re
from decimal import Decimal
from typing import Any

import pypdf
import pytest
import zxingcpp

from conftest import World
from fireside.certificates.models import Certificate
from fireside.certificates.pdf import name_size, render_pdf
from fireside.certificates.tests.factories import make_certificate

pytestmark = pytest.mark.django_db


def read(pdf: bytes) -> pypdf.PdfReader:
    assert pdf.startswith(b"%PDF-")
    return pypdf.PdfReader(io.BytesIO(pdf))


def squeeze(text: str) -> str:
    """Text without its line breaks and spaces, for names the layout may wrap."""
    return re.sub(r"\s+", "", text)


def text_of(reader: pypdf.PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def fonts_of(reader: pypdf.PdfReader) -> set[str]:
    fonts = reader.pages[0]["/Resources"]["/Font"]
    return {str(f.get_object()["/BaseFont"]).split("+", 1)[-1] for f in fonts.values()}


def certificate(world: World, name: str, **fields: Any) -> Certificate:
    world.member.name = name
    world.member.save()
    fields.setdefault("gathering_minutes", 735)
    fields.setdefault("connection_minutes", 240)
    fields.setdefault("reflection_minutes", 90)
    return make_certificate(world.member, world.program, **fields)


@pytest.mark.parametrize(
    "name", ["Amélie-Françoise Núñez", "Çağla Öztürk", "Nguyễn Thị Phương Thảo", "Zoë O'Brien"]
)
def test_it_names_the_person_the_program_the_hours_and_the_code(world: World, name: str) -> None:
    c = certificate(world, name)
    reader = read(render_pdf(c))
    assert len(reader.pages) == 1
    text = text_of(reader)
    assert name in text
    assert world.program.name in text
    assert c.total_hours == Decimal("17.75") and "17.75" in text
    for hours in ("12.25 h", "4.00 h", "1.50 h"):
        assert hours in text
    assert c.display_code in text
    assert "Cora Coord" in text
    assert "1 September 2026" in text and "Issued on" in text
    # The vendored typeface draws every letter of these names: no fallback font needed.
    assert all(font.startswith("EB-Garamond") for font in fonts_of(reader))


def test_the_qr_code_leads_to_the_verification_page(world: World) -> None:
    c = certificate(world, "Siobhán Kelly")
    reader = read(render_pdf(c))
    (qr,) = reader.pages[0].images
    found = zxingcpp.read_barcodes(qr.image)
    assert [b.format for b in found] == [zxingcpp.BarcodeFormat.QRCode]
    url = f"http://testserver/certificates/verify/{c.display_code}/"
    assert found[0].text == url
    # The same address is printed for people without a phone at hand.
    assert squeeze(url.split("://")[1]) in squeeze(text_of(reader))


def test_a_very_long_name_stays_on_one_page(world: World) -> None:
    name = (
        "Maria-Guadalupe Concepción de los Ángeles Ñúñez-Çelik van der Berg-Montgomery "
        "Wolfeschlegelsteinhausenbergerdorff Alexandrovna-Fitzgerald y Santísima Trinidad"
    )[:150]
    assert len(name) == 150
    c = certificate(world, name)
    reader = read(render_pdf(c))
    assert len(reader.pages) == 1
    assert squeeze(name) in squeeze(text_of(reader))
    assert name_size(name) < name_size("Ana Li")
    one_word = "W" * 150  # no space to break at
    reader = read(render_pdf(certificate(world, one_word)))
    assert len(reader.pages) == 1 and one_word in squeeze(text_of(reader))


def test_names_beyond_the_typeface_fall_back_to_a_system_font(world: World) -> None:
    reader = read(render_pdf(certificate(world, "Александра Ψάλτη نور")))
    text = text_of(reader)
    assert "Александра" in text and "Ψάλτη" in text
    assert len(reader.pages) == 1


def test_the_page_is_landscape_letter_or_a4(world: World, settings: Any) -> None:
    c = certificate(world, "Ana Li")
    box = read(render_pdf(c)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (792, 612)  # 11 × 8.5 in
    settings.CERTIFICATE_PAPER = "a4"
    box = read(render_pdf(c)).pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)  # 297 × 210 mm


def test_it_is_written_in_the_language_it_was_made_in(world: World) -> None:
    c = certificate(world, "Léa Tremblay", language="fr", issued_on=dt.date(2026, 11, 18))
    text = text_of(read(render_pdf(c)))
    assert "18 novembre 2026" in text
    assert "17,75" in text  # French writes the decimal comma


def test_it_loads_nothing_from_outside(world: World) -> None:
    c = certificate(world, '<img src="https://example.org/x.png"> Bobby')
    text = text_of(read(render_pdf(c)))
    assert '<img src="https://example.org/x.png"> Bobby' in text  # printed, not fetched
