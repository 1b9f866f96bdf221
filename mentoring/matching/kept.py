"""What the matching pages work out, kept in the cache until something it depends on changes.

Scoring a national waiting list against every mentor with a free place takes about a second,
so the cohort assignment (and one mentee's ranked suggestions) is kept in Django's cache
(core.cache: Redis, or this process's memory when Redis is down) under a key that says
what it was worked out from: `fingerprint()`, one query that reads, for the programme,

- today's date (training and disclosure checks expire; the key changes at midnight),
- the waiting mentees: how many, the latest `updated_at`, the sum of their ids,
- the relationships that hold a mentor's place (proposed, active, paused): the same three,
- the active mentors: the same three (a mentor paused, edited or activated changes it),
- the largest id of any training record and of any disclosure check (an index look-up, in
  every programme: both are only ever added, and removed only with their mentor, which
  changes the mentors' part; a record's expiry changes only with its module's validity),
- the programme's training modules, every column the "training in date" rule reads,
- the postcode district centres: how many, and the sum of their coordinates,

and the programme's matching settings (the weights and "near enough", already loaded with
the programme). Any change to any of them gives another key, so the next visit works it out
afresh; a key nobody asks for again simply expires. The rule is in this one function: a new
thing scoring depends on must be added here. The mentees' and mentors' parts are read from
indexes that include `updated_at` and `id` (`mentee_programme_waiting`,
`mentor_programme_status`), not from the tables: at 10,000 mentors the query takes about
5 ms, not 15.

Rejected pairs live in the coordinator's session and are applied after the cache: the
assignment's cached graph keeps each mentee's best suggestions with some to spare
(assignment.Kept), so leaving rejected pairs out and solving again needs no scoring; the
result for each set of rejected pairs is cached too. Where the spare suggestions do not
reach (a mentee with very many rejected pairs), it is scored again in full.

What is cached holds ids and numbers only, never names: the pages load the people they
show (one query each side) from the database, through `visible_to`."""

from __future__ import annotations

import hashlib
import logging
from typing import Any

from django.core.cache import cache
from django.db import connection

from core.choices import HOLDS_PLACE
from mentoring.matching.models import PostcodeDistrict, Relationship
from mentoring.matching.scoring import Weights
from mentoring.mentees.models import Mentee
from mentoring.recruitment.models import DisclosureCheck, Mentor
from mentoring.training.models import TrainingModule, TrainingRecord

logger = logging.getLogger(__name__)

KEEP_SECONDS = 24 * 60 * 60  # the key holds today's date: nothing is used after today


def _sql() -> str:
    mentee, relationship = Mentee._meta.db_table, Relationship._meta.db_table
    mentor, record = Mentor._meta.db_table, TrainingRecord._meta.db_table
    check, module = DisclosureCheck._meta.db_table, TrainingModule._meta.db_table
    district = PostcodeDistrict._meta.db_table
    three = "concat_ws(',', count(*), max(x.updated_at), sum(x.id))"
    holds = ", ".join(f"%(h{i})s" for i in range(len(HOLDS_PLACE)))
    # Only the models' table names are put in; every value is a parameter.
    return f"""
    SELECT
      (SELECT {three} FROM {mentee} x
        WHERE x.programme_id = %(p)s AND x.waiting_since IS NOT NULL),
      (SELECT {three} FROM {relationship} x
        WHERE x.programme_id = %(p)s AND x.status IN ({holds})),
      (SELECT {three} FROM {mentor} x WHERE x.programme_id = %(p)s AND x.status = %(active)s),
      (SELECT max(r.id) FROM {record} r),
      (SELECT max(c.id) FROM {check} c),
      (SELECT string_agg(concat_ws(':', t.id, t.required, t.is_active, t.validity_months,
                                   t.pass_mark), ',' ORDER BY t.id)
        FROM {module} t WHERE t.programme_id = %(p)s),
      (SELECT concat_ws(',', count(*), sum(d.latitude + d.longitude)) FROM {district} d)
    """  # noqa: S608


def fingerprint(programme_id: int, today: Any, weights: Weights) -> str:
    """A short key for everything the matching of this programme depends on (one query)."""
    params: dict[str, Any] = {"p": programme_id, "active": Mentor.Status.ACTIVE}
    params.update({f"h{i}": str(status) for i, status in enumerate(HOLDS_PLACE)})
    with connection.cursor() as cursor:
        cursor.execute(_sql(), params)
        row = cursor.fetchone()
    text = repr((programme_id, str(today), weights, row))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def get(key: str) -> Any:
    """The cached value, or None; a cache that fails is no cache (the page works it out)."""
    try:
        return cache.get(key)
    except Exception:
        logger.warning("matching: the cache could not be read", exc_info=True)
        return None


def put(key: str, value: Any) -> None:
    try:
        cache.set(key, value, KEEP_SECONDS)
    except Exception:
        logger.warning("matching: the cache could not be written", exc_info=True)
