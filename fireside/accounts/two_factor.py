"""Two-step sign-in: a TOTP authenticator app (django-otp's TOTPDevice) and ten single-use
recovery codes (django-otp's StaticDevice, holding only a hash of each code).

It is on for a person once their TOTP device is confirmed with a first code. Then signing in
asks for a code after the password (on the web and for an API token); turning it off, or
making new recovery codes, needs a current code. Wrong codes are counted like wrong
passwords (LOGIN_FAILURE_LIMIT per LOGIN_FAILURE_WINDOW_SECONDS, per person and per client).
With REQUIRE_STAFF_2FA (on in production mode) staff who have not turned it on are sent to
set it up before anything else (StaffTwoFactorMiddleware).
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from collections.abc import Callable
from typing import Any

import segno
from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from fireside.accounts.models import User
from fireside.lib import ratelimit
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, NotAuthenticated, TooMany
from fireside.lib.text import storable

RECOVERY_CODE_COUNT = 10
# 16 characters from 31 that cannot be mistaken for each other (no i, l, o, 0, 1): 79 bits.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 16
CODE_MAX_LENGTH = 40  # anything longer is not a code, whatever its spaces and dashes
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def is_on(user: Any) -> bool:
    """Whether this person signs in with a code after their password."""
    if not getattr(user, "pk", None):
        return False
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def staff_must_turn_on(user: Any) -> bool:
    return bool(settings.REQUIRE_STAFF_2FA and getattr(user, "is_staff", False) and not is_on(user))


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# --- Codes -----------------------------------------------------------------------------------


def _hash_recovery(code: str) -> str:
    """What is stored for a recovery code: 80 bits of its SHA-256, in StaticToken's 16
    characters. The codes are random (79 bits), so the hash cannot be walked back."""
    digest = hashlib.sha256(code.encode()).digest()
    return base64.b32encode(digest).decode()[:16].lower()


def _new_recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _i in range(RECOVERY_LENGTH))


def display_recovery_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def _clean_code(code: object) -> tuple[str, str]:
    """("totp" or "recovery", the code as stored or checked), or a clear refusal."""
    if not isinstance(code, str):
        raise InvalidInput(_("The code must be text."), {"code": [_("Enter a code.")]})
    raw = storable("code", code)
    if len(raw) > CODE_MAX_LENGTH:
        raise InvalidInput(
            _("That is too long for a code."), {"code": [_("That is too long for a code.")]}
        )
    cleaned = "".join(raw.split()).replace("-", "").lower()
    if not cleaned:
        raise InvalidInput(
            _("Enter the 6-digit code your authenticator app shows, or a recovery code."),
            {"code": [_("This field is required.")]},
        )
    if len(cleaned) == 6 and cleaned.isascii() and cleaned.isdigit():
        return "totp", cleaned
    if len(cleaned) == RECOVERY_LENGTH and all(c in RECOVERY_ALPHABET for c in cleaned):
        return "recovery", cleaned
    message = _(
        "A code is the 6 digits your authenticator app shows, or one of your recovery codes "
        "(16 letters and digits)."
    )
    raise InvalidInput(message, {"code": [message]})


def _count_attempt(user: User, ip: str) -> None:
    """Count the attempt before the code is checked (so parallel guesses cannot all pass
    the limit), outside any transaction: a rolled-back one would undo a database count."""
    limit = settings.LOGIN_FAILURE_LIMIT
    window = settings.LOGIN_FAILURE_WINDOW_SECONDS
    allowed = ratelimit.attempt("otp", str(user.pk), limit, window)
    if allowed and not ratelimit.attempt("login-ip", ip, limit * 4, window):
        ratelimit.refund("otp", str(user.pk))
        allowed = False
    if not allowed:
        minutes = max(1, window // 60)
        raise TooMany(
            _("Too many wrong codes. Wait %(minutes)d minutes, then try again.")
            % {"minutes": minutes}
        )


def _right_code(user: User, ip: str) -> None:
    ratelimit.clear("otp", str(user.pk))
    ratelimit.refund("login-ip", ip)


def _wrong_code() -> NotAuthenticated:
    message = _(
        "That code is not right. Codes change every 30 seconds: enter the one your app shows "
        "now. A recovery code works only once."
    )
    return NotAuthenticated(message, {"code": [message]})


def _verify(user: User, code: str, *, totp_confirmed: bool = True) -> Any:
    """The device that accepts the code (a recovery code is used up), else None."""
    kind, cleaned = _clean_code(code)
    with transaction.atomic():
        if kind == "totp":
            devices = TOTPDevice.objects.select_for_update().filter(
                user=user, confirmed=totp_confirmed
            )
            # A code verifies once: the device remembers its time step (django-otp's last_t).
            return next((d for d in devices if d.verify_token(cleaned)), None)
        if not totp_confirmed:
            return None  # confirming the app takes a code from the app
        for device in StaticDevice.objects.select_for_update().filter(user=user, confirmed=True):
            if device.verify_token(_hash_recovery(cleaned)):  # deletes the matching token
                return device
    return None


def check_code(*, user: User, code: str, ip: str = "") -> Any:
    """A person proves they hold their second factor: a current app code or an unused
    recovery code. Wrong codes count towards the same limit as wrong passwords."""
    _clean_code(code)  # what cannot be a code is refused without counting
    _count_attempt(user, ip)
    device = _verify(user, code)
    if device is None:
        raise _wrong_code()
    _right_code(user, ip)
    return device


def check_token_sign_in(*, user: User, code: str | None, ip: str = "") -> None:
    """POST /api/v1/auth/token after the password: the code too when two-step sign-in is on;
    staff who must use it and have not turned it on get no token."""
    if is_on(user):
        if not code:
            raise NotAuthenticated(
                _(
                    "This account uses two-step sign-in: send the 6-digit code from its "
                    "authenticator app (or a recovery code) as `code`."
                )
            )
        check_code(user=user, code=code, ip=ip)
    elif staff_must_turn_on(user):
        raise NotAllowed(
            _("Staff must turn on two-step sign-in first: sign in on the web to set it up.")
        )


# --- Turning it on and off -------------------------------------------------------------------


def device_to_set_up(user: User) -> TOTPDevice:
    """The app key this person is setting up: the same one until they confirm it, so that
    reloading the page does not change the QR code they are scanning."""
    if is_on(user):
        raise Conflict(_("Two-step sign-in is already on."))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def setup_key(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    text = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// address as an inline SVG QR code (no script, no inline style)."""
    code = segno.make(device.config_url, error="m")
    return str(
        code.svg_inline(
            scale=5, border=3, light="#fff", title=_("QR code for your authenticator app")
        )
    )


def _make_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [_new_recovery_code() for _i in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=_hash_recovery(code)) for code in codes]
    )
    return [display_recovery_code(code) for code in codes]


def check_turn_on(*, user: User, code: str, ip: str = "") -> list[str]:
    """Confirm the app with its first code. Returns the ten recovery codes, to show once."""
    if is_on(user):
        raise Conflict(_("Two-step sign-in is already on."))
    if not TOTPDevice.objects.filter(user=user, confirmed=False).exists():
        raise InvalidInput(_("Open the two-step sign-in page again to get a new key."))
    _clean_code(code)
    _count_attempt(user, ip)
    with transaction.atomic():
        device = _verify(user, code, totp_confirmed=False)
        if device is None:
            raise _wrong_code()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        codes = _make_recovery_codes(user)
        record(user, "accounts.two_factor_on", user)
    _right_code(user, ip)
    return codes


def check_turn_off(*, user: User, code: str, ip: str = "") -> None:
    if not is_on(user):
        raise Conflict(_("Two-step sign-in is already off."))
    check_code(user=user, code=code, ip=ip)  # outside the transaction: a wrong code counts
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record(user, "accounts.two_factor_off", user)


def check_new_recovery_codes(*, user: User, code: str, ip: str = "") -> list[str]:
    """Replace the recovery codes (the old ones stop working). Needs a current code."""
    if not is_on(user):
        raise Conflict(_("Turn on two-step sign-in first."))
    check_code(user=user, code=code, ip=ip)  # outside the transaction: a wrong code counts
    with transaction.atomic():
        codes = _make_recovery_codes(user)
        record(user, "accounts.recovery_codes", user)
    return codes


def do_remove_for_erasure(*, user: User) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


# --- Staff must have it ----------------------------------------------------------------------


class StaffTwoFactorMiddleware:
    """With REQUIRE_STAFF_2FA, a signed-in staff member without two-step sign-in reaches only
    its set-up page (and signing out, and the language switcher) until they turn it on. API
    calls with a bearer token are not signed in here: the token was issued after the code."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.REQUIRE_STAFF_2FA
            and user is not None
            and user.is_authenticated
            and user.is_staff
            and request.path not in _open_paths()
            and not is_on(user)
        ):
            message = _("Staff must turn on two-step sign-in before anything else.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=403)
            return redirect("accounts:two_factor")
        return self.get_response(request)


def _open_paths() -> set[str]:
    return {
        reverse("accounts:two_factor"),
        reverse("accounts:logout"),
        reverse("accounts:set_language"),
    }
