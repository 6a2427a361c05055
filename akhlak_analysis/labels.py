"""Presentation: Indonesian (default) or English labels and number formatting.

Everything an official reads goes through here: column headers, value names, cleaning rules,
yes/no, and numbers with a decimal comma (``76,3``) and a thousands dot (``1.234``) in
Indonesian. Rounding happens only here, never in the analysis.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .instrument import Instrument

__all__ = ["COLUMN_DECIMALS", "COLUMN_DESCRIPTIONS", "COLUMN_LABELS", "P_COLUMNS", "RULE_LABELS",
           "TABLE_DESCRIPTIONS", "describe_column", "describe_table", "format_number", "format_p",
           "format_percent", "label", "label_codes", "lower_first", "md_escape",
           "missing_description", "to_display"]

#: column -> (Indonesian, English)
COLUMN_LABELS: dict[str, tuple[str, str]] = {
    "unit": ("Unit", "Unit"),
    "opd": ("OPD", "Agency"),
    "subunit": ("Sub-unit", "Sub-unit"),
    "opd_type": ("Jenis OPD", "Agency type"),
    "name": ("Nama unit", "Unit name"),
    "year": ("Tahun", "Year"),
    "n": ("Jumlah responden", "Respondents"),
    "headcount": ("Jumlah pegawai", "Headcount"),
    "response_rate": ("Tingkat respons (%)", "Response rate (%)"),
    "culture_index": ("Indeks Budaya Kerja", "Work-culture index"),
    "ci_low": ("Batas bawah interval", "Interval lower"),
    "ci_high": ("Batas atas interval", "Interval upper"),
    "category": ("Kategori", "Category"),
    "suppressed": ("Disembunyikan", "Hidden"),
    "pct_favourable": ("Jawaban positif (%)", "Favourable (%)"),
    "item": ("Butir", "Item"),
    "value": ("Nilai", "Value"),
    "text": ("Pernyataan", "Statement"),
    "n_missing": ("Jumlah kosong", "Missing answers"),
    "share_missing": ("Kosong (%)", "Missing (%)"),
    "rule": ("Aturan", "Rule"),
    "action": ("Tindakan", "Action"),
    "records": ("Jumlah baris", "Records"),
    "cells": ("Jumlah sel", "Cells"),
    "rows_in": ("Baris masuk", "Rows read"),
    "rows_kept": ("Baris dipakai", "Rows kept"),
    "rows_excluded": ("Baris dikeluarkan", "Rows excluded"),
    "source": ("Berkas", "File"),
    "source_row": ("Baris di berkas", "Row in file"),
    "column": ("Kolom", "Column"),
    "original": ("Isi asli", "Original"),
    "new": ("Menjadi", "New"),
    "detail": ("Keterangan", "Detail"),
    "changed_cells": ("Sel diubah (tercatat di log)", "Changed cells (logged)"),
    # -- scoring (scoring.py) --
    "weighted": ("Dibobot jumlah pegawai", "Headcount-weighted"),
    "culture_index_unweighted": ("Indeks (rerata responden)", "Index (respondent mean)"),
    "target_low": ("Target bawah", "Target (lower)"),
    "target_high": ("Target atas", "Target (upper)"),
    "gap_to_target_low": ("Selisih dengan target bawah", "Gap to lower target"),
    "gap_to_target_high": ("Selisih dengan target atas", "Gap to upper target"),
    "in_target": ("Dalam rentang target", "Within target"),
    # -- validation (psychometrics.py) --
    "factor": ("Nilai (faktor)", "Value (factor)"),
    "mean": ("Rata-rata", "Mean"),
    "sd": ("Simpangan baku", "SD"),
    "r_drop": ("Korelasi butir-total terkoreksi", "Corrected item-total r"),
    "r_hitung": ("r hitung", "r (item-total)"),
    "r_tabel": ("r tabel", "r critical"),
    "valid": ("Valid", "Valid"),
    "alpha": ("Alpha Cronbach", "Cronbach's alpha"),
    "alpha_ci_low": ("Alpha: batas bawah interval", "Alpha: interval lower"),
    "alpha_ci_high": ("Alpha: batas atas interval", "Alpha: interval upper"),
    "alpha_if_dropped": ("Alpha jika butir dihapus", "Alpha if item dropped"),
    "omega": ("Reliabilitas komposit (omega)", "Composite reliability (omega)"),
    "ave": ("AVE", "AVE"),
    "floor": ("Jawaban terendah (proporsi)", "Floor (share)"),
    "ceiling": ("Jawaban tertinggi (proporsi)", "Ceiling (share)"),
    "missing": ("Kosong (proporsi)", "Missing (share)"),
    "reverse": ("Pernyataan negatif", "Reverse-keyed"),
    "share_1": ("Jawaban 1 (proporsi)", "Answer 1 (share)"),
    "share_2": ("Jawaban 2 (proporsi)", "Answer 2 (share)"),
    "share_3": ("Jawaban 3 (proporsi)", "Answer 3 (share)"),
    "share_4": ("Jawaban 4 (proporsi)", "Answer 4 (share)"),
    "share_5": ("Jawaban 5 (proporsi)", "Answer 5 (share)"),
    "n_items": ("Jumlah butir", "Items"),
    "items_in_instrument": ("Butir instrumen", "Items in the instrument"),
    "n_complete": ("Responden lengkap", "Complete respondents"),
    "alpha_std": ("Alpha baku", "Standardized alpha"),
    "loading": ("Muatan faktor baku", "Standardized loading"),
    "flag_invalid": ("Tidak valid (r hitung ≤ r tabel)", "Invalid (r ≤ r critical)"),
    "flag_low_r_drop": ("Korelasi terkoreksi < 0,30", "Corrected r < .30"),
    "flag_alpha_rises": ("Alpha naik bila dihapus", "Alpha rises if dropped"),
    "flag_low_loading": ("Muatan < 0,50", "Loading < .50"),
    "flag_efa": ("Menyimpang di EFA", "Off-pattern in EFA"),
    "recommendation": ("Rekomendasi", "Recommendation"),
    "efa_factor": ("Faktor EFA utama", "Main EFA factor"),
    "efa_loading": ("Muatan EFA utama", "Main EFA loading"),
    "efa_cross": ("Muatan silang terbesar", "Largest cross-loading"),
    "sqrt_ave": ("Akar AVE", "Square root of AVE"),
    "max_correlation": ("Korelasi tertinggi dengan nilai lain", "Highest correlation"),
    "max_htmt": ("HTMT tertinggi", "Highest HTMT"),
    "htmt_with": ("HTMT tertinggi dengan", "Highest HTMT with"),
    "alpha_ok_local": ("Alpha ≥ 0,60", "Alpha ≥ .60"),
    "alpha_ok": ("Alpha ≥ 0,70", "Alpha ≥ .70"),
    "cr_ok": ("CR ≥ 0,70", "CR ≥ .70"),
    "ave_ok": ("AVE ≥ 0,50", "AVE ≥ .50"),
    "fornell_larcker_ok": ("Fornell-Larcker terpenuhi", "Fornell-Larcker met"),
    "htmt_ok": ("HTMT < 0,85", "HTMT < .85"),
    "model": ("Model", "Model"),
    "chi2": ("Khi-kuadrat", "Chi-square"),
    "df": ("Derajat bebas", "df"),
    "cfi": ("CFI", "CFI"),
    "tli": ("TLI", "TLI"),
    "rmsea": ("RMSEA", "RMSEA"),
    "rmsea_ci_low": ("RMSEA: batas bawah 90%", "RMSEA: 90% lower"),
    "rmsea_ci_high": ("RMSEA: batas atas 90%", "RMSEA: 90% upper"),
    "srmr": ("SRMR", "SRMR"),
    "chi2_scaled": ("Khi-kuadrat terskala", "Scaled chi-square"),
    "df_scaled": ("Derajat bebas terskala", "Scaled df"),
    "p_value_scaled": ("Nilai p terskala", "Scaled p-value"),
    "scaling_factor": ("Faktor skala", "Scaling factor"),
    "shift_parameter": ("Parameter geser", "Shift parameter"),
    "cfi_scaled": ("CFI terskala", "Scaled CFI"),
    "tli_scaled": ("TLI terskala", "Scaled TLI"),
    "rmsea_scaled": ("RMSEA terskala", "Scaled RMSEA"),
    "cfi_robust": ("CFI robust", "Robust CFI"),
    "tli_robust": ("TLI robust", "Robust TLI"),
    "rmsea_robust": ("RMSEA robust", "Robust RMSEA"),
    "basis": ("Dasar indeks kecocokan", "Fit-index basis"),
    "cfi_ok": ("CFI memenuhi", "CFI met"),
    "tli_ok": ("TLI memenuhi", "TLI met"),
    "rmsea_ok": ("RMSEA memenuhi", "RMSEA met"),
    "srmr_ok": ("SRMR memenuhi", "SRMR met"),
    "good_fit": ("Semua batas terpenuhi", "All cut-offs met"),
    "threshold": ("Batas", "Cut-off"),
    "reference": ("Rujukan", "Reference"),
    "delta_chi2": ("Δ khi-kuadrat", "Δ chi-square"),
    "delta_chi2_scaled": ("Δ khi-kuadrat terskala", "Scaled Δ chi-square"),
    "delta_df": ("Δ derajat bebas", "Δ df"),
    "delta_p": ("Nilai p Δ khi-kuadrat", "p of Δ chi-square"),
    "delta_cfi": ("Δ CFI", "Δ CFI"),
    "delta_rmsea": ("Δ RMSEA", "Δ RMSEA"),
    "delta_srmr": ("Δ SRMR", "Δ SRMR"),
    "holds": ("Terpenuhi (Chen 2007)", "Holds (Chen 2007)"),
    "improper": ("Solusi tidak wajar (Heywood)", "Improper solution (Heywood)"),
    "problems": ("Parameter tidak wajar", "Improper parameters"),
    "free_intercepts": ("Intersep dibebaskan", "Freed intercepts"),
    "score_chi2": ("Uji skor (khi-kuadrat)", "Score test (chi-square)"),
    "score_p": ("Uji skor: nilai p", "Score test p"),
    "criterion": ("Kriteria", "Criterion"),
    "method": ("Metode", "Method"),
    "r": ("r", "r"),
    "statistic": ("Statistik", "Statistic"),
    "loading_all": ("Muatan: semua responden", "Loading: all respondents"),
    "loading_clean": ("Muatan: tanpa jawaban seragam", "Loading: without straight-liners"),
    # -- ranking (rank.py) --
    "eb_index": ("Indeks disesuaikan (EB)", "Shrunken index (EB)"),
    "eb_ci_low": ("Indeks disesuaikan: batas bawah interval", "Shrunken index: interval lower"),
    "eb_ci_high": ("Indeks disesuaikan: batas atas interval", "Shrunken index: interval upper"),
    "reliability": ("Keandalan rerata unit", "Reliability of unit mean"),
    "rank": ("Peringkat", "Rank"),
    "rank_low": ("Peringkat terbaik (interval)", "Best plausible rank (interval)"),
    "rank_high": ("Peringkat terburuk (interval)", "Worst plausible rank (interval)"),
    "p_top": ("Peluang masuk 10% teratas", "Probability of top tenth"),
    "p_bottom": ("Peluang masuk 10% terbawah", "Probability of bottom tenth"),
    "weakest_value": ("Nilai terlemah", "Weakest value"),
    "weakest_value_score": ("Skor nilai terlemah", "Weakest value score"),
    "peer_group": ("Kelompok sebanding", "Peer group"),
    "measure": ("Ukuran", "Measure"),
    "estimate": ("Perkiraan", "Estimate"),
    "n_previous": ("Responden tahun lalu", "Respondents previous year"),
    "previous_index": ("Indeks tahun lalu (butir sama)", "Previous index (common items)"),
    "current_common": ("Indeks tahun ini (butir sama)", "Current index (common items)"),
    "province_score": ("Skor provinsi", "Province score"),
    "gap": ("Selisih dengan provinsi", "Gap to province"),
    "item_1": ("Butir terlemah 1", "Weakest item 1"),
    "item_1_score": ("Skor butir 1", "Item 1 score"),
    "item_1_gap": ("Selisih butir 1", "Item 1 gap"),
    "item_2": ("Butir terlemah 2", "Weakest item 2"),
    "item_2_score": ("Skor butir 2", "Item 2 score"),
    "item_2_gap": ("Selisih butir 2", "Item 2 gap"),
    "item_3": ("Butir terlemah 3", "Weakest item 3"),
    "item_3_score": ("Skor butir 3", "Item 3 score"),
    "item_3_gap": ("Selisih butir 3", "Item 3 gap"),
    # -- change (compare.py) --
    "change": ("Perubahan", "Change"),
    "p_value": ("Nilai p", "p-value"),
    "p_adj": ("Nilai p terkoreksi", "Adjusted p-value"),
    "significant": ("Bermakna secara statistik", "Statistically significant"),
    "direction": ("Arah", "Direction"),
    "effect_size": ("Ukuran efek (Hedges g)", "Effect size (Hedges' g)"),
    "compared": ("Dibandingkan", "Compared"),
    "note": ("Catatan", "Note"),
    "interval": ("Jenis interval", "Interval type"),
    "n_items_compared": ("Jumlah butir dibandingkan", "Items compared"),
    "items_left_out": ("Butir tidak dibandingkan", "Items left out"),
    "start_date": ("Mulai", "Start"),
    "due_date": ("Tenggat", "Due"),
    "progress": ("Kemajuan (%)", "Progress (%)"),
    "status": ("Status", "Status"),
    "expected_progress": ("Kemajuan sesuai jadwal (%)", "Scheduled progress (%)"),
    "behind": ("Tertinggal dari jadwal (poin)", "Behind schedule (points)"),
    "overdue": ("Lewat tenggat", "Overdue"),
    "done": ("Selesai", "Done"),
    "light": ("Lampu", "Traffic light"),
    "n_actions": ("Jumlah aksi", "Actions"),
    "n_done": ("Aksi selesai", "Actions done"),
    "pct_done": ("Aksi selesai (%)", "Actions done (%)"),
    "mean_progress": ("Rata-rata kemajuan (%)", "Mean progress (%)"),
    "merah": ("Merah", "Red"),
    "kuning": ("Kuning", "Yellow"),
    "hijau": ("Hijau", "Green"),
    "completion": ("Penyelesaian rencana aksi (%)", "Action-plan completion (%)"),
    **{f"{key}_{y}": (f"{text_id} {y}", f"{text_en} {y}") for y in range(2020, 2041)
       for key, text_id, text_en in (
           ("culture_index", "Indeks", "Index"), ("n", "Responden", "Respondents"),
           ("headcount", "Pegawai", "Headcount"), ("category", "Kategori", "Category"),
           ("ci_low", "Batas bawah interval", "Interval lower"), ("ci_high", "Batas atas interval", "Interval upper"),
           ("units", "Jumlah unit", "Units"), ("pct", "Unit (%)", "Units (%)"))},
    # -- drill-down (report/drilldown.py) --
    "by": ("Rincian menurut", "Breakdown"),
    "group": ("Kelompok", "Group"),
    "parent": ("OPD induk", "Parent unit"),
    "statement": ("Pernyataan", "Statement"),
    "score": ("Skor butir", "Item score"),
    "n_answered": ("Jumlah jawaban", "Answers"),
    "province_pct_favourable": ("Jawaban positif provinsi (%)", "Province favourable (%)"),
    "culture_index_diff": ("Selisih indeks dengan semua responden",
                           "Index difference to all respondents"),
    "pct_neutral": ("Jawaban netral (%)", "Neutral (%)"),
    "n_excluded": ("Responden tidak dipakai", "Respondents left out"),
    "pct_unfavourable": ("Jawaban negatif (%)", "Unfavourable (%)"),
    "table": ("Tabel", "Table"),
    "rows": ("Baris", "Rows"),
    "shown": ("Ditampilkan", "Shown"),
    "primary": ("Disembunyikan: kelompok kecil", "Hidden: small group"),
    "secondary": ("Disembunyikan: pelindung", "Hidden: protection"),
    "hidden": ("Jumlah disembunyikan", "Hidden rows"),
    "suppression": ("Alasan disembunyikan", "Suppression reason"),
    # -- report (report.py) --
    "ci_low_unweighted": ("Batas bawah interval (rerata responden)", "Interval lower (respondent mean)"),
    "ci_high_unweighted": ("Batas atas interval (rerata responden)", "Interval upper (respondent mean)"),
    # -- answer recognition (report/quality.py) --
    "n_answers": ("Jawaban terisi", "Answers given"),
    "n_unrecognised": ("Tidak dikenali", "Not recognised"),
    "n_out_of_range": ("Di luar skala", "Out of range"),
    "share_unrecognised": ("Porsi tidak dikenali", "Share not recognised"),
    "top_unrecognised": ("Paling sering", "Most common"),
    "se": ("Galat baku", "Standard error"),
    "design": ("Desain", "Design"),
    # -- benchmarks (stats/benchmarks.py, report/benchmark_pack.py) --
    "benchmark": ("Pembanding", "Benchmark"),
    "n_units": ("Jumlah OPD", "Units"),
    "bottom_quartile": ("Kuartil bawah OPD", "Bottom quartile of units"),
    "median": ("Median OPD", "Median unit"),
    "top_quartile": ("Kuartil atas OPD (25% teratas)", "Top quartile of units"),
    "available": ("Tersedia", "Available"),
    "median_all": ("Median semua OPD", "Median of all units"),
    "top_quartile_all": ("Kuartil atas semua OPD", "Top quartile of all units"),
    "gap_to_median_all": ("Selisih dengan median semua OPD", "Gap to the median unit"),
    "in_top_quartile_all": ("Masuk 25% teratas semua OPD", "In the top quartile"),
    "n_units_type": ("Jumlah OPD sejenis", "Units of the same type"),
    "median_type": ("Median OPD sejenis", "Median of the same type"),
    "top_quartile_type": ("Kuartil atas OPD sejenis", "Top quartile of the same type"),
    "gap_to_median_type": ("Selisih dengan median OPD sejenis", "Gap to the type's median"),
    "in_top_quartile_type": ("Masuk 25% teratas OPD sejenis", "In the type's top quartile"),
    "own_score": ("Skor sendiri", "Own score"),
    "other_score": ("Skor organisasi lain", "Other organisation's score"),
    "difference": ("Selisih (sendiri - lain)", "Difference (own - other)"),
    "own_median": ("Median OPD sendiri", "Own median unit"),
    "own_top_quartile": ("Kuartil atas OPD sendiri", "Own top quartile"),
    "own_n_units": ("Jumlah OPD sendiri", "Own units"),
    "other_median": ("Median OPD organisasi lain", "Other's median unit"),
    "other_top_quartile": ("Kuartil atas OPD organisasi lain", "Other's top quartile"),
    "other_bottom_quartile": ("Kuartil bawah OPD organisasi lain", "Other's bottom quartile"),
    "other_n_units": ("Jumlah OPD organisasi lain", "Other's units"),
    # -- fieldwork monitoring (stats/fieldwork.py, report/fieldwork.py) --
    "level": ("Tingkat", "Level"),
    "days_elapsed": ("Hari berjalan", "Days elapsed"),
    "days_total": ("Lama survei (hari)", "Survey days"),
    "recent_daily": ("Rata-rata responden per hari (hari-hari terakhir)",
                     "Responses per day (recent days)"),
    "projected_n": ("Perkiraan responden akhir", "Projected final responses"),
    "projected_low": ("Perkiraan akhir: batas bawah", "Projection: lower"),
    "projected_high": ("Perkiraan akhir: batas atas", "Projection: upper"),
    "projected_rate": ("Perkiraan tingkat respons akhir (%)", "Projected response rate (%)"),
    "projected_rate_low": ("Perkiraan tingkat respons: batas bawah (%)",
                           "Projected rate: lower (%)"),
    "projected_rate_high": ("Perkiraan tingkat respons: batas atas (%)",
                            "Projected rate: upper (%)"),
    "below_min_n": ("Diperkirakan di bawah minimum", "Projected below the minimum"),
    "below_target": ("Diperkirakan di bawah target", "Projected below the target"),
    "on_track": ("Sesuai jalur", "On track"),
    "target_reached": ("Target tercapai", "Target reached"),
    # -- outcome scales, key drivers, comments (stats/outcomes.py, drivers.py, comments.py) --
    "outcome": ("Skala hasil", "Outcome scale"),
    "outcome_score": ("Skor skala hasil", "Outcome score"),
    "kind": ("Jenis", "Kind"),
    "predictor": ("Pendorong", "Driver"),
    "correlation": ("Korelasi", "Correlation"),
    "raw_weight": ("Bobot relatif (bagian dari R²)", "Relative weight (part of R²)"),
    "rescaled_weight": ("Dampak (% dari R²)", "Impact (% of R²)"),
    "rescaled_ci_low": ("Dampak: batas bawah interval", "Impact: interval lower"),
    "rescaled_ci_high": ("Dampak: batas atas interval", "Impact: interval upper"),
    "general_dominance": ("Dominansi umum (bagian dari R²)", "General dominance (part of R²)"),
    "dominance_ci_low": ("Dominansi: batas bawah interval", "Dominance: interval lower"),
    "dominance_ci_high": ("Dominansi: batas atas interval", "Dominance: interval upper"),
    "share_first": ("Peluang menjadi pendorong terkuat", "Probability of being the top driver"),
    "r2": ("R² (varians yang dijelaskan)", "R² (variance explained)"),
    "impact": ("Dampak (% dari R²)", "Impact (% of R²)"),
    "impact_ci_low": ("Dampak: batas bawah interval", "Impact: interval lower"),
    "impact_ci_high": ("Dampak: batas atas interval", "Impact: interval upper"),
    "predictor_score": ("Skor nilai", "Value score"),
    "impact_high": ("Dampak di atas rata-rata", "Above-average impact"),
    "score_low": ("Skor di bawah rata-rata", "Below-average score"),
    "quadrant": ("Kuadran", "Quadrant"),
    "priority": ("Bobot prioritas", "Priority weight"),
    "priority_rank": ("Urutan prioritas", "Priority order"),
    "question": ("Pertanyaan terbuka", "Open question"),
    "header": ("Judul kolom", "Column header"),
    "found_by": ("Ditemukan melalui", "Found by"),
    "n_comments": ("Jumlah komentar", "Comments"),
    "n_themed": ("Komentar bertema", "Comments with a theme"),
    "n_writers": ("Jumlah penulis", "Writers"),
    "theme": ("Tema", "Theme"),
    "comment": ("Komentar (disamarkan)", "Comment (redacted)"),
    "top_words": ("Kata utama", "Top words"),
    "share": ("Porsi komentar (%)", "Share of comments (%)"),
    "seed_theme": ("Tema kamus yang sama", "Matching dictionary theme"),
    "seed_share": ("Porsi bertema kamus itu (%)", "Share with that theme (%)"),
    "topic": ("Tema temuan", "Found theme"),
    "count": ("Jumlah", "Count"),
}

#: cleaning rule -> (Indonesian, English)
RULE_LABELS: dict[str, tuple[str, str]] = {
    "duplicate_submission": ("Pengisian ganda (yang terakhir dipakai)",
                             "Duplicate submission (latest kept)"),
    "unknown_unit": ("OPD tidak dikenal", "Unknown unit"),
    "too_few_answers": ("Terlalu sedikit jawaban", "Too few answers"),
    "speeding": ("Pengisian terlalu cepat", "Completed too fast"),
    "straightlining": ("Jawaban seragam di semua butir", "Same answer to every item"),
    "timestamp_unparseable": ("Waktu tidak terbaca", "Unreadable timestamp"),
    "nip_mangled": ("NIP rusak (notasi ilmiah Excel)", "NIP mangled by Excel"),
    "nip_invalid": ("NIP tidak 18 digit", "NIP not 18 digits"),
    "unit_name_alias": ("Nama unit ditulis lain (singkatan/ejaan)", "Unit name variant"),
    "unit_name_fuzzy": ("Nama unit salah ketik, dicocokkan", "Misspelled unit name matched"),
    "unit_renamed": ("Unit berganti nama/digabung", "Unit renamed or merged"),
    "subunit_unknown": ("Sub-unit tidak dikenal", "Unknown sub-unit"),
    "answer_label_normalised": ("Label jawaban beda huruf/spasi", "Answer label case/spacing"),
    "answer_abbreviation": ("Jawaban berupa singkatan (SS/S/N/TS/STS)", "Abbreviated answer"),
    "answer_label_fuzzy": ("Label jawaban salah ketik, dicocokkan", "Misspelled answer matched"),
    "answer_out_of_range": ("Kode jawaban di luar skala", "Answer code out of range"),
    "answer_unrecognised": ("Jawaban tidak dikenali", "Unrecognised answer"),
    "blank_row": ("Baris kosong (bukan responden)", "Blank row (not a respondent)"),
    "date_order": ("Urutan tanggal", "Date order"),
    "timestamp_outside_year": ("Waktu pengisian di luar tahun survei",
                               "Submission time outside the survey year"),
    "category_mapped": ("Kategori ditulis lain, dicocokkan", "Category spelling matched"),
    "category_unrecognised": ("Nilai bukan kategori yang dikenal", "Value is no known category"),
}


def lower_first(text: str) -> str:
    """Lower-case the first letter unless the first word is an acronym.

    >>> lower_first("Pengisian ganda"), lower_first("OPD tidak dikenal")
    ('pengisian ganda', 'OPD tidak dikenal')
    """
    return text if text[:2].isupper() else text[:1].lower() + text[1:]


for _rule, (_id, _en) in list(RULE_LABELS.items()):
    COLUMN_LABELS[f"excluded_{_rule}"] = (f"Dikeluarkan: {lower_first(_id)}",
                                          f"Excluded: {lower_first(_en)}")
    COLUMN_LABELS[f"flagged_{_rule}"] = (f"Ditandai: {lower_first(_id)}",
                                         f"Flagged: {lower_first(_en)}")
#: integer columns that are identifiers, shown without a thousands separator
PLAIN_COLUMNS = frozenset({"year", "source_row"})
#: columns holding shares in 0-1, shown as percentages
PERCENT_COLUMNS = frozenset({"response_rate", "share_missing", "share_unrecognised",
                             "projected_rate", "projected_rate_low", "projected_rate_high"})
_ACTIONS = {"excluded": ("dikeluarkan", "excluded"), "changed": ("diubah", "changed"),
            "flagged": ("ditandai", "flagged"), "dropped": ("dibuang", "dropped"),
            "noted": ("dicatat", "noted")}
_YES_NO = {True: ("Ya", "Yes"), False: ("Tidak", "No")}
#: interval kinds of a province change (compare.compare_province)
#: cell values shown in words (invariance models, correlation methods, criteria, fit basis)
_CELL_VALUES = {"configural": ("konfigural", "configural"),
                "thresholds": ("ambang", "thresholds"), "metric": ("metrik", "metric"),
                "scalar": ("skalar", "scalar"), "strict": ("ketat", "strict"),
                "partial_scalar": ("skalar parsial", "partial scalar"),
                "pearson": ("Pearson", "Pearson"),
                "spearman": ("Spearman (peringkat)", "Spearman (rank)"),
                "attendance_rate": ("tingkat kehadiran", "attendance rate"),
                "discipline_cases": ("kasus disiplin per 100 pegawai",
                                     "discipline cases per 100 staff"),
                "robust": ("robust (MLR)", "robust (MLR)"), "scaled": ("terskala", "scaled"),
                "ml": ("ML", "ML"),
                "up": ("naik", "up"), "down": ("turun", "down"),
                "unchanged": ("tetap", "unchanged"), "province": ("Provinsi", "Province"),
                "only_one_year": ("hanya satu tahun", "one year only"),
                "renamed": ("berganti nama", "renamed"), "merged": ("digabung", "merged"),
                "too_small": ("terlalu sedikit responden", "too few respondents"),
                "protects_other": ("disembunyikan sebagai pelindung", "withheld as protection"),
                "all_respondents": ("Semua responden", "All respondents"),
                "all_writers": ("Semua penulis komentar", "All comment writers")}
#: columns whose cells are codes shown through :func:`label`
_VALUE_COLUMNS = ("rule", "action", "value", "interval", "model", "method", "criterion", "basis",
                  "direction")

_INTERVALS = {"paired": ("berpasangan (OPD sama di kedua tahun)", "paired (same OPDs both years)"),
              "cluster": ("klaster bebas", "independent clusters"),
              "stratified": ("berstrata", "stratified"),
              "overlap": ("berstrata, dengan responden yang mengisi di kedua tahun",
                          "stratified, with respondents answering both years"),
              "independent": ("berstrata, kedua tahun bebas", "stratified, independent years")}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def label(key: str, lang: str = "id", instrument: Instrument | None = None) -> str:
    """Display label of a column, cleaning rule or value code.

    >>> label("culture_index"), label("culture_index", "en"), label("speeding")
    ('Indeks Budaya Kerja', 'Work-culture index', 'Pengisian terlalu cepat')
    """
    if key in COLUMN_LABELS:
        return _pick(COLUMN_LABELS[key], lang)
    if key in RULE_LABELS:
        return _pick(RULE_LABELS[key], lang)
    if key in _ACTIONS:
        return _pick(_ACTIONS[key], lang)
    if key in _INTERVALS:
        return _pick(_INTERVALS[key], lang)
    if key in _CELL_VALUES:
        return _pick(_CELL_VALUES[key], lang)
    if instrument is not None and key in instrument.value_codes:
        return instrument.value_name(key, lang)
    if instrument is not None and key in instrument.outcome_codes:
        return instrument.outcome_name(key, lang)
    if (instrument is not None and key.endswith("_diff")
            and key.removesuffix("_diff") in instrument.outcome_codes):
        name = instrument.outcome_name(key.removesuffix("_diff"), lang)
        return (f"Selisih {lower_first(name)} dengan semua responden" if lang == "id"
                else f"{name}: difference to all respondents")
    return key


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def md_escape(text: object) -> str:
    """A name or label made inert in Markdown (and the HTML it becomes): every character that
    Markdown could read as syntax is backslash-escaped, ``<`` and ``>`` included.

    Generated sentences put unit names, group labels and statements from the data into
    Markdown; a name like ``[tautan](javascript:alert(1))`` must print as itself, not as a link.

    >>> print(md_escape("[tautan](javascript:alert(1))"))
    \\[tautan\\]\\(javascript:alert\\(1\\)\\)
    >>> md_escape("Dinas Kesehatan")
    'Dinas Kesehatan'
    """
    return _MD_SPECIAL.sub(r"\\\1", "" if text is None else str(text))


def format_number(x: object, decimals: int = 1, lang: str = "id") -> str:
    """A number as officials read it: ``76,3`` and ``1.234`` in Indonesian; blank if missing.

    >>> format_number(76.34), format_number(1234.5, 1), format_number(5012, 0)
    ('76,3', '1.234,5', '5.012')
    >>> format_number(76.34, lang="en"), format_number(float("nan")), format_number(-0.04)
    ('76.3', '', '0,0')
    """
    if x is None or x is pd.NA or (isinstance(x, float | np.floating) and math.isnan(x)):
        return ""
    v = round(float(x), decimals)
    text = f"{v + 0.0 if v != 0 else 0.0:,.{decimals}f}"  # no "-0,0"
    if lang == "en":
        return text
    return text.replace(",", "_").replace(".", ",").replace("_", ".")


def format_percent(x: object, decimals: int = 1, lang: str = "id") -> str:
    """A share in 0-1 as a percentage: ``0.4567`` -> ``45,7%``.

    >>> format_percent(0.4567)
    '45,7%'
    """
    text = format_number(None if x is None else float(x) * 100, decimals, lang)
    return f"{text}%" if text else ""


#: decimals per column wherever a table is shown (``to_display``, workbook): p-values and fit
#: indices to 3 so that no nonzero value prints as 0; effect sizes and correlations to 2
COLUMN_DECIMALS: dict[str, int] = {
    "p_value": 3, "p_adj": 3, "p_top": 2, "p_bottom": 2, "effect_size": 2, "reliability": 2,
    "r": 2, "cfi": 3, "tli": 3, "rmsea": 3, "srmr": 3, "delta_cfi": 3, "delta_rmsea": 3,
    "delta_srmr": 3, "cfi_robust": 3, "tli_robust": 3, "rmsea_robust": 3, "cfi_scaled": 3,
    "rmsea_scaled": 3, "alpha": 3, "omega": 3, "cr": 3, "ave": 3, "sqrt_ave": 3,
    "loading": 3, "std_all": 3, "scaling_factor": 3, "chi2": 1, "df": 0, "kmo": 3,
    # fit indices, reliabilities and correlations compared with a cut-off: 3, like the above
    "rmsea_ci_low": 3, "rmsea_ci_high": 3, "tli_scaled": 3, "shift_parameter": 3,
    "alpha_ci_low": 3, "alpha_ci_high": 3, "alpha_if_dropped": 3, "alpha_std": 3,
    "r_drop": 3, "r_hitung": 3, "r_tabel": 3, "max_correlation": 3, "max_htmt": 3,
    "df_scaled": 0, "delta_df": 0, "se": 2, "floor": 3, "ceiling": 3, "missing": 3,
    "share_1": 3, "share_2": 3, "share_3": 3, "share_4": 3, "share_5": 3,
}
#: columns holding probabilities: below 0.001 shown as "< 0,001"
P_COLUMNS = frozenset({"p_value", "p_adj", "p_value_scaled", "delta_p", "score_p"})


def format_p(x: object, lang: str = "id") -> str:
    """A p-value to 3 decimals, ``< 0,001`` below that (never ``0,000``).

    >>> format_p(0.0004), format_p(0.0312), format_p(float("nan"))
    ('< 0,001', '0,031', '')
    """
    if x is None or x is pd.NA or (isinstance(x, float | np.floating) and math.isnan(x)):
        return ""
    return f"< {format_number(0.001, 3, lang)}" if float(x) < 0.001 else format_number(x, 3, lang)


def to_display(table: pd.DataFrame, *, lang: str = "id", decimals: int = 1,
               instrument: Instrument | None = None,
               formats: Mapping[str, int] | None = None) -> pd.DataFrame:
    """A copy of ``table`` ready to show: translated headers, cleaning rules and values,
    numbers as text with the decimal comma, ``True/False`` as ``Ya/Tidak``, missing blank,
    and no row numbers (a default 0, 1, 2, ... index becomes blank).
    Share columns (``response_rate``, ``share_missing``) are shown as percentages.

    Parameters
    ----------
    table : DataFrame
    lang : {"id", "en"}
    decimals : int
        Decimals for float columns (integers keep none).
    instrument : Instrument, optional
        Translates value-code columns and cells into value names, and category labels
        (``category``, ``category_<year>``) into ``lang``.
    formats : mapping, optional
        Column -> decimals, overriding :data:`COLUMN_DECIMALS` (p-values, fit indices, effect
        sizes) and ``decimals`` (every other float column).

    Examples
    --------
    >>> t = pd.DataFrame({"opd": ["DINKES"], "n": [120], "culture_index": [76.345],
    ...                   "suppressed": [False]})
    >>> to_display(t).to_dict("records")
    [{'OPD': 'DINKES', 'Jumlah responden': '120', 'Indeks Budaya Kerja': '76,3', 'Disembunyikan': 'Tidak'}]
    """
    formats = dict(formats or {})
    out = pd.DataFrame(index=table.index)
    for col in table.columns:
        s = table[col]
        if pd.api.types.is_bool_dtype(s) or (s.dtype == object and s.notna().any()
                                             and s.dropna().map(type).isin([bool, np.bool_]).all()):
            out[col] = s.map(lambda v: _pick(_YES_NO[bool(v)], lang) if pd.notna(v) else "")
        elif pd.api.types.is_integer_dtype(s) and col in PLAIN_COLUMNS:
            out[col] = s.map(lambda v: "" if pd.isna(v) else str(int(v)))
        elif pd.api.types.is_integer_dtype(s):
            out[col] = s.map(lambda v: format_number(v, 0, lang))
        elif pd.api.types.is_float_dtype(s) and col in P_COLUMNS and col not in formats:
            out[col] = s.map(lambda v: format_p(v, lang))
        elif pd.api.types.is_float_dtype(s):
            d = formats.get(col, COLUMN_DECIMALS.get(col, decimals))
            k = 100.0 if col in PERCENT_COLUMNS else 1.0
            out[col] = s.map(lambda v, d=d, k=k: format_number(v * k, d, lang))
        elif col.startswith("category") and instrument is not None:
            names = {b.label_id: b.label(lang) for b in instrument.bands}
            out[col] = s.map(lambda v, names=names: "" if pd.isna(v) else names.get(v, str(v)))
        elif col in _VALUE_COLUMNS:
            out[col] = s.map(lambda v: "" if pd.isna(v) else label(str(v), lang, instrument))
        else:
            out[col] = s.map(lambda v: "" if pd.isna(v) else str(v))
    out.columns = [label(str(c), lang, instrument) for c in table.columns]
    if table.index.name is None and pd.api.types.is_integer_dtype(table.index):  # row numbers
        out.index = pd.Index([""] * len(out))
    return out


# -- column and table descriptions (the workbook's "Petunjuk" sheet) ------------------------
COLUMN_LABELS.update({
    "note_kind": ("Jenis catatan (kode)", "Note kind (code)"),
    "predecessors": ("Kode unit tahun lalu", "Previous unit codes"),
    "only_year": ("Hanya ada di tahun", "Only in year"),
    "covariance": ("Kovarians antartahun", "Covariance between years"),
    "n_both": ("Responden di kedua tahun", "Respondents in both years"),
    "weighting": ("Pembobotan", "Weighting"),
    "gender": ("Jenis kelamin", "Gender"),
    "age_band": ("Kelompok usia", "Age band"),
    "tenure_band": ("Masa kerja", "Tenure"),
    "position_type": ("Jenis jabatan", "Position type"),
    "employment": ("Status kepegawaian", "Employment status"),
    "grade": ("Golongan", "Grade"),
})
_DESCRIPTIONS = yaml.safe_load((Path(__file__).parent / "descriptions.yaml").read_text("utf-8"))
#: column key -> (Indonesian, English) meaning, written once (``descriptions.yaml``)
COLUMN_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    k: (v["id"], v["en"]) for k, v in _DESCRIPTIONS["columns"].items()}
#: table name (``report.names``) -> (Indonesian, English) one-line description
TABLE_DESCRIPTIONS: dict[str, tuple[str, str]] = {
    k: (v["id"], v["en"]) for k, v in _DESCRIPTIONS["tables"].items()}
_TEMPLATES = {k: (v["id"], v["en"]) for k, v in _DESCRIPTIONS["templates"].items()}


def describe_column(key: str, lang: str = "id", instrument: Instrument | None = None) -> str | None:
    """What a column means, in a sentence; None when no description is written for it.

    A column of the instrument's values, a ``<key>_<year>`` column and the data-quality
    table's ``excluded_<rule>`` / ``flagged_<rule>`` columns are described from their pattern.

    >>> describe_column("p_adj")[:44]
    'Nilai p yang dikoreksi untuk banyaknya unit '
    >>> describe_column("culture_index_2024", "en")[-10:], describe_column("no_such") is None
    ('Year 2024.', True)
    """
    if key in COLUMN_DESCRIPTIONS:
        return _pick(COLUMN_DESCRIPTIONS[key], lang)
    if instrument is not None and key in instrument.value_codes:
        return _pick(_TEMPLATES["value"], lang).format(name=instrument.value_name(key, lang))
    year = re.fullmatch(r"(.+)_((?:19|20)\d\d)", key)
    if year and year.group(1) in COLUMN_DESCRIPTIONS:
        base = _pick(COLUMN_DESCRIPTIONS[year.group(1)], lang)
        return _pick(_TEMPLATES["year"], lang).format(base=base, year=year.group(2))
    for kind in ("excluded", "flagged"):
        rule = key.removeprefix(f"{kind}_")
        if rule != key and rule in RULE_LABELS:
            text = lower_first(_pick(RULE_LABELS[rule], lang))
            return _pick(_TEMPLATES[kind], lang).format(rule=text)
    return None


def describe_table(name: str, lang: str = "id") -> str | None:
    """A table's contents in one line (the tables the notebooks save); None if unknown.

    >>> describe_table("indeks_opd")[:20]
    'Indeks tiap OPD tahu'
    """
    pair = TABLE_DESCRIPTIONS.get(name)
    return None if pair is None else _pick(pair, lang)


def missing_description(lang: str = "id") -> str:
    """The text shown for a column without a description (tests keep it out of the report)."""
    return _pick(_TEMPLATES["missing"], lang)


def label_codes() -> tuple[str, ...]:
    """Every code :func:`label` translates (columns, cleaning rules, actions, intervals, cell
    values), so that a translated cell can be read back as its code.

    >>> "stratified" in label_codes() and "speeding" in label_codes()
    True
    """
    return (*COLUMN_LABELS, *RULE_LABELS, *_ACTIONS, *_INTERVALS, *_CELL_VALUES)
