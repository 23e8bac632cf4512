"""The audit verbs certificates records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "certificates",
    {
        "certificates.issue": _("issued a certificate"),
        "certificates.bulk_issue": _("started issuing certificates to everyone"),
        "certificates.revoke": _("revoked a certificate"),
    },
)
