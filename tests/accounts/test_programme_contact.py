"""A programme's contact details: who its mentors and mentees call. The phone number is
stored in E.164 like every other phone number and shown the way people write it."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.admin import ProgrammeAdminForm
from core.validators import PHONE_MESSAGE
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("0131 496 0000", "+441314960000"),
        ("07700 900123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("", ""),
    ],
)
def test_the_coordinators_phone_is_stored_in_e164_however_it_is_typed(typed, stored):
    programme = ProgrammeFactory.build(contact_phone=typed)
    programme.full_clean(validate_unique=False)
    assert programme.contact_phone == stored


def test_a_coordinators_phone_that_is_not_a_number_is_refused_beside_the_field():
    programme = ProgrammeFactory.build(contact_phone="ring the office")
    with pytest.raises(ValidationError) as refused:
        programme.full_clean(validate_unique=False)
    assert refused.value.message_dict == {"contact_phone": [PHONE_MESSAGE]}


def test_contact_details_are_optional():
    programme = ProgrammeFactory()
    assert (programme.contact_name, programme.contact_phone, programme.contact_email) == (
        "",
        "",
        "",
    )
    assert not programme.has_contact


def test_the_admin_form_stores_the_phone_in_e164():
    form = ProgrammeAdminForm(
        data={
            "name": "Kirkton programme",
            "region": "Kirkton",
            "is_active": "on",
            "contact_name": "Fiona Baird",
            "contact_phone": "(0131) 496 0000",
            "contact_email": "office@example.org",
        }
    )
    assert form.is_valid(), form.errors
    assert form.save().contact_phone == "+441314960000"


def test_the_admin_form_refuses_a_phone_that_is_not_a_number():
    form = ProgrammeAdminForm(
        data={"name": "Kirkton", "region": "Kirkton", "contact_phone": "ring the office"}
    )
    assert form.errors["contact_phone"] == [PHONE_MESSAGE]


def test_the_programme_admin_shows_the_contact_details_with_the_phone_as_people_write_it(
    client, administrator, programme
):
    programme.contact_name = "Fiona Baird"
    programme.contact_phone = "+441314960000"
    programme.save()
    client.force_login(administrator)
    html = client.get(reverse("admin:accounts_programme_change", args=[programme.pk])).content
    page = html.decode()
    assert 'name="contact_name"' in page
    assert 'name="contact_email"' in page
    assert 'value="0131 496 0000"' in page
    assert "+441314960000" not in page
