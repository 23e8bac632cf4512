"""What happens inside each community of the scale dataset: gatherings with attendance and
conversations, with the search index in the same pass; the rest is in keeping.py. Every
row in bulk."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from zoneinfo import ZoneInfo

from django.urls import reverse

from fireside.communities.models import Mode
from fireside.conversations.models import (
    Kind,
    Reply,
    Thread,
)
from fireside.demo.scale import words as w
from fireside.demo.scale.base import BENCH_REPLIES, MONTHS_AHEAD, MONTHS_PAST, Group
from fireside.demo.scale.keeping import Keeping
from fireside.gatherings.models import (
    AgendaItem,
    Attendance,
    Debrief,
    Feedback,
    Gathering,
    Rsvp,
    Series,
    Topic,
    TopicVote,
)
from fireside.search.models import Entry


class Content(Keeping):
    # --- what happens inside each community -----------------------------------------

    def _content(self, groups: list[Group]) -> None:
        with self.step("gatherings"):
            self._gatherings(groups)
        with self.step("threads and replies"):
            self._conversations(groups)
        with self.step("resources, glossary, recognition"):
            self._library(groups)
        with self.step("pairs and connections"):
            self._pairs(groups)
        with self.step("notifications"):
            self._notifications(groups)

    def _gatherings(self, groups: list[Group]) -> None:
        rng = self.rng(f"gatherings:{groups[0].index}")
        series = self.insert(
            Series,
            [
                Series(
                    community_id=g.pk,
                    rrule=f"FREQ=MONTHLY;COUNT={MONTHS_PAST + MONTHS_AHEAD}",
                    created_by_id=g.facilitators[0] if g.facilitators else None,
                    created_at=self.start,
                )
                for g in groups
            ],
        )
        planned = self._plan_gatherings(groups, series, rng)
        gatherings = self.insert(Gathering, [gathering for _, gathering in planned])
        agenda: list[AgendaItem] = []
        attendance: list[Attendance] = []
        rsvps: list[Rsvp] = []
        feedback: list[Feedback] = []
        debriefs: list[Debrief] = []
        entries: list[Entry] = []
        next_up: set[int] = set()
        for (g, _), gathering in zip(planned, gatherings, strict=True):
            for pos, (topic, activity, minutes) in enumerate(rng.sample(w.AGENDA, 3)):
                agenda.append(
                    AgendaItem(
                        gathering=gathering,
                        position=pos,
                        topic=topic,
                        activity=activity,
                        minutes=minutes,
                    )
                )
            if not gathering.notes:
                if g.pk not in next_up:  # the group's next gathering: people answer
                    next_up.add(g.pk)
                    rsvps += [
                        Rsvp(
                            gathering=gathering,
                            user_id=u,
                            response=rng.choice(("yes", "yes", "yes", "maybe", "no")),
                            updated_at=self.now - dt.timedelta(days=rng.randint(0, 6)),
                        )
                        for u in g.active
                        if rng.random() < 0.6
                    ]
                continue
            self._after(g, gathering, rng, attendance, feedback, debriefs, entries)
            if g.index == 0:  # the bench gathering: the bench group's latest past one
                self.bench["gathering"] = gathering.pk
        for model, rows in (
            (AgendaItem, agenda),
            (Attendance, attendance),
            (Rsvp, rsvps),
            (Feedback, feedback),
            (Debrief, debriefs),
            (Entry, entries),
        ):
            self.insert(model, rows)
        self._topics(groups, rng)

    def _plan_gatherings(
        self, groups: list[Group], series: list[Series], rng: random.Random
    ) -> list[tuple[Group, Gathering]]:
        planned: list[tuple[Group, Gathering]] = []
        for g, one in zip(groups, series, strict=True):
            zone = ZoneInfo(self.programs[g.program].timezone)
            for offset in range(-MONTHS_PAST, MONTHS_AHEAD):
                day = self._month_start(offset).replace(day=3 + g.index % 24)
                starts = dt.datetime.combine(day, dt.time(19), tzinfo=zone).astimezone(dt.UTC)
                past = starts + dt.timedelta(minutes=90) < self.now
                notes = " ".join(rng.sample(w.NOTES_LINES, 3)) if past else ""
                planned.append(
                    (
                        g,
                        Gathering(
                            community_id=g.pk,
                            series=one,
                            uid=f"{uuid.UUID(int=rng.getrandbits(128), version=4)}@fireside",
                            title=f"{day:%B} gathering",
                            starts_at=starts,
                            duration_minutes=90,
                            timezone=zone.key,
                            location="" if g.mode == Mode.ONLINE else "Our usual room",
                            online_url=""
                            if g.mode == Mode.IN_PERSON
                            else "https://meet.example.org/circle",
                            notes=notes,
                            action_points=rng.sample(w.ACTION_POINTS, 2) if past else [],
                            reminder_sent_at=starts - dt.timedelta(days=2) if past else None,
                            notes_sent_at=starts + dt.timedelta(hours=3) if past else None,
                            created_by_id=g.facilitators[0] if g.facilitators else None,
                            created_at=self.start,
                            updated_at=min(starts + dt.timedelta(hours=3), self.now),
                        ),
                    )
                )
        return planned

    def _after(
        self,
        g: Group,
        gathering: Gathering,
        rng: random.Random,
        attendance: list[Attendance],
        feedback: list[Feedback],
        debriefs: list[Debrief],
        entries: list[Entry],
    ) -> None:
        """What a past gathering leaves: attendance, two people's feedback, perhaps a
        debrief, and its notes in the search index."""
        ended = gathering.starts_at + dt.timedelta(hours=2)
        present = []
        for u in g.active:
            came = rng.random() < 0.85
            present += [u] if came else []
            attendance.append(
                Attendance(
                    gathering=gathering,
                    user_id=u,
                    present=came,
                    minutes=90 if came else 0,
                    recorded_by_id=g.facilitators[0] if g.facilitators else None,
                    recorded_at=ended,
                )
            )
        for u in rng.sample(present, min(2, len(present))):
            worked = rng.sample(("story_sharing", "activity", "recognition", "research"), 2)
            feedback.append(
                Feedback(
                    gathering=gathering,
                    user_id=u,
                    worked=worked,
                    more_of=worked[0],
                    less_of="more_or_less" if rng.random() < 0.3 else "",
                    created_at=ended,
                )
            )
        if rng.random() < 0.5:
            debriefs.append(
                Debrief(
                    gathering=gathering,
                    logistics=rng.choice(w.DEBRIEF_LOGISTICS),
                    common_threads=rng.choice(w.DEBRIEF_THREADS),
                    wonderings=rng.choice(w.DEBRIEF_WONDERINGS),
                    written_by_id=g.facilitators[0] if g.facilitators else None,
                    created_at=ended,
                    updated_at=ended,
                )
            )
        entries.append(
            Entry(
                community_id=g.pk,
                type="gathering",
                object_id=gathering.pk,
                title=gathering.title,
                body="\n".join([gathering.notes, *gathering.action_points]),
                url=reverse("gatherings:detail", kwargs={"gathering_id": gathering.pk}),
                updated_at=gathering.updated_at,
            )
        )

    def _topics(self, groups: list[Group], rng: random.Random) -> None:
        topics = self.insert(
            Topic,
            [
                Topic(
                    community_id=g.pk,
                    proposed_by_id=rng.choice(g.active),
                    title=rng.choice(w.THREAD_TITLES),
                    created_at=self.now - dt.timedelta(days=rng.randint(1, 25)),
                )
                for g in groups
                for _ in range(3)
                if g.active
            ],
        )
        members = {g.pk: g.active for g in groups}
        self.insert(
            TopicVote,
            [
                TopicVote(topic=t, user_id=u)
                for t in topics
                for u in rng.sample(members[t.community_id], min(3, len(members[t.community_id])))
            ],
        )

    def _conversations(self, groups: list[Group]) -> None:
        rng = self.rng(f"conversations:{groups[0].index}")
        span = (self.now - self.start).total_seconds()
        kinds = [k for k in Kind.values if k != Kind.RESEARCH]
        threads: list[Thread] = []
        plans: list[tuple[Group, Thread, list[dt.datetime]]] = []  # with its replies' times
        for g in groups:
            for thread, times in self._plan_threads(g, rng, span, kinds):
                threads.append(thread)
                plans.append((g, thread, times))
        self.insert(Thread, threads)
        if groups[0].index == 0:  # the bench thread: the bench group's first
            self.bench["thread"] = plans[0][1].pk
        replies_out: list[Reply] = []
        for g, thread, times in plans:
            for at in times:
                body, html = rng.choice(self.bodies)
                hidden = rng.random() < 0.003
                replies_out.append(
                    Reply(
                        thread=thread,
                        author_id=rng.choice(g.active),
                        body=body,
                        body_html=html,
                        created_at=at,
                        hidden_at=at + dt.timedelta(hours=2) if hidden else None,
                        hidden_by_id=g.facilitators[0] if hidden and g.facilitators else None,
                        hidden_reason="Names a child; please edit it out." if hidden else "",
                    )
                )
        self.insert(Reply, replies_out)
        self._post_entries(threads, replies_out)
        self.recent_threads = {g.pk: [] for g in groups}
        for t in sorted(threads, key=lambda t: t.last_activity_at, reverse=True):
            self.recent_threads[t.community_id].append(t)
        if groups[0].index == 0:
            self.bench["search_word"] = "transitions"

    def _plan_threads(
        self, g: Group, rng: random.Random, span: float, kinds: list[str]
    ) -> list[tuple[Thread, list[dt.datetime]]]:
        """One group's threads, with the times of their replies: about 40 threads for 250
        posts, the replies spread unevenly (a few threads draw most of them). The bench
        group's first thread gets exactly BENCH_REPLIES, from a month ago to now."""
        if not g.active:
            return []
        share = self.sizes.posts // self.sizes.communities
        n_threads = max(1, share * 4 // 25)
        bench = g.index == 0
        replies = [0] * n_threads
        weights = [1 / (k + 1) ** 0.8 for k in range(n_threads)]
        rng.shuffle(weights)
        if bench:
            replies[0], weights[0] = BENCH_REPLIES, 0.0
        pool = share - n_threads - sum(replies)
        for k in rng.choices(range(n_threads), weights=weights, k=max(0, pool)):
            replies[k] += 1
        planned = []
        for k in range(n_threads):
            created = self.start + dt.timedelta(seconds=rng.random() * span * 0.97)
            if bench and k == 0:
                created = self.now - dt.timedelta(days=30)
            times, at = [], created
            gap = (self.now - created).total_seconds() / (replies[k] + 1)
            for _ in range(replies[k]):
                at = min(at + dt.timedelta(seconds=rng.uniform(0.2, 1.8) * gap), self.now)
                times.append(at)
            body, html = rng.choice(self.bodies)
            kind = rng.choice(kinds)
            answered = kind == Kind.QUESTION and rng.random() < 0.6
            thread = Thread(
                community_id=g.pk,
                author_id=rng.choice(g.active),
                kind=kind,
                title=rng.choice(w.THREAD_TITLES),
                body=body,
                body_html=html,
                created_at=created,
                last_activity_at=at,
                answered_at=created + dt.timedelta(days=1) if answered else None,
            )
            planned.append((thread, times))
        return planned

    def _post_entries(self, threads: list[Thread], replies: list[Reply]) -> None:
        """Threads and visible replies in the search index, as the actions would write: a
        reply's entry points at its thread's and copies no title."""
        urls = {t.pk: reverse("conversations:thread", kwargs={"thread_id": t.pk}) for t in threads}
        thread_entries = self.insert(
            Entry,
            [
                Entry(
                    community_id=t.community_id,
                    type="thread",
                    object_id=t.pk,
                    title=t.title,
                    body=t.body,
                    url=urls[t.pk],
                    updated_at=t.created_at,
                )
                for t in threads
            ],
        )
        parents = {e.object_id: e for e in thread_entries}
        self.insert(
            Entry,
            [
                Entry(
                    community_id=parents[r.thread_id].community_id,
                    type="reply",
                    object_id=r.pk,
                    title="",
                    body=r.body,
                    url=f"{urls[r.thread_id]}#reply-{r.pk}",
                    updated_at=r.created_at,
                    parent_id=parents[r.thread_id].pk,
                )
                for r in replies
                if r.hidden_at is None
            ],
        )
