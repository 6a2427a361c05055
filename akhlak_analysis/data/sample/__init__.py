"""Synthetic sample data: a fictional-but-realistic province with planted data defects.

:func:`write_sample` writes ``data/sample/`` for "Provinsi Kalimantan Tengah (contoh
sintetis)": the unit table, the 2024 Google Forms export (CSV), the 2025 survey-app workbook
(XLSX), the truth file, a unit-level indicator and the 2025 action plans. Output is
deterministic for a seed: the same seed gives byte-identical files.
:func:`simulate_responses` draws a large coded table from the same model for benchmarks.

The latent model
----------------
Each civil servant *i* in unit *u* has seven latent value scores (one per BerAKHLAK value *v*)

    eta_iv = mu_uv + delta_i + z_iv,    z_i ~ N(0, R),

with ``R`` a correlation matrix whose off-diagonal entries are drawn in .62-.78. An item *j*
of value *v* is answered through a continuous response

    y*_ij = lambda_j * eta_iv + sqrt(1 - lambda_j^2) * e_ij,    e_ij ~ N(0, 1),

with loadings ``lambda_j`` drawn in .65-.85 (.60-.65 for the negatively worded items), cut
into 1..5 at the common thresholds ``tau = (-2.2, -1.5, -0.6, 0.9)``. Reverse-keyed items
(``KO4``, ``AD4`` in 2025) are answered reversed (``6 - x``) and scored back. Given
``eta``'s mean, ``y*`` has unit variance, so the expected value score is
``25 * mean_j sum_k Phi(lambda_j * mu_uv - tau_k)`` and the unit means ``mu_uv`` are solved
(bisection) to hit a planned score on the 0-100 scale:

    planned_uvt = P_t + a_u + d_v + g_uv + c_ut

- ``P_t``: province level (76.3 in 2024 and 79.0 in 2025, headcount-weighted);
- ``a_u``: OPD random effect on the index scale, normal quantiles with SD 5 (so OPD indices
  spread about 65-88), centred with headcount weights;
- ``d_v``: value intercepts (Adaptif -6, Kompeten -3.5, ..., Akuntabel +4, Loyal +4.5), so
  Adaptif and Kompeten are lowest, Akuntabel and Loyal highest;
- ``g_uv``: OPD-by-value interaction (SD 1.5, centred within OPD);
- ``c_ut``: 2025 change: +7.5..+9.5 for four "improve" OPDs, -7.5..-5.5 for three "decline"
  OPDs (both drawn among OPDs of 120-1000 staff), province trend + N(0, 1) for the rest, the
  trend solved so that ``P_2025`` holds. Renamed and merged OPDs start 2025 from the
  headcount-weighted level of their predecessors.

``delta_i`` is a small demographic effect (position type, employment status, gender, age,
tenure; each at most .12 latent SD) centred within the unit, so it does not move the unit's
planned level. The FULL population of each OPD (its headcount) is simulated; 93% of a unit's
2025 staff are its 2024 staff, whose ``z`` carries over with correlation .7. The truth per OPD
is the population mean (finite-population truth); respondents are a simple random sample of
``round(N * rate)`` persons, response rates 20-80% by OPD.

Defect counts in ``truth.json`` are counts in the written files: rows (a duplicate's second
submission counts once under ``duplicates``) or item cells. Planted row defects (duplicates,
straight-liners, too few answers, speeders, mangled NIPs, unknown unit) fall on disjoint
respondents; cell defects fall only on other rows. Rows that happen to answer every item
identically by chance are broken by one item, so the planted straight-liners are exactly the
rows with all items answered identically.
"""

from __future__ import annotations

from ._model import DEFAULT_SEED, INSTRUMENTS, PROVINCE, UNKNOWN_UNIT, YEARS
from .simulate import simulate_responses, simulate_units
from .writer import FILES, write_sample

__all__ = ["DEFAULT_SEED", "FILES", "INSTRUMENTS", "PROVINCE", "UNKNOWN_UNIT", "YEARS", "simulate_responses", "simulate_units", "write_sample"]
