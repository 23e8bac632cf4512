"""The demo data, seeded once for the module at a fixed moment in the program's year, then
read the way its people would: through the product's own actions, queries and pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from decimal import Decimal
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from fireside.accounts.models import User
from fireside.accounts.photos import stored_name
from fireside.communities.covers import stored_name as cover_name
from fireside.communities.models import Community, CommunityRole, Membership, MentorAssignment
from fireside.communities.role_changes import requests_for
from fireside.conversations.models import Reaction, ReactionKind, Thread
from fireside.demo.conversations import CHALLENGE_TITLE
from fireside.demo.gatherings import DEBRIEF_AFTER
from fireside.demo.groups import SIGN_INS
from fireside.demo.people import DEMO_DOMAIN, DEMO_PASSWORD
from fireside.gatherings.actions import attendance_candidates, check_record_attendance
from fireside.gatherings.models import Attendance, Debrief, Gathering, GatheringGuest
from fireside.hours.ledger import SOURCES, ledger_for
from fireside.mentoring.actions import consented_excerpts
from fireside.mentoring.models import Connection, Format, Pairing, Reflection
from fireside.programs.models import Program
from fireside.programs.words import group_word
from fireside.surveys.models import PendingResponse, Response
from fireside.surveys.report import confidence_overview, program_survey_results

pytestmark = pytest.mark.django_db

# A Saturday late in the fall term: months of gatherings, pairs and reflections behind it.
NOW = dt.datetime(2026, 11, 28, 20, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module", autouse=True)
def _demo(
    django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """Seed once for the whole module, at NOW, which stays the time of every test here (each
    test runs in a savepoint of its own); roll it all back afterwards, so no other module
    sees the demo. Its pictures go to a folder of their own."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        time_machine.travel(NOW, tick=False),
        override_settings(PASSWORD_HASHERS=fast, MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        _seed()
        yield
        transaction.set_rollback(True)


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def _user(local: str) -> User:
    return User.objects.get(email=f"{local}@{DEMO_DOMAIN}")


def _past() -> list[Gathering]:
    return list(
        Gathering.objects.filter(starts_at__lt=timezone.now(), cancelled_at__isnull=True)
        .select_related("community")
        .order_by("starts_at", "pk")
    )


def test_it_creates_a_program_with_about_six_communities_and_sixty_people() -> None:
    assert timezone.now() == NOW  # the module's moment holds in every test
    assert Program.objects.count() == 1
    assert 5 <= Community.objects.count() <= 7
    assert User.objects.count() >= 55


def test_it_keeps_every_community_within_capacity_and_its_audience() -> None:
    for community in Community.objects.with_counts():
        assert community.active_members_count() <= community.capacity
        active = User.objects.filter(
            memberships__community=community, memberships__status=Membership.Status.ACTIVE
        )
        assert set(active.values_list("role_type", flat=True)) == {community.audience}


def test_it_has_a_full_community_and_one_with_several_open_seats() -> None:
    communities = list(Community.objects.with_counts())

    assert any(c.open_seats() == 0 for c in communities)
    assert any(c.open_seats() >= 3 for c in communities)


def test_it_gives_every_community_exactly_one_facilitator_among_its_members() -> None:
    for community in Community.objects.all():
        facilitators = community.roles.filter(role=CommunityRole.Role.FACILITATOR)
        assert facilitators.count() == 1
        assert community.memberships.filter(
            user=facilitators.get().user, status=Membership.Status.ACTIVE
        ).exists()


def test_it_lets_every_demo_sign_in_authenticate_with_the_demo_password() -> None:
    for local, _what in SIGN_INS:
        assert authenticate(username=f"{local}@{DEMO_DOMAIN}", password=DEMO_PASSWORD)


def test_it_places_the_demo_personas_in_their_roles() -> None:
    first = Community.objects.get(name="Tidewater Outdoor Play Circle")
    program = Program.objects.get()

    def user(local: str) -> User:
        return User.objects.get(email=f"{local}@{DEMO_DOMAIN}")

    assert user("staff").is_staff
    assert not user("staff").is_superuser
    assert program.staff.filter(user=user("coordinator"), role="coordinator").exists()
    assert program.staff.filter(user=user("mentor"), role="mentor").exists()
    assert first.roles.filter(user=user("facilitator"), role="facilitator").exists()
    assert first.memberships.filter(user=user("member"), status="active").exists()
    assert not Membership.objects.filter(user=user("newcomer")).exists()
    assert user("newcomer").role_type == "ece"


def test_it_uses_only_the_demo_email_domain() -> None:
    assert not User.objects.exclude(email__endswith=f"@{DEMO_DOMAIN}").exists()


def test_it_records_agreement_acceptance_for_active_members() -> None:
    active = Membership.objects.filter(status=Membership.Status.ACTIVE)

    assert active.exists()
    assert not active.filter(agreement__isnull=True).exists()


def test_it_prints_the_demo_sign_ins() -> None:
    output = _seed()

    assert DEMO_PASSWORD in output
    for local, _what in SIGN_INS:
        assert f"{local}@{DEMO_DOMAIN}" in output


def test_it_dates_every_membership_before_the_gatherings_its_person_attended() -> None:
    for a in Attendance.objects.select_related("gathering"):
        place = Membership.objects.get(community=a.gathering.community_id, user=a.user_id)
        assert place.joined_on is not None
        assert place.joined_on <= timezone.localdate(a.gathering.starts_at)
        assert place.agreement_accepted_at is not None
        assert place.agreement_accepted_at < a.gathering.starts_at
    for role in CommunityRole.objects.all():
        assert role.confirmed_at is not None
        assert (
            role.confirmed_at
            < Gathering.objects.filter(community=role.community).earliest("starts_at").starts_at
        )


def test_it_lets_every_past_gathering_save_its_attendance_again() -> None:
    past = _past()
    assert len(past) >= 20

    for g in past:
        rows = [
            {"user_id": a.user_id, "present": a.present, "minutes": a.minutes}
            for a in g.attendance.order_by("user_id")
        ]
        assert rows, g.title
        saved = check_record_attendance(actor=g.created_by, gathering=g, rows=rows)
        assert len(saved) == len(rows)


def test_it_only_lists_people_who_were_in_the_group_that_day() -> None:
    late = Membership.objects.get(user__name="Abena Owusu")
    first = Gathering.objects.filter(community=late.community).earliest("starts_at")

    assert not attendance_candidates(first).filter(user=late.user).exists()
    assert not Attendance.objects.filter(gathering=first, user=late.user).exists()
    assert Attendance.objects.filter(gathering__community=late.community, user=late.user).exists()


def test_it_lets_the_demo_facilitator_save_attendance_on_the_page(client: Client) -> None:
    facilitator = _user("facilitator")
    client.force_login(facilitator)
    gatherings = [g for g in _past() if g.community.name == "Tidewater Outdoor Play Circle"]
    assert gatherings

    for g in (gatherings[0], gatherings[-1]):
        url = reverse("gatherings:attendance", args=[g.pk])
        form = client.get(url).context["form"]
        data: dict[str, Any] = {"person": [uid for uid, _name in form.people]}
        for uid, _name in form.people:
            data[f"minutes_{uid}"] = form.initial.get(f"minutes_{uid}", g.duration_minutes)
            if form.initial.get(f"present_{uid}"):
                data[f"present_{uid}"] = "on"
        before = sorted(g.attendance.values_list("user_id", "present", "minutes"))

        response = client.post(url, data)

        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == reverse("gatherings:notes", args=[g.pk])
        assert sorted(g.attendance.values_list("user_id", "present", "minutes")) == before


def test_it_gives_every_group_peer_pairs_with_varied_connections_and_reflections() -> None:
    program = Program.objects.get()
    last = Community.objects.order_by("-pk").first()
    for community in Community.objects.all():
        pairs = Pairing.objects.filter(community=community).open()
        # In the last group two pairs ended and members choose again (mentoring_partners.py).
        assert pairs.count() >= (1 if community == last else 3), community.name
        assert Connection.objects.filter(pairing__community=community).count() >= 10
        assert Reflection.objects.filter(author__memberships__community=community).exists()
    # Members choose their partners: one request waits for its answer, with its note.
    from fireside.mentoring.models import PartnerRequest

    assert program.partner_choice == "members"
    waiting = PartnerRequest.objects.get()
    assert waiting.state == "pending" and waiting.note and waiting.community == last
    assert set(Connection.objects.values_list("format", flat=True)) >= {
        Format.COFFEE,
        Format.WALK,
        Format.VIDEO,
        Format.PHONE,
        Format.MESSAGE,
    }
    recent = timezone.localdate() - dt.timedelta(days=14)
    assert Connection.objects.filter(happened_on__gte=recent).count() >= 5
    assert len(consented_excerpts(program)) >= 5
    # Connections never predate their pair, nor reflections their author's first month.
    for c in Connection.objects.select_related("pairing"):
        assert c.pairing.starts_on <= c.happened_on <= timezone.localdate()
    for r in Reflection.objects.all():
        joined = Membership.objects.get(user=r.author_id).joined_on
        assert joined is not None
        assert joined.replace(day=1) <= r.month <= timezone.localdate()


@pytest.mark.parametrize("local", ["member", "facilitator"])
def test_it_shows_real_progress_in_the_demo_hours_ledgers(local: str) -> None:
    ledger = ledger_for(_user(local), Program.objects.get())

    for source in SOURCES:
        if source == "preparation" and local == "member":
            continue  # facilitators' own
        assert ledger.tally.hours_of(source) > 0, source
    assert ledger.total_hours > Decimal("10")
    assert any(month.reached for month in ledger.months)


def test_it_leaves_the_demo_member_this_months_reflection_to_write() -> None:
    this_month = timezone.localdate().replace(day=1)
    member = _user("member")

    assert not Reflection.objects.filter(author=member, month=this_month).exists()
    assert Reflection.objects.filter(author=member).count() >= 2


def test_it_gives_the_mentor_debriefs_to_write_and_some_written(client: Client) -> None:
    mentor = _user("mentor")
    program = Program.objects.get()
    client.force_login(mentor)

    response = client.get(reverse("gatherings:mentor_debriefs", args=[program.pk]))

    missing = list(response.context["missing"])
    assert len(missing) >= Community.objects.count()  # each group's latest, at least
    assert any(g.attended for g in missing)  # type: ignore[attr-defined]
    assert response.context["filed"] >= 10
    assert Debrief.objects.filter(written_by=mentor).exists()
    # The last fortnight's gatherings (and each group's latest) wait; older ones are written.
    past = _past()
    latest = {g.community_id: g.pk for g in past}  # in order, so the last one stays
    recent = timezone.now() - DEBRIEF_AFTER
    assert {g.pk for g in missing} == {
        g.pk for g in past if g.ends_at > recent or g.pk == latest[g.community_id]
    }


def test_it_gives_each_group_a_mentor_and_the_demo_mentor_real_work_on_their_home(
    client: Client,
) -> None:
    mentor = _user("mentor")
    facilitated = CommunityRole.objects.get(user=_user("facilitator"), role="facilitator")
    assert MentorAssignment.objects.count() == Community.objects.count()
    assert MentorAssignment.objects.filter(mentor=mentor, community=facilitated.community).exists()
    client.force_login(mentor)

    page = client.get(reverse("home")).content.decode()

    assert "Groups you mentor" in page
    assert facilitated.community.name in page
    assert "Just held" in page and "Set a time to talk" in page
    assert 'id="task-debriefs-to-write-' in page
    # The demo facilitator proposed a time to talk their latest gathering over.
    assert "Debrief conversations coming up" in page
    client.force_login(_user("facilitator"))
    assert "Debrief conversation: " in client.get(reverse("home")).content.decode()


def test_it_shows_survey_and_confidence_results_above_the_threshold() -> None:
    program = Program.objects.get()

    shown = [r for r in program_survey_results(program) if not r.withheld]
    summary, by_group = confidence_overview(program)

    assert shown
    assert shown[0].included >= shown[0].threshold
    assert shown[0].included == shown[0].answered  # a closed round: everyone mixed in
    assert all(q.bars or q.texts for q in shown[0].questions)
    assert not summary.withheld
    assert any(not s.withheld for _c, s in by_group)
    # Answers took the product's path: mixed in from the holding table, not written
    # straight into results; the open group survey still holds its few answers back.
    assert Response.objects.filter(respondent__isnull=False).count() == 0
    assert 0 < PendingResponse.objects.count() < shown[0].threshold


@pytest.mark.parametrize(
    ("local", "page", "expected"),
    [
        ("member", "home", "Your peer partner"),
        ("facilitator", "home", "Peer partners in Tidewater Outdoor Play Circle"),
        ("mentor", "debriefs", "Tidewater Outdoor Play Circle"),
        ("coordinator", "report", "How is the year going?"),
        ("staff", "admin", "Site administration"),
        ("newcomer", "directory", "Tidewater Outdoor Play Circle"),
    ],
)
def test_it_gives_every_demo_sign_in_something_real_to_see(
    client: Client, local: str, page: str, expected: str
) -> None:
    assert local in dict(SIGN_INS)
    program = Program.objects.get()
    urls = {
        "home": reverse("home"),
        "debriefs": reverse("gatherings:mentor_debriefs", args=[program.pk]),
        "report": reverse("reports:program", args=[program.pk]),
        "admin": reverse("admin:index"),
        "directory": reverse("communities:directory"),
    }
    client.force_login(_user(local))

    response = client.get(urls[page])

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_it_changes_no_row_when_run_again() -> None:
    before = _counts()

    output = _seed()

    assert _counts() == before
    assert "already" in output


def test_every_group_has_a_drawn_cover_with_words_and_a_few_people_a_photo() -> None:
    for community in Community.objects.all():
        assert community.cover and community.cover_alt.startswith("A drawing of")
        assert default_storage.exists(cover_name(community.cover, 480))
    photographed = User.objects.exclude(photo="")
    assert {_user("member"), _user("facilitator")} <= set(photographed)
    assert 3 <= photographed.count() <= 6
    assert all(default_storage.exists(stored_name(u.photo, 96)) for u in photographed)


def test_it_invites_a_guest_to_the_demo_groups_next_gathering() -> None:
    guest = GatheringGuest.objects.select_related("gathering").get()
    assert guest.email.endswith(f"@{DEMO_DOMAIN}")
    assert guest.gathering.starts_at > timezone.now()
    assert guest.gathering.agenda.filter(shared_with_guests=True).exists()


def test_it_gives_the_program_an_faq_a_contact_and_a_proposed_group(client: Client) -> None:
    program = Program.objects.get()
    assert program.contact_email == _user("coordinator").email
    page = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert "What if I miss a gathering?" in page
    assert program.contact_name in page
    client.force_login(_user("coordinator"))
    home = client.get(reverse("home")).content.decode()
    assert "Group proposals to review" in home


def test_it_speaks_the_programs_own_word_and_leaves_a_role_change_to_confirm() -> None:
    program = Program.objects.get()
    assert group_word(program, plural=True) == "communities of practice"
    [request] = requests_for(program)
    assert (request.user.role_type, request.user.role_type_requested) == ("ecea", "ece")


def test_the_demo_member_finds_a_reply_half_written_in_their_group(client: Client) -> None:
    from fireside.conversations.models import Draft

    member = _user("member")
    draft = Draft.objects.select_related("thread").get(user=member)
    client.force_login(member)
    page = client.get(draft.thread.get_absolute_url()).content.decode()
    assert "Your draft from" in page
    assert "Amara Okafor wrote:\n&gt; Coming back inside" in page
    # Nobody else sees it: the thread's author opens the same page.
    client.force_login(draft.thread.author)
    assert "Still testing it" not in client.get(draft.thread.get_absolute_url()).content.decode()


def test_it_starts_a_conversation_with_a_mention_and_reactions(client: Client) -> None:
    thread = Thread.objects.get(title=CHALLENGE_TITLE)
    assert thread.replies.count() == 2
    kinds = set(Reaction.objects.values_list("kind", flat=True))
    assert ReactionKind.ME_TOO in kinds and len(kinds) >= 3
    client.force_login(_user("member"))
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f'<strong class="mention">@{thread.author.display_name}</strong>' in page
    assert "Who reacted" in page
