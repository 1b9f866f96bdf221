"""How well a mentor suits a waiting mentee: a score out of 100 with every part in words.

The parts, each weighed by the programme's MatchingSettings (a weight of 0 leaves a part out):
- ways of meeting both are happy with (formats),
- times of the week both are free (availability),
- how far apart they live (postcode district centres; approximate),
- the mentor's gender, where the mentee asked for one,
- interests they share,
- a language they share,
- the mentor's current load (places free out of their capacity).

A part that says nothing about this mentee (no preference given, no interests listed) is left
out of their score rather than counted as a miss, so every mentee's best possible score is 100
and scores of different mentees can be added up fairly by the cohort assignment.

Some pairs are never suggested (hard rules): the mentee asked for a woman or a man and the
mentor is not one; they have no way of meeting in common; or they could only meet in person
and live too far apart. The coordinator still sees these mentors, with the reason, and may
propose them.

One function scores: `score_block` works on arrays of many mentees against many mentors at
once (numpy), and everything else, the one-mentee list (`suggestions_for`) and the whole
waiting list (`assignment.py`), is built on it, so the two can never disagree."""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from core.choices import AVAILABILITY_CHOICES, Format, Gender, Interest
from mentoring.matching.districts import area_of, district_of, haversine_km
from mentoring.matching.models import MatchingSettings

PARTS = ("formats", "availability", "distance", "gender", "interests", "languages", "load")
LABELS = {
    "formats": "Ways of meeting",
    "availability": "Times both are free",
    "distance": "Distance",
    "gender": "Mentor's gender",
    "interests": "Shared interests",
    "languages": "Language",
    "load": "Mentor's load",
}
IN_PERSON = {Format.FACE_TO_FACE, Format.WALKING, Format.GROUP}
# Pairs who could only meet in person are not suggested beyond this many times "near".
TOO_FAR_FACTOR = 3
# Enough shared times (or interests) for full points: two, or all the mentee gave if fewer.
ENOUGH_SHARED = 2

# Why a pair is not suggested (0: it is).
SUGGESTED, WRONG_GENDER, NO_SHARED_FORMAT, TOO_FAR = 0, 1, 2, 3

_FORMAT_BIT = {value: 1 << bit for bit, value in enumerate(Format.values)}
_SLOT_BIT = {value: 1 << bit for bit, (value, _) in enumerate(AVAILABILITY_CHOICES)}
_INTEREST_BIT = {value: 1 << bit for bit, value in enumerate(Interest.values)}
_IN_PERSON_MASK = sum(_FORMAT_BIT[value] for value in IN_PERSON)
_GENDER_CODE = {Gender.WOMAN.value: 1, Gender.MAN.value: 2, Gender.ANOTHER.value: 3}

_FORMAT_WORDS = {
    Format.PHONE: "by phone",
    Format.FACE_TO_FACE: "face to face",
    Format.WALKING: "walking together",
    Format.GROUP: "at group meetings",
    Format.VIDEO: "by video call",
}
_SLOT_WORDS = {value: f"{label}s" for value, label in AVAILABILITY_CHOICES}  # "Tuesday mornings"
_INTEREST_WORDS = {value: label.lower() for value, label in Interest.choices}
_GENDER_WORDS = {"woman": "a woman", "man": "a man", "another": "of another gender"}


@dataclass(frozen=True)
class Weights:
    formats: int = 30
    availability: int = 25
    distance: int = 20
    gender: int = 20
    interests: int = 10
    languages: int = 15
    load: int = 10
    near_km: int = 15

    @classmethod
    def of(cls, settings: MatchingSettings) -> Weights:
        return cls(
            formats=settings.weight_formats,
            availability=settings.weight_availability,
            distance=settings.weight_distance,
            gender=settings.weight_gender,
            interests=settings.weight_interests,
            languages=settings.weight_languages,
            load=settings.weight_load,
            near_km=settings.near_km,
        )

    def of_part(self, part: str) -> int:
        return int(getattr(self, part))


# --- Turning people into arrays ----------------------------------------------------------------


def languages_of(text: str) -> set[str]:
    """The languages in a free-text list, normalised: "English, british sign language /
    Gaelic" -> {"english", "british sign language", "gaelic"}."""
    parts = re.split(r"[,;/&+]|\band\b|\n", (text or "").casefold())
    return {" ".join(part.split()).strip(" .") for part in parts} - {""}


def _mask(values: Any, bits: dict[str, int]) -> int:
    return sum({bits[value] for value in values or () if value in bits})


def _district(person: Any) -> str:
    return district_of(getattr(person, "area", "")) or district_of(getattr(person, "postcode", ""))


@dataclass(frozen=True)
class Places:
    """The districts either side lives in, once each; the last one stands for "not known"."""

    latitude: np.ndarray  # NaN: no centre known
    longitude: np.ndarray
    area: np.ndarray  # index of the postcode area, -1: not known

    def __len__(self) -> int:
        return len(self.latitude)


@dataclass
class Side:
    """One side (mentees or mentors) as arrays, one entry a person."""

    formats: np.ndarray  # bit masks
    availability: np.ndarray
    interests: np.ndarray
    languages: np.ndarray  # (n, words) bit masks over the shared vocabulary
    gender: np.ndarray  # mentors: their gender; mentees: the gender asked for (0: none)
    district: np.ndarray  # index into places (the last place: district not known)
    spare: np.ndarray  # mentors: places free now
    capacity: np.ndarray  # mentors: places at most
    places: Places  # shared by both sides

    def rows(self, index: slice | np.ndarray) -> Side:
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return Side(**{name: v if name == "places" else v[index] for name, v in fields.items()})

    def __len__(self) -> int:
        return len(self.formats)


def encode(
    mentees: Sequence[Any], mentors: Sequence[Any], centres: dict[str, tuple[float, float]]
) -> tuple[Side, Side]:
    """Both sides as arrays. Mentors need `current_mentees` (Mentor.objects.
    with_current_mentees()); `centres` maps districts to (latitude, longitude)."""
    mentee_langs = [languages_of(m.languages) for m in mentees]
    mentor_langs = [languages_of(m.languages) for m in mentors]
    vocabulary = {
        name: i for i, name in enumerate(sorted(set().union(*mentee_langs, *mentor_langs)))
    }
    words = max(1, math.ceil(len(vocabulary) / 63))
    mentee_districts = [_district(m) for m in mentees]
    mentor_districts = [_district(m) for m in mentors]
    districts = {
        d: i for i, d in enumerate(sorted(set(mentee_districts + mentor_districts) - {""}))
    }
    areas = {a: i for i, a in enumerate(sorted({area_of(d) for d in districts}))}
    unknown = len(districts)
    centre = [centres.get(d, (math.nan, math.nan)) for d in districts]
    places = Places(
        latitude=np.array([c[0] for c in centre] + [math.nan], dtype=np.float64),
        longitude=np.array([c[1] for c in centre] + [math.nan], dtype=np.float64),
        area=np.array([areas[area_of(d)] for d in districts] + [-1], dtype=np.int32),
    )

    def side(
        people: Sequence[Any], langs: list[set[str]], dists: list[str], *, mentors: bool
    ) -> Side:
        n = len(people)
        language_bits = np.zeros((n, words), dtype=np.uint64)
        for row, names in enumerate(langs):
            for name in names:
                index = vocabulary[name]
                language_bits[row, index // 63] |= np.uint64(1 << (index % 63))
        if mentors:
            gender = [_GENDER_CODE.get(p.gender, 0) for p in people]
            capacity = [int(p.capacity) for p in people]
            spare = [int(p.capacity) - int(getattr(p, "current_mentees", 0) or 0) for p in people]
        else:
            gender = [_GENDER_CODE.get(p.mentor_gender_preference, 0) for p in people]
            capacity = spare = [0] * n

        def masks(attribute: str, bits: dict[str, int]) -> np.ndarray:
            return np.array([_mask(getattr(p, attribute), bits) for p in people], np.uint32)

        return Side(
            formats=masks("formats" if mentors else "preferred_formats", _FORMAT_BIT),
            availability=masks("availability", _SLOT_BIT),
            interests=masks("interests", _INTEREST_BIT),
            languages=language_bits,
            gender=np.array(gender, dtype=np.int8),
            district=np.array([districts.get(d, unknown) for d in dists], dtype=np.int32),
            spare=np.array(spare, dtype=np.int32),
            capacity=np.array(capacity, dtype=np.int32),
            places=places,
        )

    return (
        side(mentees, mentee_langs, mentee_districts, mentors=False),
        side(mentors, mentor_langs, mentor_districts, mentors=True),
    )


# --- The one scoring function ------------------------------------------------------------------


@dataclass
class Block:
    """Scores of some mentees (rows) against every mentor (columns)."""

    fraction: dict[str, np.ndarray]  # part -> share of its points won, 0..1 (broadcasts)
    applies: dict[str, np.ndarray]  # part -> (rows, 1) whether the part counts for the mentee
    distance_km: np.ndarray  # (rows, mentors), NaN where a centre is missing
    total: np.ndarray  # (rows, mentors) score out of 100, int16
    not_suggested: np.ndarray  # (rows, mentors) SUGGESTED or why not, int8

    def share(self, part: str, row: int, col: int) -> float:
        """The share of a part's points won by one pair (0..1)."""
        fraction = self.fraction[part]
        if fraction.ndim == 2:  # (1 or rows, 1 or mentors): read where it broadcasts from
            return float(fraction[row if fraction.shape[0] > 1 else 0,
                                  col if fraction.shape[1] > 1 else 0])  # fmt: skip
        return float(np.broadcast_to(fraction, self.total.shape)[row, col])

    def counts(self, part: str, row: int) -> bool:
        return bool(self.applies[part][row, 0])


def _shared_count(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.bitwise_count(a[:, None] & b[None, :])


def _per_one(count: np.ndarray) -> np.ndarray:
    """1 / count as a column, 0 where the count is 0."""
    count = count.astype(np.float32)
    return np.divide(1.0, count, out=np.zeros_like(count), where=count > 0)[:, None]


def _enough(shared: np.ndarray, given: np.ndarray) -> np.ndarray:
    """Share of "enough": all shared if fewer than ENOUGH_SHARED were given."""
    need = np.minimum(given, ENOUGH_SHARED)
    return np.minimum(shared, need[:, None]) * _per_one(need)


def score_block(mentees: Side, mentors: Side, weights: Weights) -> Block:
    """Every part, the total and the hard rules for each mentee against each mentor.
    Fractions are float32 arrays that broadcast to (mentees, mentors)."""
    rows, cols = len(mentees), len(mentors)
    fraction: dict[str, np.ndarray] = {}
    applies: dict[str, np.ndarray] = {}

    asked_formats = np.bitwise_count(mentees.formats)
    shared_formats = _shared_count(mentees.formats, mentors.formats)
    applies["formats"] = (asked_formats > 0)[:, None]
    fraction["formats"] = shared_formats * _per_one(asked_formats)

    given = np.bitwise_count(mentees.availability)
    applies["availability"] = (given > 0)[:, None]
    fraction["availability"] = _enough(
        _shared_count(mentees.availability, mentors.availability), given
    )

    places = mentees.places
    unknown = len(places) - 1
    # District to district first (a few hundred places), then looked up for every pair.
    between = haversine_km(
        places.latitude[:, None], places.longitude[:, None],
        places.latitude[None, :], places.longitude[None, :],
    )  # fmt: skip
    known_between = ~np.isnan(between)
    same_area = (places.area[:, None] == places.area[None, :]) & (places.area[:, None] >= 0)
    near = max(weights.near_km, 1)
    closeness = np.where(
        known_between,
        np.clip(1.0 - np.nan_to_num(between) / (2.0 * near), 0.0, 1.0),
        np.where(np.eye(len(places), dtype=bool), 1.0, np.where(same_area, 0.5, 0.0)),
    ).astype(np.float32)
    closeness[unknown, :] = closeness[:, unknown] = 0.0
    far_between = known_between & (np.nan_to_num(between) > TOO_FAR_FACTOR * near)
    here, there = mentees.district[:, None], mentors.district[None, :]
    applies["distance"] = (mentees.district != unknown)[:, None]
    fraction["distance"] = closeness[here, there]

    asked_gender = mentees.gender[:, None]
    gender_met = mentors.gender[None, :] == asked_gender
    applies["gender"] = asked_gender > 0
    fraction["gender"] = gender_met

    given = np.bitwise_count(mentees.interests)
    applies["interests"] = (given > 0)[:, None]
    fraction["interests"] = _enough(_shared_count(mentees.interests, mentors.interests), given)

    applies["languages"] = np.any(mentees.languages != 0, axis=1)[:, None]
    if mentees.languages.shape[1] == 1:
        fraction["languages"] = (mentees.languages[:, 0, None] & mentors.languages[None, :, 0]) != 0
    else:
        fraction["languages"] = np.any(
            mentees.languages[:, None, :] & mentors.languages[None, :, :], axis=2
        )

    capacity = np.maximum(mentors.capacity, 1)
    applies["load"] = np.ones((rows, 1), dtype=bool)
    fraction["load"] = np.clip(mentors.spare / capacity, 0.0, 1.0).astype(np.float32)[None, :]

    won = np.zeros((rows, cols), dtype=np.float32)
    possible = np.zeros((rows, 1), dtype=np.float32)
    for part in PARTS:  # the same order every time, so sums round the same way
        counted = np.float32(weights.of_part(part)) * applies[part]  # 0 where it does not apply
        if weights.of_part(part):
            won += counted * fraction[part]
        possible += counted
    scale = np.divide(100.0, possible, out=np.zeros_like(possible), where=possible > 0)
    total = (won * scale + np.float32(0.5)).astype(np.int16)  # rounded half up (never negative)

    shared_remote = (mentees.formats[:, None] & mentors.formats[None, :]) & ~np.uint32(
        _IN_PERSON_MASK
    )
    not_suggested = np.where(
        applies["gender"] & ~gender_met,
        WRONG_GENDER,
        np.where(
            applies["formats"] & (shared_formats == 0),
            NO_SHARED_FORMAT,
            np.where((shared_remote == 0) & far_between[here, there], TOO_FAR, SUGGESTED),
        ),
    ).astype(np.int8)
    return Block(
        fraction=fraction,
        applies=applies,
        distance_km=between[here, there],
        total=total,
        not_suggested=not_suggested,
    )


# --- In words, for one mentee --------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    name: str
    label: str
    points: int  # rounded, for showing; the total is worked out before rounding
    out_of: int
    words: str
    applies: bool


class Suggestion:
    """One mentor for one mentee: the score, and why the app would not suggest the pair
    ("" if it would). Its parts in words are worked out when first read, so a list of
    thousands of mentors explains only those shown."""

    def __init__(
        self,
        mentor: Any,
        score: int,
        not_suggested: str = "",
        parts: Callable[..., list[Part]] | list[Part] | None = None,
        words_of: Callable[[str], str] | None = None,
    ) -> None:
        self.mentor = mentor
        self.score = score
        self.not_suggested = not_suggested
        self._parts = parts
        self._words_of = words_of  # one part in words, for a summary without all of them

    def __repr__(self) -> str:
        return f"Suggestion({self.mentor!r}, {self.score}, {self.not_suggested!r})"

    @cached_property
    def parts(self) -> list[Part]:
        parts = self._parts() if callable(self._parts) else self._parts
        return list(parts or [])

    @property
    def reasons(self) -> list[str]:
        """The parts in words, as kept with a proposed relationship."""
        return [f"{part.label}: {part.words}" for part in self.parts if part.applies]

    @property
    def summary(self) -> str:
        """The strongest parts, shortly, for a table row: only those three are put in words
        when the parts have not been already (a page of 25 pairs, not 175 sentences)."""
        lazily = "parts" not in self.__dict__ and callable(self._parts) and self._words_of
        parts = self._parts(words=False) if lazily else self.parts  # type: ignore[operator,misc]
        best = sorted(
            (p for p in parts if p.applies and p.out_of and p.points * 2 >= p.out_of),
            key=lambda p: -p.points,
        )[:3]
        if lazily:
            return "; ".join(self._words_of(p.name) for p in best) or "Little in common"  # type: ignore[misc]
        return "; ".join(part.words for part in best) or "Little in common"


def _listed(items: list[str], joiner: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {joiner} {items[-1]}"


def _in_order(values: set[str], choices: Sequence[str]) -> list[str]:
    return [value for value in choices if value in values]


def _words(
    part: str, mentee: Any, mentor: Any, block: Block, row: int, col: int, near_km: int
) -> str:
    """The part in plain words. It reads the same data the arrays were built from."""
    if part == "formats":
        asked = set(mentee.preferred_formats or ())
        shared = _in_order(asked & set(mentor.formats or ()), Format.values)
        if not asked:
            return "The mentee has not said how they would like to meet"
        if not shared:
            return "No way of meeting in common"
        return f"Both happy to meet {_listed([_FORMAT_WORDS[Format(v)] for v in shared], 'or')}"
    if part == "availability":
        asked = set(mentee.availability or ())
        if not asked:
            return "The mentee has not said when they are free"
        if not mentor.availability:
            return "This mentor has not said when they are free"
        shared = _in_order(asked & set(mentor.availability), [v for v, _ in AVAILABILITY_CHOICES])
        if not shared:
            return "No time of the week when both are free"
        words = [_SLOT_WORDS[v] for v in shared]
        more = f" and {len(words) - 3} more times" if len(words) > 3 else ""
        return f"Both can meet on {_listed(words[:3]) if not more else ', '.join(words[:3])}{more}"
    if part == "distance":
        here, there = _district(mentee), _district(mentor)
        if not here:
            return "The mentee's postcode district is not known"
        if not there:
            return "This mentor's postcode district is not known"
        km = float(block.distance_km[row, col])
        if not math.isnan(km):
            apart = "Under 1 km apart" if km < 1 else f"About {round(km)} km apart"
            far = f", further than the {near_km} km that is near enough" if km > near_km else ""
            return f"{apart}{far} (approximate: district centres, {here} and {there})"
        if here == there:
            return f"Both in {here} (same postcode district; no map position for it)"
        if area_of(here) == area_of(there):
            return (
                f"{here} and {there}: the same postcode area ({area_of(here)}), "
                "distance not known (no map position for one of them)"
            )
        return f"{here} and {there}: different postcode areas, probably further apart"
    if part == "gender":
        asked = mentee.mentor_gender_preference
        if not asked:
            return "No preference about the mentor's gender"
        actual = _GENDER_WORDS.get(mentor.gender, "")
        wanted = _GENDER_WORDS[asked]
        if not actual:
            return f"Asked for {wanted}; this mentor has not said their gender"
        return f"Asked for {wanted}; this mentor is {actual}"
    if part == "interests":
        asked = set(mentee.interests or ())
        if not asked:
            return "The mentee has not listed interests"
        shared = _in_order(asked & set(mentor.interests or ()), Interest.values)
        if not shared:
            return "No shared interests listed"
        return f"Both enjoy {_listed([_INTEREST_WORDS[v] for v in shared])}"
    if part == "languages":
        asked = languages_of(mentee.languages)
        if not asked:
            return "The mentee's language is not recorded"
        shared = sorted(asked & languages_of(mentor.languages))
        if not shared:
            return (
                f"No shared language (this mentor speaks {mentor.languages or 'nothing recorded'})"
            )
        return f"Both speak {_listed([name.title() for name in shared])}"
    # load
    free = _spare(mentor)
    current = int(mentor.capacity) - free
    has = "no mentees" if current == 0 else f"{current} mentee{'s' if current != 1 else ''}"
    return f"Has {has} now, room for {free} more"


def _spare(mentor: Any) -> int:
    return max(int(mentor.capacity) - int(getattr(mentor, "current_mentees", 0) or 0), 0)


_NOT_SUGGESTED_WORDS = {
    WRONG_GENDER: "The mentee asked for a mentor of another gender",
    NO_SHARED_FORMAT: "No way of meeting in common",
    TOO_FAR: "They could only meet in person and live too far apart",
}


def _parts_of(
    block: Block, row: int, col: int, mentee: Any, mentor: Any, weights: Weights
) -> Callable[[], list[Part]]:
    """The parts of one pair of a scored block, in words when first read (`words=False`:
    the points only, each part's words left empty)."""

    def parts(*, words: bool = True) -> list[Part]:
        found = []
        for part in PARTS:
            weight = weights.of_part(part)
            applies = block.counts(part, row) and weight > 0
            found.append(
                Part(
                    name=part,
                    label=LABELS[part],
                    points=(
                        math.floor(weight * block.share(part, row, col) + 0.5) if applies else 0
                    ),
                    out_of=weight if applies else 0,
                    words=(
                        _words(part, mentee, mentor, block, row, col, weights.near_km)
                        if words
                        else ""
                    ),
                    applies=applies,
                )
            )
        return found

    return parts


def _suggestions(
    block: Block,
    cells: Iterable[tuple[int, int, Any, Any]],
    totals: Sequence[int],
    whys: Sequence[int],
    weights: Weights,
) -> list[Suggestion]:
    """The pairs at (row, col) of a scored block, with `totals` and `whys` the block's
    total and not-suggested values at those cells, in the same order."""
    return [
        Suggestion(
            mentor=mentor,
            score=int(total),
            not_suggested=_NOT_SUGGESTED_WORDS.get(int(why), ""),
            parts=_parts_of(block, row, col, mentee, mentor, weights),
            words_of=functools.partial(
                _words,
                mentee=mentee,
                mentor=mentor,
                block=block,
                row=row,
                col=col,
                near_km=weights.near_km,
            ),
        )
        for (row, col, mentee, mentor), total, why in zip(cells, totals, whys, strict=True)
    ]


def suggestions_for(
    mentee: Any,
    mentors: Sequence[Any],
    weights: Weights,
    centres: dict[str, tuple[float, float]],
) -> list[Suggestion]:
    """Each mentor for this mentee, best first, with the score and every part in words;
    those the app would not suggest come last, each with the reason."""
    if not mentors:
        return []
    mentee_side, mentor_side = encode([mentee], mentors, centres)
    block = score_block(mentee_side, mentor_side, weights)
    found = _suggestions(
        block,
        ((0, col, mentee, mentor) for col, mentor in enumerate(mentors)),
        block.total[0].tolist(),
        block.not_suggested[0].tolist(),
        weights,
    )
    return sorted(found, key=lambda s: (bool(s.not_suggested), -s.score))


def explain_pairs(
    pairs: Sequence[tuple[Any, Any]], weights: Weights, centres: dict[str, tuple[float, float]]
) -> list[Suggestion]:
    """Several (mentee, mentor) pairs in words, in order: one block scored for them all,
    each pair read where its mentee's row meets its mentor's column."""
    if not pairs:
        return []
    mentee_side, mentor_side = encode([p[0] for p in pairs], [p[1] for p in pairs], centres)
    block = score_block(mentee_side, mentor_side, weights)
    return _suggestions(
        block,
        ((i, i, mentee, mentor) for i, (mentee, mentor) in enumerate(pairs)),
        np.diagonal(block.total).tolist(),
        np.diagonal(block.not_suggested).tolist(),
        weights,
    )


def explain(
    mentee: Any, mentor: Any, weights: Weights, centres: dict[str, tuple[float, float]]
) -> Suggestion:
    """One pair, in words (the same function as the list and the assignment)."""
    return suggestions_for(mentee, [mentor], weights, centres)[0]
