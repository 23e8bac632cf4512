"""The scale dataset: many programs, communities and people with years of history, written
with bulk inserts so that factor 1 (2,000 communities, 24,000 people, 500,000 posts) builds
in minutes. Rows go straight to the tables: no actions, no emails, no audit events, no
per-row signals. The search index is filled in the same pass.

Deterministic: the same factor, seed and anchor date give the same rows (the anchor is
"today" for the data: 20 months of history before it, 4 months of gatherings after it).

Every person has the same password (one hash computed once: hashing per person would take
longer than the rest of the build); the bench accounts below sign in with it.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from fireside.accounts.models import RoleType, User
from fireside.communities.models import Agreement, Community, CommunityRole, Membership, Mode
from fireside.demo.scale import words as w
from fireside.demo.scale.base import (
    BENCH_GROUPS,
    CHUNK,
    DOMAIN,
    PASSWORD,
    Group,
    Sizes,
    given_times,
)
from fireside.demo.scale.content import Content
from fireside.lib.markdown import render_markdown
from fireside.programs.models import CommitmentPeriod, CommitmentRole, Program, ProgramStaff

__all__ = ["PASSWORD", "Seeder", "Sizes"]


class Seeder(Content):
    """seed_scale's whole build: `Seeder(factor, anchor=...).run()`."""

    # --- the whole build -------------------------------------------------------------

    def run(self) -> dict[str, Any]:
        if User.objects.exists():
            raise ValueError(
                f"seed_scale fills an empty database; this one has "
                f"{User.objects.count()} people. Use a new database for the scale dataset."
            )
        began, cpu = time.perf_counter(), self._cpu_seconds()
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        self._render_pools()
        with given_times():
            with transaction.atomic(), self.step("programs and people"):
                self._programs()
                self._plan_groups()
                self._people()
                self._communities()
            groups = list(self.groups)
            for i in range(0, len(groups), CHUNK):
                with transaction.atomic():
                    self._content(groups[i : i + CHUNK])
                self.log(f"  … {min(i + CHUNK, len(groups))} of {len(groups)} communities")
            with transaction.atomic(), self.step("reflections and certificates"):
                self._reflections()
                self._certificates()
        with self.step("analyze"), connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # fresh statistics, as autovacuum would soon gather
        self.timings["total"] = time.perf_counter() - began
        self.timings["cpu"] = self._cpu_seconds() - cpu
        return {
            "factor": self.factor,
            "seed": self.seed,
            "anchor": self.anchor.isoformat(),
            "database": connection.vendor,
            "sizes": self.sizes.__dict__,
            "rows": dict(sorted(self.counts.items())),
            "seconds": {k: round(v, 1) for k, v in self.timings.items()},
            # The wall-clock time depends on what else the machine runs; the CPU time less so.
            "load_average": {
                "before": load,
                "after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
            },
            "bench": self.bench,
        }

    # --- text, rendered once -------------------------------------------------------------

    def _render_pools(self) -> None:
        rng = self.rng("text")
        bodies = []
        for _ in range(1500):
            sentences = [
                f"{rng.choice(w.OPENERS)} {rng.choice(w.ACTIONS)} "
                f"{self._emphasis(rng, rng.choice(w.THINGS))} {rng.choice(w.AFTERS)}"
                for _ in range(rng.randint(1, 4))
            ]
            body = " ".join([*sentences, rng.choice(w.CLOSERS)])
            shape = rng.random()
            if shape < 0.1:
                body += f"\n\n- {rng.choice(w.THINGS)}\n- {rng.choice(w.THINGS)}"
            elif shape < 0.15:
                body = f"> {rng.choice(w.CLOSERS)}\n\n{body}"
            bodies.append((body, str(render_markdown(body))))
        self.bodies = bodies
        self.perspectives = [(p, str(render_markdown(p))) for p in w.PERSPECTIVES]

    @staticmethod
    def _emphasis(rng: random.Random, text: str) -> str:
        r = rng.random()
        return f"**{text}**" if r < 0.1 else f"*{text}*" if r < 0.2 else text

    # --- programs, groups, people ----------------------------------------------------

    def _programs(self) -> None:
        rng = self.rng("programs")
        year = self.anchor.year
        programs = []
        for i in range(self.sizes.programs):
            region = w.REGIONS[i % len(w.REGIONS)]
            name = (
                "Provincial Peer Mentoring Program"
                if i == 0
                else f"{region} Communities of Practice {i + 1}"
            )
            programs.append(
                Program(
                    name=name,
                    description=f"Communities of practice for educators across {region}.",
                    starts_on=dt.date(year - 2, 9, 1),
                    ends_on=dt.date(year + 1, 6, 30),
                    timezone=w.ZONES[0] if i == 0 else rng.choice(w.ZONES),
                    eligible_role_types=list(RoleType.values),
                )
            )
        self.programs = self.insert(Program, programs)
        self.insert(
            CommitmentPeriod,
            [
                CommitmentPeriod(program=p, role=role, start_month=start, end_month=end)
                for p in self.programs
                for role, start, end in (
                    (CommitmentRole.FACILITATOR, 9, 6),
                    (CommitmentRole.PEER_MENTOR, 10, 5),
                )
            ],
        )

    def _plan_groups(self) -> None:
        """Half the communities in the first program (a big provincial one), the rest
        shared by the others."""
        rng = self.rng("groups")
        c, p = self.sizes.communities, len(self.programs)
        owners = [0] * (c if p == 1 else c // 2)
        owners += [1 + i % (p - 1) for i in range(c - len(owners))] if p > 1 else []
        audiences = [RoleType.ECE] * 55 + [RoleType.ECEA] * 15 + [RoleType.ECE_STUDENT] * 5
        audiences += [RoleType.TRAINER] * 10 + [RoleType.MANAGER] * 10 + [RoleType.REGULATOR] * 5
        modes = [Mode.ONLINE] * 35 + [Mode.IN_PERSON] * 45 + [Mode.HYBRID] * 20
        self.groups = [
            Group(
                index=i,
                program=owner,
                # The bench member's groups: the first ones, all for early childhood educators.
                audience=RoleType.ECE if i < BENCH_GROUPS else rng.choice(audiences),
                mode=rng.choice(modes),
                region=rng.choice(w.REGIONS),
                capacity=rng.choice((12, 12, 12, 12, 12, 12, 12, 10, 10, 8)),
            )
            for i, owner in enumerate(owners)
        ]

    def _people(self) -> None:
        rng = self.rng("people")
        password = make_password(PASSWORD)
        joined = self.start - dt.timedelta(days=30)
        people: list[User] = []

        def person(local: str, name: str, role_type: str, region: str, **extra: Any) -> int:
            people.append(
                User(
                    email=f"{local}@{DOMAIN}",
                    name=name,
                    password=password,
                    role_type=role_type,
                    region=region,
                    interests=rng.sample(w.INTERESTS, 2),
                    availability=rng.choice(w.AVAILABILITY),
                    email_verified_at=joined,
                    date_joined=joined,
                    **extra,
                )
            )
            return len(people) - 1  # index now, pk after the insert

        def someone(role_type: str, region: str) -> int:
            n = len(people)
            name = f"{w.FIRST_NAMES[n % len(w.FIRST_NAMES)]} {rng.choice(w.LAST_NAMES)}"
            return person(f"person{n:06d}", name, role_type, region)

        bench = {
            "staff": person("staff", "Scale Operator", RoleType.OTHER, w.REGIONS[0], is_staff=True),
            "coordinator": person("coordinator", "Scale Coordinator", RoleType.OTHER, w.REGIONS[0]),
            "mentor": person("mentor", "Scale Mentor", RoleType.ECE, w.REGIONS[0]),
            "member": person("member", "Scale Member", RoleType.ECE, w.REGIONS[0]),
        }
        staff_roles: list[tuple[int, int, str]] = [
            (0, bench["coordinator"], ProgramStaff.Role.COORDINATOR),
            (0, bench["mentor"], ProgramStaff.Role.MENTOR),
        ]
        for p in range(len(self.programs)):
            if p:
                staff_roles.append((p, someone(RoleType.OTHER, ""), ProgramStaff.Role.COORDINATOR))
            staff_roles.append((p, someone(RoleType.ECE, ""), ProgramStaff.Role.MENTOR))
        for g in self.groups:
            bench_seat = g.index < BENCH_GROUPS
            size = rng.randint(9, 15)
            seats = [bench["member"]] if bench_seat else []
            seats += [someone(g.audience, g.region) for _ in range(size - len(seats))]
            g.active, g.waiting = seats[: g.capacity], seats[g.capacity :]
            # The bench member is a member, not the one who runs the group.
            regulars = [s for s in g.active if s != bench["member"]]
            g.facilitators = regulars[: 2 if rng.random() < 0.3 else 1]
        while len(people) < self.sizes.people:  # signed up, not in a group yet
            someone(rng.choice(list(RoleType.values)), rng.choice(w.REGIONS))
        created = self.insert(User, people)
        pk = [u.pk for u in created]
        for g in self.groups:
            g.active = [pk[i] for i in g.active]
            g.waiting = [pk[i] for i in g.waiting]
            g.facilitators = [pk[i] for i in g.facilitators]
        self.bench_users = {k: pk[i] for k, i in bench.items()}
        self.names = {u.pk: u.name for u in created}
        self.total_pairs = sum(len(g.active) // 2 for g in self.groups)
        self.insert(
            ProgramStaff,
            [
                ProgramStaff(program=self.programs[p], user_id=pk[i], role=role)
                for p, i, role in staff_roles
            ],
        )
        self.bench.update({f"{k}_email": f"{k}@{DOMAIN}" for k in bench})
        self.bench["password"] = PASSWORD

    def _communities(self) -> None:
        rng = self.rng("communities")
        counters: dict[str, int] = {}
        communities = []
        for g in self.groups:
            base = f"{g.region} {rng.choice(w.FOCUS)} {rng.choice(w.CIRCLE_WORDS)}"
            counters[base] = counters.get(base, 0) + 1
            communities.append(
                Community(
                    program=self.programs[g.program],
                    name=base if counters[base] == 1 else f"{base} {counters[base]}",
                    purpose=rng.choice(w.PURPOSES).format(verb=rng.choice(w.PURPOSE_VERBS)),
                    audience=g.audience,
                    region=g.region,
                    mode=g.mode,
                    capacity=g.capacity,
                    meeting_place="" if g.mode == Mode.ONLINE else rng.choice(w.PLACES),
                    rhythm="Once a month, on a weekday evening",
                    created_at=self.start - dt.timedelta(days=40),
                )
            )
        for g, c in zip(self.groups, self.insert(Community, communities), strict=True):
            g.pk = c.pk
        agreements = self.insert(
            Agreement,
            [
                Agreement(
                    community_id=g.pk,
                    version=1,
                    text=(
                        "What is shared here stays here. We speak from our own practice, "
                        "never name children or families, and give everyone room to speak."
                    ),
                    created_at=self.start - dt.timedelta(days=40),
                )
                for g in self.groups
            ],
        )
        joined = self.start - dt.timedelta(days=30)
        rows = []
        for g, agreement in zip(self.groups, agreements, strict=True):
            rows += [
                Membership(
                    community_id=g.pk,
                    user_id=u,
                    status=Membership.Status.ACTIVE,
                    joined_on=joined.date(),
                    requested_at=joined,
                    agreement=agreement,
                    agreement_accepted_at=joined,
                )
                for u in g.active
            ]
            rows += [
                Membership(
                    community_id=g.pk,
                    user_id=u,
                    status=Membership.Status.WAITLISTED,
                    requested_at=self.now - dt.timedelta(days=rng.randint(1, 90), minutes=n),
                )
                for n, u in enumerate(g.waiting)
            ]
        self.insert(Membership, rows)
        self.insert(
            CommunityRole,
            [
                CommunityRole(
                    community_id=g.pk,
                    user_id=u,
                    role=CommunityRole.Role.FACILITATOR
                    if n == 0
                    else CommunityRole.Role.CO_FACILITATOR,
                    assigned_at=joined,
                    confirmed_at=joined,
                )
                for g in self.groups
                for n, u in enumerate(g.facilitators)
            ],
        )
        self.bench.update(
            program=self.programs[0].pk,
            community=self.groups[0].pk,
            member_groups=[g.pk for g in self.groups[:BENCH_GROUPS]],
        )
