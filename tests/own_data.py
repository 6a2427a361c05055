"""A user's folder built from nothing, as the README's "Using your own data" tells a user to.

It differs from the sample in every respect: its own organisation and unit names, a unit table
with only the required columns, its own instrument file (a 4-point frequency scale, its own
item codes, one reverse-keyed item), a Microsoft Forms workbook with coded answer labels
("3 - Sering"), no position-type column, one survey year, no indicators and no action plans.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

YEAR = 2026
ORGANISATION = "Pemerintah Kabupaten Tanjung Rimba"
LABELS = {1: "Tidak Pernah", 2: "Jarang", 3: "Sering", 4: "Selalu"}
VALUES = [("berorientasi_pelayanan", "Berorientasi Pelayanan"), ("akuntabel", "Akuntabel"),
          ("kompeten", "Kompeten"), ("harmonis", "Harmonis"), ("loyal", "Loyal"),
          ("adaptif", "Adaptif"), ("kolaboratif", "Kolaboratif")]
UNITS = [("U01", "Dinas Perikanan dan Kelautan", 140, 90),
         ("U02", "Badan Pengelola Keuangan Daerah", 80, 55),
         ("U03", "Dinas Pemberdayaan Masyarakat Desa", 60, 40),
         ("U04", "Kantor Kesatuan Bangsa", 30, 24),
         ("U05", "Dinas Perpustakaan Daerah", 25, 18),
         ("U06", "Bagian Protokol Sekretariat", 12, 6)]   # below min_group_size
MIN_N = 8
REVERSED = "Q14"


def item_codes() -> list[str]:
    return [f"Q{i:02d}" for i in range(1, 15)]


def write_instrument(path: Path) -> None:
    items = []
    for k, code in enumerate(item_codes()):
        value = VALUES[k // 2][0]
        items.append({"code": code, "value": value, "behaviour": code,
                      "text": f"Pernyataan nomor {k + 1} tentang {VALUES[k // 2][1].lower()}"
                              + (" (negatif)" if code == REVERSED else ""),
                      "reverse": code == REVERSED})
    doc = {
        "name": "tanjung-rimba-2026", "year": YEAR,
        "title": "Kuesioner Budaya Kerja Kabupaten Tanjung Rimba",
        "source": "disusun oleh tim evaluasi kabupaten",
        "scale": {"min": 1, "max": 4, "type": "frequency",
                  "labels": {"frequency": LABELS}, "aliases": {"TP": 1, "JR": 2, "SR": 3, "SL": 4},
                  "favourable_min": 3},
        "bands": [
            {"code": "sehat", "label_id": "Sehat", "label_en": "Healthy", "min": 75, "max": 100,
             "colour": "#1a9850"},
            {"code": "cukup_sehat", "label_id": "Cukup Sehat", "label_en": "Fairly healthy",
             "min": 50, "max": 75, "colour": "#fee08b"},
            {"code": "tidak_sehat", "label_id": "Tidak Sehat", "label_en": "Unhealthy",
             "min": 25, "max": 50, "colour": "#fc8d59"},
            {"code": "sangat_tidak_sehat", "label_id": "Sangat Tidak Sehat",
             "label_en": "Very unhealthy", "min": 0, "max": 25, "colour": "#d73027"}],
        "values": [{"code": c, "name_id": n, "name_en": n} for c, n in VALUES],
        "behaviours": [{"code": it["code"], "value": it["value"], "text": it["text"]}
                       for it in items],
        "items": items,
    }
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def answers(seed: int = 11) -> pd.DataFrame:
    """Respondents with their unit and codes 1-4 per item (truth for the index check)."""
    rng = np.random.default_rng(seed)
    rows = []
    for code, _name, _hc, n in UNITS:
        level = rng.normal(0.4, 0.3)
        for _ in range(n):
            person = level + rng.normal(0, 0.5)
            x = np.clip(np.round(2.6 + person + rng.normal(0, 0.6, 14)), 1, 4).astype(int)
            rows.append({"unit": code, **dict(zip(item_codes(), x, strict=True))})
    frame = pd.DataFrame(rows)
    frame[REVERSED] = 5 - frame[REVERSED]  # the negative item is answered the other way round
    return frame


def write_folder(folder: Path) -> pd.DataFrame:
    """Write the whole user folder; return the answers (codes) that went into the workbook."""
    folder.mkdir(parents=True, exist_ok=True)
    write_instrument(folder / "kuesioner.yaml")
    pd.DataFrame({"code": [u[0] for u in UNITS], "name": [u[1] for u in UNITS],
                  f"headcount_{YEAR}": [u[2] for u in UNITS]}).to_csv(folder / "unit.csv",
                                                                     index=False)
    truth = answers()
    texts = {it: f"Pernyataan nomor {k + 1} tentang {VALUES[k // 2][1].lower()}"
             + (" (negatif)" if it == REVERSED else "") for k, it in enumerate(item_codes())}
    names = dict((u[0], u[1]) for u in UNITS)
    start = pd.Timestamp(f"{YEAR}-10-01 08:00")
    forms = pd.DataFrame({
        "ID": range(1, len(truth) + 1),
        "Waktu mulai": [start + pd.Timedelta(minutes=7 * i) for i in range(len(truth))],
        "Waktu penyelesaian": [start + pd.Timedelta(minutes=7 * i + 6) for i in
                               range(len(truth))],
        "Email": [f"pegawai{i}@tanjungrimba.go.id" for i in range(len(truth))],
        "Nama": [f"Pegawai Nomor {i}" for i in range(len(truth))],
        "Unit Kerja": truth["unit"].map(names),
    })
    for it in item_codes():
        forms[texts[it]] = truth[it].map(lambda c: f"{c} - {LABELS[int(c)]}")
    forms.to_excel(folder / "jawaban_forms.xlsx", sheet_name="Sheet1", index=False)
    config = {
        "title": "Indeks Budaya Kerja Pegawai", "organisation": ORGANISATION, "year": YEAR,
        "years": {YEAR: {"responses": "jawaban_forms.xlsx", "instrument": "kuesioner.yaml",
                         "sheet": "Sheet1"}},
        "units": "unit.csv", "target": [70, 85], "min_group_size": MIN_N,
        "weighting": "headcount", "seed": 7, "output_dir": "laporan",
        "cleaning": {"min_duration_seconds": 60},
    }
    (folder / "analysis.yaml").write_text(yaml.safe_dump(config, sort_keys=False),
                                          encoding="utf-8")
    return truth


def expected_index(truth: pd.DataFrame) -> float:
    """The province index by the README's definition, computed from the codes by hand."""
    x = truth[item_codes()].astype(float).copy()
    x[REVERSED] = 1 + 4 - x[REVERSED]
    score = (x - 1) / 3 * 100
    values = pd.DataFrame({v: score[item_codes()[2 * k: 2 * k + 2]].mean(axis=1)
                           for k, (v, _) in enumerate(VALUES)})
    resp = values.mean(axis=1)
    unit_mean = resp.groupby(truth["unit"]).mean()
    hc = pd.Series({u[0]: u[2] for u in UNITS}, dtype=float)
    return float((unit_mean * hc.reindex(unit_mean.index)).sum()
                 / hc.reindex(unit_mean.index).sum())
