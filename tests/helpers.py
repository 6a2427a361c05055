"""Builders for small survey exports with known content."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import akhlak_analysis as ak

INS24 = ak.load_instrument("berakhlak-2024")

BASE_ROW = {
    "Stempel waktu": "01/10/2024 08:00:00",
    "Alamat email": "budi.santoso@example.go.id",
    "Nama Lengkap": "Budi Santoso",
    "NIP": "198501012010011001",
    "Nomor HP": "081234567890",
    "Unit Kerja (OPD)": "Dinas Kesehatan",
    "Bidang / UPT": None,
    "Status Kepegawaian": "PNS",
    "Jenis Jabatan": "Fungsional",
    "Jenis Kelamin": "Laki-laki",
}


def export_frame(rows: list[dict], answers: list[list[object]] | None = None) -> pd.DataFrame:
    """A Google-Forms-like frame: metadata columns + the 21 items as grid headers."""
    records = []
    for i, row in enumerate(rows):
        rec = {**BASE_ROW, **row}
        ans = answers[i] if answers is not None else ["Setuju"] * 21
        if not isinstance(ans, list):
            ans = [ans] * 21
        for it, a in zip(INS24.items, ans, strict=True):
            rec[f"{INS24.value_name(it.value)} [{it.text}]"] = a
        records.append(rec)
    return pd.DataFrame(records)


def write_csv(frame: pd.DataFrame, path: Path, sep: str = ";", encoding: str = "utf-8-sig") -> Path:
    frame.to_csv(path, sep=sep, index=False, encoding=encoding)
    return path


def varied(k: int) -> list[object]:
    """21 answers that are not a straight line."""
    labels = ["Setuju", "Sangat Setuju", "Netral", "Setuju"]
    return [labels[(j + k) % 4] for j in range(21)]
