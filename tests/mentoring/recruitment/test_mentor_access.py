"""Who may open each mentor and training page: anonymous, every other role, another
programme, and the role that may. Objects outside a user's reach are 404s; pages their
role may never use are 403s."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from mentoring.recruitment.models import MentorReference
from tests.factories import MentorFactory, TrainingModuleFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


@pytest.fixture
def world(programme, personas):
    volunteer = MentorFactory(
        programme=programme, status="screening", last_name="Ourside-Volunteer"
    )
    reference = MentorReference.objects.create(
        mentor=volunteer, referee_name="Ref", referee_contact="x"
    )
    module = TrainingModuleFactory(programme=programme)
    own = personas["mentor"].mentor
    return {"volunteer": volunteer, "reference": reference, "module": module, "own": own}


def outcome(client, user, method, url, data=None):
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url, data or {})
    if response.status_code == 302:
        return "login" if response.url.startswith(LOGIN) else "redirect"
    return response.status_code


COORDINATOR_PAGES = [
    ("get", "recruitment:mentor_list", None),
    ("get", "training:module_list", None),
    ("get", "training:module_new", None),
    ("get", "training:training_session_new", None),
    ("get", "training:training_matrix", None),
]
COORDINATOR_OBJECT_PAGES = [
    ("get", "recruitment:mentor_detail", "volunteer"),
    ("get", "recruitment:interview_new", "volunteer"),
    ("get", "recruitment:reference_new", "volunteer"),
    ("get", "recruitment:check_new", "volunteer"),
    ("get", "recruitment:reference_edit", "reference"),
    ("get", "training:module_edit", "module"),
    ("post", "recruitment:mentor_status", "volunteer"),
    ("post", "recruitment:mentor_invite", "volunteer"),
]


def url_for(world, name, obj):
    return reverse(name, args=[world[obj].pk]) if obj else reverse(name)


@pytest.mark.parametrize(("method", "name", "obj"), COORDINATOR_PAGES + COORDINATOR_OBJECT_PAGES)
@pytest.mark.parametrize("who", [None, "mentor", "mentee", "physiotherapist"])
def test_coordinator_pages_are_closed_to_everyone_else(client, personas, world, method, name,
                                                       obj, who):  # fmt: skip
    expected = "login" if who is None else 403
    assert outcome(client, personas.get(who), method, url_for(world, name, obj)) == expected


@pytest.mark.parametrize(("method", "name", "obj"), COORDINATOR_OBJECT_PAGES)
def test_another_programmes_coordinator_gets_not_found(client, personas, world, method, name,
                                                       obj):  # fmt: skip
    assert outcome(client, personas["outsider"], method, url_for(world, name, obj)) == 404


@pytest.mark.parametrize(("method", "name", "obj"), COORDINATOR_PAGES)
def test_another_programmes_coordinator_sees_none_of_our_people(client, personas, world, method,
                                                                name, obj):  # fmt: skip
    client.force_login(personas["outsider"])
    page = client.get(url_for(world, name, obj)).content.decode()
    assert escape(world["volunteer"].last_name) not in page
    assert world["module"].name not in page


@pytest.mark.parametrize(("method", "name", "obj"), COORDINATOR_PAGES + COORDINATOR_OBJECT_PAGES)
def test_the_programmes_coordinator_may(client, personas, world, method, name, obj):
    data = {"to_status": "in_training", "reason": "ok"} if name.endswith("status") else None
    assert outcome(client, personas["coordinator"], method, url_for(world, name, obj), data) in (
        200,
        "redirect",
    )


@pytest.mark.parametrize("name", ["recruitment:my_profile", "training:my_training"])
@pytest.mark.parametrize(
    ("who", "expected"),
    [(None, "login"), ("coordinator", 403), ("physiotherapist", 403), ("mentee", 403),
     ("outsider", 403), ("mentor", 200)],
)  # fmt: skip
def test_a_mentors_own_pages(client, personas, world, name, who, expected):
    assert outcome(client, personas.get(who), "get", reverse(name)) == expected


def test_a_mentors_pages_show_only_their_own_record(client, personas, world):
    client.force_login(personas["mentor"])
    page = client.get(reverse("recruitment:my_profile")).content.decode()
    assert world["own"].email in page
    assert world["volunteer"].email not in page


def test_a_mentor_account_without_a_mentor_record_gets_not_found(client, programme):
    from tests.factories import UserFactory

    client.force_login(UserFactory(role="mentor", programmes=[programme]))
    assert client.get(reverse("training:my_training")).status_code == 404
