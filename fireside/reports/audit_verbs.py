"""The audit verbs reports records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "exports",
    {
        "reports.export_csv": _("downloaded the program report (CSV)"),
        "reports.export_pdf": _("downloaded the program report (PDF)"),
    },
)
