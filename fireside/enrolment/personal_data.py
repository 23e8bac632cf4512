"""What enrolment imports store about people (see fireside/accounts/personal_data.py).

An import's `rows` hold the participants' names and addresses only while the import is
previewed or running: they are emptied when it finishes, and a preview nobody confirmed is
deleted after a day (fireside/enrolment/actions.py, PREVIEW_TTL). Erasing a person also
removes their row from any import still holding rows."""

from __future__ import annotations

from fireside.accounts.models import User
from fireside.accounts.personal_data import Exempt, register
from fireside.enrolment.models import EnrolmentImport


def erase_for(user: User) -> None:
    email = user.email.lower()
    for record in EnrolmentImport.objects.exclude(rows=[]).filter(rows__icontains=email):
        kept = [r for r in record.rows if str(r.get("email", "")).lower() != email]
        EnrolmentImport.objects.filter(pk=record.pk).update(rows=kept)
    EnrolmentImport.objects.filter(created_by=user).update(filename="")


def register_all() -> None:
    register(
        app="enrolment",
        exempt=(
            Exempt(
                "enrolment.EnrolmentImport",
                ("created_by", "filename", "sha256", "kind", "state", "task_id"),
                "A coordinator's import of a participants' file: the program's record. The "
                "file's name is emptied when the coordinator's account is erased.",
            ),
            Exempt(
                "enrolment.EnrolmentImport",
                ("rows", "counts", "result"),
                "Other people's rows of a participants' file (the coordinator's upload), "
                "kept only until the import finishes or a day after an unconfirmed preview; "
                "the counts are numbers.",
            ),
        ),
        erase=erase_for,
        erase_order=40,
    )
