"""What counts as the same phone, e-mail, name or order number when a customer is looked up."""
from __future__ import annotations

import unicodedata

import pytest

from casemgmt.domain.contact_keys import email_key, name_key, normalised, order_key, phone_key


@pytest.mark.parametrize("typed", [
    "010-1234-5678", "01012345678", "+82 10 1234 5678", "+82-10-1234-5678", "82 10 1234 5678",
    "0082 10 1234 5678", "+82 (0)10 1234 5678", "010.1234.5678", " 010 1234 5678 ",
    "０１０-１２３４-５６７８",
])
def test_a_mobile_number_is_one_number_however_it_is_written(typed):
    assert phone_key(typed) == "01012345678"


@pytest.mark.parametrize("typed, key", [
    ("+82 2 123 4567", "021234567"),
    ("02-123-4567", "021234567"),
    ("+82 31 123 4567", "0311234567"),
    ("1588-1234", "15881234"),
    ("823-4567", "8234567"),  # a local number without its area code is not +82
])
def test_landlines_and_service_numbers(typed, key):
    assert phone_key(typed) == key


@pytest.mark.parametrize("typed", [None, "", "   ", "없음", "-"])
def test_a_phone_without_digits_finds_nobody(typed):
    assert phone_key(typed) is None


def test_e_mail_addresses_match_whatever_the_case_and_surrounding_spaces():
    assert email_key(" Kim.MinSu@Example.COM ") == email_key("kim.minsu@example.com")


def test_names_match_exactly_after_composition_and_trimming():
    decomposed = unicodedata.normalize("NFD", "김민수")

    assert name_key(f" {decomposed} ") == name_key("김민수") == "김민수"
    assert name_key("김 민수") != name_key("김민수")
    assert name_key("Kim Minsu") != name_key("kim minsu")


def test_order_numbers_are_trimmed_only():
    assert order_key(" O-77 ") == "O-77"
    assert order_key("o-77") != order_key("O-77")


def test_each_field_has_its_rule():
    assert normalised("phone", "+82 10 1234 5678") == "01012345678"
    assert normalised("email", "A@B.KR") == "a@b.kr"
    assert normalised("order_id", "") is None
