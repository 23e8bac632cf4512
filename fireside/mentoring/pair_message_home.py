"""Home: "N new messages from your peer partner", one task per pair with new ones. No query
of its own: the counts come with the pairs the peer-mentoring section reads anyway
(fireside.mentoring.home._pairs_now)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.lib.home import Task, Urgency, Viewer, register_tasks
from fireside.mentoring.home import home_summary
from fireside.mentoring.pair_messages import thread_url


def new_messages(viewer: Viewer) -> list[Task]:
    if not viewer.places.active:
        return []
    return [
        Task(
            kind="pair-messages",
            urgency=Urgency.TODAY,
            title=ngettext(
                "%(n)d new message from your peer partner",
                "%(n)d new messages from your peer partner",
                pair.new_messages,
            )
            % {"n": pair.new_messages},
            detail=pair.pairing.community.name,
            action=_("Read and reply"),
            url=thread_url(pair.pairing.pk) + "#first-unread",
            count=pair.new_messages,
        )
        for pair in home_summary(viewer.user, viewer.places).pairs
        if pair.new_messages
    ]


def register_all() -> None:
    register_tasks(new_messages, order=39)
