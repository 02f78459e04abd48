"""File names as the client gives them, made safe to show and to send back: readable Korean,
no directories, no control or direction-override characters, bounded length."""
from __future__ import annotations

import unicodedata

import pytest

from casemgmt.domain.evidence import MAX_FILENAME, MediaType, safe_filename


def test_a_korean_name_comes_back_unchanged():
    assert safe_filename("영수증 2026-11-15 (최종).pdf", MediaType.PDF) == "영수증 2026-11-15 (최종).pdf"


def test_a_name_decomposed_by_macos_comes_back_composed():
    decomposed = unicodedata.normalize("NFD", "휴업안내.jpg")

    assert safe_filename(decomposed, MediaType.JPEG) == "휴업안내.jpg"


@pytest.mark.parametrize("given, kept", [
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\kim\\사진.png", "사진.png"),
    ("/tmp/.env", "env"),
    ("...숨김.jpg", "숨김.jpg"),
    ("영수증\r\nSet-Cookie: x=1.pdf", "영수증Set-Cookie: x=1.pdf"),
    ("photo\u202egnp.exe", "photognp.exe"),
    ("a\u3000b\tc.txt", "a bc.txt"),
])
def test_directories_control_characters_and_leading_dots_are_dropped(given, kept):
    assert safe_filename(given, MediaType.TEXT) == kept


@pytest.mark.parametrize("given", [None, "", "   ", "..", "/", "\u202e"])
def test_a_name_that_is_nothing_becomes_file_with_the_types_extension(given):
    assert safe_filename(given, MediaType.JPEG) == "file.jpg"


def test_a_long_name_is_cut_keeping_its_extension():
    name = safe_filename("가" * 400 + ".heic", MediaType.HEIC)

    assert len(name) == MAX_FILENAME and name.endswith("가.heic")
