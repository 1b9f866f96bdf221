"""Checks and tidying for what physiotherapists type when they refer a patient: NHS and CHI
numbers, UK postcodes and phone numbers.

Every error message is plain English and none of them repeats the value that was typed, so
nothing a patient can be identified by ends up in logs or error reports. Errors are raised
`from None` for the same reason: no library exception carrying the value is chained on.
"""

import datetime
import functools
import re

import phonenumbers
from django.core.exceptions import ValidationError

HEALTH_NUMBER_FORMAT_MESSAGE = "Enter the 10-digit NHS or CHI number, for example 943 476 5919."
NHS_CHECKSUM_MESSAGE = (
    "This NHS number is not valid. Check each digit against the patient's records."
)
CHI_CHECKSUM_MESSAGE = (
    "This CHI number is not valid. Check each digit against the patient's records."
)
CHI_DATE_FORMAT_MESSAGE = "The first six digits of a CHI number are a date of birth (DDMMYY)."
CHI_DOB_MISMATCH_MESSAGE = (
    "The first six digits of a CHI number are the date of birth (DDMMYY). "
    "They do not match the date of birth given."
)
POSTCODE_MESSAGE = "Enter a full UK postcode, for example EH3 9DR."
PHONE_MESSAGE = "Enter a UK phone number, for example 0131 496 0000 or 07700 900123."

_TEN_DIGITS = re.compile(r"[0-9]{10}")
_SPACES_AND_HYPHENS = re.compile(r"[\s-]+")

# Outward code: A9, A99, AA9, AA99, A9A or AA9A. Inward code: 9AA, where the two letters are
# never C, I, K, M, O or V. "GIR 0AA" (Girobank) is the one postcode outside the pattern.
_POSTCODE = re.compile(
    r"(?:[A-Z][0-9]{1,2}|[A-Z]{2}[0-9]{1,2}|[A-Z][0-9][A-Z]|[A-Z]{2}[0-9][A-Z])"
    r" [0-9][ABD-HJLNP-UW-Z]{2}"
    r"|GIR 0AA"
)

# Ofcom keeps these ranges for drama and for examples, so they never reach a real person.
# The phonenumbers library counts them as invalid; they are accepted here so that the numbers
# shown in help text, demo data and tests can be typed in. Other Ofcom drama ranges, such as
# 0131 496 0xxx and 020 7946 0xxx, already pass phonenumbers' own check.
_OFCOM_DRAMA_NUMBERS = re.compile(r"(?:7700900|1632960)[0-9]{3}")


def normalise_health_number(value: str) -> str:
    """The 10 digits of an NHS or CHI number typed with or without spaces or hyphens.

    "943 476 5919" and "943-476-5919" both give "9434765919". Only checks the length; use
    validate_nhs_number or validate_chi_number for the check digit.
    """
    digits = _SPACES_AND_HYPHENS.sub("", value)
    if not _TEN_DIGITS.fullmatch(digits):
        raise ValidationError(HEALTH_NUMBER_FORMAT_MESSAGE, code="format")
    return digits


def modulus_11_check_digit(first_nine: str) -> int:
    """The check digit for nine digits: 0-9, or 10 when no number can start with them."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    return 0 if check == 11 else check


def invented_nhs_number(seed: int) -> str:
    """A well-formed number for demo data and tests, from the 999 range (never issued)."""
    base = 999_000_000 + (seed * 7919) % 1_000_000
    while modulus_11_check_digit(f"{base:09d}") == 10:
        base += 1
    return f"{base:09d}{modulus_11_check_digit(f'{base:09d}')}"


def is_valid_modulus_11(digits: str) -> bool:
    """Whether 10 digits pass the modulus 11 check that NHS and CHI numbers share.

    The first nine digits are weighted 10 down to 2 and summed; the check digit is 11 minus
    the remainder of that sum divided by 11, with 11 meaning 0. A result of 10 means no valid
    number starts with those nine digits. Anything other than exactly 10 digits is not valid.
    """
    if not _TEN_DIGITS.fullmatch(digits):
        return False
    check = modulus_11_check_digit(digits[:9])
    return check != 10 and check == int(digits[9])


def validate_nhs_number(value: str) -> str:
    """The 10 digits of a valid NHS number (England, Wales, Isle of Man).

    Refuses, with code "format", anything that is not 10 digits once spaces and hyphens are
    removed, and, with code "checksum", a number whose check digit is wrong.
    """
    digits = normalise_health_number(value)
    if not is_valid_modulus_11(digits):
        raise ValidationError(NHS_CHECKSUM_MESSAGE, code="checksum")
    return digits


def _chi_date_is_real(ddmmyy: str) -> bool:
    """Whether DDMMYY is a real day in either the 1900s or the 2000s."""
    day, month, year = int(ddmmyy[:2]), int(ddmmyy[2:4]), int(ddmmyy[4:])
    for century in (1900, 2000):
        try:
            datetime.date(century + year, month, day)
        except ValueError:
            continue
        return True
    return False


def _ddmmyy(day: datetime.date) -> str:
    return f"{day.day:02d}{day.month:02d}{day.year % 100:02d}"


def validate_chi_number(value: str, date_of_birth: datetime.date | None) -> str:
    """The 10 digits of a valid CHI number (Scotland).

    A CHI number starts with the patient's date of birth as DDMMYY and ends with a modulus 11
    check digit, like an NHS number. Refuses, in this order:

    - code "format": not 10 digits, or the first six digits are not a real date;
    - code "checksum": the check digit is wrong;
    - code "dob_mismatch": `date_of_birth` is given and is not the date in the number. The
      century cannot be told from a CHI number, so only day, month and two-digit year count.
    """
    digits = normalise_health_number(value)
    if not _chi_date_is_real(digits[:6]):
        raise ValidationError(CHI_DATE_FORMAT_MESSAGE, code="format")
    if not is_valid_modulus_11(digits):
        raise ValidationError(CHI_CHECKSUM_MESSAGE, code="checksum")
    if date_of_birth is not None and digits[:6] != _ddmmyy(date_of_birth):
        raise ValidationError(CHI_DOB_MISMATCH_MESSAGE, code="dob_mismatch")
    return digits


def format_health_number(digits: str) -> str:
    """An NHS or CHI number grouped 3-3-4 for reading aloud: "943 476 5919".

    Accepts the number with or without spacing; refuses, with code "format", anything that is
    not 10 digits. Does not check the check digit.
    """
    digits = normalise_health_number(digits)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def normalise_uk_postcode(value: str) -> str:
    """A full UK postcode in capitals with one space before the last three characters.

    Case and spacing do not matter: "sw1a1aa" gives "SW1A 1AA" and " eh3  9dr " gives
    "EH3 9DR". Refuses, with code "invalid", anything that is not a full postcode, including
    an outward code ("EH3") on its own.
    """
    squashed = "".join(value.split()).upper()
    postcode = f"{squashed[:-3]} {squashed[-3:]}"
    if not _POSTCODE.fullmatch(postcode):
        raise ValidationError(POSTCODE_MESSAGE, code="invalid")
    return postcode


def postcode_district(postcode: str) -> str:
    """The outward code (postcode district) of a postcode: "EH3 9DR" gives "EH3".

    The postcode is normalised first, so "eh39dr" also gives "EH3".
    """
    return normalise_uk_postcode(postcode).split(" ", 1)[0]


def normalise_uk_phone(value: str) -> str:
    """A phone number in E.164 form, such as "+447700900123", for storing.

    Numbers without a country code are read as UK numbers, so "0131 496 0000", "07700 900123",
    "+44 7700 900123" and "(01632) 960 001" are all accepted. A valid number from another
    country is accepted when typed with its country code ("+33 1 23 45 67 89"). Refuses, with
    code "invalid", text that is not a phone number, numbers that cannot exist, and numbers
    with an extension (E.164 has no room for one).
    """
    try:
        number = phonenumbers.parse(value, "GB")
    except phonenumbers.NumberParseException:
        raise ValidationError(PHONE_MESSAGE, code="invalid") from None
    is_drama_number = number.country_code == 44 and bool(
        _OFCOM_DRAMA_NUMBERS.fullmatch(phonenumbers.national_significant_number(number))
    )
    if number.extension or not (phonenumbers.is_valid_number(number) or is_drama_number):
        raise ValidationError(PHONE_MESSAGE, code="invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@functools.lru_cache(maxsize=512)
def format_uk_phone(e164: str) -> str:
    """A stored E.164 phone number laid out for reading (remembered: a page of letters
    shows its programme's number twice on each, and laying one out takes 20 µs).

    UK numbers (country code +44, which includes the Channel Islands and the Isle of Man) are
    shown the way they are dialled within the UK, "+447700900123" giving "07700 900123";
    other countries' numbers in international form, "+33123456789" giving
    "+33 1 23 45 67 89". Refuses, with code "invalid", text that is not a phone number.
    """
    try:
        number = phonenumbers.parse(e164, "GB")
    except phonenumbers.NumberParseException:
        raise ValidationError(PHONE_MESSAGE, code="invalid") from None
    layout = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 44
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, layout)
