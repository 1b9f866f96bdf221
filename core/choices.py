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


class Gender(models.TextChoices):
    """How a mentor describes themselves, asked only so a mentee's preference can be met."""

    WOMAN = "woman", "A woman"
    MAN = "man", "A man"
    ANOTHER = "another", "In another way"
    NOT_SAID = "", "Prefer not to say"


class Interest(models.TextChoices):
    """Things people enjoy, shared by mentors and mentees to start a conversation."""

    WALKING = "walking", "Walking"
    GARDENING = "gardening", "Gardening"
    SWIMMING = "swimming", "Swimming"
    DANCING = "dancing", "Dancing"
    SPORT = "sport", "Watching sport"
    READING = "reading", "Reading"
    MUSIC = "music", "Music or singing"
    CRAFTS = "crafts", "Crafts, knitting or DIY"
    COOKING = "cooking", "Cooking or baking"
    FAMILY = "family", "Family and grandchildren"
    PETS = "pets", "Pets"
    TRAVEL = "travel", "Travel and days out"
    COMMUNITY = "community", "Volunteering or a faith community"
    PUZZLES = "puzzles", "Puzzles, cards or games"


class RelationshipStatus(models.TextChoices):
    """A mentoring relationship's lifecycle (DESIGN.md). Here, not in matching, because
    recruitment counts a mentor's current mentees by it without importing matching."""

    PROPOSED = "proposed", "Proposed"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"
    ENDED_EARLY = "ended_early", "Ended early"
    NOT_STARTED = "not_started", "Did not go ahead"


# The statuses in which a relationship takes one of the mentor's places.
HOLDS_PLACE = (RelationshipStatus.PROPOSED, RelationshipStatus.ACTIVE, RelationshipStatus.PAUSED)
