"""The demo programme, its sites and its people (all invented)."""

from __future__ import annotations

from dataclasses import dataclass

from accounts import services as account_services
from accounts.models import Programme, Site, User

DEMO_PASSWORD = "demo-mentoring-2026"
DEMO_PROGRAMME = "Glenmore Back Pain Peer Mentoring (demo)"
# Who mentors and mentees call: the demo coordinator, an Ofcom drama number (never a real
# line) and an example.org address.
DEMO_CONTACT = {
    "contact_name": "Fiona Baird",
    "contact_phone": "+441314960000",
    "contact_email": "peer.mentoring@example.org",
}


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    role: str


DEMO_PEOPLE = [
    DemoPerson("coordinator@example.org", "Fiona", "Baird", User.Role.COORDINATOR),
    DemoPerson("physio1@example.org", "Ravi", "Menon", User.Role.PHYSIOTHERAPIST),
    DemoPerson("physio2@example.org", "Claire", "Dunlop", User.Role.PHYSIOTHERAPIST),
    DemoPerson("mentor1@example.org", "Isobel", "Grant", User.Role.MENTOR),
    DemoPerson("mentor2@example.org", "Hamish", "Reid", User.Role.MENTOR),
    DemoPerson("mentor3@example.org", "Margaret", "Kerr", User.Role.MENTOR),
    DemoPerson("mentor4@example.org", "Tom", "Okafor", User.Role.MENTOR),
    DemoPerson("mentee1@example.org", "Agnes", "Lennox", User.Role.MENTEE),
    DemoPerson("mentee2@example.org", "Bill", "Sutherland", User.Role.MENTEE),
    DemoPerson("mentee3@example.org", "Jean", "Paterson", User.Role.MENTEE),
    DemoPerson("mentee4@example.org", "Alan", "Mackie", User.Role.MENTEE),
    DemoPerson("mentee5@example.org", "Rose", "Fairlie", User.Role.MENTEE),
    DemoPerson("mentee6@example.org", "Douglas", "Imrie", User.Role.MENTEE),
]
DEMO_ADMIN = DemoPerson("admin@example.org", "Ada", "Admin", "")


def build_people() -> Programme:
    """The demo programme, its sites and everyone who can sign in."""
    programme, _ = Programme.objects.get_or_create(
        name=DEMO_PROGRAMME,
        defaults={"region": "Glenmore Health Board (an invented area)", **DEMO_CONTACT},
    )
    if not programme.has_contact:  # a demo loaded before programmes had contact details
        Programme.objects.filter(pk=programme.pk).update(**DEMO_CONTACT)
        programme.refresh_from_db()
    for name, kind, address, postcode in [
        (
            "Glenmore Royal Infirmary Physiotherapy",
            Site.Kind.PHYSIOTHERAPY,
            "Infirmary Road, Glenmore",
            "GL1 4RX",
        ),
        ("Kirkton Community Centre", Site.Kind.COMMUNITY, "12 Station Brae, Kirkton", "GL3 2KT"),
    ]:
        Site.objects.update_or_create(
            programme=programme,
            name=name,
            defaults={"kind": kind, "address": address, "postcode": postcode},
        )
    for person in DEMO_PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = account_services.create_account(
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
                role=person.role,
                programmes=[programme],
                password=DEMO_PASSWORD,
            )
        else:
            account_services.add_to_programme(user=user, programme=programme)
    if not User.objects.filter(email=DEMO_ADMIN.email).exists():
        User.objects.create_superuser(
            email=DEMO_ADMIN.email,
            password=DEMO_PASSWORD,
            first_name=DEMO_ADMIN.first_name,
            last_name=DEMO_ADMIN.last_name,
        )
    return programme
