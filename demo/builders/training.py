"""Demo training: the seven modules from DESIGN.md."""

from __future__ import annotations

from accounts.models import Programme
from mentoring.training.models import TrainingModule

# name, required, validity in months, quiz pass mark
DEMO_MODULES = [
    ("Role and boundaries of a peer mentor", True, 24, None),
    ("Chronic low back pain: self-management principles", True, 24, 80),
    ("Communication and listening", True, None, None),
    ("Safeguarding adults", True, 36, 80),
    ("Red flags and when to escalate", True, 12, 100),
    ("Confidentiality and data protection", True, 24, None),
    ("Lone working", False, 36, None),
]


def build_modules(programme: Programme) -> list[TrainingModule]:
    modules = []
    for position, (name, required, months, pass_mark) in enumerate(DEMO_MODULES):
        module, _ = TrainingModule.objects.get_or_create(
            programme=programme,
            name=name,
            defaults={
                "required": required,
                "validity_months": months,
                "pass_mark": pass_mark,
                "position": position,
            },
        )
        modules.append(module)
    return modules
