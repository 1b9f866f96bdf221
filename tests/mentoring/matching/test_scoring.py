"""The explained score: each part at its edges, the words, the hard rules, and one function
for the list and the assignment (property test)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.choices import AVAILABILITY_CHOICES, Format, Interest
from mentoring.matching import scoring
from mentoring.matching.scoring import (
    NO_SHARED_FORMAT,
    SUGGESTED,
    TOO_FAR,
    WRONG_GENDER,
    Weights,
    encode,
    explain,
    explain_pairs,
    languages_of,
    score_block,
)
from mentoring.mentees.models import Mentee
from mentoring.recruitment.models import Mentor

CENTRES = {
    "EH1": (55.9505, -3.1895),
    "EH6": (55.9700, -3.1730),
    "EH3": (55.9510, -3.2050),
    "G1": (55.8600, -4.2500),
}


def a_mentee(**changes) -> Mentee:
    values = {
        "first_name": "Ann",
        "last_name": "Mentee",
        "area": "EH1",
        "preferred_formats": ["phone"],
        "availability": ["tue_morning"],
        "mentor_gender_preference": "",
        "interests": ["gardening"],
        "languages": "English",
    }
    return Mentee(**{**values, **changes})


def a_mentor(current: int = 0, **changes) -> Mentor:
    values = {
        "first_name": "Bea",
        "last_name": "Mentor",
        "area": "EH1",
        "formats": ["phone"],
        "availability": ["tue_morning"],
        "gender": "woman",
        "interests": ["gardening"],
        "languages": "English",
        "capacity": 2,
    }
    mentor = Mentor(**{**values, **changes})
    mentor.current_mentees = current
    return mentor


def part(suggestion, name):
    return next(p for p in suggestion.parts if p.name == name)


def test_a_perfect_pair_scores_100_and_says_why_in_words():
    found = explain(a_mentee(mentor_gender_preference="woman"), a_mentor(), Weights(), CENTRES)
    assert found.score == 100
    assert found.not_suggested == ""
    assert part(found, "formats").words == "Both happy to meet by phone"
    assert part(found, "availability").words == "Both can meet on Tuesday mornings"
    assert part(found, "gender").words == "Asked for a woman; this mentor is a woman"
    assert part(found, "interests").words == "Both enjoy gardening"
    assert part(found, "languages").words == "Both speak English"
    assert part(found, "load").words == "Has no mentees now, room for 2 more"
    assert part(found, "distance").words.startswith("Under 1 km apart (approximate")


def test_distance_in_km_between_district_centres_is_marked_approximate():
    found = explain(a_mentee(area="EH6"), a_mentor(area="EH3"), Weights(), CENTRES)
    words = part(found, "distance").words
    assert words.startswith("About 3 km apart (approximate: district centres")
    assert 0 < part(found, "distance").points < 20


@pytest.mark.parametrize(
    ("mentee_area", "mentor_area", "share", "says"),
    [
        ("EH9", "EH9", 1.0, "Both in EH9 (same postcode district"),
        ("EH9", "EH1", 0.5, "the same postcode area (EH)"),
        ("EH9", "G1", 0.0, "different postcode areas"),
        ("EH9", "", 0.0, "This mentor's postcode district is not known"),
    ],
)
def test_without_a_centre_distance_falls_back_to_district_then_area(
    mentee_area, mentor_area, share, says
):
    found = explain(a_mentee(area=mentee_area), a_mentor(area=mentor_area), Weights(), CENTRES)
    distance = part(found, "distance")
    assert distance.points == round(20 * share)
    assert says in distance.words


def test_a_mentee_without_a_district_is_not_scored_on_distance():
    found = explain(a_mentee(area="", postcode=""), a_mentor(), Weights(), CENTRES)
    assert not part(found, "distance").applies
    assert found.score == 100  # the other parts are all met
    assert part(found, "distance").words == "The mentee's postcode district is not known"


def test_a_full_postcode_gives_the_district():
    found = explain(a_mentee(area="", postcode="eh6 5aa"), a_mentor(area="EH6"), Weights(), CENTRES)
    assert part(found, "distance").words.startswith("Under 1 km apart")


def test_a_stated_gender_not_met_is_not_suggested():
    found = explain(
        a_mentee(mentor_gender_preference="woman"), a_mentor(gender="man"), Weights(), CENTRES
    )
    assert found.not_suggested
    assert part(found, "gender").words == "Asked for a woman; this mentor is a man"
    assert part(found, "gender").points == 0


def test_no_gender_preference_is_not_counted():
    found = explain(a_mentee(), a_mentor(gender="man"), Weights(), CENTRES)
    assert not part(found, "gender").applies
    assert found.score == 100


def test_no_shared_format_is_not_suggested_and_some_shared_gives_part_points():
    none = explain(a_mentee(preferred_formats=["walking"]), a_mentor(), Weights(), CENTRES)
    assert none.not_suggested == "No way of meeting in common"
    half = explain(a_mentee(preferred_formats=["walking", "phone"]), a_mentor(), Weights(), CENTRES)
    assert (part(half, "formats").points, half.not_suggested) == (15, "")


def test_in_person_only_and_far_apart_is_not_suggested_but_phone_is():
    far_walk = explain(
        a_mentee(preferred_formats=["walking"]), a_mentor(area="G1", formats=["walking"]),
        Weights(), CENTRES,
    )  # fmt: skip
    assert far_walk.not_suggested == "They could only meet in person and live too far apart"
    far_phone = explain(a_mentee(), a_mentor(area="G1"), Weights(), CENTRES)
    assert far_phone.not_suggested == ""
    assert "further than the 15 km" in part(far_phone, "distance").words


def test_enough_shared_times_and_interests_is_two_or_all_given():
    mentee = a_mentee(
        availability=["mon_morning", "tue_morning", "wed_morning"],
        interests=["music", "pets", "reading"],
    )
    one = explain(
        mentee, a_mentor(availability=["mon_morning"], interests=["pets"]), Weights(), CENTRES
    )
    assert (part(one, "availability").points, part(one, "interests").points) == (13, 5)
    two = explain(
        mentee, a_mentor(availability=["mon_morning", "wed_morning"], interests=["pets", "music"]),
        Weights(), CENTRES,
    )  # fmt: skip
    assert (part(two, "availability").points, part(two, "interests").points) == (25, 10)
    assert (
        part(two, "availability").words == "Both can meet on Monday mornings and Wednesday mornings"
    )
    assert part(two, "interests").words == "Both enjoy music or singing and pets"


def test_languages_are_normalised_free_text():
    assert languages_of(" English, british  Sign Language / Gaelic and Scots. ") == {
        "english", "british sign language", "gaelic", "scots",
    }  # fmt: skip
    found = explain(
        a_mentee(languages="polish"), a_mentor(languages="English; Polish"), Weights(), CENTRES
    )
    assert part(found, "languages").words == "Both speak Polish"
    none = explain(a_mentee(languages="Urdu"), a_mentor(), Weights(), CENTRES)
    assert part(none, "languages").points == 0
    assert "No shared language" in part(none, "languages").words


@pytest.mark.parametrize(("current", "capacity", "points"), [(0, 2, 10), (1, 2, 5), (2, 3, 3)])
def test_a_mentor_with_more_room_scores_higher_on_load(current, capacity, points):
    found = explain(a_mentee(), a_mentor(current=current, capacity=capacity), Weights(), CENTRES)
    assert part(found, "load").points == points


def test_a_weight_of_zero_leaves_a_part_out():
    weights = Weights(interests=0)
    found = explain(a_mentee(), a_mentor(interests=["music"]), weights, CENTRES)
    assert not part(found, "interests").applies
    assert found.score == 100


def test_all_weights_zero_scores_nothing():
    weights = Weights(0, 0, 0, 0, 0, 0, 0)
    assert explain(a_mentee(), a_mentor(), weights, CENTRES).score == 0


# --- One function: the list and the arrays agree -------------------------------------------

FORMATS = st.lists(st.sampled_from(Format.values), unique=True, max_size=3)
SLOTS = st.lists(st.sampled_from([v for v, _ in AVAILABILITY_CHOICES]), unique=True, max_size=4)
INTERESTS = st.lists(st.sampled_from(Interest.values), unique=True, max_size=3)
AREAS = st.sampled_from(["EH1", "EH3", "EH6", "EH9", "G1", "G2", ""])
LANGUAGES = st.sampled_from(["English", "english, Polish", "Urdu", "", "Gaelic / English"])

mentees = st.builds(
    a_mentee,
    area=AREAS,
    preferred_formats=FORMATS,
    availability=SLOTS,
    mentor_gender_preference=st.sampled_from(["", "woman", "man"]),
    interests=INTERESTS,
    languages=LANGUAGES,
)
mentors = st.builds(
    a_mentor,
    current=st.integers(0, 2),
    area=AREAS,
    formats=FORMATS,
    availability=SLOTS,
    gender=st.sampled_from(["", "woman", "man", "another"]),
    interests=INTERESTS,
    languages=LANGUAGES,
    capacity=st.integers(2, 3),
)
weights = st.builds(Weights, *[st.integers(0, 100) for _ in range(7)], near_km=st.integers(1, 60))


@settings(max_examples=60, deadline=None)
@given(
    st.lists(mentees, min_size=1, max_size=5), st.lists(mentors, min_size=1, max_size=5), weights
)
def test_the_one_mentee_list_and_the_cohort_arrays_agree(some_mentees, some_mentors, weights):
    mentee_side, mentor_side = encode(some_mentees, some_mentors, CENTRES)
    block = score_block(mentee_side, mentor_side, weights)
    assert block.total.shape == (len(some_mentees), len(some_mentors))
    assert ((block.total >= 0) & (block.total <= 100)).all()
    for row, mentee in enumerate(some_mentees):
        listed = {
            id(s.mentor): s for s in scoring.suggestions_for(mentee, some_mentors, weights, CENTRES)
        }
        for col, mentor in enumerate(some_mentors):
            one = explain(mentee, mentor, weights, CENTRES)
            assert one.score == int(block.total[row, col]) == listed[id(mentor)].score
            assert bool(one.not_suggested) == (block.not_suggested[row, col] != SUGGESTED)
            counted = [p for p in one.parts if p.applies]
            assert all(0 <= p.points <= p.out_of for p in counted)
            if counted:
                # The score is the points won out of those that apply; each part's points
                # are shown rounded, so they may differ from it by half a point each.
                out_of = sum(p.out_of for p in counted)
                shown = 100 * sum(p.points for p in counted) / out_of
                assert abs(one.score - shown) <= 100 * 0.5 * len(counted) / out_of + 1


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(mentees, mentors), min_size=1, max_size=6), weights)
def test_pairs_explained_together_read_as_each_explained_alone(pairs, weights):
    together = explain_pairs(pairs, weights, CENTRES)
    assert len(together) == len(pairs)
    for (mentee, mentor), found in zip(pairs, together, strict=True):
        alone = explain(mentee, mentor, weights, CENTRES)
        assert found.mentor is mentor
        assert (found.score, found.not_suggested) == (alone.score, alone.not_suggested)
        # Summed up before its parts are read (three parts put in words), and after.
        summary = found.summary
        assert found.parts == alone.parts
        assert summary == found.summary == alone.summary


def test_hard_rule_codes_are_distinct():
    assert len({SUGGESTED, WRONG_GENDER, NO_SHARED_FORMAT, TOO_FAR}) == 4
    assert np.int8(TOO_FAR) == TOO_FAR
