"""Querysets built and compiled once per process and database, then run again with other
values. Building a queryset with several annotated subqueries (resolving and compiling its
expressions) costs more Python than running it; a hot page that asks the same question for
each request only changes the values: who asks, which group, from when.

    news = Prepared(
        lambda user_id: Membership.objects.filter(user_id=user_id).annotate(...).values(...)
    )
    rows = news.rows(user_id=user.pk)  # dicts, as the values() queryset gives them

The builder is called once per database with stand-ins for its arguments (ints: negative
numbers no row has; datetimes: moments in 1901), and every parameter of the compiled query
equal to a stand-in is swapped for the real value at each run. So a builder must pass its
arguments to the queryset as they are: a value derived from one (`user_id + 1`,
`now - GAP`, `now.date()`) would keep the stand-in's; make it an argument of its own. The
builder must return a `values()` queryset whose shape does not depend on the values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import connections
from django.db.models import QuerySet

_INT_STAND_IN = -7_340_000_001
_MOMENT_STAND_IN = dt.datetime(1901, 2, 3, 4, 5, 6, tzinfo=dt.UTC)


@dataclass(frozen=True)
class _Compiled:
    sql: str
    params: tuple[Any, ...]
    slots: tuple[str | None, ...]  # per parameter: the argument it stands for, or None
    names: tuple[str, ...]
    compiler: Any
    converters: dict[int, Any]


class Prepared:
    def __init__(self, build: Callable[..., QuerySet[Any, Any]], **kinds: type) -> None:
        """`kinds`: each argument's type, int or datetime (aware)."""
        for kind in kinds.values():
            if kind not in (int, dt.datetime):
                raise TypeError(f"Prepared arguments are int or datetime, not {kind}")
        self._build = build
        self._kinds = kinds
        self._compiled: dict[str, _Compiled] = {}

    def _stand_ins(self) -> dict[str, Any]:
        stand_ins: dict[str, Any] = {}
        for index, (name, kind) in enumerate(self._kinds.items()):
            if kind is int:
                stand_ins[name] = _INT_STAND_IN - index
            else:
                stand_ins[name] = _MOMENT_STAND_IN + dt.timedelta(seconds=index)
        return stand_ins

    def _adapt(self, alias: str, name: str, value: Any) -> Any:
        if self._kinds[name] is int:
            return int(value)
        return connections[alias].ops.adapt_datetimefield_value(value)

    def _compile(self, alias: str) -> _Compiled:
        stand_ins = self._stand_ins()
        qs = self._build(**stand_ins).using(alias)
        query = qs.query
        compiler = query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        adapted = {self._adapt(alias, name, value): name for name, value in stand_ins.items()}
        slots = tuple(
            adapted.get(p) if isinstance(p, int | str | dt.datetime) else None for p in params
        )
        missing = set(stand_ins) - set(slots)
        if missing or str(_INT_STAND_IN)[1:8] in sql or "1901-02-03" in sql:
            raise ValueError(f"Prepared query: arguments {missing or ''} not passed as parameters")
        # As Django's ValuesIterable names them.
        names = (
            tuple(query.selected)
            if query.selected
            else (
                *query.extra_select,
                *query.values_select,
                *query.annotation_select,
            )
        )
        fields = [s[0] for s in compiler.select[: compiler.col_count]]
        return _Compiled(
            sql=sql,
            params=tuple(params),
            slots=slots,
            names=names,
            compiler=compiler,
            converters=compiler.get_converters(fields),
        )

    def rows(self, *, using: str = "default", **values: Any) -> list[dict[str, Any]]:
        """The query's rows for these values, as dicts (one query)."""
        compiled = self._compiled.get(using)
        if compiled is None:
            compiled = self._compiled[using] = self._compile(using)
        real = {name: self._adapt(using, name, value) for name, value in values.items()}
        params = [
            p if slot is None else real[slot]
            for p, slot in zip(compiled.params, compiled.slots, strict=True)
        ]
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            fetched = cursor.fetchall()
        if compiled.converters:
            fetched = list(compiled.compiler.apply_converters(fetched, compiled.converters))
        return [dict(zip(compiled.names, row, strict=True)) for row in fetched]
