"""A gallery of organisations unlike the sample, each built from nothing as a user would.

Three folders cover the situations of issue 20 between them:

- ``single``: one Badan surveying itself; a KoboToolbox CSV whose columns carry group
  prefixes (``grp_nilai/Q01``); its own demographic headers ("Jenis Kelamin (L/P)",
  "Kelompok Umur") named in ``columns:`` with a value map; a folder whose path has spaces.
- ``regency``: a small regency, 5 OPDs and about 120 respondents a year, its own 4-point
  instrument, three years, one OPD renamed and two merged on the way; Microsoft Forms
  workbooks with coded labels.
- ``sixty``: 60 OPDs (sixty cards, a ranking too long for a slide), a Google Forms CSV with
  answer labels, one year.

Each answer is drawn from codes the test knows, so the index can be computed by hand.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from tests import own_data

LABELS = own_data.LABELS
ITEMS = own_data.item_codes()


def _answers(units: list[tuple[str, int]], seed: int, year: int) -> pd.DataFrame:
    rng = np.random.default_rng([seed, year])
    rows = []
    for code, n in units:
        level = rng.normal(0.4, 0.3)
        for _ in range(n):
            person = level + rng.normal(0, 0.5)
            x = np.clip(np.round(2.6 + person + rng.normal(0, 0.6, len(ITEMS))), 1, 4)
            rows.append({"unit": code, **dict(zip(ITEMS, x.astype(int), strict=True))})
    frame = pd.DataFrame(rows)
    frame[own_data.REVERSED] = 5 - frame[own_data.REVERSED]
    return frame


def _config(folder: Path, *, years: dict, organisation: str, extra: dict | None = None,
            min_n: int = 8) -> Path:
    doc = {"title": "Indeks Budaya Kerja Pegawai", "organisation": organisation,
           "year": max(years), "years": years, "units": "unit.csv", "target": [70, 85],
           "min_group_size": min_n, "weighting": "headcount", "seed": 3,
           "output_dir": "laporan", "cleaning": {"min_duration_seconds": 60}}
    doc.update(extra or {})
    path = folder / "analysis.yaml"
    path.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def write_single(folder: Path) -> tuple[Path, pd.DataFrame]:
    """One Badan, a KoboToolbox CSV with group prefixes and its own demographic headers."""
    year = 2026
    folder.mkdir(parents=True, exist_ok=True)
    own_data.write_instrument(folder / "kuesioner.yaml")
    pd.DataFrame({"code": ["BRIDA"], "name": ["Badan Riset dan Inovasi Daerah"],
                  f"headcount_{year}": [300]}).to_csv(folder / "unit.csv", index=False)
    truth = _answers([("BRIDA", 150)], 5, year)
    rng = np.random.default_rng(5)
    start = pd.Timestamp(f"{year}-10-01 08:00")
    kobo = pd.DataFrame({
        "start": [(start + pd.Timedelta(minutes=9 * i)).isoformat() for i in range(len(truth))],
        "end": [(start + pd.Timedelta(minutes=9 * i + 7)).isoformat()
                for i in range(len(truth))],
        "grp_identitas/unit_kerja": "Badan Riset dan Inovasi Daerah",
        "grp_identitas/Jenis Kelamin (L/P)": rng.choice(["L", "P"], len(truth)),
        "grp_identitas/Kelompok Umur": rng.choice(["< 30 tahun", "30-39 tahun",
                                                    "40-49 tahun", ">= 50 tahun"], len(truth)),
    })
    for it in ITEMS:
        kobo[f"grp_nilai/{it}"] = truth[it].to_numpy()
    kobo["_id"] = range(1000, 1000 + len(truth))
    kobo.to_csv(folder / "kobo_export.csv", index=False)
    path = _config(folder, years={year: {"responses": "kobo_export.csv",
                                         "instrument": "kuesioner.yaml"}},
                   organisation="Badan Riset dan Inovasi Daerah Kabupaten Sungai Tenang",
                   extra={"columns": {"opd": "unit_kerja", "gender": "Jenis Kelamin (L/P)",
                                      "age_band": "Kelompok Umur"},
                          "values": {"gender": {"L": "Laki-laki", "P": "Perempuan"}}})
    return path, truth


REGENCY = {  # code -> (name, headcount per year; None = the unit did not exist)
    "DKP": ("Dinas Kelautan dan Perikanan", {2024: 60, 2025: 60, 2026: 62}),
    "BKAD": ("Badan Keuangan dan Aset Daerah", {2024: 45, 2025: 46, 2026: 46}),
    "DINSOS": ("Dinas Sosial", {2024: 30, 2025: None, 2026: None}),
    "DSPMD": ("Dinas Sosial dan Pemberdayaan Masyarakat Desa", {2024: None, 2025: 38,
                                                                2026: None}),
    "DPMD": ("Dinas Pemberdayaan Masyarakat Desa", {2024: 25, 2025: None, 2026: None}),
    "KESBANG": ("Kantor Kesatuan Bangsa", {2024: 20, 2025: 20, 2026: None}),
    "DSKB": ("Dinas Sosial dan Kesatuan Bangsa", {2024: None, 2025: None, 2026: 60}),
}
REPLACED = {"DINSOS": "DSPMD", "DPMD": "DSPMD", "DSPMD": "DSKB", "KESBANG": "DSKB"}


def write_regency(folder: Path) -> tuple[Path, dict[int, pd.DataFrame]]:
    """Five OPDs a year, three years, merged and renamed units, Microsoft Forms workbooks."""
    folder.mkdir(parents=True, exist_ok=True)
    own_data.write_instrument(folder / "kuesioner.yaml")
    units = pd.DataFrame({"code": list(REGENCY), "name": [v[0] for v in REGENCY.values()],
                          "replaced_by": [REPLACED.get(c, "") for c in REGENCY]})
    for y in (2024, 2025, 2026):
        units[f"headcount_{y}"] = [v[1][y] for v in REGENCY.values()]
    units.to_csv(folder / "unit.csv", index=False)
    years, truths = {}, {}
    for y in (2024, 2025, 2026):
        present = [(c, int(v[1][y] * 0.5)) for c, v in REGENCY.items() if v[1][y]]
        truth = _answers(present, 21, y)
        truths[y] = truth
        start = pd.Timestamp(f"{y}-10-01 08:00")
        forms = pd.DataFrame({
            "ID": range(1, len(truth) + 1),
            "Waktu mulai": [start + pd.Timedelta(minutes=7 * i) for i in range(len(truth))],
            "Waktu penyelesaian": [start + pd.Timedelta(minutes=7 * i + 6)
                                   for i in range(len(truth))],
            "Email": [f"asn{y}_{i}@sungaitenang.go.id" for i in range(len(truth))],
            "Unit Kerja": truth["unit"].map({c: v[0] for c, v in REGENCY.items()}),
        })
        for k, it in enumerate(ITEMS):
            forms[f"Pernyataan nomor {k + 1}"] = truth[it].map(
                lambda c: f"{c} - {LABELS[int(c)]}")
        forms.to_excel(folder / f"jawaban_{y}.xlsx", sheet_name="Sheet1", index=False)
        years[y] = {"responses": f"jawaban_{y}.xlsx", "instrument": "kuesioner.yaml",
                    "sheet": "Sheet1"}
    _rename_item_headers(folder / "kuesioner.yaml")
    path = _config(folder, years=years, organisation="Pemerintah Kabupaten Sungai Tenang")
    return path, truths


def _rename_item_headers(instrument: Path) -> None:
    """The Forms headers say "Pernyataan nomor k": make the items' texts those headers."""
    doc = yaml.safe_load(instrument.read_text(encoding="utf-8"))
    for k, item in enumerate(doc["items"]):
        item["text"] = f"Pernyataan nomor {k + 1}"
    instrument.write_text(yaml.safe_dump(doc, sort_keys=False, allow_unicode=True),
                          encoding="utf-8")


def write_sixty(folder: Path) -> tuple[Path, pd.DataFrame]:
    """Sixty OPDs, a Google Forms CSV with answer labels, one year."""
    year = 2025
    folder.mkdir(parents=True, exist_ok=True)
    own_data.write_instrument(folder / "kuesioner.yaml")
    rng = np.random.default_rng(60)
    kinds = ["Dinas", "Badan", "Kecamatan", "Bagian"]
    codes = [f"U{i:02d}" for i in range(1, 61)]
    names = [f"{kinds[i % 4]} Nomor {i + 1}" for i in range(60)]
    sizes = rng.integers(6, 40, 60)
    pd.DataFrame({"code": codes, "name": names, "opd_type": [kinds[i % 4] for i in range(60)],
                  f"headcount_{year}": (sizes * 2).tolist()}).to_csv(folder / "unit.csv",
                                                                      index=False)
    truth = _answers(list(zip(codes, sizes.tolist(), strict=True)), 60, year)
    start = pd.Timestamp(f"{year}-10-01 08:00")
    google = pd.DataFrame({
        "Timestamp": [(start + pd.Timedelta(minutes=3 * i)).strftime("%d/%m/%Y %H:%M:%S")
                      for i in range(len(truth))],
        "Unit Kerja": truth["unit"].map(dict(zip(codes, names, strict=True))),
    })
    texts = {it: f"Pernyataan nomor {k + 1} tentang "
             f"{own_data.VALUES[k // 2][1].lower()}"
             + (" (negatif)" if it == own_data.REVERSED else "") for k, it in enumerate(ITEMS)}
    for it in ITEMS:
        google[texts[it]] = truth[it].map(LABELS)
    google.to_csv(folder / "google_forms.csv", index=False)
    path = _config(folder, years={year: {"responses": "google_forms.csv",
                                         "instrument": "kuesioner.yaml"}},
                   organisation="Pemerintah Kota Bukit Raya", min_n=10,
                   extra={"cleaning": {"min_duration_seconds": 0}})
    return path, truth


def index_by_hand(truth: pd.DataFrame, headcount: dict[str, float]) -> float:
    """The headcount-weighted index of the codes, by the README's definition."""
    x = truth[ITEMS].astype(float).copy()
    x[own_data.REVERSED] = 5 - x[own_data.REVERSED]
    score = (x - 1) / 3 * 100
    values = pd.DataFrame({v: score[ITEMS[2 * k: 2 * k + 2]].mean(axis=1)
                           for k, (v, _) in enumerate(own_data.VALUES)})
    unit_mean = values.mean(axis=1).groupby(truth["unit"]).mean()
    hc = pd.Series(headcount, dtype=float).reindex(unit_mean.index)
    return float((unit_mean * hc).sum() / hc.sum())
