"""Postcode districts: reading districts, distances, and loading centres from a CSV."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mentoring.matching.districts import (
    DEMO_SOURCE,
    area_of,
    centres_for,
    district_of,
    haversine_km,
    load_demo_districts,
)
from mentoring.matching.models import PostcodeDistrict


@pytest.mark.parametrize(
    ("text", "district"),
    [
        ("EH3 9AB", "EH3"),
        ("eh3  9ab", "EH3"),
        ("EH39AB", "EH3"),
        ("EH39", "EH39"),
        (" g1 ", "G1"),
        ("SW1A 1AA", "SW1A"),
        ("SW1A1AA", "SW1A"),
        ("", ""),
        ("not a postcode", ""),
        ("12345", ""),
    ],
)
def test_the_district_of_a_postcode(text, district):
    assert district_of(text) == district


def test_the_area_is_the_letters():
    assert (area_of("EH3"), area_of("G12"), area_of("")) == ("EH", "G", "")


def test_edinburgh_to_glasgow_is_about_67_km():
    assert 60 < float(haversine_km(55.9533, -3.1883, 55.8642, -4.2518)) < 70
    assert float(haversine_km(55.9, -3.2, 55.9, -3.2)) == 0


def write(tmp_path, text, name="districts.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.django_db
def test_loading_a_csv_adds_and_updates_and_running_it_twice_changes_nothing(tmp_path):
    PostcodeDistrict.objects.create(district="EH1", latitude=1, longitude=1, source="old")
    path = write(
        tmp_path,
        "# approximate\nDistrict,Latitude,Longitude\nEH1,55.95,-3.19\neh3,55.951,-3.205\n",
    )
    out = StringIO()
    call_command("load_postcode_districts", str(path), stdout=out)
    assert "Loaded 2 postcode districts from districts.csv: 1 new, 1 updated." in out.getvalue()
    call_command("load_postcode_districts", str(path), "--source", "ONS", stdout=StringIO())
    rows = {d.district: d for d in PostcodeDistrict.objects.all()}
    assert set(rows) == {"EH1", "EH3"}
    assert (float(rows["EH1"].latitude), rows["EH1"].source) == (55.95, "ONS")
    assert centres_for(["EH3", "EH9", ""]) == {"EH3": (55.951, -3.205)}


@pytest.mark.django_db
def test_the_national_open_data_headers_are_understood(tmp_path):
    path = write(tmp_path, "Postcode,Latitude,Longitude,Easting\nAB10,57.13,-2.11,1\n")
    call_command("load_postcode_districts", str(path), stdout=StringIO())
    assert PostcodeDistrict.objects.get().district == "AB10"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("text", "says"),
    [
        (
            "district,latitude,longitude\nEH1,north,-3.1\n",
            "Line 2: the latitude 'north' is not a number.",
        ),
        (
            "district,latitude,longitude\nEH1,95,-3.1\n",
            "Line 2: the latitude 95 is not between -90 and 90.",
        ),
        (
            "district,latitude,longitude\nEH1,55,-300\n",
            "the longitude -300 is not between -180 and 180",
        ),
        (
            "district,latitude,longitude\nHello,55,-3\n",
            "Line 2: 'Hello' is not a postcode district.",
        ),
        (
            "district,latitude,longitude\nEH1,55,-3\nEH1,56,-3\n",
            "Line 3: EH1 is already on line 2.",
        ),
        ("district,latitude,longitude\nEH1,55\n", "Line 2: expected 3 values, found 2."),
        ("district,lat\nEH1,55\n", "missing: longitude"),
        ("", "The file is empty"),
        ("district,latitude,longitude\n", "has no districts in it"),
        ("district,latitude,longitude\nEH1,NaN,-3\n", "is not between"),
    ],
)
def test_a_bad_csv_loads_nothing_and_says_which_line(tmp_path, text, says):
    with pytest.raises(CommandError) as error:
        call_command("load_postcode_districts", str(write(tmp_path, text)), stdout=StringIO())
    assert says in str(error.value)
    assert not PostcodeDistrict.objects.exists()


@pytest.mark.django_db
def test_good_lines_before_a_bad_one_are_not_saved(tmp_path):
    path = write(tmp_path, "district,latitude,longitude\nEH9,55.93,-3.18\nEH1,x,-3\n")
    with pytest.raises(CommandError, match="Nothing was loaded"):
        call_command("load_postcode_districts", str(path), stdout=StringIO())
    assert not PostcodeDistrict.objects.exists()


@pytest.mark.django_db
def test_a_missing_file_is_said_plainly(tmp_path):
    with pytest.raises(CommandError, match="There is no file at"):
        call_command("load_postcode_districts", str(tmp_path / "nothing.csv"))


@pytest.mark.django_db
def test_the_demo_file_loads_lothian_labelled_approximate():
    loaded = load_demo_districts()
    assert loaded.created >= 50
    eh3 = PostcodeDistrict.objects.get(district="EH3")
    assert eh3.source == DEMO_SOURCE
    assert "Approximate" in eh3.source
    assert load_demo_districts().created == 0
