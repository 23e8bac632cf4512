from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db.models import Count, OuterRef, Subquery

from fireside.accounts.models import User
from fireside.demo.factories import UserFactory
from fireside.lib.prepared import Prepared

pytestmark = pytest.mark.django_db

T0 = dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC)


def _joined_before(user_id: int, before: dt.datetime) -> Any:
    others = (
        User.objects.filter(date_joined__lt=OuterRef("date_joined"))
        .order_by()
        .values("is_active")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        User.objects.filter(pk=user_id, date_joined__lt=before)
        .annotate(earlier=Subquery(others))
        .values("pk", "date_joined", "earlier")
    )


def test_it_runs_the_same_query_with_other_values(django_assert_num_queries: Any) -> None:
    first = UserFactory(date_joined=T0)
    second = UserFactory(date_joined=T0 + dt.timedelta(days=2))
    prepared = Prepared(_joined_before, user_id=int, before=dt.datetime)
    after = T0 + dt.timedelta(days=3)
    with django_assert_num_queries(1):
        rows = prepared.rows(user_id=first.pk, before=after)
    assert rows == [{"pk": first.pk, "date_joined": T0, "earlier": None}]
    # Compiled once: the second run swaps the values only.
    assert prepared.rows(user_id=second.pk, before=after) == [
        {"pk": second.pk, "date_joined": second.date_joined, "earlier": 1}
    ]
    assert prepared.rows(user_id=second.pk, before=T0) == []
    assert prepared.rows(user_id=second.pk, before=after) == list(_joined_before(second.pk, after))


def test_it_refuses_a_value_derived_from_an_argument() -> None:
    prepared = Prepared(
        lambda user_id: User.objects.filter(pk=user_id + 1).values("pk"), user_id=int
    )
    with pytest.raises(ValueError, match="user_id"):
        prepared.rows(user_id=1)


def test_it_takes_ints_and_moments_only() -> None:
    with pytest.raises(TypeError):
        Prepared(lambda day: User.objects.values("pk"), day=dt.date)
