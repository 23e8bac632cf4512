"""The community pages on the web: joining, the waitlist, leaving, removing, editing the
group and its agreement, roles, seat offers, and the signed-in home page."""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from conftest import World
from fireside.communities.models import Community, CommunityRole, Membership, SeatOffer
from fireside.demo.factories import (
    CommunityFactory,
    MembershipFactory,
    ProgramFactory,
    UserFactory,
    make_member,
    make_program_staff,
)
from fireside.lib.tests.browser import axe_violations, fits_width, screenshot
from fireside.mentoring.tests.factories import make_pairing
from fireside.programs.models import CommitmentPeriod
from fireside.surveys.tests.factories import make_survey

pytestmark = pytest.mark.django_db

Send = Callable[..., Any]


@pytest.fixture
def send(client: Client, django_capture_on_commit_callbacks: Any) -> Send:
    """Sign in as `user`, then GET or POST; mail queued on commit goes out at once."""

    def go(user: Any, url: str, data: dict[str, Any] | None = None, follow: bool = True) -> Any:
        client.force_login(user)
        with django_capture_on_commit_callbacks(execute=True):
            if data is None:
                return client.get(url, follow=follow)
            return client.post(url, data, follow=follow)

    return go


def text(response: Any) -> str:
    """The page as a reader sees it: tags dropped, entities decoded, whitespace squeezed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def link_in(message: Any) -> str:
    found = re.findall(r"http://testserver(/\S+)", message.body)
    assert len(found) == 1, message.body
    return str(found[0])


def status(community: Community, user: Any) -> str | None:
    place = (
        Membership.objects.filter(community=community, user=user)
        .exclude(status=Membership.Status.LEFT)
        .first()
    )
    return place.status if place else None


def waiter(community: Community, name: str) -> Any:
    person = UserFactory(name=name, role_type=community.audience)
    MembershipFactory(community=community, user=person, status="waitlisted", joined_on=None)
    return person


@pytest.fixture
def full() -> Community:
    """A group of two with both seats taken."""
    community = CommunityFactory(name="Little Oaks", capacity=2)
    make_member(community, UserFactory(name="Ada Active"))
    make_member(community, UserFactory(name="Bea Active"))
    return community


# Joining


def test_it_refuses_to_join_without_the_box_ticked_and_writes_nothing(
    send: Send, full: Community
) -> None:
    newcomer = UserFactory()
    community = CommunityFactory(program=full.program)
    response = send(newcomer, reverse("communities:join", args=[community.pk]), {})
    assert response.status_code == 200
    assert "Tick the box to accept the agreement." in text(response)
    assert not Membership.objects.filter(user=newcomer).exists()
    assert mail.outbox == []


def test_it_joins_with_the_box_ticked_and_sends_a_welcome(send: Send) -> None:
    community = CommunityFactory(name="Seaside Circle")
    newcomer = UserFactory(email="nell@example.org")
    response = send(
        newcomer, reverse("communities:join", args=[community.pk]), {"agree_to_agreement": "on"}
    )
    assert response.redirect_chain[-1][0] == reverse("communities:home", args=[community.pk])
    assert "Welcome to Seaside Circle!" in text(response)
    assert status(community, newcomer) == "active"
    assert [m.to for m in mail.outbox] == [["nell@example.org"]]


def test_it_puts_people_on_the_waitlist_of_a_full_group_and_shows_their_place(
    send: Send, full: Community
) -> None:
    waiter(full, "First Waiting")
    newcomer = UserFactory()
    response = send(
        newcomer, reverse("communities:join", args=[full.pk]), {"agree_to_agreement": "on"}
    )
    page = text(response)
    assert "you are number 2 on its waitlist" in page
    assert "You are on the waitlist, number 2." in page
    assert status(full, newcomer) == "waitlisted"
    assert "number 2" in mail.outbox[-1].subject


# Leaving and removing


def test_it_gives_the_seat_of_someone_who_leaves_to_the_first_person_waiting(
    send: Send, full: Community
) -> None:
    leaver = Membership.objects.filter(community=full).first().user  # type: ignore[union-attr]
    first = waiter(full, "First Waiting")
    second = waiter(full, "Second Waiting")
    response = send(leaver, reverse("communities:leave", args=[full.pk]), {"reason": "Moving"})
    assert "You have left Little Oaks." in text(response)
    assert status(full, leaver) is None
    assert status(full, first) == "active"
    assert status(full, second) == "waitlisted"
    assert [m.to for m in mail.outbox] == [[first.email]]
    assert "Little Oaks" in mail.outbox[0].body


def test_a_coordinator_removes_someone_who_is_told_why_and_the_seat_moves_on(
    send: Send, full: Community
) -> None:
    coordinator = make_program_staff(full.program, "coordinator")
    leaving = Membership.objects.filter(community=full).first().user  # type: ignore[union-attr]
    first = waiter(full, "First Waiting")
    url = reverse("communities:remove_member", args=[full.pk, leaving.pk])
    response = send(coordinator, url, {"reason": "Asked to pause for a term"})
    page = text(response)
    assert f"{leaving.display_name} is no longer in the group." in page
    assert "The free seat went to First Waiting." in page
    assert status(full, leaving) is None
    assert status(full, first) == "active"
    removed = next(m for m in mail.outbox if m.to == [leaving.email])
    assert "Asked to pause for a term" in removed.body


def test_it_refuses_an_overlong_reason_and_removes_no_one(send: Send, full: Community) -> None:
    coordinator = make_program_staff(full.program, "coordinator")
    member = Membership.objects.filter(community=full).first().user  # type: ignore[union-attr]
    url = reverse("communities:remove_member", args=[full.pk, member.pk])
    response = send(coordinator, url, {"reason": "x" * 501})
    assert "501 characters; the limit is 500." in text(response)
    assert status(full, member) == "active"
    assert mail.outbox == []


def test_only_coordinators_see_the_remove_forms_and_the_waitlist(send: Send, world: World) -> None:
    url = reverse("communities:members", args=[world.community.pk])
    as_member = text(send(world.member, url))
    assert "Remove from group" not in as_member
    assert world.waitlisted.display_name not in as_member
    as_coordinator = text(send(world.coordinator, url))
    assert as_coordinator.count("Remove from group") == 2
    assert "Walt Waiting" in as_coordinator
    assert "1. Walt Waiting Waiting since" in as_coordinator


# Editing the group


def test_raising_the_capacity_seats_people_from_the_waitlist(send: Send, full: Community) -> None:
    coordinator = make_program_staff(full.program, "coordinator")
    first, second, third = (waiter(full, n) for n in ("First W", "Second W", "Third W"))
    form = {
        "name": "Little Oaks",
        "purpose": full.purpose,
        "region": full.region,
        "mode": full.mode,
        "capacity": 4,
        "meeting_place": "Oak Street Library",
        "rhythm": "Every second Tuesday",
    }
    response = send(coordinator, reverse("communities:edit", args=[full.pk]), form)
    assert "2 people from the waitlist now have a seat: First W, Second W." in text(response)
    assert [status(full, p) for p in (first, second, third)] == ["active", "active", "waitlisted"]
    full.refresh_from_db()
    assert (full.capacity, full.meeting_place) == (4, "Oak Street Library")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([first.email, second.email])


def test_it_refuses_a_capacity_above_the_program_limit_and_changes_nothing(
    send: Send, full: Community
) -> None:
    program = full.program
    program.max_group_size = 8
    program.save()
    coordinator = make_program_staff(program, "coordinator")
    waiter(full, "First W")
    form = {"name": "Renamed", "purpose": "p", "region": "r", "mode": "online", "capacity": 10}
    response = send(coordinator, reverse("communities:edit", args=[full.pk]), form)
    assert response.status_code == 200
    page = text(response)
    assert "Please fix this:" in page
    assert "Seats: At most 8." in page
    assert "Between 2 and 8 in this program." in page
    full.refresh_from_db()
    assert (full.name, full.capacity) == ("Little Oaks", 2)
    assert mail.outbox == []


# The agreement


def test_a_changed_agreement_is_accepted_again_by_every_member(send: Send, world: World) -> None:
    community = world.community
    edit = reverse("communities:agreement_edit", args=[community.pk])
    assert "What is shared here stays here." in text(send(world.facilitator, edit))
    response = send(world.facilitator, edit, {"text": "Kindness first.\n\nPhones away."})
    assert "Version 2 of the agreement is saved." in text(response)
    assert [m.to for m in mail.outbox] == [[world.member.email]]
    assert link_in(mail.outbox[0]) == reverse("communities:agreement", args=[community.pk])

    home = reverse("communities:home", args=[community.pk])
    assert "Our agreement has changed" in text(send(world.member, home))
    assert "Our agreement has changed" not in text(send(world.facilitator, home))
    response = send(
        world.member,
        reverse("communities:agreement", args=[community.pk]),
        {"version": 2, "agree_to_agreement": "on"},
    )
    assert "you accepted the new agreement" in text(response)
    assert "Our agreement has changed" not in text(response)


def test_an_unchanged_agreement_is_not_a_new_version(send: Send, world: World) -> None:
    edit = reverse("communities:agreement_edit", args=[world.community.pk])
    response = send(world.facilitator, edit, {"text": "What is shared here stays here."})
    assert "The agreement is unchanged." in text(response)
    assert world.community.agreements.count() == 1


# Roles


def test_a_volunteer_is_confirmed_and_the_history_stays_after_the_role_ends(
    send: Send, world: World
) -> None:
    members = reverse("communities:members", args=[world.community.pk])
    volunteer = reverse("communities:volunteer_role", args=[world.community.pk])
    response = send(world.member, volunteer, {"role": "organiser"})
    page = text(response)
    assert "Thank you for offering to be organiser!" in page
    assert "Mina Member offered to be organiser" in page
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [world.facilitator.email, world.coordinator.email]
    )
    offered = CommunityRole.objects.get(user=world.member, role="organiser")
    confirm = reverse("communities:confirm_role", args=[world.community.pk, offered.pk])
    assert confirm not in response.content.decode()  # members see the offer, not the buttons
    page = text(send(world.facilitator, confirm, {}))
    assert "Mina Member is now organiser." in page
    assert "Mina Member Organiser" in page
    assert CommunityRole.objects.current().filter(pk=offered.pk).exists()

    remove = reverse("communities:remove_role", args=[world.community.pk, offered.pk])
    send(world.coordinator, remove, {})
    page = text(send(world.member, members))
    history = page.split("Role history")[1]
    today = timezone.localdate().strftime("%-d %b %Y")
    assert f"Mina Member — Organiser, {today} to {today}" in history


def test_a_declined_volunteer_holds_no_role_and_is_not_in_the_history(
    send: Send, world: World
) -> None:
    send(
        world.member,
        reverse("communities:volunteer_role", args=[world.community.pk]),
        {"role": "co_facilitator"},
    )
    offered = CommunityRole.objects.get(user=world.member)
    decline = reverse("communities:decline_role", args=[world.community.pk, offered.pk])
    page = text(send(world.coordinator, decline, {}))
    assert "You declined Mina Member's offer." in page
    assert "Offers waiting to be confirmed" not in page
    assert "No one has handed a role on yet." in page
    assert not CommunityRole.objects.current().filter(user=world.member).exists()


def test_a_member_cannot_volunteer_twice_for_the_same_role(send: Send, world: World) -> None:
    url = reverse("communities:volunteer_role", args=[world.community.pk])
    send(world.member, url, {"role": "organiser"})
    response = send(world.member, url, {"role": "organiser"})
    assert "You already hold or have offered to take that role." in text(response)
    assert CommunityRole.objects.filter(user=world.member).count() == 1


# Seat offers


@pytest.fixture
def offer_setup(full: Community) -> dict[str, Any]:
    roomy = CommunityFactory(program=full.program, name="Maple Room", capacity=6)
    return {
        "full": full,
        "roomy": roomy,
        "coordinator": make_program_staff(full.program, "coordinator"),
        "waiting": waiter(full, "Wren Waiting"),
    }


def _offer(send: Send, s: dict[str, Any]) -> str:
    place = Membership.objects.get(user=s["waiting"], community=s["full"])
    url = reverse("communities:offer_seat", args=[s["full"].pk, place.pk])
    response = send(s["coordinator"], url, {"to_community": s["roomy"].pk})
    assert "We emailed Wren Waiting the offer of a seat in Maple Room." in text(response)
    [offer_mail] = mail.outbox
    assert offer_mail.to == [s["waiting"].email]
    return link_in(offer_mail)


def test_a_waiting_person_accepts_a_seat_elsewhere_by_the_link_in_the_email(
    send: Send, offer_setup: dict[str, Any]
) -> None:
    s = offer_setup
    members = text(send(s["coordinator"], reverse("communities:members", args=[s["full"].pk])))
    assert "Maple Room (6 free seats)" in members
    link = _offer(send, s)
    home = text(send(s["waiting"], "/"))
    assert "A seat for you in Maple Room" in home
    assert text(send(s["waiting"], link)).count("Accept the seat") == 1
    response = send(s["waiting"], link, {"answer": "accept", "agree_to_agreement": "on"})
    assert "Welcome to Maple Room!" in text(response)
    assert status(s["roomy"], s["waiting"]) == "active"
    assert status(s["full"], s["waiting"]) is None


def test_declining_a_seat_offer_keeps_the_place_in_the_queue(
    send: Send, offer_setup: dict[str, Any]
) -> None:
    s = offer_setup
    link = _offer(send, s)
    response = send(s["waiting"], link, {"answer": "decline"})
    assert "You keep your place on the waitlist." in text(response)
    assert status(s["full"], s["waiting"]) == "waitlisted"
    assert status(s["roomy"], s["waiting"]) is None
    assert SeatOffer.objects.get().outcome == "declined"


def test_nobody_else_can_open_a_seat_offer(
    send: Send, offer_setup: dict[str, Any], client: Client
) -> None:
    s = offer_setup
    link = _offer(send, s)
    someone = Membership.objects.filter(community=s["full"], status="active").first()
    assert send(someone.user, link).status_code == 404  # type: ignore[union-attr]
    assert send(s["coordinator"], link, {"answer": "accept"}).status_code == 404
    assert SeatOffer.objects.get().outcome == "pending"


def test_it_offers_only_groups_of_the_same_audience_with_free_seats(
    send: Send, offer_setup: dict[str, Any]
) -> None:
    s = offer_setup
    CommunityFactory(program=s["full"].program, name="Trainers Table", audience="trainer")
    packed = CommunityFactory(program=s["full"].program, name="Packed Room", capacity=2)
    make_member(packed)
    make_member(packed)
    page = text(send(s["coordinator"], reverse("communities:members", args=[s["full"].pk])))
    assert "Maple Room" in page
    assert "Trainers Table" not in page
    assert "Packed Room" not in page
    # And a hand-made post for a full group is refused by the action, with its reason.
    place = Membership.objects.get(user=s["waiting"], community=s["full"])
    url = reverse("communities:offer_seat", args=[s["full"].pk, place.pk])
    response = send(s["coordinator"], url, {"to_community": packed.pk})
    assert "Packed Room has no open seat." in text(response)
    assert not SeatOffer.objects.exists()


def test_the_program_waitlists_page_shows_each_queue_in_order_with_offers(
    send: Send, offer_setup: dict[str, Any]
) -> None:
    s = offer_setup
    later = waiter(s["full"], "Xavi Later")
    program = s["full"].program
    url = reverse("programs:waitlists", args=[program.pk])
    detail = text(send(s["coordinator"], reverse("programs:detail", args=[program.pk])))
    assert "Waiting lists" in detail
    _offer(send, s)
    page = text(send(s["coordinator"], url))
    assert "Maple Room · Early childhood educator · Coast · 6 free seats" in page
    queue = page.split("People waiting")[1]
    assert queue.index("Wren Waiting") < queue.index(later.display_name)
    assert "Offered a seat in Maple Room on" in queue
    # Wren's seat in Maple Room is already offered: only Xavi can be offered one.
    assert queue.count("Offer the seat") == 1
    back = send(
        s["coordinator"],
        reverse(
            "communities:offer_seat",
            args=[s["full"].pk, Membership.objects.get(user=later, community=s["full"]).pk],
        ),
        {"to_community": s["roomy"].pk, "next": url},
    )
    assert back.redirect_chain[-1][0] == url


def test_the_offer_form_never_sends_people_off_the_site(
    send: Send, offer_setup: dict[str, Any]
) -> None:
    s = offer_setup
    place = Membership.objects.get(user=s["waiting"], community=s["full"])
    url = reverse("communities:offer_seat", args=[s["full"].pk, place.pk])
    response = send(
        s["coordinator"],
        url,
        {"to_community": s["roomy"].pk, "next": "https://evil.example/"},
        follow=False,
    )
    assert response["Location"] == reverse("communities:members", args=[s["full"].pk])


# The home pages


def test_the_community_home_links_to_everything_a_member_needs(send: Send, world: World) -> None:
    CommitmentPeriod.objects.create(
        program=world.program, role="facilitator", start_month=9, end_month=6
    )
    home = reverse("communities:home", args=[world.community.pk])
    page = text(send(world.member, home))
    for label in ("Members and roles", "Our agreement", "Leave this group"):
        assert label in page
    assert "Facilitators commit from September until June." in page
    # Changing it is on the agreement's own page, for facilitators.
    agreement = reverse("communities:agreement", args=[world.community.pk])
    assert "Change the agreement" not in text(send(world.member, agreement))
    assert "Change the agreement" in text(send(world.facilitator, agreement))


def test_anonymous_visitors_keep_the_welcome_page(client: Client, world: World) -> None:
    page = text(client.get("/"))
    assert "Learn your craft together" in page
    assert "Your groups" not in page


def test_the_home_page_shows_groups_queues_and_what_needs_attention(
    send: Send, world: World
) -> None:
    CommunityRole.objects.create(community=world.community, user=world.member, role="organiser")
    page = text(send(world.facilitator, "/"))
    assert "Your groups" in page
    assert f"{world.community.name} Online · Coast" in page
    assert "Your role: Facilitator" in page
    assert "Mina Member offered to be organiser" in page
    assert f"What {world.program.name} asks of you" in page

    waiting = text(send(world.waitlisted, "/"))
    assert f"Waiting lists {world.community.name} : you are number 1." in waiting
    assert "You're on a waiting list" in waiting and "Nothing right now" not in waiting

    coordinator = text(send(world.coordinator, "/"))
    assert "Mina Member offered to be organiser" in coordinator
    assert "Programs you coordinate" in coordinator

    # A mentor is in no group: their home leads to the debriefs still to write, and does not
    # tell them to find a group.
    debriefs = f"/gatherings/program/{world.program.pk}/debriefs/"
    mentor_page = send(world.mentor, "/").content.decode()
    assert "Groups you mentor" in mentor_page
    assert "No group is assigned to you yet." in mentor_page
    assert f'href="{debriefs}"' in mentor_page
    assert "You are not in a group yet." not in mentor_page
    assert send(world.mentor, debriefs).status_code == 200
    assert f'href="{debriefs}"' in send(world.coordinator, "/").content.decode()


def _busy_person(groups: int) -> Any:
    """Someone facilitating `groups` groups in as many programs, each with a volunteer and
    a changed agreement, and waiting for as many full groups, each with a seat offered."""
    person = UserFactory()
    for _ in range(groups):
        program = ProgramFactory()
        CommitmentPeriod.objects.create(
            program=program, role="facilitator", start_month=9, end_month=6
        )
        mine = CommunityFactory(program=program)
        make_member(mine, person, "facilitator")
        volunteer = make_member(mine)
        CommunityRole.objects.create(community=mine, user=volunteer, role="organiser")
        mine.agreements.create(version=2, text="New")
        full = CommunityFactory(program=program, capacity=2)
        make_member(full)
        make_member(full)
        waiter(full, "Ahead")
        place = MembershipFactory(community=full, user=person, status="waitlisted", joined_on=None)
        SeatOffer.objects.create(
            user=place.user, membership=place, to_community=mine, token=f"t{place.pk}"
        )
    return person


def test_the_home_page_makes_as_many_queries_for_four_groups_as_for_one(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    one, four = _busy_person(1), _busy_person(4)
    client.force_login(one)
    with CaptureQueriesContext(connection) as for_one:
        page = text(client.get("/"))
    assert page.count("you are number 2.") == 1
    assert page.count("changed its agreement") == 1
    # Besides what the site header needs: places (with the current agreement and queue
    # position), the programs' commitments, roles held, programs coordinated, volunteers
    # to confirm, seat offers.
    client.force_login(four)
    with django_assert_max_num_queries(len(for_one)):
        page = text(client.get("/"))
    assert page.count("you are number 2.") == 4
    assert page.count("changed its agreement") == 4
    assert page.count("A seat for you in") == 4
    assert page.count("offered to be organiser") == 4
    assert page.count("asks of you") == 4


def test_a_member_home_page_reads_their_groups_once_for_every_section(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    CommitmentPeriod.objects.create(
        program=world.program, role="facilitator", start_month=9, end_month=6
    )
    make_pairing(world.community, world.member, world.facilitator, starts_on=dt.date(2026, 11, 2))
    make_survey(world.program, created_by=world.coordinator, title="Year so far")
    client.force_login(world.member)
    # session, user, their places (memberships with the current agreement, queue position
    # and whether a program role or a seat offer waits elsewhere: neither here, so neither
    # is read), their programs' commitments, their roles, then what needs them and the
    # sections: the next gatherings, what is new in their groups, peer mentoring (this
    # month's reflection and minutes, open pairs with their people), surveys (open surveys
    # with their rounds, confidence checks), the matching (whether their groups pair people,
    # asked while they have no availability grid; their programs' unanswered matching
    # questions), partner requests waiting for them and pairs still to find, notifications
    # badge
    with django_assert_num_queries(16):
        page = text(client.get("/"))
    assert "Your groups" in page and "Peer mentoring" in page and "Fay Facilitator" in page
    assert "Year so far" in page and "Your confidence check" in page
    assert "Facilitators commit from September until June." in page


def test_a_community_home_page_reads_what_it_shows_once(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    CommitmentPeriod.objects.create(
        program=world.program, role="facilitator", start_month=9, end_month=6
    )
    make_survey(world.program, created_by=world.coordinator, title="Year so far")
    home = reverse("communities:home", args=[world.community.pk])
    client.force_login(world.member)
    # session, user, community + program, standing (membership, current agreement, roles,
    # program roles), the program's commitments, members, what is new since their last
    # visit (with the visit), this first visit remembered, notifications badge, the survey
    # banner (open surveys, their rounds, confidence checks), the next gathering
    with django_assert_num_queries(15):
        page = text(client.get(home))
    assert "Welcome! How confident do you feel in your work?" in page
    assert "Year so far" in page and "Facilitators commit from September until June." in page
    assert "Our agreement (version 1)" in page


def test_the_members_page_makes_as_many_queries_for_many_people(
    client: Client, django_assert_max_num_queries: Any
) -> None:
    def group(size: int) -> tuple[Community, Any]:
        community = CommunityFactory(capacity=12)
        for i in range(size):
            person = make_member(community)
            if i % 2:
                CommunityRole.objects.create(
                    community=community, user=person, role="organiser", confirmed_at=timezone.now()
                )
        for _ in range(size):
            waiter(community, "Waiting")
        CommunityFactory(program=community.program)
        return community, make_program_staff(community.program, "coordinator")

    small, small_coordinator = group(1)
    large, large_coordinator = group(8)
    client.force_login(small_coordinator)
    with CaptureQueriesContext(connection) as for_small:
        client.get(reverse("communities:members", args=[small.pk]))
    client.force_login(large_coordinator)
    with django_assert_max_num_queries(len(for_small)):
        response = client.get(reverse("communities:members", args=[large.pk]))
    assert text(response).count("Offer the seat") == 8


# Forms


@pytest.mark.parametrize(
    ("persona", "name"),
    [
        ("coordinator", "communities:members"),
        ("facilitator", "communities:members"),
        ("coordinator", "communities:edit"),
        ("facilitator", "communities:agreement_edit"),
        ("facilitator", "communities:home"),
        ("coordinator", "programs:waitlists"),
    ],
)
def test_every_form_posts_with_a_csrf_token_and_labels_every_field(
    send: Send, world: World, persona: str, name: str
) -> None:
    args = [world.program.pk] if name.startswith("programs:") else [world.community.pk]
    body = send(world.persona(persona), reverse(name, args=args)).content.decode()
    forms = re.findall(r"<form[^>]*>.*?</form>", body, flags=re.S)
    posts = [f for f in forms if 'method="post"' in f]
    assert posts
    for form in posts:
        assert "csrfmiddlewaretoken" in form
        for field_id in re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', form):
            assert f'for="{field_id}"' in form, (name, field_id)


# In a real browser, on a small phone


def _signed_in(browser: Any, live_server: Any, user: Any) -> Any:
    """A 360 px page with `user` signed in (their session cookie, set by the test client)."""
    client = Client()
    client.force_login(user)
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context.new_page()


@pytest.fixture
def scene(db: Any) -> dict[str, Any]:
    """A lived-in group: roles, a volunteer, a past facilitator, people waiting, and a group
    with space elsewhere in the program."""
    program = ProgramFactory(name="Peer Mentoring 2026–27", max_group_size=8)
    CommitmentPeriod.objects.create(program=program, role="facilitator", start_month=9, end_month=6)
    CommitmentPeriod.objects.create(
        program=program, role="peer_mentor", start_month=10, end_month=5
    )
    circle = CommunityFactory(
        program=program,
        name="Seaside Toddler Circle",
        capacity=4,
        purpose="Outdoor play for toddlers, in all weather.",
        rhythm="Every second Wednesday, 7–8:30 pm",
    )
    CommunityFactory(program=program, name="Maple Room", capacity=6)
    facilitator = make_member(circle, UserFactory(name="Fay Okafor"), "facilitator")
    member = make_member(circle, UserFactory(name="Mina Lindqvist", pronouns="she/her"))
    make_member(circle, UserFactory(name="Sam Ortiz-Whitehorse"), "organiser")
    volunteer = make_member(circle, UserFactory(name="Priya Raman"))
    CommunityRole.objects.create(community=circle, user=volunteer, role="co_facilitator")
    CommunityRole.objects.create(
        community=circle,
        user=member,
        role="facilitator",
        confirmed_at=timezone.now() - dt.timedelta(days=300),
        ended_at=timezone.now() - dt.timedelta(days=30),
    )
    waiting = [waiter(circle, n) for n in ("Walt Kowalczyk", "Noor Haddad", "Jo Tremblay")]
    place = Membership.objects.get(community=circle, user=waiting[0])
    offer = SeatOffer.objects.create(
        user=place.user,
        membership=place,
        to_community=Community.objects.get(name="Maple Room"),
        token="t-walt",
    )
    circle.agreements.create(version=2, text="Kindness first.\n\nPhones away during gatherings.")
    return {
        "program": program,
        "circle": circle,
        "facilitator": facilitator,
        "member": member,
        "waiting": waiting[0],
        "offer": offer,
        "coordinator": make_program_staff(program, "coordinator", UserFactory(name="Cora Chen")),
        "newcomer": UserFactory(name="Nell Newcomer"),
    }


def _check(page: Any, name: str) -> None:
    assert fits_width(page), f"{name} scrolls sideways at 360 px"
    assert axe_violations(page) == [], name
    screenshot(page, f"phone-{name}")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_join_and_members_pages_fit_a_phone_and_pass_axe(
    live_server: Any, browser: Any, scene: dict[str, Any]
) -> None:
    circle = scene["circle"]
    page = _signed_in(browser, live_server, scene["newcomer"])
    page.goto(live_server.url + reverse("communities:join", args=[circle.pk]))
    _check(page, "join")
    page.get_by_role("button", name="Accept and join").click()
    expect(page.get_by_role("alert")).to_be_visible()
    _check(page, "join-error")
    page.get_by_label("I have read the group's agreement and I accept it.").check()
    page.get_by_role("button", name="Accept and join").click()
    expect(page.get_by_role("heading", name="Seaside Toddler Circle")).to_be_visible()
    page.context.close()

    members = live_server.url + reverse("communities:members", args=[circle.pk])
    for persona in ("member", "coordinator"):
        page = _signed_in(browser, live_server, scene[persona])
        page.goto(members)
        expect(page.get_by_role("heading", name="Role history")).to_be_visible()
        _check(page, f"members-{persona}")
        page.context.close()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_other_new_pages_fit_a_phone_and_pass_axe(
    live_server: Any, browser: Any, scene: dict[str, Any]
) -> None:
    circle, program = scene["circle"], scene["program"]
    visits = [
        ("member", reverse("communities:home", args=[circle.pk]), "community-home-banner"),
        ("member", "/", "home-member"),
        ("facilitator", "/", "home-facilitator"),
        ("waiting", "/", "home-waiting"),
        ("coordinator", "/", "home-coordinator"),
        ("facilitator", reverse("communities:agreement_edit", args=[circle.pk]), "agreement-edit"),
        ("coordinator", reverse("communities:edit", args=[circle.pk]), "community-edit"),
        ("coordinator", reverse("programs:waitlists", args=[program.pk]), "program-waitlists"),
    ]
    for persona, path, name in visits:
        page = _signed_in(browser, live_server, scene[persona])
        page.goto(live_server.url + path)
        _check(page, name)
        page.context.close()
