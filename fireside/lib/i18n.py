"""Languages and time zones: the person's own choice first, then the browser's, then the site's.

A signed-in person's profile language and time zone win over the browser (LocaleMiddleware has
already read the cookie and Accept-Language). Emails and notifications go out in the
recipient's language, whoever caused them.
"""

from __future__ import annotations

import zoneinfo
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.translation import gettext as _


def supported(code: str | None) -> str:
    """The site language for a code, or "" when Fireside does not speak it."""
    if not code:
        return ""
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return ""


def language_of(user: Any) -> str:
    """The language to write to this person in: theirs, else the site's default."""
    return supported(getattr(user, "language", "")) or settings.LANGUAGE_CODE


def zone_of(user: Any) -> zoneinfo.ZoneInfo | None:
    name = getattr(user, "timezone", "") or ""
    try:
        return zoneinfo.ZoneInfo(name) if name else None
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


@contextmanager
def speaking_to(user: Any) -> Iterator[None]:
    """Render for one recipient: their language, and their time zone when they chose one."""
    zone = zone_of(user)
    with translation.override(language_of(user)):
        if zone is None:
            yield
        else:
            with timezone.override(zone):
                yield


def _formatted(message: str | Promise, params: dict[str, Any]) -> str:
    return str(message) % params


_lazy_formatted = lazy(_formatted, str)


def lazy_format(message: str | Promise, **params: Any) -> str:
    """`gettext_lazy(message) % params`, but translated only when read (e.g. per recipient)."""
    return _lazy_formatted(message, params)


def join_words(words: Sequence[str]) -> str:
    """ "Ana, Bo and Cy" in the active language."""
    if len(words) <= 1:
        return "".join(words)
    return _("%(items)s and %(last)s") % {"items": ", ".join(words[:-1]), "last": words[-1]}


# For emails: joined when the template renders, so in the recipient's language.
join_words_lazy = lazy(join_words, str)


class PreferencesMiddleware:
    """After AuthenticationMiddleware: apply a signed-in person's language and time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        zone = None
        if user is not None and user.is_authenticated:
            language = supported(getattr(user, "language", ""))
            if language:
                translation.activate(language)
                request.LANGUAGE_CODE = translation.get_language()
            zone = zone_of(user)
        if zone is None:
            return self.get_response(request)
        with timezone.override(zone):
            return self.get_response(request)
