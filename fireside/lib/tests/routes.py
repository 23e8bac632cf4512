"""What the authorization guard and the leak test share: every URL and API route, found
automatically, and a value for each of their path arguments.

A new URL or API route needs a row in the guard's tables; a new path argument needs a
value here (an app with its own objects adds a `guard_values(world)` in its
tests/factories.py and merges it below).
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from PIL import Image

from conftest import World
from fireside.accounts.models import ApiToken, User
from fireside.accounts.photos import stored_name as photo_name
from fireside.activities.tests.factories import guard_values as activity_guard_values
from fireside.announcements.tests.factories import guard_values as announcement_guard_values
from fireside.api.urls import api
from fireside.certificates.tests.factories import guard_values as certificate_guard_values
from fireside.communities.covers import stored_name as cover_name
from fireside.communities.models import (
    Community,
    CommunityRole,
    Membership,
    MentorAssignment,
    SeatOffer,
)
from fireside.conversations import attachments
from fireside.conversations.models import (
    Attachment,
    Reply,
    ResearchItem,
    Resource,
    Term,
    Thread,
)
from fireside.enrolment.tests.factories import guard_values as enrolment_guard_values
from fireside.gatherings import answers, guests, notices
from fireside.gatherings.models import (
    DebriefCall,
    Gathering,
    GatheringGuest,
    Series,
    Topic,
    TopicCall,
)
from fireside.gatherings.tests.poll_factories import guard_poll
from fireside.hours.tests.factories import guard_values as hours_guard_values
from fireside.invitations.tests.factories import guard_values as invitation_guard_values
from fireside.lib import images
from fireside.library.tests.factories import guard_values as library_guard_values
from fireside.mentoring.tests.factories import guard_values
from fireside.mentoring.tests.pair_message_factories import (
    guard_values as pair_message_guard_values,
)
from fireside.notifications.actions import unsubscribe_token
from fireside.notifications.models import Notification
from fireside.programs.logos import stored_name as logo_name
from fireside.programs.models import Program, ProgramRoleType
from fireside.programs.tests.factories import guard_values as program_guard_values
from fireside.programs.tests.factories import rollover_guard_values
from fireside.stories.tests.factories import guard_values as story_guard_values
from fireside.surveys.tests.factories import guard_values as survey_guard_values

GUARD_ROLE_TYPE = "guard-role"  # a role type of the world's program, in use nowhere


def guard_role_type(w: World) -> None:
    """The world's program gets its own role type, used by no group and no eligible list,
    for the routes that rename or remove one. Returns no body."""

    ProgramRoleType.objects.get_or_create(
        program=w.program, code=GUARD_ROLE_TYPE, defaults={"name": "Guard role"}
    )


def web_names() -> dict[str, list[str]]:
    """Every named URL outside the admin and the API, with its path arguments."""
    found: dict[str, list[str]] = {}

    def walk(patterns: list[Any], namespace: str, args: list[str]) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in {"admin", "api"} or (p.app_name or "") == "api":
                    continue
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns, args + list(p.pattern.converters))
            elif isinstance(p, URLPattern) and p.name:
                found[f"{namespace}{p.name}"] = args + list(p.pattern.converters)

    walk(get_resolver().url_patterns, "", [])
    return found


def api_routes() -> set[tuple[str, str]]:
    """Every (METHOD, OpenAPI path) of the v1 API."""
    schema = api.get_openapi_schema()
    return {(method.upper(), path) for path, ops in schema["paths"].items() for method in ops}


def path_values(w: World) -> dict[str, Any]:
    """One object of each kind in the world's community, made for the guard, and a value
    for every path argument. Files go to MEDIA_ROOT: point it at a temporary folder."""
    role = CommunityRole.objects.get(community=w.community, user=w.facilitator)
    waiting = Membership.objects.get(community=w.community, user=w.waitlisted)
    offer, _ = SeatOffer.objects.get_or_create(
        membership=waiting,
        to_community=w.other_community,
        defaults={"token": "offer-for-walt", "user": w.waitlisted},
    )
    thread, _ = Thread.objects.get_or_create(
        community=w.community,
        author=w.member,
        defaults={
            "kind": "question",
            "title": "Guarded",
            "body": "b",
            "body_html": "<p>b</p>",
            "last_activity_at": timezone.now(),
        },
    )
    reply, _ = Reply.objects.get_or_create(
        thread=thread, author=w.facilitator, defaults={"body": "r", "body_html": "<p>r</p>"}
    )
    guard_file = "resources/guard-resource.txt"
    if not default_storage.exists(guard_file):
        default_storage.save(guard_file, ContentFile(b"Guarded\n"))
    resource, _ = Resource.objects.get_or_create(
        community=w.community,
        author=w.member,
        title="Guarded",
        defaults={"provenance": "found", "file": guard_file, "filename": "guard.txt", "size": 8},
    )
    _plant_pictures(w)
    for name in ("attachments/guard.webp", "attachments/guard-thumb.webp"):
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(b"RIFF guarded"))
    attachment, _ = Attachment.objects.get_or_create(
        reply=reply,
        uploader=w.facilitator,
        defaults={
            "file": "attachments/guard.webp",
            "thumbnail": "attachments/guard-thumb.webp",
            "filename": "guard.webp",
            "content_type": "image/webp",
            "size": 12,
            "width": 64,
            "height": 64,
        },
    )
    Reply.objects.filter(pk=reply.pk).update(attached=[attachments.shown(attachment)])
    term, _ = Term.objects.get_or_create(community=w.community, name="Guarded")
    research, _ = ResearchItem.objects.get_or_create(
        community=w.community, thread=thread, defaults={"title": "Guarded", "summary": "s"}
    )
    note = Notification.objects.create(
        user=w.member, community=w.community, kind="reply", text="t", url=thread.get_absolute_url()
    )
    # The world's mentor supports its group, and a debrief conversation is planned.
    MentorAssignment.objects.get_or_create(community=w.community, mentor=w.mentor)
    if not DebriefCall.objects.live().filter(gathering=w.gathering).exists():
        DebriefCall.objects.create(
            gathering=w.gathering,
            starts_at=timezone.now() + dt.timedelta(days=1),
            timezone="America/Vancouver",
            online_url="https://meet.example.org/guarded",
            proposed_by=w.facilitator,
        )
    # A guest invited to the gathering under way, and her signed link.
    guest, _ = GatheringGuest.objects.get_or_create(
        gathering=w.gathering,
        email="guarded-guest@example.org",
        defaults={"name": "Ada Guarded", "note": "early-literacy specialist"},
    )
    # Fay asked the group for topics for the gathering under way (its call has closed).
    TopicCall.objects.get_or_create(
        gathering=w.gathering,
        defaults={"opened_by": w.facilitator, "closes_at": w.gathering.starts_at},
    )
    # And for the next gathering, a call still open: its members suggest topics.
    coming = Gathering.objects.filter(community=w.community, title="Guarded, to come").first()
    if coming is None:
        coming = Gathering.objects.create(
            community=w.community,
            title="Guarded, to come",
            starts_at=timezone.now() + dt.timedelta(days=7),
            duration_minutes=90,
            timezone="America/Vancouver",
            location="Library",
            created_by=w.facilitator,
        )
    open_call, _ = TopicCall.objects.get_or_create(
        gathering=coming,
        defaults={"opened_by": w.facilitator, "closes_at": coming.starts_at},
    )
    token = ApiToken.objects.filter(user=w.member, name="Guarded").first()
    if token is None:
        ApiToken.issue(w.member, name="Guarded")
        token = ApiToken.objects.get(user=w.member, name="Guarded")
    shared = {
        "token_id": token.pk,
        "notification_id": note.pk,
        "token": unsubscribe_token(w.member.pk, w.community.pk, "reply"),
        "thread_id": thread.pk,
        "reply_id": reply.pk,
        "resource_id": resource.pk,
        "attachment_id": attachment.pk,
        "term_id": term.pk,
        "research_id": research.pk,
        "post_id": thread.pk,
        "kind": "thread",
        "gathering_id": w.gathering.pk,
        "topic_call_id": open_call.pk,
        "series_id": Series.objects.get_or_create(community=w.community, rrule="FREQ=WEEKLY")[0].pk,
        "topic_id": Topic.objects.get_or_create(community=w.community, title="Guard topic")[0].pk,
        "poll_id": guard_poll(w).pk,
        "feed_token": notices.feed_for(w.member).token,
        # Mina's "yes" link for the gathering under way, as her email carries it.
        "answer_token": answers.answer_token(user=w.member, gathering=w.gathering, response="yes"),
        "offer_token": offer.token,
        "guest_id": guest.pk,
        "guest_token": guests.guest_token(guest),
        "membership_id": waiting.pk,
        "community_id": w.community.pk,
        "program_id": w.program.pk,
        "key": "confidence",  # the report's chart drawn whatever the date
        "chart": "group-confidence",  # a group's progress chart drawn whatever the date
        "role_code": GUARD_ROLE_TYPE,  # made by the guard's bodies where a route needs it
        "role_id": role.pk,
        "user_id": w.facilitator.pk,
        "mentor_id": w.mentor.pk,
        "role": "facilitator",
        "size": 96,
        "width": 480,
        "uidb64": "MQ",
        "token_": "x",
    }
    # Each app's own values, in this order (some build on what the ones before made). A key
    # two apps both name would silently take the later one's object for the earlier one's
    # routes (and pass on SQLite, whose ids often coincide), so it is refused.
    for values in (
        guard_values,
        pair_message_guard_values,
        certificate_guard_values,
        hours_guard_values,
        story_guard_values,
        survey_guard_values,
        announcement_guard_values,
        library_guard_values,
        rollover_guard_values,
        program_guard_values,
        invitation_guard_values,
        enrolment_guard_values,
        activity_guard_values,
    ):
        extra = values(w)
        clash = sorted(shared.keys() & extra.keys())
        assert not clash, f"{values.__module__} names path values already taken: {clash}"
        shared.update(extra)
    return shared


@functools.cache
def _picture(width: int, height: int) -> bytes:
    return images.encode(Image.new("RGB", (64, 64), (120, 60, 20)), width, height)


def _plant_pictures(w: World) -> None:
    """Fay has a photo (her group's members see it), her group a cover (public) and the
    program a logo (for its coordinators and staff)."""
    for name, (width, height) in [
        (photo_name("guard-photo", 96), (96, 96)),
        (cover_name("guard-cover", 480), (480, 270)),
        (logo_name("guard-logo"), (200, 80)),
    ]:
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(_picture(width, height)))
    User.objects.filter(pk=w.facilitator.pk).update(photo="guard-photo")
    w.facilitator.photo = "guard-photo"
    Community.objects.filter(pk=w.community.pk).update(cover="guard-cover", cover_alt="Pines")
    Program.objects.filter(pk=w.program.pk).update(logo="guard-logo")


def response_text(response: Any) -> str:
    """A response's body as text, streamed or not (undecodable bytes replaced)."""
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return str(content.decode(errors="replace"))
