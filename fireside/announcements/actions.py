"""Announcements: a group's organiser or facilitators tell every member something at once.
Each member gets it by email, in their own language, and finds it on their home until they
mark it read. Only the group's active members ever read one.

Audit events name the announcement, never its words.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.announcements.models import BODY_MAX, TITLE_MAX, Announcement, AnnouncementRead
from fireside.communities.access import resolve_standing
from fireside.communities.models import Community, Membership
from fireside.lib import ratelimit
from fireside.lib.audit import record
from fireside.lib.errors import NotAllowed, TooMany
from fireside.lib.mail import send_templated
from fireside.lib.text import clean_text

# A group hears from its organisers now and then: more than this in an hour is a mistake
# (a double tap, a script), not news.
POSTS_PER_HOUR = 10


def check_post_announcement(
    *, author: User, community: Community, title: object, body: object
) -> Announcement:
    """The group's organiser or a facilitator tells every member. Bad input, someone
    without that role, or too many in an hour: refused, nothing written, nothing sent."""
    clean_title = clean_text(title, "title", TITLE_MAX, required=True)
    clean_body = clean_text(body, "body", BODY_MAX, required=True)
    if not resolve_standing(author, community).can_plan:
        raise NotAllowed(
            _("Announcements to the group are posted by its organiser or its facilitators.")
        )
    if not ratelimit.attempt("announce", str(author.pk), POSTS_PER_HOUR, 3600):
        raise TooMany(
            _("You posted %(n)s announcements in the last hour. Please wait a little.")
            % {"n": POSTS_PER_HOUR}
        )
    with transaction.atomic():
        item = Announcement.objects.create(
            community=community, author=author, title=clean_title, body=clean_body
        )
        # The author has read what they wrote: it never waits on their own home.
        AnnouncementRead.objects.create(announcement=item, user=author)
        record(author, "announcements.post", community, announcement_id=item.pk)
        _send(item)
    return item


def _send(item: Announcement) -> None:
    url = reverse("announcements:detail", args=[item.pk])
    for membership in (
        Membership.objects.filter(community=item.community, status=Membership.Status.ACTIVE)
        .exclude(user=item.author)
        .select_related("user")
        .order_by("pk")
    ):
        user = membership.user
        send_templated(
            "announcement",
            {"user": user, "announcement": item, "community": item.community, "url": url},
            user.email,
        )


def for_member(user: Any, community: Community) -> QuerySet[Announcement]:
    """A group's announcements, newest first, each with whether this member read it
    (`is_read`). The caller has checked that they are a member."""
    return (
        Announcement.objects.filter(community=community)
        .select_related("author")
        .annotate(
            is_read=Exists(AnnouncementRead.objects.filter(announcement=OuterRef("pk"), user=user))
        )
    )


def do_mark_read(*, user: User, announcement: Announcement) -> None:
    """Once is enough: marking it again changes nothing."""
    if AnnouncementRead.objects.filter(announcement=announcement, user=user).exists():
        return
    try:
        with transaction.atomic():
            AnnouncementRead.objects.create(announcement=announcement, user=user)
    except IntegrityError:  # marked at the same moment from another tab
        pass


# --- Personal data ------------------------------------------------------------------------


def export_for(user: User) -> dict[str, list[dict[str, Any]]]:
    posted = [
        {
            "group": a.community.name,
            "title": a.title,
            "body": a.body,
            "created_at": a.created_at.isoformat(),
        }
        for a in Announcement.objects.filter(author=user).select_related("community")
    ]
    read = [
        {
            "announcement_id": r.announcement_id,
            "read_at": r.read_at.isoformat(),
        }
        for r in AnnouncementRead.objects.filter(user=user).order_by("read_at", "pk")
    ]
    return {"posted": posted, "read": read}


def do_erase_for(*, user: User) -> None:
    """What they read is theirs and goes; what they announced stays the group's record,
    under "A former member" (the author link empties when the account goes)."""
    AnnouncementRead.objects.filter(user=user).delete()
