"""The audit verbs hours records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "attendance",
    {
        "hours.record_time": _("recorded time that counts for hours"),
        "hours.change_time": _("changed recorded time"),
        "hours.remove_time": _("removed recorded time"),
    },
)
register(
    "exports",
    {
        "hours.export_csv": _("downloaded everyone's hours (CSV)"),
    },
)
