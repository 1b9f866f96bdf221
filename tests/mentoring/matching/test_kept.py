"""The matching pages keep what they work out in the cache (mentoring/matching/kept.py): the
key changes with everything it depends on, the page then shows a fresh proposal, a visit
that finds it in the cache does no scoring, rejected pairs are applied after the cache
exactly as scoring in full would, and with no cache at all the pages still work."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from mentoring.matching import assignment, kept, services
from mentoring.matching.models import MatchingSettings
from mentoring.matching.scoring import Weights
from mentoring.matching.suggestion_views import SHOWN_AT_FIRST
from mentoring.recruitment.models import Mentor
from tests.factories import (
    DisclosureCheckFactory,
    MatchingSettingsFactory,
    MenteeFactory,
    TrainingModuleFactory,
    TrainingRecordFactory,
)
from tests.mentoring.matching.test_matching_pages import ASSIGNMENT, matchable, url

pytestmark = pytest.mark.django_db


def _key(programme, today=None, weights=None):
    return kept.fingerprint(
        programme.pk, today or timezone.localdate(), weights or Weights.of(
            MatchingSettings.for_programme(programme)
        )
    )  # fmt: skip


@pytest.fixture
def scene(programme, coordinator):
    mentee = MenteeFactory(programme=programme, first_name="Ann")
    mentor = matchable(programme, first_name="Mona")
    return mentee, mentor


def pause(mentor):
    mentor.status = Mentor.Status.PAUSED
    mentor.save()


def _changes(programme, coordinator, mentee, mentor):
    """Each change the key must notice, one at a time."""
    yield "a new waiting mentee", lambda: MenteeFactory(programme=programme)
    yield (
        "a proposal",
        lambda: services.propose(
            mentee=mentee, mentor=matchable(programme), by=coordinator, now=timezone.now()
        ),
    )
    yield "a mentee edited", lambda: mentee.save()
    yield "a new mentor made active", lambda: matchable(programme)
    yield "a mentor paused", lambda: pause(mentor)
    yield "a training record", lambda: TrainingRecordFactory(mentor=mentor)
    yield "a disclosure check", lambda: DisclosureCheckFactory(mentor=mentor)
    yield (
        "a module made required",
        lambda: TrainingModuleFactory(programme=programme, required=False),
    )


def test_the_key_changes_with_everything_the_matching_depends_on(scene, programme, coordinator):
    mentee, mentor = scene
    seen = {_key(programme)}
    assert _key(programme) in seen  # the same state, the same key
    for what, change in _changes(programme, coordinator, mentee, mentor):
        change()
        key = _key(programme)
        assert key not in seen, what
        seen.add(key)
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert _key(programme, today=tomorrow) not in seen
    settings = MatchingSettingsFactory(programme=programme, weight_load=0)
    assert _key(programme, weights=Weights.of(settings)) not in seen


def test_a_module_edited_changes_the_key(programme):
    module = TrainingModuleFactory(programme=programme)
    before = _key(programme)
    module.validity_months = 6
    module.save()
    assert _key(programme) != before


def test_a_second_visit_does_no_scoring_and_a_change_shows_a_fresh_proposal(
    client, coordinator, programme, scene, monkeypatch
):
    mentee, mentor = scene
    client.force_login(coordinator)
    first = client.get(ASSIGNMENT).context["proposal"]
    assert [(a, b) for a, b, _ in first.pairs] == [(mentee.pk, mentor.pk)]

    scored = []
    real = assignment.build_graph
    monkeypatch.setattr(
        "mentoring.matching.suggestion_views.build_graph",
        lambda *a, **k: scored.append(1) or real(*a, **k),
    )
    again = client.get(ASSIGNMENT)
    assert again.status_code == 200
    assert not scored
    assert "Mona" in again.content.decode()

    other = MenteeFactory(programme=programme, first_name="Bea")
    fresh = client.get(ASSIGNMENT).context["proposal"]
    assert scored
    assert {a for a, _, _ in fresh.pairs} == {mentee.pk, other.pk}


def _shown(context):
    return (
        [s.mentor.pk for s in context["suggested"]],
        context["more"],
        [s.mentor.pk for s in context["not_suggested"]],
        context["more_not_suggested"],
    )


def test_suggestions_shown_at_first_are_read_from_a_small_entry_beside_the_ranking(
    client, coordinator, programme, scene, monkeypatch
):
    mentee, _ = scene
    for _ in range(SHOWN_AT_FIRST + 2):
        matchable(programme)
    client.force_login(coordinator)
    worked_out = _shown(client.get(url(mentee)).context)
    assert len(worked_out[0]) == SHOWN_AT_FIRST
    assert worked_out[1] == 3

    read: list[str] = []
    real = kept.get
    monkeypatch.setattr(kept, "get", lambda key: read.append(key) or real(key))
    assert _shown(client.get(url(mentee)).context) == worked_out
    assert [key.rsplit(":", 1)[-1] for key in read] == ["first"]

    read.clear()
    every = _shown(client.get(url(mentee) + "?all=1").context)
    assert every[0][:SHOWN_AT_FIRST] == worked_out[0]
    assert every[1] == 0
    assert len(read) == 1
    assert not read[0].endswith(":first")  # the whole ranking

    newcomer = matchable(programme, first_name="Nell")  # a change: a fresh ranking
    read.clear()
    fresh = client.get(url(mentee) + "?all=1").context
    assert newcomer.pk in [s.mentor.pk for s in fresh["suggested"]]


def test_a_proposal_made_elsewhere_shows_at_once(client, coordinator, programme, scene):
    mentee, mentor = scene
    client.force_login(coordinator)
    assert client.get(ASSIGNMENT).context["proposal"].pairs
    services.propose(mentee=mentee, mentor=mentor, by=coordinator, now=timezone.now())
    assert client.get(ASSIGNMENT).context["proposal"].pairs == []


def test_settings_changed_show_a_fresh_ranking(client, coordinator, programme, scene):
    mentee, mentor = scene
    client.force_login(coordinator)
    before = {s.mentor.pk: s.score for s in client.get(url(mentee)).context["suggested"]}
    MatchingSettingsFactory(programme=programme, weight_interests=100, weight_load=0)
    after = {s.mentor.pk: s.score for s in client.get(url(mentee)).context["suggested"]}
    assert before.keys() == after.keys() == {mentor.pk}
    assert before != after


def test_rejected_pairs_are_applied_after_the_cache_as_scoring_in_full_would():
    rng = np.random.default_rng(7)
    rows, cols = 30, 200
    mentee = np.repeat(np.arange(rows), cols)
    mentor = np.tile(np.arange(cols), rows)
    score = rng.integers(1, 101, size=rows * cols)
    spare = rng.integers(0, 2, size=cols)

    def graph_without(refused):
        gone = {tuple(p) for p in refused}
        keep = np.array([(a, b) not in gone for a, b in zip(mentee, mentor, strict=True)])
        g = assignment.Graph(
            mentees=rows, spare=spare, mentee=mentee[keep], mentor=mentor[keep],
            score=score[keep], shortlisted=np.zeros(int(keep.sum()), dtype=bool),
        )  # fmt: skip
        # The shortlist as build_graph draws it, from the pairs left.
        short = np.zeros(g.arcs, dtype=bool)
        for row in range(rows):
            at = np.flatnonzero(g.mentee == row)
            s = g.score[at]
            line = np.sort(s)[-assignment.SHORTLIST] if len(s) > assignment.SHORTLIST else 0
            short[at] = s >= line
        return assignment.Graph(
            mentees=rows, spare=spare, mentee=g.mentee, mentor=g.mentor, score=g.score,
            shortlisted=short,
        )  # fmt: skip

    full = graph_without([])
    stored = assignment.Kept.of(full)
    assert stored.graph.arcs < full.arcs
    # A few pairs rejected, some of them in a shortlist: the same graph as scoring in full.
    best = assignment.solve(full)
    refused = [(row, int(best[row])) for row in range(5) if best[row] >= 0] + [(7, 3)]
    cut = stored.without(refused)
    expected = graph_without(refused)
    assert cut is not None
    assert np.array_equal(assignment.solve(cut), assignment.solve(expected))
    baseline = assignment.greedy_within(cut, stored.trimmed())
    assert baseline is not None
    assert np.array_equal(baseline, assignment.greedy(expected))
    # So many rejected for one mentee that the spare ones run out: it cannot tell.
    too_many = [(0, col) for col in np.argsort(-score[:cols])[: assignment.SPARE + 30]]
    assert stored.without(too_many) is None


def test_rejecting_a_pair_leaves_it_out(client, coordinator, programme, scene):
    mentee, mentor = scene
    second = matchable(programme, first_name="Sal")
    client.force_login(coordinator)
    first = client.get(ASSIGNMENT).context["proposal"].pairs
    (chosen,) = [b for a, b, _ in first if a == mentee.pk]
    client.post(ASSIGNMENT, {"action": "reject", "mentee": mentee.pk, "mentor": chosen})
    after = client.get(ASSIGNMENT).context["proposal"].pairs
    assert [(a, b) for a, b, _ in after] == [(mentee.pk, ({mentor.pk, second.pk} - {chosen}).pop())]


def test_a_visit_from_the_cache_has_no_more_queries(
    client, coordinator, programme, scene, django_assert_max_num_queries
):
    mentee, _ = scene
    client.force_login(coordinator)
    for page in (ASSIGNMENT, url(mentee)):
        with django_assert_max_num_queries(12) as worked_out:
            client.get(page)
        with django_assert_max_num_queries(len(worked_out.captured_queries)):
            assert client.get(page).status_code == 200


class Broken:
    """A cache that fails on every call."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("cache down")

        return fail


def test_the_pages_work_when_the_cache_fails(client, coordinator, programme, scene, monkeypatch):
    mentee, mentor = scene
    monkeypatch.setattr(kept, "cache", Broken())
    client.force_login(coordinator)
    page = client.get(ASSIGNMENT)
    assert page.status_code == 200
    assert [(a, b) for a, b, _ in page.context["proposal"].pairs] == [(mentee.pk, mentor.pk)]
    assert client.get(url(mentee)).status_code == 200


@override_settings(
    CACHES={
        "default": {
            "BACKEND": "core.cache.RedisWithLocalFallback",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
)
def test_the_pages_work_when_redis_is_down(client, coordinator, programme, scene):
    mentee, mentor = scene
    client.force_login(coordinator)
    try:
        for _ in range(2):
            page = client.get(ASSIGNMENT)
            assert page.status_code == 200
            pairs = page.context["proposal"].pairs
            assert [(a, b) for a, b, _ in pairs] == [(mentee.pk, mentor.pk)]
            assert client.get(url(mentee)).status_code == 200
    finally:
        cache.close()
