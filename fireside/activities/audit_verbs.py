"""The audit verbs activities records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "activity",
    {
        "activities.open_round": _("started a “more or less” round"),
        "activities.close_round": _("closed a “more or less” round"),
        "activities.hide_feedback": _("hid feedback on a practice session"),
        "activities.restore_feedback": _("showed hidden feedback on a practice session again"),
    },
)
