"""The availability grid: the profile's table of checkboxes, the API extension, the data
export and erasure, the migration from free text, and the home task asking for it."""

from __future__ import annotations

import importlib
import json
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import World
from fireside.accounts import actions
from fireside.accounts.account_data import export_account
from fireside.accounts.availability import CODES, clean_slots
from fireside.accounts.models import User
from fireside.demo.factories import UserFactory
from fireside.lib.errors import Unprocessable
from fireside.mentoring.tests.factories import make_pairing

PROFILE = "/accounts/profile/"
frozen = importlib.import_module(
    "fireside.accounts.migrations.0010_availability_grid_from_free_text"
)


def test_codes_are_kept_in_grid_order_once() -> None:
    assert clean_slots(["sun-evening", "mon-morning", "sun-evening"]) == [
        "mon-morning",
        "sun-evening",
    ]
    assert len(CODES) == 21
    for bad in (["tue-lunchtime"], "mon-morning", [3]):
        with pytest.raises(Unprocessable):
            clean_slots(bad)


@pytest.mark.django_db
def test_the_profile_draws_a_labelled_grid_and_saves_the_ticks(client: Client) -> None:
    user = UserFactory(name="Pat", availability_slots=["tue-evening"])
    client.force_login(user)
    html = client.get(PROFILE).content.decode()
    assert "<caption>When you are usually free</caption>" in html
    assert html.count('<th scope="col">') == 7 and html.count('<th scope="row">') == 3
    assert '<span aria-hidden="true">Tue</span><span class="visually-hidden">Tuesday</span>' in html
    ticked = re.search(r'<input[^>]*value="tue-evening"[^>]*>', html)
    assert ticked and "checked" in ticked.group(0)
    assert '<span class="visually-hidden">Tuesday evening</span>' in html
    assert "Anything else about when you&#x27;re free" in html
    form = {
        "name": "Pat",
        "role_type": user.role_type,
        "availability_slots": ["mon-morning", "sat-afternoon"],
        "availability": "Not in August",
    }
    assert client.post(PROFILE, form).status_code == 302
    user.refresh_from_db()
    assert user.availability_slots == ["mon-morning", "sat-afternoon"]
    assert user.availability == "Not in August"
    with translation.override("fr-ca"):
        client.cookies["django_language"] = "fr-ca"
        html = client.get(PROFILE, headers={"accept-language": "fr-CA"}).content.decode()
    assert "Samedi après-midi" in html or "samedi après-midi" in html


@pytest.mark.django_db
def test_a_made_up_time_is_refused_with_nothing_saved(client: Client) -> None:
    user = UserFactory(name="Pat", availability_slots=["tue-evening"])
    client.force_login(user)
    form = {"name": "Pat", "role_type": user.role_type, "availability_slots": ["mon-brunch"]}
    response = client.post(PROFILE, form)
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    user.refresh_from_db()
    assert user.availability_slots == ["tue-evening"]


@pytest.mark.django_db
def test_the_api_reads_and_writes_the_grid(client: Client) -> None:
    user = UserFactory(availability="Evenings", availability_slots=["fri-evening"])
    token = actions.do_issue_token(user=user, name="")
    headers = {"Authorization": f"Bearer {token}"}
    body = client.get("/api/v1/me", headers=headers).json()
    assert body["availability"] == "Evenings"
    assert body["availability_slots"] == ["fri-evening"]
    patch = json.dumps({"availability_slots": ["sun-morning", "mon-evening"]})
    response = client.patch("/api/v1/me", patch, content_type="application/json", headers=headers)
    assert response.status_code == 200
    assert response.json()["availability_slots"] == ["mon-evening", "sun-morning"]
    bad = json.dumps({"availability_slots": ["someday"]})
    response = client.patch("/api/v1/me", bad, content_type="application/json", headers=headers)
    assert response.status_code == 422
    assert "someday" in response.json()["detail"]
    user.refresh_from_db()
    assert user.availability_slots == ["mon-evening", "sun-morning"]


@pytest.mark.django_db
def test_the_grid_is_exported_and_erased() -> None:
    user = UserFactory(availability_slots=["wed-afternoon"])
    assert export_account(user)["availability_slots"] == ["wed-afternoon"]
    actions.do_erase_user(user=user)
    user.refresh_from_db()
    assert user.availability_slots == []


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("Weekday evenings after 6", [f"{d}-evening" for d in ("mon", "tue", "wed", "thu", "fri")]),
        ("Saturday mornings or evenings", ["sat-morning", "sat-evening"]),
        (
            "Lunch breaks, 12–1",
            [f"{d}-afternoon" for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")],
        ),
        ("mardi et jeudi soir", []),  # English only: left for the person to fill in
        ("depends on my shifts", []),
    ],
)
def test_the_migration_reads_what_it_can(text: str, codes: list[str]) -> None:
    assert frozen.grid_codes(text) == codes


@pytest.mark.django_db
def test_the_migration_fills_empty_grids_only(django_db_blocker: object) -> None:
    from django.apps import apps

    reader = UserFactory(availability="Tuesdays and Thursdays after work")
    french = UserFactory(availability="mardi soir")
    filled = UserFactory(availability="Weekends", availability_slots=["mon-morning"])
    frozen.forwards(apps, None)
    got = dict(
        User.objects.filter(pk__in=[reader.pk, french.pk, filled.pk]).values_list(
            "pk", "availability_slots"
        )
    )
    assert got == {
        reader.pk: ["tue-evening", "thu-evening"],
        french.pk: [],
        filled.pk: ["mon-morning"],
    }


@pytest.mark.django_db
def test_home_asks_paired_groups_for_the_grid_until_it_is_filled(
    client: Client, world: World
) -> None:
    client.force_login(world.member)
    assert "Say when you are usually free" not in client.get("/").content.decode()
    make_pairing(world.community, world.facilitator, UserFactory())
    html = client.get("/").content.decode()
    assert "Say when you are usually free" in html
    assert reverse("accounts:profile") + "#id_availability_slots" in html
    world.member.availability_slots = ["mon-evening"]
    world.member.save()
    assert "Say when you are usually free" not in client.get("/").content.decode()
