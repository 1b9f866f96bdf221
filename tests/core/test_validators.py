"""The checks on NHS/CHI numbers, postcodes and phone numbers that referrers type.

Only made-up numbers appear here: 943 476 5919 is the NHS's own example, the phone numbers
are from Ofcom's drama ranges, and the CHI numbers are invented from invented dates.
"""

import datetime
import string
from collections.abc import Callable

import phonenumbers
import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given
from hypothesis import strategies as st

from core.validators import (
    format_health_number,
    format_uk_phone,
    is_valid_modulus_11,
    normalise_health_number,
    normalise_uk_phone,
    normalise_uk_postcode,
    postcode_district,
    validate_chi_number,
    validate_nhs_number,
)

NHS_EXAMPLE = "9434765919"
CHI_EXAMPLE = "0101501234"  # invented: born 1 January 1950
CHI_EXAMPLE_DOB = datetime.date(1950, 1, 1)

HEALTH_NUMBER_FORMAT = "Enter the 10-digit NHS or CHI number, for example 943 476 5919."
NHS_CHECKSUM = "This NHS number is not valid. Check each digit against the patient's records."
CHI_CHECKSUM = "This CHI number is not valid. Check each digit against the patient's records."
CHI_DATE_FORMAT = "The first six digits of a CHI number are a date of birth (DDMMYY)."
CHI_DOB_MISMATCH = (
    "The first six digits of a CHI number are the date of birth (DDMMYY). "
    "They do not match the date of birth given."
)
POSTCODE_INVALID = "Enter a full UK postcode, for example EH3 9DR."
PHONE_INVALID = "Enter a UK phone number, for example 0131 496 0000 or 07700 900123."


def check_digit(first_nine: str) -> int:
    """Worked out independently of the code under test: 0-9, or 10 for 'no valid number'."""
    weighted = 0
    for position, digit in enumerate(first_nine):
        weighted += (10 - position) * int(digit)
    return (11 - weighted % 11) % 11


def refusal(error: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str | None]:
    return error.value.messages[0], error.value.code


def error_from(check: Callable[[str], str], typed: str) -> ValidationError | None:
    """The ValidationError `check` raises for `typed`, or None when it accepts it."""
    try:
        check(typed)
    except ValidationError as error:
        return error
    return None


nine_digits = st.text(alphabet=string.digits, min_size=9, max_size=9)


@st.composite
def valid_health_numbers(draw: st.DrawFn) -> str:
    first_nine = draw(nine_digits)
    check = check_digit(first_nine)
    assume(check != 10)
    return first_nine + str(check)


def ddmmyy(day: datetime.date) -> str:
    return f"{day.day:02d}{day.month:02d}{day.year % 100:02d}"


@st.composite
def chi_numbers_with_dates(draw: st.DrawFn) -> tuple[str, datetime.date]:
    born = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today()))
    first_nine = ddmmyy(born) + draw(st.text(alphabet=string.digits, min_size=3, max_size=3))
    check = check_digit(first_nine)
    assume(check != 10)
    return first_nine + str(check), born


LETTERS = string.ascii_uppercase
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # no C, I, K, M, O or V


@st.composite
def postcodes(draw: st.DrawFn) -> str:
    """Postcodes in their written form, built from each outward code shape."""
    letter = st.sampled_from(LETTERS)
    digit = st.sampled_from(string.digits)
    shape = draw(st.sampled_from(["A9", "A99", "AA9", "AA99", "A9A", "AA9A"]))
    outward = "".join(draw(letter if part == "A" else digit) for part in shape)
    inward_letters = st.sampled_from(INWARD_LETTERS)
    return f"{outward} {draw(digit)}{draw(inward_letters)}{draw(inward_letters)}"


@st.composite
def messy(draw: st.DrawFn, text: str) -> str:
    """`text` with random case and random whitespace between, before and after characters."""
    blank = st.text(alphabet=" \t", max_size=2)
    pieces = [draw(blank)]
    for character in text.replace(" ", ""):
        pieces.append(character.lower() if draw(st.booleans()) else character)
        pieces.append(draw(blank))
    return "".join(pieces)


# --- NHS and CHI numbers ---------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["9434765919", "943 476 5919", "943-476-5919", " 943 4765919 "])
def test_a_health_number_is_stored_as_ten_digits_however_it_is_spaced(typed: str) -> None:
    assert normalise_health_number(typed) == NHS_EXAMPLE


@pytest.mark.parametrize(
    "typed", ["", "943 476 591", "943 476 59190", "943 476 591O", "943/476/5919", "९४३४७६५९१९"]
)
def test_anything_but_ten_digits_is_refused_as_a_health_number(typed: str) -> None:
    with pytest.raises(ValidationError) as error:
        normalise_health_number(typed)
    assert refusal(error) == (HEALTH_NUMBER_FORMAT, "format")


def test_the_nhs_example_number_passes_the_modulus_11_check() -> None:
    assert is_valid_modulus_11(NHS_EXAMPLE)


def test_a_wrong_check_digit_fails_the_modulus_11_check() -> None:
    assert not is_valid_modulus_11("9434765918")


def test_a_check_digit_of_11_is_written_as_0() -> None:
    assert check_digit("010150125") == 0
    assert is_valid_modulus_11("0101501250")


def test_nine_digits_whose_check_digit_would_be_10_start_no_valid_number() -> None:
    assert check_digit("290200124") == 10
    assert not any(is_valid_modulus_11(f"290200124{last}") for last in string.digits)


@pytest.mark.parametrize("text", ["", "943476591", "94347659190", "943 476 5919", "abcdefghij"])
def test_the_modulus_11_check_is_false_for_anything_but_ten_digits(text: str) -> None:
    assert not is_valid_modulus_11(text)


@given(valid_health_numbers())
def test_appending_the_computed_check_digit_gives_a_valid_number(number: str) -> None:
    assert is_valid_modulus_11(number)


@given(valid_health_numbers(), st.integers(0, 9), st.integers(1, 9))
def test_changing_any_one_digit_makes_a_valid_number_invalid(
    number: str, position: int, change: int
) -> None:
    new_digit = (int(number[position]) + change) % 10
    mistyped = number[:position] + str(new_digit) + number[position + 1 :]
    assert not is_valid_modulus_11(mistyped)


@given(valid_health_numbers(), st.integers(0, 9), st.integers(0, 9))
def test_swapping_two_different_digits_makes_a_valid_number_invalid(
    number: str, first: int, second: int
) -> None:
    assume(number[first] != number[second])
    swapped = list(number)
    swapped[first], swapped[second] = swapped[second], swapped[first]
    assert not is_valid_modulus_11("".join(swapped))


@given(nine_digits)
def test_at_most_one_last_digit_completes_any_nine_digits(first_nine: str) -> None:
    completions = [last for last in string.digits if is_valid_modulus_11(first_nine + last)]
    expected = [] if check_digit(first_nine) == 10 else [str(check_digit(first_nine))]
    assert completions == expected


def test_a_valid_nhs_number_is_returned_as_ten_digits() -> None:
    assert validate_nhs_number("943 476 5919") == NHS_EXAMPLE


def test_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        validate_nhs_number("943 476 5918")
    assert refusal(error) == (NHS_CHECKSUM, "checksum")


def test_an_nhs_number_of_the_wrong_length_is_refused_as_a_format_problem() -> None:
    with pytest.raises(ValidationError) as error:
        validate_nhs_number("943 476 591")
    assert refusal(error) == (HEALTH_NUMBER_FORMAT, "format")


@given(valid_health_numbers())
def test_every_number_with_a_correct_check_digit_is_a_valid_nhs_number(number: str) -> None:
    spaced = f"{number[:3]} {number[3:6]} {number[6:]}"
    assert validate_nhs_number(spaced) == number


def test_a_chi_number_matching_the_date_of_birth_is_accepted() -> None:
    assert validate_chi_number("010150 1234", CHI_EXAMPLE_DOB) == CHI_EXAMPLE


def test_a_chi_number_is_accepted_when_no_date_of_birth_is_known() -> None:
    assert validate_chi_number(CHI_EXAMPLE, None) == CHI_EXAMPLE


def test_a_chi_number_for_another_date_of_birth_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        validate_chi_number(CHI_EXAMPLE, datetime.date(1950, 1, 2))
    assert refusal(error) == (CHI_DOB_MISMATCH, "dob_mismatch")


def test_a_chi_number_with_a_wrong_check_digit_is_refused() -> None:
    with pytest.raises(ValidationError) as error:
        validate_chi_number("0101501235", CHI_EXAMPLE_DOB)
    assert refusal(error) == (CHI_CHECKSUM, "checksum")


@pytest.mark.parametrize(
    "first_six",
    [
        "320150",  # 32 January
        "001050",  # day 0
        "011350",  # month 13
        "010050",  # month 0
        "310450",  # 31 April
        "290201",  # 29 February in a year that is not a leap year either century
    ],
)
def test_a_chi_number_not_starting_with_a_real_date_is_refused(first_six: str) -> None:
    first_nine = first_six + "123"
    number = first_nine + str(check_digit(first_nine) % 10)
    with pytest.raises(ValidationError) as error:
        validate_chi_number(number, None)
    assert refusal(error) == (CHI_DATE_FORMAT, "format")


def test_a_chi_number_born_on_29_february_2000_is_accepted() -> None:
    assert check_digit("290200123") == 1
    assert validate_chi_number("2902001231", datetime.date(2000, 2, 29)) == "2902001231"


def test_a_chi_number_of_the_wrong_length_is_refused_as_a_format_problem() -> None:
    with pytest.raises(ValidationError) as error:
        validate_chi_number("010150123", CHI_EXAMPLE_DOB)
    assert refusal(error) == (HEALTH_NUMBER_FORMAT, "format")


@given(chi_numbers_with_dates())
def test_a_chi_number_built_from_a_date_of_birth_validates_against_that_date(
    chi_and_date: tuple[str, datetime.date],
) -> None:
    number, born = chi_and_date
    assert validate_chi_number(number, born) == number


@given(chi_numbers_with_dates(), st.dates())
def test_a_chi_number_built_from_a_date_of_birth_fails_against_a_different_date(
    chi_and_date: tuple[str, datetime.date], other_date: datetime.date
) -> None:
    number, born = chi_and_date
    assume(ddmmyy(other_date) != ddmmyy(born))
    with pytest.raises(ValidationError) as error:
        validate_chi_number(number, other_date)
    assert refusal(error) == (CHI_DOB_MISMATCH, "dob_mismatch")


@given(chi_numbers_with_dates())
def test_a_chi_number_cannot_tell_centuries_apart(chi_and_date: tuple[str, datetime.date]) -> None:
    number, born = chi_and_date
    assume(born.year < 2000 and not (born.month == 2 and born.day == 29))
    assert validate_chi_number(number, born.replace(year=born.year + 100)) == number


@pytest.mark.parametrize("typed", ["9434765919", "943 476 5919", "943-476-5919"])
def test_a_health_number_is_shown_in_groups_of_three_three_and_four(typed: str) -> None:
    assert format_health_number(typed) == "943 476 5919"


def test_only_ten_digits_can_be_shown_as_a_health_number() -> None:
    with pytest.raises(ValidationError) as error:
        format_health_number("94347659")
    assert refusal(error) == (HEALTH_NUMBER_FORMAT, "format")


@given(st.text(max_size=20))
def test_a_refused_health_number_is_never_repeated_in_the_message(typed: str) -> None:
    error = error_from(validate_nhs_number, typed)
    if error is not None:
        assert error.messages in ([HEALTH_NUMBER_FORMAT], [NHS_CHECKSUM])
        assert error.params is None
        assert error.__cause__ is None


# --- Postcodes -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        (" eh3  9dr ", "EH3 9DR"),
        ("EH3 9DR", "EH3 9DR"),
        ("m1 1ae", "M1 1AE"),  # A9
        ("B33 8TH", "B33 8TH"),  # A99
        ("cr2 6xh", "CR2 6XH"),  # AA9
        ("DN55 1PT", "DN55 1PT"),  # AA99
        ("w1a 0ax", "W1A 0AX"),  # A9A
        ("EC1A 1BB", "EC1A 1BB"),  # AA9A
        ("gir0aa", "GIR 0AA"),
        ("eh3\t9dr", "EH3 9DR"),
    ],
)
def test_a_postcode_is_stored_in_capitals_with_one_space(typed: str, expected: str) -> None:
    assert normalise_uk_postcode(typed) == expected


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "EH3",  # outward code only
        "EH3 9D",
        "EH3 9DRR",
        "EH3 DDR",  # inward code must start with a digit
        "3H3 9DR",  # outward code must start with a letter
        "EHH3 9DR",
        "EH333 9DR",
        "EH3A4 9DR",
        "GIR 0AB",
        "EH3-9DR",
        "EH3 9DŔ",
    ],
)
def test_a_postcode_that_is_not_a_full_uk_postcode_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as error:
        normalise_uk_postcode(typed)
    assert refusal(error) == (POSTCODE_INVALID, "invalid")


@pytest.mark.parametrize("letter", list("CIKMOV"))
def test_the_letters_never_used_in_an_inward_code_are_refused(letter: str) -> None:
    for postcode in (f"EH3 9{letter}R", f"EH3 9D{letter}"):
        with pytest.raises(ValidationError):
            normalise_uk_postcode(postcode)


@given(postcodes())
def test_every_postcode_shape_is_accepted_as_written(postcode: str) -> None:
    assert normalise_uk_postcode(postcode) == postcode


@given(postcodes().flatmap(lambda postcode: st.tuples(st.just(postcode), messy(postcode))))
def test_postcode_case_and_spacing_do_not_matter(written_and_typed: tuple[str, str]) -> None:
    written, typed = written_and_typed
    assert normalise_uk_postcode(typed) == written


@given(st.one_of(postcodes(), st.text(alphabet=LETTERS + string.digits + " ", max_size=10)))
def test_normalising_a_postcode_twice_changes_nothing(typed: str) -> None:
    error = error_from(normalise_uk_postcode, typed)
    if error is not None:
        assert error.messages == [POSTCODE_INVALID]
        return
    once = normalise_uk_postcode(typed)
    assert normalise_uk_postcode(once) == once


@pytest.mark.parametrize(
    ("postcode", "district"),
    [("EH3 9DR", "EH3"), ("SW1A 1AA", "SW1A"), ("M1 1AE", "M1"), ("eh39dr", "EH3")],
)
def test_the_district_is_the_outward_code(postcode: str, district: str) -> None:
    assert postcode_district(postcode) == district


@given(postcodes())
def test_the_district_and_the_last_three_characters_make_up_the_postcode(postcode: str) -> None:
    assert f"{postcode_district(postcode)} {postcode[-3:]}" == postcode


def test_there_is_no_district_without_a_full_postcode() -> None:
    with pytest.raises(ValidationError):
        postcode_district("EH3")


# --- Phone numbers ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("0131 496 0000", "+441314960000"),
        ("07700 900123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("+44 (0)7700 900123", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
        ("(01632) 960 001", "+441632960001"),
        ("01632 960001", "+441632960001"),
        ("020 7946 0000", "+442079460000"),
        ("0131-496-0000", "+441314960000"),
    ],
)
def test_a_uk_phone_number_is_stored_in_international_form(typed: str, expected: str) -> None:
    assert normalise_uk_phone(typed) == expected


def test_a_real_format_mobile_number_is_accepted() -> None:
    # The library's own example mobile number, so no real number is written down here.
    example = phonenumbers.example_number_for_type("GB", phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    national = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL)
    e164 = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
    assert national.startswith("07")
    assert normalise_uk_phone(national) == e164


def test_a_valid_number_from_another_country_is_accepted_with_its_country_code() -> None:
    assert normalise_uk_phone("+33 1 23 45 67 89") == "+33123456789"


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "not a phone number",
        "12345",
        "0131 496 000",  # a digit short
        "07700 9001",
        "+44 7700 9001234",
        "07700 901123",  # just outside Ofcom's drama range, and not a valid number
        "01632 961001",
        "+44 7700 900123 ext 5",
        "+999 123 456 789",
    ],
)
def test_anything_but_a_real_phone_number_is_refused(typed: str) -> None:
    with pytest.raises(ValidationError) as error:
        normalise_uk_phone(typed)
    assert refusal(error) == (PHONE_INVALID, "invalid")


@given(st.text(max_size=25))
def test_a_refused_phone_number_is_never_repeated_in_the_message(typed: str) -> None:
    error = error_from(normalise_uk_phone, typed)
    if error is not None:
        assert error.messages == [PHONE_INVALID]
        assert error.params is None
        assert error.__cause__ is None


@given(st.integers(0, 999))
def test_every_number_in_ofcom_drama_ranges_is_accepted(last_three: int) -> None:
    assert normalise_uk_phone(f"07700 900{last_three:03d}") == f"+447700900{last_three:03d}"
    assert normalise_uk_phone(f"01632 960{last_three:03d}") == f"+441632960{last_three:03d}"


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+447700900123", "07700 900123"),
        ("+441314960000", "0131 496 0000"),
        ("+441632960001", "01632 960001"),
        ("+442079460000", "020 7946 0000"),
        ("+33123456789", "+33 1 23 45 67 89"),
    ],
)
def test_uk_numbers_are_shown_as_dialled_in_the_uk_and_others_in_international_form(
    e164: str, shown: str
) -> None:
    assert format_uk_phone(e164) == shown


@pytest.mark.parametrize("typed", ["0131 496 0000", "07700 900123", "+33 1 23 45 67 89"])
def test_a_shown_phone_number_normalises_back_to_the_stored_one(typed: str) -> None:
    stored = normalise_uk_phone(typed)
    assert normalise_uk_phone(format_uk_phone(stored)) == stored


def test_text_that_is_not_a_phone_number_cannot_be_shown_as_one() -> None:
    with pytest.raises(ValidationError) as error:
        format_uk_phone("not a number")
    assert refusal(error) == (PHONE_INVALID, "invalid")
