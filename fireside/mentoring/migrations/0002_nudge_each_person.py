"""Nudges are told per person (each in their own zone's morning), so the "nudged for this
quiet spell" mark moves from the pair to each seat, keeping the marks already made."""

from __future__ import annotations

from typing import Any

from django.db import migrations, models


def copy_marks(apps: Any, schema_editor: Any) -> None:
    Pairing = apps.get_model("mentoring", "Pairing")
    PairMember = apps.get_model("mentoring", "PairMember")
    for pk, nudged_after in Pairing.objects.filter(nudged_after__isnull=False).values_list(
        "pk", "nudged_after"
    ):
        PairMember.objects.filter(pairing_id=pk).update(nudged_after=nudged_after)


def copy_marks_back(apps: Any, schema_editor: Any) -> None:
    Pairing = apps.get_model("mentoring", "Pairing")
    PairMember = apps.get_model("mentoring", "PairMember")
    marks = PairMember.objects.filter(nudged_after__isnull=False)
    for pairing_id, nudged_after in marks.values_list("pairing_id", "nudged_after"):
        Pairing.objects.filter(pk=pairing_id).filter(
            models.Q(nudged_after__isnull=True) | models.Q(nudged_after__lt=nudged_after)
        ).update(nudged_after=nudged_after)


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="pairmember",
            name="nudged_after",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.RunPython(copy_marks, copy_marks_back),
        migrations.RemoveField(model_name="pairing", name="nudged_after"),
    ]
