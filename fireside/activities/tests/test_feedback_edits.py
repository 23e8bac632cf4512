"""A member changes or deletes their own practice feedback from the web page (the same
actions as the API); nobody else can."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.activities import practices
from fireside.activities.models import Practice, PracticeFeedback
from fireside.activities.tests.factories import make_practice

pytestmark = pytest.mark.django_db


@pytest.fixture
def given(world: World) -> PracticeFeedback:
    session = make_practice(world.gathering, world.member)
    return practices.check_give_feedback(
        user=world.facilitator, practice=session, worked="The song", to_try="Shorter"
    )


def test_the_writer_sees_edit_and_delete_and_others_do_not(
    client: Client, world: World, given: PracticeFeedback
) -> None:
    page = reverse("activities:practice", args=[given.practice_id])
    edit = reverse("activities:edit_feedback", args=[given.pk])
    client.force_login(world.member)  # the presenter
    assert edit not in client.get(page).content.decode()
    client.force_login(world.facilitator)
    html = client.get(page).content.decode()
    assert edit in html and reverse("activities:delete_feedback", args=[given.pk]) in html


def test_the_writer_rewords_their_feedback_without_javascript(
    client: Client, world: World, given: PracticeFeedback
) -> None:
    client.force_login(world.facilitator)
    url = reverse("activities:edit_feedback", args=[given.pk])
    form = client.get(url)
    assert form.status_code == 200 and "The song" in form.content.decode()
    response = client.post(url, {"worked": "The calm song", "to_try": ""})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#feedback-{given.pk}")
    given.refresh_from_db()
    assert (given.worked, given.to_try, given.named) == ("The calm song", "", False)


def test_bad_input_changes_nothing(client: Client, world: World, given: PracticeFeedback) -> None:
    client.force_login(world.facilitator)
    url = reverse("activities:edit_feedback", args=[given.pk])
    empty = client.post(url, {"worked": " ", "to_try": "", "named": "on"})
    assert empty.status_code == 400
    assert "Write at least one of the two." in empty.content.decode()
    long = client.post(url, {"worked": "é" * 2001, "to_try": "", "named": "on"})
    assert long.status_code == 400
    given.refresh_from_db()
    assert (given.worked, given.to_try, given.named) == ("The song", "Shorter", True)


def test_the_writer_deletes_their_feedback(
    client: Client, world: World, given: PracticeFeedback
) -> None:
    client.force_login(world.facilitator)
    url = reverse("activities:delete_feedback", args=[given.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("activities:practice", args=[given.practice_id])
    assert not PracticeFeedback.objects.exists()
    assert Practice.objects.exists()


@pytest.mark.parametrize(
    ("persona", "status"),
    [("member", 403), ("mentor", 403), ("outsider", 404), ("coordinator", 403), ("staff", 404)],
)
def test_nobody_else_changes_or_deletes_it(
    client: Client, world: World, given: PracticeFeedback, persona: str, status: int
) -> None:
    client.force_login(world.persona(persona))
    edit = reverse("activities:edit_feedback", args=[given.pk])
    assert client.get(edit).status_code == status
    assert client.post(edit, {"worked": "Changed", "to_try": ""}).status_code == status
    assert client.post(reverse("activities:delete_feedback", args=[given.pk])).status_code == status
    given.refresh_from_db()
    assert (given.worked, given.to_try) == ("The song", "Shorter")


def test_anonymous_is_sent_to_sign_in(client: Client, given: PracticeFeedback) -> None:
    response = client.post(reverse("activities:delete_feedback", args=[given.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert PracticeFeedback.objects.exists()
