"""The key pages bench/run measures, with who asks for them. Paths are formatted with the
bench ids seed_scale reports (and `feed`, the bench member's calendar-feed token)."""

from __future__ import annotations

# name, path, who: anonymous, member, coordinator, or member-api / coordinator-api (a token)
PAGES: list[tuple[str, str, str]] = [
    ("floor", "/bench/floor", "anonymous"),
    (
        "directory (filtered)",
        "/communities/?program={program}&mode=online&has_space=on",
        "anonymous",
    ),
    ("community home", "/communities/{community}/home/", "member"),
    ("thread, 50 replies", "/conversations/{thread}/", "member"),
    ("gathering", "/gatherings/{gathering}/", "member"),
    ("member home", "/", "member"),
    ("hours ledger", "/hours/programs/{program}/", "member"),
    ("coordinator report", "/reports/programs/{program}/", "coordinator"),
    ("search", "/search/?q={search_word}", "member"),
    ("notifications", "/notifications/", "member"),
    ("calendar feed (10 groups)", "/gatherings/feed/{feed}.ics", "anonymous"),
    ("API: directory", "/api/v1/communities?program={program}&has_space=true", "anonymous"),
    ("API: threads", "/api/v1/communities/{community}/threads", "member-api"),
    ("API: gatherings", "/api/v1/communities/{community}/gatherings", "member-api"),
    ("API: coordinator report", "/api/v1/programs/{program}/report", "coordinator-api"),
]
