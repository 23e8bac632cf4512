"""Joining, the waitlist, leaving, agreements, seat offers and roles, as actions."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from fireside.communities import actions
from fireside.communities.access import resolve_standing
from fireside.communities.agreement import DEFAULT_AGREEMENT
from fireside.communities.models import Community, CommunityRole, Membership, SeatOffer
from fireside.communities.roles import (
    do_assign_role,
    do_confirm_role,
    do_decline_role,
    do_remove_role,
    do_volunteer_role,
)
from fireside.communities.seat_offers import check_answer_offer, check_offer_seat
from fireside.demo.factories import CommunityFactory, UserFactory, make_member
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, NotFoundError, Unprocessable

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    """Emails are queued when the transaction commits: run those hooks at the block's end."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _join(user: Any, community: Community) -> tuple[Membership, int | None]:
    return actions.check_join(user=user, community=community, agree_to_agreement=True)


def _full(capacity: int = 2, **kwargs: Any) -> Community:
    community = CommunityFactory(capacity=capacity, **kwargs)
    for _ in range(capacity):
        make_member(community)
    return community


def test_joining_takes_a_free_seat_and_records_the_agreement(
    mailoutbox: list[Any], commits: Any
) -> None:
    community = CommunityFactory(capacity=3, name="Directors' Table & Friends")
    person = UserFactory()

    with commits():
        membership, position = _join(person, community)

    assert (membership.status, position) == ("active", None)
    assert membership.joined_on is not None
    assert membership.agreement == community.current_agreement
    assert membership.agreement_accepted_at is not None
    [mail] = mailoutbox
    assert mail.to == [person.email]
    assert mail.subject == "Welcome to Directors' Table & Friends"  # plain text, unescaped
    assert '"Directors\' Table & Friends"' in mail.body
    assert f"/communities/{community.pk}/home/" in mail.body


def test_a_full_group_puts_people_on_the_waitlist_in_order(
    mailoutbox: list[Any], commits: Any
) -> None:
    community = _full()
    first, second = UserFactory(), UserFactory()

    assert _join(first, community)[1] == 1
    with commits():
        membership, position = _join(second, community)

    assert (membership.status, position) == ("waitlisted", 2)
    assert membership.joined_on is None
    assert "number 2" in mailoutbox[-1].subject
    assert "position 2" in mailoutbox[-1].body


def test_joining_without_accepting_the_agreement_writes_nothing() -> None:
    community = CommunityFactory()
    for answer in (False, None, "true", 1):
        with pytest.raises(InvalidInput, match="agreement"):
            actions.check_join(user=UserFactory(), community=community, agree_to_agreement=answer)
    assert not Membership.objects.filter(community=community).exists()


def test_a_second_join_is_a_conflict() -> None:
    community = _full()
    person = UserFactory()
    _join(person, community)
    with pytest.raises(Conflict, match="waitlist"):
        _join(person, community)
    member = Membership.objects.filter(community=community, status="active").first()
    assert member is not None
    with pytest.raises(Conflict, match="already a member"):
        _join(member.user, community)


def test_a_role_type_that_does_not_match_is_refused_with_the_groups_that_fit() -> None:
    community = CommunityFactory(audience="ece")
    fitting = CommunityFactory(program=community.program, audience="trainer", name="Trainers")
    trainer = UserFactory(role_type="trainer")

    with pytest.raises(NotAllowed) as refused:
        _join(trainer, community)

    assert "“Early childhood educator”" in refused.value.message
    assert "“Trainer or instructor”" in refused.value.message
    assert fitting.name in refused.value.message
    assert not Membership.objects.filter(user=trainer).exists()


def test_a_role_type_not_eligible_in_the_program_is_refused() -> None:
    community = CommunityFactory(audience="ece")
    community.program.eligible_role_types = ["ece"]
    community.program.save()
    with pytest.raises(NotAllowed, match="is open to"):
        _join(UserFactory(role_type="regulator"), community)


def test_an_unverified_address_is_refused_when_verification_is_required(settings: Any) -> None:
    settings.REQUIRE_VERIFIED_EMAIL = True
    person = UserFactory(email_verified_at=None)
    with pytest.raises(NotAllowed, match="verify your email"):
        _join(person, CommunityFactory())
    settings.REQUIRE_VERIFIED_EMAIL = False
    assert _join(person, CommunityFactory())[0].status == "active"


def test_a_person_may_belong_to_several_groups() -> None:
    person = UserFactory()
    a, b = CommunityFactory(), CommunityFactory()
    assert _join(person, a)[0].status == _join(person, b)[0].status == "active"


def test_leaving_seats_the_first_person_waiting_and_tells_them(
    mailoutbox: list[Any], commits: Any
) -> None:
    community = _full()
    first, second = UserFactory(), UserFactory()
    _join(first, community)
    _join(second, community)
    leaver = Membership.objects.filter(community=community, status="active").first()
    assert leaver is not None
    mailoutbox.clear()

    with commits():
        promoted = actions.check_leave(user=leaver.user, community=community, reason="Moving away")

    assert [m.user for m in promoted] == [first]
    leaver.refresh_from_db()
    assert (leaver.status, leaver.left_reason) == ("left", "Moving away")
    assert leaver.left_at is not None and leaver.joined_on is not None  # kept for retention
    assert Membership.objects.get(community=community, user=first).status == "active"
    assert actions.waitlist_position(Membership.objects.get(user=second)) == 1
    [mail] = mailoutbox
    assert mail.to == [first.email] and "seat opened" in mail.subject


def test_leaving_the_waitlist_seats_no_one() -> None:
    community = _full()
    waiting = UserFactory()
    _join(waiting, community)
    assert actions.check_leave(user=waiting, community=community) == []
    assert Membership.objects.filter(community=community, status="active").count() == 2


def test_leaving_ends_roles_but_keeps_their_history() -> None:
    community = CommunityFactory()
    person = make_member(community, None, "organiser")
    actions.check_leave(user=person, community=community)
    role = CommunityRole.objects.get(community=community, user=person)
    assert role.ended_at is not None
    assert not CommunityRole.objects.current().filter(community=community).exists()


def test_leaving_a_group_one_is_not_in_is_not_found() -> None:
    with pytest.raises(NotFoundError):
        actions.check_leave(user=UserFactory(), community=CommunityFactory())


def test_a_person_can_rejoin_after_leaving_and_both_stays_are_kept() -> None:
    community = CommunityFactory()
    person = UserFactory()
    _join(person, community)
    actions.check_leave(user=person, community=community)
    _join(person, community)
    assert list(
        Membership.objects.filter(community=community, user=person)
        .order_by("pk")
        .values_list("status", flat=True)
    ) == ["left", "active"]


def test_a_coordinator_removing_someone_tells_them_and_seats_the_next(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    community = world.community
    community.capacity = 2
    community.save()
    with commits():
        promoted = actions.check_remove_member(
            actor=world.coordinator, community=community, user=world.member, reason="Asked to"
        )
    assert [m.user for m in promoted] == [world.waitlisted]
    removed = next(m for m in mailoutbox if m.to == [world.member.email])
    assert "Asked to" in removed.body


def test_raising_the_capacity_seats_people_waiting(world: World) -> None:
    community = _full(program=world.program)
    waiting = [UserFactory() for _ in range(3)]
    for person in waiting:
        _join(person, community)

    promoted = actions.check_update_community(
        actor=world.coordinator,
        community=community,
        name=community.name,
        purpose=community.purpose,
        region=community.region,
        mode=community.mode,
        capacity=4,
        rhythm="Every second Tuesday",
    )

    assert [m.user for m in promoted] == waiting[:2]
    community.refresh_from_db()
    assert (community.capacity, community.rhythm) == (4, "Every second Tuesday")


@pytest.mark.parametrize(
    ("capacity", "match"), [(13, "limit"), (1, "cannot go below"), (2, "cannot go below")]
)
def test_capacity_stays_within_the_program_limit_and_the_members(
    world: World, capacity: int, match: str
) -> None:
    community = _full(capacity=3, program=world.program)
    fields = {
        "name": community.name,
        "purpose": community.purpose,
        "region": community.region,
        "mode": community.mode,
    }
    with pytest.raises(Unprocessable, match=match):
        actions.check_update_community(
            actor=world.coordinator, community=community, capacity=capacity, **fields
        )
    community.refresh_from_db()
    assert community.capacity == 3


def test_a_new_agreement_version_asks_members_to_accept_again(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    community = world.community
    Membership.objects.filter(community=community).update(agreement=community.current_agreement)
    assert not resolve_standing(world.member, community).needs_to_accept_agreement

    with commits():
        agreement = actions.do_update_agreement(
            actor=world.facilitator, community=community, text=DEFAULT_AGREEMENT
        )

    assert agreement.version == 2
    assert resolve_standing(world.member, community).needs_to_accept_agreement
    assert not resolve_standing(world.facilitator, community).needs_to_accept_agreement
    assert [m.to for m in mailoutbox] == [[world.member.email]]
    with pytest.raises(Conflict, match="changed"):
        actions.do_accept_agreement(user=world.member, community=community, version=1)
    actions.do_accept_agreement(user=world.member, community=community, version=2)
    assert not resolve_standing(world.member, community).needs_to_accept_agreement


@pytest.mark.parametrize("text", ["", "   ", "x" * 20_001])
def test_an_empty_or_huge_agreement_is_refused(world: World, text: str) -> None:
    with pytest.raises(InvalidInput):
        actions.do_update_agreement(actor=world.facilitator, community=world.community, text=text)
    assert world.community.agreements.count() == 1


@pytest.mark.parametrize("text", ["Be kind\x00", "Be kind \ud83d"])
def test_an_agreement_with_unstorable_characters_is_refused_by_name(
    world: World, text: str
) -> None:
    with pytest.raises(InvalidInput) as refused:
        actions.do_update_agreement(actor=world.facilitator, community=world.community, text=text)
    assert refused.value.errors == {"text": ["Remove the invisible or broken characters."]}
    assert world.community.agreements.count() == 1


@pytest.mark.parametrize("field", ["name", "purpose", "region", "meeting_place", "rhythm"])
def test_a_group_detail_with_a_nul_is_refused_by_name(world: World, field: str) -> None:
    community = world.community
    fields: dict[str, Any] = {
        "name": community.name,
        "purpose": community.purpose,
        "region": community.region,
        "mode": community.mode,
        "capacity": community.capacity,
        field: "Tuesdays\x00",
    }
    with pytest.raises(InvalidInput) as refused:
        actions.check_update_community(actor=world.coordinator, community=community, **fields)
    assert list(refused.value.errors) == [field]
    community.refresh_from_db()
    assert "\x00" not in getattr(community, field)


def test_leaving_with_a_nul_in_the_reason_is_refused_and_keeps_the_place(world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        actions.check_leave(user=world.member, community=world.community, reason="bye\x00")
    assert list(refused.value.errors) == ["reason"]
    assert Membership.objects.get(user=world.member, community=world.community).status == "active"


def test_the_default_agreement_covers_what_groups_need() -> None:
    text = DEFAULT_AGREEMENT.lower()
    for topic in ("children", "families", "workplaces", "permission", "respectful", "space"):
        assert topic in text
    assert "think" in text


def test_a_seat_offer_moves_a_waiting_person_when_they_accept(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    waiting = Membership.objects.get(community=world.community, user=world.waitlisted)
    with commits():
        offer = check_offer_seat(
            actor=world.coordinator, membership=waiting, to_community=world.other_community
        )
    mail = mailoutbox[-1]
    assert mail.to == [world.waitlisted.email]
    assert f"/communities/offers/{offer.token}/" in mail.body
    with pytest.raises(NotFoundError):
        check_answer_offer(user=world.member, offer=offer, accept=True)
    with pytest.raises(InvalidInput):
        check_answer_offer(user=world.waitlisted, offer=offer, accept=True)

    moved = check_answer_offer(
        user=world.waitlisted, offer=offer, accept=True, agree_to_agreement=True
    )

    assert moved is not None and moved.community == world.other_community
    assert moved.status == "active"
    waiting.refresh_from_db()
    assert waiting.status == "left"
    offer.refresh_from_db()
    assert offer.outcome == SeatOffer.Outcome.ACCEPTED
    with pytest.raises(Conflict):
        check_answer_offer(user=world.waitlisted, offer=offer, accept=False)


def test_declining_a_seat_offer_keeps_the_place(world: World) -> None:
    waiting = Membership.objects.get(community=world.community, user=world.waitlisted)
    offer = check_offer_seat(
        actor=world.coordinator, membership=waiting, to_community=world.other_community
    )
    assert check_answer_offer(user=world.waitlisted, offer=offer, accept=False) is None
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"


def test_a_seat_taken_meanwhile_leaves_the_person_waiting(world: World) -> None:
    target = CommunityFactory(program=world.program, capacity=2)
    make_member(target)
    waiting = Membership.objects.get(community=world.community, user=world.waitlisted)
    offer = check_offer_seat(actor=world.coordinator, membership=waiting, to_community=target)
    make_member(target)
    with pytest.raises(Conflict, match="taken meanwhile"):
        check_answer_offer(user=world.waitlisted, offer=offer, accept=True, agree_to_agreement=True)
    waiting.refresh_from_db()
    assert waiting.status == "waitlisted"


def test_seats_are_only_offered_where_they_exist(world: World) -> None:
    waiting = Membership.objects.get(community=world.community, user=world.waitlisted)
    with pytest.raises(InvalidInput):
        check_offer_seat(actor=world.coordinator, membership=waiting, to_community=world.community)
    with pytest.raises(Conflict, match="no open seat"):
        check_offer_seat(
            actor=world.coordinator, membership=waiting, to_community=_full(program=world.program)
        )
    with pytest.raises(InvalidInput, match="same program"):
        check_offer_seat(
            actor=world.coordinator, membership=waiting, to_community=CommunityFactory()
        )
    member = Membership.objects.get(community=world.community, user=world.member)
    with pytest.raises(Conflict, match="not waiting"):
        check_offer_seat(
            actor=world.coordinator, membership=member, to_community=world.other_community
        )


def test_roles_are_volunteered_confirmed_and_rotated_with_history(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    with commits():
        offered = do_volunteer_role(user=world.member, community=world.community, role="organiser")
    assert {tuple(m.to) for m in mailoutbox} == {
        (world.facilitator.email,),
        (world.coordinator.email,),
    }
    assert "organiser" not in resolve_standing(world.member, world.community).roles
    with pytest.raises(Conflict):
        do_volunteer_role(user=world.member, community=world.community, role="organiser")

    do_confirm_role(actor=world.facilitator, offered=offered)
    assert "organiser" in resolve_standing(world.member, world.community).roles
    assert do_remove_role(
        actor=world.facilitator, community=world.community, user=world.member, role="organiser"
    )
    # Handed on: the next person can take it, and the past holder stays in the history.
    do_assign_role(
        actor=world.facilitator,
        community=world.community,
        user=world.facilitator,
        role="organiser",
    )
    history = CommunityRole.objects.filter(community=world.community, role="organiser")
    assert history.count() == 2
    assert history.get(user=world.member).ended_at is not None


def test_declined_volunteers_do_not_hold_the_role(world: World) -> None:
    offered = do_volunteer_role(user=world.member, community=world.community, role="co_facilitator")
    do_decline_role(actor=world.facilitator, offered=offered)
    assert not CommunityRole.objects.current().filter(user=world.member).exists()
    with pytest.raises(Conflict):
        do_confirm_role(actor=world.facilitator, offered=offered)


def test_only_active_members_take_roles(world: World) -> None:
    for person in (world.waitlisted, world.outsider, world.coordinator):
        with pytest.raises(Unprocessable):
            do_volunteer_role(user=person, community=world.community, role="organiser")
    with pytest.raises(InvalidInput):
        do_volunteer_role(user=world.member, community=world.community, role="queen")


def test_erasure_frees_seats_for_the_people_waiting(world: World) -> None:
    world.community.capacity = 2
    world.community.save()
    actions.do_leave_all_for_erasure(user=world.member)
    assert Membership.objects.get(user=world.waitlisted).status == "active"
