"""Which role may do what: the one table views, navigation and templates all read.

A capability says what kind of page or action a role may use; *which rows* it sees there is
each model's `visible_to(user)`. Views say `@requires(Capability.X)` (accounts.permissions),
templates say `{% if can.x %}` (the `can` context processor). Giving a role a new power is
one line here, and the authorisation table in tests/test_authorisation.py says what every
URL answers to every persona.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from accounts.models import Role


class Capability(StrEnum):
    REFER_PATIENTS = "refer_patients"  # make a referral (a coordinator: a paper one)
    VIEW_REFERRALS = "view_referrals"  # open referrals visible_to() allows
    FOLLOW_OWN_REFERRALS = "follow_own_referrals"  # "My referrals", withdraw one
    TRIAGE_REFERRALS = "triage_referrals"  # the inbox; move referrals on, close them
    MANAGE_MENTORS = "manage_mentors"  # applicants, screening, status, invitations
    MANAGE_TRAINING = "manage_training"  # modules, sessions, the training matrix
    KEEP_OWN_MENTOR_PROFILE = "keep_own_mentor_profile"  # a mentor's profile and training
    MANAGE_DELIVERIES = "manage_deliveries"  # emails that failed; send them again
    SEE_PROGRAMME_OVERVIEW = "see_programme_overview"  # the coordinator home
    MANAGE_MENTEES = "manage_mentees"  # register mentees, the waiting list, invitations
    MATCH = "match"  # suggestions, the best assignment, relationships and their steps
    SEE_OWN_MENTEES = "see_own_mentees"  # a mentor's "My mentees"
    SEE_OWN_MENTORING = "see_own_mentoring"  # a mentee's own page
    LOG_CONTACTS = "log_contacts"  # log a contact (a coordinator: for a mentor), correct logs
    SEE_CONCERNS = "see_concerns"  # concerns raised in logs (a physiotherapist: red flags)
    DEAL_WITH_CONCERNS = "deal_with_concerns"  # take a concern in hand, close it
    MANAGE_SESSION_PLAN = "manage_session_plan"  # the programme's session plan
    MONITOR = "monitor"  # the monitoring page: flags to work through, mentees' feedback
    REMIND_BY_HAND = "remind_by_hand"  # the call list, letters to print, a mentee's reminders


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.COORDINATOR: frozenset(
        {
            Capability.REFER_PATIENTS,
            Capability.VIEW_REFERRALS,
            Capability.TRIAGE_REFERRALS,
            Capability.MANAGE_MENTORS,
            Capability.MANAGE_TRAINING,
            Capability.MANAGE_DELIVERIES,
            Capability.SEE_PROGRAMME_OVERVIEW,
            Capability.MANAGE_MENTEES,
            Capability.MATCH,
            Capability.LOG_CONTACTS,
            Capability.SEE_CONCERNS,
            Capability.DEAL_WITH_CONCERNS,
            Capability.MANAGE_SESSION_PLAN,
            Capability.MONITOR,
            Capability.REMIND_BY_HAND,
        }
    ),
    Role.PHYSIOTHERAPIST: frozenset(
        {
            Capability.REFER_PATIENTS,
            Capability.VIEW_REFERRALS,
            Capability.FOLLOW_OWN_REFERRALS,
            Capability.SEE_CONCERNS,
        }
    ),
    Role.MENTOR: frozenset(
        {Capability.KEEP_OWN_MENTOR_PROFILE, Capability.SEE_OWN_MENTEES, Capability.LOG_CONTACTS}
    ),
    Role.MENTEE: frozenset({Capability.SEE_OWN_MENTORING}),
}


def capabilities_of(user: Any) -> frozenset[Capability]:
    """Administrators may do everything; a closed account or a visitor nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return frozenset(Capability)
    return ROLE_CAPABILITIES.get(user.role, frozenset())


def can(user: Any, capability: Capability) -> bool:
    return capability in capabilities_of(user)
