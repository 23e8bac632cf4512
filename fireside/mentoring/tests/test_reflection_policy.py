"""Reflections the way each program runs them: its policy, kept on each reflection so that
changing it never changes who can read an earlier one; its own prompts; who reads what."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.audit.models import AuditEvent
from fireside.demo.factories import UserFactory
from fireside.lib.errors import InvalidInput
from fireside.mentoring import actions, reflecting
from fireside.mentoring.models import PROMPTS, Reflection
from fireside.programs.models import ReflectionPolicy

SHARED, PRIVATE = ReflectionPolicy.SHARED.value, ReflectionPolicy.PRIVATE.value
OCTOBER, NOVEMBER, DECEMBER = dt.date(2026, 10, 1), dt.date(2026, 11, 1), dt.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def _december(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 12, 10, 18, 0, tzinfo=dt.UTC), tick=False)


def _write(world: World, month: dt.date, body: str, who: Any = None) -> Reflection:
    return actions.check_write_reflection(
        author=who or world.member, program=world.program, month=month, body=body
    )


def _policy(world: World, policy: str) -> None:
    reflecting.check_set_policy(actor=world.coordinator, program=world.program, policy=policy)


def _shared_page(client: Client, world: World, who: Any, **query: Any) -> Any:
    client.force_login(who)
    return client.get(reverse("mentoring:shared_reflections", args=[world.program.pk]), query)


def test_a_policy_change_never_changes_who_reads_an_earlier_reflection(
    client: Client, world: World
) -> None:
    private_before = _write(world, OCTOBER, "PRIVATE-BEFORE-SWITCH")
    assert private_before.shared_with_program is False
    _policy(world, SHARED)
    shared = _write(world, NOVEMBER, "SHARED-AFTER-SWITCH")
    assert shared.shared_with_program is True
    page = _shared_page(client, world, world.coordinator).content.decode()
    assert "SHARED-AFTER-SWITCH" in page and "Mina" in page  # named
    assert "PRIVATE-BEFORE-SWITCH" not in page  # private→shared exposes nothing earlier
    # Editing the private one after the switch keeps it private.
    actions.check_edit_reflection(
        author=world.member, reflection=private_before, body="PRIVATE-EDITED-LATER"
    )
    private_before.refresh_from_db()
    assert private_before.shared_with_program is False
    _policy(world, PRIVATE)
    private_after = _write(world, DECEMBER, "PRIVATE-AFTER-SWITCH-BACK")
    page = _shared_page(client, world, world.coordinator).content.decode()
    # shared→private: what was written as shared stays shared; nothing new is.
    assert "SHARED-AFTER-SWITCH" in page
    for words in ("PRIVATE-BEFORE-SWITCH", "PRIVATE-EDITED-LATER", "PRIVATE-AFTER-SWITCH-BACK"):
        assert words not in page
    assert private_after.shared_with_program is False
    assert [
        e.data
        for e in AuditEvent.objects.filter(verb="mentoring.set_reflection_policy").order_by("pk")
    ] == [
        {"before": PRIVATE, "after": SHARED},
        {"before": SHARED, "after": PRIVATE},
    ]


def test_only_the_program_s_coordinators_read_shared_reflections(
    client: Client, world: World
) -> None:
    _policy(world, SHARED)
    _write(world, NOVEMBER, "SHARED-WORDS")
    for who in (world.staff, world.mentor, world.facilitator, world.outsider, world.member):
        assert _shared_page(client, world, who).status_code == 403
        assert "SHARED-WORDS" not in _shared_page(client, world, who).content.decode()
    # The author still reads and edits her own, told who else reads it.
    client.force_login(world.member)
    mine = Reflection.objects.get(body="SHARED-WORDS")
    page = client.get(reverse("mentoring:reflection", args=[mine.pk])).content.decode()
    assert "its coordinators read it, with your name" in page


def test_the_coordinator_filters_by_group(client: Client, world: World) -> None:
    _policy(world, SHARED)
    _write(world, NOVEMBER, "FROM-MINA")
    _write(world, NOVEMBER, "FROM-OTTO", who=world.outsider)
    page = _shared_page(client, world, world.coordinator, group=world.community.pk)
    assert "FROM-MINA" in page.content.decode() and "FROM-OTTO" not in page.content.decode()
    assert _shared_page(client, world, world.coordinator, group="x").status_code == 200


def test_the_writing_page_says_who_reads_it(client: Client, world: World) -> None:
    client.force_login(world.member)
    url = reverse("mentoring:reflections", args=[world.program.pk])
    assert "Only you can read what you write here" in client.get(url).content.decode()
    _policy(world, SHARED)
    page = client.get(url).content.decode()
    assert "the program's coordinators will read this reflection, with your name" in page
    # And where people join: the program's commitments say it too.
    client.force_login(UserFactory())
    join = client.get(reverse("communities:join", args=[world.community.pk])).content.decode()
    assert "shared with the program's coordinators" in join


def test_coordinators_edit_the_prompts_and_written_reflections_keep_theirs(
    client: Client, world: World
) -> None:
    client.force_login(world.coordinator)
    url = reverse("mentoring:reflection_settings", args=[world.program.pk])
    page = client.get(url).content.decode()
    assert str(PROMPTS[0]) in page  # the built-ins, to start from
    before = _write(world, NOVEMBER, "Before the new prompts")
    response = client.post(
        url,
        {
            "reflection_policy": SHARED,
            "text_1": "What did a child teach you?",
            "text_fr_1": "Qu'un enfant vous a-t-il appris?",
        },
    )
    assert response.status_code == 302
    world.program.refresh_from_db()
    assert world.program.reflection_policy == SHARED
    assert reflecting.prompts_of(world.program) == [
        ("What did a child teach you?", "Qu'un enfant vous a-t-il appris?")
    ]
    after = _write(world, DECEMBER, "After")
    assert after.prompt == "What did a child teach you?"
    before.refresh_from_db()
    assert before.prompt == str(PROMPTS[(2026 * 12 + 10) % len(PROMPTS)])  # unchanged
    # In French, French speakers see the French.
    client.force_login(world.outsider)
    client.cookies["django_language"] = "fr-ca"
    french = client.get(reverse("mentoring:reflections", args=[world.program.pk]))
    assert "Qu&#x27;un enfant vous a-t-il appris?" in french.content.decode()


def test_bad_prompts_are_refused_and_nothing_changes(client: Client, world: World) -> None:
    with pytest.raises(InvalidInput):
        reflecting.check_set_prompts(actor=world.coordinator, program=world.program, prompts=[])
    with pytest.raises(InvalidInput):
        reflecting.check_set_prompts(
            actor=world.coordinator, program=world.program, prompts=[("", "Seulement en français")]
        )
    with pytest.raises(InvalidInput):
        reflecting.check_set_prompts(
            actor=world.coordinator, program=world.program, prompts=[("x" * 301, "")]
        )
    with pytest.raises(InvalidInput):
        reflecting.check_set_policy(actor=world.coordinator, program=world.program, policy="all")
    client.force_login(world.coordinator)
    url = reverse("mentoring:reflection_settings", args=[world.program.pk])
    response = client.post(url, {"reflection_policy": PRIVATE})  # every prompt emptied
    assert response.status_code == 200
    assert "Keep at least one prompt" in response.content.decode()
    assert reflecting.prompts_of(world.program) == reflecting.built_in_prompts()


def test_the_api_keeps_the_contract_and_adds_the_policy(client: Client, world: World) -> None:
    _policy(world, SHARED)
    headers = {"Authorization": f"Bearer {ApiToken.issue(world.member)}"}
    response = client.post(
        f"/api/v1/programs/{world.program.pk}/reflections",
        {"month": "2026-11", "body": "API-SHARED"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201
    assert response.json()["shared_with_program"] is True
    _policy(world, PRIVATE)
    client.post(
        f"/api/v1/programs/{world.program.pk}/reflections",
        {"month": "2026-12", "body": "API-PRIVATE"},
        content_type="application/json",
        headers=headers,
    )
    coordinator = {"Authorization": f"Bearer {ApiToken.issue(world.coordinator)}"}
    listed = client.get(
        f"/api/v1/programs/{world.program.pk}/reflections", headers=coordinator
    ).json()
    assert listed["count"] == 1
    assert listed["items"][0]["body"] == "API-SHARED"
    assert listed["items"][0]["author"]["name"] == world.member.display_name
    prompts = client.get(
        f"/api/v1/programs/{world.program.pk}/reflection-prompts", headers=headers
    ).json()
    assert prompts["reflection_policy"] == PRIVATE
    assert len(prompts["prompts"]) == len(PROMPTS)
    mentor = {"Authorization": f"Bearer {ApiToken.issue(world.mentor)}"}
    assert (
        client.get(f"/api/v1/programs/{world.program.pk}/reflections", headers=mentor).status_code
        == 403
    )
