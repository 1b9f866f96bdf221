"""View helpers every app uses."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    button: str,
    back: str,
    intro: str = "",
    status: int = 200,
) -> HttpResponse:
    """A page with one form on it: a heading, the form, a button and a way back."""
    return render(
        request,
        "_form_page.html",
        {"form": form, "title": title, "button": button, "back": back, "intro": intro},
        status=status,
    )
