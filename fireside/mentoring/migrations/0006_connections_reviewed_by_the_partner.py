"""A connection logged by one partner is now confirmed or disputed by the other
(fireside/mentoring/models.py, counting_q).

No row is changed, on purpose. Nobody confirmed the connections already logged, so none is
marked confirmed. The rule itself decides how they count from now on: a connection logged
7 or more days ago has stood on the pair page, in front of the partner, that long without
being challenged, so it keeps counting; one logged in the last 7 days becomes pending until
its 7 days have passed (or the partner confirms it). Issue 16's migrations already merged
the duplicates of a day and capped the lengths."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("mentoring", "0005_reflection_prompts_policy_and_reminders"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="connection",
            name="confirmed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="connection",
            name="confirmed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="connection",
            name="dispute_note",
            field=models.TextField(blank=True, verbose_name="what did not happen"),
        ),
        migrations.AddField(
            model_name="connection",
            name="disputed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="connection",
            name="disputed_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="connection",
            name="settled_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="connection",
            name="settled_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="connection",
            name="settled_counts",
            field=models.BooleanField(blank=True, null=True),
        ),
        migrations.AddConstraint(
            model_name="connection",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("settled_at__isnull", True),
                    models.Q(("disputed_at__isnull", False), ("settled_counts__isnull", False)),
                    _connector="OR",
                ),
                name="connection_settled_after_dispute",
            ),
        ),
    ]
