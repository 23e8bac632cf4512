from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import migrations, models
from django.utils.crypto import salted_hmac


def stamp_existing(apps: Any, schema_editor: Any) -> None:
    """Tokens made before this keep working until their owner's password changes."""
    ApiToken = apps.get_model("accounts", "ApiToken")
    for token in ApiToken.objects.select_related("user").iterator():
        token.password_stamp = salted_hmac(
            "fireside.accounts.ApiToken.password",
            token.user.password,
            secret=settings.SECRET_KEY,
            algorithm="sha256",
        ).hexdigest()
        token.save(update_fields=["password_stamp"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_pending_email"),
    ]

    operations = [
        migrations.AddField(
            model_name="apitoken",
            name="name",
            field=models.CharField(blank=True, max_length=100, verbose_name="name"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="last_used_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="last used"),
        ),
        migrations.AddField(
            model_name="apitoken",
            name="password_stamp",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(stamp_existing, migrations.RunPython.noop),
    ]
