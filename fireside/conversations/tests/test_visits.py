"""What is new in a member's groups since their last visit: counted, remembered, cleared."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.accounts.personal_data import erase, export
from fireside.communities.actions import check_leave
from fireside.communities.places import places_of
from fireside.conversations import actions, resources
from fireside.conversations.models import GroupVisit, Thread
from fireside.conversations.visits import News, news_for, open_group

pytestmark = pytest.mark.django_db

HOUR = dt.timedelta(hours=1)


def _text(response: Any) -> str:
    assert response.status_code == 200
    return str(response.content.decode())


def _thread(world: World, author: Any, title: str = "A question") -> Thread:
    return actions.check_start_thread(
        author=author, community=world.community, title=title, body="b", kind="question"
    )


def _news(user: Any) -> dict[str, News]:
    return {g.membership.community.name: g.news for g in news_for(user, places_of(user).active)}


def _later(time_machine: Any, by: dt.timedelta = HOUR) -> None:
    time_machine.move_to(timezone.now() + by, tick=False)


def test_it_counts_what_others_posted_since_the_member_joined(
    world: World, time_machine: Any
) -> None:
    time_machine.move_to(timezone.now(), tick=False)
    before = _thread(world, world.facilitator, "Before Mina joined")
    world.community.memberships.filter(user=world.member).update(
        agreement_accepted_at=timezone.now() + dt.timedelta(seconds=1)
    )
    _later(time_machine)
    fay, mina = world.facilitator, world.member
    thread = _thread(world, fay, "Naps and noise")
    actions.check_reply(author=fay, thread=thread, body="One more thing")
    actions.check_reply(author=fay, thread=before, body="Still open")
    resources.check_share_resource(
        author=fay, community=world.community, title="Plan", url="https://example.org/p"
    )
    # Not new to Mina: her own words, and what a facilitator hid.
    mine = _thread(world, mina, "Mine")
    actions.check_reply(author=mina, thread=thread, body="Thanks")
    resources.check_share_resource(
        author=mina, community=world.community, title="Mine", url="https://example.org/m"
    )
    hidden = _thread(world, fay, "Said in a hurry")
    actions.check_reply(author=fay, thread=hidden, body="Under a hidden thread")
    actions.do_hide(actor=fay, post=hidden, reason="Names")
    hidden_reply = actions.check_reply(author=fay, thread=mine, body="Oops")
    actions.do_hide(actor=fay, post=hidden_reply, reason="Names")
    # Another group's news is not Mina's.
    _thread_elsewhere = actions.check_start_thread(
        author=world.outsider, community=world.other_community, title="X", body="b", kind="idea"
    )

    assert _news(mina) == {world.community.name: News(threads=1, replies=2, resources=1)}
    [line] = news_for(mina, places_of(mina).active)
    assert line.newest_thread_title in {"Naps and noise", "Before Mina joined"}
    # Fay sees Mina's posts as new, never her own.
    assert _news(fay)[world.community.name] == News(threads=1, replies=1, resources=1)


def test_a_former_members_posts_are_still_new_to_the_others(
    world: World, time_machine: Any
) -> None:
    time_machine.move_to(timezone.now() + HOUR, tick=False)
    thread = _thread(world, world.facilitator)
    Thread.objects.filter(pk=thread.pk).update(author=None)
    assert _news(world.member)[world.community.name].threads == 1


def test_it_counts_from_the_last_visit(client: Client, world: World, time_machine: Any) -> None:
    time_machine.move_to(timezone.now() + HOUR, tick=False)
    _thread(world, world.facilitator, "Seen")
    client.force_login(world.member)
    _text(client.get(reverse("conversations:list", args=[world.community.pk])))
    assert _news(world.member) == {}
    _later(time_machine)
    _thread(world, world.facilitator, "After")
    assert _news(world.member) == {world.community.name: News(threads=1)}


def test_groups_left_and_staff_roles_get_no_news(world: World, time_machine: Any) -> None:
    time_machine.move_to(timezone.now() + HOUR, tick=False)
    _thread(world, world.facilitator)
    for person in (world.coordinator, world.mentor, world.staff, world.waitlisted):
        assert news_for(person, places_of(person).active) == []
    stale = places_of(world.member).active
    check_leave(user=world.member, community=world.community)
    assert news_for(world.member, stale) == []  # a page still holding the old places
    assert _news(world.member) == {}


def test_a_member_who_comes_back_counts_from_their_return(
    client: Client, world: World, time_machine: Any
) -> None:
    from fireside.communities.actions import check_join

    time_machine.move_to(timezone.now() + HOUR, tick=False)
    client.force_login(world.member)
    _text(client.get(reverse("communities:home", args=[world.community.pk])))
    check_leave(user=world.member, community=world.community)
    _later(time_machine)
    _thread(world, world.facilitator, "While Mina was away")
    _later(time_machine)
    check_join(user=world.member, community=world.community, agree_to_agreement=True)
    assert _news(world.member) == {}
    page = _text(client.get(reverse("conversations:list", args=[world.community.pk])))
    assert "While Mina was away" in page and "tag new" not in page
    _later(time_machine)
    _thread(world, world.facilitator, "After she came back")
    assert _news(world.member) == {world.community.name: News(threads=1)}


def test_the_home_lists_each_groups_news_with_its_links(
    client: Client, world: World, time_machine: Any
) -> None:
    time_machine.move_to(timezone.now() + HOUR, tick=False)
    thread = _thread(world, world.facilitator, "Naps and noise")
    actions.check_reply(author=world.facilitator, thread=thread, body="More")
    client.force_login(world.member)
    page = _text(client.get("/"))
    section = page.split('id="new-in-groups"')[1].split("</section>")[0]
    assert "2 new" in section and "1 new conversation" in section and "1 new reply" in section
    assert reverse("conversations:thread", args=[thread.pk]) in section
    assert "Naps and noise" in section
    assert reverse("conversations:mark_read", args=[world.community.pk]) in section
    # The section sits before "Your groups".
    assert page.index("New in your groups") < page.index("Your groups")


def test_an_empty_section_says_so_and_suggests_a_conversation(client: Client, world: World) -> None:
    client.force_login(world.member)
    page = _text(client.get("/"))
    assert "Nothing new in your groups since your last visit." in page
    assert reverse("conversations:new", args=[world.community.pk]) in page


@pytest.mark.parametrize("persona", ["coordinator", "mentor", "staff", "waitlisted", "outsider"])
def test_people_outside_the_group_never_see_its_news(
    client: Client, world: World, time_machine: Any, persona: str
) -> None:
    time_machine.move_to(timezone.now() + HOUR, tick=False)
    _thread(world, world.facilitator, "Only for the circle")
    client.force_login(world.persona(persona))
    page = _text(client.get("/"))
    assert "Only for the circle" not in page
    assert world.community.name not in page.split("New in your groups")[-1].split("</section>")[0]


def test_the_section_costs_one_query_however_much_there_is(
    world: World, time_machine: Any, django_assert_num_queries: Any
) -> None:
    from fireside.demo.factories import CommunityFactory, make_member

    mina = world.member
    groups = [world.community] + [CommunityFactory(program=world.program) for _ in range(4)]
    for group in groups[1:]:
        make_member(group, mina)
        make_member(group, world.facilitator)
    time_machine.move_to(timezone.now() + HOUR, tick=False)

    def post(n: int) -> None:
        for group in groups:
            for i in range(n):
                thread = actions.check_start_thread(
                    author=world.facilitator, community=group, title=f"T{i}", body="b", kind="idea"
                )
                actions.check_reply(author=world.facilitator, thread=thread, body="r")

    active = places_of(mina).active
    post(1)
    with django_assert_num_queries(1):
        small = news_for(mina, active)
    post(6)
    with django_assert_num_queries(1):
        large = news_for(mina, active)
    assert [g.news for g in small] == [News(threads=1, replies=1)] * 5
    assert [g.news for g in large] == [News(threads=7, replies=7)] * 5


def test_the_home_stays_flat_for_five_groups(
    client: Client, world: World, time_machine: Any, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from fireside.demo.factories import CommunityFactory, make_member

    groups = [world.community] + [CommunityFactory(program=world.program) for _ in range(4)]
    for group in groups[1:]:
        make_member(group, world.member)
        make_member(group, world.facilitator)
    time_machine.move_to(timezone.now() + HOUR, tick=False)
    client.force_login(world.member)
    for group in groups:
        actions.check_start_thread(
            author=world.facilitator, community=group, title="One", body="b", kind="idea"
        )
    with CaptureQueriesContext(connection) as few:
        assert _text(client.get("/")).count("1 new conversation") == 5
    for group in groups:
        for i in range(5):
            actions.check_start_thread(
                author=world.facilitator, community=group, title=f"M{i}", body="b", kind="idea"
            )
    with django_assert_max_num_queries(len(few)):
        assert _text(client.get("/")).count("6 new conversations") == 5


# --- Visits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["communities:home", "conversations:list", "conversations:thread"])
def test_opening_a_group_page_remembers_the_visit(
    client: Client, world: World, time_machine: Any, page: str
) -> None:
    time_machine.move_to(timezone.now(), tick=False)
    thread = _thread(world, world.facilitator)
    url = reverse(page, args=[thread.pk if page.endswith("thread") else world.community.pk])
    client.force_login(world.member)
    _text(client.get(url))
    visit = GroupVisit.objects.get(user=world.member, community=world.community)
    first = visit.seen_at
    assert first == timezone.now()
    _later(time_machine, dt.timedelta(seconds=30))
    _text(client.get(url))
    visit.refresh_from_db()
    assert visit.seen_at == first  # recent enough: not written again
    _later(time_machine, dt.timedelta(minutes=2))
    _text(client.get(url))
    visit.refresh_from_db()
    assert visit.seen_at == timezone.now()
    assert GroupVisit.objects.count() == 1


def test_a_recent_visit_costs_one_read_and_no_write(
    world: World, time_machine: Any, django_assert_num_queries: Any
) -> None:
    time_machine.move_to(timezone.now(), tick=False)
    with django_assert_num_queries(2):  # the visit (with the membership), the insert
        open_group(world.member, world.community)
    _later(time_machine, dt.timedelta(seconds=10))
    with django_assert_num_queries(1):
        open_group(world.member, world.community, count=True)
    _later(time_machine, dt.timedelta(minutes=5))
    with django_assert_num_queries(2):  # the visit, its update
        open_group(world.member, world.community)


def test_a_visit_after_new_posts_is_written_at_once(
    client: Client, world: World, time_machine: Any
) -> None:
    time_machine.move_to(timezone.now() + HOUR, tick=False)
    client.force_login(world.member)
    home = reverse("communities:home", args=[world.community.pk])
    _text(client.get(home))
    _later(time_machine, dt.timedelta(seconds=5))
    _thread(world, world.facilitator, "Just now")
    _later(time_machine, dt.timedelta(seconds=5))
    assert "1 new since your last visit" in _text(client.get(home))
    # Seen on the group's home: not new again on theirs, though it was within a minute.
    assert GroupVisit.objects.get().seen_at == timezone.now()
    assert _news(world.member) == {}


def test_nothing_is_remembered_for_people_who_are_not_members(world: World) -> None:
    for person in (world.coordinator, world.mentor, world.outsider, world.waitlisted):
        assert open_group(person, world.community) is None
    assert not GroupVisit.objects.exists()


def test_markers_last_the_whole_visit_and_clear_on_the_next(
    client: Client, world: World, time_machine: Any
) -> None:
    time_machine.move_to(timezone.now() + HOUR, tick=False)
    client.force_login(world.member)
    home = reverse("communities:home", args=[world.community.pk])
    listing = reverse("conversations:list", args=[world.community.pk])
    _text(client.get(home))  # first visit
    _later(time_machine)
    fresh = _thread(world, world.facilitator, "Fresh")
    older = _thread(world, world.member, "Mine, answered")
    actions.check_reply(author=world.facilitator, thread=older, body="One")
    actions.check_reply(author=world.facilitator, thread=older, body="Two")
    actions.check_reply(author=world.member, thread=older, body="My own")
    _later(time_machine)
    page = _text(client.get(home))
    assert "3 new since your last visit:" in page and "1 conversation, 2 replies." in page
    _later(time_machine, dt.timedelta(minutes=5))
    page = _text(client.get(listing))  # the list marks each thread until it is opened
    card = page.split(fresh.title)[1].split("</li>")[0]
    assert "Not opened yet" in card
    assert "2 new" in page.split("Mine, answered")[1].split("</li>")[0]
    assert "Mark all as read" in page
    _later(time_machine)  # a new visit: the home says nothing new, the unread threads stay
    assert "Nothing new since your last visit." in _text(client.get(home))
    assert "Not opened yet" in _text(client.get(listing))
    _text(client.get(fresh.get_absolute_url()))
    _text(client.get(older.get_absolute_url()))
    page = _text(client.get(listing))
    assert "tag new" not in page and "Not opened yet" not in page
    assert "Mark all as read" not in page


# --- Mark all as read -------------------------------------------------------------------------


def test_mark_all_as_read_clears_the_groups_news(
    client: Client, world: World, time_machine: Any
) -> None:
    time_machine.move_to(timezone.now() + HOUR, tick=False)
    _thread(world, world.facilitator)
    client.force_login(world.member)
    url = reverse("conversations:mark_read", args=[world.community.pk])
    assert client.get(url).status_code == 405
    assert _news(world.member)
    response = client.post(url, {"back": "home"})
    assert response["Location"] == "/"
    assert _news(world.member) == {}
    page = _text(client.get("/"))
    assert f"Everything in {world.community.name} is marked as read." in page
    response = client.post(url, {"back": "group"})
    assert response["Location"] == reverse("communities:home", args=[world.community.pk])
    response = client.post(url, {"back": "https://evil.example/"})
    assert response["Location"] == reverse("conversations:list", args=[world.community.pk])
    assert GroupVisit.objects.count() == 1


def test_mark_all_as_read_needs_the_forms_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    url = reverse("conversations:mark_read", args=[world.community.pk])
    assert client.post(url).status_code == 403
    assert not GroupVisit.objects.exists()


@pytest.mark.parametrize("persona", ["coordinator", "mentor", "outsider", "waitlisted"])
def test_mark_all_as_read_is_for_members_only(client: Client, world: World, persona: str) -> None:
    client.force_login(world.persona(persona))
    response = client.post(reverse("conversations:mark_read", args=[world.community.pk]))
    assert response.status_code in {403, 404}
    assert not GroupVisit.objects.exists()


# --- Language and personal data ------------------------------------------------------------


def test_it_speaks_french(client: Client, world: World, time_machine: Any) -> None:
    time_machine.move_to(timezone.now() + HOUR, tick=False)
    thread = _thread(world, world.facilitator)
    actions.check_reply(author=world.facilitator, thread=thread, body="r")
    client.force_login(world.member)
    french = {"HTTP_ACCEPT_LANGUAGE": "fr-CA"}
    page = _text(client.get("/", **french))
    assert "Nouveau dans vos groupes" in page
    assert "1 nouvelle conversation" in page and "1 nouvelle réponse" in page
    assert "Tout marquer comme lu" in page
    page = _text(client.get(reverse("communities:home", args=[world.community.pk]), **french))
    assert "2 nouveautés depuis votre dernière visite" in page


def test_visits_are_exported_and_erased(client: Client, world: World) -> None:
    client.force_login(world.member)
    _text(client.get(reverse("conversations:list", args=[world.community.pk])))
    [row] = export(world.member)["group_visits"]
    assert row["community_id"] == world.community.pk and row["seen_at"]
    erase(world.member)
    assert not GroupVisit.objects.exists()


def test_the_markers_cost_no_query_per_thread(
    client: Client, world: World, time_machine: Any, django_assert_max_num_queries: Any
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    time_machine.move_to(timezone.now() + HOUR, tick=False)
    client.force_login(world.member)
    url = reverse("conversations:list", args=[world.community.pk])
    _text(client.get(url))

    def post(n: int) -> None:
        for i in range(n):
            thread = _thread(world, world.facilitator, f"Thread {i}")
            actions.check_reply(author=world.facilitator, thread=thread, body="r")

    _later(time_machine, dt.timedelta(seconds=10))
    post(2)
    with CaptureQueriesContext(connection) as few:
        assert _text(client.get(url)).count('class="tag new"') == 2
    post(12)
    with django_assert_max_num_queries(len(few)):
        assert _text(client.get(url)).count('class="tag new"') == 14
