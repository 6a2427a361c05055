"""Redaction of personal data in free text (data/redact.py)."""

import pytest

from akhlak_analysis.data.redact import looks_personal, redact, redact_many


@pytest.mark.parametrize("text, kind", [
    ("nip saya 198501012010011001", "nip"),
    ("NIP: 19850101 201001 1 001", "nip"),
    ("NIK 6271031234567890", "nik"),
    ("wa 081234567890", "phone"),
    ("hubungi +62 812-3456-7890", "phone"),
    ("kirim ke Budi.Santoso@kalteng.go.id", "email"),
    ("lihat https://contoh.go.id/a?b=1", "url"),
    ("rekening 1234567890123", "number"),
    ("Kasubag Umum tidak pernah hadir", "title"),
    ("Bu Sari sering marah", "title"),
    ("Kasubid Perencanaan jarang hadir", "title"),
    ("Camat Sabran sudah membantu", "title"),
    ("Plt. Kadis Rahmat baik", "title"),
])
def test_each_kind_is_removed(text, kind):
    r = redact(text)
    assert r.counts[kind] == 1
    assert r.changed
    for token in text.split():
        if any(ch.isdigit() for ch in token) or "@" in token or "://" in token:
            assert token not in r.text


def test_deny_list_names_whole_words_any_case():
    r = redact("Terima kasih kepada SARI DEWI dan sarinah", names=["Sari Dewi", "Ani", "x"])
    assert r.text == "Terima kasih kepada [nama] dan sarinah"
    assert r.counts == {"name": 1}


def test_ordinary_text_is_kept():
    text = "Beban kerja tinggi, pelatihan kurang, tunjangan (TPP) terlambat 2 bulan di 2025."
    assert redact(text).text == text
    assert not looks_personal("Laki-laki")
    assert not looks_personal("30-39 tahun")
    assert not looks_personal("III/a")


def test_non_text_and_many():
    assert redact(float("nan")).text == ""
    texts, counts = redact_many(["0812 3456 7890", "baik", 5], names=["Budi"])
    assert texts == ["[telepon]", "baik", ""]
    assert counts == {"phone": 1}
