"""One way around: a group's tabs (one registry, shown by standing), the breadcrumbs every
inner page declares, and "My groups" behind the bottom bar's Groups."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import World
from fireside.communities.access import Standing
from fireside.communities.models import CommunityRole
from fireside.communities.tabs import registered_tabs, tabs_for
from fireside.demo.factories import (
    CommunityFactory,
    GatheringFactory,
    ProgramFactory,
    make_member,
)
from fireside.programs.access import ProgramStanding

GROUP = SimpleNamespace(pk=7, program_id=3, name="Seaside Circle")
MEMBER = Standing(status="active")
FACILITATOR = Standing(status="active", roles=frozenset({CommunityRole.Role.FACILITATOR}))
MENTOR = Standing(program=ProgramStanding(roles=frozenset({"mentor"})))
COORDINATOR = Standing(program=ProgramStanding(roles=frozenset({"coordinator"})))


def keys(standing: Standing) -> list[str]:
    return [tab.key for tab in tabs_for(GROUP, standing)]


def test_every_app_registers_its_group_tabs_once_in_a_stable_order() -> None:
    found = [tab.key for tab in registered_tabs()]
    assert len(found) == len(set(found))
    for key in ("home", "gatherings", "conversations", "resources", "topics", "pairings"):
        assert key in found
    # The tabs people use most come first.
    assert found[:4] == ["home", "about", "gatherings", "conversations"]


def test_it_shows_each_person_only_the_tabs_they_may_open() -> None:
    member = keys(MEMBER)
    assert member[:3] == ["home", "gatherings", "conversations"]
    assert "partner" in member
    assert not {"pairings", "themes", "about"} & set(member)
    facilitator = keys(FACILITATOR)
    assert {"pairings", "themes"} <= set(facilitator) and "partner" not in facilitator
    # From outside the group: what they may see of it, never its content.
    assert keys(MENTOR) == ["about", "gatherings", "themes"]
    assert keys(COORDINATOR) == ["about", "gatherings", "members"]
    assert keys(Standing()) == ["about"]


def test_it_marks_the_current_tab_and_links_each_to_this_group() -> None:
    tabs = tabs_for(GROUP, MEMBER, "resources")
    assert [t.key for t in tabs if t.current] == ["resources"]
    urls = {t.key: t.url for t in tabs}
    assert urls["resources"] == reverse("conversations:resources", args=[7])
    assert urls["reflections"] == reverse("mentoring:reflections", args=[3])
    assert urls["partner"] == reverse("mentoring:mine")


def test_every_inner_page_declares_its_breadcrumbs() -> None:
    root = Path(__file__).resolve().parents[2]
    pages = [
        p
        for p in root.glob("**/templates/**/*.html")
        if p.read_text().startswith('{% extends "base.html" %}')
    ]
    assert len(pages) > 80
    missing = [
        str(p.relative_to(root))
        for p in pages
        if p.name != "home.html" and "{% block breadcrumbs %}" not in p.read_text()
    ]
    assert missing == []
    home = (root / "templates" / "home.html").read_text()
    assert "{% block breadcrumb_nav %}{% endblock %}" in home


def _crumbs(html: str) -> list[str]:
    nav = re.search(r'<nav aria-label="Breadcrumb"[^>]*>(.*?)</nav>', html, re.S)
    assert nav is not None
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li>(.*?)</li>", nav[1])]


@pytest.mark.django_db
def test_a_thread_page_says_where_it_is_and_shows_the_group_tabs(
    client: Client, world: World
) -> None:
    from fireside.lib.tests.routes import path_values

    thread_id = path_values(world)["thread_id"]
    client.force_login(world.member)
    html = client.get(reverse("conversations:thread", args=[thread_id])).content.decode()
    assert _crumbs(html) == ["Home", world.community.name, "Conversations", "Guarded"]
    assert '<span aria-current="page">Guarded</span>' in html
    tabs = re.search(
        r'<nav aria-label="[^"]*: sections" class="group-tabs">(.*?)</nav>', html, re.S
    )
    assert tabs is not None
    assert 'aria-current="page">Conversations</a>' in tabs[1]
    assert "Peer partners" not in tabs[1]  # the facilitators' tab
    assert html.count('class="group-tabs"') == 1


@pytest.mark.django_db
def test_the_group_crumb_leads_a_mentor_to_the_public_page(client: Client, world: World) -> None:
    client.force_login(world.mentor)
    url = reverse("gatherings:community_list", args=[world.community.pk])
    html = client.get(url).content.decode()
    assert f'href="{reverse("communities:detail", args=[world.community.pk])}"' in html
    assert f'href="{reverse("communities:home", args=[world.community.pk])}"' not in html


@pytest.mark.django_db
def test_my_groups_lists_mine_and_those_i_support(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    elsewhere = CommunityFactory(program=ProgramFactory(), name="Faraway Circle")
    make_member(elsewhere)
    url = reverse("communities:mine")
    client.force_login(world.member)
    with django_assert_max_num_queries(8):
        page = client.get(url).content.decode()
    assert reverse("communities:home", args=[world.community.pk]) in page
    assert world.other_community.name not in page and "Faraway Circle" not in page
    client.force_login(world.mentor)
    page = client.get(url).content.decode()
    assert world.community.name in page and world.other_community.name in page
    assert reverse("communities:home", args=[world.community.pk]) not in page
    assert "Faraway Circle" not in page
    client.force_login(world.waitlisted)
    page = client.get(url).content.decode()
    assert "you are number 1." in page
    client.logout()
    assert client.get(url).status_code == 302


@pytest.mark.django_db
def test_the_bottom_bar_marks_the_page_you_are_on(client: Client, world: World) -> None:
    client.force_login(world.member)
    html = client.get(reverse("gatherings:calendar")).content.decode()
    nav = re.search(r'<nav aria-label="Main" class="site-nav">(.*?)</nav>', html, re.S)
    assert nav is not None
    assert nav[1].count('aria-current="page"') == 1
    assert re.search(r'href="/gatherings/calendar/" aria-current="page"', nav[1])
    client.logout()
    html = client.get("/").content.decode()
    assert "Sign in" in html and "Join" in html and "Notifications" not in html


@pytest.mark.django_db
def test_the_bottom_bars_gatherings_lists_whats_next_in_my_groups(
    client: Client, world: World
) -> None:
    soon = timezone.now() + dt.timedelta(days=2)
    GatheringFactory(community=world.community, starts_at=soon, title="Nap-time stories")
    GatheringFactory(
        community=world.community, starts_at=soon, title="Called off", cancelled_at=soon
    )
    GatheringFactory(community=world.other_community, starts_at=soon, title="Not mine")
    client.force_login(world.member)
    page = client.get(reverse("gatherings:calendar")).content.decode()
    assert "Nap-time stories" in page
    assert "Called off" not in page and "Not mine" not in page
    client.force_login(world.mentor)
    page = client.get(reverse("gatherings:calendar")).content.decode()
    assert "No gathering is planned in your groups yet." in page
