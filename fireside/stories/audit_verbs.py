"""The audit verbs stories records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "activity",
    {
        "stories.tell": _("told a value story"),
        "stories.edit": _("edited a value story"),
        "stories.withdraw": _("stopped sharing a value story"),
        "stories.delete": _("deleted a value story"),
    },
)
