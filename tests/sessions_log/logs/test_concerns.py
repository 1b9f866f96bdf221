"""A concern is escalated at once, after commit: the coordinators by email (a link, no
clinical text) and first on their home; urgent for safeguarding and red flags; a red flag
also tells the referring physiotherapist, who sees the signs but never the session notes;
the mentor is shown the programme's instructions. Coordinators take it in hand and close
it with a note."""

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from sessions_log.logs.models import Concern, LogSettings
from tests.factories import (
    ConcernFactory,
    ReferralFactory,
    RelationshipFactory,
    SessionLogFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SIGN = "New weakness in one or both legs, or legs giving way"
DETAILS = "Agnes said her left leg gave way on the stairs"
NOTES = "Her daughter visits on Tuesdays"


def red_flag(log_post, **changes):
    return log_post(
        concern="red_flag", concern_details=DETAILS, red_flag_signs=[SIGN],
        private_notes=NOTES, **changes,
    )  # fmt: skip


def send(client, pair, data, capture):
    with capture(execute=True):
        return client.post(reverse("logs:new", args=[pair.pk]), data)


def test_a_red_flag_tells_the_coordinators_and_the_referring_physiotherapist_once(
    client, mentor, coordinator, physiotherapist, pair, log_post,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    second = UserFactory(role="coordinator", programmes=[pair.programme])
    elsewhere = UserFactory(role="coordinator")
    client.force_login(mentor)
    data = red_flag(log_post)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("logs:new", args=[pair.pk]), data)
    assert mail.outbox == []  # nothing leaves before the log is committed
    for callback in callbacks:
        callback()
    concern = Concern.objects.get()
    assert (concern.kind, concern.urgent) == ("red_flag", True)
    told = sorted(address for message in mail.outbox for address in message.to)
    assert told == sorted([coordinator.email, second.email, physiotherapist.email])
    assert elsewhere.email not in told
    send(client, pair, data, django_capture_on_commit_callbacks)  # sent again: nothing more
    assert len(mail.outbox) == 3
    assert Concern.objects.count() == 1


def test_the_emails_carry_a_link_and_no_name_or_clinical_text(
    client, mentor, coordinator, physiotherapist, pair, log_post,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client.force_login(mentor)
    send(client, pair, red_flag(log_post), django_capture_on_commit_callbacks)
    concern = Concern.objects.get()
    for message in mail.outbox:
        text = message.subject + message.body
        assert concern.get_absolute_url() in message.body
        for secret in ("Agnes", "Lennox", SIGN, "leg", DETAILS, NOTES, "Walk to the shop",
                       mentor.last_name, pair.referral.reference):  # fmt: skip
            assert secret not in text, (secret, message.to)
        assert "Urgent" in message.subject


@pytest.mark.parametrize(
    ("kind", "urgent", "physiotherapist_told"),
    [("safeguarding", True, False), ("wellbeing", False, False), ("relationship", False, False)],
)
def test_other_concerns_tell_the_coordinators_only(
    client, mentor, coordinator, physiotherapist, pair, log_post,
    django_capture_on_commit_callbacks, kind, urgent, physiotherapist_told,
):  # fmt: skip
    client.force_login(mentor)
    send(client, pair, log_post(concern=kind, concern_details="Worried"),
         django_capture_on_commit_callbacks)  # fmt: skip
    concern = Concern.objects.get()
    assert (concern.kind, concern.urgent) == (kind, urgent)
    told = [address for message in mail.outbox for address in message.to]
    assert told == [coordinator.email]
    assert ("Urgent" in mail.outbox[0].subject) == urgent


def test_the_mentor_is_shown_what_to_tell_the_mentee_now(client, mentor, pair, log_post):
    LogSettings.objects.create(
        programme=pair.programme,
        red_flag_advice="Tell them to go to A&E now.\nStay on the phone with them.",
    )
    client.force_login(mentor)
    response = client.post(reverse("logs:new", args=[pair.pk]), red_flag(log_post), follow=True)
    page = response.content.decode()
    assert "What to do now" in page
    assert "Tell them to go to A&amp;E now." in page
    assert "Stay on the phone with them." in page


def test_the_default_red_flag_advice_covers_cauda_equina(client, mentor, pair, log_post):
    client.force_login(mentor)
    page = client.post(
        reverse("logs:new", args=[pair.pk]), red_flag(log_post), follow=True
    ).content.decode()
    assert "cauda equina" in page
    assert "call 999" in page


def test_the_programmes_signs_are_offered_as_tick_boxes(client, mentor, pair):
    LogSettings.objects.create(programme=pair.programme, red_flag_signs="Sign one\n\nSign two\n")
    client.force_login(mentor)
    form = client.get(reverse("logs:new", args=[pair.pk])).context["form"]
    assert [label for _, label in form.fields["red_flag_signs"].choices] == ["Sign one", "Sign two"]


def test_the_coordinator_sees_concerns_first_on_their_home_most_pressing_first(
    client, coordinator, pair
):
    wellbeing = SessionLogFactory(
        relationship=pair, concern="wellbeing", concern_details="Low", red_flag_signs=[]
    )
    ConcernFactory(log=wellbeing, kind="wellbeing", urgent=False)
    ConcernFactory(log=SessionLogFactory(relationship=pair, red_flag=True))
    client.force_login(coordinator)
    page = client.get(reverse("home")).content.decode()
    assert page.index("Concerns to deal with (2)") < page.index("Referrals waiting")
    assert page.index("Signs that need a doctor soon") < page.index("Worried about how they are")
    assert "Urgent" in page


def test_the_physiotherapist_sees_red_flags_about_their_patients_and_never_the_notes(
    client, physiotherapist, pair, programme
):
    mine = ConcernFactory(
        log=SessionLogFactory(
            relationship=pair, red_flag=True, private_notes=NOTES,
            action_plan="Phone the surgery", goal_progress="Walking further",
        )
    )  # fmt: skip
    someone_elses = ConcernFactory(
        log=SessionLogFactory(
            red_flag=True,
            relationship=RelationshipFactory(
                programme=programme,
                referral=ReferralFactory(programme=programme, last_name="Otherpatient"),
            ),
        )
    )
    ConcernFactory(
        log=SessionLogFactory(relationship=pair, concern="safeguarding",
                              concern_details="At risk", red_flag_signs=[]),
        kind="safeguarding",
    )  # fmt: skip
    client.force_login(physiotherapist)
    home = client.get(reverse("home")).content.decode()
    assert "Concerns about your patients (1)" in home
    assert "Agnes Lennox" in home
    assert "Otherpatient" not in home
    assert list(Concern.objects.visible_to(physiotherapist)) == [mine]
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "New weakness in one or both legs" in page
    for note in (NOTES, "Phone the surgery", "Walking further"):
        assert note not in page
    assert client.get(someone_elses.get_absolute_url()).status_code == 404
    assert client.get(mine.log.get_absolute_url()).status_code == 403  # never the log


def test_a_coordinator_takes_a_concern_in_hand_then_closes_it_with_a_note(
    client, coordinator, pair
):
    concern = ConcernFactory(log=SessionLogFactory(relationship=pair, red_flag=True))
    client.force_login(coordinator)
    client.post(reverse("logs:take", args=[concern.pk]))
    concern.refresh_from_db()
    assert concern.taken_by == coordinator
    assert "Being dealt with" in client.get(reverse("logs:concerns")).content.decode()

    response = client.post(reverse("logs:close", args=[concern.pk]), {"note": "  "})
    assert response.status_code == 400
    assert response.context["form"].errors["note"] == ["Say what was done about the concern"]
    concern.refresh_from_db()
    assert concern.closed_at is None

    client.post(reverse("logs:close", args=[concern.pk]), {"note": "GP saw her the same day"})
    concern.refresh_from_db()
    assert concern.closed_by == coordinator
    assert concern.closing_note == "GP saw her the same day"
    home = client.get(reverse("home")).content.decode()
    assert "Concerns to deal with" not in home
    again = client.post(reverse("logs:close", args=[concern.pk]), {"note": "twice"}, follow=True)
    assert "already been dealt with" in again.content.decode()
    concern.refresh_from_db()
    assert concern.closing_note == "GP saw her the same day"


def test_a_coordinator_of_another_programme_cannot_touch_the_concern(client, outsider, pair):
    concern = ConcernFactory(log=SessionLogFactory(relationship=pair, red_flag=True))
    client.force_login(outsider)
    assert client.post(reverse("logs:take", args=[concern.pk])).status_code == 404
    assert client.post(reverse("logs:close", args=[concern.pk]), {"note": "x"}).status_code == 404
    concern.refresh_from_db()
    assert concern.taken_at is None
    assert concern.closed_at is None


@pytest.mark.parametrize("many", [1, 6])
def test_the_concerns_list_and_homes_take_a_fixed_number_of_queries(
    client, coordinator, physiotherapist, pair, many, django_assert_max_num_queries
):
    for number in range(many):
        concern = ConcernFactory(log=SessionLogFactory(relationship=pair, red_flag=True))
        if number % 3:  # taken in hand, and every third dealt with: both lists have names
            concern.taken_at, concern.taken_by = timezone.now(), coordinator
            if number % 3 == 2:
                concern.closed_at, concern.closed_by = timezone.now(), coordinator
                concern.closing_note = "Saw the GP"
            concern.save()
    for person, url, most in (
        (coordinator, reverse("logs:concerns"), 10),
        (physiotherapist, reverse("logs:concerns"), 10),
        (physiotherapist, reverse("home"), 10),
    ):
        client.force_login(person)
        with django_assert_max_num_queries(most):
            assert client.get(url).status_code == 200


def test_open_concerns_come_a_page_at_a_time_with_those_dealt_with_lately_first_page_only(
    client, coordinator, pair
):
    for _ in range(27):
        ConcernFactory(log=SessionLogFactory(relationship=pair, red_flag=True))
    client.force_login(coordinator)
    first = client.get(reverse("logs:concerns"))
    assert len(first.context["page"].object_list) == 25
    assert "Open (27)" in first.content.decode()
    assert "Recently dealt with" in first.content.decode()
    second = client.get(reverse("logs:concerns"), {"page": 2})
    assert len(second.context["page"].object_list) == 2
    assert "Recently dealt with" not in second.content.decode()
