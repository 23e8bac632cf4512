"""The audit verbs library records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "activity",
    {
        "library.publish": _("added to the program library"),
        "library.edit": _("changed an entry of the program library"),
        "library.remove": _("removed an entry from the program library"),
    },
)
