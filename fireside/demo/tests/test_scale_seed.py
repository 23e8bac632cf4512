"""seed_scale: a small copy of the scale dataset, complete, searchable and repeatable."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from fireside.accounts.models import User
from fireside.certificates.models import Certificate
from fireside.communities.models import Membership
from fireside.conversations.models import Reply, Resource, Term, Thread
from fireside.demo.factories import UserFactory
from fireside.demo.scale.seed import PASSWORD, Seeder, Sizes
from fireside.gatherings.models import Attendance, Gathering
from fireside.mentoring.models import Connection, Reflection
from fireside.search.models import Entry
from fireside.search.query import search

pytestmark = pytest.mark.django_db
ANCHOR = dt.date(2026, 11, 1)


def _seed(factor: float = 0.001, seed: int = 1) -> dict[str, Any]:
    return Seeder(factor, seed=seed, anchor=ANCHOR).run()


def test_factor_one_is_the_issue_s_size_and_smaller_factors_are_copies() -> None:
    full = Sizes.at(1)
    assert (full.programs, full.communities, full.people, full.posts) == (20, 2000, 24_000, 500_000)
    assert (full.connections, full.reflections) == (100_000, 50_000)
    small = Sizes.at(0.01)
    assert (small.programs, small.communities, small.people, small.posts) == (1, 20, 240, 5000)


def test_it_builds_everything_the_benchmark_asks_for() -> None:
    result = _seed()
    bench, rows = result["bench"], result["rows"]
    assert rows["communities.Community"] == 2 and rows["accounts.User"] >= 24
    assert Thread.objects.count() + Reply.objects.count() == 500
    thread = Thread.objects.get(pk=bench["thread"])
    assert thread.community_id == bench["community"] and thread.replies.count() == 50
    member = User.objects.get(email=bench["member_email"])
    assert member.check_password(PASSWORD)
    # One hash for everyone: hashing 24,000 passwords would outlast the rest of the build.
    assert User.objects.values("password").distinct().count() == 1
    assert set(
        Membership.objects.filter(user=member, status="active").values_list("community", flat=True)
    ) == set(bench["member_groups"])
    gathering = Gathering.objects.get(pk=bench["gathering"])
    assert gathering.notes and Attendance.objects.filter(gathering=gathering).exists()
    # Two years of monthly gatherings in each group, some still to come.
    assert Gathering.objects.filter(community=bench["community"]).count() == 24
    assert Gathering.objects.filter(community=bench["community"], notes="").exists()
    assert Connection.objects.exists() and Reflection.objects.exists()
    assert Certificate.objects.filter(holder=member).exists()
    indexed = (
        Thread.objects.count()
        + Reply.objects.filter(hidden_at__isnull=True).count()
        + Gathering.objects.exclude(notes="").count()
        + Resource.objects.count()
        + Term.objects.count()
    )
    assert Entry.objects.count() == rows["search.Entry"] == indexed
    assert search(member, bench["search_word"])


def _digest() -> str:
    """The dataset's content, without its ids: those depend on the database's sequences."""
    h = hashlib.sha256()
    for row in (
        *User.objects.order_by("email").values_list("email", "name", "role_type"),
        *Thread.objects.order_by("created_at", "title").values_list("title", "body", "created_at"),
        *Gathering.objects.order_by("uid").values_list("uid", "starts_at", "notes"),
        *Certificate.objects.order_by("code").values_list("code", "total_hours"),
    ):
        h.update(repr(row).encode())
    return h.hexdigest()


# Outside a wrapping transaction: PostgreSQL refuses TRUNCATE (flush) with constraint
# checks still pending in it.
@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_rows_and_another_seed_others() -> None:
    first = _seed()
    once = _digest()
    call_command("flush", interactive=False, verbosity=0)
    again = _seed()
    assert _digest() == once and again["rows"] == first["rows"]
    call_command("flush", interactive=False, verbosity=0)
    _seed(seed=2)
    assert _digest() != once


def test_it_refuses_a_database_with_people_in_it() -> None:
    UserFactory()
    with pytest.raises(CommandError, match="empty database"):
        call_command("seed_scale", "--factor", "0.001")
    assert not Thread.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--factor", "many"], "must be a number"),
        (["--factor", "0"], "between"),
        (["--factor", "11"], "between"),
        (["--anchor", "yesterday"], "must be a date"),
    ],
)
def test_it_explains_bad_options(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("seed_scale", *args)
    assert not User.objects.exists()


def test_the_command_writes_a_manifest(tmp_path: Any) -> None:
    manifest = tmp_path / "scale.json"
    call_command(
        "seed_scale", "--factor", "0.001", "--anchor", "2026-11-01", "--manifest", str(manifest)
    )
    text = manifest.read_text()
    assert '"thread"' in text and '"search.Entry"' in text and '"cpu"' in text
