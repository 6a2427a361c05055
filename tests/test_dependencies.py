"""pyproject.toml, requirements.lock and environment.yml must agree on every direct dependency."""

from __future__ import annotations

import re

import tomllib
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import ROOT

CONDA_NAMES = {"pyyaml": "pyyaml"}  # conda-forge names equal PyPI names for our packages


def _direct() -> dict[str, Requirement]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = [*meta["dependencies"], *meta["optional-dependencies"]["dev"]]
    return {canonicalize_name(Requirement(r).name): Requirement(r) for r in reqs}


def _lock() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    return pins


def _conda() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pins = {}
    for dep in env["dependencies"]:
        for spec in dep["pip"] if isinstance(dep, dict) else [dep]:
            m = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*={1,2}\s*([^\s=]+)", spec)
            if m:
                pins[canonicalize_name(m.group(1))] = m.group(2)
    return pins


def test_every_direct_dependency_is_pinned_in_the_lock_within_its_range():
    lock = _lock()
    for name, req in _direct().items():
        assert name in lock, f"{name} is in pyproject.toml but not pinned in requirements.lock"
        assert req.specifier.contains(lock[name], prereleases=True), (
            f"requirements.lock pins {name}=={lock[name]}, outside pyproject's {req.specifier}")


def test_environment_yml_pins_the_same_versions_as_the_lock():
    lock, conda = _lock(), _conda()
    for name in _direct():
        assert name in conda, f"{name} is missing from environment.yml"
        assert conda[name] == lock[name], (
            f"environment.yml pins {name}={conda[name]}, requirements.lock {lock[name]}")


def test_lock_has_no_duplicates_and_exact_pins():
    lines = [ln for ln in (ROOT / "requirements.lock").read_text().splitlines()
             if ln.strip() and not ln.startswith("#")]
    names = [canonicalize_name(ln.split("==")[0]) for ln in lines]
    assert all("==" in ln for ln in lines)
    assert len(names) == len(set(names))
