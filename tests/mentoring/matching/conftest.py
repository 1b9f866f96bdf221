import pytest

from tests.factories import DisclosureCheckFactory, MenteeFactory, MentorFactory


@pytest.fixture
def matchable_mentor(programme):
    """An active mentor with a check in date and one free place."""
    mentor = MentorFactory(
        programme=programme, status="active", capacity=1, formats=["phone", "video"],
        with_account=True,
    )  # fmt: skip
    DisclosureCheckFactory(mentor=mentor)
    return mentor


@pytest.fixture
def waiting_mentee(programme, physiotherapist):
    from tests.factories import ReferralFactory

    referral = ReferralFactory(
        programme=programme, referred_by=physiotherapist, status="consented",
        first_name="Agnes", last_name="Lennox",
    )  # fmt: skip
    return MenteeFactory(
        programme=programme,
        first_name="Agnes",
        last_name="Lennox",
        email="agnes@example.org",
        phone="+447700900456",
        preferred_formats=["phone"],
        shared_goals="Walk to the shop and back without stopping",
        needs_hearing_support=True,
        from_referral=referral,
    )
