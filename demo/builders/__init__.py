"""Demo data: one believable programme with invented people, built area by area through
the same services people use. Safe to run again."""

from __future__ import annotations

from django.db import transaction

from demo.builders.logs import build_logs
from demo.builders.mentees import build_mentees
from demo.builders.monitoring import build_monitoring
from demo.builders.people import DEMO_ADMIN, DEMO_PASSWORD, DEMO_PEOPLE, DemoPerson, build_people
from demo.builders.recruitment import build_mentors
from demo.builders.referrals import build_referrals
from demo.builders.relationships import build_relationships
from demo.builders.training import build_modules
from mentoring.matching.districts import load_demo_districts

__all__ = ["DEMO_PASSWORD", "build_demo"]


@transaction.atomic
def build_demo() -> list[DemoPerson]:
    """Create or refresh the demo programme. Returns everyone who can sign in."""
    programme = build_people()
    build_referrals(programme)
    build_mentees(programme)
    build_mentors(programme, build_modules(programme))
    load_demo_districts()  # approximate centres of Edinburgh and the Lothians' districts
    build_relationships(programme)
    build_logs(programme)
    build_monitoring(programme)
    return [DEMO_ADMIN, *DEMO_PEOPLE]
