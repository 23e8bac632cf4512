"""Nothing a person needs is reachable only by typing its address.

For each persona, a crawler starts at the home page and follows every same-site link (GET
only, never a form) through the pages that persona may open. Every page the guard's table
(`test_authorization_guard.WEB`) lets the persona open, with the guard's objects
(`routes.path_values`), must turn up, apart from the few listed in `NOT_BY_LINK` with the
reason people reach them another way. A new page without a link to it fails here.
"""

from __future__ import annotations

from collections import deque
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve, reverse

from conftest import World
from fireside.demo.factories import UserFactory, make_member
from fireside.gatherings.models import Gathering
from fireside.lib.tests.routes import path_values, web_names
from fireside.lib.tests.test_authorization_guard import WEB

# Pages people reach from outside the site's links, and why.
NOT_BY_LINK: dict[str, str] = {
    "healthz": "for load balancers and monitoring",
    "gatherings:feed": "a calendar application reads the secret address",
    "notifications:unsubscribe": "the link at the foot of every email",
    "mentoring:stop_reminders": "the link at the foot of the reflection reminder email",
    "accounts:verify": "the link in the welcome email",
    "accounts:confirm_email_change": "the link sent to the new address",
    "accounts:cancel_email_change": "the link sent to the old address",
    "accounts:password_reset_confirm": "the link in the password email",
    "accounts:password_reset_done": "shown after asking for a password email (a POST)",
    "accounts:password_reset_complete": "shown after choosing a new password (a POST)",
    "accounts:login_code": "shown after the password, for two-step sign-in (a POST)",
    "communities:offer": "the link in the email offering a seat",
    "certificates:verify": "the code printed on the certificate, typed or scanned",
    "certificates:batch": "shown after starting a bulk issue (a POST)",
    "conversations:resource_new": "the resources page holds its form; this page shows only "
    "when an upload needs fixing",
    "gatherings:email_answer": "the Yes / Maybe / No links in a gathering's emails",
    "gatherings:check_in": "the QR code the facilitator shows, and the check-in form on the "
    "gathering's page during the gathering",
    "gatherings:guest_page": "the signed link in a guest's invitation email",
    "gatherings:guest_ics": "the guest's page links it; the guest page is reached by email",
    "accounts:photo_image": "a picture shown in pages (an image, not a page)",
    "communities:cover_image": "a picture shown in pages (an image, not a page)",
    "conversations:attachment_thumb": "a picture shown in posts (an image, not a page)",
    "programs:logo_image": "the program's logo shown on its logo page and the report's cover "
    "(an image, not a page)",
    "reports:pdf_status": "the report page links it only for a program bigger than "
    "REPORT_PDF_AT_ONCE_COMMUNITIES groups (reports/tests/test_pdf.py follows that link)",
    "invitations:accept": "the link in an invitation email",
    "invitations:decline": "the link in an invitation email, and the invitation's page",
    "conversations:mention_suggestions": "JSON for the @mention suggestions; the reply and "
    "new-conversation forms name it in data-mentions (not a page)",
}
# Pages a persona may open that make no sense for them with the guard's objects.
NOT_FOR: dict[tuple[str, str], str] = {
    ("communities:join", "member"): "already in the group",
    ("communities:join", "facilitator"): "already in the group",
    ("conversations:flag", "member"): "the guard's post is hers: one does not flag one's own",
    **{
        ("mentoring:partner_requests", persona): "one's own partner requests: linked for "
        "those taking part in a program where members choose, which they do not"
        for persona in ("waitlisted", "mentor", "coordinator", "staff")
    },
}
NOT_FOR |= {
    ("gatherings:ics", persona): "the guard's gathering has begun; Add to calendar is offered "
    "until the start (fireside/gatherings/tests/test_gathering_page.py)"
    for persona in ("member", "facilitator")
}
NOT_FOR |= {
    ("gatherings:open_topic_call", "facilitator"): "the guard's gathering has its call for "
    "topics already; the agenda builder offers to open one for a gathering without one "
    "(fireside/gatherings/tests/test_topic_calls.py)"
}
NOT_FOR |= {
    ("notifications:open", persona): "the guard's notification is the member's"
    for persona in ("facilitator", "mentor", "coordinator", "staff")
}
# Signed-in people are sent on from these: they are for signing in and up.
SIGNED_OUT_ONLY = {"accounts:login", "accounts:signup", "accounts:password_reset"}
# Files, not pages: a link to one counts, and the crawler does not download it.
FILES = {
    "accounts:export",
    "certificates:pdf",
    "conversations:resource_download",
    "gatherings:ics",
    "hours:program_csv",
    "reports:program_csv",
    "reports:program_pdf",
}
PERSONAS = ["anonymous", "member", "facilitator", "mentor", "coordinator", "staff"]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def _paths(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        parts = urlsplit(href)
        same_site = parts.scheme in ("", "http") and parts.netloc in ("", "testserver")
        if same_site and parts.path.startswith("/"):
            found.append(parts.path)
    return found


def _name(path: str) -> str | None:
    try:
        return resolve(path).view_name
    except Resolver404:
        return None


def crawl(client: Any, may_open: set[str]) -> dict[str, str]:
    """Every same-site path linked from the pages reachable from home: {path: url name}."""
    reached: dict[str, str] = {"/": "home"}
    queue: deque[str] = deque(["/"])
    while queue:
        response = client.get(queue.popleft())
        if response.status_code in (301, 302):
            targets = [urlsplit(response["Location"]).path]
        elif response.status_code == 200 and "html" in response.get("Content-Type", ""):
            targets = _paths(response.content.decode())
        else:
            continue
        for path in targets:
            name = _name(path)
            if name is None or path in reached or name.startswith(("admin:", "api")):
                continue
            reached[path] = name
            if name in may_open and name not in FILES:
                queue.append(path)
    return reached


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_links_every_page_a_persona_may_open(client: Any, world: World, persona: str) -> None:
    values = path_values(world)
    names = web_names()
    # What makes the links to some pages appear: a gathering of the guard's series, and two
    # people waiting for a peer partner.
    Gathering.objects.filter(pk=world.gathering.pk).update(series_id=values["series_id"])
    for _ in range(2):
        make_member(world.community, UserFactory())
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    may_open = {name for name, (method, who) in WEB.items() if method == "GET" and persona in who}
    if user is not None:
        may_open -= SIGNED_OUT_ONLY
    expected = {
        name: reverse(name, kwargs={arg: values[arg] for arg in names[name]})
        for name in sorted(may_open - set(NOT_BY_LINK))
        if (name, persona) not in NOT_FOR
    }
    reached = crawl(client, may_open)
    missing = {name: url for name, url in expected.items() if url not in reached}
    assert not missing, f"{persona} cannot reach these from home by following links: {missing}"


def test_it_gives_a_reason_for_every_page_not_reached_by_a_link() -> None:
    assert set(NOT_BY_LINK) <= set(WEB)
    assert set(WEB) >= FILES
    assert {name for name, _persona in NOT_FOR} <= set(WEB)


def test_the_crawler_counts_only_what_it_finds_linked(client: Any, world: World) -> None:
    client.force_login(world.member)
    reached = crawl(client, {"home", "communities:mine"})
    # Linked from the pages it read: the bottom bar's Groups, and that page's links.
    assert reached[reverse("communities:mine")] == "communities:mine"
    assert reverse("gatherings:community_list", args=[world.community.pk]) in reached
    # Not read, so not followed: a thread is two pages further.
    assert "conversations:thread" not in reached.values()
