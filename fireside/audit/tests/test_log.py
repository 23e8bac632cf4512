"""The audit log: a program's coordinators see who changed roles, membership, attendance,
certificates and agreements and who downloaded what in their program; staff see every event;
nobody sees a word anyone wrote."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.audit import log
from fireside.audit.models import AuditEvent
from fireside.certificates.actions import check_revoke_certificate
from fireside.certificates.tests.factories import make_certificate
from fireside.communities.actions import (
    do_accept_agreement,
    do_update_agreement,
)
from fireside.communities.roles import do_assign_role
from fireside.conversations.actions import check_start_thread
from fireside.demo.factories import (
    CommunityFactory,
    GatheringFactory,
    ProgramFactory,
    make_member,
)
from fireside.gatherings.actions import check_record_attendance
from fireside.lib import audit_verbs as log_verbs
from fireside.lib.audit import record

pytestmark = pytest.mark.django_db

REASON = "ZQ-REVOKE-REASON"
THREAD = "ZQ-THREAD-TITLE"


def _program_url(world: World) -> str:
    return reverse("audit:program", kwargs={"program_id": world.program.pk})


def _changes(world: World) -> None:
    """Fay gives Mina a role, records attendance and edits the agreement, which Mina
    accepts; the coordinator revokes Mina's certificate; Mina starts a thread (content: not
    for the log)."""
    do_assign_role(
        actor=world.facilitator, community=world.community, user=world.member, role="organiser"
    )
    check_record_attendance(
        actor=world.facilitator,
        gathering=world.gathering,
        rows=[{"user_id": world.member.pk, "present": True, "minutes": 60}],
    )
    agreement = do_update_agreement(
        actor=world.facilitator, community=world.community, text="Kindness, and phones away."
    )
    do_accept_agreement(user=world.member, community=world.community, version=agreement.version)
    certificate = make_certificate(world.member, world.program)
    check_revoke_certificate(actor=world.coordinator, certificate=certificate, reason=REASON)
    check_start_thread(
        author=world.member, community=world.community, title=THREAD, body="b", kind="idea"
    )


def test_it_has_words_for_every_verb_the_code_records() -> None:
    """A new `record(…, "app.verb", …)` needs plain words in its app's audit_verbs.py."""
    root = Path(__file__).resolve().parents[2]
    call = re.compile(r"""record\(\s*[^,]+,\s*(f?)"([a-z_]+\.[a-z_{}]+)\"""")
    verbs: set[str] = set()
    for path in root.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for is_f, verb in call.findall(path.read_text()):
            if is_f:  # programs.add_{role}: every role it may take
                verbs |= {verb.replace("{role}", r) for r in ("coordinator", "mentor")}
            else:
                verbs.add(verb)
    assert len(verbs) > 60
    assert sorted(verbs - set(log_verbs.VERBS)) == []


def test_each_app_declares_its_own_verbs_in_its_own_module() -> None:
    """Adding a feature's verb touches that app only: "gatherings.x" is declared in
    fireside/gatherings/audit_verbs.py, and every declared verb sits in one group."""
    root = Path(__file__).resolve().parents[2]
    for verb in log_verbs.VERBS:
        app = verb.split(".")[0]
        assert f'"{verb}"' in (root / app / "audit_verbs.py").read_text(), verb
    grouped = [v for group in log_verbs.GROUPS.values() for v in group.verbs]
    assert sorted(grouped) == sorted(log_verbs.VERBS)
    # Coordinators see their program's changes, not group life, accounts or own downloads.
    assert "communities.assign_role" in log_verbs.COORDINATOR_VERBS
    assert "hours.export_csv" in log_verbs.COORDINATOR_VERBS
    assert "conversations.start_thread" not in log_verbs.COORDINATOR_VERBS
    assert "gatherings.rotate_feed" not in log_verbs.COORDINATOR_VERBS
    assert "accounts.export" not in log_verbs.COORDINATOR_VERBS


def test_it_shows_coordinators_their_programs_changes_in_plain_words(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    _changes(world)
    elsewhere = CommunityFactory(program=ProgramFactory())
    do_update_agreement(actor=world.staff, community=elsewhere, text="Another program's.")
    client.force_login(world.coordinator)
    # session, user, program, coordinator standing, count, the page of events, the names
    # on it (people, groups, programs, gatherings), the unread notifications in the header.
    with django_assert_max_num_queries(11):
        response = client.get(_program_url(world))
    assert response.status_code == 200
    page = response.content.decode()
    for words in (
        "Fay Facilitator</strong> gave a role: Circle",
        "Mina Member · Organiser",
        "recorded attendance",
        "changed a group&#x27;s agreement",
        "Mina Member</strong> accepted a group&#x27;s agreement: Circle",
        "version 2",
        "Cora Coord</strong> revoked a certificate: a certificate of Mina Member",
    ):
        assert words in page
    assert "Another program" not in page and elsewhere.name not in page
    # Content is not the log's business, and a revocation's reason is its holder's.
    assert "started a conversation" not in page and THREAD not in page
    assert REASON not in page
    verbs = [row.verb for row in response.context["rows"]]
    assert verbs[0] == "certificates.revoke"  # newest first
    assert set(verbs) <= log_verbs.COORDINATOR_VERBS


def test_it_filters_by_verb_and_explains_a_wrong_one(client: Client, world: World) -> None:
    _changes(world)
    client.force_login(world.coordinator)
    response = client.get(_program_url(world), {"verb": "gatherings.attendance"})
    assert [r.verb for r in response.context["rows"]] == ["gatherings.attendance"]
    # A verb coordinators may not see is no choice for them: an error, and everything.
    response = client.get(_program_url(world), {"verb": "conversations.start_thread"})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert "conversations.start_thread" not in [r.verb for r in response.context["rows"]]
    assert len(response.context["rows"]) > 1


def test_it_pages_through_a_long_log(client: Client, world: World) -> None:
    for _ in range(log.PER_PAGE + 5):
        record(world.member, "communities.accept_agreement", world.community, version=1)
    client.force_login(world.coordinator)
    first = client.get(_program_url(world))
    assert len(first.context["rows"]) == log.PER_PAGE
    assert "Page 1 of 2" in first.content.decode()
    second = client.get(_program_url(world), {"page": 2})
    assert len(second.context["rows"]) == 5
    assert client.get(_program_url(world), {"page": "junk"}).status_code == 200


def test_staff_see_every_event_and_downloads_of_ones_own_data(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    _changes(world)
    client.force_login(world.member)
    assert client.get(reverse("accounts:export")).status_code == 200
    token_headers = {"Authorization": f"Bearer {_token(world.member)}"}
    assert client.get("/api/v1/me/export", headers=token_headers).status_code == 200
    exports = AuditEvent.objects.filter(verb="accounts.export", actor=world.member)
    assert sorted(e.data["via"] for e in exports) == ["api", "web"]

    client.force_login(world.staff)
    # session, user, count, the page of events, the names on it (people, groups,
    # programs, gatherings), the unread notifications in the header.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("audit:all"))
    page = response.content.decode()
    assert "Mina Member</strong> downloaded their own data" in page
    assert "through the API" in page
    assert "Mina Member</strong> started a conversation: Circle" in page
    assert THREAD not in page and REASON not in page
    filtered = client.get(reverse("audit:all"), {"verb": "accounts.export"})
    assert {r.verb for r in filtered.context["rows"]} == {"accounts.export"}


def test_downloads_of_program_figures_are_recorded(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    kwargs = {"program_id": world.program.pk}
    assert client.get(reverse("hours:program_csv", kwargs=kwargs)).status_code == 200
    assert client.get(reverse("reports:program_csv", kwargs=kwargs)).status_code == 200
    rows = client.get(_program_url(world)).context["rows"]
    assert [r.what for r in rows] == [
        "downloaded the program report (CSV)",
        "downloaded everyone's hours (CSV)",
    ]
    assert all(r.actor == "Cora Coord" for r in rows)


def test_the_admin_shows_the_same_details_never_the_stored_text(
    client: Client, world: World
) -> None:
    _changes(world)
    world.staff.is_superuser = True
    world.staff.save()
    client.force_login(world.staff)
    revoke = AuditEvent.objects.get(verb="certificates.revoke")
    assert revoke.data["reason"] == REASON  # stored by the action, shown by nobody
    page = client.get(reverse("admin:audit_auditevent_change", args=[revoke.pk]))
    text = page.content.decode()
    assert "revoked a certificate" in text and "a certificate of Mina Member" in text
    assert REASON not in text


def test_someone_who_left_is_named_a_former_member(world: World) -> None:
    other = make_member(world.community)
    record(world.facilitator, "communities.remove_member", world.community, user_id=other.pk)
    event = AuditEvent.objects.get(verb="communities.remove_member")
    other.delete()
    (row,) = log.rows([event], ZoneInfo("UTC"))
    assert row.details == ["a former member"]
    assert row.actor == "Fay Facilitator" and row.target == world.community.name


def _token(user: Any) -> str:
    from fireside.accounts.models import ApiToken

    return ApiToken.issue(user)


def test_staff_read_a_gatherings_title_only_where_they_may_read_the_schedule(
    client: Client, world: World
) -> None:
    """A gathering's title is its group's schedule: staff outside the group read "a
    gathering"; staff who are members, and the program's coordinators, read the title."""
    _changes(world)
    title = world.gathering.title
    client.force_login(world.staff)
    page = client.get(reverse("audit:all")).content.decode()
    assert "recorded attendance" in page
    assert title not in page
    assert "a gathering" in page

    make_member(world.community, world.staff)
    page = client.get(reverse("audit:all")).content.decode()
    assert title in page

    client.force_login(world.coordinator)
    assert title in client.get(_program_url(world)).content.decode()
    # The admin shows metadata to any staff member: never the title.
    event = AuditEvent.objects.get(verb="gatherings.attendance")
    assert title not in log.rows([event], ZoneInfo("UTC"))[0].details


def test_each_app_s_scope_makes_a_programs_events_and_deleted_targets_are_named_so(
    world: World,
) -> None:
    """The program's scopes come from programs, communities, gatherings and certificates
    (their audit_targets.py); the names of what was deleted from the same place."""
    elsewhere = CommunityFactory(program=ProgramFactory())
    other_gathering = GatheringFactory(community=elsewhere)
    for gathering in (world.gathering, other_gathering):
        record(
            world.facilitator,
            "gatherings.attendance_corrected",
            world.member,
            gathering_id=gathering.pk,
            was_minutes=60,
            now_minutes=90,
        )
    record(world.coordinator, "programs.update", world.program)
    record(world.staff, "programs.update", elsewhere.program)
    record(world.facilitator, "communities.update", world.community)
    record(world.staff, "communities.update", elsewhere)
    events = log.program_events(world.program.pk)
    assert sorted((e.verb, e.actor_id) for e in events) == sorted(
        [
            ("gatherings.attendance_corrected", world.facilitator.pk),
            ("programs.update", world.coordinator.pk),
            ("communities.update", world.facilitator.pk),
        ]
    )
    assert events.filter(data__gathering_id=other_gathering.pk).count() == 0

    gone = AuditEvent.objects.filter(verb="communities.update", actor=world.staff).get()
    elsewhere.delete()
    (row,) = log.rows([gone], ZoneInfo("UTC"))
    assert row.target == "a group that was deleted"
