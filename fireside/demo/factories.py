"""factory_boy factories shared by the test suites, the demo (seed_demo) and the benchmarks.

factory_boy is a development tool: nothing in the product imports this module, and in
fireside.demo only what seed_demo runs does (see its command)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from fireside.accounts.models import RoleType, User
from fireside.communities.models import Agreement, Community, CommunityRole, Membership, Mode
from fireside.gatherings.models import Gathering
from fireside.programs.models import Program, ProgramStaff

PASSWORD = "correct horse battery"  # noqa: S105 - test fixtures only


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Faker("name")
    role_type = RoleType.ECE
    region = "Coast"
    email_verified_at = factory.LazyFunction(timezone.now)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):  # type: ignore[no-untyped-def] # noqa: N805
        if create:
            obj.save()


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    name = factory.Sequence(lambda n: f"Peer mentoring program {n}")
    description = "A year of small-group peer mentoring."
    starts_on = dt.date(2026, 9, 1)
    ends_on = dt.date(2027, 6, 30)
    timezone = "America/Vancouver"
    eligible_role_types = factory.LazyFunction(lambda: list(RoleType.values))


class CommunityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Community
        skip_postgeneration_save = True

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Circle {n}")
    purpose = "We share what works with toddlers outdoors."
    audience = RoleType.ECE
    region = "Coast"
    mode = Mode.ONLINE
    capacity = 12
    meeting_place = "Online"
    agreement = factory.RelatedFactory(
        "fireside.demo.factories.AgreementFactory", factory_related_name="community"
    )


class AgreementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agreement

    community = factory.SubFactory(CommunityFactory, agreement=None)
    version = 1
    text = "What is shared here stays here."


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    community = factory.SubFactory(CommunityFactory)
    user = factory.SubFactory(UserFactory)
    status = Membership.Status.ACTIVE
    # The day it is where the program runs (in the evening in Vancouver, UTC is already
    # tomorrow), as the reports count it.
    joined_on = factory.LazyAttribute(
        lambda o: timezone.localdate(timezone=ZoneInfo(o.community.program.timezone))
    )
    # Members accepted the group's agreement on joining, as they do in the product.
    agreement = factory.LazyAttribute(lambda o: o.community.agreements.order_by("-version").first())
    agreement_accepted_at = factory.LazyFunction(timezone.now)


def make_member(community: Community, user: User | None = None, *roles: str) -> User:
    user = user or UserFactory(role_type=community.audience)
    MembershipFactory(community=community, user=user)
    for role in roles:
        CommunityRole.objects.create(
            community=community, user=user, role=role, confirmed_at=timezone.now()
        )
    return user


def make_program_staff(program: Program, role: str, user: User | None = None) -> User:
    user = user or UserFactory()
    ProgramStaff.objects.create(program=program, user=user, role=role)
    return user


class GatheringFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gathering

    community = factory.SubFactory(CommunityFactory)
    title = factory.Sequence(lambda n: f"Gathering {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    duration_minutes = 90
    timezone = "America/Vancouver"
    location = "Orchard Street Library"
