import pytest

from sessions_log.monitoring.models import Feedback
from sessions_log.monitoring.rules import low_feedback
from tests.sessions_log.monitoring.conftest import NOW


def answer(relationship, point, rating, minutes=0):
    return Feedback.objects.create(
        relationship=relationship, programme=relationship.programme, point=point,
        rating=rating, answered_at=NOW.replace(minute=minutes),
    )  # fmt: skip


@pytest.mark.parametrize(("rating", "flagged"), [(1, True), (2, True), (3, False)])
def test_a_rating_at_or_below_two_is_flagged(pair, found, rating, flagged):
    relationship = pair()
    answer(relationship, Feedback.Point.SECOND, rating)
    assert (relationship.pk in found(low_feedback)) is flagged


def test_the_latest_answer_counts(pair, found):
    relationship = pair()
    answer(relationship, Feedback.Point.SECOND, 1, minutes=0)
    answer(relationship, Feedback.Point.LAST, 4, minutes=5)
    assert found(low_feedback) == {}


def test_unanswered_requests_are_not_low(pair, found):
    relationship = pair()
    Feedback.objects.create(relationship=relationship, programme=relationship.programme,
                            point=Feedback.Point.SECOND)  # fmt: skip
    assert found(low_feedback) == {}
