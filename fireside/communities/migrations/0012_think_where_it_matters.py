"""The THINK check becomes a choice (nowhere, new conversations, or conversations and
replies). Groups that had it on keep it where it was, on new conversations; groups that
had it off keep it off."""

from django.db import migrations, models


def forwards(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    Community.objects.filter(think_check=False).update(think="off")
    Community.objects.filter(think_check=True).update(think="threads")


def backwards(apps, schema_editor):
    Community = apps.get_model("communities", "Community")
    Community.objects.filter(think="off").update(think_check=False)
    Community.objects.exclude(think="off").update(think_check=True)


class Migration(migrations.Migration):
    dependencies = [
        ("communities", "0011_community_audience_per_program"),
    ]

    operations = [
        migrations.AddField(
            model_name="community",
            name="think",
            field=models.CharField(
                choices=[
                    ("off", "Nowhere"),
                    ("threads", "On new conversations"),
                    ("everywhere", "On new conversations and replies"),
                ],
                default="threads",
                help_text="True? Helpful? Inspiring? Necessary? Kind? A gentle reminder; never a block.",
                max_length=16,
                verbose_name="where to offer the THINK check",
            ),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="community", name="think_check"),
    ]
