"""The scale dataset, continued from content.py: each community's library, pairs and their
connections, notifications, and per person reflections and certificates. Every row in bulk."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from fireside.certificates.models import ALPHABET, CODE_LENGTH, Certificate
from fireside.conversations.models import (
    Perspective,
    Provenance,
    Recognition,
    Resource,
    ResourceTag,
    Term,
)
from fireside.demo.scale import words as w
from fireside.demo.scale.base import Base, Group
from fireside.mentoring.models import Connection, Format, Pairing, PairMember, Reflection
from fireside.mentoring.models import prompt_for as reflection_prompt
from fireside.notifications.models import Kind as NotifyKind
from fireside.notifications.models import Notification
from fireside.search.models import Entry


class Keeping(Base):
    """Content's second half: what a community keeps, and what each person has."""

    def _library(self, groups: list[Group]) -> None:
        rng = self.rng(f"library:{groups[0].index}")
        per = self.sizes.resources // self.sizes.communities
        resources = [
            Resource(
                community_id=g.pk,
                author_id=rng.choice(g.active),
                title=rng.choice(w.RESOURCE_TITLES),
                description="Adapted for our rooms; change it as you like.",
                provenance=rng.choice(list(Provenance.values)),
                url=f"https://example.org/resources/{g.index}-{n}",
                shared_with_program=rng.random() < 0.2,
                created_at=self.start + dt.timedelta(days=rng.randint(0, 590)),
            )
            for g in groups
            if g.active
            for n in range(per)
        ]
        self.insert(Resource, resources)
        tags = {r.pk: rng.sample(w.TAGS, rng.randint(1, 2)) for r in resources}
        self.insert(
            ResourceTag, [ResourceTag(resource=r, name=t) for r in resources for t in tags[r.pk]]
        )
        lists = {
            g.pk: reverse("conversations:resources", kwargs={"community_id": g.pk}) for g in groups
        }
        entries = [
            Entry(
                community_id=r.community_id,
                type="resource",
                object_id=r.pk,
                title=r.title,
                body="\n".join([r.description, " ".join(tags[r.pk])]),
                url=f"{lists[r.community_id]}#resource-{r.pk}",
                updated_at=r.created_at,
            )
            for r in resources
        ]
        terms = self.insert(
            Term,
            [
                Term(community_id=g.pk, name=name, added_by_id=g.active[0], created_at=self.start)
                for g in groups
                if g.active
                for name in rng.sample(w.TERMS, 2)
            ],
        )
        members = {g.pk: g.active for g in groups}
        perspectives = [
            Perspective(
                term=t,
                author_id=u,
                body=text,
                body_html=html,
                created_at=self.start,
                updated_at=self.start,
            )
            for t in terms
            for u, (text, html) in zip(
                rng.sample(members[t.community_id], min(2, len(members[t.community_id]))),
                rng.sample(self.perspectives, 2),
                strict=False,
            )
        ]
        self.insert(Perspective, perspectives)
        said: dict[int, list[str]] = {}
        for p in perspectives:
            said.setdefault(p.term_id, []).append(p.body)
        entries += [
            Entry(
                community_id=t.community_id,
                type="term",
                object_id=t.pk,
                title=t.name,
                body="\n\n".join(said.get(t.pk, [])),
                url=reverse("conversations:term", kwargs={"term_id": t.pk}),
                updated_at=self.start,
            )
            for t in terms
        ]
        self.insert(Entry, entries)
        self.insert(
            Recognition,
            [
                Recognition(
                    community_id=g.pk,
                    from_user_id=giver,
                    to_user_id=receiver,
                    note=rng.choice(w.RECOGNITIONS),
                    created_at=self.now - dt.timedelta(days=rng.randint(1, 500)),
                )
                for g in groups
                if len(g.active) > 1
                for giver, receiver in (rng.sample(g.active, 2) for _ in range(4))
            ],
        )

    def _pairs(self, groups: list[Group]) -> None:
        rng = self.rng(f"pairs:{groups[0].index}")
        member = self.bench_users["member"]
        pairs: list[tuple[Group, list[int]]] = []
        for g in groups:
            # The bench member has a partner in the bench group only.
            people = [u for u in g.active if u != member or g.index == 0]
            rng.shuffle(people)
            if g.index == 0 and member in people:
                people.remove(member)
                people.insert(0, member)
            chunks = [people[i : i + 2] for i in range(0, len(people) - 1, 2)]
            if len(people) % 2 and chunks:
                chunks[-1].append(people[-1])  # odd: one pair of three
            pairs += [(g, chunk) for chunk in chunks]
        starts = self.now.date() - dt.timedelta(days=300)
        pairings = self.insert(
            Pairing,
            [
                Pairing(
                    community_id=g.pk,
                    starts_on=starts,
                    score=rng.randint(40, 95),
                    reasons=["Similar interests"],
                    created_by_id=g.facilitators[0] if g.facilitators else None,
                    created_at=self.now - dt.timedelta(days=300),
                )
                for g, _ in pairs
            ],
        )
        self.insert(
            PairMember,
            [
                PairMember(pairing=p, user_id=u, community_id=g.pk)
                for (g, people), p in zip(pairs, pairings, strict=True)
                for u in people
            ],
        )
        expected = self.sizes.connections / max(1, self.total_pairs)
        connections = []
        for (_, people), p in zip(pairs, pairings, strict=True):
            n = int(expected) + (rng.random() < expected % 1)
            # One connection a day per pair, as the actions allow.
            for offset in rng.sample(range(300), min(n, 300)):
                day = starts + dt.timedelta(days=offset)
                connections.append(
                    Connection(
                        pairing=p,
                        logged_by_id=rng.choice(people),
                        happened_on=day,
                        minutes=rng.choice((15, 20, 30, 30, 45, 60)),
                        format=rng.choice(list(Format.values)),
                        created_at=dt.datetime.combine(day, dt.time(20), tzinfo=dt.UTC),
                    )
                )
        self.insert(Connection, connections)

    def _notifications(self, groups: list[Group]) -> None:
        rng = self.rng(f"notifications:{groups[0].index}")
        rows = []
        for g in groups:
            recent = self.recent_threads.get(g.pk, [])[:4]
            if not recent:
                continue
            url = {
                t.pk: reverse("conversations:thread", kwargs={"thread_id": t.pk}) for t in recent
            }
            for u in g.active:
                for n, t in enumerate(rng.sample(recent, min(2, len(recent)))):
                    rows.append(
                        Notification(
                            user_id=u,
                            community_id=g.pk,
                            kind=NotifyKind.NEW_THREAD,
                            text=f"New conversation: {t.title}"[:300],
                            url=url[t.pk],
                            created_at=t.last_activity_at,
                            read_at=None if n == 0 else t.last_activity_at,
                            emailed_at=t.last_activity_at,
                        )
                    )
        self.insert(Notification, rows)

    # --- per person, per program ------------------------------------------------------

    def _participants(self) -> list[tuple[int, int]]:
        seen: dict[tuple[int, int], None] = {}
        for g in self.groups:
            for u in g.active:
                seen[(u, self.programs[g.program].pk)] = None
        return list(seen)

    def _reflections(self) -> None:
        rng = self.rng("reflections")
        participants = self._participants()
        months = [self._month_start(-k) for k in range(1, 13)]
        chance = min(1.0, self.sizes.reflections / max(1, len(participants) * len(months)))
        bench = (self.bench_users["member"], self.programs[0].pk)
        rows = []
        for user, program in participants:
            for month in months:
                if ((user, program) == bench and month >= months[5]) or rng.random() < chance:
                    text = rng.choice(w.REFLECTIONS)
                    shared = rng.random() < 0.2
                    at = dt.datetime.combine(month, dt.time(21), tzinfo=dt.UTC)
                    rows.append(
                        Reflection(
                            author_id=user,
                            program_id=program,
                            month=month,
                            prompt=reflection_prompt(month),
                            body=text,
                            shareable_excerpt=rng.choice(w.EXCERPTS) if shared else "",
                            excerpt_consented_at=at if shared else None,
                            created_at=at,
                            updated_at=at,
                        )
                    )
        self.insert(Reflection, rows)

    def _certificates(self) -> None:
        rng = self.rng("certificates")
        participants = self._participants()
        chosen = rng.sample(participants, min(self.sizes.certificates, len(participants)))
        bench = (self.bench_users["member"], self.programs[0].pk)
        if bench not in chosen:
            chosen[0] = bench
        programs = {p.pk: p for p in self.programs}
        codes: set[str] = set()
        rows = []
        for user, program in chosen:
            code = ""
            while not code or code in codes:
                code = "".join(rng.choice(ALPHABET) for _ in range(CODE_LENGTH))
            codes.add(code)
            g, c, r = rng.randint(5, 18), rng.randint(4, 30), rng.randint(1, 10)
            minutes = (g * 90, c * 30, r * 30)
            hours = [Decimal(m) / 60 for m in minutes]
            issued = self.now - dt.timedelta(days=rng.randint(1, 200))
            revoked = rng.random() < 0.02
            rows.append(
                Certificate(
                    code=code,
                    holder_id=user,
                    program_id=program,
                    holder_name=self.names[user],
                    program_name=programs[program].name,
                    period_start=programs[program].starts_on,
                    period_end=issued.date(),
                    gathering_minutes=minutes[0],
                    connection_minutes=minutes[1],
                    reflection_minutes=minutes[2],
                    gatherings_count=g,
                    connections_count=c,
                    reflections_count=r,
                    gathering_hours=round(hours[0], 2),
                    connection_hours=round(hours[1], 2),
                    reflection_hours=round(hours[2], 2),
                    total_hours=round(sum(hours, Decimal(0)), 2),
                    reflection_credit_minutes=30,
                    issued_at=issued,
                    issued_on=issued.date(),
                    revoked_at=issued + dt.timedelta(days=3) if revoked else None,
                    revoke_reason="Issued twice by mistake." if revoked else "",
                )
            )
        self.insert(Certificate, rows)
