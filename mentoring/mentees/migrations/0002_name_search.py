from django.db import migrations

from core.postgres import ENABLE_TRIGRAMS, trigram_index


class Migration(migrations.Migration):
    """The waiting list's and the relationships list's name search (icontains on each name):
    trigram indexes, PostgreSQL only (see core.postgres)."""

    dependencies = [("mentees", "0001_initial")]

    operations = [
        ENABLE_TRIGRAMS,
        trigram_index(name="mentee_first_name_trgm", table="mentees_mentee", column="first_name"),
        trigram_index(name="mentee_last_name_trgm", table="mentees_mentee", column="last_name"),
    ]
