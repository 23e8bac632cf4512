"""The home's panel registry (fireside.lib.home): every app's section is registered, in its
region and order, and a section not shown to someone is left out of the page."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from fireside.communities.places import places_of
from fireside.lib.home import Region, Viewer, panels_for, register_panel, registered_panels
from fireside.lib.home import _panels as panels  # the registry itself, to restore it

pytestmark = pytest.mark.django_db


def test_it_registers_every_app_panel_in_order() -> None:
    assert registered_panels() == [
        "mentor_home",
        "new_in_groups",
        "peer_mentoring",
        "hours",
        "value_stories",
    ]


def _names(regions: dict[str, list[Any]]) -> dict[str, list[str]]:
    return {region: [p.name for p in shown] for region, shown in regions.items()}


def test_each_person_gets_the_panels_that_concern_them(world: World) -> None:
    member = panels_for(Viewer(user=world.member, places=places_of(world.member)))
    assert _names(member) == {
        "news": ["new_in_groups"],
        "yours": ["peer_mentoring", "hours", "value_stories"],
        "staff": [],
    }
    waiting = panels_for(Viewer(user=world.waitlisted, places=places_of(world.waitlisted)))
    assert _names(waiting) == {"news": [], "yours": [], "staff": []}


def test_registering_a_name_again_replaces_it(world: World) -> None:
    saved = list(panels)
    try:
        register_panel("extra", lambda v: 1, template="a.html", region=Region.NEWS, order=1)
        register_panel("extra", lambda v: 2, template="b.html", region=Region.STAFF, order=1)
        assert registered_panels().count("extra") == 1
        shown = panels_for(Viewer(user=world.member, places=places_of(world.member)))
        assert [(p.template, p.data) for p in shown["staff"] if p.name == "extra"] == [
            ("b.html", 2)
        ]
    finally:
        panels[:] = saved
