"""The coordinator's mentee pages: the waiting list, a mentee's page and changing their
details. Who may open them, what they show, and queries that do not grow with rows."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from mentoring.mentees.models import Mentee
from tests.factories import MenteeFactory, ReferralFactory, RelationshipFactory, SiteFactory

pytestmark = pytest.mark.django_db

WAITING = reverse("mentees:waiting")
HOME = reverse("home")


def days_ago(days):
    return timezone.now() - timedelta(days=days)


# --- Who may open them --------------------------------------------------------------------


@pytest.fixture
def mentee_record(programme):
    return MenteeFactory(programme=programme, first_name="Agnes", last_name="Waiting")


def urls_of(mentee):
    return [
        WAITING,
        reverse("mentees:detail", args=[mentee.pk]),
        reverse("mentees:edit", args=[mentee.pk]),
    ]


def test_a_visitor_is_sent_to_sign_in(client, mentee_record):
    for url in urls_of(mentee_record):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse(settings.LOGIN_URL))


@pytest.mark.parametrize("persona", ["physiotherapist", "mentor", "mentee"])
def test_other_roles_may_not_open_them(client, personas, persona, mentee_record):
    client.force_login(personas[persona])
    for url in urls_of(mentee_record):
        assert client.get(url).status_code == 403, url


def test_another_programmes_coordinator_sees_neither_the_mentee_nor_them_waiting(
    client, outsider, mentee_record
):
    client.force_login(outsider)
    for url in urls_of(mentee_record)[1:]:
        assert client.get(url).status_code == 404
    page = client.get(WAITING).content.decode()
    assert escape(mentee_record.full_name) not in page
    assert "Nobody is waiting for a mentor." in page


def test_the_coordinator_opens_them(client, coordinator, mentee_record):
    client.force_login(coordinator)
    for url in urls_of(mentee_record):
        assert client.get(url).status_code == 200, url


# --- The waiting list ------------------------------------------------------------------------


def test_the_waiting_list_shows_who_waits_longest_first_with_their_preferences(
    client, coordinator, programme
):
    kirkton = SiteFactory(programme=programme, name="Kirkton Community Centre")
    newer = MenteeFactory(programme=programme, last_name="Newer", waiting_since=days_ago(2))
    older = MenteeFactory(
        programme=programme,
        last_name="Older",
        waiting_since=days_ago(40),
        preferred_formats=["face_to_face"],
        mentor_gender_preference="man",
        needs_large_print=True,
        area="EH12",
        from_referral=ReferralFactory(programme=programme, status="consented", site=kirkton),
    )
    RelationshipFactory(programme=programme, mentee__last_name="Matched")
    client.force_login(coordinator)
    response = client.get(WAITING)
    page = response.content.decode()
    assert [m.last_name for m in response.context["page"]] == ["Older", "Newer"]
    assert "Matched" not in page
    assert "2 mentees waiting" in page
    assert "40 days" in page
    assert "2 days" in page
    row = page[page.index(older.full_name) : page.index(newer.full_name)]
    assert "Face to face" in row
    assert "A man as mentor" in row
    assert "Large print" in row
    assert "EH12" in row
    assert "Kirkton Community Centre" in row
    assert "Remind by email" in row


def test_the_waiting_list_is_searched_by_name(client, coordinator, programme):
    MenteeFactory(programme=programme, first_name="Agnes", last_name="Moffat")
    MenteeFactory(programme=programme, first_name="Walter", last_name="Lowrie")
    client.force_login(coordinator)
    response = client.get(WAITING, {"q": "agnes mof"})
    assert [m.last_name for m in response.context["page"]] == ["Moffat"]
    assert "Lowrie" not in response.content.decode()
    response = client.get(WAITING, {"q": "Nobody"})
    assert "Nobody waiting is called" in response.content.decode()


def test_the_waiting_list_is_paginated_and_keeps_the_search(client, coordinator, programme):
    for number in range(30):
        MenteeFactory(programme=programme, last_name="Paterson", waiting_since=days_ago(number))
    client.force_login(coordinator)
    response = client.get(WAITING, {"q": "Paterson"})
    page = response.content.decode()
    assert len(response.context["page"]) == 25
    assert "page 1 of 2" in page
    assert "?q=Paterson&amp;page=2" in page
    assert len(client.get(WAITING, {"q": "Paterson", "page": 2}).context["page"]) == 5


@pytest.mark.parametrize("rows", [1, 30])
def test_the_waiting_list_needs_the_same_queries_however_many_wait(
    client, coordinator, programme, rows, django_assert_max_num_queries
):
    site = programme.sites.first()
    for _ in range(rows):
        MenteeFactory(
            programme=programme,
            from_referral=ReferralFactory(programme=programme, status="consented", site=site),
        )
    client.force_login(coordinator)
    # session, user, count, page of mentees with their site, menu: never a query per row
    with django_assert_max_num_queries(6):
        response = client.get(WAITING)
    assert response.status_code == 200


# --- A mentee's page ---------------------------------------------------------------------


def test_a_mentees_page_shows_their_details_needs_and_referrals(client, coordinator, programme):
    mentee = MenteeFactory(
        programme=programme,
        interests=["gardening"],
        needs_hearing_support=True,
        interpreter_language="Polish",
        helper_name="Her daughter, Ewa",
        helper_phone="+447700900789",
        reminder_channel="letter",
        shared_goals="Walk to the park",
    )
    referral = mentee.registrations.get().referral
    client.force_login(coordinator)
    page = client.get(mentee.get_absolute_url()).content.decode()
    for text in (
        mentee.full_name,
        "Gardening",
        "Hearing support",
        "An interpreter for Polish",
        "Her daughter, Ewa helps them",
        "07700 900789",
        "A letter",
        "Walk to the park",
        referral.reference,
        'id="relationships"',
    ):
        assert text in page, text
    assert referral.health_number not in page.replace(" ", "")


@pytest.mark.parametrize("referrals", [1, 6])
def test_a_mentees_page_needs_the_same_queries_however_many_referrals(
    client, coordinator, programme, referrals, django_assert_max_num_queries
):
    mentee = MenteeFactory(programme=programme)
    for _ in range(referrals - 1):
        mentee.registrations.create(
            referral=ReferralFactory(programme=programme, status="awaiting_match")
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(6):
        response = client.get(mentee.get_absolute_url())
    assert response.status_code == 200


# --- Changing a mentee's details --------------------------------------------------------


def edit_answers(mentee, **changes):
    data = {
        "first_name": mentee.first_name,
        "last_name": mentee.last_name,
        "phone": "07700 900123",
        "email": mentee.email,
        "postcode": "eh12 5ab",
        "reminder_channel": "email",
        "preferred_formats": ["video"],
        "availability": ["mon_evening"],
        "mentor_gender_preference": "",
        "interests": ["reading"],
        "languages": "English",
        "helper_name": "",
        "helper_phone": "",
        "interpreter_language": "",
        "other_needs": "",
        "shared_goals": "Swim once a week",
    }
    data.update(changes)
    return data


def test_a_coordinator_changes_a_mentees_details(client, coordinator, programme):
    mentee = MenteeFactory(programme=programme, mentor_gender_preference="woman")
    client.force_login(coordinator)
    response = client.post(
        reverse("mentees:edit", args=[mentee.pk]), edit_answers(mentee, last_name="Newname")
    )
    assert response.status_code == 302
    mentee.refresh_from_db()
    assert mentee.last_name == "Newname"
    assert (mentee.postcode, mentee.area) == ("EH12 5AB", "EH12")
    assert mentee.preferred_formats == ["video"]
    assert mentee.availability == ["mon_evening"]
    assert mentee.mentor_gender_preference == ""
    assert mentee.interests == ["reading"]
    assert mentee.shared_goals == "Swim once a week"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"reminder_channel": "email", "email": ""}, "email"),
        ({"reminder_channel": "text", "phone": "0131 496 0000"}, "phone"),
        ({"postcode": "not a postcode"}, "postcode"),
        ({"first_name": ""}, "first_name"),
        ({"preferred_formats": ["teleport"]}, "preferred_formats"),
    ],
)
def test_a_bad_change_is_explained_and_nothing_is_saved(
    client, coordinator, programme, changes, field
):
    mentee = MenteeFactory(programme=programme, last_name="Before")
    client.force_login(coordinator)
    response = client.post(
        reverse("mentees:edit", args=[mentee.pk]),
        edit_answers(mentee, last_name="Typed", **changes),
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'value="Typed"' in page
    assert "Change " + mentee.first_name + " Before" in page.replace("&#x27;", "'")
    mentee.refresh_from_db()
    assert mentee.last_name == "Before"


# --- The menu and the coordinator home --------------------------------------------------


def test_the_coordinator_home_counts_mentees_waiting_and_links_to_the_list(
    client, coordinator, programme, other_programme
):
    MenteeFactory.create_batch(2, programme=programme)
    MenteeFactory(programme=programme, waiting_since=None)
    MenteeFactory(programme=other_programme)
    client.force_login(coordinator)
    response = client.get(HOME)
    assert response.context["mentees_waiting"] == 2
    page = response.content.decode()
    assert "2 mentees waiting for a mentor." in page
    assert WAITING in page


def test_the_menu_offers_the_waiting_list_to_coordinators(client, coordinator, physiotherapist):
    client.force_login(coordinator)
    assert "Waiting list" in client.get(HOME).content.decode()
    client.force_login(physiotherapist)
    assert "Waiting list" not in client.get(HOME).content.decode()


def test_registered_mentees_are_found_by_their_referral(programme):
    mentee = MenteeFactory(programme=programme)
    assert (
        Mentee.objects.same_person_as(
            ReferralFactory(
                programme=programme,
                health_number=mentee.registrations.get().referral.health_number,
            )
        ).get()
        == mentee
    )
