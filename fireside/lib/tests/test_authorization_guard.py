"""The authorization guard: every URL and every API route, against every persona.

A new view or route without a row here fails the first two tests; a row whose check is
missing in the code fails the persona tests. Content inside a community is for its active
members only: outsiders, the waitlisted, mentors, coordinators and staff are refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from conftest import PERSONAS, World
from fireside.accounts.models import ApiToken
from fireside.api.urls import api
from fireside.communities.models import CommunityRole, Membership, SeatOffer
from fireside.conversations.models import ResearchItem, Resource, Term, Thread
from fireside.gatherings import actions
from fireside.gatherings.models import Series, Topic
from fireside.mentoring.tests.factories import (
    guard_connection_body,
    guard_pair_body,
    guard_reflection_body,
    guard_values,
)
from fireside.notifications.actions import unsubscribe_token
from fireside.notifications.models import Notification

ANYONE = set(PERSONAS)
SIGNED_IN = ANYONE - {"anonymous"}
MEMBERS = {"member", "facilitator"}
FACILITATORS = {"facilitator"}
COORDINATOR = {"coordinator"}
STAFF = {"staff"}

# url name -> (method, who may use it)
WEB: dict[str, tuple[str, set[str]]] = {
    "home": ("GET", ANYONE),
    "healthz": ("GET", ANYONE),
    "accounts:signup": ("GET", ANYONE),
    "accounts:login": ("GET", ANYONE),
    "accounts:logout": ("POST", ANYONE),
    "accounts:verify": ("GET", ANYONE),
    "accounts:resend_verification": ("POST", SIGNED_IN),
    "accounts:profile": ("GET", SIGNED_IN),
    "accounts:export": ("GET", SIGNED_IN),
    "accounts:erase": ("GET", SIGNED_IN),
    "accounts:password_reset": ("GET", ANYONE),
    "accounts:password_reset_done": ("GET", ANYONE),
    "accounts:password_reset_confirm": ("GET", ANYONE),
    "accounts:password_reset_complete": ("GET", ANYONE),
    "programs:list": ("GET", ANYONE),
    "programs:detail": ("GET", ANYONE),
    "programs:create": ("GET", STAFF),
    "programs:edit": ("GET", STAFF | COORDINATOR),
    "programs:staff": ("GET", STAFF | COORDINATOR),
    "programs:community_create": ("GET", COORDINATOR),
    "communities:directory": ("GET", ANYONE),
    "communities:detail": ("GET", ANYONE),
    "communities:join": ("GET", SIGNED_IN),
    "communities:leave": ("GET", MEMBERS | {"waitlisted"}),
    "communities:agreement": ("GET", MEMBERS),
    "communities:offer": ("GET", {"waitlisted"}),
    "communities:home": ("GET", MEMBERS),
    "conversations:list": ("GET", MEMBERS),
    "conversations:new": ("GET", MEMBERS),
    "conversations:recognition": ("GET", MEMBERS),
    "conversations:thread": ("GET", MEMBERS),
    "conversations:answered": ("POST", MEMBERS),
    "conversations:edit": ("GET", {"member"}),  # the author, within the edit window
    "conversations:flag": ("GET", MEMBERS),
    "conversations:hide": ("GET", FACILITATORS),
    "conversations:restore": ("POST", FACILITATORS),
    "conversations:resources": ("GET", MEMBERS),
    "conversations:resource_new": ("GET", MEMBERS),
    # Not shared with the program: the outsider, a member of a sibling group, never downloads.
    "conversations:resource_download": ("GET", MEMBERS),
    "conversations:resource_share": ("POST", {"member"}),  # its author only
    "conversations:resource_remove": ("POST", {"member"}),  # its author only
    "conversations:glossary": ("GET", MEMBERS),
    "conversations:term_new": ("GET", MEMBERS),
    "conversations:term": ("GET", MEMBERS),
    "conversations:perspective": ("GET", MEMBERS),
    "conversations:research": ("GET", MEMBERS),
    "conversations:research_new": ("GET", MEMBERS),
    "conversations:research_agenda": ("GET", FACILITATORS),  # and organisers
    "search:search": ("GET", SIGNED_IN),
    "notifications:inbox": ("GET", SIGNED_IN),
    "notifications:mark_all_read": ("POST", SIGNED_IN),
    "notifications:open": ("GET", SIGNED_IN),  # someone else's: back to one's own inbox
    "notifications:preferences": ("GET", MEMBERS),
    "notifications:unsubscribe": ("GET", ANYONE),  # the signed token is the key
    "gatherings:calendar": ("GET", SIGNED_IN),
    "gatherings:rotate_feed": ("POST", SIGNED_IN),
    "gatherings:feed": ("GET", ANYONE),  # the secret address is the key
    "gatherings:detail": ("GET", MEMBERS),
    "gatherings:rsvp": ("POST", MEMBERS),
    "gatherings:feedback": ("POST", MEMBERS),
    "gatherings:edit": ("GET", FACILITATORS),
    "gatherings:edit_series": ("GET", FACILITATORS),
    "gatherings:cancel": ("POST", FACILITATORS),
    "gatherings:attendance": ("GET", FACILITATORS),
    "gatherings:notes": ("GET", FACILITATORS),
    # Debriefs: never members. Writing (POST) is refused to coordinators: see test_web.py.
    "gatherings:debrief": ("GET", FACILITATORS | {"mentor"} | COORDINATOR),
    "gatherings:community_list": ("GET", MEMBERS | {"mentor"} | COORDINATOR),
    "gatherings:schedule": ("GET", FACILITATORS),
    "gatherings:topics": ("GET", MEMBERS),
    "gatherings:propose_topic": ("POST", MEMBERS),
    "gatherings:vote": ("POST", MEMBERS),
    "gatherings:mentor_debriefs": ("GET", {"mentor"} | COORDINATOR),
    "communities:members": ("GET", MEMBERS | COORDINATOR),
    "communities:add_member": ("POST", COORDINATOR),
    "communities:assign_role": ("POST", FACILITATORS | COORDINATOR),
    "communities:remove_role": ("POST", FACILITATORS | COORDINATOR),
    "communities:remove_member": ("POST", COORDINATOR),
    "communities:volunteer_role": ("POST", MEMBERS),
    "communities:confirm_role": ("POST", FACILITATORS | COORDINATOR),
    "communities:decline_role": ("POST", FACILITATORS | COORDINATOR),
    "communities:offer_seat": ("POST", COORDINATOR),
    "communities:edit": ("GET", COORDINATOR),
    "communities:agreement_edit": ("GET", FACILITATORS),
    "programs:waitlists": ("GET", COORDINATOR),
    "mentoring:mine": ("GET", SIGNED_IN),
    "mentoring:pairings": ("GET", FACILITATORS),
    "mentoring:suggest": ("GET", FACILITATORS),
    "mentoring:accept": ("POST", FACILITATORS),
    "mentoring:end": ("POST", FACILITATORS),
    # A pair's page is its people's (Mina and Fay): other facilitators get 404, see its tests.
    "mentoring:pair": ("GET", MEMBERS),
    "mentoring:remove_connection": ("POST", {"member"}),  # its writer only
    # The program's participants; Otto is active in a sibling group of the same program.
    "mentoring:reflections": ("GET", MEMBERS | {"outsider"}),
    "mentoring:reflection": ("GET", {"member"}),  # its author only, whatever anyone's role
    "mentoring:withdraw": ("POST", {"member"}),
}

Body = Callable[[World], dict[str, Any]]
PathArgs = Callable[[World], dict[str, Any]]


def _no_body(w: World) -> dict[str, Any]:
    return {}


def _program(w: World) -> dict[str, Any]:
    return {
        "name": "Guard program",
        "starts_on": "2026-09-01",
        "ends_on": "2027-06-30",
        "timezone": "America/Toronto",
        "eligible_role_types": ["ece"],
    }


def _community(w: World) -> dict[str, Any]:
    return {
        "name": "Guard circle",
        "purpose": "p",
        "audience": "ece",
        "region": "North",
        "mode": "online",
        "capacity": 8,
        "agreement": "Kindness first.",
    }


# (method, openapi path) -> (who may use it, request body)
API: dict[tuple[str, str], tuple[set[str], Body]] = {
    ("POST", "/api/v1/auth/register"): (
        ANYONE,
        lambda w: {
            "email": "new-guard@example.org",
            "password": "a long enough phrase",
            "name": "New",
            "role_type": "ece",
        },
    ),
    ("POST", "/api/v1/auth/token"): (
        ANYONE,
        lambda w: {"email": "member@example.org", "password": "correct horse battery"},
    ),
    ("GET", "/api/v1/me"): (SIGNED_IN, _no_body),
    ("PATCH", "/api/v1/me"): (SIGNED_IN, lambda w: {"region": "North"}),
    ("DELETE", "/api/v1/me"): (SIGNED_IN, _no_body),
    ("GET", "/api/v1/me/export"): (SIGNED_IN, _no_body),
    ("POST", "/api/v1/programs"): (STAFF, _program),
    ("GET", "/api/v1/programs"): (ANYONE, _no_body),
    ("GET", "/api/v1/programs/{program_id}"): (ANYONE, _no_body),
    ("POST", "/api/v1/programs/{program_id}/coordinators"): (
        STAFF | COORDINATOR,
        lambda w: {"user_id": w.outsider.pk},
    ),
    ("POST", "/api/v1/programs/{program_id}/mentors"): (
        COORDINATOR,
        lambda w: {"user_id": w.outsider.pk},
    ),
    ("POST", "/api/v1/programs/{program_id}/communities"): (COORDINATOR, _community),
    ("GET", "/api/v1/communities"): (ANYONE, _no_body),
    ("GET", "/api/v1/communities/{community_id}"): (ANYONE, _no_body),
    # Already in the group or on its waitlist: 409, checked below.
    ("POST", "/api/v1/communities/{community_id}/join"): (
        SIGNED_IN - MEMBERS - {"waitlisted"},
        lambda w: {"agree_to_agreement": True},
    ),
    ("POST", "/api/v1/communities/{community_id}/leave"): (MEMBERS | {"waitlisted"}, _no_body),
    ("GET", "/api/v1/communities/{community_id}/members"): (MEMBERS | COORDINATOR, _no_body),
    ("POST", "/api/v1/communities/{community_id}/gatherings"): (
        FACILITATORS,
        lambda w: {
            "title": "Guarded",
            "starts_at": "2027-01-06T19:00:00",
            "duration_minutes": 60,
            "location": "Library",
        },
    ),
    ("GET", "/api/v1/communities/{community_id}/gatherings"): (
        MEMBERS | COORDINATOR | {"mentor"},
        _no_body,
    ),
    ("GET", "/api/v1/communities/{community_id}/calendar.ics"): (MEMBERS, _no_body),
    ("GET", "/api/v1/gatherings/{gathering_id}"): (MEMBERS, _no_body),
    ("PATCH", "/api/v1/gatherings/{gathering_id}"): (FACILITATORS, lambda w: {"notes": "n"}),
    ("POST", "/api/v1/gatherings/{gathering_id}/rsvp"): (MEMBERS, lambda w: {"response": "yes"}),
    ("PUT", "/api/v1/gatherings/{gathering_id}/attendance"): (
        FACILITATORS,
        lambda w: [{"user_id": w.member.pk, "present": True}],  # type: ignore[dict-item]
    ),
    # Debriefs: the group's facilitators and the program's mentors; never members.
    ("POST", "/api/v1/gatherings/{gathering_id}/debrief"): (
        FACILITATORS | {"mentor"},
        lambda w: {"logistics": "Warm room", "common_threads": "Naps"},
    ),
    ("POST", "/api/v1/communities/{community_id}/threads"): (
        MEMBERS,
        lambda w: {"title": "Hello", "body": "A *first* post", "kind": "idea"},
    ),
    ("GET", "/api/v1/communities/{community_id}/threads"): (MEMBERS, _no_body),
    ("GET", "/api/v1/threads/{thread_id}"): (MEMBERS, _no_body),
    ("POST", "/api/v1/threads/{thread_id}/replies"): (MEMBERS, lambda w: {"body": "Thanks!"}),
    ("POST", "/api/v1/communities/{community_id}/resources"): (
        MEMBERS,
        lambda w: {"title": "A link", "url": "https://example.org/", "provenance": "found"},
    ),
    ("GET", "/api/v1/communities/{community_id}/resources"): (MEMBERS, _no_body),
    ("GET", "/api/v1/resources/{resource_id}/download"): (MEMBERS, _no_body),
    ("GET", "/api/v1/search"): (SIGNED_IN, _no_body),
    ("GET", "/api/v1/me/calendar"): (SIGNED_IN, _no_body),
    ("POST", "/api/v1/me/calendar/rotate"): (SIGNED_IN, _no_body),
    ("POST", "/api/v1/communities/{community_id}/members"): (
        COORDINATOR,
        lambda w: {"user_id": w.staff.pk},
    ),
    ("POST", "/api/v1/communities/{community_id}/roles"): (
        FACILITATORS | COORDINATOR,
        lambda w: {"user_id": w.member.pk, "role": "organiser"},
    ),
    ("DELETE", "/api/v1/communities/{community_id}/roles/{user_id}/{role}"): (
        FACILITATORS | COORDINATOR,
        _no_body,
    ),
    ("POST", "/api/v1/communities/{community_id}/pairings"): (FACILITATORS, guard_pair_body),
    ("GET", "/api/v1/communities/{community_id}/pairings"): (FACILITATORS, _no_body),
    ("POST", "/api/v1/communities/{community_id}/pairings/suggest"): (FACILITATORS, _no_body),
    ("POST", "/api/v1/pairings/{pairing_id}/end"): (FACILITATORS, _no_body),
    ("GET", "/api/v1/me/pairings"): (SIGNED_IN, _no_body),
    ("POST", "/api/v1/pairings/{pairing_id}/connections"): (MEMBERS, guard_connection_body),
    ("DELETE", "/api/v1/connections/{connection_id}"): ({"member"}, _no_body),
    ("POST", "/api/v1/programs/{program_id}/reflections"): (
        MEMBERS | {"outsider"},
        guard_reflection_body,
    ),
    ("PUT", "/api/v1/reflections/{reflection_id}"): ({"member"}, lambda w: {"body": "Again"}),
    ("GET", "/api/v1/me/reflections"): (SIGNED_IN, _no_body),
}


# Routes where some personas are refused for who they are, not for what they may see.
CONFLICTS: dict[tuple[str, str], dict[str, tuple[int, ...]]] = {
    ("POST", "/api/v1/communities/{community_id}/join"): dict.fromkeys(
        MEMBERS | {"waitlisted"}, (409,)
    ),
}


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    """The guarded resource's file goes to a temporary folder, not the real media."""
    settings.MEDIA_ROOT = tmp_path


def _path_values(w: World) -> dict[str, Any]:
    role = CommunityRole.objects.get(community=w.community, user=w.facilitator)
    waiting = Membership.objects.get(community=w.community, user=w.waitlisted)
    offer, _ = SeatOffer.objects.get_or_create(
        membership=waiting, to_community=w.other_community, defaults={"token": "offer-for-walt"}
    )
    thread, _ = Thread.objects.get_or_create(
        community=w.community,
        author=w.member,
        defaults={
            "kind": "question",
            "title": "Guarded",
            "body": "b",
            "body_html": "<p>b</p>",
            "last_activity_at": timezone.now(),
        },
    )
    guard_file = "resources/guard-resource.txt"
    if not default_storage.exists(guard_file):
        default_storage.save(guard_file, ContentFile(b"Guarded\n"))
    resource, _ = Resource.objects.get_or_create(
        community=w.community,
        author=w.member,
        title="Guarded",
        defaults={"provenance": "found", "file": guard_file, "filename": "guard.txt", "size": 8},
    )
    term, _ = Term.objects.get_or_create(community=w.community, name="Guarded")
    research, _ = ResearchItem.objects.get_or_create(
        community=w.community, thread=thread, defaults={"title": "Guarded", "summary": "s"}
    )
    note = Notification.objects.create(
        user=w.member, community=w.community, kind="reply", text="t", url=thread.get_absolute_url()
    )
    return {
        "notification_id": note.pk,
        "token": unsubscribe_token(w.member.pk, w.community.pk, "reply"),
        "thread_id": thread.pk,
        "resource_id": resource.pk,
        "term_id": term.pk,
        "research_id": research.pk,
        "post_id": thread.pk,
        "kind": "thread",
        "gathering_id": w.gathering.pk,
        "series_id": Series.objects.get_or_create(community=w.community, rrule="FREQ=WEEKLY")[0].pk,
        "topic_id": Topic.objects.get_or_create(community=w.community, title="Guard topic")[0].pk,
        "feed_token": actions.feed_for(w.member).token,
        "offer_token": offer.token,
        "membership_id": waiting.pk,
        "community_id": w.community.pk,
        "program_id": w.program.pk,
        "role_id": role.pk,
        "user_id": w.facilitator.pk,
        "role": "facilitator",
        "uidb64": "MQ",
        "token_": "x",
        **guard_values(w),
    }


def _web_names() -> dict[str, list[str]]:
    """Every named URL outside the admin and the API, with its path arguments."""
    found: dict[str, list[str]] = {}

    def walk(patterns: list[Any], namespace: str, args: list[str]) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in {"admin", "api"} or (p.app_name or "") == "api":
                    continue
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns, args + list(p.pattern.converters))
            elif isinstance(p, URLPattern) and p.name:
                found[f"{namespace}{p.name}"] = args + list(p.pattern.converters)

    walk(get_resolver().url_patterns, "", [])
    return found


def _api_routes() -> set[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}


def test_it_has_a_rule_for_every_web_url() -> None:
    assert set(_web_names()) == set(WEB)


def test_it_has_a_rule_for_every_api_route() -> None:
    assert _api_routes() == set(API)


def _refused(response: Any, persona: str) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    location = response.get("Location", "") if response.status_code == 302 else ""
    return persona == "anonymous" and location.startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(WEB))
def test_it_guards_web_url(client: Any, world: World, name: str, persona: str) -> None:
    method, allowed = WEB[name]
    values = _path_values(world)
    if name == "accounts:password_reset_confirm":
        values["token"] = "set-password"
    kwargs = {arg: values[arg] for arg in _web_names()[name]}
    url = reverse(name, kwargs=kwargs)
    user = world.persona(persona)
    if user is not None:
        client.force_login(user)
    response = client.get(url) if method == "GET" else client.post(url, {})
    assert response.status_code != 500
    if persona in allowed:
        assert not _refused(response, persona), (name, persona, response.status_code)
    else:
        assert _refused(response, persona), (name, persona, response.status_code)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("route", sorted(API), ids=lambda r: f"{r[0]} {r[1]}")
def test_it_guards_api_route(
    client: Any, world: World, route: tuple[str, str], persona: str
) -> None:
    method, path = route
    allowed, body = API[route]
    url = path.format(**_path_values(world))
    user = world.persona(persona)
    headers = {"Authorization": f"Bearer {ApiToken.issue(user)}"} if user else {}
    response = client.generic(
        method, url, data=_json(body(world)), content_type="application/json", headers=headers
    )
    assert response.status_code != 500
    if persona in allowed:
        assert 200 <= response.status_code < 300, (route, persona, response.content)
    elif persona == "anonymous":
        assert response.status_code == 401, (route, persona, response.content)
    else:
        refusals = CONFLICTS.get(route, {}).get(persona, (403, 404))
        assert response.status_code in refusals, (route, persona, response.content)
    if response.status_code >= 400:
        assert isinstance(response.json()["detail"], str)


def _json(data: Any) -> str:
    import json

    return json.dumps(data) if data else ""


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_keeps_the_admin_for_staff(client: Any, world: World, persona: str) -> None:
    user = world.persona(persona)
    if user is not None:
        if persona == "staff":
            user.is_superuser = True
            user.save()
        client.force_login(user)
    response = client.get("/admin/")
    if persona == "staff":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
