"""The audit verbs programs records, in the words a coordinator would use: audit finds this
module at start-up (fireside/lib/audit_verbs.py)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import register

register(
    "roles",
    {
        "programs.add_coordinator": _("named a coordinator"),
        "programs.remove_coordinator": _("removed a coordinator"),
        "programs.add_mentor": _("named a mentor"),
        "programs.remove_mentor": _("removed a mentor"),
    },
)
register(
    "setup",
    {
        "programs.create": _("created the program"),
        "programs.update": _("changed the program's settings"),
        "programs.set_commitment": _("changed a commitment period"),
        "programs.rollover": _("started next year"),
        "programs.set_group_words": _("changed what the program calls a group"),
        "programs.role_type_add": _("added a role type"),
        "programs.role_type_rename": _("renamed a role type"),
        "programs.role_type_move": _("moved a role type in the list"),
        "programs.role_type_remove": _("removed a role type"),
        "programs.set_contact": _("changed the program's contact person"),
        "programs.set_logo": _("changed the program's logo"),
        "programs.remove_logo": _("removed the program's logo"),
        "programs.faq_add": _("added a question to the FAQ"),
        "programs.faq_update": _("changed a question in the FAQ"),
        "programs.faq_publish": _("published a question in the FAQ"),
        "programs.faq_unpublish": _("took a question in the FAQ back to draft"),
        "programs.faq_move": _("moved a question in the FAQ"),
        "programs.faq_delete": _("deleted a question from the FAQ"),
    },
)
