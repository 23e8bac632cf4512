from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from fireside.accounts import actions, api_tokens, two_factor
from fireside.accounts.models import ApiToken, ProfileChange, User
from fireside.api.core import PageQuery, me, paginate, patch_body
from fireside.lib.errors import InvalidInput
from fireside.lib.http import client_ip

router = Router(tags=["accounts"])


class RegisterIn(Schema):
    email: str
    password: str
    name: str
    role_type: str
    # Optional: "en" or "fr-ca"; empty follows the browser on the web.
    language: str = ""


class RegisterOut(Schema):
    id: int
    email: str
    name: str
    role_type: str


class TokenIn(Schema):
    email: str
    password: str
    # When the account has two-step sign-in on: the 6-digit code from its authenticator app,
    # or one of its recovery codes. Without it such an account gets 401.
    code: str = ""
    # Optional, to tell one's tokens apart (e.g. "Reporting script"): at most 100 characters.
    name: str = ""


class TokenOut(Schema):
    token: str


class MeOut(Schema):
    id: int
    email: str
    name: str
    role_type: str
    region: str
    interests: list[str]
    is_staff: bool
    pronouns: str
    availability: str
    # Extension (docs/api.md): when the person is usually free, codes such as "tue-evening".
    availability_slots: list[str]
    accessibility_needs: str
    # Whether the facilitators of the person's groups see accessibility_needs (default no).
    share_accessibility_needs: bool
    timezone: str
    language: str
    email_verified: bool
    # A new address asked for (POST /api/v1/me/email) and not yet confirmed; else "".
    pending_email: str
    # A change of role type asked for once in a group, waiting for a coordinator; else "".
    role_type_requested: str


class EmailChangeIn(Schema):
    email: str
    password: str


class EmailChangeOut(Schema):
    email: str
    pending_email: str


# The profile's fields and types are declared once, in accounts.models.ProfileChange.
if TYPE_CHECKING:
    MePatch = Schema
else:
    MePatch = patch_body("MePatch", ProfileChange)


def _me(user: User) -> dict[str, Any]:
    return {
        "id": user.pk,
        "email": user.email,
        "name": user.name,
        "role_type": user.role_type,
        "region": user.region,
        "interests": user.interests,
        "is_staff": user.is_staff,
        "pronouns": user.pronouns,
        "availability": user.availability,
        "availability_slots": list(user.availability_slots or []),
        "accessibility_needs": user.accessibility_needs,
        "share_accessibility_needs": user.share_accessibility_needs,
        "timezone": user.timezone,
        "language": user.language,
        "email_verified": user.email_verified,
        "pending_email": user.pending_email,
        "role_type_requested": user.role_type_requested,
    }


@router.post("/auth/register", auth=None, response={201: RegisterOut})
def register(request: HttpRequest, payload: RegisterIn) -> Status:
    user = actions.check_register_user(**payload.dict(), ip=client_ip(request))
    return Status(201, user)


@router.post("/auth/token", auth=None, response=TokenOut)
def token(request: HttpRequest, payload: TokenIn) -> dict[str, str]:
    ip = client_ip(request)
    user = actions.check_credentials(email=payload.email, password=payload.password, ip=ip)
    two_factor.check_token_sign_in(user=user, code=payload.code, ip=ip)
    return {"token": actions.do_issue_token(user=user, name=payload.name)}


@router.get("/me", response=MeOut)
def get_me(request: HttpRequest) -> dict[str, Any]:
    return _me(me(request))


@router.patch("/me", response=MeOut)
def patch_me(request: HttpRequest, payload: MePatch) -> dict[str, Any]:
    fields = payload.model_dump(exclude_unset=True)
    if any(v is None for v in fields.values()):
        raise InvalidInput(_("Fields cannot be set to null; send an empty string or list instead."))
    return _me(actions.check_update_profile(user=me(request), **fields))


@router.post("/me/email", response={202: EmailChangeOut})
def change_email(request: HttpRequest, payload: EmailChangeIn) -> Status:
    """Ask to move the account to a new address, with the current password. Nothing changes
    until the link emailed to the new address is opened; the old address is told, with a
    link to stop it. 202: `email` is still the current address, `pending_email` the new one."""
    user = actions.check_request_email_change(
        user=me(request),
        email=payload.email,
        password=payload.password,
        ip=client_ip(request),
    )
    return Status(202, {"email": user.email, "pending_email": user.pending_email})


@router.get("/me/export")
def export_me(request: HttpRequest) -> dict[str, Any]:
    return actions.do_export(user=me(request), via="api")


@router.delete("/me", response={204: None})
def delete_me(request: HttpRequest) -> Status:
    actions.do_erase_user(user=me(request))
    return Status(204, None)


def _token(t: ApiToken) -> dict[str, Any]:
    return {"id": t.pk, "name": t.name, "created_at": t.created_at, "last_used_at": t.last_used_at}


@router.get("/me/tokens")
def list_tokens(request: HttpRequest, page: Query[PageQuery]) -> dict[str, Any]:
    """The caller's API tokens that still work, newest first: never their value, which is
    shown once, when made. `last_used_at` is exact to about a minute."""
    return paginate(api_tokens.tokens_of(me(request)), page, _token)


@router.delete("/me/tokens/{token_id}", response={204: None})
def revoke_token(request: HttpRequest, token_id: int) -> Status:
    """Revoke one of the caller's tokens (the one in use too); 404 for anyone else's."""
    user = me(request)
    api_tokens.do_revoke_token(user=user, token=api_tokens.token_of(user, token_id))
    return Status(204, None)
