"""Postcode districts: what a district is ("EH3" of "EH3 9AB"), its area ("EH"), the
distance between two district centres, and loading the centres from a CSV.

Distances are between district centres, never between homes: approximate, and said so
wherever they are shown. No network service is called; the centres are a table loaded by
`manage.py load_postcode_districts <csv>` (the national open data, or the small demo file
shipped in `data/`)."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO

import numpy as np
from django.db import transaction

from mentoring.matching.models import PostcodeDistrict

DEMO_CSV = Path(__file__).resolve().parent / "data" / "postcode_districts_demo.csv"
DEMO_SOURCE = "Approximate centres for the demo (Edinburgh and the Lothians)"

EARTH_RADIUS_KM = 6371.0088
# A UK outward code: one or two letters, a digit, then a digit or a letter ("EH3", "G12",
# "SW1A"). A full postcode's district is the part before the space (or before the last
# three characters when typed without one).
_DISTRICT = re.compile(r"^[A-Z]{1,2}[0-9][0-9A-Z]?$")
_AREA = re.compile(r"^[A-Z]{1,2}")


def district_of(text: str) -> str:
    """The postcode district of a district or a full postcode, or "" when it is not one:
    "eh3 9ab" -> "EH3", "EH39AB" -> "EH3", " eh3 " -> "EH3"."""
    cleaned = re.sub(r"\s+", " ", (text or "").strip().upper())
    if not cleaned:
        return ""
    candidate = cleaned.split(" ")[0] if " " in cleaned else cleaned
    if not _DISTRICT.match(candidate) and len(cleaned) >= 5 and " " not in cleaned:
        candidate = cleaned[:-3]  # a full postcode typed without its space
    return candidate if _DISTRICT.match(candidate) else ""


def area_of(district: str) -> str:
    """The postcode area, the letters a district starts with: "EH3" -> "EH"."""
    found = _AREA.match(district or "")
    return found.group(0) if found else ""


def haversine_km(
    lat1: np.ndarray | float, lon1: np.ndarray | float, lat2: np.ndarray | float,
    lon2: np.ndarray | float,
) -> np.ndarray:  # fmt: skip
    """Great-circle distance in km between points in degrees; arrays broadcast, NaN in,
    NaN out."""
    phi1, phi2 = np.radians(lat1), np.radians(lat2)
    dphi = phi2 - phi1
    dlmb = np.radians(lon2) - np.radians(lon1)
    a = np.sin(dphi / 2) ** 2 + np.cos(phi1) * np.cos(phi2) * np.sin(dlmb / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def centres_for(districts: Iterable[str]) -> dict[str, tuple[float, float]]:
    """The known centres of these districts (latitude, longitude), in one query."""
    wanted = {d for d in districts if d}
    if not wanted:
        return {}
    rows = PostcodeDistrict.objects.filter(district__in=wanted).values_list(
        "district", "latitude", "longitude"
    )
    return {district: (float(lat), float(lon)) for district, lat, lon in rows}


# --- Loading a CSV -----------------------------------------------------------------------------

# Header names accepted for each column (case and spaces ignored), so the national open data
# loads as it comes.
COLUMNS = {
    "district": ("district", "postcodedistrict", "postcode", "outcode", "pcd"),
    "latitude": ("latitude", "lat"),
    "longitude": ("longitude", "long", "lon", "lng"),
}
MAX_ERRORS_SHOWN = 20


class BadCsv(Exception):
    """The file cannot be loaded; `problems` says why, line by line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Loaded:
    created: int
    updated: int


def _columns(header: list[str]) -> dict[str, int]:
    normalised = [re.sub(r"[\s_-]+", "", name).lower() for name in header]
    found = {}
    for column, names in COLUMNS.items():
        index = next((i for i, name in enumerate(normalised) if name in names), None)
        if index is not None:
            found[column] = index
    missing = [column for column in COLUMNS if column not in found]
    if missing:
        raise BadCsv(
            [
                f"The first row must name the columns district, latitude and longitude; "
                f"missing: {', '.join(missing)} (found: {', '.join(header) or 'nothing'})."
            ]
        )
    return found


def _coordinate(text: str, *, name: str, limit: int, line: int, problems: list[str]) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        problems.append(f"Line {line}: the {name} {text.strip()!r} is not a number.")
        return Decimal(0)
    if not value.is_finite() or not -limit <= value <= limit:
        problems.append(
            f"Line {line}: the {name} {text.strip()} is not between -{limit} and {limit}."
        )
        return Decimal(0)
    return value.quantize(Decimal("0.00001"))


def read_csv(stream: IO[str]) -> list[tuple[str, Decimal, Decimal]]:
    """The rows of a district CSV, checked. Lines starting with # are notes. Raises BadCsv
    listing every bad line (the first few dozen)."""
    lines = (
        (number, text)
        for number, text in enumerate(stream, start=1)
        if text.strip() and not text.lstrip().startswith("#")
    )
    numbered = list(lines)
    if not numbered:
        raise BadCsv(["The file is empty: it needs a first row naming the columns."])
    rows = list(csv.reader(text for _, text in numbered))
    columns = _columns(rows[0])
    problems: list[str] = []
    seen: dict[str, int] = {}
    found = []
    for (line, _), row in zip(numbered[1:], rows[1:], strict=True):
        if len(row) <= max(columns.values()):
            problems.append(f"Line {line}: expected {len(rows[0])} values, found {len(row)}.")
            continue
        raw = row[columns["district"]]
        district = district_of(raw)
        if not district:
            problems.append(f"Line {line}: {raw.strip()!r} is not a postcode district.")
            continue
        if district in seen:
            problems.append(f"Line {line}: {district} is already on line {seen[district]}.")
            continue
        seen[district] = line
        latitude = _coordinate(
            row[columns["latitude"]], name="latitude", limit=90, line=line, problems=problems
        )
        longitude = _coordinate(
            row[columns["longitude"]], name="longitude", limit=180, line=line, problems=problems
        )
        found.append((district, latitude, longitude))
    if problems:
        shown = problems[:MAX_ERRORS_SHOWN]
        if len(problems) > MAX_ERRORS_SHOWN:
            shown.append(f"... and {len(problems) - MAX_ERRORS_SHOWN} more problems.")
        raise BadCsv(["Nothing was loaded. Put these lines right and load the file again:", *shown])
    if not found:
        raise BadCsv(["The file names its columns but has no districts in it."])
    return found


@transaction.atomic
def load_districts(rows: list[tuple[str, Decimal, Decimal]], *, source: str) -> Loaded:
    """Add or update each district's centre (running it twice changes nothing more)."""
    existing = set(
        PostcodeDistrict.objects.filter(district__in=[row[0] for row in rows]).values_list(
            "district", flat=True
        )
    )
    PostcodeDistrict.objects.bulk_create(
        [
            PostcodeDistrict(district=d, latitude=lat, longitude=lon, source=source[:100])
            for d, lat, lon in rows
        ],
        update_conflicts=True,
        unique_fields=["district"],
        update_fields=["latitude", "longitude", "source"],
        batch_size=1000,
    )
    return Loaded(created=len(rows) - len(existing), updated=len(existing))


def load_demo_districts() -> Loaded:
    """The shipped demo file (approximate centres for Edinburgh and the Lothians)."""
    with DEMO_CSV.open(encoding="utf-8") as stream:
        return load_districts(read_csv(stream), source=DEMO_SOURCE)
