"""The main journeys, end to end in Debian's Chromium, as a person takes them: clicking links
and filling forms on the live server, at a 360 × 740 phone size and at a desktop size.

Every page of every journey passes axe-core (WCAG 2.2 A and AA) and, on the phone, fits the
width of the screen. Full-page screenshots go to `<var>/screenshots/` for a person to look
at. The join and ask journeys run again with JavaScript turned off, and the HTML every
journey is served is checked with the Nu HTML Checker (vnu) on the machine's Java."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pypdf
import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import expect

from conftest import World
from fireside.certificates.models import Certificate
from fireside.certificates.tests.factories import attend, past_gathering
from fireside.communities.models import Membership
from fireside.conversations.models import Reply, Thread
from fireside.demo.factories import PASSWORD, CommunityFactory, UserFactory
from fireside.gatherings.models import Attendance, Series
from fireside.lib.tests.browser import axe_violations, fits_width, sign_out
from fireside.mentoring.models import Connection, Reflection
from fireside.mentoring.tests.factories import make_connection, make_pairing, make_reflection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 360, "height": 740}, "desktop": {"width": 1280, "height": 900}}
VNU_VERSION = "26.9.27"  # the exact version .ci/run installs
VNU_JAR = (
    Path(__file__).resolve().parents[3]
    / ".ci/node/node_modules/vnu-jar/build/dist/vnu.jar"  # where .ci/run installs it
)


class Journey:
    """One person's browser (a context) and the checks every page of a journey gets."""

    def __init__(self, browser: Any, base: str, name: str, size: str, *, javascript: bool = True):
        self.base, self.name, self.size, self.javascript = base, name, size, javascript
        self.context = browser.new_context(
            viewport=SIZES[size], device_scale_factor=1, java_script_enabled=javascript
        )
        self.context.set_default_timeout(10_000)  # a missing link fails fast
        self.page = self.context.new_page()
        self.step = 0
        self.documents: dict[str, str] = {}  # step name -> the HTML the server sent
        self._last_document: Any = None
        self.page.on("response", self._remember_document)
        # axe-core needs timers, which a page without JavaScript does not run: such pages
        # are checked in a second page that loads the same HTML with scripts allowed.
        self._axe_page: Any = None
        if not javascript:
            self._axe_context = browser.new_context(viewport=SIZES[size], device_scale_factor=1)
            self._axe_page = self._axe_context.new_page()
            self._axe_page.route("**/*.js", lambda route: route.abort())

    def _remember_document(self, response: Any) -> None:
        if response.request.resource_type == "document" and response.frame == self.page.main_frame:
            self._last_document = response

    def close(self) -> None:
        self.context.close()
        if self._axe_page is not None:
            self._axe_context.close()

    def see(self, what: str) -> None:
        """Check the page in the window now, and keep a screenshot of it."""
        self.page.wait_for_load_state()
        self.step += 1
        step = f"{self.step:02d}-{what}"
        response = self._last_document
        assert response is not None and response.status == 200, (step, response)
        assert response.headers["content-type"].startswith("text/html"), step
        self.documents[step] = response.text()
        folder = Path(settings.VAR_DIR) / "screenshots"
        folder.mkdir(parents=True, exist_ok=True)
        shot = folder / f"{self.name}-{self.size}-{step}.png"
        self.page.screenshot(path=str(shot), full_page=True)  # first: a failure can be seen
        if self.size == "phone":
            assert fits_width(self.page), f"{step} scrolls sideways at 360 px"
        assert self._axe() == [], step

    def _axe(self) -> list[dict[str, Any]]:
        if self._axe_page is None:
            return axe_violations(self.page)
        html, url = self.page.content(), self.page.url
        self._axe_page.route(url, lambda route: route.fulfill(body=html, content_type="text/html"))
        self._axe_page.goto(url)
        self._axe_page.unroute(url)
        return axe_violations(self._axe_page)

    def sign_in(self, email: str) -> None:
        """From any page: the header's Sign in link, or the one the page offers."""
        self.page.get_by_role("link", name="Sign in", exact=True).first.click()
        self.fill_sign_in(email)

    def fill_sign_in(self, email: str) -> None:
        self.see("sign-in")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(PASSWORD)
        self.page.get_by_role("button", name="Sign in").click()

    def sign_out(self) -> None:
        sign_out(self.page)
        expect(self.page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()


@pytest.fixture
def journeys(browser: Any, live_server: Any) -> Iterator[Callable[..., Journey]]:
    opened: list[Journey] = []

    def start(name: str, size: str, *, javascript: bool = True) -> Journey:
        journey = Journey(browser, live_server.url, name, size, javascript=javascript)
        opened.append(journey)
        journey.page.goto(live_server.url + "/")
        return journey

    yield start
    for journey in opened:
        journey.close()


# The journeys. Each sets up its starting data with factories, then uses the site as a person.


def find_and_join(j: Journey, world: World) -> None:
    """A newcomer finds a group with a free seat in the directory and joins it."""
    CommunityFactory(
        program=world.program,
        name="Seaside Toddler Circle",
        region="Sunshine Coast",
        purpose="Outdoor play for toddlers, in all weather.",
        capacity=12,
    )
    robin = UserFactory(email="robin@example.org", name="Robin Lee")
    page = j.page
    j.see("home")
    page.get_by_role("link", name="Find a group near you").click()
    j.see("directory")
    page.get_by_text("Search and filter groups").click()
    page.get_by_role("search").get_by_label("Search").fill("seaside")
    page.get_by_role("button", name="Show groups").click()
    expect(page.get_by_text("1 group", exact=True)).to_be_visible()
    j.see("directory-filtered")
    page.get_by_role("link", name="Seaside Toddler Circle").click()
    j.see("group")
    page.get_by_role("link", name="Sign in to join").click()
    j.fill_sign_in(robin.email)
    expect(page.get_by_role("heading", name="Join Seaside Toddler Circle")).to_be_visible()
    j.see("join")
    page.get_by_role("button", name="Accept and join").click()
    expect(page.get_by_role("alert")).to_be_visible()  # the agreement must be accepted
    j.see("join-error")
    page.get_by_label("I have read the group's agreement and I accept it").check()
    page.get_by_role("button", name="Accept and join").click()
    expect(page.get_by_text("Welcome to Seaside Toddler Circle!")).to_be_visible()
    j.see("group-home")
    place = Membership.objects.get(user=robin)
    assert place.status == Membership.Status.ACTIVE and place.agreement_accepted_at


def join_the_waitlist(j: Journey, world: World) -> None:
    """The group is full: the newcomer lands on its waitlist, behind the person already there."""
    world.community.capacity = 2  # Mina and Fay fill it; Walt waits
    world.community.save()
    robin = UserFactory(email="robin@example.org", name="Robin Lee")
    page = j.page
    page.get_by_role("link", name="Sign in", exact=True).click()
    j.fill_sign_in(robin.email)
    page.get_by_role("link", name="Find a group with a free seat").click()
    j.see("directory")
    page.get_by_role("link", name=world.community.name).click()
    expect(page.get_by_text("0 open of 2; 1 person waiting")).to_be_visible()
    j.see("group")
    page.get_by_role("link", name="Join the waitlist").click()
    j.see("join")
    page.get_by_label("I have read the group's agreement and I accept it").check()
    page.get_by_role("button", name="Accept and join the waitlist").click()
    expect(page.get_by_text("so you are number 2 on its waitlist")).to_be_visible()
    j.see("waiting")
    page.get_by_role("link", name="Fireside").first.click()
    expect(page.get_by_text("you are number 2.")).to_be_visible()
    j.see("home")
    assert Membership.objects.get(user=robin).status == Membership.Status.WAITLISTED


def schedule_and_record(j: Journey, world: World) -> None:
    """A facilitator schedules a monthly series, then records who came and writes the notes."""
    first = timezone.localdate() + dt.timedelta(days=21)
    world.program.ends_on = first + dt.timedelta(days=200)
    world.program.save()
    world.gathering.title = "Winter outdoor play"
    world.gathering.save()
    page = j.page
    j.sign_in(world.facilitator.email)
    j.see("home")
    page.get_by_role("link", name=world.community.name).first.click()
    j.see("group-home")
    tabs = page.get_by_role("navigation", name=f"{world.community.name}: sections")
    tabs.get_by_role("link", name="Gatherings", exact=True).click()
    j.see("gatherings")
    page.get_by_role("link", name="Plan a gathering").click()
    j.see("schedule")
    page.get_by_label("Title:", exact=True).fill("Monthly circle")
    page.get_by_label("Date:", exact=True).fill(first.isoformat())
    page.get_by_label("Start time").fill("19:00")
    page.get_by_label("Place:", exact=True).fill("Orchard Street Library")
    page.get_by_label("Every month, on the same weekday").check()
    page.get_by_label("How many gatherings").fill("6")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Check the dates")).to_be_visible()
    j.see("schedule-confirm")
    page.get_by_role("button", name="Schedule them and invite the members").click()
    expect(page.get_by_text("6 gatherings are in the calendar")).to_be_visible()
    j.see("scheduled")
    assert Series.objects.get().gatherings.count() == 6

    page.get_by_role("link", name="Winter outdoor play").click()  # began an hour ago
    j.see("gathering-now")
    page.get_by_role("link", name="Who came").click()
    j.see("attendance")
    page.get_by_role("checkbox", name="Mina Member").check()
    page.get_by_role("checkbox", name="Fay Facilitator").check()
    page.get_by_label("Minutes for Fay Facilitator").fill("60")
    page.get_by_role("button", name="Save who came").click()
    expect(page.get_by_text("Attendance is saved: 2 present.")).to_be_visible()
    j.see("notes")
    page.get_by_role("textbox", name="Notes").fill("We shared **one** idea each for muddy days.")
    page.get_by_label("Action points").fill("Mina brings the rain gear list\nFay books the room")
    page.get_by_role("button", name="Save the notes").click()
    expect(page.get_by_role("heading", name="Action points")).to_be_visible()
    expect(page.get_by_text("Fay books the room")).to_be_visible()
    j.see("gathering")
    present = dict(Attendance.objects.filter(present=True).values_list("user__email", "minutes"))
    assert present == {"member@example.org": 90, "facilitator@example.org": 60}


def ask_and_answer(j: Journey, world: World) -> None:
    """A member posts a question in the group; another member replies."""
    page = j.page
    j.sign_in(world.member.email)
    page.get_by_role("link", name=world.community.name).first.click()
    j.see("group-home")
    page.get_by_role("link", name="Conversations").first.click()
    j.see("conversations")
    page.get_by_role("link", name="Start a conversation").click()
    j.see("new")
    page.get_by_label("What kind of post is it?").select_option(label="Question")
    page.get_by_label("Title").fill("Naps for a child who will not settle?")
    page.get_by_label("Your message").fill("What has helped you with a toddler who fights naps?")
    page.get_by_label("Kind: would I say it").check()
    page.get_by_role("button", name="Post").click()
    expect(
        page.get_by_role("heading", name="Naps for a child who will not settle?")
    ).to_be_visible()
    j.see("question")
    j.sign_out()

    j.sign_in(world.facilitator.email)
    page.get_by_role("link", name=world.community.name).first.click()
    page.get_by_role("link", name="Conversations").first.click()
    page.get_by_role("link", name="Naps for a child who will not settle?").click()
    j.see("thread")
    page.get_by_label("Your reply").fill("A quiet corner and the same song every day.")
    page.get_by_role("button", name="Send reply").click()
    expect(page.get_by_role("heading", name="1 reply")).to_be_visible()
    expect(page.get_by_text("the same song every day")).to_be_visible()
    j.see("replied")
    thread = Thread.objects.get()
    assert thread.author == world.member and thread.kind == "question"
    assert Reply.objects.get().author == world.facilitator


def log_a_connection(j: Journey, world: World) -> None:
    """A member of a peer pair logs this week's walk with their partner."""
    make_pairing(world.community, world.member, world.facilitator)
    page = j.page
    j.sign_in(world.member.email)
    j.see("home")
    page.get_by_role("link", name="Log a connection").first.click()  # the task, first
    j.see("pair")
    page.get_by_label("A walk").check()
    page.locator("#id_minutes").fill("40")
    page.get_by_label("A note for yourself (optional)").fill("Talked about naps")
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_text("Logged. Thank you for keeping in touch!")).to_be_visible()
    j.see("logged")
    connection = Connection.objects.get()
    assert (connection.minutes, connection.logged_by) == (40, world.member)


def reflect_and_get_a_certificate(j: Journey, world: World, tmp_path: Path) -> None:
    """A participant writes this month's reflection, then downloads a certificate of hours."""
    earlier = past_gathering(
        world.community, timezone.now() - dt.timedelta(days=9), title="Outdoor play circle"
    )
    attend(earlier, world.member, 90)
    attend(world.gathering, world.member, 75)
    pairing = make_pairing(world.community, world.member, world.facilitator)
    make_connection(pairing, world.facilitator, minutes=35, happened_on=pairing.starts_on)
    page = j.page
    j.sign_in(world.member.email)
    j.see("home")
    page.get_by_role("link", name="Write it").click()
    j.see("reflections")
    page.locator("#id_body").fill("I tried a slower morning circle, and the room was calmer.")
    page.get_by_role("button", name="Save my reflection").click()
    expect(page.get_by_text("Saved. Only you can read it.")).to_be_visible()
    j.see("reflection")
    assert Reflection.objects.get(author=world.member).body.startswith("I tried a slower")

    page.get_by_role("link", name="Fireside").first.click()
    page.get_by_role("link", name=f"Your hours in {world.program.name}").click()
    expect(page.get_by_role("heading", name="3.83 hours in all")).to_be_visible()
    j.see("hours")
    page.get_by_role("button", name="Get a certificate for 3.83 hours").click()
    expect(page.get_by_text("Your certificate for 3.83 hours is ready.")).to_be_visible(
        timeout=30_000
    )
    j.see("certificates")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the PDF").click()
    saved = tmp_path / "certificate.pdf"
    info.value.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(b"%PDF-")
    text = pypdf.PdfReader(io.BytesIO(data)).pages[0].extract_text()
    assert "Mina Member" in text and Certificate.objects.get().display_code in text


def open_the_report(j: Journey, world: World) -> None:
    """A coordinator opens the program report from their home page."""
    attend(world.gathering, world.member, 90)
    make_reflection(world.program, world.member, shareable_excerpt="Slower mornings helped.")
    page = j.page
    j.sign_in(world.coordinator.email)
    j.see("home")
    page.get_by_role("link", name=world.program.name, exact=True).first.click()
    j.see("program")
    page.get_by_role("link", name="Program report").click()
    expect(page.get_by_role("heading", name="Program report")).to_be_visible()
    expect(page.get_by_text("Slower mornings helped.")).to_be_visible()
    j.see("report")


# Each journey at both sizes; at the desktop size, the HTML it was served is checked too.


def take(journey: Journey, steps: Callable[..., None], *args: Any) -> None:
    steps(journey, *args)
    checker = html_checker()
    if journey.size == "desktop" and journey.javascript and checker:
        assert invalid_html(checker, journey.documents) == []


@pytest.mark.parametrize("size", SIZES)
def test_a_newcomer_finds_a_group_and_joins_it(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("join", size), find_and_join, world)


@pytest.mark.parametrize("size", SIZES)
def test_a_newcomer_lands_on_the_waitlist_of_a_full_group(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("waitlist", size), join_the_waitlist, world)


@pytest.mark.parametrize("size", SIZES)
def test_a_facilitator_schedules_a_series_and_records_a_gathering(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("schedule", size), schedule_and_record, world)


@pytest.mark.parametrize("size", SIZES)
def test_a_member_asks_and_another_answers(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("ask", size), ask_and_answer, world)


@pytest.mark.parametrize("size", SIZES)
def test_a_pair_logs_a_connection(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("connect", size), log_a_connection, world)


@pytest.mark.parametrize("size", SIZES)
def test_a_participant_reflects_and_downloads_a_certificate(
    journeys: Callable[..., Journey], world: World, size: str, tmp_path: Path
) -> None:
    take(journeys("certificate", size), reflect_and_get_a_certificate, world, tmp_path)


@pytest.mark.parametrize("size", SIZES)
def test_a_coordinator_opens_the_program_report(
    journeys: Callable[..., Journey], world: World, size: str
) -> None:
    take(journeys("report", size), open_the_report, world)


# Without JavaScript: plain links and forms carry the whole journey.


def test_a_newcomer_joins_without_javascript(
    journeys: Callable[..., Journey], world: World
) -> None:
    journey = journeys("join-nojs", "phone", javascript=False)
    take(journey, find_and_join, world)
    assert journey.page.evaluate("typeof htmx") == "undefined"  # scripts really were off


def test_a_member_asks_and_another_answers_without_javascript(
    journeys: Callable[..., Journey], world: World
) -> None:
    take(journeys("ask-nojs", "phone", javascript=False), ask_and_answer, world)


# Valid HTML: the Nu HTML Checker (vnu) on the machine's Java.


def html_checker() -> list[str] | None:
    """The command that checks HTML files, or None when vnu or Java is missing."""
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        return None
    return [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]


def invalid_html(checker: list[str], documents: dict[str, str]) -> list[str]:
    """What vnu finds wrong in these documents, as `step:line: message` lines."""
    with tempfile.TemporaryDirectory() as folder:
        files = []
        for step, html in documents.items():
            files.append(Path(folder) / f"{step}.html")
            files[-1].write_text(html, encoding="utf-8")
        done = subprocess.run(  # noqa: S603 - a fixed command on files written just above
            [*checker, *map(str, files)], capture_output=True, text=True, timeout=120
        )
    found = json.loads(done.stderr or done.stdout)["messages"]
    return [
        f"{Path(m.get('url', '?')).stem}:{m.get('lastLine', '?')}: {m['message']}" for m in found
    ]


def test_the_html_checker_is_installed_and_finds_errors(db: Any) -> None:
    """The desktop journeys check their HTML only when vnu is here: in CI it must be."""
    checker = html_checker()
    if checker is None:
        missing = (
            f"the Nu HTML Checker is not installed: npm install --no-save --prefix .ci/node "
            f"vnu-jar@{VNU_VERSION} (as .ci/run does), and Java (default-jre-headless)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(missing)
        pytest.skip(missing)
    good = '<!doctype html><html lang="en"><title>t</title><p><time datetime="2026-12-01">1</time>'
    bad = good.replace("<p>", "<p><div></div></p><input type=hidden aria-describedby=x>")
    found = invalid_html(checker, {"good": good, "bad": bad})
    assert len(found) == 2 and all(line.startswith("bad:1: ") for line in found), found
