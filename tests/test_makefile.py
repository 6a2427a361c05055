"""``make report CONFIG=...`` and ``make check`` take the config path as the user typed it:
relative to the user's own folder (also with ``make -C <repo>``), spaces allowed.

The Makefile's recipes run with a stand-in for the ``akhlak`` command (``AKHLAK=``) that writes
down the folder it ran in and its arguments, so the test needs neither the venv nor a report.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


@pytest.fixture
def fake(tmp_path: Path) -> dict[str, Path]:
    """A stand-in akhlak, an up-to-date venv stamp and a key file, outside the repository."""
    tools = tmp_path / "tools"
    tools.mkdir()
    record = tools / "record.txt"
    akhlak = tools / "akhlak"
    akhlak.write_text(f"#!/bin/sh\npwd > '{record}'\nfor a in \"$@\"; do echo \"$a\" >> "
                      f"'{record}'; done\n")
    akhlak.chmod(0o755)
    stamp = tools / "installed"
    stamp.write_text("")
    future = time.time() + 3600  # newer than requirements.lock and pyproject.toml
    os.utime(stamp, (future, future))
    key = tools / "key"
    key.write_text("k\n")
    return {"akhlak": akhlak, "stamp": stamp, "key": key, "record": record}


def _make(cwd: Path, fake: dict[str, Path], *args: str) -> list[str]:
    """Run make -C <repo> from ``cwd`` as a shell would (PWD = cwd); the recorded lines."""
    env = {**os.environ, "PWD": str(cwd)}
    env.pop("CONFIG", None)
    env.pop("MAKEFLAGS", None)
    subprocess.run(["make", "--no-print-directory", "-C", str(ROOT), *args,
                    f"AKHLAK={fake['akhlak']}", f"STAMP={fake['stamp']}",
                    f"AKHLAK_ID_KEY_FILE={fake['key']}"],
                   cwd=cwd, env=env, check=True, capture_output=True, text=True)
    return fake["record"].read_text().splitlines()


@pytest.mark.parametrize("target", ["report", "check"])
def test_config_relative_to_the_callers_folder_with_spaces(tmp_path, fake, target):
    folder = tmp_path / "Survei Kabupaten"
    (folder / "data 2025").mkdir(parents=True)
    (folder / "data 2025" / "analysis.yaml").write_text("years: {}\n")
    cwd, *args = _make(folder, fake, target, "CONFIG=data 2025/analysis.yaml", "YEAR=2025")
    assert Path(cwd) == folder
    assert args == [target, "--config", "data 2025/analysis.yaml", "--year", "2025"]
    assert (Path(cwd) / args[2]).is_file()


def test_the_default_config_is_the_repositorys_sample(tmp_path, fake):
    cwd, *args = _make(tmp_path, fake, "report")
    assert Path(cwd) == ROOT and args == ["report", "--config", "data/sample/analysis.yaml"]
    assert (Path(cwd) / args[2]).is_file()


def test_an_absolute_config_path_is_used_as_it_is(tmp_path, fake):
    config = tmp_path / "a b" / "analysis.yaml"
    config.parent.mkdir()
    config.write_text("years: {}\n")
    _, *args = _make(ROOT, fake, "check", f"CONFIG={config}")
    assert args == ["check", "--config", str(config)]
