"""Every page is built on the GOV.UK Design System: no Bootstrap left, and the error
summary takes people to the right place."""

import re
from pathlib import Path

import pytest
from django import forms
from django.template import Context, Template

ROOT = Path(__file__).resolve().parents[2]
BOOTSTRAP = re.compile(
    r"^(btn(-.+)?|alert(-.+)?|row|col(-.+)?|form-(control|select|check.*|label|text)|d-.+|"
    r"[mp][tbsexy]?-[0-5]|text-(muted|danger|success)|card(-.+)?|badge|table-.+|container|"
    r"navbar.*|nav-(link|item)|visually-hidden|small|invalid-feedback)$"
)


def test_no_template_uses_a_bootstrap_class():
    found = []
    for path in (ROOT / "templates").rglob("*.html"):
        for classes in re.findall(r'class="([^"{]*)"', path.read_text()):
            found += [(path.name, c) for c in classes.split() if BOOTSTRAP.match(c)]
    assert found == []


def test_bootstrap_is_no_longer_shipped():
    assert not (ROOT / "static" / "vendor" / "bootstrap").exists()
    assert (ROOT / "static" / "vendor" / "govuk-frontend" / "govuk-frontend.min.css").exists()


def test_the_gds_typeface_and_crown_are_left_out():
    css = (ROOT / "static/vendor/govuk-frontend/govuk-frontend.min.css").read_text()
    assert "GDS Transport" not in css
    assert "@font-face" not in css
    assert "govuk-crest" not in css


class Choices(forms.Form):
    contact = forms.ChoiceField(
        label="Best way to contact you",
        choices=[("phone", "Phone"), ("email", "Email")],
        widget=forms.RadioSelect,
    )
    name = forms.CharField(label="Your name")


@pytest.mark.parametrize(("field", "target"), [("contact", "id_contact_1"), ("name", "id_name")])
def test_each_problem_links_to_an_element_that_exists(field, target):
    form = Choices(data={})
    assert not form.is_valid()
    html = Template(
        '{% load crispy_forms_tags %}{% include "_form_problems.html" %}{{ form|crispy }}'
    ).render(Context({"form": form}))
    assert f'href="#{target}"' in html
    assert f'id="{target}"' in html
