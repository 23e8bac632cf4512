"""The agenda's activity items: a "practice and feedback" item asks for one session, linked
to it; editing the agenda (by hand or from a round's cards) keeps a "more or less" item's
round and a practice item's session linked."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.activities import more_or_less, practices
from fireside.activities.models import Practice, Round
from fireside.activities.tests.factories import make_card
from fireside.demo.factories import GatheringFactory
from fireside.gatherings import scheduling as gatherings
from fireside.gatherings.models import Activity, AgendaItem, Gathering
from fireside.lib.errors import Conflict, InvalidInput

pytestmark = pytest.mark.django_db


def _item(gathering: Gathering, topic: str, activity: str, position: int = 0) -> AgendaItem:
    return AgendaItem.objects.create(
        gathering=gathering, topic=topic, activity=activity, minutes=20, position=position
    )


def _rows(*lines: tuple[str, str, int]) -> dict[str, str]:
    """The edit page's agenda form, as a browser posts it."""
    rows = {
        "part": "agenda",
        "agenda-TOTAL_FORMS": str(len(lines)),
        "agenda-INITIAL_FORMS": str(len(lines)),
    }
    for i, (topic, activity, minutes) in enumerate(lines):
        rows |= {
            f"agenda-{i}-topic": topic,
            f"agenda-{i}-activity": activity,
            f"agenda-{i}-minutes": str(minutes),
        }
    return rows


def test_a_practice_item_asks_for_a_session_which_answers_it(client: Client, world: World) -> None:
    item = _item(world.gathering, "Mina tries her puppet story", Activity.PRACTICE)
    client.force_login(world.member)
    detail = client.get(reverse("gatherings:detail", args=[world.gathering.pk])).content.decode()
    assert "Practice and feedback" in detail and "Present or give feedback" in detail
    page = client.get(reverse("activities:gathering", args=[world.gathering.pk])).content.decode()
    url = reverse("activities:present", args=[world.gathering.pk])
    assert f"{url}?item={item.pk}" in page and "“Mina tries her puppet story”" in page
    form = client.get(f"{url}?item={item.pk}").content.decode()
    assert 'value="Mina tries her puppet story"' in form
    body = {"item": str(item.pk), "title": "Puppets", "description": "A short story"}
    assert client.post(url, body).status_code == 302
    assert Practice.objects.get().agenda_item == item
    assert practices.waiting_items(world.gathering) == []
    again = client.post(url, body)
    assert again.status_code == 400 and "for this agenda item already" in again.content.decode()
    assert Practice.objects.count() == 1


def test_a_session_answers_only_a_practice_item_of_its_gathering(world: World) -> None:
    other = _item(world.gathering, "Songs", Activity.STORY_SHARING)
    with pytest.raises(InvalidInput):
        practices.check_present(
            user=world.member, gathering=world.gathering, title="T", description="D",
            agenda_item=other,
        )  # fmt: skip
    assert not Practice.objects.exists()


def test_editing_the_agenda_keeps_the_round_and_the_session(client: Client, world: World) -> None:
    g = world.gathering
    _item(g, "Check-in", Activity.OPEN_DISCUSSION, 0)
    reflection = _item(g, "Our gatherings", Activity.MORE_OR_LESS, 1)
    practice = _item(g, "Mina's session", Activity.PRACTICE, 2)
    found = more_or_less.check_open_round(
        actor=world.facilitator, gathering=g, topic="", agenda_item=reflection
    )
    session = practices.check_present(
        user=world.member, gathering=g, title="Puppets", description="D", agenda_item=practice
    )
    client.force_login(world.facilitator)
    url = reverse("gatherings:edit", args=[g.pk])
    # Reordered, minutes changed, the round's topic reworded, a new item added.
    rows = _rows(
        ("Mina's session", "practice", 30),
        ("Our gatherings, this term", "more_or_less", 15),
        ("Check-in", "open_discussion", 10),
        ("Snacks", "open_discussion", 5),
    )
    assert client.post(url, rows).status_code == 302
    found.refresh_from_db()
    session.refresh_from_db()
    assert found.agenda_item is not None and session.agenda_item is not None
    assert (found.agenda_item.topic, found.agenda_item.minutes, found.agenda_item.position) == (
        "Our gatherings, this term",
        15,
        1,
    )
    assert session.agenda_item.position == 0 and session.agenda_item.minutes == 30
    assert list(g.agenda.values_list("topic", flat=True)) == [
        "Mina's session",
        "Our gatherings, this term",
        "Check-in",
        "Snacks",
    ]
    # The page no longer offers to start the round again.
    page = client.get(reverse("activities:gathering", args=[g.pk])).content.decode()
    assert "Start the agenda's round" not in page.replace("&#x27;", "'")
    # An item taken off the agenda lets its round go (the round stays).
    gatherings.check_update_gathering(actor=world.facilitator, gathering=g, changes={"agenda": []})
    found.refresh_from_db()
    assert found.agenda_item is None and Round.objects.count() == 1


def test_a_round_put_on_the_next_agenda_keeps_that_agendas_links(world: World) -> None:
    coming = GatheringFactory(
        community=world.community, starts_at=timezone.now() + dt.timedelta(days=14)
    )
    asked = _item(coming, "Next term", Activity.MORE_OR_LESS)
    early = more_or_less.check_open_round(
        actor=world.facilitator, gathering=coming, topic="", agenda_item=asked
    )
    done = more_or_less.check_open_round(
        actor=world.facilitator, gathering=world.gathering, topic="Now"
    )
    make_card(done, world.member, "Songs")
    more_or_less.check_close_round(actor=world.facilitator, round=done)
    more_or_less.check_to_agenda(
        actor=world.facilitator, round=done, side="more", key="songs", topic="More of: Songs"
    )
    early.refresh_from_db()
    assert early.agenda_item_id == asked.pk and coming.agenda.count() == 2


def test_the_presenter_hides_feedback_on_their_session(client: Client, world: World) -> None:
    session = practices.check_present(
        user=world.member, gathering=world.gathering, title="Puppets", description="D"
    )
    given = practices.check_give_feedback(
        user=world.facilitator, practice=session, worked="", to_try="Less shouting"
    )
    client.force_login(world.member)
    page = client.get(reverse("activities:practice", args=[session.pk])).content.decode()
    assert "Hide from the group" in page
    assert client.post(reverse("activities:hide", args=[given.pk])).status_code == 302
    given.refresh_from_db()
    assert given.is_hidden


def test_a_writer_rewords_or_deletes_only_their_own_feedback(world: World) -> None:
    session = practices.check_present(
        user=world.member, gathering=world.gathering, title="Puppets", description="D"
    )
    given = practices.check_give_feedback(
        user=world.facilitator, practice=session, worked="Calm", to_try=""
    )
    with pytest.raises(InvalidInput):
        practices.check_edit_feedback(
            user=world.facilitator, feedback=given, worked=" ", to_try="", named=True
        )
    with pytest.raises(Exception, match="Only the person who wrote"):
        practices.check_delete_feedback(user=world.member, feedback=given)
    practices.check_edit_feedback(
        user=world.facilitator, feedback=given, worked="Calm voice", to_try="", named=False
    )
    given.refresh_from_db()
    assert (given.worked, given.named) == ("Calm voice", False)
    practices.check_delete_feedback(user=world.facilitator, feedback=given)
    assert not session.feedback.exists()


def test_a_cancelled_gathering_takes_no_session(world: World) -> None:
    item = _item(world.gathering, "Practice", Activity.PRACTICE)
    world.gathering.cancelled_at = timezone.now()
    world.gathering.save()
    with pytest.raises(Conflict):
        practices.check_present(
            user=world.member, gathering=world.gathering, title="T", description="D",
            agenda_item=item,
        )  # fmt: skip


def test_planning_the_next_agenda_suggests_the_last_rounds_cards(
    client: Client, world: World
) -> None:
    coming = GatheringFactory(
        community=world.community, starts_at=timezone.now() + dt.timedelta(days=14)
    )
    done = more_or_less.check_open_round(
        actor=world.facilitator, gathering=world.gathering, topic="This term"
    )
    for text, side in [("Songs", "more"), ("songs", "more"), ("Noise", "less"), ("Mud", "more")]:
        make_card(done, world.member, text, side)
    client.force_login(world.facilitator)
    edit = reverse("gatherings:edit", args=[coming.pk])
    assert "What the last “more or less” round asked for" not in client.get(edit).content.decode()
    more_or_less.check_close_round(actor=world.facilitator, round=done)
    html = client.get(edit).content.decode()
    assert html.index('value="More of: Songs"') < html.index('value="More of: Mud"')
    assert 'value="Less of: Noise"' in html and "Topic (2 cards)" in html
    url = reverse("activities:suggest", args=[coming.pk])
    body = {"round": done.pk, "side": "more", "key": "songs", "topic": "More songs"}
    client.force_login(world.member)
    assert client.post(url, body).status_code == 403
    client.force_login(world.facilitator)
    assert client.post(url, body).status_code == 302
    assert list(coming.agenda.values_list("topic", "activity")) == [
        ("More songs", Activity.OPEN_DISCUSSION)
    ]
    # Not on an earlier gathering's agenda, nor with an empty topic: nothing changes.
    past = reverse("activities:suggest", args=[world.gathering.pk])
    assert client.post(past, body).status_code == 302 and not world.gathering.agenda.exists()
    assert client.post(url, {**body, "topic": ""}).status_code == 302
    assert coming.agenda.count() == 1
