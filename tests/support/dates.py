"""Dates as a person types them into the three GOV.UK boxes: <name>_0 (day), <name>_1
(month) and <name>_2 (year)."""

import re
from datetime import date
from typing import Any

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def date_boxes(name: str, value: date | str) -> dict[str, str]:
    """'2026-03-27' or date(2026, 3, 27) as {name_0: '27', name_1: '3', name_2: '2026'}.
    An empty string leaves all three boxes empty."""
    if isinstance(value, date):
        value = value.isoformat()
    match = _ISO.fullmatch(value)
    if not match:
        return {f"{name}_{i}": "" for i in range(3)} if value == "" else {name: value}
    year, month, day = match.groups()
    return {f"{name}_0": str(int(day)), f"{name}_1": str(int(month)), f"{name}_2": year}


def in_boxes(data: dict[str, Any], *names: str) -> dict[str, Any]:
    """`data` with each named date (an ISO string or a date) split into its three boxes."""
    out = dict(data)
    for name in names:
        if name in out:
            out.update(date_boxes(name, out.pop(name)))
    return out
