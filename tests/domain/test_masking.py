"""Masking, with known answers worked out by hand: what an auditor sees of a customer's name,
phone and e-mail (the first and last letters of a name, the first three and last four digits
of a number, the first letter of an e-mail's local part)."""
from __future__ import annotations

import pytest

from casemgmt.domain.masking import mask_email, mask_name, mask_phone


@pytest.mark.parametrize("name, seen", [
    ("김", "*"),                 # one letter: nothing of it shows
    ("김수", "김*"),             # two: the family name only
    ("김민수", "김*수"),
    ("남궁민수", "남**수"),       # four and more: first and last, one star per hidden letter
    ("독고영재희", "독***희"),
    ("J", "*"),
    ("Li", "L*"),
    ("Kim", "K*m"),
    ("Anna", "A**a"),
    ("Alexander", "A*******r"),
])
def test_a_name_keeps_only_its_first_and_last_letters(name, seen):
    assert mask_name(name) == seen


@pytest.mark.parametrize("nothing", [None, ""])
def test_no_name_stays_no_name(nothing):
    assert mask_name(nothing) == nothing


@pytest.mark.parametrize("phone, seen", [
    ("010-1234-5678", "010-****-5678"),       # a mobile number, as usually written
    ("01012345678", "010****5678"),           # without dashes
    ("010 1234 5678", "010 **** 5678"),
    ("+82 10 1234 5678", "+82 1* **** 5678"),  # international: the first three digits are 8, 2, 1
    ("+82-10-1234-5678", "+82-1*-****-5678"),
    ("02-123-4567", "02-1**-4567"),           # a Seoul landline
    ("031-123-4567", "031-***-4567"),         # a Gyeonggi landline
    ("1588-1234", "158*-1234"),               # a company's eight-digit number
    ("123-4567", "***-4567"),                 # seven digits: only the last four show
    ("1372", "****"),                         # four digits or fewer: none shows
    ("114", "***"),
])
def test_a_phone_keeps_its_layout_its_first_three_and_last_four_digits(phone, seen):
    assert mask_phone(phone) == seen


@pytest.mark.parametrize("nothing", [None, ""])
def test_no_phone_stays_no_phone(nothing):
    assert mask_phone(nothing) == nothing


@pytest.mark.parametrize("email, seen", [
    ("kim@example.com", "k***@example.com"),
    ("a@b.kr", "a***@b.kr"),                          # a one-letter local part
    ("min.su.kim+claims@mail.co.kr", "m***@mail.co.kr"),
    ("김민수@예시.한국", "김***@예시.한국"),
    ("@example.com", "****@example.com"),             # no local part at all
    ("not-an-email", "***"),                          # no @: nothing of it shows
])
def test_an_email_keeps_the_first_letter_and_the_domain(email, seen):
    assert mask_email(email) == seen


@pytest.mark.parametrize("nothing", [None, ""])
def test_no_email_stays_no_email(nothing):
    assert mask_email(nothing) == nothing
