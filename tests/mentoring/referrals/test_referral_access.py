"""Who may open each referral page: anonymous, every other role, another programme, and
the role that may. A referral someone may not see is a 404, as if it did not exist; a
page their role may never use is a 403."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from accounts.models import User
from mentoring.referrals.models import Referral
from tests.factories import ReferralFactory, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = reverse("account_login")


@pytest.fixture
def referral(programme, physiotherapist):
    return ReferralFactory(programme=programme, referred_by=physiotherapist)


@pytest.fixture
def draft(programme, physiotherapist):
    return ReferralFactory(
        programme=programme, referred_by=physiotherapist, status="draft", submitted_at=None
    )


@pytest.fixture
def other_physiotherapist(programme):
    return UserFactory(role=User.Role.PHYSIOTHERAPIST, programmes=[programme])


@pytest.fixture
def everyone(personas, other_physiotherapist):
    return {**personas, "other_physiotherapist": other_physiotherapist}


def status_for(client, user, method, url):
    if user is not None:
        client.force_login(user)
    response = getattr(client, method)(url)
    if response.status_code == 302:
        return "login" if response.url.startswith(LOGIN) else "redirect"
    return response.status_code


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, "login"),
        ("mentor", 403),
        ("mentee", 403),
        ("physiotherapist", 200),
        ("coordinator", 200),
        ("outsider", 200),
    ],
)
def test_the_new_referral_form(client, everyone, who, expected):
    user = everyone.get(who)
    assert status_for(client, user, "get", reverse("referrals:new")) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, "login"),
        ("mentor", 403),
        ("mentee", 403),
        ("coordinator", 403),
        ("outsider", 403),
        ("physiotherapist", 200),
    ],
)
def test_my_referrals(client, everyone, referral, who, expected):
    assert status_for(client, everyone.get(who), "get", reverse("referrals:mine")) == (expected)


def test_my_referrals_lists_only_the_physiotherapists_own(
    client, physiotherapist, other_physiotherapist, referral, programme
):
    theirs = ReferralFactory(programme=programme, referred_by=other_physiotherapist)
    client.force_login(physiotherapist)
    page = client.get(reverse("referrals:mine")).content.decode()
    assert escape(referral.full_name) in page  # a random name may be O'Brien
    assert escape(theirs.full_name) not in page


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, "login"),
        ("mentor", 403),
        ("mentee", 403),
        ("physiotherapist", 403),
        ("outsider", 200),
        ("coordinator", 200),
    ],
)
def test_the_inbox(client, everyone, referral, who, expected):
    assert status_for(client, everyone.get(who), "get", reverse("referrals:inbox")) == (expected)


def test_the_inbox_shows_only_the_coordinators_programme(
    client, coordinator, outsider, referral, other_programme
):
    elsewhere = ReferralFactory(programme=other_programme)
    client.force_login(coordinator)
    page = client.get(reverse("referrals:inbox")).content.decode()
    assert escape(referral.full_name) in page
    assert escape(elsewhere.full_name) not in page
    client.force_login(outsider)
    page = client.get(reverse("referrals:inbox")).content.decode()
    assert escape(referral.full_name) not in page
    assert escape(elsewhere.full_name) in page


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, "login"),
        ("mentor", 403),
        ("mentee", 403),
        ("other_physiotherapist", 404),
        ("outsider", 404),
        ("coordinator", 200),
        ("physiotherapist", 200),
    ],
)
def test_a_referral_page(client, everyone, referral, who, expected):
    url = referral.get_absolute_url()
    assert status_for(client, everyone.get(who), "get", url) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, "login"),
        ("mentor", 403),
        ("mentee", 403),
        ("other_physiotherapist", 404),
        ("outsider", 404),
        ("coordinator", 404),  # a physiotherapist's draft is theirs alone
        ("physiotherapist", 200),
    ],
)
def test_a_draft_and_its_edit_page(client, everyone, draft, who, expected):
    for url in (draft.get_absolute_url(), reverse("referrals:edit", args=[draft.pk])):
        client.logout()
        assert status_for(client, everyone.get(who), "get", url) == expected


@pytest.mark.parametrize("action", ["advance", "close"])
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, "login"),
        ("mentor", 403),
        ("mentee", 403),
        ("physiotherapist", 403),
        ("outsider", 404),
        ("coordinator", "redirect"),
    ],
)
def test_coordinator_actions(client, everyone, referral, action, who, expected):
    url = reverse(f"referrals:{action}", args=[referral.pk])
    user = everyone.get(who)
    if user is not None:
        client.force_login(user)
    response = client.post(url, {"to_status": "contacted", "reason": "declined"})
    got = response.status_code
    if got == 302:
        got = "login" if response.url.startswith(LOGIN) else "redirect"
    assert got == expected
    referral.refresh_from_db()
    changed = referral.status != Referral.Status.SUBMITTED
    assert changed == (expected == "redirect")


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        (None, "login"),
        ("mentor", 403),
        ("mentee", 403),
        ("coordinator", 403),
        ("outsider", 403),
        ("other_physiotherapist", 404),
        ("physiotherapist", "redirect"),
    ],
)
def test_withdrawing(client, everyone, referral, who, expected):
    url = reverse("referrals:withdraw", args=[referral.pk])
    user = everyone.get(who)
    if user is not None:
        client.force_login(user)
    response = client.post(url, {"note": "Patient moved away"})
    got = response.status_code
    if got == 302:
        got = "login" if response.url.startswith(LOGIN) else "redirect"
    assert got == expected
    referral.refresh_from_db()
    assert (referral.status == Referral.Status.CLOSED) == (expected == "redirect")


def test_the_outsiders_form_offers_only_their_own_sites(client, outsider, programme):
    client.force_login(outsider)
    form = client.get(reverse("referrals:new")).context["form"]
    assert not set(form.fields["site"].queryset) & set(programme.sites.all())
