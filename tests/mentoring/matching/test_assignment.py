"""The cohort assignment: optimal against brute force on small cases, within every mentor's
free places, never worse than greedy; rejected pairs left out."""

from __future__ import annotations

from itertools import product

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from mentoring.matching import assignment
from mentoring.matching.assignment import Graph, greedy, propose_assignment, scores_of, solve
from mentoring.matching.scoring import Weights
from tests.mentoring.matching.test_scoring import CENTRES, a_mentee, a_mentor


def graph_of(scores: np.ndarray, spare: list[int]) -> Graph:
    rows, cols = np.nonzero(scores > 0)
    return Graph(
        mentees=scores.shape[0],
        spare=np.array(spare, dtype=np.int64),
        mentee=rows.astype(np.int64),
        mentor=cols.astype(np.int64),
        score=scores[rows, cols].astype(np.int64),
        shortlisted=np.ones(len(rows), dtype=bool),
    )


def brute_force(scores: np.ndarray, spare: list[int]) -> int:
    best = 0
    n, m = scores.shape
    for choice in product(range(-1, m), repeat=n):
        loads = np.bincount([c for c in choice if c >= 0], minlength=m)
        if (loads > spare).any() or any(c >= 0 and scores[i, c] == 0 for i, c in enumerate(choice)):
            continue
        best = max(best, sum(int(scores[i, c]) for i, c in enumerate(choice) if c >= 0))
    return best


@st.composite
def cases(draw):
    n, m = draw(st.integers(1, 5)), draw(st.integers(1, 3))
    scores = np.array(draw(st.lists(st.integers(0, 100), min_size=n * m, max_size=n * m))).reshape(
        n, m
    )
    spare = draw(st.lists(st.integers(0, 3), min_size=m, max_size=m))
    return scores, spare


@settings(max_examples=150, deadline=None)
@given(cases())
def test_the_assignment_is_optimal_within_places_and_never_worse_than_greedy(case):
    scores, spare = case
    graph = graph_of(scores, spare)
    chosen = solve(graph)
    loads = np.bincount(chosen[chosen >= 0], minlength=len(spare))
    assert (loads <= np.array(spare)).all()
    assert all(scores[i, c] > 0 for i, c in enumerate(chosen) if c >= 0)
    total = int(scores_of(graph, chosen).sum())
    assert total == brute_force(scores, spare)
    assert total >= int(scores_of(graph, greedy(graph)).sum())


def test_greedy_can_lose_where_the_optimum_does_not():
    # The first in the queue takes the mentor the second one needs.
    scores = np.array([[90, 80], [85, 0]])
    graph = graph_of(scores, [1, 1])
    assert list(greedy(graph)) == [0, -1]
    assert list(solve(graph)) == [1, 0]
    assert int(scores_of(graph, solve(graph)).sum()) == 165


def test_nobody_waiting_or_no_places_gives_an_empty_assignment():
    assert len(solve(graph_of(np.zeros((0, 2), dtype=int), [1, 1]))) == 0
    assert list(solve(graph_of(np.array([[50, 60]]), [0, 0]))) == [-1]


def test_the_shortlist_keeps_each_mentees_best_and_ties(monkeypatch):
    monkeypatch.setattr(assignment, "SHORTLIST", 2)
    mentee = a_mentee(pk=1)
    mentors = [
        a_mentor(pk=1, interests=["music"]),
        a_mentor(pk=2),
        a_mentor(pk=3, availability=[]),
        a_mentor(pk=4),
    ]
    from mentoring.matching.scoring import encode

    graph = assignment.build_graph(*encode([mentee], mentors, CENTRES), Weights())
    shortlisted = sorted(int(c) for c in graph.mentor[graph.shortlisted])
    assert shortlisted == [1, 3]  # the two perfect scores (mentors 2 and 4)
    assert graph.arcs == 4


def test_a_proposal_names_people_and_leaves_rejected_pairs_out():
    ann, bob = a_mentee(pk=1, first_name="Ann"), a_mentee(pk=2, first_name="Bob")
    best, other = a_mentor(pk=10, capacity=1), a_mentor(pk=11, capacity=1, interests=["music"])
    proposal = propose_assignment([ann, bob], [best, other], Weights(), CENTRES)
    assert len(proposal.pairs) == 2
    assert proposal.total >= proposal.greedy_total
    assert proposal.places == 2
    again = propose_assignment(
        [ann, bob], [best, other], Weights(), CENTRES, rejected=[(1, 10), (2, 10)]
    )
    assert [(p.mentee.first_name, p.mentor.pk) for p in again.pairs] == [("Ann", 11)]
    assert [m.first_name for m in again.still_waiting] == ["Bob"]
