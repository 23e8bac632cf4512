"""The audit verbs accounts records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "roles",
    {
        "accounts.role_type_confirm": _("confirmed a person's new role type"),
        "accounts.role_type_decline": _("declined a person's change of role type"),
    },
)
# Someone's own download is theirs and staff's, not their coordinators'.
register(
    "exports",
    {
        "accounts.export": _("downloaded their own data"),
    },
    staff_only=True,
)
register(
    "accounts",
    {
        "accounts.register": _("created their account"),
        "accounts.verify_email": _("confirmed their email address"),
        "accounts.reset_password": _("reset their password"),
        "accounts.issue_token": _("made an API token"),
        "accounts.revoke_token": _("revoked an API token"),
        "accounts.revoke_tokens": _("lost their API tokens to a new password"),
        "accounts.update_profile": _("updated their profile"),
        "accounts.role_type_request": _("asked to change their role type"),
        "accounts.role_type_withdraw": _("withdrew a change of role type"),
        "accounts.set_photo": _("changed their photo"),
        "accounts.remove_photo": _("removed their photo"),
        "accounts.request_email_change": _("asked to change their email address"),
        "accounts.change_email": _("changed their email address"),
        "accounts.cancel_email_change": _("stopped a change of email address"),
        "accounts.two_factor_on": _("turned on two-step sign-in"),
        "accounts.two_factor_off": _("turned off two-step sign-in"),
        "accounts.recovery_codes": _("made new recovery codes"),
        "accounts.erase": _("erased an account"),
    },
)
