"""Full-text search over the entries a person may read: PostgreSQL's own full-text search
on PostgreSQL, SQLite's FTS5 on SQLite, behind one function. A child entry (a reply) shows
its parent's title (its thread's), read here, never copied into it.

Two scopes, both decided here: a group's entries for its active members, a program's
library entries for its participants (active members of any of its groups) and its
coordinators and mentors."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.utils.html import escape

from fireside.communities.models import Membership
from fireside.programs.models import ProgramStaff

MAX_RESULTS = 50
WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Hit:
    type: str
    id: int
    title: str
    snippet: str  # HTML-safe, with <mark> around matches
    community: int | None  # None for a program's entry
    url: str
    program: int | None = None  # a program's entry (type "library")


def _scopes(user: Any) -> tuple[list[int], list[int]]:
    """The groups whose entries this person reads (active seats), and the programs whose
    library they read: those groups' programs, and where they coordinate or mentor."""
    seats = list(
        Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values_list(
            "community_id", "community__program_id"
        )
    )
    staffed = ProgramStaff.objects.filter(user=user).values_list("program_id", flat=True)
    programs = {p for _c, p in seats} | set(staffed)
    return [c for c, _p in seats], sorted(programs)


def search(user: Any, q: str, limit: int = MAX_RESULTS) -> list[Hit]:
    """Never a result from a community the person is not an active member of, nor from a
    program they take no part in."""
    words = WORD.findall(q or "")[:12]
    if not words:
        return []
    communities, programs = _scopes(user)
    if not communities and not programs:
        return []
    if connection.vendor == "postgresql":
        return _postgres(" ".join(words), communities, programs, limit)
    return _sqlite(words, communities, programs, limit)


def _scope_sql(alias: str, communities: list[int], programs: list[int]) -> str:
    """`alias.community_id IN (…) OR alias.program_id IN (…)`, with placeholders only."""
    parts = []
    if communities:
        parts.append(f"{alias}.community_id IN ({','.join('%s' for _ in communities)})")
    if programs:
        parts.append(f"{alias}.program_id IN ({','.join('%s' for _ in programs)})")
    return "(" + " OR ".join(parts) + ")"


def _mark(text: str) -> str:
    """Backends put \x02…\x03 around matches; escape everything, then mark them."""
    return escape(text).replace("\x02", "<mark>").replace("\x03", "</mark>")


def _postgres(q: str, communities: list[int], programs: list[int], limit: int) -> list[Hit]:
    # The vector is stored and indexed (migration 0004); only the page of best matches
    # gets a headline, which is the costly part.
    scope = _scope_sql("entry", communities, programs)
    sql = f"""
        SELECT e.type, e.object_id, COALESCE(parent.title, e.title), e.community_id, e.url,
               e.program_id,
               ts_headline('english', e.body, top.query, %s)
        FROM (
            SELECT entry.id, ts_rank(entry.vector, query) AS rank, query
            FROM search_entry entry, plainto_tsquery('english', %s) query
            WHERE {scope} AND entry.vector @@ query
            ORDER BY rank DESC, entry.updated_at DESC
            LIMIT %s
        ) top JOIN search_entry e ON e.id = top.id
        LEFT JOIN search_entry parent ON parent.id = e.parent_id
        ORDER BY top.rank DESC, e.updated_at DESC
    """  # noqa: S608 - only placeholders are interpolated
    options = "StartSel='\x02', StopSel='\x03', MaxWords=24, MinWords=8"
    with connection.cursor() as cursor:
        cursor.execute(sql, [options, q, *communities, *programs, limit])
        rows = cursor.fetchall()
    return [
        Hit(type_, oid, title, _mark(snippet or ""), community, url, program)
        for type_, oid, title, community, url, program, snippet in rows
    ]


def _sqlite(words: list[str], communities: list[int], programs: list[int], limit: int) -> list[Hit]:
    # Each word quoted: user input is never FTS5 syntax. The index also holds each entry's
    # community and program, so it is asked for matches in the reader's groups and programs
    # only: the cost follows the size of those, not the size of the site.
    words_match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
    where = []
    if communities:
        where.append("community_id : (" + " OR ".join(str(int(c)) for c in communities) + ")")
    if programs:
        where.append("program_id : (" + " OR ".join(str(int(p)) for p in programs) + ")")
    match = f"{{title body}} : ({words_match}) AND ({' OR '.join(where)})"
    scope = _scope_sql("e", communities, programs)
    sql = f"""
        SELECT e.type, e.object_id, COALESCE(parent.title, e.title), e.community_id, e.url,
               e.program_id,
               snippet(search_fts, 1, char(2), char(3), '…', 16)
        FROM search_fts JOIN search_entry e ON e.id = search_fts.rowid
        LEFT JOIN search_entry parent ON parent.id = e.parent_id
        WHERE search_fts MATCH %s AND {scope}
        ORDER BY bm25(search_fts, 5.0, 1.0, 0.0, 0.0), e.updated_at DESC
        LIMIT %s
    """  # noqa: S608 - only placeholders are interpolated
    with connection.cursor() as cursor:
        cursor.execute(sql, [match, *communities, *programs, limit])
        rows = cursor.fetchall()
    return [
        Hit(type_, oid, title, _mark(snippet or ""), community, url, program)
        for type_, oid, title, community, url, program, snippet in rows
    ]
