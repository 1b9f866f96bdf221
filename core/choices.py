"""Choices shared by several areas: ways of meeting and times of the week."""

from django.db import models


class Format(models.TextChoices):
    """Ways of meeting: referrals ask for them, mentors offer them, pairs agree them."""

    PHONE = "phone", "Phone"
    FACE_TO_FACE = "face_to_face", "Face to face"
    WALKING = "walking", "Walking together"
    GROUP = "group", "Group meetings"
    VIDEO = "video", "Video call"


WEEKDAYS = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
]
PARTS_OF_DAY = [("morning", "morning"), ("afternoon", "afternoon"), ("evening", "evening")]
AVAILABILITY_CHOICES = [
    (f"{day}_{part}", f"{day_label} {part_label}")
    for day, day_label in WEEKDAYS
    for part, part_label in PARTS_OF_DAY
]


def labels_for(values: list[str], choices: list[tuple[str, str]]) -> list[str]:
    """The words for stored choice values (formats, availability), in stored order."""
    labels = dict(choices)
    return [labels.get(value, value) for value in values]
