"""The home page each role lands on, the health check, and friendly error pages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from accounts.capabilities import Capability, can
from accounts.models import Membership, Programme, Site, User
from core.heartbeat import WORKER
from core.models import Heartbeat
from mentoring.matching.views import my_mentoring_context
from mentoring.mentees.models import Mentee
from mentoring.recruitment.models import Mentor
from mentoring.referrals.models import Referral
from notifications.models import Delivery
from sessions_log.logs.views import mentor_home_context, open_concerns_context
from sessions_log.monitoring.views import severity_counts


def _programmes_overview(user: User, head_counts: dict[int, dict[str, int]]) -> list[Programme]:
    """The user's programmes with their active sites and settings (two queries), each with
    its head-counts (`_head_counts`) as `coordinator_count`, `mentor_count` and so on."""
    programmes = list(
        Programme.objects.visible_to(user)
        .select_related("referrals_settings", "matching_settings")
        .prefetch_related(Prefetch("sites", queryset=Site.objects.active()))
        .order_by("name")
    )
    for programme in programmes:
        heads = head_counts.get(programme.pk, {})
        for role in User.Role:
            setattr(programme, f"{role.value}_count", heads.get(role.value, 0))
    return programmes


def _head_counts(user: User) -> dict[int, dict[str, int]]:
    """How many people of each role with an open account each programme has: one query
    (a few milliseconds at national scale, so kept with the other counts)."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Membership.objects.filter(
            programme__in=Programme.objects.visible_to(user), user__is_active=True
        )
        .values_list("programme_id", "user__role")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for programme_id, role, n in rows:
        counts.setdefault(programme_id, {})[role] = n
    return counts


def _background_jobs_status() -> dict[str, Any]:
    heartbeat = Heartbeat.objects.filter(name=WORKER).first()
    now = timezone.now()
    return {
        "heartbeat": heartbeat,
        "jobs_running": heartbeat is not None
        and not heartbeat.is_stale(now=now, after=settings.HEARTBEAT_STALE_AFTER),
    }


def _referrals_summary(user: User) -> dict[str, Any]:
    """Open referrals by status and how many wait too long: two queries."""
    visible = Referral.objects.visible_to(user)
    # Counting a column of the (programme, status, submitted_at) index, not the key, lets
    # PostgreSQL answer from the index alone.
    counts = visible.open().aggregate(
        **{
            status.value: Count("status", filter=Q(status=status))
            for status in (
                Referral.Status.SUBMITTED,
                Referral.Status.CONTACTED,
                Referral.Status.CONSENTED,
                Referral.Status.AWAITING_MATCH,
            )
        }
    )
    return {
        "referral_counts": [
            (Referral.Status(status).label, count) for status, count in counts.items()
        ],
        "referrals_overdue": visible.waiting_too_long(now=timezone.now()).count(),
    }


def _mentors_summary(user: User) -> dict[str, Any]:
    """Applicants, active and matchable mentors: one query."""
    mentors = Mentor.objects.visible_to(user)
    matchable = mentors.matchable(today=timezone.localdate()).values("pk")
    counts = mentors.aggregate(
        applied=Count("status", filter=Q(status=Mentor.Status.APPLIED)),
        screening=Count("status", filter=Q(status=Mentor.Status.SCREENING)),
        in_training=Count("status", filter=Q(status=Mentor.Status.IN_TRAINING)),
        active=Count("status", filter=Q(status=Mentor.Status.ACTIVE)),
        matchable=Count("pk", filter=Q(pk__in=matchable)),
    )
    return {"mentor_counts": counts}


# The head-line counts of the coordinator home are exact when made, then kept this long:
# matchable() has to look at every active mentor's training, which at national scale costs
# tens of milliseconds on each visit to the home page. Stale by a minute at most; the
# cache falls back to this process's memory when Redis is down (core.cache), so the page
# never fails for want of it.
COUNTS_FRESH_FOR_SECONDS = 60


def _counts_key(user: User) -> str:
    return f"dashboard:coordinator-counts:v2:{user.pk}"


def _coordinator_counts(user: User) -> dict[str, Any]:
    """Referral, mentor and head counts, from the cache or four queries."""
    counts: dict[str, Any] | None = cache.get(_counts_key(user))
    if counts is None:
        counts = {
            **_referrals_summary(user),
            **_mentors_summary(user),
            "head_counts": _head_counts(user),
        }
        cache.set(_counts_key(user), counts, COUNTS_FRESH_FOR_SECONDS)
    return counts


def _deliveries_summary(user: User) -> dict[str, Any]:
    """Messages that could not be sent or may not have arrived: one query."""
    return {
        "deliveries_needing_attention": Delivery.objects.visible_to(user)
        .needing_attention()
        .count()
    }


def _mentees_summary(user: User) -> dict[str, Any]:
    """Mentees waiting for a mentor: one query."""
    return {"mentees_waiting": Mentee.objects.visible_to(user).waiting().count()}


def _own_programme(user: User) -> dict[str, Any]:
    """A mentor's or mentee's programme (they belong to one), whose contact details their
    pages show: one query."""
    programmes = list(Programme.objects.visible_to(user))
    return {"programmes": programmes, "programme": programmes[0] if programmes else None}


def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own dashboard."""
    user: User = request.user  # type: ignore[assignment]
    context: dict[str, Any] = {}
    if can(user, Capability.SEE_PROGRAMME_OVERVIEW):
        template = "dashboard/coordinator.html"
        counts = _coordinator_counts(user)
        context["programmes"] = _programmes_overview(user, counts["head_counts"])
        context.update(_background_jobs_status())
        context.update(counts)
        context.update(_deliveries_summary(user))
        context.update(_mentees_summary(user))
        context.update(open_concerns_context(user))
        context.update(severity_counts(user))
    elif user.is_physiotherapist:
        template = "dashboard/physiotherapist.html"
        context["programmes"] = Programme.objects.visible_to(user)
        context["recent_referrals"] = (
            Referral.objects.visible_to(user).filter(referred_by=user).order_by("-created_at")[:5]
        )
        context.update(open_concerns_context(user))
    elif user.is_mentor:
        template = "dashboard/mentor.html"
        context.update(_own_programme(user))
        context["mentor"] = Mentor.objects.visible_to(user).first()
        context.update(mentor_home_context(user))
    elif user.is_mentee:
        template = "dashboard/mentee.html"
        context.update(my_mentoring_context(user))
    else:  # the database allows no other kind of account
        raise PermissionDenied
    return render(request, template, context)


def _redis_answers() -> bool | None:
    """True or False when Redis is configured; None when the app runs without it."""
    if not settings.REDIS_URL:
        return None
    import redis

    try:
        client = redis.Redis.from_url(
            settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1
        )
        return bool(client.ping())
    except redis.RedisError:
        return False


@login_not_required
@require_GET
@never_cache
def health(request: HttpRequest) -> JsonResponse:
    """For load balancers and docker-compose. 503 only when the database is down (nothing
    works then). With Redis down every page still works (messages wait in the database),
    so the answer stays 200 and says "degraded"."""
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "database unavailable", "database": "down"}, status=503)
    redis_ok = _redis_answers()
    body = {"status": "ok", "database": "ok"}
    if redis_ok is not None:
        body["redis"] = "ok" if redis_ok else "down"
        if not redis_ok:
            body["status"] = "degraded"
    return JsonResponse(body)


@login_not_required
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent after its page had expired: explain, without technical detail."""
    return render(request, "403_csrf.html", status=403)
