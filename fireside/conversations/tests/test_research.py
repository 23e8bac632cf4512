"""Unpacking research: a study shared with questions, discussed in its thread, and perhaps
put on an upcoming gathering's agenda by a facilitator or organiser."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.conversations import actions, research
from fireside.conversations.models import Kind, ResearchItem, Thread
from fireside.demo.factories import GatheringFactory, make_member
from fireside.gatherings.models import Activity, AgendaItem
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, Unprocessable
from fireside.notifications.models import Notification

pytestmark = pytest.mark.django_db


def _share(world: World, author: Any = None, **kwargs: Any) -> ResearchItem:
    fields = {
        "title": "Risky play and wellbeing",
        "url": "https://example.org/risky-play",
        "citation": "Brussoni, M. et al. (2015). Int. J. Environ. Res. Public Health.",
        "summary": "Children who take *small* risks outdoors grow in confidence.",
        "questions": "What counts as risky for us?\n\n  Where could we allow more?  ",
    }
    return research.check_share_research(
        author=author or world.member, community=world.community, **{**fields, **kwargs}
    )


def _upcoming(world: World, days: int = 7, **kwargs: Any) -> Any:
    return GatheringFactory(
        community=kwargs.pop("community", world.community),
        starts_at=timezone.now() + dt.timedelta(days=days),
        **kwargs,
    )


def test_sharing_research_opens_a_research_thread(world: World) -> None:
    item = _share(world)
    thread = item.thread
    assert thread.kind == Kind.RESEARCH and thread.title == "Risky play and wellbeing"
    assert item.questions == ["What counts as risky for us?", "Where could we allow more?"]
    assert "<em>small</em>" in thread.body_html
    assert 'href="https://example.org/risky-play"' in thread.body_html
    assert "Brussoni" in thread.body_html and "Where could we allow more?" in thread.body_html
    assert item.agenda_item is None
    # The group hears about it like any new conversation.
    assert Notification.objects.filter(user=world.facilitator, kind="new_thread").exists()
    assert not Notification.objects.filter(user=world.member).exists()


def test_a_citation_alone_will_do_but_not_nothing(world: World) -> None:
    assert _share(world, url="").citation
    with pytest.raises(InvalidInput, match="link or a citation"):
        _share(world, url="", citation="")
    with pytest.raises(InvalidInput):
        _share(world, url="javascript:alert(1)")
    with pytest.raises(InvalidInput):
        _share(world, summary="")
    with pytest.raises(InvalidInput):
        _share(world, questions="\n".join(f"q{i}" for i in range(11)))
    assert ResearchItem.objects.count() == Thread.objects.count() == 1


def test_research_threads_start_only_with_their_research(world: World, client: Client) -> None:
    with pytest.raises(InvalidInput):
        actions.check_start_thread(
            author=world.member, community=world.community, title="t", body="b", kind="research"
        )
    client.force_login(world.member)
    page = client.get(reverse("conversations:new", args=[world.community.pk])).content.decode()
    assert 'value="research"' not in page
    api = client.post(
        f"/api/v1/communities/{world.community.pk}/threads",
        {"title": "t", "body": "b", "kind": "research"},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert not Thread.objects.exists()


def test_a_facilitator_puts_it_on_an_upcoming_agenda(world: World) -> None:
    gathering = _upcoming(world)
    AgendaItem.objects.create(gathering=gathering, position=0, topic="Welcome", minutes=10)
    item = _share(world, author=world.facilitator, gathering=gathering, minutes=25)
    agenda = list(gathering.agenda.all())
    assert [a.topic for a in agenda] == ["Welcome", "Unpacking research: Risky play and wellbeing"]
    assert (agenda[1].activity, agenda[1].minutes, agenda[1].position) == (
        Activity.RESEARCH,
        25,
        1,
    )
    assert item.agenda_item == agenda[1]
    with pytest.raises(Conflict):
        research.check_put_research_on_agenda(
            actor=world.facilitator, item=item, gathering=gathering
        )


def test_an_organiser_may_schedule_it_and_a_member_may_not(world: World) -> None:
    gathering = _upcoming(world)
    item = _share(world)
    with pytest.raises(NotAllowed):
        research.check_put_research_on_agenda(actor=world.member, item=item, gathering=gathering)
    with pytest.raises(NotAllowed):
        _share(world, gathering=gathering)
    organiser = make_member(world.community, None, "organiser")
    research.check_put_research_on_agenda(actor=organiser, item=item, gathering=gathering)
    assert gathering.agenda.get().activity == Activity.RESEARCH
    assert ResearchItem.objects.filter(agenda_item__isnull=False).count() == 1


def test_only_the_groups_upcoming_gatherings(world: World) -> None:
    item = _share(world)
    past = world.gathering  # began an hour ago
    cancelled = _upcoming(world, cancelled_at=timezone.now())
    elsewhere = _upcoming(world, community=world.other_community)
    for gathering in (past, cancelled, elsewhere):
        with pytest.raises(Unprocessable):
            research.check_put_research_on_agenda(
                actor=world.facilitator, item=item, gathering=gathering
            )
    with pytest.raises(InvalidInput):
        research.check_put_research_on_agenda(
            actor=world.facilitator, item=item, gathering=_upcoming(world), minutes=0
        )
    assert not AgendaItem.objects.exists()


def test_the_pages(client: Client, world: World) -> None:
    gathering = _upcoming(world, title="November circle")
    new = reverse("conversations:research_new", args=[world.community.pk])
    client.force_login(world.member)
    assert "November circle" not in client.get(new).content.decode()  # members only share
    response = client.post(
        new,
        {
            "title": "Nature play",
            "url": "https://example.org/nature",
            "summary": "Outside is good.",
            "questions": "Why?",
        },
    )
    item = ResearchItem.objects.get()
    assert response["Location"] == item.thread.get_absolute_url()
    listing = reverse("conversations:research", args=[world.community.pk])
    assert "Nature play" in client.get(listing).content.decode()
    agenda = reverse("conversations:research_agenda", args=[item.pk])
    assert client.get(agenda).status_code == 403

    client.force_login(world.facilitator)
    form = client.get(new).content.decode()
    assert "November circle" in form and '<label for="id_gathering">' in form
    client.post(agenda, {"gathering": gathering.pk, "minutes": 30})
    item.refresh_from_db()
    assert item.agenda_item is not None and item.agenda_item.gathering == gathering
    assert "On the agenda of November circle" in client.get(listing).content.decode()


def test_a_hidden_research_thread_leaves_the_list(client: Client, world: World) -> None:
    item = _share(world, author=world.facilitator)
    actions.do_hide(actor=world.facilitator, post=item.thread, reason="Paywalled")
    client.force_login(world.member)
    listing = reverse("conversations:research", args=[world.community.pk])
    assert "Risky play" not in client.get(listing).content.decode()
    client.force_login(world.facilitator)
    assert "Risky play" in client.get(listing).content.decode()


def test_someone_mentioned_in_the_summary_gets_an_email(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        _share(world, summary="@Fay this is the study you asked about.")
    assert [m.to for m in mailoutbox] == [[world.facilitator.email]]
