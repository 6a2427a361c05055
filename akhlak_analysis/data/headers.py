"""Which column of an export is which: item codes, roles, the user's own headers.

A header is an item when :meth:`Instrument.match_header` recognises it (code, question text,
Google Forms grid header), a role (``opd``, ``gender``, ...) when it is one of the spellings
in :data:`ROLE_HEADERS`, or what the config's ``columns:`` says it is (role -> header, for
headers the reader cannot know: ``gender: "Jenis Kelamin (L/P)"``). KoboToolbox writes a
question inside a group as ``group/question`` (``grp_nilai/BP1``, ``group_x/gender``): when
the whole header is not recognised, the part after each ``/`` is tried in turn.

Nothing is guessed: a header that resembles a role is only *suggested*
(:func:`suggest_columns`, printed by ``akhlak check`` as a ``columns:`` entry to add).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..instrument import Instrument, normalize_text

__all__ = ["ROLE_HEADERS", "HeaderMatcher", "describe_headers", "header_key",
           "suggest_columns"]

#: Canonical column role -> header spellings seen in real exports (compared without case,
#: spaces and punctuation). Identifier roles (nip, name, email, phone) are read so that they can
#: be hashed or dropped; they never reach a clean table. The roles are
#: :data:`akhlak_analysis.config.COLUMN_ROLES`, in that order (a test holds them equal).
ROLE_HEADERS: dict[str, tuple[str, ...]] = {
    "submitted_at": ("stempel waktu", "timestamp", "waktu selesai", "waktu pengisian",
                     "tanggal pengisian", "end time", "completion time", "waktu penyelesaian",
                     "end", "_submission_time", "submission time", "waktu pengiriman"),
    "started_at": ("waktu mulai", "start time", "mulai", "start"),
    "duration_s": ("durasi", "durasi detik", "durasi (detik)", "duration", "duration seconds"),
    "email": ("alamat email", "email address", "email", "e-mail", "alamat e-mail", "surel", "alamat surel"),
    "name": ("nama", "nama lengkap", "nama responden", "nama pegawai", "name"),
    "nip": ("nip", "nip/nik", "nomor induk pegawai", "nip pegawai", "nip/nippk", "nippk"),
    "phone": ("nomor hp", "no. hp", "no hp", "nomor telepon", "no. telp", "no telp", "nomor wa",
              "no. wa", "whatsapp", "nomor whatsapp", "phone"),
    "opd": ("unit kerja (opd)", "opd", "unit kerja", "perangkat daerah", "instansi",
            "nama opd", "organisasi perangkat daerah"),
    "subunit": ("bidang / upt", "sub unit", "subunit", "bidang", "upt", "sub unit kerja",
                "bidang/bagian/upt"),
    "employment": ("status kepegawaian", "status pegawai", "jenis kepegawaian", "status asn"),
    "position_type": ("jenis jabatan", "jabatan"),
    "grade": ("golongan", "golongan/ruang", "golongan ruang"),
    "gender": ("jenis kelamin", "gender"),
    "age_band": ("usia", "umur", "kelompok usia", "kelompok umur"),
    "tenure_band": ("masa kerja", "lama bekerja"),
}


def header_key(text: object) -> str:
    """A header folded for lookup: letters and digits only.

    >>> header_key("Unit Kerja (OPD)")
    'unitkerjaopd'
    """
    return re.sub(r"[^0-9a-z]", "", normalize_text(text))


_ROLE_LOOKUP = {header_key(h): role for role, hs in ROLE_HEADERS.items() for h in hs}


def _group_suffixes(header: str) -> list[str]:
    """The header, then what follows each ``/`` (KoboToolbox group paths)."""
    parts = header.split("/")
    return ["/".join(parts[i:]) for i in range(len(parts)) if "/".join(parts[i:]).strip()]


@dataclass(frozen=True)
class HeaderMatcher:
    """Headers -> item codes and roles for one instrument and the config's ``columns:``.

    Parameters
    ----------
    instrument : Instrument
    columns : mapping, optional
        Role -> header as the config names it (compared folded, also after a group prefix).

    Examples
    --------
    >>> from akhlak_analysis import load_instrument
    >>> m = HeaderMatcher(load_instrument("berakhlak-2024"), {"gender": "Jenis Kelamin (L/P)"})
    >>> m.match("grp_nilai/BP1"), m.match("group_x/opd"), m.match("jenis kelamin (l/p)")
    (('BP1', None), (None, 'opd'), (None, 'gender'))
    >>> m.match("Alamat Rumah")
    (None, None)
    """

    instrument: Instrument
    columns: Mapping[str, str] = field(default_factory=dict)

    @property
    def configured(self) -> dict[str, str]:
        """Folded configured header -> role."""
        return {normalize_text(h): role for role, h in self.columns.items()}

    def match(self, header: object) -> tuple[str | None, str | None]:
        """(item code, role) of a header; at most one is not None."""
        if header is None or not isinstance(header, str | int | float):
            return None, None
        configured = self.configured
        for text in _group_suffixes(str(header)):
            role = configured.get(normalize_text(text))
            if role is not None:
                return None, role
            code = self.instrument.match_header(text)
            if code is not None:
                return code, None
            role = _ROLE_LOOKUP.get(header_key(text))
            if role is not None:
                return None, role
        return None, None

    def score(self, cells: Iterable[object]) -> int:
        """How header-like a row is: 2 per item column, 1 per role column recognised."""
        total = 0
        for c in cells:
            if isinstance(c, str):
                code, role = self.match(c)
                total += 2 if code is not None else 1 if role is not None else 0
        return total


def describe_headers(headers: Iterable[object], limit: int = 20) -> str:
    """The headers found, for error messages: the first ``limit`` of them, quoted.

    >>> describe_headers(["A", "B", "C"], limit=2)
    "headers found (2 of 3): 'A', 'B', ..."
    """
    shown = [str(h) for h in headers]
    head = ", ".join(repr(h) for h in shown[:limit])
    if len(shown) > limit:
        return f"headers found ({limit} of {len(shown)}): {head}, ..."
    return f"headers found: {head}" if shown else "no headers found"


def suggest_columns(headers: Iterable[str], *, taken: Iterable[str] = ()) -> dict[str, str]:
    """Unrecognised headers that resemble a role: header -> the role to name in ``columns:``.

    A header resembles a role when, without what stands in brackets (``(L/P)``,
    ``(tahun)``) and without a group prefix, it is a spelling of the role, or holds every
    word of one of its spellings of two words or more, or is at least 0.85 similar to one
    (difflib). Roles already found (``taken``) are not suggested again.

    Examples
    --------
    >>> suggest_columns(["Jenis Kelamin (L/P)", "Lama Bekerja (tahun)", "Status ASN (PNS/PPPK)",
    ...                  "Kelompok Umur Responden", "Alamat Rumah"])
    {'Jenis Kelamin (L/P)': 'gender', 'Lama Bekerja (tahun)': 'tenure_band', 'Status ASN (PNS/PPPK)': 'employment', 'Kelompok Umur Responden': 'age_band'}
    """
    taken = set(taken)
    spellings = [(normalize_text(h), role) for role, hs in ROLE_HEADERS.items() for h in hs
                 if role not in taken]
    out = {}
    for header in headers:
        unbracketed = re.sub(r"[(\[][^)\]]*[)\]]", " ", str(header))
        bare = normalize_text(unbracketed.split("/")[-1])
        words = set(re.findall(r"[0-9a-z]+", bare))
        role = _ROLE_LOOKUP.get(header_key(bare))
        if role is None or role in taken:
            role = next((r for s, r in spellings if " " in s
                         and set(re.findall(r"[0-9a-z]+", s)) <= words), None)
        if role is None:
            close = difflib.get_close_matches(bare, [s for s, _ in spellings], n=1, cutoff=0.85)
            role = dict(spellings)[close[0]] if close else None
        if role is not None and role not in taken:
            out[str(header)] = role
    return out
