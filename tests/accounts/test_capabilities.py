"""accounts.capabilities: what each role may do, written out here in words so that a change
to the table is a change someone meant; and the navigation offers only what is allowed."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import resolve, reverse

from accounts.capabilities import Capability, can, capabilities_of
from accounts.context_processors import capabilities
from dashboard.context_processors import navigation

pytestmark = pytest.mark.django_db

C = Capability
EXPECTED = {
    "coordinator": {
        C.REFER_PATIENTS, C.VIEW_REFERRALS, C.TRIAGE_REFERRALS, C.MANAGE_MENTORS,
        C.MANAGE_TRAINING, C.MANAGE_DELIVERIES, C.SEE_PROGRAMME_OVERVIEW, C.MANAGE_MENTEES,
        C.MATCH, C.LOG_CONTACTS, C.SEE_CONCERNS, C.DEAL_WITH_CONCERNS, C.MANAGE_SESSION_PLAN,
        C.MONITOR,
        C.REMIND_BY_HAND,
    },
    "outsider": {  # a coordinator too: which programme is visible_to()'s business
        C.REFER_PATIENTS, C.VIEW_REFERRALS, C.TRIAGE_REFERRALS, C.MANAGE_MENTORS,
        C.MANAGE_TRAINING, C.MANAGE_DELIVERIES, C.SEE_PROGRAMME_OVERVIEW, C.MANAGE_MENTEES,
        C.MATCH, C.LOG_CONTACTS, C.SEE_CONCERNS, C.DEAL_WITH_CONCERNS, C.MANAGE_SESSION_PLAN,
        C.MONITOR,
        C.REMIND_BY_HAND,
    },
    "physiotherapist": {C.REFER_PATIENTS, C.VIEW_REFERRALS, C.FOLLOW_OWN_REFERRALS,
                        C.SEE_CONCERNS},
    "mentor": {C.KEEP_OWN_MENTOR_PROFILE, C.SEE_OWN_MENTEES, C.LOG_CONTACTS},
    "mentee": {C.SEE_OWN_MENTORING},
}  # fmt: skip
MENUS = {
    "coordinator": ["Home", "Referral inbox", "Mentors", "Waiting list", "Training",
                    "Relationships", "Monitoring"],
    "physiotherapist": ["Home", "Refer a patient", "My referrals", "Concerns"],
    "mentor": ["Home", "My mentees", "My profile", "My training"],
    "mentee": ["Home"],
}  # fmt: skip


@pytest.mark.parametrize("persona", EXPECTED)
def test_each_role_has_exactly_its_capabilities(personas, persona):
    user = personas[persona]
    assert capabilities_of(user) == EXPECTED[persona]
    for capability in Capability:
        assert can(user, capability) == (capability in EXPECTED[persona])


def test_an_administrator_may_do_everything(administrator):
    assert capabilities_of(administrator) == frozenset(Capability)


@pytest.mark.parametrize("persona", EXPECTED)
def test_a_closed_account_may_do_nothing(personas, persona):
    user = personas[persona]
    user.is_active = False
    assert capabilities_of(user) == frozenset()


def test_a_closed_administrator_account_may_do_nothing(administrator):
    administrator.is_active = False
    assert capabilities_of(administrator) == frozenset()


def test_a_visitor_may_do_nothing():
    assert capabilities_of(AnonymousUser()) == frozenset()
    assert capabilities_of(None) == frozenset()


def test_templates_read_the_same_table(physiotherapist):
    request = RequestFactory().get("/")
    request.user = physiotherapist
    can_in_templates = capabilities(request)["can"]
    assert {name for name, allowed in can_in_templates.items() if allowed} == {
        "refer_patients", "view_referrals", "follow_own_referrals", "see_concerns",
    }  # fmt: skip


def menu_for(user, path="/"):
    request = RequestFactory().get(path)
    request.user = user
    return navigation(request)["nav_items"]


@pytest.mark.parametrize("persona", MENUS)
def test_the_menu_offers_each_role_only_what_it_may_open(personas, persona):
    user = personas[persona]
    items = menu_for(user)
    assert [item["label"] for item in items] == MENUS[persona]
    for item in items:
        needed = getattr(resolve(item["url"]).func, "required_capability", None)
        assert needed is None or can(user, needed), item["label"]


def test_the_administrators_menu_is_a_coordinators_and_their_home_leads_to_the_admin(
    administrator, client
):
    labels = [item["label"] for item in menu_for(administrator)]
    assert labels == MENUS["coordinator"]  # one line on a desktop (the page sweep checks)
    client.force_login(administrator)
    assert 'href="/admin/">Administration</a>' in client.get("/").content.decode()


def test_the_menu_marks_the_page_you_are_on(coordinator):
    inbox = reverse("referrals:inbox")
    current = [item["label"] for item in menu_for(coordinator, inbox) if item["current"]]
    assert current == ["Referral inbox"]


def test_a_visitor_has_no_menu():
    assert menu_for(AnonymousUser()) == []
