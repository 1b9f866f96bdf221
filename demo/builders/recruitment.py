"""Demo mentors and applicants, made through the same services coordinators use."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from accounts.models import Programme, User
from mentoring.recruitment import services as recruitment_services
from mentoring.recruitment.models import DisclosureCheck, Mentor, RecruitmentSettings
from mentoring.training import services as training_services
from mentoring.training.models import TrainingModule, TrainingRecord


def build_mentors(programme: Programme, modules: list[TrainingModule]) -> None:
    """A profile for each demo mentor (trained, checked, active or in training), and two
    applicants."""
    coordinator = User.objects.get(email="coordinator@example.org")
    now = timezone.now()
    today = timezone.localdate()
    people = [
        ("mentor1", "EH3", Mentor.LivedExperience.OWN, "all"),
        ("mentor2", "EH6", Mentor.LivedExperience.BOTH, "all"),
        ("mentor3", "EH11", Mentor.LivedExperience.SUPPORTING, "expiring"),
        ("mentor4", "EH4", Mentor.LivedExperience.OWN, "in_training"),
    ]
    for number, (handle, area, experience, training) in enumerate(people):
        user = User.objects.get(email=f"{handle}@example.org")
        if Mentor.objects.filter(user=user).exists():
            continue
        mentor = Mentor.objects.create(
            programme=programme,
            user=user,
            first_name=user.first_name,
            last_name=user.last_name,
            email=user.email,
            phone=f"+44770090{100 + number:04d}",
            lived_experience=experience,
            lived_experience_summary="Back pain for many years; walking and pacing help.",
            motivation="I know how hard it is to keep going after physio ends.",
            formats=["phone", "walking", "face_to_face"][: 2 + number % 2],
            availability=["mon_morning", "wed_afternoon", "fri_morning"],
            area=area,
            # Hamish and Margaret offered to mentor three at a time
            capacity=RecruitmentSettings.for_programme(programme).default_mentor_capacity
            + (1 if handle in ("mentor2", "mentor3") else 0),
            consent_to_store=True,
            status=Mentor.Status.IN_TRAINING,
            applied_at=now - timedelta(days=120),
        )
        done_on = today - timedelta(days=30 if training != "expiring" else 350)
        chosen = modules if training != "in_training" else modules[:3]
        training_services.record_training(
            mentors=[mentor],
            module=chosen[0],
            completed_on=done_on,
            delivered_by="Fiona Baird",
            method=TrainingRecord.Method.FACE_TO_FACE,
            scores={},
            notes="",
            by=coordinator,
            now=now,
        )
        for module in chosen[1:]:
            training_services.record_training(
                mentors=[mentor],
                module=module,
                completed_on=done_on,
                delivered_by="Fiona Baird",
                method=TrainingRecord.Method.BLENDED,
                scores={
                    mentor.pk: 90
                    if module.pass_mark is not None and module.pass_mark < 100
                    else 100
                },
                notes="",
                by=coordinator,
                now=now,
            )
        DisclosureCheck.objects.create(
            mentor=mentor,
            scheme=DisclosureCheck.Scheme.PVG,
            number=f"1000 2000 3000 {4000 + number}",
            issued_on=today - timedelta(days=200),
            renewal_due_on=today + timedelta(days=3 * 365),
            outcome=DisclosureCheck.Outcome.CLEAR,
        )
        if training != "in_training":
            recruitment_services.change_status(
                mentor=mentor,
                to_status=Mentor.Status.ACTIVE,
                by=coordinator,
                reason="Training and checks complete",
                now=now,
                today=today,
            )
    for first, last, status, days_ago in [
        ("Duncan", "Applicant", Mentor.Status.APPLIED, 21),
        ("Catriona", "Screened", Mentor.Status.SCREENING, 10),
    ]:
        email = f"{first.lower()}.{last.lower()}@example.org"
        if Mentor.objects.filter(email=email).exists():
            continue
        mentor = recruitment_services.apply(
            programme=programme,
            fields={
                "first_name": first,
                "last_name": last,
                "email": email,
                "phone": "+447700900201",
                "lived_experience": Mentor.LivedExperience.OWN,
                "motivation": "I would like to give something back.",
                "formats": ["phone"],
                "availability": ["tue_morning"],
                "area": "EH7",
                "languages": "English, Gaelic",
                "consent_to_store": True,
            },
            now=now - timedelta(days=days_ago),
        )
        if status == Mentor.Status.SCREENING:
            recruitment_services.change_status(
                mentor=mentor,
                to_status=status,
                by=coordinator,
                reason="Interview booked",
                now=now - timedelta(days=days_ago - 2),
                today=today,
            )
