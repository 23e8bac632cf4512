from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Unpack

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.accounts import api_tokens, availability, personal_data, role_types
from fireside.accounts.models import (
    ERASED_DOMAIN,
    PROFILE_FIELDS,
    ApiToken,
    ProfileChange,
    User,
)
from fireside.accounts.tokens import make_verification_token
from fireside.lib import ratelimit
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAuthenticated, TooMany
from fireside.lib.mail import send_templated
from fireside.lib.text import clean_text, count, storable
from fireside.lib.validators import time_zones

FLAGS = ("share_accessibility_needs",)  # yes-or-no profile fields; the others are text
INTEREST_LIMIT = 20
INTEREST_MAX = 60  # characters in one interest
EMAIL_MAX_LENGTH = 254  # User.email's column


def _clean_email(email: str) -> str:
    email = storable("email", email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        email = ""
    if not email or len(email) > EMAIL_MAX_LENGTH:
        raise InvalidInput(
            _("Enter a valid email address, like name@example.org."),
            {"email": [_("Enter a valid email address.")]},
        )
    return email


def _clean_interests(interests: object) -> list[str]:
    if not isinstance(interests, list) or not all(isinstance(i, str) for i in interests):
        raise InvalidInput(_("interests must be a list of short words or phrases."))
    cleaned = [storable("interests", i).strip() for i in interests]
    for interest in cleaned:
        if len(interest) > INTEREST_MAX:
            message = _(
                "“%(start)s…” is %(length)s characters; each interest has at most %(limit)s. "
                "Shorten it and send it again."
            ) % {"start": interest[:20], "length": count(len(interest)), "limit": INTEREST_MAX}
            raise InvalidInput(message, {"interests": [message]})
    cleaned = list(dict.fromkeys(i for i in cleaned if i))
    if len(cleaned) > INTEREST_LIMIT:
        raise InvalidInput(_("List at most %(limit)d interests.") % {"limit": INTEREST_LIMIT})
    return cleaned


def _clean_profile(fields: Mapping[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    cleaned = dict(fields)
    if "role_type" in cleaned and not (
        isinstance(cleaned["role_type"], str) and role_types.is_known(cleaned["role_type"])
    ):
        codes = [code for code, _label in role_types.choices()]
        raise InvalidInput(
            _("role_type must be one of: %(choices)s.") % {"choices": ", ".join(codes)},
            {"role_type": [_("Choose one of the listed role types.")]},
        )
    if cleaned.get("timezone") and cleaned["timezone"] not in time_zones():
        raise InvalidInput(
            _("timezone must be a time zone name such as America/Vancouver, or empty."),
            {"timezone": [_("Unknown time zone.")]},
        )
    languages = [code for code, _name in settings.LANGUAGES]
    if cleaned.get("language") and cleaned["language"] not in languages:
        raise InvalidInput(
            _("language must be one of: %(choices)s, or empty.")
            % {"choices": ", ".join(languages)},
            {"language": [_("Choose one of the listed languages.")]},
        )
    if "interests" in cleaned:
        cleaned["interests"] = _clean_interests(cleaned["interests"])
    if "availability_slots" in cleaned:
        cleaned["availability_slots"] = availability.clean_slots(cleaned["availability_slots"])
    for key in FLAGS:
        if key in cleaned and not isinstance(cleaned[key], bool):
            raise InvalidInput(_("%(field)s must be true or false.") % {"field": key})
    return _clean_texts(cleaned)


def _clean_texts(cleaned: dict[str, Any]) -> dict[str, Any]:
    for key, value in cleaned.items():
        if key in {"interests", "availability_slots"} or key in FLAGS:
            continue
        limit = getattr(User._meta.get_field(key), "max_length", None)
        cleaned[key] = clean_text(value, key, limit)
    return cleaned


def check_register_user(
    *,
    email: str,
    password: str,
    name: str,
    role_type: str,
    ip: str = "",
    then: str = "",
    verified: bool = False,
    **profile: Any,
) -> User:
    """Make an account. `then`: a page of this site (already checked by the caller) that
    the confirmation link leads on to, so joining a group keeps its thread. `verified`: the
    address is known to be theirs already (they came by a link emailed to it, such as an
    invitation), so no confirmation link is sent."""
    email = _clean_email(email)
    fields = _clean_profile({"name": name, "role_type": role_type, **profile})
    if not fields["name"]:
        raise InvalidInput(
            _("Tell us your name: it is how your group will know you."),
            {"name": [_("This field is required.")]},
        )
    storable("password", password or "")
    # Counted before the password is checked and hashed and the email sent, so that a burst
    # of sign-ups from one client does no more than the limit's worth of that work.
    if not ratelimit.attempt("register-ip", ip, settings.REGISTRATION_CLIENT_LIMIT, 3600):
        raise TooMany(_("Too many requests from your network in the last hour. Try again later."))
    try:
        validate_password(password or "", User(email=email, name=fields["name"]))
    except ValidationError as exc:
        raise InvalidInput(" ".join(exc.messages), {"password": list(exc.messages)}) from exc
    if User.objects.filter(email__iexact=email).exists():
        raise Conflict(_("An account with this email address already exists. Sign in instead."))
    try:
        with transaction.atomic():
            user = User.objects.create_user(
                email=email,
                password=password,
                email_verified_at=timezone.now() if verified else None,
                **fields,
            )
            record(user, "accounts.register", user)
            if not verified:
                send_verification_email(user, then=then)
    except IntegrityError as exc:  # a racing sign-up with the same address
        raise Conflict(
            _("An account with this email address already exists. Sign in instead.")
        ) from exc
    return user


def send_verification_email(user: User, then: str = "") -> None:
    from django.urls import reverse

    token = make_verification_token(user, then=then)
    link = settings.SITE_URL + reverse("accounts:verify", args=[token])
    send_templated("verify_email", {"user": user, "link": link}, user.email)


def do_verify_email(*, user: User) -> None:
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        record(user, "accounts.verify_email", user)


def check_credentials(*, email: str, password: str, ip: str = "") -> User:
    """Authenticate, counting failures per address and per client to slow guessing."""
    email = storable("email", email or "").strip().lower()
    storable("password", password or "")
    limit = settings.LOGIN_FAILURE_LIMIT
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    # Counted before the password hash is checked, so that of parallel guesses only the
    # first `limit` are checked; a right password takes its attempt back.
    if not ratelimit.attempt("login", email, limit, window):
        raise TooMany(
            _("Too many failed sign-in attempts. Wait 15 minutes, or reset your password.")
        )
    if not ratelimit.attempt("login-ip", ip, limit * 4, window):
        ratelimit.refund("login", email)
        raise TooMany(
            _("Too many failed sign-in attempts. Wait 15 minutes, or reset your password.")
        )
    user = authenticate(username=email, password=password or "")
    if user is None:
        raise NotAuthenticated(_("That email and password do not match an account."))
    ratelimit.clear("login", email)
    ratelimit.refund("login-ip", ip)
    if not isinstance(user, User):
        raise NotAuthenticated(_("That email and password do not match an account."))
    return user


def check_password_reset(*, email: str, ip: str = "") -> bool:
    """Count a request for a password-reset email, before it is sent. Past the per-client
    limit the request is refused (429): that says nothing about any account. Past the
    per-address limit it is False: no email goes out, and the page gives the same neutral
    answer as ever, so the limit does not tell whether the address has an account."""
    if not ratelimit.attempt("reset-ip", ip, settings.PASSWORD_RESET_CLIENT_LIMIT, 3600):
        raise TooMany(_("Too many requests from your network in the last hour. Try again later."))
    address = (email or "").strip().lower()
    return ratelimit.attempt("reset", address, settings.PASSWORD_RESET_EMAIL_LIMIT, 3600)


def do_note_password_reset(*, user: User) -> None:
    """A password chosen through the emailed link lifts the sign-in limit, as its refusal says."""
    ratelimit.clear("login", user.email)
    record(user, "accounts.reset_password", user)
    api_tokens.do_revoke_all_tokens(user=user, why="password_reset")


def do_issue_token(*, user: User, name: str = "") -> str:
    name = (name or "").strip()
    if len(name) > api_tokens.NAME_MAX:
        raise InvalidInput(
            _("A token's name has at most %(max)s characters.") % {"max": api_tokens.NAME_MAX}
        )
    raw = ApiToken.issue(user, name=name)
    record(user, "accounts.issue_token", user)
    return raw


def check_update_profile(*, user: User, **fields: Unpack[ProfileChange]) -> User:
    """Change what a person may change about themselves (accounts.models.ProfileChange): the
    web form and the API's PATCH /me both call this; fields left out stay as they are."""
    cleaned = _clean_profile(fields)
    if "name" in cleaned and not cleaned["name"]:
        raise InvalidInput(
            _("Your name cannot be empty."), {"name": [_("This field is required.")]}
        )
    with transaction.atomic():
        _request_role_type(user, cleaned)
        for key, value in cleaned.items():
            setattr(user, key, value)
        user.save(update_fields=list(cleaned) or None)
        record(user, "accounts.update_profile", user, fields=sorted(cleaned))
    return user


def _request_role_type(user: User, cleaned: dict[str, Any]) -> None:
    """Once a person is in a group, their role type changes only when a coordinator confirms
    it, so a new role never opens another role's group on its own: the change becomes a
    request (or withdraws one, when they give their confirmed role again)."""
    wanted = cleaned.get("role_type")
    if wanted is None or not role_types.locked(user):
        if wanted is not None and user.role_type_requested:
            cleaned.update(role_type_requested="", role_type_requested_at=None)
        return
    del cleaned["role_type"]
    if wanted == user.role_type:
        if user.role_type_requested:
            cleaned.update(role_type_requested="", role_type_requested_at=None)
            record(user, "accounts.role_type_withdraw", user)
        return
    if wanted != user.role_type_requested:
        cleaned.update(role_type_requested=wanted, role_type_requested_at=timezone.now())
        record(user, "accounts.role_type_request", user, role_type=wanted)


# --- Changing the email address ---------------------------------------------------------------


def _support_address() -> str:
    from email.utils import parseaddr

    return settings.SUPPORT_EMAIL or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]


def check_request_email_change(*, user: User, email: str, password: str, ip: str = "") -> User:
    """Ask to move the account to a new address. Nothing changes until the link sent to the
    new address is opened; the old address is told, with a link to stop it. The current
    password is asked for (and counted like a sign-in), so an open session is not enough."""
    new_email = _clean_email(email)
    if new_email == user.email.lower():
        raise InvalidInput(
            _("That is already your email address."),
            {"email": [_("That is already your email address.")]},
        )
    try:
        check_credentials(email=user.email, password=password, ip=ip)
    except NotAuthenticated as exc:
        message = _("That is not your current password.")
        raise InvalidInput(message, {"password": [message]}) from exc
    if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
        message = _("Another account already uses this email address.")
        raise Conflict(message, {"email": [message]})
    from django.urls import reverse

    from fireside.accounts.tokens import make_email_change_tokens

    with transaction.atomic():
        user.pending_email = new_email
        user.save(update_fields=["pending_email"])
        confirm, cancel = make_email_change_tokens(user, new_email)
        hours = settings.EMAIL_CHANGE_MAX_AGE_SECONDS // 3600
        send_templated(
            "email_change_confirm",
            {
                "user": user,
                "link": settings.SITE_URL
                + reverse("accounts:confirm_email_change", args=[confirm]),
                "hours": hours,
            },
            new_email,
            recipient=user,
        )
        send_templated(
            "email_change_notice",
            {
                "user": user,
                "new_email": new_email,
                "link": settings.SITE_URL + reverse("accounts:cancel_email_change", args=[cancel]),
                "support": _support_address(),
                "hours": hours,
            },
            user.email,
        )
        record(user, "accounts.request_email_change", user)
    return user


def do_confirm_email_change(*, user: User, old_email: str, new_email: str) -> User:
    """The link sent to the new address was opened: the account moves to it, if that change
    is still the one waiting (not stopped from the old address, not replaced by another)."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if user.email == new_email:
            return user  # opened twice: done already
        if user.pending_email != new_email or user.email != old_email:
            raise Conflict(
                _(
                    "This change of email address is no longer waiting: it was stopped, or "
                    "another address was asked for since."
                )
            )
        if User.objects.filter(email__iexact=new_email).exclude(pk=user.pk).exists():
            raise Conflict(_("Another account already uses this email address."))
        user.email = new_email
        user.pending_email = ""
        user.email_verified_at = timezone.now()
        try:
            with transaction.atomic():
                user.save(update_fields=["email", "pending_email", "email_verified_at"])
        except IntegrityError as exc:  # an account made with that address just now
            raise Conflict(_("Another account already uses this email address.")) from exc
        record(user, "accounts.change_email", user)
    return user


def do_cancel_email_change(*, user: User, new_email: str | None = None, via: str) -> bool:
    """Stop a waiting change (all of them, or the one to new_email). via: "profile" (the
    person, signed in) or "old_address" (the link in the notice). True if one was waiting."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        if not user.pending_email or (new_email is not None and user.pending_email != new_email):
            return False
        user.pending_email = ""
        user.save(update_fields=["pending_email"])
        record(user, "accounts.cancel_email_change", user, via=via)
    return True


def export_user_data(*, user: User) -> dict[str, Any]:
    """Everything Fireside stores about this person, their own content included: every
    section registered in fireside.accounts.personal_data, by the app that stores it."""
    return personal_data.export(user)


def do_export(*, user: User, via: str) -> dict[str, Any]:
    """A person downloads what Fireside stores about them; the audit log notes that they
    did (and how: "web" or "api"), not what it held."""
    data = export_user_data(user=user)
    record(user, "accounts.export", user, via=via)
    return data


def do_erase_user(*, user: User) -> None:
    """Remove personal data. The row stays (anonymised) so shared history keeps its shape:
    every app registered in fireside.accounts.personal_data erases or anonymises what it
    stores, in order, then the row itself forgets who the person was."""
    with transaction.atomic():
        personal_data.erase(user)
        user.email = f"erased-{user.pk}{ERASED_DOMAIN}"
        user.pending_email = ""
        user.role_type_requested = ""
        user.role_type_requested_at = None
        user.timezone = ""
        user.language = ""
        user.name = ""
        user.pronouns = ""
        user.region = ""
        user.interests = []
        user.availability = ""
        user.availability_slots = []
        user.accessibility_needs = ""
        user.photo = ""
        user.share_accessibility_needs = False
        user.is_active = False
        user.is_staff = False
        user.is_superuser = False
        user.set_unusable_password()
        user.save()
        record(None, "accounts.erase", user)
