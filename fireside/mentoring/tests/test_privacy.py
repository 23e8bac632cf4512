"""Reflection text and connection notes reach their writer only.

Marker strings go into Mina's reflection and connection note and into Fay's; then every
page and API read in the guard test's tables, the admin, every export, the home section
and every email are produced for every persona, and searched. A marker may appear only
in what its own writer gets — and it must appear there, so this test can fail.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.template import Context, Template
from django.test import Client

from conftest import PERSONAS, World
from fireside.accounts.actions import export_user_data
from fireside.lib.tests.leaks import read
from fireside.lib.tests.test_authorization_guard import _path_values, read_every_get
from fireside.mentoring import actions, nudges, personal_data
from fireside.mentoring.home import PeerMentoring, home_summary
from fireside.mentoring.models import Connection, Reflection
from fireside.mentoring.tests.factories import make_connection, make_reflection

pytestmark = pytest.mark.django_db

MINA = ("ZQ-MINA-REFLECTION-BODY", "ZQ-MINA-ANYTHING-ELSE", "ZQ-MINA-CONNECTION-NOTE")
FAY = ("ZQ-FAY-REFLECTION-BODY", "ZQ-FAY-CONNECTION-NOTE")
WRITERS = {"member": MINA, "facilitator": FAY}


def _seed(world: World) -> dict[str, Any]:
    values = _path_values(world)
    Reflection.objects.filter(pk=values["reflection_id"]).update(
        body=MINA[0], anything_else=MINA[1], shareable_excerpt="A consented excerpt."
    )
    Connection.objects.filter(pk=values["connection_id"]).update(note=MINA[2])
    connection = Connection.objects.get(pk=values["connection_id"])
    make_connection(connection.pairing, world.facilitator, note=FAY[1])
    october = world.program.starts_on.replace(month=10)
    make_reflection(world.program, world.facilitator, october, body=FAY[0])
    return values


def _leaks(persona: str, where: str, text: str) -> list[str]:
    found = []
    for writer, markers in WRITERS.items():
        for marker in markers:
            if marker in text and persona != writer:
                found.append(f"{marker} shown to {persona} in {where}")
    return found


def _crawl(client: Client, world: World, values: dict[str, Any], persona: str) -> dict[str, str]:
    """Everything this persona can get: pages, API reads, search, the home section."""
    seen, headers = read_every_get(client, world, values, persona)
    user = world.persona(persona)
    for word in ("REFLECTION", "ANYTHING", "NOTE"):  # a search page echoes its words
        for url in (f"/search/?q={word}", f"/api/v1/search?q={word}"):
            seen[url] = read(client.get(url, headers=headers))[0]
    summary = home_summary(user) if user is not None else PeerMentoring()
    seen["home section"] = Template('{% include "mentoring/_home.html" %}').render(
        Context({"user": user, "panel": summary})
    )
    return seen


def test_reflections_and_notes_reach_their_writer_only(client: Client, world: World) -> None:
    values = _seed(world)
    leaks: list[str] = []
    shown: dict[str, set[str]] = {}
    for persona in PERSONAS:
        for where, text in _crawl(client, world, values, persona).items():
            leaks += _leaks(persona, where, text)
            shown.setdefault(persona, set()).update(m for m in (*MINA, *FAY) if m in text)
    assert leaks == []
    # The writers do see their own words: the crawl reached the pages that hold them.
    assert shown["member"] == set(MINA)
    assert shown["facilitator"] == set(FAY)


def test_the_admin_shows_no_text(client: Client, world: World) -> None:
    values = _seed(world)
    world.staff.is_superuser = True
    world.staff.save()
    client.force_login(world.staff)
    pages = [
        "/admin/mentoring/reflection/",
        f"/admin/mentoring/reflection/{values['reflection_id']}/change/",
        f"/admin/mentoring/reflection/{values['reflection_id']}/delete/",
        f"/admin/mentoring/reflection/{values['reflection_id']}/history/",
        "/admin/mentoring/connection/",
        f"/admin/mentoring/connection/{values['connection_id']}/change/",
        f"/admin/mentoring/pairing/{values['pairing_id']}/change/",
        "/admin/audit/auditevent/",
        "/admin/mentoring/reflection/?q=ZQ",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert _leaks("staff", url, text) == []
        assert "A consented excerpt." not in text  # with a name beside it, it is not anonymous
    change = client.get(pages[1]).content.decode()
    assert "Mina Member" in change and "2026" in change  # metadata is there
    assert client.get("/admin/mentoring/reflection/add/").status_code == 403


def test_exports_hold_ones_own_words_only(world: World) -> None:
    _seed(world)
    for persona in PERSONAS[1:]:
        user = world.persona(persona)
        ours = str(export_user_data(user=user)) + str(personal_data.export_for(user))
        assert _leaks(persona, "export", ours) == []
    assert all(m in str(personal_data.export_for(world.member)) for m in MINA)


def test_emails_carry_no_text(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    values = _seed(world)
    for days, connection in enumerate(Connection.objects.all()):  # long ago, one a day
        connection.happened_on = dt.date(2026, 10, 1) - dt.timedelta(days=days)
        connection.save(update_fields=["happened_on"])
    with django_capture_on_commit_callbacks(execute=True):
        actions.do_end_pairing(
            actor=world.facilitator,
            pairing=Connection.objects.first().pairing,  # type: ignore[union-attr]
        )
        actions.check_create_pairing(
            actor=world.facilitator,
            community=world.community,
            user_ids=[world.member.pk, world.facilitator.pk],
            starts_on=dt.date(2026, 10, 1),
        )
        assert nudges.send_nudges(today=dt.date(2026, 11, 20)) == 1
    assert len(mailoutbox) == 4  # paired, then nudged: Mina and Fay each
    for message in mailoutbox:
        text = f"{message.subject}\n{message.body}"
        assert not any(m in text for m in (*MINA, *FAY)), message.to
    assert values  # seeded
