"""A participants' file the demo coordinator checked and has not confirmed yet (see
seed_demo): two newcomers for a group with open seats, one with a date to correct."""

from __future__ import annotations

from django.db.models import F

from fireside.accounts.models import User
from fireside.communities.models import Community
from fireside.enrolment.actions import check_preview_import
from fireside.enrolment.models import EnrolmentImport
from fireside.programs.models import Program


def seed_enrolment_preview(program: Program, coordinator: User, domain: str) -> EnrolmentImport:
    group = (
        Community.objects.with_counts()
        .filter(program=program, active_count__lt=F("capacity"))  # type: ignore[misc]
        .order_by("name")
        .first()
    )
    name, audience = (group.name, group.audience) if group else ("", "ece")
    text = (
        "Nom;Courriel;Type de rôle;Région;Groupe;Rôle;Date d'arrivée\r\n"
        f"Noor Haddad;noor.haddad@{domain};{audience};;{name};membre;\r\n"
        f"Tomás Ferreira;tomas.ferreira@{domain};{audience};;{name};membre;le 3 octobre\r\n"
    )
    return check_preview_import(
        actor=coordinator,
        program=program,
        data=text.encode("utf-8"),
        filename="nouvelles-inscriptions.csv",
    )
