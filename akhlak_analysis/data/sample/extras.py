"""The synthetic sample: outcome scales and open comments of 2025 (see :mod:`..sample`).

Everything here is drawn from random streams of its own (``[seed, 40]``, ``[seed, 41]``,
``[seed, 42]``), so the columns and rows that existed before these extras stay byte for byte
what they were; the extras are appended as the last columns of ``responses_2025.xlsx``.

Outcome model
-------------
Each civil servant's outcome latent ``xi_k`` (``keterlibatan``, ``bangga_melayani``) is driven
by his seven latent value scores ``eta`` with the planted weights :data:`OUTCOME_WEIGHTS`:

    xi_ik = c_k + (sum_v beta_kv (eta_iv - mean eta_v) + e_ik) / s_k,

with ``e`` normal, its variance chosen so that the values explain :data:`OUTCOME_R2` of the
latent outcome's variance in the population, ``s_k`` the population SD (``xi`` has unit
variance) and ``c_k`` solved so that the expected outcome score is :data:`OUTCOME_LEVEL`.
Items are answered like the value items (``y* = lambda xi + sqrt(1 - lambda^2) e``, cut at the
same thresholds; the reverse-keyed ``KT4`` is answered reversed). The truth written to
``truth.json`` (key ``outcomes_2025``) is the finite-population moments of the *observed* value
and outcome scores of the whole staff (correlations, means, SDs), from which the population
relative weights and dominance follow, and the planted latent weights.

Comments
--------
About :data:`COMMENT_RATE` of respondents write in the open question. Each OPD has one planted
theme (:data:`TOPICS`) that half of its comments are about; the other comments take a theme
with probability rising or falling with the writer's engagement (:data:`TONE`), so complaints
about leadership or workload come more often from the less engaged. A share
:data:`IDENTIFIER_RATE` of comments carries one planted identifier (own NIP, phone, e-mail, a
NIK, a colleague's full name or "Pak/Bu <first name>"), which redaction must remove; some
answers are non-comments ("-", "Tidak ada").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import ndtr

from ...instrument import Instrument
from ._model import Model, score_answers

OUTCOME_INSTRUMENT = "berakhlak-2025-plus"

#: planted latent weights of each outcome on the seven latent value scores
OUTCOME_WEIGHTS: dict[str, dict[str, float]] = {
    "keterlibatan": {"berorientasi_pelayanan": 0.0, "akuntabel": 0.0, "kompeten": 0.30,
                     "harmonis": 0.15, "loyal": 0.0, "adaptif": 0.55, "kolaboratif": 0.0},
    "bangga_melayani": {"berorientasi_pelayanan": 0.50, "akuntabel": 0.0, "kompeten": 0.0,
                        "harmonis": 0.0, "loyal": 0.40, "adaptif": 0.0, "kolaboratif": 0.10},
}

#: share of the latent outcome's population variance that the latent values explain
OUTCOME_R2 = 0.6

#: planned province mean of each outcome score (0-100)
OUTCOME_LEVEL = {"keterlibatan": 72.0, "bangga_melayani": 78.0}

#: share of blank outcome-item cells (rows that answered the values)
OUTCOME_BLANK_RATE = 0.02

#: the header of the open question in the export
COMMENT_HEADER = "Saran dan masukan untuk perbaikan budaya kerja"

COMMENT_RATE = 0.40
PLANTED_SHARE = 0.5
SECOND_THEME_RATE = 0.25
IDENTIFIER_RATE = 0.12
NON_COMMENT_RATE = 0.08
NON_COMMENTS = ("-", "Tidak ada", "tidak ada saran", "Nihil", ".")

#: comment templates per planted theme (the analysis' seed dictionary is written separately)
TEMPLATES: dict[str, tuple[str, ...]] = {
    "beban_kerja": (
        "Beban kerja di bidang kami terlalu berat sehingga sering lembur.",
        "Pembagian beban kerja belum merata, ada pegawai yang kewalahan dan ada yang santai.",
        "Mohon jumlah pegawai ditambah karena pekerjaan terus menumpuk.",
        "Target pekerjaan terlalu banyak dibanding jumlah staf yang ada.",
        "Pekerjaan sering diberikan mendadak dan harus selesai hari itu juga."),
    "fasilitas": (
        "Fasilitas kerja seperti komputer dan printer banyak yang rusak.",
        "Ruang kerja sempit dan AC sering mati.",
        "Mohon perbaikan sarana dan prasarana kantor, terutama jaringan internet.",
        "Kendaraan dinas untuk kegiatan lapangan sangat terbatas.",
        "Perlu tambahan peralatan kerja yang memadai."),
    "pelatihan": (
        "Perlu lebih banyak pelatihan teknis untuk meningkatkan kompetensi pegawai.",
        "Kesempatan mengikuti diklat dan bimtek belum merata.",
        "Mohon diadakan pelatihan aplikasi dan literasi digital bagi pelaksana.",
        "Pengembangan kompetensi pegawai perlu diprogramkan setiap tahun."),
    "kepemimpinan": (
        "Pimpinan sebaiknya lebih sering memberi arahan dan contoh yang baik.",
        "Atasan kurang memberikan umpan balik atas hasil pekerjaan kami.",
        "Perlu keteladanan dari pimpinan dalam menerapkan nilai BerAKHLAK.",
        "Keputusan pimpinan kurang melibatkan staf."),
    "tunjangan": (
        "Pembayaran TPP sering terlambat, mohon dibayarkan tepat waktu.",
        "Tunjangan kinerja belum sebanding dengan beban tugas.",
        "Mohon TPP disesuaikan dengan capaian kinerja pegawai.",
        "Insentif bagi pegawai berprestasi perlu ditingkatkan."),
    "komunikasi": (
        "Komunikasi antarbidang masih kurang, informasi sering terlambat sampai.",
        "Perlu rapat koordinasi rutin agar informasi tersampaikan ke semua pegawai.",
        "Sosialisasi kebijakan baru sebaiknya lebih jelas."),
    "disiplin": (
        "Masih ada pegawai yang datang terlambat dan pulang lebih awal.",
        "Penegakan disiplin pegawai harus adil tanpa pilih kasih.",
        "Sanksi bagi pegawai yang tidak disiplin perlu ditegakkan."),
    "pelayanan": (
        "Pelayanan kepada masyarakat perlu dipercepat dan dipermudah.",
        "Standar pelayanan perlu diperbarui agar masyarakat tidak menunggu lama.",
        "Keluhan masyarakat harus ditindaklanjuti dengan cepat."),
    "inovasi": (
        "Pegawai perlu didorong untuk berinovasi dan berani mencoba cara baru.",
        "Digitalisasi layanan harus dipercepat."),
    "kerja_sama": (
        "Kerja sama antarunit perlu ditingkatkan untuk program bersama.",
        "Kolaborasi dengan OPD lain masih kurang."),
}

#: the workplace topics an OPD's planted theme is drawn from
TOPICS = ("beban_kerja", "fasilitas", "pelatihan", "kepemimpinan", "tunjangan", "komunikasi",
          "disiplin", "pelayanan")

#: how a theme's choice tilts with the writer's engagement (log-odds per latent SD)
TONE = {"beban_kerja": -0.6, "fasilitas": -0.2, "pelatihan": 0.3, "kepemimpinan": -0.8,
        "tunjangan": -0.4, "komunikasi": -0.3, "disiplin": -0.3, "pelayanan": 0.2,
        "inovasi": 0.5, "kerja_sama": 0.3}

_CLOSERS = ("", "", " Terima kasih.", " Semoga ke depan lebih baik.", " Semangat!")
_IDENTIFIER_KINDS = ("nip", "phone", "email", "nik", "name", "title")


def outcome_loadings(rng: np.random.Generator, plus: Instrument) -> dict[str, float]:
    """Loadings of the outcome items: .70-.85 (.60-.65 for reverse-keyed items)."""
    return {it.code: float(rng.uniform(0.60, 0.65) if it.reverse else rng.uniform(0.70, 0.85))
            for it in plus.outcome_items}


def _intercept(level: float, lams: np.ndarray, thresholds: np.ndarray) -> float:
    """Latent mean ``c`` whose expected score (0-100) over items ``lams`` is ``level``."""
    lo, hi = -6.0, 6.0
    for _ in range(60):
        mid = (lo + hi) / 2
        score = 25.0 * ndtr(lams[:, None] * mid - thresholds[None, :]).sum(axis=1).mean()
        lo, hi = (lo, mid) if score > level else (mid, hi)
    return (lo + hi) / 2


def draw_outcomes(rng: np.random.Generator, eta: np.ndarray, plus: Instrument, model: Model,
                  loadings: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    """Outcome answers 1..5 (int8, as answered) and latent ``xi`` of the whole staff."""
    centred = eta - eta.mean(axis=0)
    n = len(eta)
    xi = np.empty((n, len(plus.outcomes)))
    answers = np.empty((n, len(plus.outcome_items)), dtype=np.int8)
    codes = [it.code for it in plus.outcome_items]
    for k, (out, items) in enumerate(plus.outcome_factors.items()):
        beta = np.array([OUTCOME_WEIGHTS[out][v] for v in model.values])
        pred = centred @ beta
        noise = rng.standard_normal(n) * np.sqrt(pred.var() * (1 - OUTCOME_R2) / OUTCOME_R2)
        raw = pred + noise
        lams = np.array([loadings[c] for c in items])
        xi[:, k] = raw / raw.std() + _intercept(OUTCOME_LEVEL[out], lams, model.thresholds)
        for c, lam in zip(items, lams, strict=True):
            ystar = lam * xi[:, k] + np.sqrt(1 - lam**2) * rng.standard_normal(n)
            x = np.searchsorted(model.thresholds, ystar) + 1
            answers[:, codes.index(c)] = 6 - x if plus.outcome_items[codes.index(c)].reverse else x
    return answers, xi


def outcome_truth(pop: pd.DataFrame, value_answers: np.ndarray, outcome_answers: np.ndarray,
                  ins: Instrument, plus: Instrument, loadings: dict[str, float]) -> dict:
    """Finite-population truth of the outcome scores and their relation to the values."""
    values = score_answers(value_answers, ins)
    outcomes = score_answers(outcome_answers, plus.outcome_instrument())
    names = [*ins.value_codes, *plus.outcome_codes]
    frame = pd.DataFrame(np.column_stack([values, outcomes]), columns=names)
    corr = frame.corr().to_numpy()
    by_opd = frame[plus.outcome_codes].groupby(pop["opd"].to_numpy(), sort=True).mean()
    return {
        "instrument": plus.name, "planted_weights": OUTCOME_WEIGHTS, "latent_r2": OUTCOME_R2,
        "planned_level": OUTCOME_LEVEL, "loadings": loadings, "variables": names,
        "correlations": {a: dict(zip(names, corr[i].tolist(), strict=True))
                         for i, a in enumerate(names)},
        "means": frame.mean().to_dict(), "sds": frame.std(ddof=0).to_dict(),
        "N": len(frame), "opd": by_opd.to_dict("index"),
    }


def outcome_cells(rng: np.random.Generator, rows: pd.DataFrame, person: np.ndarray,
                  answers: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Outcome-item cells of every written row (object: int code or None)."""
    out = answers[person].astype(object)
    flag = rows["flag"].to_numpy()
    straight = flag == "straightliners"
    out[straight] = codes[straight, :1].astype(int).astype(object)
    out[flag == "too_few_answers"] = None
    blank = (rng.random(out.shape) < OUTCOME_BLANK_RATE) & ~straight[:, None]
    out[blank] = None
    return out


def _identifier(rng: np.random.Generator, kind: str, row: pd.Series,
                colleagues: list[tuple[str, str]]) -> str:
    """A sentence that carries one planted identifier."""
    if kind == "nip":
        n = row["nip"]
        text = f"{n[:8]} {n[8:14]} {n[14]} {n[15:]}" if rng.random() < .5 else n
        return f" NIP saya {text}."
    if kind == "phone":
        p = row["phone"]
        text = (f"+62 {p[1:4]}-{p[4:8]}-{p[8:]}" if rng.random() < .5 else
                f"{p[:4]}-{p[4:8]}-{p[8:]}")
        return f" Hubungi saya di {text}."
    if kind == "email":
        return f" Tanggapan bisa dikirim ke {row['email']}."
    if kind == "nik":
        return f" NIK 6271{rng.integers(10**11, 10**12)}."
    who, gender = (colleagues[rng.integers(0, len(colleagues))] if colleagues
                   else ("Budi Santoso", "Laki-laki"))
    if kind == "name":
        return f" Terima kasih kepada {who} yang selalu membantu."
    address = "Bu" if gender == "Perempuan" else "Pak"
    return f" {address} {who.split()[0]} di bagian umum perlu diperhatikan."


def _plain_name(name: str) -> str:
    """A name as a colleague writes it: no degree, capitalised words."""
    return " ".join(w.capitalize() for w in name.split(",")[0].split())


def comment_cells(rng: np.random.Generator, rows: pd.DataFrame, engagement: np.ndarray,
                  opd_codes: list[str]) -> tuple[np.ndarray, dict]:
    """The open-question cell of every written row and what was planted (counts only).

    ``engagement`` is each row's standardised latent engagement (it tilts the theme).
    """
    planted = dict(zip(opd_codes, rng.choice(TOPICS, size=len(opd_codes)), strict=True))
    themes = list(TEMPLATES)
    tone = np.array([TONE[t] for t in themes])
    flag = rows["flag"].to_numpy()
    opd = rows["opd"].to_numpy(dtype=object)
    names = {c: [(_plain_name(n), g) for n, g in zip(grp["name"], grp["gender"], strict=True)]
             for c, grp in rows.groupby("opd")}
    cells = np.full(len(rows), None, dtype=object)
    counts: dict[str, dict[str, int]] = {c: {} for c in opd_codes}
    found = {k: 0 for k in _IDENTIFIER_KINDS}
    n_non = 0
    writes = (rng.random(len(rows)) < COMMENT_RATE) & (flag != "too_few_answers")
    for i in np.flatnonzero(writes & ~rows["resubmit"].to_numpy()):
        if rng.random() < NON_COMMENT_RATE:
            cells[i] = NON_COMMENTS[rng.integers(0, len(NON_COMMENTS))]
            n_non += 1
            continue
        p = np.exp(tone * engagement[i])
        theme = (planted[opd[i]] if rng.random() < PLANTED_SHARE
                 else themes[rng.choice(len(themes), p=p / p.sum())])
        text = TEMPLATES[theme][rng.integers(0, len(TEMPLATES[theme]))]
        if rng.random() < SECOND_THEME_RATE:
            other = themes[rng.choice(len(themes), p=p / p.sum())]
            text += " " + TEMPLATES[other][rng.integers(0, len(TEMPLATES[other]))]
        if rng.random() < IDENTIFIER_RATE:
            kind = _IDENTIFIER_KINDS[rng.integers(0, len(_IDENTIFIER_KINDS))]
            mates = [m for m in names[opd[i]] if m[0] != _plain_name(rows["name"].iat[i])]
            text += _identifier(rng, kind, rows.iloc[i], mates)
            found[kind] += 1
        cells[i] = text + _CLOSERS[rng.integers(0, len(_CLOSERS))]
        counts[opd[i]][theme] = counts[opd[i]].get(theme, 0) + 1
    return cells, {"planted_theme": planted, "themes_written": counts,
                   "identifiers": found, "non_comments": n_non}


def copy_resubmissions(rows: pd.DataFrame, cells: np.ndarray) -> None:
    """A second submission repeats its first one's comment (in place)."""
    first = {nip: i for i, nip in enumerate(rows["nip"]) if not rows["resubmit"].iat[i]}
    for i in np.flatnonzero(rows["resubmit"].to_numpy()):
        cells[i] = cells[first[rows["nip"].iat[i]]]
