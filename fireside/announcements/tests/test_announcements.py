"""Announcements: posting (and every refusal), the emails in each member's language, the
pages, marking read, the home's task and who never sees one."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.announcements import actions
from fireside.announcements.models import BODY_MAX, TITLE_MAX, Announcement, AnnouncementRead
from fireside.announcements.tests.factories import make_announcement
from fireside.demo.factories import UserFactory, make_member
from fireside.lib.errors import InvalidInput, NotAllowed, TooMany

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def post(world: World, **kw: Any) -> Announcement:
    author = kw.pop("author", world.facilitator)
    fields = {"title": "Library this month", "body": "We meet in **room B**.", **kw}
    return actions.check_post_announcement(author=author, community=world.community, **fields)


def test_every_other_member_gets_it_by_email_in_their_language(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    french = make_member(world.community, UserFactory(email="fr@example.org", language="fr"))
    with commits():
        item = post(world)
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [world.member.email, french.email]
    )  # not its author, not the waitlisted, not the program's staff
    english = next(m for m in mailoutbox if m.to == [world.member.email])
    assert english.subject == f"{world.community.name}: Library this month"
    assert "Fay Facilitator posted an announcement" in english.body
    assert "We meet in **room B**." in english.body
    assert reverse("announcements:detail", args=[item.pk]) in english.body
    in_french = next(m for m in mailoutbox if m.to == [french.email])
    assert "a publié une annonce" in in_french.body
    # Its author has read it already.
    assert AnnouncementRead.objects.filter(announcement=item, user=world.facilitator).exists()


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        ({"title": "", "body": "b"}, "title is required"),
        ({"title": "t", "body": "  "}, "body is required"),
        ({"title": "t" * (TITLE_MAX + 1), "body": "b"}, "limit"),
        ({"title": "t", "body": "b" * (BODY_MAX + 1)}, "limit"),
        ({"title": "t\x00", "body": "b"}, "not allowed"),
        ({"title": ["t"], "body": "b"}, "must be text"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_sent(
    world: World, mailoutbox: list[Any], commits: Any, fields: dict[str, Any], words: str
) -> None:
    with commits(), pytest.raises(InvalidInput) as refused:
        post(world, **fields)
    assert words in refused.value.message
    assert not Announcement.objects.exists() and not mailoutbox


@pytest.mark.parametrize("who", ["member", "coordinator", "mentor", "staff", "outsider"])
def test_only_the_organiser_and_facilitators_post(
    world: World, mailoutbox: list[Any], commits: Any, who: str
) -> None:
    with commits(), pytest.raises(NotAllowed) as refused:
        post(world, author=getattr(world, who))
    assert "organiser" in refused.value.message
    assert not Announcement.objects.exists() and not mailoutbox


def test_an_organiser_posts(world: World) -> None:
    organiser = make_member(world.community, None, "organiser")
    assert post(world, author=organiser).author == organiser


def test_posting_is_limited_per_hour(world: World, settings: Any) -> None:
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    for _ in range(actions.POSTS_PER_HOUR):
        post(world)
    with pytest.raises(TooMany):
        post(world)
    assert Announcement.objects.count() == actions.POSTS_PER_HOUR


def test_a_member_reads_it_on_home_then_marks_it_read(client: Client, world: World) -> None:
    item = post(world, title="Library this month")
    client.force_login(world.member)
    home = client.get(reverse("home")).content.decode()
    assert "Library this month" in home
    assert reverse("announcements:detail", args=[item.pk]) in home
    page = client.get(reverse("announcements:detail", args=[item.pk])).content.decode()
    assert "<strong>room B</strong>" in page and "Mark as read" in page
    response = client.post(reverse("announcements:mark_read", args=[item.pk]))
    assert response.status_code == 302
    client.post(reverse("announcements:mark_read", args=[item.pk]))  # twice: no harm
    assert AnnouncementRead.objects.filter(announcement=item, user=world.member).count() == 1
    assert "Library this month" not in client.get(reverse("home")).content.decode()
    listing = client.get(reverse("announcements:list", args=[world.community.pk]))
    assert "Library this month" in listing.content.decode()


def test_the_markdown_is_sanitised(client: Client, world: World) -> None:
    item = post(world, body="<script>alert(1)</script> [x](javascript:alert(1))")
    client.force_login(world.member)
    page = client.get(reverse("announcements:detail", args=[item.pk])).content.decode()
    assert "<script>alert(1)" not in page and 'href="javascript' not in page


def test_a_facilitator_posts_from_the_form(
    client: Client, world: World, mailoutbox: list[Any], commits: Any
) -> None:
    client.force_login(world.facilitator)
    new = reverse("announcements:new", args=[world.community.pk])
    assert "Post to the group" in client.get(new).content.decode()
    with commits():
        response = client.post(new, {"title": "", "body": "b"})
    assert response.status_code == 200 and "error-summary" in response.content.decode()
    assert not Announcement.objects.exists() and not mailoutbox
    with commits():
        response = client.post(new, {"title": "Snow day", "body": "No gathering today."})
    item = Announcement.objects.get()
    assert response["Location"] == reverse("announcements:detail", args=[item.pk])
    assert [m.to for m in mailoutbox] == [[world.member.email]]


def test_members_cannot_post_from_the_form(client: Client, world: World) -> None:
    client.force_login(world.member)
    new = reverse("announcements:new", args=[world.community.pk])
    assert client.post(new, {"title": "t", "body": "b"}).status_code == 403
    assert not Announcement.objects.exists()


@pytest.mark.parametrize("who", ["coordinator", "mentor", "staff", "outsider", "waitlisted"])
def test_nobody_outside_the_group_reads_one(client: Client, world: World, who: str) -> None:
    item = make_announcement(world.facilitator, world.community, title="Inside only")
    client.force_login(getattr(world, who))
    for url in (
        reverse("announcements:detail", args=[item.pk]),
        reverse("announcements:list", args=[world.community.pk]),
    ):
        response = client.get(url)
        assert response.status_code in (403, 404)
        assert "Inside only" not in response.content.decode()
    assert "Inside only" not in client.get(reverse("home")).content.decode()


def test_old_news_and_news_from_before_joining_stay_off_the_home(world: World) -> None:
    import datetime as dt

    from django.utils import timezone

    from fireside.announcements.home import unread_announcements
    from fireside.communities.places import places_of
    from fireside.lib.home import Viewer

    old = make_announcement(world.facilitator, world.community, title="Old")
    Announcement.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    make_announcement(world.facilitator, world.community, title="New")
    viewer = Viewer(user=world.member, places=places_of(world.member))
    assert [t.title for t in unread_announcements(viewer)] == [
        f"News from {world.community.name}: “New”"
    ]
    assert mail.outbox == []  # made directly: no email
