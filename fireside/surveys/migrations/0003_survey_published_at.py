import django.utils.timezone
from django.db import migrations, models


def publish_existing(apps, schema_editor):
    """Every survey built before drafts existed was published when it was created."""
    Survey = apps.get_model("surveys", "Survey")
    Survey.objects.update(published_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0002_question_required_section_and_confidence_goals"),
    ]

    operations = [
        migrations.AddField(
            model_name="survey",
            name="published_at",
            field=models.DateTimeField(blank=True, default=django.utils.timezone.now, null=True),
        ),
        migrations.RunPython(publish_existing, migrations.RunPython.noop),
    ]
