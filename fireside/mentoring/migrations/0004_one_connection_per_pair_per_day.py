from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0003_connections_within_the_rules")]

    operations = [
        migrations.AddConstraint(
            model_name="connection",
            constraint=models.UniqueConstraint(
                fields=("pairing", "happened_on"), name="one_connection_per_pair_per_day"
            ),
        ),
    ]
