from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("matching", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel("PlanDefaults", "MatchingSettings"),
        migrations.AlterModelOptions(
            name="matchingsettings",
            options={
                "verbose_name": "matching settings",
                "verbose_name_plural": "matching settings",
            },
        ),
    ]
