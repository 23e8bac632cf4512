"""What the accounts app stores about a person (see fireside/accounts/personal_data.py)."""

from __future__ import annotations

import re
from typing import Any

from fireside.accounts import photos, two_factor
from fireside.accounts.faces import LARGE, photo_url
from fireside.accounts.models import PROFILE_FIELDS, User
from fireside.accounts.personal_data import Claim, Exempt, Section, plain, register, rows

FORMER_MEMBER = "A former member"  # as the admin log is kept: in English

# The profile fields, the addresses and the time zone: what describes the person.
USER_TEXT = (
    "name",
    "pronouns",
    "role_type",
    "role_type_requested",
    "region",
    "interests",
    "availability",
    "availability_slots",
    "accessibility_needs",
    "timezone",
    "email",
    "pending_email",
    "photo",
)


def export_account(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        **{name: getattr(user, name) for name in PROFILE_FIELDS},
        "email": user.email,
        "email_verified_at": plain(user.email_verified_at),
        "pending_email": user.pending_email,
        "role_type_requested": user.role_type_requested,
        "role_type_requested_at": plain(user.role_type_requested_at),
        "two_step_sign_in": two_factor.is_on(user),
        "date_joined": plain(user.date_joined),
        "last_login": plain(user.last_login),
        "is_staff": user.is_staff,
        # The photo itself is a picture, not data to read: its address (the only copy we
        # keep is the square at two sizes, without metadata), or nothing.
        "photo": photo_url(user, LARGE) if user.photo else None,
    }


def erase_for(user: User) -> None:
    """Sign-in secrets go, and the admin's history stops naming the person (entries keep
    what was done, by whom, to which row). The user row itself is anonymised last, by
    `do_erase_user`."""
    from django.contrib.admin.models import LogEntry

    user.api_tokens.all().delete()
    photos.do_remove_photo(user=user, audit=False)  # its files go once erasure commits
    two_factor.do_remove_for_erasure(user=user)
    names = {n for n in (user.name, user.email, user.pending_email) if n}
    for name in sorted(names, key=len, reverse=True):
        found = re.compile(re.escape(name), re.IGNORECASE)
        for entry in LogEntry.objects.filter(object_repr__icontains=name):
            entry.object_repr = found.sub(FORMER_MEMBER, entry.object_repr)
            entry.save(update_fields=["object_repr"])


def register_all() -> None:
    register(
        app="accounts",
        sections=(
            Section(
                "account",
                export_account,
                claims=(
                    Claim("accounts.User", text=USER_TEXT),
                    # Exported as whether two-step sign-in is on; never the key or the codes.
                    Claim("otp_totp.TOTPDevice", people=("user",)),
                    Claim("otp_static.StaticDevice", people=("user",)),
                ),
            ),
            Section(
                "api_tokens",
                lambda user: rows(user.api_tokens.all(), "name", "created_at", "last_used_at"),
                claims=(Claim("accounts.ApiToken", ("user",), ("name",)),),
            ),
        ),
        exempt=(
            Exempt("accounts.User", ("password",), "A hash: it says nothing about the person."),
            Exempt("accounts.ApiToken", ("key_hash",), "A hash of a secret shown once."),
            Exempt(
                "accounts.ApiToken",
                ("password_stamp",),
                "A keyed hash of the password hash: it ends the token when the password changes.",
            ),
            Exempt(
                "otp_totp.TOTPDevice",
                ("name", "key"),
                "The authenticator's secret key and Fireside's own label for it.",
            ),
            Exempt("otp_static.StaticDevice", ("name",), "Fireside's own label for the codes."),
            Exempt(
                "admin.LogEntry",
                ("user", "object_id", "object_repr", "change_message"),
                "What staff did in the Django admin, kept as the site's history; it records "
                "the staff member's actions, not their person. Erasure takes the person's "
                "name out of the entries about them.",
            ),
        ),
        erase=erase_for,
        erase_order=60,
    )
