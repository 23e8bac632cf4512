"""Joining keeps its thread: signing up or signing in from a group's page (with two-step
sign-in, and through the emailed confirmation link) leads back to that group's join step.
A `next` from anywhere else is ignored at every hop."""

from __future__ import annotations

import html
import re
from typing import Any
from urllib.parse import quote

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from fireside.accounts.tests.test_two_factor import Clock, device_key, totp, turn_on
from fireside.communities.models import Community, Membership
from fireside.demo.factories import PASSWORD, CommunityFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("accounts:signup")
LOGIN = reverse("accounts:login")
CODE = reverse("accounts:login_code")
PROFILE = reverse("accounts:profile")
ATTACKS = [
    "https://evil.example/join/",
    "//evil.example/join/",
    "http://testserver@evil.example/",
    "/\\evil.example",
    "javascript:alert(1)",
]


def newcomer(**overrides: str) -> dict[str, str]:
    return {
        "name": "Nora New",
        "email": "nora@example.org",
        "password": "a quiet walk in the park",
        "role_type": "ece",
        "region": "Coast",
        **overrides,
    }


def links(page: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]


def signed_in_id(client: Client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def join_url(community: Community) -> str:
    return reverse("communities:join", args=[community.pk])


def test_the_group_page_sends_both_sign_in_and_sign_up_back_to_its_join_step(
    client: Client,
) -> None:
    community = CommunityFactory()
    page = client.get(reverse("communities:detail", args=[community.pk])).content.decode()
    back = quote(join_url(community))
    assert f"{LOGIN}?next={back}" in links(page)
    assert f"{SIGNUP}?next={back}" in links(page)


def test_the_header_links_bring_a_visitor_back_to_the_page_they_were_on(client: Client) -> None:
    community = CommunityFactory()
    here = reverse("communities:detail", args=[community.pk])
    page = client.get(here).content.decode()
    assert f"{LOGIN}?next={quote(here)}" in links(page)
    assert f"{SIGNUP}?next={quote(here)}" in links(page)
    # The sign-in page's own header does not point back at itself.
    assert f"{LOGIN}?next=" not in links(client.get(LOGIN).content.decode())


def test_the_sign_in_and_sign_up_pages_pass_the_thread_to_each_other(client: Client) -> None:
    community = CommunityFactory()
    target = join_url(community)
    signup = client.get(SIGNUP, {"next": target}).content.decode()
    assert f'name="next" value="{target}"' in signup
    assert f"{LOGIN}?next={quote(target)}" in links(signup)
    login = client.get(LOGIN, {"next": target}).content.decode()
    assert f"{SIGNUP}?next={quote(target)}" in links(login)


@pytest.mark.parametrize("attack", ATTACKS)
def test_the_pages_drop_a_next_that_leads_off_the_site(client: Client, attack: str) -> None:
    for url in (SIGNUP, LOGIN):
        page = client.get(url, {"next": attack}).content.decode()
        assert 'name="next" value=""' in page
        assert not [link for link in links(page) if "evil" in link or "javascript:" in link]


def test_signing_up_from_a_group_lands_on_its_join_step_and_joins(client: Client) -> None:
    community = CommunityFactory(name="Coast circle")
    response = client.post(f"{SIGNUP}?next={quote(join_url(community))}", newcomer())
    assert response.status_code == 302
    assert response["Location"] == join_url(community)
    page = client.get(response["Location"]).content.decode()
    assert "Join Coast circle" in page and "Accept and join" in page
    response = client.post(join_url(community), {"agree_to_agreement": "on"})
    assert response["Location"] == reverse("communities:home", args=[community.pk])
    assert Membership.objects.get(community=community).user.email == "nora@example.org"


@pytest.mark.parametrize("attack", ATTACKS)
def test_signing_up_with_a_next_off_the_site_goes_to_the_profile(
    client: Client, attack: str
) -> None:
    response = client.post(SIGNUP, {**newcomer(), "next": attack})
    assert response.status_code == 302
    assert response["Location"] == PROFILE


def test_signing_in_from_a_group_lands_on_its_join_step(client: Client) -> None:
    community = CommunityFactory()
    user = UserFactory()
    response = client.post(
        LOGIN, {"email": user.email, "password": PASSWORD, "next": join_url(community)}
    )
    assert response["Location"] == join_url(community)
    assert signed_in_id(client) == user.pk


def test_joining_while_signed_out_asks_to_sign_in_then_returns(client: Client) -> None:
    community = CommunityFactory()
    user = UserFactory()
    response = client.get(join_url(community))
    assert response["Location"] == f"{LOGIN}?next={join_url(community)}"
    response = client.post(response["Location"], {"email": user.email, "password": PASSWORD})
    assert response["Location"] == join_url(community)


@pytest.mark.parametrize("attack", ATTACKS)
def test_signing_in_with_a_next_off_the_site_goes_home(client: Client, attack: str) -> None:
    user = UserFactory()
    response = client.post(LOGIN, {"email": user.email, "password": PASSWORD, "next": attack})
    assert response["Location"] == "/"


@pytest.mark.parametrize("target", ["join", *ATTACKS])
def test_two_step_sign_in_keeps_the_thread_and_only_on_the_site(
    client: Client, time_machine: Any, target: str
) -> None:
    clock = Clock(time_machine)
    community = CommunityFactory()
    user = UserFactory()
    turn_on(user)
    wanted = join_url(community) if target == "join" else target
    response = client.post(LOGIN, {"email": user.email, "password": PASSWORD, "next": wanted})
    assert response["Location"] == CODE
    at = clock.later(30)
    response = client.post(CODE, {"code": totp(device_key(user), at)})
    assert signed_in_id(client) == user.pk
    assert response["Location"] == (join_url(community) if target == "join" else "/")


@pytest.fixture
def sign_up(client: Client, django_capture_on_commit_callbacks: Any) -> Any:
    """Sign up, and send the emails that leave once the request's transaction commits."""

    def post(url: str, data: dict[str, str]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    return post


def confirmation_link() -> str:
    (message,) = mail.outbox
    found = re.findall(r"http://testserver(/\S+)", message.body)
    assert len(found) == 1, message.body
    return str(found[0])


def test_with_confirmation_required_the_emailed_link_leads_on_to_the_join_step(
    client: Client, settings: Any, sign_up: Any
) -> None:
    settings.REQUIRE_VERIFIED_EMAIL = True
    community = CommunityFactory(name="Coast circle")
    response = sign_up(f"{SIGNUP}?next={quote(join_url(community))}", newcomer())
    assert response["Location"] == join_url(community)
    page = client.get(join_url(community)).content.decode()
    assert "Please verify your email address first" in page
    assert "Accept and join" not in page

    response = client.get(confirmation_link())
    assert response["Location"] == join_url(community)
    page = client.get(join_url(community)).content.decode()
    assert "Accept and join" in page
    client.post(join_url(community), {"agree_to_agreement": "on"})
    assert Membership.objects.filter(community=community, status="active").count() == 1


def test_the_link_opened_in_another_browser_asks_to_sign_in_then_goes_on(
    settings: Any, sign_up: Any
) -> None:
    settings.REQUIRE_VERIFIED_EMAIL = True
    community = CommunityFactory()
    sign_up(f"{SIGNUP}?next={quote(join_url(community))}", newcomer())
    other = Client()
    response = other.get(confirmation_link())
    assert response["Location"] == f"{LOGIN}?next={quote(join_url(community), safe='')}"
    response = other.post(
        response["Location"],
        {"email": "nora@example.org", "password": "a quiet walk in the park"},
    )
    assert response["Location"] == join_url(community)


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_next_off_the_site_never_reaches_the_emailed_link(
    client: Client, settings: Any, sign_up: Any, attack: str
) -> None:
    settings.REQUIRE_VERIFIED_EMAIL = True
    sign_up(SIGNUP, {**newcomer(), "next": attack})
    link = confirmation_link()
    token = link.rstrip("/").rsplit("/", 1)[-1]
    assert "n" not in signing.loads(token, salt="fireside.accounts.verify-email")
    response = client.get(link)
    assert response["Location"] == PROFILE


def test_a_forged_next_in_a_confirmation_link_is_ignored(client: Client) -> None:
    """Even a correctly signed link (as if the key had signed a bad value) is checked on use."""
    from fireside.accounts.tokens import make_verification_token

    user = UserFactory(email_verified_at=None)
    client.force_login(user)
    token = make_verification_token(user, then="https://evil.example/")
    response = client.get(reverse("accounts:verify", args=[token]))
    assert response["Location"] == PROFILE
