"""The pages the benchmark loads, its two baselines, and its targets: the one table a later
issue extends (bench/README.md, "Adding a page").

A path may name values from the generator's manifest (demo/scale.py `manifest()`):
{programme} the big programme, {referral} a referral of the bench physiotherapist awaiting
a match, {search} a last name about one referral (and one mentee) in forty has, {mentee} a
waiting mentee with a past proposal, {relationship} an active relationship whose plan was
changed; {mentor_relationship} the bench mentor's active pair with the most logs, {log}
its latest log, {concern} the oldest open concern, {flag} the oldest open flag.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Page:
    name: str
    role: str  # who is signed in: coordinator, physiotherapist, mentor, mentee, administrator
    path: str
    admin: str  # the key in ADMIN_CHANGELISTS of its baseline: the same model's changelist

    def url(self, manifest: dict[str, Any]) -> str:
        return self.path.format(**manifest)


# The admin changelists (demo/baselines.py), signed in as the administrator.
ADMIN_CHANGELISTS = {
    "referrals": Page("admin: referrals", "administrator", "/bench/admin/referrals/referral/", ""),
    "mentors": Page("admin: mentors", "administrator", "/bench/admin/recruitment/mentor/", ""),
    "training": Page(
        "admin: training records", "administrator", "/bench/admin/training/trainingrecord/", ""
    ),
    "mentees": Page("admin: mentees", "administrator", "/bench/admin/mentees/mentee/", ""),
    "relationships": Page(
        "admin: relationships", "administrator", "/bench/admin/matching/relationship/", ""
    ),
    "logs": Page("admin: session logs", "administrator", "/bench/admin/logs/sessionlog/", ""),
    "concerns": Page("admin: concerns", "administrator", "/bench/admin/logs/concern/", ""),
    "flags": Page("admin: flags", "administrator", "/bench/admin/monitoring/flag/", ""),
    "by_hand": Page(
        "admin: letters and calls", "administrator", "/bench/admin/reminders/manualreminder/", ""
    ),
}
# One indexed query and the base layout, as the coordinator (demo/baselines.py).
FLOOR = Page("floor", "coordinator", "/bench/floor/", "")

PAGES = [
    Page("coordinator home", "coordinator", "/", "referrals"),
    Page("referral inbox", "coordinator", "/referrals/inbox/", "referrals"),
    Page("inbox, name search", "coordinator", "/referrals/inbox/?q={search}&status=", "referrals"),
    Page("inbox, overdue", "coordinator", "/referrals/inbox/?waiting=overdue", "referrals"),
    Page("referral detail", "coordinator", "/referrals/{referral}/", "referrals"),
    Page("training matrix", "coordinator", "/training/matrix/?programme={programme}", "training"),
    Page(
        "matrix CSV",
        "coordinator",
        "/training/matrix/?programme={programme}&status=current&format=csv",
        "training",
    ),
    Page("mentor list", "coordinator", "/mentors/", "mentors"),
    Page("record training", "coordinator", "/training/sessions/new/", "mentors"),
    Page("physio home", "physiotherapist", "/", "referrals"),
    Page("my referrals (physio)", "physiotherapist", "/referrals/mine/", "referrals"),
    Page("mentor home", "mentor", "/", "mentors"),
    # Issue 10: mentees, matching and relationships.
    Page("waiting list", "coordinator", "/mentees/waiting/", "mentees"),
    Page("waiting list, name search", "coordinator", "/mentees/waiting/?q={search}", "mentees"),
    Page("mentee detail", "coordinator", "/mentees/{mentee}/", "mentees"),
    Page("suggestions", "coordinator", "/matching/mentees/{mentee}/suggestions/", "mentors"),
    Page(
        "cohort assignment", "coordinator", "/matching/assignment/?programme={programme}", "mentees"
    ),
    Page("relationships", "coordinator", "/relationships/", "relationships"),
    Page(
        "relationships, current, name search",
        "coordinator",
        "/relationships/?status=current&q={search}",
        "relationships",
    ),
    Page("relationship detail", "coordinator", "/relationships/{relationship}/", "relationships"),
    Page("my mentees (mentor)", "mentor", "/my-mentees/", "relationships"),
    Page("mentee home", "mentee", "/", "relationships"),
    Page("my mentoring (mentee)", "mentee", "/my-mentoring/", "relationships"),
    # Issue 11: session logs and concerns.
    Page("log a contact (form)", "mentor", "/relationships/{mentor_relationship}/log/", "logs"),
    Page("session log (mentor)", "mentor", "/logs/{log}/", "logs"),
    Page("relationship story", "coordinator", "/relationships/{relationship}/story/", "logs"),
    Page("concerns", "coordinator", "/concerns/", "concerns"),
    Page("concern", "coordinator", "/concerns/{concern}/", "concerns"),
    Page("concerns (physio)", "physiotherapist", "/concerns/", "concerns"),
    # issue 12
    Page("monitoring flags", "coordinator", "/monitoring/", "flags"),
    Page("monitoring, one rule", "coordinator", "/monitoring/?rule=contact_overdue", "flags"),
    Page("flag", "coordinator", "/monitoring/flags/{flag}/", "flags"),
    Page("call list", "coordinator", "/reminders/calls/", "by_hand"),
    Page("letters to print", "coordinator", "/reminders/letters/", "by_hand"),
]

# The export whose memory is measured: every mentor of the big programme, as CSV. Its rows
# must number the manifest's mentors_in_programme (no silent cap).
EXPORT = Page(
    "matrix CSV, every mentor",
    "coordinator",
    "/training/matrix/?programme={programme}&status=all&format=csv",
    "training",
)
EXPORT_ROWS = "mentors_in_programme"


@dataclass(frozen=True)
class Targets:
    """Issue 9's targets, checked by the harness (never by timed tests)."""

    floor_ratio: float = 5.0  # p95 at most 5x the floor's
    admin_ratio: float = 0.5  # p95 at most half its admin changelist's
    max_queries: int = 12  # and the same at both data sizes
    export_rss_mb: float = 20.0  # a worker's growth while exporting
    soak_errors: int = 0


TARGETS = Targets()
