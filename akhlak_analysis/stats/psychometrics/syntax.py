"""Measurement models as a reviewer writes them: the lavaan model syntax.

Every psychometric function that takes ``factors`` also takes a lavaan-syntax string::

    visual  =~ x1 + x2 + x3
    textual =~ x4 + x5 + x6 + x9      # x9 cross-loads on textual
    speed   =~ x7 + x8 + x9
    x7 ~~ x8                          # residual covariance

The supported operators are ``=~`` (loadings; an item under two factors is a cross-loading,
the first item of a factor is its marker) and ``~~`` between two items (a residual
covariance). Factor covariances are free anyway; anything else (regressions ``~``, fixed
values ``1*x1``, labels, ``:=``) raises a ``ValueError`` naming the line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

__all__ = ["MeasurementModel", "parse_model"]

_NAME = re.compile(r"^[A-Za-z_.][A-Za-z0-9_.]*$")


@dataclass(frozen=True)
class MeasurementModel:
    """A parsed measurement model (see :func:`parse_model`)."""

    factors: dict[str, list[str]]
    covariances: tuple[tuple[str, str], ...] = ()

    @property
    def items(self) -> list[str]:
        """Indicators in order of first appearance."""
        seen: dict[str, None] = {}
        for its in self.factors.values():
            for it in its:
                seen.setdefault(it, None)
        return list(seen)

    @property
    def simple(self) -> bool:
        """True when every item loads on one factor and no residual covariance is free."""
        return not self.covariances and len(self.items) == sum(map(len, self.factors.values()))

    def syntax(self) -> str:
        """The model written back as lavaan syntax."""
        lines = [f"{f} =~ {' + '.join(its)}" for f, its in self.factors.items()]
        lines += [f"{a} ~~ {b}" for a, b in self.covariances]
        return "\n".join(lines)


def parse_model(model: str | Mapping[str, Sequence[str]] | MeasurementModel) -> MeasurementModel:
    """Read a lavaan-syntax measurement model (or pass a factor mapping through).

    Parameters
    ----------
    model : str, mapping or MeasurementModel
        lavaan syntax (``=~`` and item ``~~`` item lines; ``#`` comments; lines separated by
        newlines or ``;``), or ``factor -> list of items``.

    Returns
    -------
    MeasurementModel
        ``factors`` (factor -> items, in the order written; an item may appear under several
        factors), ``covariances`` (pairs of items with a free residual covariance).

    Notes
    -----
    The same model in lavaan is ``cfa(model, data)``; lavaan's other operators are not
    needed for measurement models and are refused rather than ignored.

    Examples
    --------
    >>> m = parse_model('''
    ...     visual =~ x1 + x2 + x3
    ...     speed  =~ x7 + x8 + x9 + x1   # x1 cross-loads
    ...     x7 ~~ x8''')
    >>> m.factors, m.covariances, m.simple
    ({'visual': ['x1', 'x2', 'x3'], 'speed': ['x7', 'x8', 'x9', 'x1']}, (('x7', 'x8'),), False)
    """
    if isinstance(model, MeasurementModel):
        return model
    if not isinstance(model, str):
        if not isinstance(model, Mapping):
            raise ValueError("`factors` must be a mapping factor -> list of item columns or "
                             f"a lavaan model string, got {type(model).__name__}")
        return MeasurementModel({str(k): v for k, v in model.items()})
    factors: dict[str, list[str]] = {}
    covs: list[tuple[str, str]] = []
    lines = [ln.split("#", 1)[0].strip() for chunk in model.splitlines() for ln in chunk.split(";")]
    for number, line in enumerate(lines, start=1):
        if not line:
            continue
        if "=~" in line:
            lhs, rhs = (part.strip() for part in line.split("=~", 1))
            terms = [t.strip() for t in rhs.split("+")]
            _check_names(line, [lhs, *terms])
            its = factors.setdefault(lhs, [])
            for t in terms:
                if t in its:
                    raise ValueError(f"model line {number} {line!r}: {t!r} is listed twice")
                its.append(t)
        elif "~~" in line:
            lhs, rhs = (part.strip() for part in line.split("~~", 1))
            _check_names(line, [lhs, rhs])
            if lhs != rhs:
                covs.append((lhs, rhs))
        else:
            raise ValueError(f"model line {number} {line!r}: only '=~' and '~~' are supported")
    if not factors:
        raise ValueError("the model string defines no factor (no '=~' line)")
    latent_covs = [(a, b) for a, b in covs if a in factors or b in factors]
    item_covs = tuple((a, b) for a, b in covs if (a, b) not in latent_covs)
    bad = [(a, b) for a, b in latent_covs if not (a in factors and b in factors)]
    if bad:
        raise ValueError(f"covariance between a factor and an item is not supported: {bad}")
    return MeasurementModel(factors, item_covs)


def _check_names(line: str, names: list[str]) -> None:
    bad = [n for n in names if not _NAME.match(n)]
    if bad:
        raise ValueError(f"model line {line!r}: {bad[0]!r} is not a plain variable name "
                         "(fixed values, labels and modifiers are not supported)")
