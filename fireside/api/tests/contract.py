"""The routes of api-v1.md, the published v1 contract, with the request fields it documents.

The contract file lives outside the repository (../shared/api-v1.md), so what the tests hold
the API to is copied here; docs/api.md marks the same routes with "· contract"."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Route:
    method: str
    path: str  # as api-v1.md writes it, with {id} for every id
    fields: tuple[str, ...] = ()  # the request fields api-v1.md documents (none: no body)
    status: int = 200  # the success status it promises
    answer: tuple[str, ...] = ()  # fields it promises in the answer's JSON object


CONTRACT = [
    # Accounts
    Route(
        "POST",
        "/api/v1/auth/register",
        ("email", "password", "name", "role_type"),
        201,
        ("id", "email", "name", "role_type"),
    ),
    Route("POST", "/api/v1/auth/token", ("email", "password"), 200, ("token",)),
    Route("GET", "/api/v1/me"),
    Route(
        "PATCH",
        "/api/v1/me",
        ("name", "region", "interests", "availability", "pronouns", "accessibility_needs"),
    ),
    Route("GET", "/api/v1/me/export"),
    Route("DELETE", "/api/v1/me", (), 204),
    # Programs (max_group_size, monthly_hours_target, reflection_credit_minutes: defaulted)
    Route(
        "POST",
        "/api/v1/programs",
        ("name", "description", "starts_on", "ends_on", "timezone", "eligible_role_types"),
        201,
        (
            "id",
            "name",
            "description",
            "starts_on",
            "ends_on",
            "timezone",
            "max_group_size",
            "monthly_hours_target",
            "reflection_credit_minutes",
            "eligible_role_types",
        ),
    ),
    Route("GET", "/api/v1/programs"),
    Route("GET", "/api/v1/programs/{id}"),
    Route("POST", "/api/v1/programs/{id}/coordinators", ("user_id",), 201),
    Route("POST", "/api/v1/programs/{id}/mentors", ("user_id",), 201),
    Route("GET", "/api/v1/programs/{id}/report"),
    # Communities
    Route(
        "POST",
        "/api/v1/programs/{id}/communities",
        ("name", "purpose", "audience", "region", "mode", "capacity", "meeting_place", "agreement"),
        201,
    ),
    Route("GET", "/api/v1/communities"),
    Route("GET", "/api/v1/communities/{id}"),
    Route(
        "POST",
        "/api/v1/communities/{id}/join",
        ("agree_to_agreement",),
        201,
        ("status", "waitlist_position"),
    ),
    Route("POST", "/api/v1/communities/{id}/leave"),
    Route("GET", "/api/v1/communities/{id}/members"),
    Route("POST", "/api/v1/communities/{id}/roles", ("user_id", "role"), 201),
    Route("DELETE", "/api/v1/communities/{id}/roles/{id}/{id}", (), 204),
    # Gatherings
    Route(
        "POST",
        "/api/v1/communities/{id}/gatherings",
        (
            "title",
            "starts_at",
            "duration_minutes",
            "timezone",
            "location",
            "online_url",
            "recurrence",
            "agenda",
        ),
        201,
        ("series_id", "gatherings"),
    ),
    Route("GET", "/api/v1/communities/{id}/gatherings"),
    Route("GET", "/api/v1/gatherings/{id}"),
    Route("POST", "/api/v1/gatherings/{id}/rsvp", ("response",)),
    Route("PUT", "/api/v1/gatherings/{id}/attendance", ("user_id", "present", "minutes")),
    Route("PATCH", "/api/v1/gatherings/{id}", ("notes", "action_points")),
    Route(
        "POST",
        "/api/v1/gatherings/{id}/debrief",
        ("logistics", "common_threads", "wonderings"),
        201,
    ),
    Route("GET", "/api/v1/communities/{id}/calendar.ics"),
    Route("GET", "/api/v1/me/calendar"),
    Route("POST", "/api/v1/me/calendar/rotate", (), 200, ("feed_url",)),
    # Between gatherings
    Route(
        "POST",
        "/api/v1/communities/{id}/threads",
        ("title", "body", "kind"),
        201,
        ("id", "title", "kind", "body", "body_html", "author", "created_at"),
    ),
    Route("GET", "/api/v1/communities/{id}/threads"),
    Route("GET", "/api/v1/threads/{id}"),
    Route("POST", "/api/v1/threads/{id}/replies", ("body",), 201),
    Route(
        "POST",
        "/api/v1/communities/{id}/resources",
        ("title", "description", "tags", "file", "url"),  # multipart; `file` or `url`
        201,
    ),
    Route("GET", "/api/v1/communities/{id}/resources"),
    Route("GET", "/api/v1/resources/{id}/download"),
    Route("GET", "/api/v1/search"),
    # Peer mentoring
    Route(
        "POST",
        "/api/v1/communities/{id}/pairings",
        ("user_ids",),
        201,
        ("id", "members", "starts_on"),
    ),
    Route("POST", "/api/v1/communities/{id}/pairings/suggest", (), 200, ("pairs",)),
    Route("GET", "/api/v1/me/pairings"),
    Route("POST", "/api/v1/pairings/{id}/connections", ("date", "minutes", "format", "note"), 201),
    Route("POST", "/api/v1/programs/{id}/reflections", ("month", "body", "shareable_excerpt"), 201),
    # The contract names no fields of its own for the edit: those of the reflection.
    Route("PUT", "/api/v1/reflections/{id}", ("month", "body", "shareable_excerpt")),
    Route("GET", "/api/v1/me/reflections"),
    # Hours and certificates
    Route("GET", "/api/v1/me/hours"),
    Route(
        "POST",
        "/api/v1/programs/{id}/certificates",
        (),
        201,
        ("code", "hours", "issued_on", "pdf_url", "verify_url"),
    ),
    Route("GET", "/api/v1/certificates/{id}"),
    # `GET {pdf_url}`: the contract gives no path; the certificate's pdf_url points here.
    Route("GET", "/api/v1/certificates/{id}/pdf"),
    # Surveys and reports
    Route(
        "POST",
        "/api/v1/programs/{id}/surveys",
        ("title", "community", "anonymous", "questions"),
        201,
    ),
    Route("POST", "/api/v1/surveys/{id}/responses", ("answers",), 201),
    Route("GET", "/api/v1/surveys/{id}/results"),
    Route("GET", "/api/v1/programs/{id}/report.csv"),
]


def normal(path: str) -> str:
    """Paths compare without their parameters' names: {id} and {program_id} alike."""
    return re.sub(r"\{[^}]*\}", "{}", path)
