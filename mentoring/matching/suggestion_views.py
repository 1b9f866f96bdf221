"""Matching pages: suggested mentors for one waiting mentee (and why a mentor cannot be
matched), and the best assignment of the whole waiting list, accepted pair by pair.

The assignment is worked out again from the database on every visit, so what is shown is
always what the lists say now; the only thing kept between visits is which pairs the
coordinator rejected (in their session, per programme, until they offer them again)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, Value
from django.db.models.functions import Concat
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.capabilities import Capability
from accounts.models import Programme, User
from accounts.permissions import requires
from mentoring.matching import kept, services
from mentoring.matching.assignment import (
    Graph,
    Kept,
    Outcome,
    Pair,
    build_graph,
    greedy,
    greedy_within,
    outcome,
)
from mentoring.matching.districts import centres_for, district_of
from mentoring.matching.forms import LookUpForm, PairForm, ProposeForm
from mentoring.matching.models import MatchingSettings
from mentoring.matching.scoring import (
    Suggestion,
    Weights,
    encode,
    explain,
    explain_pairs,
    suggestions_for,
)
from mentoring.mentees.models import Mentee
from mentoring.recruitment.models import Mentor
from mentoring.recruitment.services import activation_problems

SHOWN_AT_FIRST = 5  # suggestions shown in full before "Show all": one of the first few is taken
LOOK_UP_LIMIT = 10
PAIRS_PER_PAGE = 25
REJECTED = "matching_rejected"  # session: {programme pk: [[mentee pk, mentor pk], ...]}
MAX_REJECTED = 500


def _districts(*people: Any) -> set[str]:
    return {district_of(p.area) or district_of(getattr(p, "postcode", "")) for p in people}


def _weights(programme: Programme) -> Weights:
    return Weights.of(MatchingSettings.for_programme(programme))


# --- Suggestions for one mentee -------------------------------------------------------------


def _why_not_matchable(mentor: Mentor, today: Any) -> list[str]:
    """Why a mentor cannot be matched today, in words (recruitment's and training's rules)."""
    reasons = []
    if mentor.status != Mentor.Status.ACTIVE:
        reasons.append(f"Not active: their status is “{mentor.get_status_display()}”.")
    reasons += activation_problems(mentor=mentor, today=today)
    current = getattr(mentor, "current_mentees", 0)
    if current >= mentor.capacity:
        reasons.append(f"No free place: {current} of their {mentor.capacity} places are taken.")
    return reasons


def _look_up(request: HttpRequest, mentee: Mentee, today: Any) -> dict[str, Any]:
    form = LookUpForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    found: list[Mentor] = []
    why: dict[str, Any] | None = None
    programme_mentors = Mentor.objects.visible_to(request.user).filter(
        programme_id=mentee.programme_id
    )
    if query:
        found = list(
            programme_mentors.annotate(
                whole_name=Concat("first_name", Value(" "), "last_name"),
                can_match=Exists(Mentor.objects.matchable(today=today).filter(pk=OuterRef("pk"))),
            )
            .filter(Q(whole_name__icontains=query) | Q(email__iexact=query))
            .order_by("last_name", "first_name", "pk")[:LOOK_UP_LIMIT]
        )
    chosen = request.GET.get("mentor", "")
    if chosen.isdigit() or len(found) == 1:
        pk = int(chosen) if chosen.isdigit() and len(chosen) < 10 else found[0].pk
        mentor = programme_mentors.with_current_mentees().filter(pk=pk).first()
        if mentor is not None:
            can_match = programme_mentors.matchable(today=today).filter(pk=pk).exists()
            why = {
                "mentor": mentor,
                "can_match": can_match,
                "reasons": [] if can_match else _why_not_matchable(mentor, today),
            }
    return {"look_up": form, "query": query, "found": found, "why": why}


Ranked = list[tuple[int, int, str]]  # (mentor pk, score, why not suggested), best first


def _ranking(user: User, mentee: Mentee, today: Any, weights: Weights, key: str) -> Ranked:
    """Every matchable mentor of the programme, scored for this mentee, from the cache or
    worked out (and kept)."""
    ranking: Ranked | None = kept.get(key)
    if ranking is None:
        mentors = list(
            Mentor.objects.visible_to(user)
            .filter(programme_id=mentee.programme_id)
            .matchable(today=today)
            .order_by("last_name", "first_name", "pk")
            .values_list(*MENTOR_SCORED, "current_mentees", named=True)
        )
        centres = centres_for(_districts(mentee, *mentors))
        ranking = [
            (s.mentor.pk, s.score, s.not_suggested)
            for s in suggestions_for(mentee, mentors, weights, centres)
        ]
        kept.put(key, ranking)
    return ranking


def _shown_of(ranking: Ranked, *, show_all: bool) -> tuple[Ranked, int, Ranked, int]:
    """The suggested and the not-suggested entries shown, each with how many more there are."""
    good = [entry for entry in ranking if not entry[2]]
    bad = [entry for entry in ranking if entry[2]]
    shown_good = good if show_all else good[:SHOWN_AT_FIRST]
    shown_bad = bad if show_all else bad[:SHOWN_AT_FIRST]
    return shown_good, len(good) - len(shown_good), shown_bad, len(bad) - len(shown_bad)


def _ranked(
    user: User, mentee: Mentee, today: Any, weights: Weights, *, show_all: bool
) -> tuple[tuple[list[Suggestion], int], tuple[list[Suggestion], int]]:
    """The suggested mentors and those not suggested, best first, as shown (the first
    SHOWN_AT_FIRST of each unless show_all) with how many more there are. The ranking (ids
    and scores only) is kept in the cache while the mentee and everything the programme's
    matching depends on stay the same (kept.py), and beside it the few entries shown at
    first (a national programme's ranking has thousands, a millisecond to read); the
    mentors shown are loaded in one query."""
    fingerprint = kept.fingerprint(mentee.programme_id, today, weights)
    key = f"matching:suggestions:{mentee.pk}:{mentee.updated_at.isoformat()}:{fingerprint}"
    first_key = f"{key}:first"
    shown = None if show_all else kept.get(first_key)
    if shown is None:
        shown = _shown_of(_ranking(user, mentee, today, weights, key), show_all=show_all)
        if not show_all:
            kept.put(first_key, shown)
    shown_good, more_good, shown_bad, more_bad = shown
    mentors_shown = _shown_mentors(user, [entry[0] for entry in shown_good + shown_bad])
    centres = centres_for(_districts(mentee, *mentors_shown.values()))
    # Scored again, few, with every part in words (the same function: the same scores).
    by_pk = {
        s.mentor.pk: s
        for s in suggestions_for(mentee, list(mentors_shown.values()), weights, centres)
    }
    return (
        ([by_pk[pk] for pk, _, _ in shown_good if pk in by_pk], more_good),
        ([by_pk[pk] for pk, _, _ in shown_bad if pk in by_pk], more_bad),
    )


@requires(Capability.MATCH)
def suggestions(request: HttpRequest, pk: int) -> HttpResponse:
    """The matchable mentors for one mentee, best first, each part of the score in words,
    with "Propose this match"; and a look-up that says why a mentor cannot be matched."""
    mentee = get_object_or_404(
        Mentee.objects.visible_to(request.user).select_related("programme__matching_settings"),
        pk=pk,
    )
    today = timezone.localdate()
    weights = _weights(mentee.programme)
    programme_mentors = Mentor.objects.visible_to(request.user).filter(
        programme_id=mentee.programme_id
    )
    problem = ""
    if request.method == "POST":
        form = ProposeForm(request.POST)
        if not form.is_valid():
            problem = "Choose a mentor from the list."
        elif mentee.waiting_since is None:
            problem = f"{mentee.full_name} is not waiting for a mentor now."
        else:
            mentor = (
                programme_mentors.with_current_mentees()
                .filter(pk=form.cleaned_data["mentor"])
                .first()
            )
            if mentor is None:
                problem = "That mentor is not in this programme. Choose one from the list."
            else:
                suggestion = explain(
                    mentee, mentor, weights, centres_for(_districts(mentee, mentor))
                )
                try:
                    relationship = services.propose(
                        mentee=mentee,
                        mentor=mentor,
                        by=request.user,  # type: ignore[arg-type]
                        now=timezone.now(),
                        score=suggestion.score,
                        reasons=suggestion.reasons,
                    )
                except ValidationError as error:
                    problem = " ".join(error.messages)
                else:
                    messages.success(
                        request,
                        f"Match proposed: {mentor.full_name} and {mentee.full_name}. "
                        "Next, record that both agree.",
                    )
                    return redirect(relationship.get_absolute_url())
    show_all = request.GET.get("all") == "1"
    suggested, not_suggested = _ranked(request.user, mentee, today, weights, show_all=show_all)  # type: ignore[arg-type]
    # Only what is shown is explained in words: a national programme has thousands.
    context = {
        "mentee": mentee,
        "waiting": mentee.waiting_since is not None,
        "problem": problem,
        "suggested": suggested[0],
        "more": suggested[1],
        "not_suggested": not_suggested[0],
        "more_not_suggested": not_suggested[1],
        "approximate": True,
        **_look_up(request, mentee, today),
    }
    return render(request, "matching/suggestions.html", context, status=400 if problem else 200)


# --- The whole waiting list -----------------------------------------------------------------


def _programme(request: HttpRequest) -> tuple[Programme, list[Programme]]:
    programmes = list(
        Programme.objects.visible_to(request.user)
        .select_related("matching_settings")
        .order_by("name", "pk")
    )
    if not programmes:
        raise Http404("No programme")
    wanted = request.POST.get("programme") or request.GET.get("programme") or ""
    chosen = next((p for p in programmes if str(p.pk) == wanted), programmes[0])
    return chosen, programmes


def _rejected(request: HttpRequest, programme: Programme) -> list[tuple[int, int]]:
    stored = request.session.get(REJECTED, {}).get(str(programme.pk), [])
    return [(int(a), int(b)) for a, b in stored]


def _remember_rejected(
    request: HttpRequest, programme: Programme, pairs: list[tuple[int, int]]
) -> None:
    stored = dict(request.session.get(REJECTED, {}))
    stored[str(programme.pk)] = [list(pair) for pair in pairs[-MAX_REJECTED:]]
    request.session[REJECTED] = stored


def _accept(request: HttpRequest, programme: Programme, mentee_pk: int, mentor_pk: int) -> None:
    user: User = request.user  # type: ignore[assignment]
    mentee = (
        Mentee.objects.visible_to(user)
        .waiting()
        .filter(programme=programme, pk=mentee_pk)
        .select_related("programme")
        .first()
    )
    mentor = (
        Mentor.objects.visible_to(user)
        .filter(programme=programme, pk=mentor_pk)
        .with_current_mentees()
        .first()
    )
    if mentee is None or mentor is None:
        messages.error(
            request,
            "That pair is no longer in the proposal: the mentee may have been matched a moment "
            "ago. The proposal below has been worked out again.",
        )
        return
    weights = _weights(programme)
    suggestion = explain(mentee, mentor, weights, centres_for(_districts(mentee, mentor)))
    try:
        services.propose(
            mentee=mentee,
            mentor=mentor,
            by=user,
            now=timezone.now(),
            score=suggestion.score,
            reasons=suggestion.reasons,
        )
    except ValidationError as error:
        messages.error(
            request, f"{' '.join(error.messages)} The proposal below has been worked out again."
        )
    else:
        messages.success(
            request,
            f"Match proposed: {mentor.full_name} and {mentee.full_name}. "
            "Record that both agree on the relationship's page.",
        )


# What scoring reads (scoring.encode), and what the pages show besides.
MENTEE_SCORED = (
    "pk", "area", "postcode", "languages", "preferred_formats", "availability", "interests",
    "mentor_gender_preference",
)  # fmt: skip
MENTOR_SCORED = ("pk", "area", "languages", "gender", "capacity", "formats", "availability",
                 "interests")  # fmt: skip
SHOWN = ("first_name", "last_name")


def _shown_mentees(user: User, *pk_lists: list[int]) -> dict[int, Mentee]:
    """The mentees a page shows, with what explaining a pair reads, in one query."""
    wanted = {pk for pks in pk_lists for pk in pks}
    if not wanted:
        return {}
    found = (
        Mentee.objects.visible_to(user)
        .filter(pk__in=wanted)
        .only(*MENTEE_SCORED, *SHOWN, "waiting_since", "programme_id")
    )
    return {mentee.pk: mentee for mentee in found}


def _shown_mentors(user: User, pks: list[int]) -> dict[int, Mentor]:
    """The mentors a page shows, with their current mentees, in one query."""
    if not pks:
        return {}
    found = (
        Mentor.objects.visible_to(user)
        .filter(pk__in=pks)
        .with_current_mentees()
        .only(*MENTOR_SCORED, *SHOWN, "programme_id")
    )
    return {mentor.pk: mentor for mentor in found}


@dataclass(frozen=True)
class WorkedOut:
    """The assignment by id, as kept in the cache (kept.py): no names."""

    mentee_pks: np.ndarray  # waiting order
    mentor_pks: np.ndarray
    outcome: Outcome

    @property
    def waiting(self) -> int:
        return len(self.mentee_pks)

    @property
    def mentors(self) -> int:
        return len(self.mentor_pks)

    @property
    def total(self) -> int:
        return int(self.outcome.scores.sum())

    @property
    def greedy_total(self) -> int:
        return self.outcome.greedy_total

    @property
    def greedy_pairs(self) -> int:
        return self.outcome.greedy_pairs

    @property
    def places(self) -> int:
        return self.outcome.places

    @property
    def proposed(self) -> ProposedPairs:
        """The pairs in waiting order, made into tuples only where they are read."""
        return ProposedPairs(self)

    @property
    def pairs(self) -> list[tuple[int, int, int]]:
        """(mentee pk, mentor pk, score) in waiting order."""
        return self.proposed[:]

    def still_waiting(self) -> list[int]:
        return self.mentee_pks[self.outcome.chosen < 0].tolist()


class ProposedPairs(Sequence[tuple[int, int, int]]):
    """(mentee pk, mentor pk, score) of a worked-out assignment, in waiting order: a
    sequence a Paginator slices, so a page makes its 25 tuples, not the thousands there are."""

    def __init__(self, worked_out: WorkedOut) -> None:
        self.worked_out = worked_out
        self.matched = np.flatnonzero(worked_out.outcome.chosen >= 0)

    def __len__(self) -> int:
        return len(self.matched)

    @overload
    def __getitem__(self, index: int) -> tuple[int, int, int]: ...
    @overload
    def __getitem__(self, index: slice) -> list[tuple[int, int, int]]: ...
    def __getitem__(self, index: int | slice) -> Any:
        if isinstance(index, int):
            return self[index : index + 1 or None][0]
        rows = self.matched[index]
        outcome = self.worked_out.outcome
        return list(
            zip(
                self.worked_out.mentee_pks[rows].tolist(),
                self.worked_out.mentor_pks[outcome.chosen[rows]].tolist(),
                outcome.scores[rows].tolist(),
                strict=True,
            )
        )


def _scored_rows(user: User, programme: Programme, today: Any) -> tuple[list[Any], list[Any]]:
    """The waiting mentees (in waiting order) and matchable mentors, only what scoring reads."""
    mentees = list(
        Mentee.objects.visible_to(user)
        .waiting()
        .filter(programme=programme)
        .order_by("waiting_since", "pk")
        .values_list(*MENTEE_SCORED, named=True)
    )
    mentors = list(
        Mentor.objects.visible_to(user)
        .filter(programme=programme)
        .matchable(today=today)
        .order_by("last_name", "first_name", "pk")
        .values_list(*MENTOR_SCORED, "current_mentees", named=True)
    )
    return mentees, mentors


def _graph(mentees: list[Any], mentors: list[Any], weights: Weights, refused: Any = ()) -> Graph:
    centres = centres_for(_districts(*mentees, *mentors))
    mentee_side, mentor_side = encode(mentees, mentors, centres)
    return build_graph(mentee_side, mentor_side, weights, rejected=refused)


def _worked_out(
    user: User, programme: Programme, today: Any, weights: Weights, rejected: list[tuple[int, int]]
) -> WorkedOut:
    """The programme's assignment without the rejected pairs: from the cache when nothing it
    depends on has changed (kept.py), else worked out and kept."""
    key = f"matching:assignment:{kept.fingerprint(programme.pk, today, weights)}"
    base = kept.get(key)
    rows: tuple[list[Any], list[Any]] | None = None
    if base is None:
        rows = _scored_rows(user, programme, today)
        whole = _graph(*rows, weights)
        base = {
            "mentees": np.array([m.pk for m in rows[0]], dtype=np.int64),
            "mentors": np.array([m.pk for m in rows[1]], dtype=np.int64),
            "outcome": outcome(whole, greedy(whole)),
        }
        kept.put(key, base)
        # Apart: read only when there are rejected pairs (a few MB at national scale).
        kept.put(f"{key}:kept", Kept.of(whole))
    mentee_pks, mentor_pks = base["mentees"], base["mentors"]
    if not rejected:
        return WorkedOut(mentee_pks, mentor_pks, base["outcome"])
    row_of = {pk: i for i, pk in enumerate(mentee_pks.tolist())}
    col_of = {pk: i for i, pk in enumerate(mentor_pks.tolist())}
    refused = sorted(
        {(row_of[a], col_of[b]) for a, b in rejected if a in row_of and b in col_of}
    )  # fmt: skip
    if not refused:
        return WorkedOut(mentee_pks, mentor_pks, base["outcome"])
    rejected_key = f"{key}:{hashlib.sha256(repr(refused).encode()).hexdigest()[:16]}"
    found = kept.get(rejected_key)
    if found is None:
        kept_graph: Kept | None = kept.get(f"{key}:kept")
        graph = None if kept_graph is None else kept_graph.without(refused)
        baseline = (
            None
            if graph is None or kept_graph is None
            else greedy_within(graph, kept_graph.trimmed())
        )
        if graph is None or baseline is None:  # too many rejected for one mentee: in full
            if rows is None:
                rows = _scored_rows(user, programme, today)
                mentee_pks = np.array([m.pk for m in rows[0]], dtype=np.int64)
                mentor_pks = np.array([m.pk for m in rows[1]], dtype=np.int64)
                row_of = {pk: i for i, pk in enumerate(mentee_pks.tolist())}
                col_of = {pk: i for i, pk in enumerate(mentor_pks.tolist())}
                refused = sorted(
                    {(row_of[a], col_of[b]) for a, b in rejected if a in row_of and b in col_of}
                )  # fmt: skip
            graph = _graph(*rows, weights, refused)
            return WorkedOut(mentee_pks, mentor_pks, outcome(graph, greedy(graph)))
        found = outcome(graph, baseline)
        kept.put(rejected_key, found)
    return WorkedOut(mentee_pks, mentor_pks, found)


@requires(Capability.MATCH)
def assignment(request: HttpRequest) -> HttpResponse:
    """The best assignment of the programme's waiting list to mentors with free places,
    worked out afresh on every visit; accept or reject it pair by pair."""
    programme, programmes = _programme(request)
    here = f"{reverse('matching:assignment')}?programme={programme.pk}"
    if request.method == "POST":
        form = PairForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose a pair from the proposal.")
            return redirect(here)
        action = form.cleaned_data["action"]
        pair = (form.cleaned_data.get("mentee"), form.cleaned_data.get("mentor"))
        if action == PairForm.ACCEPT:
            _accept(request, programme, *pair)  # type: ignore[arg-type]
        elif action == PairForm.REJECT:
            _remember_rejected(request, programme, [*_rejected(request, programme), pair])  # type: ignore[list-item]
            messages.success(request, "Pair rejected: the proposal has been worked out without it.")
        else:
            _remember_rejected(request, programme, [])
            messages.success(request, "Rejected pairs can be proposed again.")
        return redirect(here)

    today = timezone.localdate()
    weights = _weights(programme)
    rejected = _rejected(request, programme)
    worked_out = _worked_out(request.user, programme, today, weights, rejected)  # type: ignore[arg-type]
    pairs, still_waiting = worked_out.proposed, worked_out.still_waiting()
    page = Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    shown_mentees = _shown_mentees(request.user, [pair[0] for pair in page], still_waiting[:20])  # type: ignore[arg-type]
    shown_mentors = _shown_mentors(request.user, [pair[1] for pair in page])  # type: ignore[arg-type]
    centres = centres_for(_districts(*shown_mentees.values(), *shown_mentors.values()))
    shown = [
        Pair(mentee=shown_mentees[mentee_pk], mentor=shown_mentors[mentor_pk], score=score)
        for mentee_pk, mentor_pk, score in page
        if mentee_pk in shown_mentees and mentor_pk in shown_mentors
    ]
    explained = explain_pairs([(pair.mentee, pair.mentor) for pair in shown], weights, centres)
    rows = [(pair, why.summary) for pair, why in zip(shown, explained, strict=True)]
    return render(
        request,
        "matching/assignment.html",
        {
            "programme": programme,
            "programmes": programmes if len(programmes) > 1 else [],
            "proposal": worked_out,
            "pairs": len(pairs),
            "waiting": worked_out.waiting,
            "mentors": worked_out.mentors,
            "still_waiting": len(still_waiting),
            "still_waiting_first": [
                shown_mentees[pk] for pk in still_waiting[:20] if pk in shown_mentees
            ],
            "page": page,
            "rows": rows,
            "rejected": len(rejected),
            "query": f"programme={programme.pk}",
        },
    )
