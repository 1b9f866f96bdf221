"""Training pages: modules, recording a session, the matrix (and its CSV), My training.

The pages that list mentors use recruitment's Mentor and its visible_to(); that one import
upwards is allowed in .importlinter (the training rules themselves never need it)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from accounts.capabilities import Capability
from accounts.models import Programme, User
from accounts.permissions import requires
from core.csv import streaming_csv
from core.forms import posted
from core.search import name_has_every
from core.views import form_page
from mentoring.recruitment.models import Mentor
from mentoring.training import services
from mentoring.training.forms import (
    MOST_ATTENDEES,
    AttendeeSearchForm,
    TrainingModuleForm,
    TrainingSessionForm,
)
from mentoring.training.models import (
    TrainingModule,
    TrainingRecord,
    TrainingSettings,
    standing_aggregates,
)
from mentoring.training.services import NOT_DONE, Standing, standing_words

MATRIX_PAGE_SIZE = 50
CSV_CHUNK = 2000
ATTENDEES_PAGE_SIZE = 25
# Whose training may be recorded: anyone taken into screening and not yet gone.
RECORDABLE = Mentor.TAKEN_ON
TICKED = re.compile(r"attended_(\d{1,18})")


def _modules(user: Any) -> QuerySet[TrainingModule]:
    return TrainingModule.objects.visible_to(user).select_related("programme")


@requires(Capability.MANAGE_TRAINING)
def module_list(request: HttpRequest) -> HttpResponse:
    return render(request, "training/module_list.html", {"modules": _modules(request.user)})


@requires(Capability.MANAGE_TRAINING)
def module_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    module = get_object_or_404(_modules(request.user), pk=pk) if pk else None
    programmes = list(Programme.objects.visible_to(request.user))
    form = TrainingModuleForm(posted(request), instance=module, programmes=programmes)
    if form.is_valid():
        services.save_module(module=form.save(commit=False))
        messages.success(request, f"Module \u201c{form.instance.name}\u201d saved.")
        return redirect("training:module_list")
    title = f"Change \u201c{module.name}\u201d" if module else "Add a training module"
    return form_page(
        request, form, title=title, button="Save module", back=reverse("training:module_list")
    )


def _ticked(data: Any) -> list[int]:
    """The people ticked as attended (boxes named attended_<mentor id>), read as the form's
    own tick boxes read them."""
    box = forms.CheckboxInput()
    return [
        int(match[1])
        for key in data
        if (match := TICKED.fullmatch(key)) and box.value_from_datadict(data, MultiValueDict(), key)
    ]


def _attendee_search(
    mentors: QuerySet[Mentor],
    wanted: dict[str, str],
    *,
    module: TrainingModule | None,
    today: date,
) -> QuerySet[Mentor]:
    """Mentors matching the search: every word of the name in the first or last name, the
    status, and, once a module is chosen, its programme and (unless "everyone") only those
    with no record of it that counts today."""
    mentors = mentors.filter(name_has_every(wanted["name"]))
    if wanted["status"]:
        mentors = mentors.filter(status=wanted["status"])
    if module is not None:
        mentors = mentors.filter(programme=module.programme_id)
        if wanted["show"] == AttendeeSearchForm.NEEDED:
            counting = TrainingRecord.objects.counting_on(today=today).filter(
                mentor=OuterRef("pk"), module=module
            )
            mentors = mentors.filter(~Exists(counting))
    return mentors.order_by("last_name", "first_name", "pk")


@requires(Capability.MANAGE_TRAINING)
def training_session_new(request: HttpRequest) -> HttpResponse:
    """Record one training session for everyone who attended.

    The coordinator finds people a page at a time (by name, status, or who still needs the
    module) and ticks them; everyone ticked stays ticked, listed first, through every search
    and page, because the page is one form whose buttons all send it: "Find people" and the
    page buttons show more people, "Save training" saves. Nothing needs JavaScript, and the
    form never holds more than MOST_ATTENDEES people plus one page of results."""
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    data = posted(request)
    modules = _modules(user).filter(is_active=True)
    recordable = Mentor.objects.visible_to(user).filter(status__in=RECORDABLE)
    ticked = _ticked(request.POST)
    chosen = (
        list(
            recordable.filter(pk__in=ticked[: MOST_ATTENDEES + 1]).order_by(
                "last_name", "first_name", "pk"
            )
        )
        if ticked
        else []
    )
    module_id = request.POST.get("module", "")
    module = modules.filter(pk=int(module_id)).first() if module_id.isdigit() else None
    search = AttendeeSearchForm(
        data, prefix="find", statuses=[(s.value, s.label) for s in RECORDABLE]
    )
    found = Paginator(
        _attendee_search(recordable, search.wanted(), module=module, today=today).exclude(
            pk__in=[m.pk for m in chosen]
        ),
        ATTENDEES_PAGE_SIZE,
    ).get_page(request.POST.get("page") or request.GET.get("page"))
    form = TrainingSessionForm(
        data,
        modules=modules,
        mentors=[*chosen, *found],
        too_many=len(ticked) > MOST_ATTENDEES,
        not_found=min(len(ticked), MOST_ATTENDEES + 1) - len(chosen),
    )
    finding = "find" in request.POST or "page" in request.POST
    if finding:
        form.hold()
    elif form.is_valid():
        try:
            records = services.record_training(
                mentors=form.cleaned_data["attended"],
                module=form.cleaned_data["module"],
                completed_on=form.cleaned_data["completed_on"],
                delivered_by=form.cleaned_data["delivered_by"],
                method=form.cleaned_data["method"],
                scores=form.cleaned_data["scores"],
                notes=form.cleaned_data["notes"],
                by=user,
                now=timezone.now(),
            )
        except ValidationError as error:
            form.add_error("module", error)
        else:
            people = "person" if len(records) == 1 else "people"
            messages.success(request, f"Training recorded for {len(records)} {people}.")
            return redirect("training:training_matrix")
    return render(
        request,
        "training/training_session.html",
        {
            "form": form,
            "search": search,
            "chosen_rows": form.rows(chosen),
            "found_rows": form.rows(list(found)),
            "found": found,
            "module": module,
            "most_attendees": MOST_ATTENDEES,
        },
    )


def _matrix_rows(
    mentors: list[Mentor], modules: list[TrainingModule], *, today: date, warning_days: int
) -> list[tuple[Mentor, list[tuple[str, str]]]]:
    """Each mentor with their standing on each module: one grouped query for all cells."""
    standings = {
        (row.pop("mentor_id"), row.pop("module_id")): Standing(**row)
        for row in TrainingRecord.objects.filter(mentor__in=mentors, module__in=modules)
        .order_by()
        .values("mentor_id", "module_id")
        .annotate(**standing_aggregates())
    }
    return [
        (
            mentor,
            [
                standings.get((mentor.pk, module.pk), NOT_DONE).status(
                    today=today, warning_days=warning_days
                )
                for module in modules
            ],
        )
        for mentor in mentors
    ]


@requires(Capability.MANAGE_TRAINING)
def training_matrix(request: HttpRequest) -> HttpResponseBase:
    """Mentors by modules: each cell complete, expiring, expired, not passed or missing."""
    user = request.user
    today = timezone.localdate()
    programmes = Programme.objects.visible_to(user).select_related("training_settings")
    chosen = request.GET.get("programme", "")
    programme = (chosen.isdigit() and programmes.filter(pk=int(chosen)).first()) or (
        programmes.first()
    )
    status = request.GET.get("status", "current")
    mentors = Mentor.objects.visible_to(user).filter(programme=programme)
    if status == "current":
        mentors = mentors.filter(
            status__in=[Mentor.Status.IN_TRAINING, Mentor.Status.ACTIVE, Mentor.Status.PAUSED]
        )
    elif status in Mentor.Status.values:
        mentors = mentors.filter(status=status)
    mentors = mentors.order_by("last_name", "first_name", "pk")
    modules = list(TrainingModule.objects.filter(programme=programme, is_active=True))
    warning_days = (
        TrainingSettings.for_programme(programme).expiry_warning_days if programme else 30
    )
    if request.GET.get("format") == "csv":
        return streaming_csv(
            _csv_rows(mentors, modules, today=today, warning_days=warning_days),
            filename="training-matrix.csv",
        )
    page = Paginator(mentors, MATRIX_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = _matrix_rows(list(page), modules, today=today, warning_days=warning_days)
    return render(
        request,
        "training/training_matrix.html",
        {
            "programme": programme,
            "programmes": programmes,
            "modules": modules,
            "rows": rows,
            "page": page,
            "status": status,
            "query": f"programme={programme.pk if programme else ''}&status={status}",
        },
    )


def _csv_rows(
    mentors: QuerySet[Mentor], modules: list[TrainingModule], *, today: date, warning_days: int
) -> Iterator[list[str]]:
    """Every mentor, with no cap, a row each from one query read a chunk at a time (plain
    tuples from a server-side cursor), so memory stays flat and no model objects are built.
    The database works out each cell's words (services.standing_words, the SQL twin of
    Standing.status) from the mentor's records of that module; modules no longer in use
    are left out."""
    yield ["Mentor", "Status", *[module.name for module in modules]]
    prefix = "training_records__"
    cells = {
        f"module_{module.pk}": standing_words(
            **standing_aggregates(prefix, of=Q(**{f"{prefix}module": module})),
            today=today,
            warning_days=warning_days,
        )
        for module in modules
    }
    status_labels = dict(Mentor.Status.choices)
    summaries = (
        mentors.annotate(**cells)
        .values_list("first_name", "last_name", "status", *cells)
        .order_by("last_name", "first_name", "pk")
    )
    for first_name, last_name, status, *words in summaries.iterator(chunk_size=CSV_CHUNK):
        yield [f"{first_name} {last_name}", status_labels.get(status, status), *words]


@requires(Capability.KEEP_OWN_MENTOR_PROFILE)
def my_training(request: HttpRequest) -> HttpResponse:
    mentor = get_object_or_404(
        Mentor.objects.visible_to(request.user).select_related("programme__training_settings"),
        user=request.user,
    )
    today = timezone.localdate()
    return render(
        request,
        "training/my_training.html",
        {
            "mentor": mentor,
            "training": services.training_rows(mentor=mentor, today=today),
            "checks": mentor.disclosure_checks.all(),
            "today": today,
        },
    )
