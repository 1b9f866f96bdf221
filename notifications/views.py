"""Messages that need a coordinator: could not be sent, or not known if they were."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.capabilities import Capability
from accounts.models import User
from accounts.permissions import requires
from notifications import services
from notifications.models import Delivery


@requires(Capability.MANAGE_DELIVERIES)
def delivery_problems(request: HttpRequest) -> HttpResponse:
    deliveries = (
        Delivery.objects.visible_to(request.user)
        .needing_attention()
        .select_related("recipient", "programme")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(deliveries, 25).get_page(request.GET.get("page"))
    return render(request, "notifications/problems.html", {"page": page})


@require_POST
@requires(Capability.MANAGE_DELIVERIES)
def delivery_send_again(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    delivery = get_object_or_404(Delivery.objects.visible_to(user), pk=pk)
    if delivery.can_send_again:
        services.send_again(delivery=delivery, by=user, now=timezone.now())
        messages.success(request, "The message will be sent again in the next minute or so.")
    else:
        messages.info(request, "This message does not need sending again.")
    return redirect("notifications:problems")
