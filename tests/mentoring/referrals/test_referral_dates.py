"""Dates on the referral form are three boxes (day, month, year), not a date picker."""

import re
from datetime import date

import pytest
from django.urls import reverse

from mentoring.referrals.models import Referral

pytestmark = pytest.mark.django_db

NEW = reverse("referrals:new")


def summary(page: str) -> str:
    return page.split('class="govuk-error-summary"', 1)[1].split("</ul>", 1)[0]


def test_each_date_is_three_labelled_number_boxes_with_an_example(client, physiotherapist):
    client.force_login(physiotherapist)
    page = client.get(NEW).content.decode()
    assert 'type="date"' not in page
    for name in ("date_of_birth", "discharge_date", "consent_date"):
        for i, label in enumerate(("Day", "Month", "Year")):
            box = re.search(rf'<input[^>]*name="{name}_{i}"[^>]*>', page)
            assert box, (name, i)
            assert 'inputmode="numeric"' in box.group(0)
            assert f'for="id_{name}_{i}">{label}</label>' in page
    assert "For example, 27 3 1948" in page


def test_an_impossible_date_is_explained_beside_the_field_and_in_the_summary(
    client, physiotherapist, referral_post
):
    client.force_login(physiotherapist)
    data = referral_post(
        discharge_date=None, discharge_date_0="31", discharge_date_1="2", discharge_date_2="2026"
    )
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert response.context["form"].errors["discharge_date"] == ["Enter a real date"]
    page = response.content.decode()
    assert '<a href="#id_discharge_date_0">Enter a real date</a>' in summary(page)
    beside = page.split('id="div_id_discharge_date"', 1)[1].split("</fieldset>", 1)[0]
    assert "Enter a real date" in beside
    # What was typed is shown back in the boxes.
    box = re.search(r'<input[^>]*name="discharge_date_0"[^>]*>', page)
    assert box
    assert 'value="31"' in box.group(0)


def test_a_partial_date_names_the_missing_part_and_links_to_its_box(
    client, physiotherapist, referral_post
):
    client.force_login(physiotherapist)
    data = referral_post(
        date_of_birth=None, date_of_birth_0="20", date_of_birth_1="", date_of_birth_2="1948"
    )
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert response.context["form"].errors["date_of_birth"] == [
        "Date of birth must include a month"
    ]
    links = summary(response.content.decode())
    assert '<a href="#id_date_of_birth_1">Date of birth must include a month</a>' in links
    assert links.count("Date of birth must include a month") == 1


def test_a_date_outside_its_bounds_links_to_the_day_box(client, physiotherapist, referral_post):
    client.force_login(physiotherapist)
    response = client.post(NEW, referral_post(date_of_birth="1850-01-01"))
    assert response.context["form"].errors["date_of_birth"] == ["Check the year of birth."]
    assert '<a href="#id_date_of_birth_0">Check the year of birth.</a>' in summary(
        response.content.decode()
    )


def test_a_stored_date_is_shown_in_its_three_boxes_when_editing(
    client, physiotherapist, referral_post
):
    client.force_login(physiotherapist)
    client.post(NEW, referral_post(save_draft="1", submit=None, date_of_birth="1948-05-20"))
    referral = Referral.objects.get()
    assert referral.date_of_birth == date(1948, 5, 20)
    page = client.get(reverse("referrals:edit", args=[referral.pk])).content.decode()
    for name, value in (("_0", "20"), ("_1", "5"), ("_2", "1948")):
        box = re.search(rf'<input[^>]*name="date_of_birth{name}"[^>]*>', page)
        assert box
        assert f'value="{value}"' in box.group(0)
