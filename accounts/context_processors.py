"""`{% if can.triage_referrals %}` in templates: the same table the views use."""

from typing import Any

from django.http import HttpRequest

from accounts.capabilities import Capability, capabilities_of


def capabilities(request: HttpRequest) -> dict[str, Any]:
    granted = capabilities_of(getattr(request, "user", None))
    return {"can": {capability.value: capability in granted for capability in Capability}}
