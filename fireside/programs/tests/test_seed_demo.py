from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command

from fireside.accounts.models import User
from fireside.communities.models import Community, CommunityRole, Membership
from fireside.programs.management.commands.seed_demo import DEMO_DOMAIN, DEMO_PASSWORD, SIGN_INS
from fireside.programs.models import Program, ProgramStaff

pytestmark = pytest.mark.django_db


def _seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "programs": Program.objects.count(),
        "communities": Community.objects.count(),
        "memberships": Membership.objects.count(),
        "roles": CommunityRole.objects.count(),
        "staff": ProgramStaff.objects.count(),
    }


@pytest.fixture(autouse=True)
def _immediate_tasks(settings: Any) -> None:
    # The queued welcome emails run at once instead of needing a worker.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def test_it_creates_a_program_with_about_six_communities_and_sixty_people() -> None:
    _seed()

    assert Program.objects.count() == 1
    assert 5 <= Community.objects.count() <= 7
    assert User.objects.count() >= 55


def test_it_changes_nothing_when_run_twice() -> None:
    _seed()
    before = _counts()

    output = _seed()

    assert _counts() == before
    assert "already" in output


def test_it_keeps_every_community_within_capacity_and_its_audience() -> None:
    _seed()

    for community in Community.objects.with_counts():
        assert community.active_members_count() <= community.capacity
        active = User.objects.filter(
            memberships__community=community, memberships__status=Membership.Status.ACTIVE
        )
        assert set(active.values_list("role_type", flat=True)) == {community.audience}


def test_it_has_a_full_community_and_one_with_several_open_seats() -> None:
    _seed()

    communities = list(Community.objects.with_counts())

    assert any(c.open_seats() == 0 for c in communities)
    assert any(c.open_seats() >= 3 for c in communities)


def test_it_gives_every_community_exactly_one_facilitator_among_its_members() -> None:
    _seed()

    for community in Community.objects.all():
        facilitators = community.roles.filter(role=CommunityRole.Role.FACILITATOR)
        assert facilitators.count() == 1
        assert community.memberships.filter(
            user=facilitators.get().user, status=Membership.Status.ACTIVE
        ).exists()


def test_it_lets_every_demo_sign_in_authenticate_with_the_demo_password() -> None:
    _seed()

    for local, _what in SIGN_INS:
        assert authenticate(username=f"{local}@{DEMO_DOMAIN}", password=DEMO_PASSWORD)


def test_it_places_the_demo_personas_in_their_roles() -> None:
    _seed()
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
    _seed()

    assert not User.objects.exclude(email__endswith=f"@{DEMO_DOMAIN}").exists()


def test_it_records_agreement_acceptance_for_active_members() -> None:
    _seed()

    active = Membership.objects.filter(status=Membership.Status.ACTIVE)

    assert active.exists()
    assert not active.filter(agreement__isnull=True).exists()


def test_it_prints_the_demo_sign_ins() -> None:
    output = _seed()

    assert DEMO_PASSWORD in output
    for local, _what in SIGN_INS:
        assert f"{local}@{DEMO_DOMAIN}" in output


def test_it_gives_every_group_its_gatherings_with_the_past_filled_in(time_machine: Any) -> None:
    import datetime as dt

    from fireside.gatherings.models import Attendance, Debrief, Gathering

    time_machine.move_to(dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC), tick=False)
    _seed()
    for community in Community.objects.all():
        gatherings = Gathering.objects.filter(community=community)
        assert gatherings.count() >= 8
        past = [g for g in gatherings if g.starts_at < dt.datetime(2026, 11, 28, tzinfo=dt.UTC)]
        assert past, community.name
        assert Attendance.objects.filter(gathering__in=past, present=True).exists()
        # The latest past gathering still waits for its debrief, for the mentors' list.
        assert Debrief.objects.filter(gathering__in=past).count() == len(past) - 1
