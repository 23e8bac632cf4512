"""Two-step sign-in: turning it on with a code from the app, signing in with a code, recovery
codes that work once, turning it off, the limits on wrong codes, and staff who must use it."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from fireside.accounts import actions, two_factor
from fireside.accounts.models import ApiToken, User
from fireside.audit.models import AuditEvent
from fireside.demo.factories import PASSWORD, UserFactory
from fireside.lib.errors import ActionError, InvalidInput, NotAuthenticated, TooMany

pytestmark = pytest.mark.django_db

PAGE = "/accounts/profile/two-step/"
LOGIN = "/accounts/login/"
CODE_PAGE = "/accounts/login/code/"
START = dt.datetime(2026, 9, 1, 9, 0, 0, tzinfo=dt.UTC)


def totp(key: bytes, at: dt.datetime) -> str:
    """RFC 6238 with SHA-1, 30-second steps and 6 digits, written out here so that the test
    does not take django-otp's word for it."""
    counter = int(at.timestamp()) // 30
    mac = hmac.new(key, counter.to_bytes(8, "big"), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = int.from_bytes(mac[offset : offset + 4], "big") & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def device_key(user: User) -> bytes:
    return bytes.fromhex(TOTPDevice.objects.get(user=user).key)


class Clock:
    """A stopped clock that the test moves on (a code verifies once: the next sign-in needs
    the next 30-second step)."""

    def __init__(self, time_machine: Any) -> None:
        self.time_machine = time_machine
        self.now = START
        time_machine.move_to(START, tick=False)

    def later(self, seconds: int) -> dt.datetime:
        self.now += dt.timedelta(seconds=seconds)
        self.time_machine.move_to(self.now, tick=False)
        return self.now


@pytest.fixture
def clock(time_machine: Any) -> Clock:
    return Clock(time_machine)


def signed_in_id(client: Client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def turn_on(user: User) -> list[str]:
    """Two-step sign-in on for `user`, through the actions; returns the recovery codes."""
    two_factor.device_to_set_up(user)
    return two_factor.check_turn_on(user=user, code=totp(device_key(user), START))


def codes_in(page: str) -> list[str]:
    return re.findall(r"<code>([a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4})</code>", page)


# --- Turning it on -----------------------------------------------------------------------------


def test_it_is_turned_on_with_a_code_from_the_key_the_page_shows(
    client: Client, clock: Any
) -> None:
    user = UserFactory()
    client.force_login(user)
    page = client.get(PAGE).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "<path" in svg and "<script" not in svg and "style=" not in svg  # fine under the CSP
    shown = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page)
    assert shown is not None
    key = base64.b32decode(shown.group(1).replace(" ", ""))
    assert key == device_key(user)
    assert client.get(PAGE).content.decode().count(shown.group(1)) == 1  # same key on reload

    response = client.post(PAGE, {"action": "on", "on-code": totp(key, START)})
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    codes = codes_in(response.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert two_factor.is_on(user)
    stored = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(stored) == 10
    # Hashed at rest: neither the codes nor their letters without dashes are stored.
    assert not stored & {c for code in codes for c in (code, code.replace("-", ""))}
    assert AuditEvent.objects.filter(verb="accounts.two_factor_on", actor=user).count() == 1
    # Once on, the page shows neither the key nor the codes again.
    again = client.get(PAGE).content.decode()
    assert "You have 10 unused recovery codes." in again
    assert shown.group(1) not in again and not codes_in(again)


def test_a_wrong_first_code_is_refused_and_nothing_changes(client: Client, clock: Any) -> None:
    user = UserFactory()
    client.force_login(user)
    client.get(PAGE)
    response = client.post(PAGE, {"action": "on", "on-code": wrong(totp(device_key(user), START))})
    assert response.status_code == 200
    assert "That code is not right." in response.content.decode()
    assert not two_factor.is_on(user)
    assert not StaticDevice.objects.filter(user=user).exists()
    assert not AuditEvent.objects.filter(verb="accounts.two_factor_on").exists()


# --- Signing in --------------------------------------------------------------------------------


def test_signing_in_asks_for_the_code_after_the_password(client: Client, clock: Any) -> None:
    user = UserFactory()
    turn_on(user)
    response = client.post(LOGIN, {"email": user.email, "password": PASSWORD, "next": "/hours/"})
    assert response.status_code == 302 and response["Location"] == CODE_PAGE
    assert signed_in_id(client) is None  # the password alone signs nobody in
    assert "Enter your code" in client.get(CODE_PAGE).content.decode()

    at = clock.later(30)
    response = client.post(CODE_PAGE, {"code": wrong(totp(device_key(user), at))})
    assert response.status_code == 200
    assert "That code is not right." in response.content.decode()
    assert signed_in_id(client) is None

    response = client.post(CODE_PAGE, {"code": totp(device_key(user), at)})
    assert response.status_code == 302 and response["Location"] == "/hours/"
    assert signed_in_id(client) == user.pk


def test_a_code_signs_in_only_once(client: Client, clock: Any) -> None:
    user = UserFactory()
    turn_on(user)
    at = clock.later(30)
    code = totp(device_key(user), at)
    client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    assert client.post(CODE_PAGE, {"code": code}).status_code == 302
    other = Client()
    other.post(LOGIN, {"email": user.email, "password": PASSWORD})
    assert "That code is not right." in other.post(CODE_PAGE, {"code": code}).content.decode()
    assert signed_in_id(other) is None


def test_the_code_page_forgets_a_password_after_ten_minutes(client: Client, clock: Any) -> None:
    user = UserFactory()
    turn_on(user)
    client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    at = clock.later(601)
    response = client.post(CODE_PAGE, {"code": totp(device_key(user), at)})
    assert response.status_code == 200
    assert "Sign in again" in response.content.decode()
    assert signed_in_id(client) is None


def test_the_code_page_without_a_password_signs_nobody_in(client: Client) -> None:
    user = UserFactory()
    two_factor.device_to_set_up(user)
    response = client.post(CODE_PAGE, {"code": "123456"})
    assert "Sign in again" in response.content.decode()
    assert signed_in_id(client) is None


def test_a_recovery_code_signs_in_once(client: Client, clock: Any) -> None:
    user = UserFactory()
    codes = turn_on(user)
    client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    # Typed loosely: capitals and spaces instead of dashes.
    response = client.post(CODE_PAGE, {"code": codes[3].upper().replace("-", " ")})
    assert response.status_code == 302
    assert signed_in_id(client) == user.pk
    assert two_factor.recovery_codes_left(user) == 9

    again = Client()
    again.post(LOGIN, {"email": user.email, "password": PASSWORD})
    response = again.post(CODE_PAGE, {"code": codes[3]})
    assert "That code is not right." in response.content.decode()
    assert signed_in_id(again) is None
    assert two_factor.recovery_codes_left(user) == 9


def test_wrong_codes_are_limited_like_wrong_passwords(
    client: Client, clock: Any, settings: Any
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 3
    user = UserFactory()
    turn_on(user)
    client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    at = clock.later(30)
    for _i in range(3):
        assert (
            client.post(CODE_PAGE, {"code": wrong(totp(device_key(user), at))}).status_code == 200
        )
    response = client.post(CODE_PAGE, {"code": totp(device_key(user), at)})
    assert response.status_code == 429
    assert "Too many wrong codes. Wait 15 minutes" in response.content.decode()
    assert signed_in_id(client) is None
    clock.later(16 * 60)
    from django.core.cache import cache

    cache.clear()  # the window passed (the local cache does not follow the moved clock)
    client.post(LOGIN, {"email": user.email, "password": PASSWORD})
    at = clock.later(30)
    assert client.post(CODE_PAGE, {"code": totp(device_key(user), at)}).status_code == 302


@pytest.mark.parametrize(
    "code",
    ["", "   ", "12345", "1234567", "abcdef", "١٢٣٤٥٦", "12 34 5", "x" * 41, "abcd-efgh-ijkl"],
    ids=[
        "empty",
        "spaces",
        "five",
        "seven",
        "letters",
        "arabic-digits",
        "short",
        "long",
        "short-recovery",
    ],
)
def test_what_cannot_be_a_code_is_refused_clearly_and_not_counted(
    clock: Any, settings: Any, code: str
) -> None:
    settings.LOGIN_FAILURE_LIMIT = 1
    user = UserFactory()
    turn_on(user)
    with pytest.raises(InvalidInput) as refused:
        two_factor.check_code(user=user, code=code)
    assert refused.value.message
    assert refused.value.errors["code"]
    # Not counted: the one allowed failure is still there for a real mistake.
    at = clock.later(30)
    with pytest.raises(NotAuthenticated):
        two_factor.check_code(user=user, code=wrong(totp(device_key(user), at)))
    with pytest.raises(TooMany):
        two_factor.check_code(user=user, code=totp(device_key(user), at))


def test_a_nul_in_a_code_is_refused_clearly(clock: Any) -> None:
    user = UserFactory()
    turn_on(user)
    with pytest.raises(InvalidInput):
        two_factor.check_code(user=user, code="12\x003456")


@hypothesis_settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(code=st.text(max_size=50))
def test_no_text_but_a_right_code_gets_through(code: str) -> None:
    user, _created = User.objects.get_or_create(email="hypo@example.org")
    if not two_factor.is_on(user):
        device = two_factor.device_to_set_up(user)
        device.confirmed = True
        device.save()
    from django.core.cache import cache

    cache.clear()
    try:
        two_factor.check_code(user=user, code=code)
    except ActionError as exc:
        assert exc.status in (400, 401)
    else:
        # Only a code the app would show now can pass (one chance in a million by luck).
        key = device_key(user)
        now = dt.datetime.now(dt.UTC)
        near = {totp(key, now + dt.timedelta(seconds=s)) for s in (-30, 0, 30)}
        assert "".join(code.split()).replace("-", "") in near


# --- Turning it off, new recovery codes ----------------------------------------------------------


def test_turning_it_off_needs_a_current_code(client: Client, clock: Any) -> None:
    user = UserFactory()
    turn_on(user)
    client.force_login(user)
    at = clock.later(30)
    response = client.post(PAGE, {"action": "off", "off-code": wrong(totp(device_key(user), at))})
    assert "That code is not right." in response.content.decode()
    assert two_factor.is_on(user)
    response = client.post(PAGE, {"action": "off", "off-code": ""})
    assert "This field is required." in response.content.decode()
    assert two_factor.is_on(user)

    response = client.post(PAGE, {"action": "off", "off-code": totp(device_key(user), at)})
    assert response.status_code == 302
    assert not two_factor.is_on(user)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert AuditEvent.objects.filter(verb="accounts.two_factor_off", actor=user).count() == 1
    # Signing in takes the password alone again.
    other = Client()
    assert other.post(LOGIN, {"email": user.email, "password": PASSWORD})["Location"] == "/"
    assert signed_in_id(other) == user.pk


def test_new_recovery_codes_replace_the_old_ones(client: Client, clock: Any) -> None:
    user = UserFactory()
    old = turn_on(user)
    client.force_login(user)
    at = clock.later(30)
    response = client.post(PAGE, {"action": "codes", "codes-code": totp(device_key(user), at)})
    new = codes_in(response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    with pytest.raises(NotAuthenticated):
        two_factor.check_code(user=user, code=old[0])
    assert two_factor.check_code(user=user, code=new[0]) is not None


def test_an_unknown_action_changes_nothing(client: Client, clock: Any) -> None:
    user = UserFactory()
    client.force_login(user)
    response = client.post(PAGE, {"action": "sideways", "on-code": "123456"})
    assert response.status_code == 400
    assert not two_factor.is_on(user)


def test_erasure_and_export_know_about_it(clock: Any) -> None:
    user = UserFactory()
    turn_on(user)
    assert actions.export_user_data(user=user)["account"]["two_step_sign_in"] is True
    actions.do_erase_user(user=user)
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()


# --- The API's tokens --------------------------------------------------------------------------


def test_an_api_token_needs_the_code_too(client: Client, clock: Any) -> None:
    user = UserFactory()
    turn_on(user)
    url = "/api/v1/auth/token"
    body = {"email": user.email, "password": PASSWORD}
    response = client.post(url, body, content_type="application/json")
    assert response.status_code == 401
    assert "two-step sign-in" in response.json()["detail"]
    at = clock.later(30)
    code = totp(device_key(user), at)
    response = client.post(url, {**body, "code": wrong(code)}, content_type="application/json")
    assert response.status_code == 401
    assert not ApiToken.objects.filter(user=user).exists()
    response = client.post(url, {**body, "code": code}, content_type="application/json")
    assert response.status_code == 200
    token = response.json()["token"]
    # Tokens are issued after the code: using one asks for nothing more.
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200


# --- Staff must use it (production mode) ---------------------------------------------------------


def test_staff_without_it_are_sent_to_set_it_up_first(client: Client, settings: Any) -> None:
    settings.REQUIRE_STAFF_2FA = True
    staff = UserFactory(is_staff=True)
    member = UserFactory()
    client.force_login(staff)
    for path in ["/", "/accounts/profile/", reverse("programs:create"), "/admin/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"] == PAGE, path
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Staff must turn on two-step sign-in" in page.content.decode()
    api = client.get("/api/v1/me")
    assert api.status_code == 403
    assert "two-step sign-in" in api.json()["detail"]
    assert client.post("/accounts/logout/").status_code == 302  # signing out still works

    client.force_login(member)
    assert client.get("/").status_code == 200  # others choose for themselves


def test_staff_reach_everything_once_it_is_on(client: Client, settings: Any, clock: Any) -> None:
    settings.REQUIRE_STAFF_2FA = True
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    client.get(PAGE)
    client.post(PAGE, {"action": "on", "on-code": totp(device_key(staff), START)})
    assert two_factor.is_on(staff)
    assert client.get("/").status_code == 200


def test_staff_without_it_get_no_api_token_but_old_tokens_work(
    client: Client, settings: Any
) -> None:
    staff = UserFactory(is_staff=True)
    old_token = ApiToken.issue(staff)
    settings.REQUIRE_STAFF_2FA = True
    body = {"email": staff.email, "password": PASSWORD}
    response = client.post("/api/v1/auth/token", body, content_type="application/json")
    assert response.status_code == 403
    assert "two-step sign-in" in response.json()["detail"]
    me = client.get("/api/v1/me", headers={"Authorization": f"Bearer {old_token}"})
    assert me.status_code == 200


def test_it_is_not_required_outside_production_by_default(client: Client) -> None:
    from django.conf import settings

    assert settings.REQUIRE_STAFF_2FA is False  # FIRESIDE_ENV is development in tests
    client.force_login(UserFactory(is_staff=True))
    assert client.get("/").status_code == 200


def test_the_admin_signs_in_through_fireside(client: Client) -> None:
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"{LOGIN}?next=/admin/")


def test_the_admin_shows_no_key(client: Client, clock: Any) -> None:
    staff = UserFactory(is_staff=True, is_superuser=True)
    turn_on(staff)
    client.force_login(staff)
    device = TOTPDevice.objects.get(user=staff)
    page = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert page.count(device.key) == 0
    assert base64.b32encode(device.bin_key).decode().rstrip("=") not in page


@pytest.mark.parametrize(
    ("env", "required"), [({}, "True"), ({"REQUIRE_STAFF_2FA": "false"}, "False")]
)
def test_production_mode_requires_it_of_staff_by_default(
    env: dict[str, str], required: str
) -> None:
    import os
    import subprocess
    import sys
    from pathlib import Path

    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECRET_KEY", "DEBUG", "REQUIRE_STAFF_2FA"))
    }
    clean.update(
        FIRESIDE_ENV="production",
        SECRET_KEY="a-long-production-secret-0123456789-abcdefghij",
        ALLOWED_HOSTS="fireside.example.org",
        DJANGO_SETTINGS_MODULE="fireside.settings",
        **env,
    )
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; print(settings.REQUIRE_STAFF_2FA)",
        ],
        cwd=Path(__file__).resolve().parents[3],
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == required
