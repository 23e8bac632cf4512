"""A person's time zone: their profile's, else their first group's program's, else the
site's; asked of one person or of everyone at once."""

from __future__ import annotations

from typing import Any

import pytest

from fireside.accounts.models import User
from fireside.communities.models import Membership
from fireside.communities.zones import (
    people_in_zone,
    people_zones,
    program_zones,
    with_zone,
    zone_of,
)
from fireside.demo.factories import CommunityFactory, MembershipFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

PARIS, TOKYO, VANCOUVER = "Europe/Paris", "Asia/Tokyo", "America/Vancouver"


def join(user: User, zone: str, status: str = Membership.Status.ACTIVE) -> None:
    MembershipFactory(user=user, community=CommunityFactory(program__timezone=zone), status=status)


def test_it_takes_the_profile_s_zone_first() -> None:
    user = UserFactory(timezone=PARIS)
    join(user, TOKYO)
    assert zone_of(user) == PARIS


def test_it_takes_the_first_group_s_program_zone_without_a_profile_zone() -> None:
    user = UserFactory(timezone="")
    join(user, TOKYO)
    join(user, VANCOUVER)
    assert zone_of(user) == TOKYO


def test_it_prefers_a_group_they_are_in_to_one_they_wait_for_or_left() -> None:
    user = UserFactory(timezone="")
    join(user, PARIS, Membership.Status.LEFT)
    join(user, TOKYO, Membership.Status.WAITLISTED)
    join(user, VANCOUVER)
    assert zone_of(user) == VANCOUVER
    Membership.objects.filter(status=Membership.Status.ACTIVE).delete()
    assert zone_of(user) == TOKYO


def test_it_falls_back_to_the_site_s_zone(settings: Any) -> None:
    settings.TIME_ZONE = "America/Toronto"
    user = UserFactory(timezone="")
    join(user, PARIS, Membership.Status.LEFT)
    assert zone_of(user) == "America/Toronto"


def test_it_finds_everyone_in_a_zone_in_one_query(django_assert_num_queries: Any) -> None:
    own = UserFactory(timezone=PARIS)
    join(own, VANCOUVER)
    by_program = UserFactory(timezone="")
    join(by_program, PARIS)
    elsewhere = UserFactory(timezone="")
    join(elsewhere, VANCOUVER)
    nowhere = UserFactory(timezone="")
    with django_assert_num_queries(1):  # the users, each with the zone as a subquery
        zones = dict(with_zone(User.objects.all()).values_list("pk", "zone"))
    assert zones == {
        own.pk: PARIS,
        by_program.pk: PARIS,
        elsewhere.pk: VANCOUVER,
        nowhere.pk: "UTC",
    }
    in_paris = User.objects.filter(pk__in=people_in_zone(PARIS))
    assert set(in_paris) == {own, by_program}


def test_it_lists_every_zone_someone_may_be_in(django_assert_num_queries: Any) -> None:
    ProgramFactory(timezone=TOKYO)
    UserFactory(timezone=PARIS)
    UserFactory(timezone="")
    with django_assert_num_queries(2):  # the programs' zones, the profiles'
        zones = people_zones()
    assert zones == {"UTC", TOKYO, PARIS}
    assert program_zones() == {"UTC", TOKYO}
