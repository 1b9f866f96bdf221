"""The whole waiting list at once: the assignment of waiting mentees to mentors with free
places that makes the total score as large as it can be, and, for comparison, what taking
each mentee's top remaining suggestion in waiting order (greedy) would give.

The graph: one arc for each pair the app would suggest (score above 0, no hard rule broken,
not rejected by the coordinator; scoring.py), each mentor offering their free places. The
optimum is a min-cost flow (OR-Tools' SimpleMinCostFlow, exact, integer costs):

    source -> each mentee (1 place, cost 0)
    mentee -> mentor      (1, cost 100 - score)        one arc a suggested pair
    mentee -> sink        (1, cost 100)                the mentee stays waiting (score 0)
    mentor -> sink        (their free places, cost 0)

with every mentee's one unit of flow leaving the source. Its cost is 100 x mentees - total
score, so the cheapest flow is the largest total score under every mentor's free places.
A mentor's load part is as it stands now (a linear score: each pair is scored on its own)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from ortools.graph.python import min_cost_flow

from mentoring.matching.scoring import SUGGESTED, Side, Weights, encode, score_block

ROWS_PER_BLOCK = 500  # mentees scored at once: 500 x 1,000 mentors is a few MB per array
MAX_SCORE = 100
# The solver looks at each mentee's best suggestions only (and any tied with the last of
# them): a coordinator would not pair someone with their hundredth choice, and it keeps the
# graph small enough to solve a national waiting list in well under a second. The greedy
# comparison walks all suggestions. bench/matching_assignment.py reports the difference.
SHORTLIST = 50
# Suggestions kept per mentee beyond the shortlist between visits, so that pairs the
# coordinator rejects can be left out without scoring again (Kept.without).
SPARE = 25


@dataclass(frozen=True)
class Graph:
    """The suggested pairs (arcs), grouped by mentee in waiting order."""

    mentees: int
    spare: np.ndarray  # (mentors,) free places
    mentee: np.ndarray  # (arcs,) mentee index
    mentor: np.ndarray  # (arcs,) mentor index
    score: np.ndarray  # (arcs,) score 1..100
    shortlisted: np.ndarray  # (arcs,) among the mentee's best SHORTLIST suggestions (ties kept)
    # (mentees,) the score of each mentee's SHORTLIST + SPARE-th best suggestion (0: fewer)
    line: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))

    @property
    def arcs(self) -> int:
        return len(self.score)


def build_graph(
    mentees: Side,
    mentors: Side,
    weights: Weights,
    *,
    rejected: Iterable[tuple[int, int]] = (),
) -> Graph:
    """Score every mentee against every mentor with a free place, block by block, and keep
    the pairs the app would suggest. `rejected` holds (mentee index, mentor index) pairs the
    coordinator turned down."""
    refused: dict[int, list[int]] = {}
    for row, col in rejected:
        refused.setdefault(row, []).append(col)
    has_place = mentors.spare > 0
    found_rows, found_cols, found_scores, found_short, found_lines = [], [], [], [], []
    for start in range(0, len(mentees), ROWS_PER_BLOCK):
        stop = min(start + ROWS_PER_BLOCK, len(mentees))
        block = score_block(mentees.rows(slice(start, stop)), mentors, weights)
        keep = (block.not_suggested == SUGGESTED) & (block.total > 0) & has_place[None, :]
        for row, turned_down in refused.items():
            if start <= row < stop:
                keep[row - start, turned_down] = False
        kept = np.where(keep, block.total, -1)
        if kept.shape[1] > SHORTLIST:
            last = np.partition(kept, kept.shape[1] - SHORTLIST, axis=1)[:, -SHORTLIST]
            shortlisted = kept >= last[:, None]
        else:
            shortlisted = np.ones(kept.shape, dtype=bool)
        keep_more = SHORTLIST + SPARE
        if kept.shape[1] >= keep_more:
            found_lines.append(
                np.maximum(np.partition(kept, kept.shape[1] - keep_more, axis=1)[:, -keep_more], 0)
            )
        else:
            found_lines.append(np.zeros(stop - start, dtype=np.int64))
        rows, cols = np.nonzero(keep)  # row-major: grouped by mentee, mentors in order
        found_rows.append(rows.astype(np.int32) + start)
        found_cols.append(cols.astype(np.int32))
        found_scores.append(block.total[rows, cols])
        found_short.append(shortlisted[rows, cols])

    def joined(parts: list[np.ndarray], dtype: Any) -> np.ndarray:
        return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)

    return Graph(
        mentees=len(mentees),
        spare=np.maximum(mentors.spare, 0).astype(np.int64),
        mentee=joined(found_rows, np.int64),
        mentor=joined(found_cols, np.int64),
        score=joined(found_scores, np.int64),
        shortlisted=joined(found_short, bool),
        line=joined(found_lines, np.int64),
    )


def solve(graph: Graph, *, shortlist_only: bool = True) -> np.ndarray:
    """The optimal assignment: for each mentee the index of their mentor, or -1. Over each
    mentee's shortlist (the default) or, with shortlist_only=False, every suggested pair."""
    n, m = graph.mentees, len(graph.spare)
    chosen = np.full(n, -1, dtype=np.int64)
    arcs = graph.shortlisted if shortlist_only else np.ones(graph.arcs, dtype=bool)
    mentee, mentor, score = graph.mentee[arcs], graph.mentor[arcs], graph.score[arcs]
    if n == 0 or len(score) == 0:
        return chosen
    source, sink = n + m, n + m + 1
    everyone = np.arange(n, dtype=np.int64)
    tails = np.concatenate(
        [np.full(n, source), mentee, everyone, n + np.arange(m), ]
    )  # fmt: skip
    heads = np.concatenate([everyone, n + mentor, np.full(n, sink), np.full(m, sink)])
    capacities = np.concatenate(
        [np.ones(n, np.int64), np.ones(len(score), np.int64), np.ones(n, np.int64), graph.spare]
    )
    # Ties between equally good assignments go to those waiting longest: leaving the r-th in
    # the queue without a mentor costs a little more (n - r) than leaving anyone after them,
    # and all those little costs together stay below one point of score (scale).
    scale = n * (n + 1) // 2 + 1
    costs = np.concatenate(
        [
            np.zeros(n, np.int64),
            (MAX_SCORE - score) * scale,
            MAX_SCORE * scale + (n - everyone),
            np.zeros(m, np.int64),
        ]
    )
    flow = min_cost_flow.SimpleMinCostFlow()
    first_pair = n
    flow.add_arcs_with_capacity_and_unit_cost(
        tails.astype(np.int32), heads.astype(np.int32), capacities, costs
    )
    flow.set_node_supply(source, n)
    flow.set_node_supply(sink, -n)
    status = flow.solve()
    if status != flow.OPTIMAL:  # pragma: no cover - the bypass arcs make it always feasible
        raise RuntimeError(f"The assignment could not be solved ({status}).")
    used = flow.flows(np.arange(first_pair, first_pair + len(score))) > 0
    chosen[mentee[used]] = mentor[used]
    return chosen


def greedy(graph: Graph) -> np.ndarray:
    """Each mentee in waiting order takes their top suggestion that still has a place
    (ties: the mentor first in the list). For comparison only."""
    chosen = np.full(graph.mentees, -1, dtype=np.int64)
    spare = graph.spare.copy()
    bounds = np.searchsorted(graph.mentee, np.arange(graph.mentees + 1))
    for row in range(graph.mentees):
        start, stop = bounds[row], bounds[row + 1]
        if start == stop:
            continue
        mentors = graph.mentor[start:stop]
        scores = np.where(spare[mentors] > 0, graph.score[start:stop], -1)
        best = int(np.argmax(scores))
        if scores[best] > 0:
            chosen[row] = mentors[best]
            spare[mentors[best]] -= 1
    return chosen


def scores_of(graph: Graph, chosen: np.ndarray) -> np.ndarray:
    """Each mentee's score in this assignment (0 where they stay waiting), vectorised."""
    result = np.zeros(graph.mentees, dtype=np.int64)
    if graph.arcs == 0:
        return result
    picked = chosen[graph.mentee] == graph.mentor
    result[graph.mentee[picked]] = graph.score[picked]
    return result


@dataclass(frozen=True)
class Pair:
    mentee: Any
    mentor: Any
    score: int


@dataclass(frozen=True)
class Proposal:
    pairs: list[Pair]  # in waiting order
    total: int
    greedy_total: int
    greedy_pairs: int
    still_waiting: list[Any]  # mentees left without a mentor
    places: int  # free places among the mentors


def propose_assignment(
    mentees: Sequence[Any],
    mentors: Sequence[Any],
    weights: Weights,
    centres: dict[str, tuple[float, float]],
    *,
    rejected: Iterable[tuple[int, int]] = (),
) -> Proposal:
    """The best assignment of these waiting mentees (in waiting order) to these mentors
    (with `current_mentees`), leaving out the (mentee pk, mentor pk) pairs in `rejected`."""
    mentee_side, mentor_side = encode(mentees, mentors, centres)
    row_of = {m.pk: i for i, m in enumerate(mentees)}
    col_of = {m.pk: i for i, m in enumerate(mentors)}
    refused = [
        (row_of[a], col_of[b]) for a, b in rejected if a in row_of and b in col_of
    ]  # fmt: skip
    graph = build_graph(mentee_side, mentor_side, weights, rejected=refused)
    best, baseline = solve(graph), greedy(graph)
    best_scores, baseline_scores = scores_of(graph, best), scores_of(graph, baseline)
    return Proposal(
        pairs=[
            Pair(mentee=mentees[row], mentor=mentors[int(col)], score=int(best_scores[row]))
            for row, col in enumerate(best)
            if col >= 0
        ],
        total=int(best_scores.sum()),
        greedy_total=int(baseline_scores.sum()),
        greedy_pairs=int((baseline >= 0).sum()),
        still_waiting=[mentees[row] for row, col in enumerate(best) if col < 0],
        places=int(graph.spare.sum()),
    )


# --- Kept between visits (kept.py): the best suggestions with some to spare ---------------------


@dataclass(frozen=True)
class Kept:
    """Each mentee's best SHORTLIST + SPARE suggestions (and any tied with the last of them),
    in the full graph's order, with how many suggestions each had in all."""

    graph: Graph
    suggested: np.ndarray  # (mentees,) every suggestion of the mentee, kept or not

    @classmethod
    def of(cls, graph: Graph, keep: int = SHORTLIST + SPARE) -> Kept:
        suggested = np.bincount(graph.mentee, minlength=graph.mentees)
        if graph.arcs == 0:
            return cls(graph=graph, suggested=suggested)
        line = graph.line
        if len(line) != graph.mentees or keep != SHORTLIST + SPARE:
            # Rank each arc within its mentee, best first: the keep-th best score is the line.
            order = np.lexsort((-graph.score, graph.mentee))
            starts = np.searchsorted(graph.mentee[order], np.arange(graph.mentees))
            rank = np.empty(graph.arcs, dtype=np.int64)
            rank[order] = np.arange(graph.arcs) - starts[graph.mentee[order]]
            line = np.zeros(graph.mentees, dtype=np.int64)
            at_line = rank == keep - 1
            line[graph.mentee[at_line]] = graph.score[at_line]
        kept = graph.score >= line[graph.mentee]
        return cls(graph=_subset(graph, kept), suggested=suggested)

    def without(self, rejected: Iterable[tuple[int, int]]) -> Graph | None:
        """The graph with the (mentee index, mentor index) pairs in `rejected` left out and
        each shortlist drawn again, exactly as scoring in full without them would give; None
        where the kept suggestions cannot tell (a mentee with too many pairs rejected)."""
        graph = self.graph
        refused = {(int(a), int(b)) for a, b in rejected}
        if not refused:
            return graph
        width = np.int64(len(graph.spare) + 1)
        codes = np.array([a * int(width) + b for a, b in refused], dtype=np.int64)
        gone = np.isin(graph.mentee * width + graph.mentor, codes)
        left = _subset(graph, ~gone)
        kept_now = np.bincount(left.mentee, minlength=left.mentees)
        touched = np.unique(graph.mentee[gone])
        shortlisted = left.shortlisted.copy()
        for row in touched.tolist():
            start, stop = np.searchsorted(left.mentee, [row, row + 1])
            was_trimmed = self.suggested[row] > np.count_nonzero(graph.mentee == row)
            if kept_now[row] < SHORTLIST and was_trimmed:
                return None
            scores = left.score[start:stop]
            if len(scores) > SHORTLIST:
                last = np.partition(scores, len(scores) - SHORTLIST)[-SHORTLIST]
                shortlisted[start:stop] = scores >= last
            else:
                shortlisted[start:stop] = True
        return Graph(
            mentees=left.mentees, spare=left.spare, mentee=left.mentee, mentor=left.mentor,
            score=left.score, shortlisted=shortlisted,
        )  # fmt: skip

    def trimmed(self) -> np.ndarray:
        """(mentees,) whether a mentee had suggestions that were not kept."""
        return self.suggested > np.bincount(self.graph.mentee, minlength=self.graph.mentees)


def _subset(graph: Graph, arcs: np.ndarray) -> Graph:
    return Graph(
        mentees=graph.mentees, spare=graph.spare, mentee=graph.mentee[arcs],
        mentor=graph.mentor[arcs], score=graph.score[arcs], shortlisted=graph.shortlisted[arcs],
    )  # fmt: skip


def greedy_within(graph: Graph, trimmed: np.ndarray) -> np.ndarray | None:
    """`greedy` on kept suggestions, or None where it might differ from the full graph's
    (a mentee whose kept suggestions are all full but who had others)."""
    chosen = greedy(graph)
    if np.any((chosen < 0) & trimmed):
        return None
    return chosen


@dataclass(frozen=True)
class Outcome:
    """An assignment by index, as kept in the cache: the mentor (index) of each mentee or -1,
    their score, and the greedy comparison."""

    chosen: np.ndarray
    scores: np.ndarray
    greedy_total: int
    greedy_pairs: int
    places: int


def outcome(graph: Graph, baseline: np.ndarray) -> Outcome:
    best = solve(graph)
    return Outcome(
        chosen=best,
        scores=scores_of(graph, best),
        greedy_total=int(scores_of(graph, baseline).sum()),
        greedy_pairs=int((baseline >= 0).sum()),
        places=int(graph.spare.sum()),
    )
