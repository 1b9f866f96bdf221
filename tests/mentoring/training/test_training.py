"""Training modules, a session recorded for several mentors, the matrix and its CSV, and a
mentor's own training and profile pages."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.training import services as training_services
from mentoring.training.models import TrainingModule, TrainingRecord
from tests.factories import DisclosureCheckFactory, MentorFactory, TrainingModuleFactory
from tests.support.dates import in_boxes

pytestmark = pytest.mark.django_db

SESSION = reverse("training:training_session_new")
MATRIX = reverse("training:training_matrix")


@pytest.fixture
def trainees(programme):
    return [
        MentorFactory(programme=programme, status="in_training", first_name=name, last_name="T")
        for name in ("Ann", "Bob", "Cat")
    ]


def session_data(module, attended, scores=None, **changes):
    data = {
        "module": module.pk,
        "completed_on": timezone.localdate().isoformat(),
        "delivered_by": "Fiona Baird",
        "method": "blended",
        "notes": "",
        **changes,
    }
    for mentor in attended:
        data[f"attended_{mentor.pk}"] = "on"
    for mentor, score in (scores or {}).items():
        data[f"score_{mentor.pk}"] = str(score)
    return in_boxes(data, "completed_on")


def test_one_session_is_recorded_for_several_mentors_with_expiry_worked_out(
    client, coordinator, programme, trainees
):
    module = TrainingModuleFactory(programme=programme, validity_months=12)
    client.force_login(coordinator)
    response = client.post(SESSION, session_data(module, trainees[:2]))
    assert response.status_code == 302
    records = TrainingRecord.objects.order_by("mentor__first_name")
    assert [r.mentor.first_name for r in records] == ["Ann", "Bob"]
    expected = timezone.localdate().replace(year=timezone.localdate().year + 1)
    assert {r.expires_on for r in records} == {expected}
    assert {r.recorded_by for r in records} == {coordinator}


def test_a_module_with_a_quiz_needs_a_score_for_each_attendee(
    client, coordinator, programme, trainees
):
    module = TrainingModuleFactory(programme=programme, pass_mark=80)
    client.force_login(coordinator)
    data = session_data(module, trainees[:2], scores={trainees[0]: 90})
    response = client.post(SESSION, data)
    assert response.status_code == 200
    form = response.context["form"]
    assert f"score_{trainees[1].pk}" in form.errors
    assert 'value="Fiona Baird"' in response.content.decode()
    assert not TrainingRecord.objects.exists()
    client.post(SESSION, {**data, f"score_{trainees[1].pk}": "75"})
    assert dict(TrainingRecord.objects.values_list("mentor__first_name", "quiz_score")) == {
        "Ann": 90,
        "Bob": 75,
    }


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"completed_on": "2999-01-01"}, "completed_on", "once it has happened"),
        ({"completed_on": "0001-01-01"}, "completed_on", "on or after 1 January 1990"),
        ({"completed_on": "1989-12-31"}, "completed_on", "on or after 1 January 1990"),
        ({"completed_on": "2023-02-30"}, "completed_on", "Enter a real date"),
        ({"delivered_by": ""}, "delivered_by", "Enter who delivered the training"),
        ({"method": ""}, "method", "Choose how the training was delivered"),
        ({"notes": "x" * 2001}, "notes", "Enter 2000 characters or fewer"),
    ],
)
def test_bad_session_details_are_explained_beside_the_field(
    client, coordinator, programme, trainees, changes, field, message
):
    module = TrainingModuleFactory(programme=programme)
    client.force_login(coordinator)
    response = client.post(SESSION, session_data(module, trainees, **changes))
    assert message in " ".join(response.context["form"].errors[field])
    assert not TrainingRecord.objects.exists()


def test_nobody_ticked_is_explained(client, coordinator, programme, trainees):
    module = TrainingModuleFactory(programme=programme)
    client.force_login(coordinator)
    response = client.post(SESSION, session_data(module, []))
    assert "Tick at least one person" in response.content.decode()


def test_the_matrix_says_in_words_where_each_mentor_stands(client, coordinator, programme):
    today = timezone.localdate()
    forever = TrainingModuleFactory(programme=programme, name="Listening", validity_months=None)
    yearly = TrainingModuleFactory(programme=programme, name="Red flags", validity_months=12)
    quiz = TrainingModuleFactory(programme=programme, name="Safeguarding", pass_mark=80)
    mentor = MentorFactory(programme=programme, status="active", first_name="Ann")

    def done(module, on, score=None):
        training_services.record_training(
            mentors=[mentor], module=module, completed_on=on, delivered_by="T",
            method="online", scores={mentor.pk: score}, notes="", by=coordinator,
            now=timezone.now(),
        )  # fmt: skip

    done(forever, today - timedelta(days=900))
    done(yearly, today - timedelta(days=350))  # expires within 30 days
    done(quiz, today, score=50)
    client.force_login(coordinator)
    response = client.get(MATRIX)
    cells = dict(zip([m.name for m in response.context["modules"]],
                     response.context["rows"][0][1], strict=True))  # fmt: skip
    assert cells["Listening"] == ("complete", "Complete")
    assert cells["Red flags"][0] == "expiring"
    assert cells["Red flags"][1].startswith("Expires ")
    assert cells["Safeguarding"] == ("not_passed", "Quiz not passed")

    response = client.get(MATRIX, {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0] == ["Mentor", "Status", "Listening", "Red flags", "Safeguarding"]
    assert rows[1][0] == mentor.full_name
    assert rows[1][4] == "Quiz not passed"


def test_expired_and_missing_training_are_named(client, coordinator, programme):
    expired = TrainingModuleFactory(programme=programme, name="Old", validity_months=1)
    TrainingModuleFactory(programme=programme, name="Never")
    mentor = MentorFactory(programme=programme, status="active")
    training_services.record_training(
        mentors=[mentor], module=expired, completed_on=date(2020, 1, 1), delivered_by="T",
        method="online", scores={}, notes="", by=coordinator, now=timezone.now(),
    )  # fmt: skip
    client.force_login(coordinator)
    response = client.get(MATRIX)
    names = [m.name for m in response.context["modules"]]
    cells = dict(zip(names, response.context["rows"][0][1], strict=True))
    assert cells == {"Old": ("expired", "Expired 1 Feb 2020"), "Never": ("missing", "Not done")}


@pytest.mark.parametrize("mentors", [1, 30])
def test_the_matrix_needs_the_same_queries_however_many_mentors(
    client, coordinator, programme, mentors, django_assert_max_num_queries
):
    modules = [TrainingModuleFactory(programme=programme) for _ in range(4)]
    people = [MentorFactory(programme=programme, status="active") for _ in range(mentors)]
    for module in modules:
        training_services.record_training(
            mentors=people, module=module, completed_on=timezone.localdate(), delivered_by="T",
            method="online", scores={}, notes="", by=coordinator, now=timezone.now(),
        )  # fmt: skip
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(MATRIX)
    assert len(response.context["rows"]) == mentors


@pytest.mark.parametrize("mentors", [1, 30])
def test_the_mentor_list_needs_the_same_queries_however_many(
    client, coordinator, programme, mentors, django_assert_max_num_queries
):
    for _ in range(mentors):
        MentorFactory(programme=programme)
    client.force_login(coordinator)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("recruitment:mentor_list"))
    assert response.status_code == 200


def test_a_coordinator_adds_and_changes_a_module(client, coordinator, programme):
    client.force_login(coordinator)
    response = client.post(
        reverse("training:module_new"),
        {"name": "Lone working", "description": "", "required": "", "validity_months": "36",
         "pass_mark": "", "is_active": "on", "position": "7"},
    )  # fmt: skip
    assert response.status_code == 302
    module = TrainingModule.objects.get(name="Lone working")
    assert module.programme == programme
    assert not module.required
    response = client.post(
        reverse("training:module_edit", args=[module.pk]),
        {"name": "Lone working", "validity_months": "", "pass_mark": "120", "position": "7"},
    )
    assert "pass_mark" in response.context["form"].errors
    response = client.post(
        reverse("training:module_edit", args=[module.pk]),
        {"name": "Lone working", "description": "x" * 2001, "position": "7"},
    )
    assert "Enter 2000 characters or fewer" in " ".join(
        response.context["form"].errors["description"]
    )


def test_a_mentor_sees_their_training_and_what_is_due(client, programme, coordinator):
    from tests.factories import UserFactory

    user = UserFactory(role="mentor", programmes=[programme])
    mentor = MentorFactory(programme=programme, user=user, status="active")
    DisclosureCheckFactory(mentor=mentor)
    done = TrainingModuleFactory(programme=programme, name="Listening")
    TrainingModuleFactory(programme=programme, name="Red flags")
    training_services.record_training(
        mentors=[mentor], module=done, completed_on=timezone.localdate(), delivered_by="T",
        method="online", scores={}, notes="", by=coordinator, now=timezone.now(),
    )  # fmt: skip
    client.force_login(user)
    page = client.get(reverse("training:my_training")).content.decode()
    assert "Listening" in page
    assert "Not done" in page
    assert "PVG" in page


def test_a_mentor_changes_their_availability_and_phone_but_not_their_training(client, programme):
    from tests.factories import UserFactory

    user = UserFactory(role="mentor", programmes=[programme])
    mentor = MentorFactory(programme=programme, user=user, status="active", capacity=2)
    client.force_login(user)
    url = reverse("recruitment:my_profile")
    response = client.post(url, {"phone": "0131 496 0000", "formats": ["video"],
                                 "availability": ["sun_evening"], "languages": "English",
                                 "capacity": "9", "status": "retired"})  # fmt: skip
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.phone == "+441314960000"
    assert mentor.availability == ["sun_evening"]
    assert (mentor.capacity, mentor.status) == (2, "active")
    bad = client.post(url, {"phone": "nope", "languages": "English"})
    assert "phone" in bad.context["form"].errors


def test_a_coordinator_of_two_programmes_chooses_where_a_module_goes_and_who_attends(
    client, coordinator, programme, other_programme
):
    coordinator.programmes.add(other_programme)
    theirs = MentorFactory(programme=other_programme, status="in_training")
    ours_module = TrainingModuleFactory(programme=programme)
    client.force_login(coordinator)
    response = client.post(
        reverse("training:module_new"),
        {"programme": other_programme.pk, "name": "Elsewhere module", "required": "on",
         "validity_months": "12", "position": "1", "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    assert TrainingModule.objects.get(name="Elsewhere module").programme == other_programme
    response = client.post(SESSION, session_data(ours_module, [theirs]))
    assert "module" in response.context["form"].errors
    assert not TrainingRecord.objects.exists()


# --- Finding who attended, a page at a time ----------------------------------------------------


def found(response):
    return [mentor.first_name for mentor, _, _ in response.context["found_rows"]]


def ticked(response):
    return [mentor.first_name for mentor, _, _ in response.context["chosen_rows"]]


def test_people_are_found_a_page_at_a_time_and_stay_ticked_through_searches_and_pages(
    client, coordinator, programme
):
    from mentoring.training.views import ATTENDEES_PAGE_SIZE

    people = [
        MentorFactory(programme=programme, status="active", first_name=f"P{n:02d}",
                      last_name=f"Person{n:02d}")
        for n in range(ATTENDEES_PAGE_SIZE + 5)
    ]  # fmt: skip
    module = TrainingModuleFactory(programme=programme)
    client.force_login(coordinator)
    first = client.get(SESSION)
    assert len(found(first)) == ATTENDEES_PAGE_SIZE
    assert "page 1 of 2" in first.content.decode()
    # Tick the first person, then turn the page: they stay ticked, listed first.
    data = session_data(module, [people[0]])
    second = client.post(SESSION, {**data, "page": "2"})
    assert second.status_code == 200
    assert ticked(second) == ["P00"]
    assert found(second) == [p.first_name for p in people[ATTENDEES_PAGE_SIZE + 1 :]]
    # Tick someone on that page and search by name: both stay ticked; nothing saved yet.
    data = session_data(module, [people[0], people[-1]])
    third = client.post(SESSION, {**data, "find": "1", "find-name": "person03"})
    assert ticked(third) == ["P00", people[-1].first_name]
    assert found(third) == ["P03"]
    assert not third.context["form"].errors
    assert "There is a problem" not in third.content.decode()
    assert not TrainingRecord.objects.exists()
    # Saving records the session for exactly those ticked.
    saved = client.post(SESSION, data)
    assert saved.status_code == 302
    assert set(TrainingRecord.objects.values_list("mentor__first_name", flat=True)) == {
        "P00", people[-1].first_name,
    }  # fmt: skip


def test_only_people_who_still_need_the_chosen_module_are_offered_unless_asked(
    client, coordinator, programme, trainees
):
    from tests.factories import TrainingRecordFactory

    module = TrainingModuleFactory(programme=programme, validity_months=12)
    TrainingRecordFactory(mentor=trainees[0], module=module)  # in date
    client.force_login(coordinator)
    data = {**session_data(module, []), "find": "1"}
    assert found(client.post(SESSION, {**data, "find-show": "needed"})) == ["Bob", "Cat"]
    assert found(client.post(SESSION, {**data, "find-show": "everyone"})) == ["Ann", "Bob", "Cat"]
    assert found(client.post(SESSION, {**data, "find-status": "active"})) == []


@pytest.mark.parametrize("mentors", [3, 60])
def test_recording_training_needs_the_same_queries_and_fields_however_many_mentors(
    client, coordinator, programme, mentors, django_assert_max_num_queries
):
    module = TrainingModuleFactory(programme=programme, pass_mark=80)
    people = MentorFactory.create_batch(mentors, programme=programme, status="in_training")
    client.force_login(coordinator)
    # session, user, modules, the ticked, the module, people found and their count
    with django_assert_max_num_queries(8):
        page = client.get(SESSION)
    assert page.content.decode().count("name=") <= 70
    data = session_data(module, people[:2], scores={people[0]: 90, people[1]: 85})
    # the above, and the module checked again by the form
    with django_assert_max_num_queries(12):
        searched = client.post(SESSION, {**data, "find": "1"})
    assert searched.content.decode().count("name=") <= 80
    with django_assert_max_num_queries(12):
        assert client.post(SESSION, data).status_code == 302


def test_nobody_outside_the_list_can_be_ticked_by_changing_the_form(
    client, coordinator, programme, other_programme, trainees
):
    theirs = MentorFactory(programme=other_programme, status="active")
    retired = MentorFactory(programme=programme, status="retired")
    module = TrainingModuleFactory(programme=programme)
    client.force_login(coordinator)
    for outsider in (theirs, retired):
        response = client.post(SESSION, session_data(module, [trainees[0], outsider]))
        assert response.status_code == 200
        assert "1 person you ticked can no longer have training recorded here" in (
            response.content.decode()
        )
        assert ticked(response) == ["Ann"]
    assert not TrainingRecord.objects.exists()


def test_a_session_takes_a_limited_number_of_people_and_says_so(
    client, coordinator, programme, trainees, monkeypatch
):
    monkeypatch.setattr("mentoring.training.views.MOST_ATTENDEES", 2)
    monkeypatch.setattr("mentoring.training.forms.MOST_ATTENDEES", 2)
    module = TrainingModuleFactory(programme=programme)
    client.force_login(coordinator)
    response = client.post(SESSION, session_data(module, trainees))
    assert "Tick at most 2 people at a time" in response.content.decode()
    assert not TrainingRecord.objects.exists()
