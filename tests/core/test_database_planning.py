"""Connections ask PostgreSQL to plan joins in the order written beyond 5 tables
(config/settings.py): a record shown with the people around it joins 10, and weighing every
order of those took longer than running the query."""

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_connections_keep_the_written_join_order_beyond_five_tables():
    with connection.cursor() as cursor:
        cursor.execute("SHOW join_collapse_limit")
        assert cursor.fetchone() == ("5",)
