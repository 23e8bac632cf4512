"""Errors an action raises when it refuses. Views show the message; the API maps the status."""

from __future__ import annotations


class ActionError(Exception):
    status = 400

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


class InvalidInput(ActionError):
    status = 400


class NotAuthenticated(ActionError):
    status = 401


class TooMany(ActionError):
    status = 429


class NotAllowed(ActionError):
    status = 403


class NotFoundError(ActionError):
    status = 404


class Conflict(ActionError):
    status = 409


class Gone(ActionError):
    status = 410


class Unprocessable(ActionError):
    status = 422


def from_validation_error(exc: Exception, status: type[ActionError] = InvalidInput) -> ActionError:
    """Turn Django's ValidationError into an ActionError with a plain first sentence."""
    from django.core.exceptions import ValidationError

    if not isinstance(exc, ValidationError):
        raise TypeError(exc)
    errors: dict[str, list[str]] = (
        {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        if hasattr(exc, "error_dict")
        else {"__all__": [str(m) for m in exc.messages]}
    )
    first_field, messages = next(iter(errors.items()))
    prefix = "" if first_field == "__all__" else f"{first_field}: "
    return status(f"{prefix}{messages[0]}", errors)


class Refused(Exception):
    """An access check said no: 403 (you may see this, but not do that) or 404 (outsiders)."""

    def __init__(self, status: int, detail: str = "", title: str = "") -> None:
        super().__init__(status)
        self.status = status
        # Said instead of the plain "not allowed" when the reason helps (a closed year).
        self.detail = detail
        self.title = title
