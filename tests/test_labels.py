from __future__ import annotations

import numpy as np
import pandas as pd

import akhlak_analysis as ak

INS = ak.load_instrument("berakhlak-2025")


def test_display_in_indonesian_and_english():
    t = pd.DataFrame({"unit": ["DINKES", "BKD"], "n": pd.array([1234, None], dtype="Int64"),
                      "culture_index": [76.349, np.nan], "category": ["Sehat", None],
                      "adaptif": [70.05, np.nan], "response_rate": [0.4567, np.nan],
                      "suppressed": [False, True], "year": [2025, 2025]})
    idn = ak.to_display(t, instrument=INS)
    assert list(idn.columns) == ["Unit", "Jumlah responden", "Indeks Budaya Kerja", "Kategori",
                                 "Adaptif", "Tingkat respons (%)", "Disembunyikan",
                                 "Tahun"]
    assert idn.iloc[0].tolist() == ["DINKES", "1.234", "76,3", "Sehat", "70,0", "45,7",
                                    "Tidak", "2025"]
    assert idn.iloc[1].tolist()[1:5] == ["", "", "", ""] and idn.iloc[1, 6] == "Ya"
    eng = ak.to_display(t, lang="en", instrument=INS)
    assert list(eng.columns[:5]) == ["Unit", "Respondents", "Work-culture index", "Category",
                                     "Adaptive"]
    assert eng.iloc[0].tolist()[:6] == ["DINKES", "1,234", "76.3", "Healthy", "70.0", "45.7"]


def test_format_number_rounds_only_for_display():
    assert ak.format_number(79.06, 1) == "79,1" and ak.format_number(79.04, 1) == "79,0"
    assert ak.format_number(-1.04, 1) == "-1,0" and ak.format_number(1234567.891, 2) == \
        "1.234.567,89"
    assert ak.format_percent(0.5) == "50,0%"


def test_model_method_and_criterion_cells_are_shown_in_words():
    t = pd.DataFrame({"model": ["configural", "thresholds", "scalar", "Tujuh nilai"],
                      "method": ["pearson", "spearman", None, "pearson"],
                      "criterion": ["attendance_rate", "discipline_cases", "x", None],
                      "basis": ["robust", "scaled", "ml", None],
                      "cfi_robust": [0.99, 0.98, 0.97, 0.96]})
    shown = ak.to_display(t)
    assert shown.iloc[:, 0].tolist() == ["konfigural", "ambang", "skalar", "Tujuh nilai"]
    assert shown.iloc[:, 1].tolist() == ["Pearson", "Spearman (peringkat)", "", "Pearson"]
    assert shown.iloc[:2, 2].tolist() == ["tingkat kehadiran", "kasus disiplin per 100 pegawai"]
    assert shown.iloc[:, 3].tolist() == ["robust (MLR)", "terskala", "ML", ""]
    assert list(shown.columns)[-1] == "CFI robust"
    assert ak.to_display(t, lang="en").iloc[1, 0] == "thresholds"


def test_true_false_with_blanks_is_ya_tidak():
    t = pd.DataFrame({"within_target": [True, None, False]})
    assert ak.to_display(t).iloc[:, 0].tolist() == ["Ya", "", "Tidak"]
