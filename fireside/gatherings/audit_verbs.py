"""The audit verbs gatherings records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "attendance",
    {
        "gatherings.attendance": _("recorded attendance"),
        "gatherings.attendance_corrected": _("changed someone's recorded minutes"),
        "gatherings.check_in": _("checked in to a gathering with its code"),
        "gatherings.guest_attendance": _("recorded which guests came"),
    },
)
register(
    "activity",
    {
        "gatherings.schedule": _("scheduled gatherings"),
        "gatherings.update": _("changed a gathering"),
        "gatherings.update_series": _("changed a series of gatherings"),
        "gatherings.cancel": _("cancelled a gathering"),
        "gatherings.propose_topic": _("proposed a topic"),
        "gatherings.debrief": _("wrote a debrief"),
        "gatherings.schedule_debrief_call": _("set a time to talk a gathering over"),
        "gatherings.change_debrief_call": _("moved the time to talk a gathering over"),
        "gatherings.cancel_debrief_call": _("called off the time to talk a gathering over"),
        "gatherings.remind_debrief": _("reminded people to write a debrief"),
        "gatherings.poll_open": _("opened a date poll"),
        "gatherings.poll_decide": _("turned a date poll into a gathering"),
        "gatherings.change_rhythm": _("changed how often a series meets"),
        "gatherings.guest_invited": _("invited a guest to a gathering"),
        "gatherings.guest_withdrawn": _("withdrew a guest's invitation"),
        "gatherings.open_topic_call": _("asked the group for topics"),
    },
)
register(
    "accounts",
    {
        "gatherings.rotate_feed": _("replaced their calendar address"),
    },
)
