"""The synthetic sample: province (see :mod:`akhlak_analysis.data.sample`)."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from ...instrument import Instrument
from ._model import (
    CHANGE,
    COLUMNS_UNITS,
    N_CHANGE,
    PERSISTENCE,
    PROVINCE_LEVEL,
    RETAINED,
    VALUE_OFFSETS,
    YEARS,
    Model,
    demographic_shift,
    draw_demographics,
    draw_interactions,
    draw_items,
    draw_latent,
    opd_effects,
    solve_latent_means,
)

#: (code, name, opd_type, headcount 2024 before jitter or None when new in 2025, aliases)
_OPDS: tuple[tuple[str, str, str, int | None, str], ...] = (
    ("DISDIK", "Dinas Pendidikan", "Dinas", 3200, "Disdik|Dinas Pendidikan Prov. Kalteng|Dinas Pendidkan"),
    ("DINKES", "Dinas Kesehatan", "Dinas", 420, "Dinkes|Dinkes Prov Kalteng|Dinas Keshatan"),
    ("DPUPR", "Dinas Pekerjaan Umum dan Penataan Ruang", "Dinas", 380, "PUPR|Dinas PUPR|Dinas PU"),
    ("DISPERKIMTAN", "Dinas Perumahan, Kawasan Permukiman dan Pertanahan", "Dinas", 150,
     "Disperkimtan|Dinas Perkim|Dinas Perumahan Rakyat dan Kawasan Permukiman"),
    ("DINSOS", "Dinas Sosial", "Dinas", 210, "Dinsos|Dinas Sosal"),
    ("DISNAKERTRANS", "Dinas Tenaga Kerja dan Transmigrasi", "Dinas", 190,
     "Disnakertrans|Disnaker"),
    ("DP3APPKB", "Dinas Pemberdayaan Perempuan, Perlindungan Anak, Pengendalian Penduduk dan "
     "Keluarga Berencana", "Dinas", 110, "DP3APPKB|Dinas PPPAPPKB"),
    ("DLH", "Dinas Lingkungan Hidup", "Dinas", 140, "DLH|Dinas LH"),
    ("DPMDESDUKCAPIL", "Dinas Pemberdayaan Masyarakat dan Desa, Kependudukan dan Pencatatan Sipil",
     "Dinas", 120, "DPMDesdukcapil|Dinas PMD Dukcapil|Dinas Pemberdayaan Masyarakat dan Desa"),
    ("DISHUB", "Dinas Perhubungan", "Dinas", 260, "Dishub|Dinas Perhubngan"),
    ("DISKOMINFOSANTIK", "Dinas Komunikasi, Informatika, Persandian dan Statistik", "Dinas", 130,
     "Diskominfosantik|Diskominfo|Kominfo|Dinas Komunikasi dan Informatika"),
    ("DISKOP", "Dinas Koperasi dan Usaha Kecil Menengah", "Dinas", 90, "Diskop UKM|Diskop"),
    ("DPMPTSP", "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", "Dinas", 100,
     "DPMPTSP|Dinas PMPTSP"),
    ("DISBUDPAR", "Dinas Kebudayaan dan Pariwisata", "Dinas", 110, "Disbudpar|Dinas Budpar"),
    ("DISPORA", "Dinas Pemuda dan Olahraga", "Dinas", 95, "Dispora|Dinas Pemuda dan Olah Raga"),
    ("DISBUDPARPORA", "Dinas Kebudayaan, Pariwisata, Pemuda dan Olahraga", "Dinas", None,
     "Disbudparpora|Dinas Budparpora"),
    ("DISPERPUSIP", "Dinas Perpustakaan dan Kearsipan", "Dinas", 85,
     "Disperpusip|Dinas Perpustakaan|Dinas Perpustakaan dan Arsip"),
    ("DKP", "Dinas Kelautan dan Perikanan", "Dinas", 120, "DKP|Dinas Perikanan"),
    ("DTPHP", "Dinas Tanaman Pangan, Hortikultura dan Peternakan", "Dinas", 230,
     "DTPHP|Dinas Pertanian"),
    ("DISBUN", "Dinas Perkebunan", "Dinas", 160, "Disbun|Dinas Perkebunn"),
    ("DISHUT", "Dinas Kehutanan", "Dinas", 450, "Dishut|Dinas Kehutana"),
    ("DESDM", "Dinas Energi dan Sumber Daya Mineral", "Dinas", 120, "Dinas ESDM|ESDM"),
    ("DISPERINDAG", "Dinas Perindustrian dan Perdagangan", "Dinas", 130, "Disperindag"),
    ("DKPANGAN", "Dinas Ketahanan Pangan", "Dinas", 70, "Ketahanan Pangan|Dinas Ketahanan Pangn"),
    ("BAPPEDALITBANG", "Badan Perencanaan Pembangunan, Penelitian dan Pengembangan Daerah",
     "Badan", 110, "Bappedalitbang|Bappeda Litbang"),
    ("BAPPERIDA", "Badan Perencanaan Pembangunan, Riset dan Inovasi Daerah", "Badan", None,
     "Bapperida|Bappeda|Badan Perencanaan Pembangunan Daerah"),
    ("BKD", "Badan Kepegawaian Daerah", "Badan", 95, "BKD|Badan Kepegawaian|BKD Prov"),
    ("BPSDM", "Badan Pengembangan Sumber Daya Manusia", "Badan", 80, "BPSDM|BPSDM Prov"),
    ("BAPENDA", "Badan Pendapatan Daerah", "Badan", 310, "Bapenda|Badan Pendapatn Daerah"),
    ("BPKAD", "Badan Pengelolaan Keuangan dan Aset Daerah", "Badan", 140,
     "BPKAD|Badan Keuangan dan Aset"),
    ("BPBPK", "Badan Penanggulangan Bencana dan Pemadam Kebakaran", "Badan", 120, "BPBPK|BPBD|Badan Penanggulangan Bencana Daerah"),
    ("KESBANGPOL", "Badan Kesatuan Bangsa dan Politik", "Badan", 60,
     "Kesbangpol|Badan Kesbangpol"),
    ("BPENGHUBUNG", "Badan Penghubung", "Badan", 17, "Badan Penghubung Provinsi|Kantor Penghubung"),
    ("BIRO_ORG", "Biro Organisasi", "Biro", 45, "Biro Organisasi Setda|Biro Org|Ortal"),
    ("BIRO_HUKUM", "Biro Hukum", "Biro", 40, "Biro Hukum Setda|Biro Hkm"),
    ("BIRO_UMUM", "Biro Umum", "Biro", 150, "Biro Umum Setda|Biro Umm"),
    ("BIRO_PEM", "Biro Pemerintahan dan Otonomi Daerah", "Biro", 45,
     "Biro Pemerintahan|Biro Pem Otda"),
    ("BIRO_KESRA", "Biro Kesejahteraan Rakyat", "Biro", 28, "Biro Kesra"),
    ("BIRO_EKON", "Biro Perekonomian", "Biro", 26, "Biro Ekonomi|Biro Perekonomian Setda"),
    ("BIRO_ADPEM", "Biro Administrasi Pembangunan", "Biro", 24, "Biro Adpem|Biro Adm Pembangunan"),
    ("BIRO_PBJ", "Biro Pengadaan Barang dan Jasa", "Biro", 40, "Biro PBJ|Biro Pengadaan"),
    ("BIRO_ADPIM", "Biro Administrasi Pimpinan", "Biro", 55, "Biro Adpim|Biro Protokol"),
    ("RSUD_DORIS", "RSUD dr. Doris Sylvanus", "Rumah Sakit", 1450,
     "RSUD Doris Sylvanus|RS Doris|RSUD dr Doris Silvanus|Rumah Sakit Umum Daerah dr. Doris Sylvanus"),
    ("RSJ_KALAWA", "RSJ Kalawa Atei", "Rumah Sakit", 180,
     "Rumah Sakit Jiwa Kalawa Atei|RSJ Kalawa Atai|RSJ"),
    ("INSPEKTORAT", "Inspektorat", "Lainnya", 110,
     "Inspektorat Daerah|Inspektorat Provinsi|Itprov"),
    ("SATPOLPP", "Satuan Polisi Pamong Praja", "Lainnya", 280, "Satpol PP|Satpol-PP|Sat Pol PP|Satpol PP dan Damkar"),
    ("SETWAN", "Sekretariat DPRD", "Lainnya", 120, "Setwan|Sekretariat Dewan|Sekwan"),
)


#: (code, parent, name, headcount before jitter, aliases)
_SUBUNITS: tuple[tuple[str, str, str, int, str], ...] = (
    ("DISDIK-BID-SMA", "DISDIK", "Bidang Pembinaan SMA", 40, "Bidang SMA"),
    ("DISDIK-BID-SMK", "DISDIK", "Bidang Pembinaan SMK", 38, "Bidang SMK"),
    ("DISDIK-BID-PKLK", "DISDIK", "Bidang Pendidikan Khusus dan Layanan Khusus", 25, "Bidang PKLK"),
    ("DINKES-UPT-LABKES", "DINKES", "UPT Laboratorium Kesehatan Daerah", 45, "Labkesda|UPT Labkes"),
    ("DINKES-UPT-PELKES", "DINKES", "UPT Pelatihan Kesehatan", 30, "UPT Pelkes|Bapelkes"),
    ("DPUPR-BID-BM", "DPUPR", "Bidang Bina Marga", 90, "Bina Marga"),
    ("DPUPR-UPT-LAB", "DPUPR", "UPT Laboratorium Bahan Konstruksi", 25, "Lab Bahan Konstruksi"),
    ("BAPENDA-UPT-SAMSAT-PKY", "BAPENDA", "UPT PPD Samsat Palangka Raya", 60,
     "Samsat Palangka Raya|Samsat PKY"),
    ("BAPENDA-UPT-SAMSAT-SPT", "BAPENDA", "UPT PPD Samsat Sampit", 45, "Samsat Sampit"),
    ("DISHUT-UPT-KPH-KAHAYAN", "DISHUT", "UPT KPH Kahayan Hilir", 40, "KPH Kahayan Hilir"),
    ("DISHUT-UPT-TAHURA", "DISHUT", "UPT Taman Hutan Raya Lapak Jaru", 30, "Tahura Lapak Jaru"),
    ("RSUD_DORIS-INST-IGD", "RSUD_DORIS", "Instalasi Gawat Darurat", 120, "IGD"),
    ("RSUD_DORIS-BID-KEP", "RSUD_DORIS", "Bidang Keperawatan", 300, "Keperawatan"),
)


RENAME = ("BAPPEDALITBANG", "BAPPERIDA")


MERGE = (("DISBUDPAR", "DISPORA"), "DISBUDPARPORA")


SMALL_MAX = 30


def build_units(rng: np.random.Generator) -> pd.DataFrame:
    """The unit table with seed-jittered headcounts per year."""
    rows = []
    head: dict[str, tuple[int | None, int | None]] = {}
    for code, _name, _kind, base, _aliases in _OPDS:
        if base is None:
            continue
        small = base <= SMALL_MAX
        h24 = int(round(base * np.exp(rng.normal(0, 0.08))))
        h24 = int(np.clip(h24, 15, SMALL_MAX)) if small else max(h24, 35)
        gone = code in (RENAME[0], *MERGE[0])
        h25 = None if gone else int(round(h24 * rng.uniform(0.96, 1.06)))
        if h25 is not None and small:
            h25 = int(np.clip(h25, 15, SMALL_MAX))
        head[code] = (h24, h25)
    head[RENAME[1]] = (None, int(round(head[RENAME[0]][0] * rng.uniform(0.97, 1.04))))
    head[MERGE[1]] = (None, int(round(sum(head[c][0] for c in MERGE[0]) * rng.uniform(0.96, 1.0))))
    replaced = {RENAME[0]: RENAME[1], **{c: MERGE[1] for c in MERGE[0]}}
    for code, name, kind, _, aliases in _OPDS:
        rows.append((code, name, "opd", "", kind, aliases, *head[code], replaced.get(code, "")))
    kinds = {c[0]: c[2] for c in _OPDS}
    for code, parent, name, base, aliases in _SUBUNITS:
        h24 = int(round(base * np.exp(rng.normal(0, 0.08))))
        h25 = int(round(h24 * rng.uniform(0.96, 1.06)))
        rows.append((code, name, "subunit", parent, kinds[parent], aliases, h24, h25, ""))
    units = pd.DataFrame(rows, columns=COLUMNS_UNITS)
    for y in YEARS:  # sub-units take at most 80% of the parent's staff
        col = f"headcount_{y}"
        for parent, grp in units[units["level"] == "subunit"].groupby("parent"):
            cap = int(0.8 * units.loc[units["code"] == parent, col].iloc[0])
            if grp[col].sum() > cap:
                units.loc[grp.index, col] = np.floor(grp[col] * cap / grp[col].sum()).astype(int)
        units[col] = pd.array(units[col], dtype="Int64")
    return units


def year_opd_codes(units: pd.DataFrame, year: int) -> list[str]:
    opd = units[(units["level"] == "opd") & units[f"headcount_{year}"].notna()]
    return opd["code"].tolist()


def predecessors(units: pd.DataFrame, code: str) -> list[str]:
    """The 2024 OPDs whose staff form ``code`` in 2025 (itself when it continues)."""
    codes = units["code"].tolist()
    if code in codes and not pd.isna(units["headcount_2024"].iloc[codes.index(code)]):
        return [code]
    return [c for c, r in zip(codes, units["replaced_by"].tolist(), strict=True) if r == code]


def plan_levels(rng: np.random.Generator, units: pd.DataFrame, ins: Instrument) -> dict:
    """Planned index per OPD and year, value targets, and the change class of each OPD."""
    values = ins.value_codes
    offsets = np.array([VALUE_OFFSETS[v] for v in values])
    hc = units.set_index("code")
    c24, c25 = year_opd_codes(units, 2024), year_opd_codes(units, 2025)
    w24 = hc.loc[c24, "headcount_2024"].to_numpy(dtype=float)
    a = opd_effects(rng, len(c24))
    plan24 = dict(zip(c24, PROVINCE_LEVEL[2024] + a - np.average(a, weights=w24), strict=True))
    g24 = dict(zip(c24, draw_interactions(rng, len(c24), len(values)), strict=True))

    eligible = [c for c in c24 if c in c25 and 120 <= hc.loc[c, "headcount_2024"] <= 1000]
    picked = rng.choice(eligible, size=sum(N_CHANGE.values()), replace=False)
    change_class = {c: "stable" for c in c25}
    change_class[RENAME[0]] = change_class[MERGE[0][0]] = change_class[MERGE[0][1]] = "replaced"
    change_class.update({str(c): "improve" for c in picked[:N_CHANGE["improve"]]})
    change_class.update({str(c): "decline" for c in picked[N_CHANGE["improve"]:]})

    base25, g25, planted = {}, {}, {}
    for c in c25:
        pre = predecessors(units, c)
        w = hc.loc[pre, "headcount_2024"].to_numpy(dtype=float)
        base25[c] = float(np.average([plan24[p] for p in pre], weights=w))
        g = np.average(np.array([g24[p] for p in pre]), axis=0, weights=w)
        g = g + rng.normal(0, 0.5, len(values))
        g25[c] = g - g.mean()
        cls = change_class[c]
        planted[c] = rng.uniform(*CHANGE[cls]) if cls in CHANGE else rng.normal(0, 1.0)
    w25 = hc.loc[c25, "headcount_2025"].to_numpy(dtype=float)
    stable = np.array([change_class[c] == "stable" for c in c25])
    gap = PROVINCE_LEVEL[2025] - np.average([base25[c] + planted[c] for c in c25], weights=w25)
    trend = gap * w25.sum() / w25[stable].sum()
    plan25 = {c: base25[c] + planted[c] + (trend if change_class[c] == "stable" else 0.0)
              for c in c25}
    return {"plan": {2024: plan24, 2025: plan25}, "interaction": {2024: g24, 2025: g25},
            "offsets": offsets, "change": change_class, "trend": float(trend)}


_MALE = ("Agus", "Ahmad", "Andi", "Ari", "Bambang", "Budi", "Dedi", "Eko", "Fajar", "Hendra",
         "Irwan", "Joko", "Markus", "Muhammad", "Petrus", "Rahmat", "Rizky", "Slamet", "Yohanes",
         "Yusuf", "Darius", "Heriyanto", "Sugianto", "Wahyu", "Teguh", "Arif", "Gusti", "Rudi",
         "Iwan", "Benny", "Yosef", "Ilham", "Samuel", "Firdaus", "Nanang")


_FEMALE = ("Siti", "Nur", "Dewi", "Sri", "Rina", "Ratna", "Yuli", "Fitri", "Maria", "Elisabeth",
           "Wulan", "Novita", "Indah", "Ayu", "Putri", "Desi", "Kristina", "Meiliana", "Herlina",
           "Rosita", "Yenny", "Erna", "Lina", "Santi", "Mega", "Nurul", "Dian", "Evi", "Rahmawati",
           "Theresia", "Septiani", "Anisa")


_LAST = ("Nahan", "Ngabut", "Bungai", "Tambun", "Dehen", "Rangka", "Lambung", "Usup", "Nyahu",
         "Sabran", "Sahay", "Tundan", "Narang", "Ajun", "Saputra", "Wijaya", "Pratama", "Hidayat",
         "Santoso", "Rahman", "Kurniawan", "Nugroho", "Setiawan", "Hakim", "Fauzi", "Ramadhan",
         "Simanjuntak", "Siregar", "Lubis", "Halim", "Purnama", "Kusuma", "Effendi", "Syahrani",
         "Tingang", "Anyai", "Liling", "Jaya")


_LAST_F = ("Anggraini", "Handayani", "Susanti", "Yulianti", "Rahayu", "Lestari", "Wati", "Sari",
           "Utami", "Safitri")


_DEGREES = (", S.E.", ", S.Sos.", ", S.Pd.", ", S.Kep.", ", S.H.", ", S.T.", ", S.Kom.",
            ", A.Md.", ", M.Si.", ", S.K.M.", ", S.Hut.", ", M.M.")


_PREFIXES = ("0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853", "0877", "0878",
             "0881", "0895", "0896")


def _grade(rng: np.random.Generator, status: np.ndarray, jabatan: np.ndarray,
           tenure: np.ndarray) -> np.ndarray:
    u = rng.random(len(status))
    pns = np.select(
        [jabatan == "Struktural", jabatan == "Fungsional"],
        [np.where(u < 0.6, "IV", "III"), np.where(u < 0.3, "IV", np.where(u < 0.9, "III", "II"))],
        np.where(u < 0.05, "I", np.where(u < 0.5, "II", np.where(u < 0.95, "III", "IV"))))
    pns = np.where((tenure < 4) & (pns == "IV"), "III", pns)
    pppk = np.where(u < 0.5, "IX", np.where(u < 0.8, "VII", "V"))
    return np.where(status == "PPPK", pppk, pns)


def _people(rng: np.random.Generator, opd: np.ndarray, opd_type: np.ndarray, ref: datetime,
            new_hire: bool = False) -> pd.DataFrame:
    """Staff records: demographics, dates, a unique-looking NIP, name, e-mail and phone."""
    n = len(opd)
    demo = draw_demographics(rng, opd_type)
    if new_hire:
        demo["age"] = rng.uniform(23, 35, n)
        demo["tenure"] = rng.uniform(0.3, 0.8, n)
        demo["jabatan"] = np.where(demo["jabatan"] == "Struktural", "Pelaksana", demo["jabatan"])
    ref64 = np.datetime64(ref.date(), "D")
    birth = ref64 - np.round(demo["age"] * 365.25).astype("timedelta64[D]")
    appoint = ref64 - np.round(demo["tenure"] * 365.25).astype("timedelta64[D]")
    female = demo["gender"] == "Perempuan"
    seq = rng.integers(1, 1000, n)
    b = pd.DatetimeIndex(birth).strftime("%Y%m%d")
    ap = pd.DatetimeIndex(appoint).strftime("%Y%m")
    nip = [f"{x}{y}{2 if f else 1}{s:03d}" for x, y, f, s in zip(b, ap, female, seq, strict=True)]
    first = np.where(female, np.array(_FEMALE)[rng.integers(0, len(_FEMALE), n)],
                     np.array(_MALE)[rng.integers(0, len(_MALE), n)])
    last_pool = np.array(_LAST + _LAST_F)
    last = np.where(female, last_pool[rng.integers(0, len(last_pool), n)],
                    np.array(_LAST)[rng.integers(0, len(_LAST), n)])
    degree = np.where(rng.random(n) < 0.35, np.array(_DEGREES)[rng.integers(0, len(_DEGREES), n)],
                      "")
    style = rng.random(n)
    names, emails = [], []
    domains = np.array(["gmail.com", "gmail.com", "gmail.com", "kalteng.go.id", "yahoo.co.id"])
    dom = domains[rng.integers(0, len(domains), n)]
    num = rng.integers(1, 99, n)
    for i in range(n):
        full = f"{first[i]} {last[i]}"
        full = full.upper() if style[i] < 0.1 else full.lower() if style[i] < 0.14 else full
        names.append(full + degree[i])
        local = f"{first[i]}.{last[i]}".lower()
        emails.append(f"{local}@{dom[i]}" if dom[i] == "kalteng.go.id" else f"{local}{num[i]}@{dom[i]}")
    pre = np.array(_PREFIXES)[rng.integers(0, len(_PREFIXES), n)]
    digits = rng.integers(10**6, 10**8, n)
    phone = [f"{p}{d}" for p, d in zip(pre, digits, strict=True)]
    return pd.DataFrame({
        "opd": opd, "opd_type": opd_type, "status": demo["status"], "jabatan": demo["jabatan"],
        "gender": demo["gender"], "birth": birth, "appoint": appoint,
        "golongan": _grade(rng, demo["status"], demo["jabatan"], demo["tenure"]),
        "nip": nip, "name": names, "email": emails, "phone": phone})


def _unique_nips(rng: np.random.Generator, nips: pd.Series) -> pd.Series:
    nips = nips.copy()
    while nips.duplicated().any():
        dup = nips.duplicated()
        nips[dup] = [s[:15] + f"{rng.integers(1, 1000):03d}" for s in nips[dup]]
    return nips


def ages_at(pop: pd.DataFrame, ref: datetime) -> tuple[np.ndarray, np.ndarray]:
    ref64 = np.datetime64(ref.date(), "D")
    age = (ref64 - pop["birth"].to_numpy(dtype="datetime64[D]")).astype(float) / 365.25
    tenure = (ref64 - pop["appoint"].to_numpy(dtype="datetime64[D]")).astype(float) / 365.25
    return age, tenure


def _assign_subunits(rng: np.random.Generator, pop: pd.DataFrame, units: pd.DataFrame,
                     year: int) -> np.ndarray:
    """Sub-unit code per person ('' for none); 2025 staff keep their 2024 sub-unit if it fits."""
    out = np.full(len(pop), "", dtype=object)
    subs = units[units["level"] == "subunit"]
    prev = pop["subunit_prev"].to_numpy(dtype=object) if "subunit_prev" in pop else out
    for parent, grp in subs.groupby("parent", sort=False):
        members = np.flatnonzero(pop["opd"].to_numpy() == parent)
        free = set(members.tolist())
        for code, size in zip(grp["code"], grp[f"headcount_{year}"], strict=True):
            stay = members[prev[members] == code][: int(size)].tolist()
            free.difference_update(stay)
            pool = np.array(sorted(free), dtype=int)
            more = rng.choice(pool, size=int(size) - len(stay), replace=False)
            free.difference_update(more.tolist())
            out[np.array(stay + more.tolist(), dtype=int)] = code
    return out


def build_population(rng: np.random.Generator, units: pd.DataFrame,
                      model: Model) -> tuple[dict[int, pd.DataFrame], dict[int, np.ndarray]]:
    """The full staff of every OPD in 2024 and 2025, and their latent deviations ``z``."""
    hc = units.set_index("code")
    refs = {y: datetime(y, 10, 1) for y in YEARS}
    c24 = year_opd_codes(units, 2024)
    opd = np.repeat(c24, hc.loc[c24, "headcount_2024"].to_numpy(dtype=int))
    pop24 = _people(rng, opd, hc.loc[opd, "opd_type"].to_numpy(dtype=object), refs[2024])
    pop24["nip"] = _unique_nips(rng, pop24["nip"])
    pop24["subunit"] = _assign_subunits(rng, pop24, units, 2024)
    z24 = draw_latent(rng, len(pop24), model)

    parts, zs, hires = [], [], []
    for c in year_opd_codes(units, 2025):
        n25 = int(hc.loc[c, "headcount_2025"])
        pool = np.flatnonzero(pop24["opd"].isin(predecessors(units, c)).to_numpy())
        keep = np.sort(rng.choice(pool, size=min(round(RETAINED * n25), len(pool)), replace=False))
        parts.append(pop24.iloc[keep].assign(opd=c, subunit_prev=pop24["subunit"].to_numpy()[keep],
                                             new=False))
        zs.append(PERSISTENCE * z24[keep] + np.sqrt(1 - PERSISTENCE**2)
                  * draw_latent(rng, len(keep), model))
        hires += [c] * (n25 - len(keep))
    hires = np.array(hires, dtype=object)
    parts.append(_people(rng, hires, hc.loc[hires, "opd_type"].to_numpy(dtype=object), refs[2025],
                         new_hire=True).assign(subunit_prev="", new=True))
    zs.append(draw_latent(rng, len(hires), model))
    pop25 = pd.concat(parts, ignore_index=True)
    is_new = pop25["new"].to_numpy(dtype=bool)
    nips = _unique_nips(rng, pd.concat([pop24["nip"], pop25.loc[is_new, "nip"]], ignore_index=True))
    pop25.loc[is_new, "nip"] = nips.iloc[len(pop24):].to_numpy()
    pop25["subunit"] = _assign_subunits(rng, pop25, units, 2025)
    pops = {2024: pop24.reset_index(drop=True), 2025: pop25.drop(columns=["subunit_prev", "new"])}
    return pops, {2024: z24, 2025: np.vstack(zs)}


def latent_scores(pop: pd.DataFrame, z: np.ndarray, year: int, plan: dict, ins: Instrument,
                  model: Model) -> np.ndarray:
    """Latent value scores ``eta`` (persons, values) of the whole staff of ``year``.

    No random draw: the unit means solved from the plan, the demographic shift and ``z``.
    """
    codes = list(plan["plan"][year])
    targets = np.array([plan["plan"][year][c] + plan["offsets"] + plan["interaction"][year][c]
                        for c in codes])
    mu = solve_latent_means(targets, ins, model)
    unit = pd.Index(codes).get_indexer(pop["opd"])
    age, tenure = ages_at(pop, datetime(year, 10, 1))
    demo = {"status": pop["status"].to_numpy(), "jabatan": pop["jabatan"].to_numpy(),
            "gender": pop["gender"].to_numpy(), "age": age, "tenure": tenure}
    return mu[unit] + demographic_shift(demo, unit)[:, None] + z


def simulate_year(rng: np.random.Generator, pop: pd.DataFrame, z: np.ndarray, year: int,
                  plan: dict, ins: Instrument, model: Model) -> np.ndarray:
    """Answers (int8, as answered) of the whole staff of ``year``."""
    eta = latent_scores(pop, z, year, plan, ins, model)
    return draw_items(rng, eta, ins, model).astype(np.int8)
