import pytest

from sessions_log.monitoring.rules import worsening
from tests.sessions_log.monitoring.conftest import log


def scored(relationship, pains, confidences=None):
    confidences = confidences or [5] * len(pains)
    for n, (pain, confidence) in enumerate(zip(pains, confidences, strict=True)):
        log(relationship, 40 - 7 * n, pain=pain, confidence=confidence)


@pytest.mark.parametrize(
    ("pains", "flagged"),
    [
        ([4, 5, 6], False),  # one point up, then two: not two in a row
        ([4, 6, 5], False),  # up by 2 once, then back to 1
        ([4, 6, 6], True),  # up by 2 twice in a row
        ([4, 7, 8], True),
        ([4, 6], False),  # the first score is the start: one log against it
    ],
)
def test_pain_up_by_two_in_each_of_the_last_two(pair, found, pains, flagged):
    relationship = pair()
    scored(relationship, pains)
    assert (relationship.pk in found(worsening)) is flagged


def test_confidence_down_by_two_twice(pair, found):
    relationship = pair()
    scored(relationship, [5, 5, 5], [7, 5, 4])
    assert found(worsening)[relationship.pk].details == {"confidence": [7, 5, 4]}


def test_a_contact_without_a_score_is_skipped(pair, found):
    relationship = pair()
    log(relationship, 30, pain=3)
    log(relationship, 20, pain=5)
    log(relationship, 10, pain=None, confidence=None)
    log(relationship, 5, pain=5)
    assert found(worsening)[relationship.pk].details == {"pain": [3, 5, 5]}
