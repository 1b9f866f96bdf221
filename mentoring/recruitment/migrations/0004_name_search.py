from django.db import migrations

from core.postgres import ENABLE_TRIGRAMS, trigram_index


class Migration(migrations.Migration):
    """Finding a mentor by name (the relationships list, the suggestions page's look-up):
    trigram indexes, PostgreSQL only (see core.postgres)."""

    dependencies = [("recruitment", "0003_mentor_gender_mentor_interests")]

    operations = [
        ENABLE_TRIGRAMS,
        trigram_index(
            name="mentor_first_name_trgm", table="recruitment_mentor", column="first_name"
        ),
        trigram_index(
            name="mentor_last_name_trgm", table="recruitment_mentor", column="last_name"
        ),
    ]
