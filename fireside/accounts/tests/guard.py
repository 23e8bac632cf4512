"""Accounts' rows for the authorization guard (fireside/lib/tests/test_authorization_guard.py,
persona sets in fireside/lib/tests/guard_rules.py): its URLs, its API routes, and the
objects their path arguments name."""

from __future__ import annotations

from typing import Any

from conftest import World
from fireside.accounts.models import ApiToken, User
from fireside.accounts.photos import stored_name as photo_name
from fireside.lib.tests.guard_rules import (
    ANYONE,
    MEMBERS,
    SIGNED_IN,
    Api,
    Web,
    no_body,
    plant_picture,
)


def guard_values(w: World) -> dict[str, Any]:
    """Mina has an API token; Fay has a photo (her group's members see it)."""
    plant_picture(photo_name("guard-photo", 96), 96, 96)
    User.objects.filter(pk=w.facilitator.pk).update(photo="guard-photo")
    w.facilitator.photo = "guard-photo"
    token = ApiToken.objects.filter(user=w.member, name="Guarded").first()
    if token is None:
        ApiToken.issue(w.member, name="Guarded")
        token = ApiToken.objects.get(user=w.member, name="Guarded")
    return {"token_id": token.pk, "size": 96, "uidb64": "MQ", "token_": "x"}


WEB: Web = {
    "accounts:signup": ("GET", ANYONE),
    "accounts:login": ("GET", ANYONE),
    # The password's owner, remembered in the session, is the key; without it, "start again".
    "accounts:login_code": ("GET", ANYONE),
    "accounts:logout": ("POST", ANYONE),
    "accounts:verify": ("GET", ANYONE),
    "accounts:resend_verification": ("POST", SIGNED_IN),
    "accounts:profile": ("GET", SIGNED_IN),
    "accounts:set_language": ("POST", ANYONE),  # the footer's language switcher
    "accounts:export": ("GET", SIGNED_IN),
    "accounts:two_factor": ("GET", SIGNED_IN),
    "accounts:revoke_token": ("GET", {"member"}),  # its owner only: others get 404
    "accounts:change_email": ("GET", SIGNED_IN),
    # Signed links: the token is the key (the guard's is not one of theirs: 400, no page).
    "accounts:confirm_email_change": ("GET", ANYONE),
    "accounts:cancel_email_change": ("GET", ANYONE),
    "accounts:erase": ("GET", SIGNED_IN),
    "accounts:photo": ("GET", SIGNED_IN),
    "accounts:photo_remove": ("POST", SIGNED_IN),
    # Fay's photo: for who shares a group or a pair with her (Mina), and herself; 404 to
    # everyone else, mentors, coordinators and staff included.
    "accounts:photo_image": ("GET", MEMBERS),
    "accounts:password_reset": ("GET", ANYONE),
    "accounts:password_reset_done": ("GET", ANYONE),
    "accounts:password_reset_confirm": ("GET", ANYONE),
    "accounts:password_reset_complete": ("GET", ANYONE),
}

API: Api = {
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
    ("GET", "/api/v1/me"): (SIGNED_IN, no_body),
    ("PATCH", "/api/v1/me"): (SIGNED_IN, lambda w: {"region": "North"}),
    ("DELETE", "/api/v1/me"): (SIGNED_IN, no_body),
    ("GET", "/api/v1/me/export"): (SIGNED_IN, no_body),
    ("GET", "/api/v1/me/tokens"): (SIGNED_IN, no_body),
    ("DELETE", "/api/v1/me/tokens/{token_id}"): ({"member"}, no_body),  # its owner only
    ("POST", "/api/v1/me/email"): (
        SIGNED_IN,
        lambda w: {"email": "moving-on@example.org", "password": "correct horse battery"},
    ),
}
