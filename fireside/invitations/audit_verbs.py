"""The audit verbs invitations records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "membership",
    {
        "invitations.create": _("invited someone by email"),
        "invitations.resend": _("sent an invitation again"),
        "invitations.withdraw": _("withdrew an invitation"),
        "invitations.accept": _("accepted an invitation"),
        "invitations.decline": _("declined an invitation"),
    },
)
