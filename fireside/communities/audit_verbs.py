"""The audit verbs communities records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "roles",
    {
        "communities.assign_role": _("gave a role"),
        "communities.remove_role": _("ended a role"),
        "communities.volunteer_role": _("volunteered for a role"),
        "communities.confirm_role": _("confirmed a volunteer in a role"),
        "communities.decline_role": _("declined a volunteer for a role"),
        "communities.assign_mentor": _("gave a group a mentor"),
        "communities.unassign_mentor": _("took a mentor off a group"),
    },
)
register(
    "membership",
    {
        "communities.join": _("joined a group or its waiting list"),
        "communities.promote": _("gave a waiting person a seat"),
        "communities.leave": _("left a group"),
        "communities.add_member": _("added a member"),
        "communities.invite_member": _("invited someone to join a group"),
        "communities.remove_member": _("removed a member"),
        "communities.offer_seat": _("offered a seat in another group"),
        "communities.accept_seat": _("accepted a seat in another group"),
        "communities.decline_seat": _("declined a seat in another group"),
        "communities.keep_seat": _("kept their seat for next year"),
        "communities.decline_kept_seat": _("said no thank you to their seat next year"),
    },
)
register(
    "agreements",
    {
        "communities.update_agreement": _("changed a group's agreement"),
        "communities.accept_agreement": _("accepted a group's agreement"),
    },
)
register(
    "setup",
    {
        "communities.create": _("opened a group"),
        "communities.update": _("changed a group's details"),
        "communities.set_cover": _("changed a group's cover picture"),
        "communities.remove_cover": _("removed a group's cover picture"),
        "communities.set_think": _("changed where a group offers the THINK check"),
        "communities.propose_group": _("proposed a new group"),
        "communities.approve_proposal": _("approved a proposed group"),
        "communities.decline_proposal": _("declined a proposed group"),
        "communities.withdraw_proposal": _("withdrew a proposed group"),
        "communities.take_up_facilitation": _("took up facilitating the group they proposed"),
    },
)
