from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def unread(request: HttpRequest) -> dict[str, Any]:
    """The unread count for the navigation, counted only if a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from fireside.notifications.actions import unread_count

    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
