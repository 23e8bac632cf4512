"""Practice and feedback: presenting a session, structured feedback (named by default), the
presenter told as a real notification email, marking what helped, a facilitator hiding
feedback (recorded), and who sees what."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.activities import practices
from fireside.activities.models import Practice, PracticeFeedback
from fireside.activities.tests.factories import make_practice
from fireside.audit.models import AuditEvent
from fireside.lib.errors import InvalidInput, NotAllowed
from fireside.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(world: World) -> Practice:
    return make_practice(world.gathering, world.member, wanted="Is the opening too long?")


def test_a_member_presents_a_session_from_the_page(client: Client, world: World) -> None:
    client.force_login(world.member)
    url = reverse("activities:present", args=[world.gathering.pk])
    refused = client.post(url, {"title": "", "description": "d"})
    assert refused.status_code == 400 and not Practice.objects.exists()
    response = client.post(
        url, {"title": "Puppets", "description": "A puppet story", "wanted": "Timing"}
    )
    found = Practice.objects.get()
    assert response.status_code == 302 and found.presenter == world.member


def test_feedback_needs_some_words_and_never_from_the_presenter(
    world: World, session: Practice
) -> None:
    with pytest.raises(InvalidInput, match="what worked, what to try"):
        practices.check_give_feedback(
            user=world.facilitator, practice=session, worked=" ", to_try=""
        )
    with pytest.raises(NotAllowed):
        practices.check_give_feedback(user=world.member, practice=session, worked="Me", to_try="")
    with pytest.raises(NotAllowed):
        practices.check_give_feedback(user=world.mentor, practice=session, worked="M", to_try="")
    with pytest.raises(InvalidInput, match="2,001 characters"):
        practices.check_give_feedback(
            user=world.facilitator, practice=session, worked="é" * 2001, to_try=""
        )
    assert not PracticeFeedback.objects.exists()


def test_the_presenter_is_told_by_email(
    world: World, session: Practice, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        practices.check_give_feedback(
            user=world.facilitator, practice=session, worked="The song", to_try="Shorter"
        )
    note = Notification.objects.get()
    assert note.user == world.member and note.kind == "practice"
    assert "Puppets at circle time" in note.message
    sent = [m for m in mailoutbox if m.to == [world.member.email]]
    assert sent and "Puppets at circle time" in sent[0].body
    assert "The song" not in sent[0].body  # the words stay on the page


def test_feedback_without_a_name_names_nobody(
    client: Client, world: World, session: Practice
) -> None:
    practices.check_give_feedback(
        user=world.facilitator, practice=session, worked="Calm voice", to_try="", named=False
    )
    assert Notification.objects.get().actor is None
    client.force_login(world.member)
    html = client.get(reverse("activities:practice", args=[session.pk])).content.decode()
    assert "Calm voice" in html and "Without a name" in html
    assert "Fay Facilitator" not in html


def test_the_presenter_marks_what_helped(client: Client, world: World, session: Practice) -> None:
    given = practices.check_give_feedback(
        user=world.facilitator, practice=session, worked="Song", to_try=""
    )
    client.force_login(world.member)
    client.post(reverse("activities:helpful", args=[given.pk]), {"helpful": "1"})
    given.refresh_from_db()
    assert given.helpful


def test_a_facilitator_hides_feedback_and_the_group_no_longer_sees_it(
    client: Client, world: World, session: Practice
) -> None:
    other = make_practice(world.gathering, world.facilitator, title="Fay's session")
    given = practices.check_give_feedback(
        user=world.member, practice=other, worked="Unkind words", to_try=""
    )
    with pytest.raises(NotAllowed):
        practices.check_hide(actor=world.member, feedback=given, hide=True)
    client.force_login(world.facilitator)
    assert (
        client.post(reverse("activities:hide", args=[given.pk]), {"hide": "1"}).status_code == 302
    )
    given.refresh_from_db()
    assert given.is_hidden
    assert AuditEvent.objects.filter(verb="activities.hide_feedback").count() == 1
    html = client.get(reverse("activities:practice", args=[other.pk])).content.decode()
    assert "Unkind words" in html and "Hidden from the group" in html
    assert list(practices.feedback_for(world.facilitator, other, moderator=False)) == []
    # Its writer still sees it, told it was hidden.
    client.force_login(world.member)
    html = client.get(reverse("activities:practice", args=[other.pk])).content.decode()
    assert "Your feedback is hidden from the group." in html


def test_a_person_exports_what_they_wrote_and_erasure_keeps_the_groups_record(
    world: World, session: Practice
) -> None:
    from fireside.accounts.actions import do_erase_user
    from fireside.accounts.personal_data import export
    from fireside.activities.models import Card
    from fireside.activities.tests.factories import make_card, make_round

    make_card(make_round(world.gathering, world.facilitator), world.member, "Songs")
    other = make_practice(world.gathering, world.facilitator, title="Fay's session")
    practices.check_give_feedback(user=world.member, practice=other, worked="Calm", to_try="")
    mine = export(world.member)["activities"]
    assert [c["text"] for c in mine["more_or_less_cards"]] == ["Songs"]
    assert [p["title"] for p in mine["sessions_presented"]] == ["Puppets at circle time"]
    assert [f["worked"] for f in mine["feedback_given"]] == ["Calm"]
    do_erase_user(user=world.member)
    assert not Card.objects.exists()
    # What they wrote for the group stays, under the anonymised account.
    assert PracticeFeedback.objects.get().worked == "Calm"
    assert Practice.objects.filter(pk=session.pk).exists()
