"""The audit verbs enrolment records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "membership",
    {
        "enrolment.preview": _("checked a participants' file"),
        "enrolment.import": _("enrolled participants from a spreadsheet"),
    },
)
