from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def fill_user(apps: Any, schema_editor: Any) -> None:
    SeatOffer = apps.get_model("communities", "SeatOffer")
    for offer in SeatOffer.objects.select_related("membership").iterator():
        offer.user_id = offer.membership.user_id
        offer.save(update_fields=["user"])


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0004_directory_order"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="seatoffer",
            name="user",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="seat_offers",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.RunPython(fill_user, migrations.RunPython.noop),
    ]
