"""One connection per pair and day, no longer than the program's maximum (security finding 3).

Rows already there are brought within the rules before the constraint is added: where a
pair has several connections on one day, the first one logged stays, with the longest of
their lengths, and the others go; any connection longer than its program's maximum (180
minutes until a program chooses otherwise) is shortened to it."""

from django.db import migrations, models
from django.db.models import Count, Max


def _within_the_rules(apps, schema_editor):
    Connection = apps.get_model("mentoring", "Connection")
    days = (
        Connection.objects.values("pairing_id", "happened_on")
        .annotate(n=Count("pk"), longest=Max("minutes"))
        .filter(n__gt=1)
    )
    for day in days.iterator():
        rows = Connection.objects.filter(
            pairing_id=day["pairing_id"], happened_on=day["happened_on"]
        ).order_by("created_at", "pk")
        kept = rows.first()
        rows.exclude(pk=kept.pk).delete()
        kept.minutes = day["longest"]
        kept.save(update_fields=["minutes"])
    for connection in Connection.objects.filter(
        minutes__gt=models.F("pairing__community__program__max_connection_minutes")
    ).select_related("pairing__community__program"):
        connection.minutes = connection.pairing.community.program.max_connection_minutes
        connection.save(update_fields=["minutes"])


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0002_nudge_each_person"),
        ("programs", "0002_max_connection_minutes"),
    ]

    # The constraint comes in the next migration: PostgreSQL alters no table with changes
    # still pending in the same transaction.
    operations = [migrations.RunPython(_within_the_rules, migrations.RunPython.noop)]
