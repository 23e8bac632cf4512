"""The leak test: private words reach exactly the people allowed to read them.

Every app that keeps private content seeds marker strings into it (`leak_markers` in its
tests/factories.py, see fireside/lib/tests/leaks.py). Then, as each persona, this test reads
everything Fireside serves: every web page (each named URL, then every link it leads to),
every API read, the person's own exports and calendar feeds, search results, their in-app
notifications, every email they were sent while the markers were seeded, and the Django
admin. A marker found where the persona may not see it fails the test; so does a marker the
persona may see but was not found anywhere (the crawl must reach what it guards, or this
test could not fail).

The table below says who may see each marker. Content of a group is for its active members;
coordinators, mentors and staff see aggregates, attendance and consented excerpts only.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import PERSONAS, World
from fireside.accounts.models import ApiToken
from fireside.demo.factories import UserFactory
from fireside.gatherings.notices import feed_for
from fireside.gatherings.tests.factories import GUEST_EMAIL
from fireside.lib.tests.leaks import (
    Crawler,
    Seeded,
    Sightings,
    email_text,
    found_in,
    read_admin,
    read_emails,
    run_queued_tasks,
    seed_markers,
    start_urls,
)
from fireside.lib.tests.routes import path_values
from fireside.notifications.actions import send_digests
from fireside.notifications.models import Notification
from fireside.notifications.render import render_notifications

pytestmark = pytest.mark.django_db

# conftest's outsider is active in a sibling group of the same program; the stranger is in
# no group at all (he left one).
EVERYONE = [*PERSONAS, "stranger"]
MEMBERS = {"member", "facilitator"}
MINA = {"member"}  # the member who wrote most of the markers
NOBODY: set[str] = set()
# The person Cora invites to Mina's group (communities' markers): no persona, whose pages
# are not crawled, but the email sent to them is checked like everyone's.
INVITEE = "invitee"
INVITEE_EMAIL = "invitee@example.org"
# The guest Fay invites to the gathering (gatherings' markers): no account, only her email.
GUEST = "guest"

# marker key -> who may see it. Mina (member) and Fay (facilitator) are the group; the
# outsider is in a sibling group of the same program.
VISIBLE: dict[str, set[str]] = {
    # Accessibility needs: their writer's; when shared (all of these are), also the
    # facilitators and co-facilitators of the writer's groups, where the writer is an active
    # member. Never other members, coordinators (not even beside the waitlist), mentors or
    # staff. Otto's group has no facilitator; Walt only waits for a seat. Needs not shared
    # reach no one: fireside/communities/tests/test_access_needs.py.
    "accounts.accessibility_needs": MINA | {"facilitator"},
    "accounts.facilitator_accessibility_needs": {"facilitator"},
    "accounts.waiting_accessibility_needs": {"waitlisted"},
    "accounts.outsider_accessibility_needs": {"outsider"},
    # A new address waiting for its confirmation: hers, and told to her current address.
    "accounts.pending_email": MINA,
    # An API token's name: its owner's, on her profile and in GET /api/v1/me/tokens.
    "accounts.token_name": MINA,
    # Her photo (its address carries the marker): for her and the people who share her
    # group; never a public page, the program's staff or a sibling group.
    "accounts.photo": MEMBERS,
    "communities.left_reason": {"stranger"},
    # A draft question in the program's FAQ: its coordinators and staff until published.
    "programs.faq_draft_question": {"coordinator", "staff"},
    "programs.faq_draft_answer": {"coordinator", "staff"},
    # A proposed group: its proposer (Mina), the program's coordinators and staff.
    "programs.proposal_purpose": {"member", "coordinator", "staff"},
    "programs.proposal_why": {"member", "coordinator", "staff"},
    # Who was invited to a group: the invited person, in the offer, and the coordinator who
    # invited, in the audit log; that log is the program's coordinators' and staff's (staff
    # also see every account in the admin). Not the group, whose facilitators see members
    # and their waitlist only. The group's name in the offer is no secret: the program's
    # directory shows it to anyone, signed in or not, so no marker can stand for it.
    "communities.invitee_name": {INVITEE, "coordinator", "staff"},
    # An invitation Mina sent to her group: the name she gave is seen by who sees the
    # group's invitations (its facilitators, the program's coordinators) and in the email;
    # her personal note only by her, the coordinators and the invited person.
    "invitations.name": MINA | {"facilitator", "coordinator", INVITEE},
    "invitations.note": MINA | {"coordinator", INVITEE},
    # A participants' file checked for enrolment: its rows are the program's coordinators'.
    "enrolment.name": {"coordinator"},
    # Threads, replies and their words: the group's active members.
    "conversations.thread_title": MEMBERS,
    "conversations.thread_body": MEMBERS,
    # An edited post's earlier words are kept, and shown to nobody.
    "conversations.revision_body": NOBODY,
    "conversations.reply_body": MEMBERS,
    # A reply's attachments: a file's name and its words, a picture's description.
    "conversations.attachment_name": MEMBERS,
    "conversations.attachment_file": MEMBERS,
    "conversations.attachment_caption": MEMBERS,
    # A draft is its writer's alone: not the group, its facilitators, nor the admin.
    "conversations.draft_body": MINA,
    "conversations.draft_title": MINA,
    # A flag is a private word to the facilitators (and its writer's own).
    "conversations.flag_reason": MEMBERS,
    # A hidden post: its author (Mina) and the facilitators.
    "conversations.hidden_body": MEMBERS,
    "conversations.hidden_reason": MEMBERS,
    "conversations.recognition_note": MEMBERS,
    "conversations.resource_title": MEMBERS,
    "conversations.resource_description": MEMBERS,
    "conversations.resource_file": MEMBERS,
    # Shared with the program by its author: the program's other groups too.
    "conversations.shared_resource_title": MEMBERS | {"outsider"},
    "conversations.shared_resource_description": MEMBERS | {"outsider"},
    "conversations.term_name": MEMBERS,
    "conversations.perspective_body": MEMBERS,
    "conversations.research_title": MEMBERS,
    "conversations.research_summary": MEMBERS,
    "conversations.research_citation": MEMBERS,
    "conversations.research_question": MEMBERS,
    "gatherings.topic_title": MEMBERS,
    "gatherings.topic_details": MEMBERS,
    "gatherings.agenda_topic": MEMBERS,
    # An agenda item shared with the gathering's guests: its guest link is the key, and the
    # crawl opens the guest's page with it as everyone (the other item, above, never shows).
    "gatherings.guest_shared_agenda": {*EVERYONE, GUEST},
    # Who a guest is: the group sees it, so nobody shares something private unaware.
    "gatherings.guest_note": MEMBERS,
    "gatherings.upcoming_agenda": MEMBERS,
    "gatherings.notes": MEMBERS,
    "gatherings.action_point": MEMBERS,
    "gatherings.ideas_next_time": MEMBERS,
    # A date poll and who answered what: the group's members only (its email, pages, home
    # task and API), never the program's staff.
    "gatherings.poll_title": MEMBERS,
    "gatherings.poll_note": MEMBERS,
    # Feedback: the group sees what worked, counted; a comment is its writer's.
    "gatherings.feedback_comment": MINA,
    # Debriefs: the group's facilitators, the program's mentors and coordinators.
    "gatherings.debrief_logistics": {"facilitator", "mentor", "coordinator"},
    "gatherings.debrief_common_threads": {"facilitator", "mentor", "coordinator"},
    "gatherings.debrief_wonderings": {"facilitator", "mentor", "coordinator"},
    # Where and by which link the facilitator and the group's mentor talk a gathering over.
    "gatherings.debrief_call_place": {"facilitator", "mentor"},
    "gatherings.debrief_call_link": {"facilitator", "mentor"},
    # A pair's matching reasons: the facilitator who forms pairs.
    "mentoring.pair_reason": {"facilitator"},
    # A connection's note and a reflection: their writer alone.
    "mentoring.connection_note": MINA,
    "mentoring.partner_note": {"facilitator"},
    # The pair's goals and where they meet: Mina and Fay (her partner) only; never another
    # facilitator, a mentor, a coordinator, an operator or the admin.
    "mentoring.pair_goal": MINA | {"facilitator"},
    "mentoring.catch_up_where": MINA | {"facilitator"},
    # Why a partner disputed a connection: the pair (Mina and Fay) and the group's
    # facilitators who settle it; never coordinators, mentors, staff or other members.
    "mentoring.dispute_note": MINA | {"facilitator"},
    # A partner request's note: its sender (Otto, in the sibling group) and its recipient
    # (Mina); never the facilitators, coordinators, mentors, staff or the admin.
    "mentoring.partner_request_note": MINA | {"outsider"},
    # Written while the program kept reflections private: hers alone, even though the
    # program shares reflections with its coordinators since.
    "mentoring.reflection_body": MINA,
    "mentoring.reflection_anything_else": MINA,
    # Written once the program shared reflections: its author (Otto) and the program's
    # coordinators, named; not mentors, staff, facilitators or other members.
    "mentoring.shared_reflection_body": {"outsider", "coordinator"},
    "mentoring.shared_reflection_anything_else": {"outsider", "coordinator"},
    # Consented, without a name, in the program's report.
    "mentoring.reflection_excerpt": MINA | {"coordinator"},
    # The pair's message thread: Mina and Fay, the two partners, and nobody else — not
    # another persona, staff or the admin site; notices and emails never carry the words.
    "mentoring.pair_message": MEMBERS,
    "mentoring.pair_message_reply": MEMBERS,
    # A pair draft is its writer's alone: not the partner, and nobody outside the pair.
    "mentoring.pair_draft": MINA,
    # A choice of a matching question that Mina picked: the program's participants (Otto,
    # in a sibling group) and coordinators read the question; her answer is hers, and the
    # facilitator sees it only as a reason of a suggestion. Never mentors, staff, the admin.
    "mentoring.matching_choice": MEMBERS | {"outsider", "coordinator"},
    "stories.private_title": MINA,
    "stories.private_story": MINA,
    "stories.private_enabling": MINA,
    "stories.group_title": MEMBERS,
    "stories.group_story": MEMBERS,
    "stories.group_enabling": MEMBERS,
    "stories.program_title": MINA | {"coordinator"},
    "stories.program_story": MINA | {"coordinator"},
    "stories.program_enabling": MINA | {"coordinator"},
    # One response, below the threshold: no results for anyone.
    "surveys.anonymous_answer": NOBODY,
    # Not anonymous: its respondent finds it in their own data.
    "surveys.confidential_answer": MINA,
    # Drafts: their builder's alone (Fay's of her group, Cora's of the program) until
    # published; not its audience, not the question bank of anyone else.
    "surveys.draft_title": {"facilitator"},
    "surveys.draft_intro": {"facilitator"},
    "surveys.draft_question": {"facilitator"},
    "surveys.program_draft_title": {"coordinator"},
    "surveys.program_draft_intro": {"coordinator"},
    "surveys.program_draft_question": {"coordinator"},
    # A code is the key to a public check (name, program, hours), not anyone's words: staff
    # see it in the admin, to help someone whose certificate does not verify.
    "certificates.code": MINA | {"coordinator", "staff"},
    # Why a certificate was revoked: told to its holder; the public check says only that.
    "certificates.revoke_reason": MINA,
    # An announcement: the group's members, by email and on the page; never the program.
    "announcements.title": MEMBERS,
    "announcements.body": MEMBERS,
    # A topic suggested in answer to a call for topics: the group's, like any proposed topic.
    "announcements.call_topic_title": MEMBERS,
    "announcements.call_topic_details": MEMBERS,
    # A gathering's reflection practices: the group's members (Mina's card without her name,
    # Fay's feedback on Mina's session); never coordinators, mentors, staff, the admin, a
    # sibling group or a former member.
    "activities.round_topic": MEMBERS,
    "activities.card": MEMBERS,
    "activities.practice_title": MEMBERS,
    "activities.practice_description": MEMBERS,
    "activities.practice_wanted": MEMBERS,
    "activities.feedback_worked": MEMBERS,
    "activities.feedback_to_try": MEMBERS,
    # The program library: everyone taking part in the program (the outsider is active in
    # a sibling group), its coordinators and mentors, and operators; never the waitlisted,
    # a former member or the public.
    "library.title": {*MEMBERS, "outsider", "mentor", "coordinator", "staff"},
    "library.description": {*MEMBERS, "outsider", "mentor", "coordinator", "staff"},
    "library.file": {*MEMBERS, "outsider", "mentor", "coordinator", "staff"},
    # Another program's library: nobody of this program; operators read every library.
    "library.other_program_title": {"staff"},
    "library.other_program_description": {"staff"},
}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path


@dataclasses.dataclass
class LeakWorld(World):
    stranger: Any = None


@dataclasses.dataclass
class Seeding:
    world: LeakWorld
    seeded: Seeded
    value_sets: list[dict[str, Any]]


@pytest.fixture
def seeding(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any, settings: Any
) -> Seeding:
    """The conftest world, a stranger, the guard's objects, then every app's markers. Their
    emails and background work go through the database queue, as in production, and a
    worker runs them: the queue's rows (shown in the admin) keep what was queued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    stranger = UserFactory(email="stranger@example.org", name="Sid Stranger")
    leak_world = LeakWorld(**vars(world), stranger=stranger)
    world.staff.is_superuser = True
    world.staff.save()
    guard_values = path_values(leak_world)
    with django_capture_on_commit_callbacks(execute=True):
        seeded = seed_markers(leak_world)
        # The scheduled jobs: digests gather what people chose not to get one by one.
        send_digests(period="daily")
        send_digests(period="weekly")
    assert run_queued_tasks(django_capture_on_commit_callbacks) > 0
    ours = {**guard_values, **seeded.paths}
    return Seeding(leak_world, seeded, [guard_values, ours] if ours != guard_values else [ours])


def test_it_has_a_row_for_every_marker(seeding: Seeding) -> None:
    assert set(seeding.seeded.markers) == set(VISIBLE)


def _crawl(seeding: Seeding, persona: str) -> Sightings:
    w, markers = seeding.world, seeding.seeded.markers
    user = w.persona(persona)
    client = Client()
    sightings = Sightings(markers)
    extra: list[str] = []
    if user is not None:
        client.force_login(user)
        extra += [
            reverse("accounts:export"),
            "/api/v1/me/export",
            reverse("gatherings:feed", kwargs={"feed_token": feed_for(user).token}),
        ]
    # What someone might type into search: the common word, and each marker's own words
    # (not the marker itself, which the search page shows back in its search box).
    for query in ["LEAK", *(_words(m) for m in markers.values())]:
        extra += [f"{reverse('search:search')}?q={query}", f"/api/v1/search?q={query}"]
    crawler = Crawler(client, ApiToken.issue(user) if user else None, sightings)
    crawler.crawl([*start_urls(seeding.value_sets), *extra])
    if user is not None:
        read_emails(user.email, sightings)
        for note in render_notifications(
            Notification.objects.filter(user=user).select_related("actor")
        ):
            sightings.look(f"notification {note.pk}", f"{note.message} {note.url}")
    read_admin(client, sightings)
    return sightings


def _words(marker: str) -> str:
    """'LEAK-CONVERSATIONS-THREAD-BODY-6af2' -> 'CONVERSATIONS+THREAD+BODY+6af2'."""
    return "+".join(marker.removeprefix("LEAK-").split("-"))


@pytest.mark.parametrize("persona", EVERYONE)
def test_no_marker_reaches_who_may_not_see_it(seeding: Seeding, persona: str) -> None:
    sightings = _crawl(seeding, persona)
    seen = sightings.keys()
    leaks = {key: sightings.places[key][:5] for key in seen if persona not in VISIBLE[key]}
    assert leaks == {}, f"{persona} sees what is not theirs"
    unseen = {key for key, who in VISIBLE.items() if persona in who} - seen
    assert unseen == set(), f"{persona} should see these somewhere, and the crawl never did"


def test_every_email_goes_to_who_may_read_it(seeding: Seeding, mailoutbox: list[Any]) -> None:
    w, markers = seeding.world, seeding.seeded.markers
    by_address = {w.persona(p).email.lower(): p for p in EVERYONE if p != "anonymous"}
    by_address[INVITEE_EMAIL] = INVITEE
    by_address[GUEST_EMAIL] = GUEST
    assert mailoutbox, "seeding sends email: invitations, replies, flags, revocations"
    wrong = []
    for message in mailoutbox:
        keys = found_in(email_text(message), markers)
        for address in [*message.to, *message.cc, *message.bcc]:
            persona = by_address.get(address.lower())
            wrong += [(message.subject, address, k) for k in keys if persona not in VISIBLE[k]]
    assert wrong == []


def test_every_admin_shows_metadata_only() -> None:
    """Every ModelAdmin (but Django's own groups) lists deletions by kind and number,
    never by what an object says; see fireside/lib/admin.py."""
    from django.contrib import admin

    from fireside.lib.admin import MetadataOnly

    registry = admin.site._registry.items()
    plain = [m._meta.label for m, a in registry if not isinstance(a, MetadataOnly)]
    assert plain == ["auth.Group"]


def test_the_crawl_reads_pdfs_headers_and_search_highlights() -> None:
    """What the crawl would otherwise miss: text inside a PDF, a file name in a header, a
    marker cut in two by a search highlight."""
    from django.http import HttpResponse
    from weasyprint import HTML

    from fireside.lib.tests.leaks import everything_in, links_in

    markers = {"a": "LEAK-A-1234", "b": "LEAK-B-5678", "c": "LEAK-C-9abc"}
    pdf = HttpResponse(
        HTML(string="<p>LEAK-A-1234</p>").write_pdf(), content_type="application/pdf"
    )
    pdf["Content-Disposition"] = 'attachment; filename="LEAK-B-5678.pdf"'
    assert found_in(everything_in(pdf), markers) == {"a", "b"}
    assert found_in("<p>leak-c-<mark>9ABC</mark></p>", markers) == {"c"}
    page = '<a href="/x/?next=/y&amp;page=2#top">x</a> <a href="https://elsewhere.org/">y</a>'
    assert list(links_in(page, "text/html")) == ["/x/?page=2"]
    answer = '{"items": [{"pdf_url": "http://testserver/c/1.pdf", "name": "/not/a/link x"}]}'
    assert list(links_in(answer, "application/json")) == ["/c/1.pdf", "/not/a/link x"]
