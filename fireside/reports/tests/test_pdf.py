"""Issue 22: the report as a PDF a funder can be handed, read back with pypdf: a cover, a
summary, every survey question above its results, no page that is only a heading, page
numbers and the date, in the coordinator's language; big programs drawn in the background."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from PIL import Image
from pypdf import PdfReader

from conftest import World
from fireside.accounts.models import User
from fireside.demo.factories import CommunityFactory, make_member
from fireside.lib import images
from fireside.programs import logos
from fireside.programs.models import Program
from fireside.reports import pdf
from fireside.reports.models import ReportPdf
from fireside.reports.pdf_table import figure_lines
from fireside.reports.snapshots import refresh, report_for
from fireside.surveys import actions
from fireside.surveys.models import Question
from fireside.surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db

LONG = [
    {"kind": "likert", "text": f"Question {i}: the gatherings help me try something new."}
    for i in range(1, 9)
] + [{"kind": "text", "text": "What would you tell a friend about the program?"}]


@pytest.fixture
def surveyed(world: World) -> World:
    """Three program surveys answered by six people, and a dozen more groups."""
    group = CommunityFactory(program=world.program, capacity=12)
    people = [make_member(group) for _ in range(6)]
    for n in range(3):
        survey = make_survey(world.program, created_by=world.coordinator, title=f"Survey {n}")
        questions = [dict(q, text=f"{q['text']} ({n})") for q in LONG]
        survey.questions.all().delete()
        for i, q in enumerate(questions, start=1):
            survey.questions.create(position=i, kind=q["kind"], text=q["text"], options=[])
        for i, person in enumerate(people):
            answers: list[Any] = [1 + (i + j) % 5 for j in range(8)] + [f"Answer {n}-{i}."]
            actions.check_respond(user=person, survey=survey, answers=answers)
    for i in range(12):
        CommunityFactory(program=world.program, name=f"Circle {i:02}")
    return world


def _questions(program: Program) -> list[str]:
    return list(Question.objects.filter(survey__program=program).values_list("text", flat=True))


def _read(content: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages]


FOOTER = re.compile(r"^(Made on|Produit le) .*$|^(page|p\.) \d+ (of|de|sur) \d+$", re.I)


def _headings(html: str) -> set[str]:
    return {
        re.sub(r"<[^>]+>", "", h).strip()
        for h in re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", html, re.S)
    }


def _body_lines(text: str) -> list[str]:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [line for line in lines if not FOOTER.match(line)]


def _pdf(client: Client, who: User, program: Program) -> bytes:
    cache.clear()
    client.force_login(who)
    response = client.get(reverse("reports:program_pdf", args=[program.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return bytes(response.content)


def test_a_cover_a_summary_every_question_and_no_page_only_a_heading(
    client: Client, surveyed: World
) -> None:
    program = surveyed.program
    pages = _read(_pdf(client, surveyed.coordinator, program))
    today = timezone.localdate()
    cover = pages[0]
    assert program.name in cover and f"Made on {today:%-d %B %Y}" in cover
    assert f"{program.starts_on:%-d %B %Y}" in cover and "page 1" not in cover
    assert "At a glance" in pages[1] and "Who stays" not in pages[1]  # a page of its own
    text = "\n".join(pages)
    for question in _questions(program):
        assert question in text, question
    for number, page in enumerate(pages[1:], start=2):
        assert f"page {number} of {len(pages)}" in page
        assert f"Made on {today:%-d %B %Y}" in page
    with translation.override("en"):
        headings = _headings(pdf.pdf_html(report_for(program), timezone.now()))
    for number, page in enumerate(pages, start=1):
        body = _body_lines(page)
        assert body and not set(body) <= headings, (number, body)
    # Cover, summary, eight charts (a page each with their numbers), three surveys of seven
    # questions: 20 pages.
    assert 4 <= len(pages) <= 24


def test_every_bar_prints_in_the_reports_colour(surveyed: World) -> None:
    """WeasyPrint ignores the page's CSS fill of a bar: its colour is an attribute, or it
    prints black."""
    with translation.override("en"):
        html = pdf.pdf_html(report_for(surveyed.program), timezone.now())
    bars = re.findall(r'<svg class="bar"[^>]*>(.*?)</svg>', html)
    assert len(bars) > 3 * 8  # the surveys' answers, the confidence areas, the other tables
    assert all('fill="#a3380f"' in bar for bar in bars)


def test_the_pdf_is_in_the_coordinators_language(client: Client, surveyed: World) -> None:
    User.objects.filter(pk=surveyed.coordinator.pk).update(language="fr")
    surveyed.coordinator.refresh_from_db()
    pages = _read(_pdf(client, surveyed.coordinator, surveyed.program))
    text = "\n".join(pages)
    assert "RAPPORT DU PROGRAMME" in pages[0].upper() and "Produit le" in pages[0]
    assert f"page 2 de {len(pages)}" in pages[1]
    assert "Communities" not in text and "Made on" not in text
    for question in _questions(surveyed.program):
        assert question in text


def _png(width: int, height: int) -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (163, 56, 15)).save(out, "PNG")
    out.seek(0)
    out.name = "logo.png"
    return out


def test_the_logo_is_on_the_cover(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    response = client.post(
        reverse("programs:logo", args=[world.program.pk]), {"file": _png(600, 200)}
    )
    assert response.status_code == 302
    reader = PdfReader(io.BytesIO(_pdf(client, world.coordinator, world.program)))
    assert len(reader.pages[0].images) == 1


@pytest.fixture
def big(world: World, settings: Any) -> World:
    settings.REPORT_PDF_AT_ONCE_COMMUNITIES = 1  # world's two groups make it "big"
    return world


def test_a_big_programs_pdf_is_drawn_in_the_background_and_kept(
    client: Client,
    big: World,
    django_assert_max_num_queries: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(big.coordinator)
    page = reverse("reports:program", args=[big.program.pk])
    status = reverse("reports:pdf_status", args=[big.program.pk])
    download = reverse("reports:program_pdf", args=[big.program.pk])
    assert "Prepare the PDF" in client.get(page).content.decode()
    assert client.get(download)["Location"] == status  # nothing kept yet: where it stands
    response = client.post(status)  # the immediate task backend draws it at once
    assert response.status_code == 302 and response["Location"] == status
    row = ReportPdf.objects.get(program=big.program)
    assert row.state == ReportPdf.State.READY and row.pages >= 2 and row.step == pdf.STEPS
    assert default_storage.exists(row.file)
    shown = client.get(status).content.decode()
    assert f'href="{download}"' in shown and "being prepared" not in shown
    with django_assert_max_num_queries(13):
        assert f'href="{download}"' in client.get(page).content.decode()
    first = client.get(download)
    assert first.status_code == 200 and first.content.startswith(b"%PDF-")
    # Asked again for the same figures: the kept file, not a new drawing.
    client.post(status)
    assert ReportPdf.objects.get(pk=row.pk).file == row.file
    # The same figures computed again keep it; other figures make it out of date.
    refresh(big.program)
    assert f'href="{download}"' in client.get(page).content.decode()
    make_member(big.other_community)
    refresh(big.program)
    assert "Prepare the PDF" in client.get(page).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(status)
    newer = ReportPdf.objects.get(pk=row.pk)
    assert newer.file != row.file and not default_storage.exists(row.file)


def test_while_it_is_drawn_the_page_shows_how_far_it_is_without_javascript(
    client: Client, big: World
) -> None:
    report = report_for(big.program)
    ReportPdf.objects.create(
        program=big.program,
        language="en",
        key=pdf.key_of(report, "en"),
        state=ReportPdf.State.PREPARING,
        step=1,
        queued_at=timezone.now(),
    )
    client.force_login(big.coordinator)
    status = reverse("reports:pdf_status", args=[big.program.pk])
    for url in (reverse("reports:program", args=[big.program.pk]), status):
        shown = client.get(url).content.decode()
        assert (
            "being prepared" in shown and '<progress id="pdf-progress" max="3" value="1">' in shown
        )
        assert f'href="{status}"' in shown  # the refresh link
    # Lost (no worker finished it in half an hour): it may be asked again.
    ReportPdf.objects.update(queued_at=timezone.now() - dt.timedelta(hours=1))
    assert "Prepare the PDF" in client.get(status).content.decode()


def test_a_failed_drawing_says_so_and_can_be_asked_again(
    client: Client, big: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("out of paper")

    monkeypatch.setattr(pdf, "layout", broken)
    client.force_login(big.coordinator)
    status = reverse("reports:pdf_status", args=[big.program.pk])
    client.post(status)
    assert ReportPdf.objects.get().state == ReportPdf.State.FAILED
    shown = client.get(status).content.decode()
    assert "could not be made" in shown and "Prepare the PDF" in shown
    monkeypatch.undo()
    client.post(status)
    assert ReportPdf.objects.get().state == ReportPdf.State.READY


def test_the_logo_in_the_pdf_is_the_clean_copy(world: World) -> None:
    name = logos.stored_name("test-logo")
    default_storage.save(name, io.BytesIO(images.encode(Image.new("RGB", (80, 80)), 80, 80)))
    world.program.logo = "test-logo"
    assert logos.data_uri(world.program).startswith("data:image/webp;base64,")
    world.program.logo = "gone"
    assert logos.data_uri(world.program) == ""


def test_each_community_prints_as_its_name_and_one_line_of_lined_up_figures(
    surveyed: World,
) -> None:
    report = report_for(surveyed.program)
    with translation.override("en"):
        lines = figure_lines(report)
        html = pdf.pdf_html(report, timezone.now())
    assert len(lines.rows) == len(report.communities)
    widths = {len(figures) for _name, figures in lines.rows} | {len(lines.headings)}
    assert len(widths) == 1  # every column lined up under its heading
    assert lines.headings.split() == [
        "Members",
        "Waiting",
        "Retention",
        "Gatherings",
        "Attendance",
        "Hours",
        "Connections",
        *(date_format(m, "N") for m in report.monthly.months[-3:]),  # type: ignore[union-attr]
    ]
    figures = next(f for n, f in lines.rows if n == "Circle 03")
    assert figures.split()[:7] == ["0", "0", "–", "0", "–", "0.00", "0"]
    assert set(figures.split()[7:]) <= {"0", "–"}
    assert 'class="each-community"' in html and "Circle 03" in html
    assert '<td class="num">' not in html.split('id="communities"')[1].split("</section>")[0]


def test_the_members_by_month_print_as_the_last_three_months_figures(
    time_machine: Any, world: World
) -> None:
    from fireside.communities.models import Membership
    from fireside.demo.factories import UserFactory

    time_machine.move_to(dt.datetime(2026, 11, 18, 17, 0, tzinfo=dt.UTC), tick=False)
    group = CommunityFactory(program=world.program, name="Maple circle", capacity=12)
    for n in range(4):
        Membership.objects.create(
            community=group,
            user=UserFactory(),
            status=Membership.Status.ACTIVE,
            joined_on=dt.date(2026, 10, 5) if n < 2 else dt.date(2026, 11, 2),
        )
    report = report_for(world.program)
    with translation.override("en"):
        lines = figure_lines(report)
        text = "\n".join(_read(pdf.draw(report)))
    assert lines.months == 3 and lines.headings.split()[-3:] == ["Sept.", "Oct.", "Nov."]
    row = next(f for n, f in lines.rows if n == "Maple circle")
    assert row.split()[-3:] == ["0", "2", "4"]  # members at the end of Sep, Oct, Nov
    assert len(row) == len(lines.headings)
    assert "The last 3 columns: members at the end of each of the last 3 months" in text
    assert re.search(r"^Maple circle\s+4\s.*\s0\s+2\s+4$", text, re.M), text
    with translation.override("fr-ca"):
        french = figure_lines(report)
    assert french.headings.split()[-3:] == ["sept.", "oct.", "nov."]
