"""The v1 API object: authentication, the error shape, pagination."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Annotated, Any, TypeVar, get_type_hints

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer, SessionAuth
from pydantic import ConfigDict, create_model

from fireside.accounts.models import ApiToken, User
from fireside.lib.errors import ActionError, Refused, Unprocessable
from fireside.lib.http import server_error, too_large

logger = logging.getLogger(__name__)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = ApiToken.objects.user_for(token)
        if user is not None:
            request.user = user
        return user


class Session(SessionAuth):
    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


signed_in = [BearerToken(), Session()]

api = NinjaAPI(
    title="Fireside API",
    version="1",
    description=(
        "Communities of practice and peer-mentoring programs. Reference: docs/api.md in the "
        "repository; it extends the published v1 contract (api-v1.md) without breaking it."
    ),
    urls_namespace="api",
    auth=signed_in,
    openapi_url="/openapi.json",
    docs_url="/docs",
)


class _Patch(Schema):
    model_config = ConfigDict(extra="forbid")


def patch_body(name: str, declared: type) -> type[Schema]:
    """A PATCH body built from an app's typed declaration of an input (a TypedDict, such as
    accounts.models.ProfileChange): the same fields and types, each optional, and no other
    field. None is let through so that the endpoint can word its own refusal of null."""
    fields: dict[str, Any] = {
        key: (kind | None, None) for key, kind in get_type_hints(declared).items()
    }
    return create_model(name, __base__=_Patch, **fields)


def caller(request: HttpRequest) -> User | None:
    """The signed-in caller on a route open to anyone; a bad bearer token is still refused."""
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        user = ApiToken.objects.user_for(header[7:].strip())
        if user is None:
            raise AuthenticationError(401, _("That bearer token is not valid. Ask for a new one."))
        return user
    user = getattr(request, "user", None)
    return user if isinstance(user, User) and user.is_authenticated and user.is_active else None


def active_user(user_id: int) -> User:
    """A person named in a request body; unknown ids are well-formed but invalid (422)."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise Unprocessable(
            _("There is no active person with user_id %(user_id)s.") % {"user_id": user_id}
        )
    return user


def me(request: HttpRequest) -> User:
    user = request.auth  # type: ignore[attr-defined]
    if not isinstance(user, User):
        raise AuthenticationError()
    return user


def error(
    request: HttpRequest, status: int, detail: str, errors: Any = None, field: str = ""
) -> HttpResponse:
    body: dict[str, Any] = {"detail": detail}
    if errors:
        body["errors"] = errors
    if field:  # where in the body the problem is, e.g. "questions[2].options"
        body["field"] = field
    return api.create_response(request, body, status=status)


def _validation(request: HttpRequest, exc: Any) -> HttpResponse:
    errors = [
        {"loc": [str(p) for p in e.get("loc", [])], "msg": str(e.get("msg", ""))}
        for e in exc.errors
    ]
    first = errors[0] if errors else {"loc": [], "msg": _("invalid")}
    where = ".".join(p for p in first["loc"] if p not in {"body", "payload", "query", "path"})
    detail = _("The request is not valid: %(value)s%(msg)s.") % {
        "value": where + ": " if where else "",
        "msg": first["msg"],
    }
    return error(request, 400, detail, errors)


def _auth(request: HttpRequest, exc: Any) -> HttpResponse:
    detail = (
        str(exc)
        if str(exc) not in {"Unauthorized", ""}
        else (
            _("Sign in first: send 'Authorization: Bearer <token>' from POST /api/v1/auth/token.")
        )
    )
    return error(request, 401, detail)


def _http(request: HttpRequest, exc: Any) -> HttpResponse:
    return error(request, exc.status_code, str(exc))


def _action(request: HttpRequest, exc: Any) -> HttpResponse:
    return error(request, exc.status, exc.message, exc.errors or None, getattr(exc, "field", ""))


def _refused(request: HttpRequest, exc: Any) -> HttpResponse:
    if exc.status == 404:
        return error(request, 404, _("Not found."))
    return error(request, 403, exc.detail or _("You are not allowed to do this."))


def _too_large(request: HttpRequest, exc: Any) -> HttpResponse:
    return too_large(request)


def _suspicious(request: HttpRequest, exc: Any) -> HttpResponse:
    return error(request, 400, _("The request could not be understood."))


def _unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
    """A bug. In production Django logs it and answers with the JSON 500 of lib/http.py;
    django-ninja's own handler would send the traceback to the client in development."""
    if not settings.DEBUG:
        raise exc
    logger.error("Unhandled exception in %s", request.path, exc_info=exc)
    return server_error(request)


api.add_exception_handler(Exception, _unexpected)
api.add_exception_handler(RequestDataTooBig, _too_large)
api.add_exception_handler(SuspiciousOperation, _suspicious)
api.add_exception_handler(ValidationError, _validation)
api.add_exception_handler(AuthenticationError, _auth)
api.add_exception_handler(HttpError, _http)
api.add_exception_handler(ActionError, _action)
api.add_exception_handler(Refused, _refused)
api.add_exception_handler(Http404, lambda request, exc: error(request, 404, _("Not found.")))
api.add_exception_handler(
    PermissionDenied, lambda request, exc: error(request, 403, _("You are not allowed to do this."))
)


# An id that a query string filters by (?program=), or a body field naming a group. Bounded
# like the databases' 64-bit keys: SQLite cannot even compare a larger number with a foreign
# key column (OverflowError: a 500 before this bound). Other ids stay plain ints: Django's
# primary-key lookups treat an out-of-range number as "no such row" (404 or 422, as documented).
MAX_ID = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_ID)]

# Past any real list, and small enough for every database's integer (a larger OFFSET
# overflows SQLite's and PostgreSQL's 64-bit integers: a 500 before this bound).
MAX_OFFSET = 1_000_000_000


class PageQuery(Schema):
    limit: int = Field(50, ge=1, le=200)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


T = TypeVar("T")


def paginate(
    qs: QuerySet[Any] | list[Any], page: PageQuery, serialize: Callable[[Any], dict[str, Any]]
) -> dict[str, Any]:
    count = qs.count() if isinstance(qs, QuerySet) else len(qs)
    window: Iterable[Any] = qs[page.offset : page.offset + page.limit]
    return {"count": count, "items": [serialize(o) for o in window]}
