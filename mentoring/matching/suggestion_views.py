"""Matching pages: suggested mentors for one waiting mentee (and why a mentor cannot be
matched), and the best assignment of the whole waiting list, accepted pair by pair.

The assignment is worked out again from the database on every visit, so what is shown is
always what the lists say now; the only thing kept between visits is which pairs the
coordinator rejected (in their session, per programme, until they offer them again)."""

from __future__ import annotations

from typing import Any

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
from mentoring.matching import services
from mentoring.matching.assignment import propose_assignment
from mentoring.matching.districts import centres_for, district_of
from mentoring.matching.forms import LookUpForm, PairForm, ProposeForm
from mentoring.matching.models import MatchingSettings
from mentoring.matching.scoring import Weights, explain, suggestions_for
from mentoring.mentees.models import Mentee
from mentoring.recruitment.models import Mentor
from mentoring.recruitment.services import activation_problems

SHOWN_AT_FIRST = 10  # suggestions shown in full before "Show all"
LOOK_UP_LIMIT = 10
PAIRS_PER_PAGE = 50
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
    mentors = list(
        programme_mentors.matchable(today=today).order_by("last_name", "first_name", "pk")
    )
    centres = centres_for(_districts(mentee, *mentors))
    ranked = suggestions_for(mentee, mentors, weights, centres)
    suggested = [s for s in ranked if not s.not_suggested]
    not_suggested = [s for s in ranked if s.not_suggested]
    show_all = request.GET.get("all") == "1"
    # Only what is shown is explained in words: a national programme has thousands.
    context = {
        "mentee": mentee,
        "waiting": mentee.waiting_since is not None,
        "problem": problem,
        "suggested": suggested if show_all else suggested[:SHOWN_AT_FIRST],
        "more": 0 if show_all else max(len(suggested) - SHOWN_AT_FIRST, 0),
        "not_suggested": not_suggested if show_all else not_suggested[:SHOWN_AT_FIRST],
        "more_not_suggested": 0 if show_all else max(len(not_suggested) - SHOWN_AT_FIRST, 0),
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
    mentees = list(
        Mentee.objects.visible_to(request.user)
        .waiting()
        .filter(programme=programme)
        .order_by("waiting_since", "pk")
    )
    mentors = list(
        Mentor.objects.visible_to(request.user)
        .filter(programme=programme)
        .matchable(today=today)
        .order_by("last_name", "first_name", "pk")
    )
    weights = _weights(programme)
    centres = centres_for(_districts(*mentees, *mentors))
    rejected = _rejected(request, programme)
    proposal = propose_assignment(mentees, mentors, weights, centres, rejected=rejected)
    page = Paginator(proposal.pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        (pair, explain(pair.mentee, pair.mentor, weights, centres).summary) for pair in page
    ]  # fmt: skip
    return render(
        request,
        "matching/assignment.html",
        {
            "programme": programme,
            "programmes": programmes if len(programmes) > 1 else [],
            "proposal": proposal,
            "waiting": len(mentees),
            "mentors": len(mentors),
            "page": page,
            "rows": rows,
            "rejected": len(rejected),
            "query": f"programme={programme.pk}",
        },
    )
