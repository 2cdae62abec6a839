"""Reproducible installs: the locks hold every package with its hashes, agree with the pins of
requirements*.txt, and are what this environment runs; `pip check` finds nothing broken."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import lock  # noqa: E402  (scripts/lock.py: how the locks are made)

PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;#]+)", re.M)


def _pins(*names: str) -> dict[str, str]:
    out = {}
    for name in names:
        for m in PIN.finditer((ROOT / name).read_text(encoding="utf-8")):
            out[lock.normalise(m.group(1))] = m.group(2)
    return out


def _locked(name: str) -> dict[str, str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    blocks = lock.entries(text)
    for pkg, block in blocks.items():
        assert "--hash=sha256:" in block, f"{name}: {pkg} has no hash"
    return {pkg: PIN.match(block).group(2) for pkg, block in blocks.items()}


def test_the_lock_agrees_with_every_pin():
    pins = _pins("requirements.txt", "requirements-test.txt")
    locked = _locked("requirements.lock")
    wrong = {k: (v, locked.get(k)) for k, v in pins.items() if locked.get(k) != v}
    assert not wrong, f"requirements.lock disagrees with the pins (run `make lock`): {wrong}"


def test_the_properdocs_lock_is_the_same_set_with_properdocs_for_mkdocs():
    main, other = _locked("requirements.lock"), _locked("requirements-properdocs.lock")
    assert "properdocs" in other and "mkdocs" not in other and "mkdocs" in main
    shared = {k: v for k, v in main.items() if k not in lock.MKDOCS_ONLY}
    assert {k: other.get(k) for k in shared} == shared


def test_this_environment_is_the_lock():
    if Path(sys.prefix).name != ".venv":
        return  # another environment (the ProperDocs one) is checked by its own lock
    locked = _locked("requirements.lock")
    installed = {lock.normalise(d.metadata["Name"]): d.version for d in metadata.distributions()}
    installed = {k: v for k, v in installed.items() if k not in ("cmg", "pip", "setuptools", "wheel")}
    assert installed == locked


def test_pip_check_is_clean():
    r = subprocess.run([sys.executable, "-m", "pip", "check", "--disable-pip-version-check"],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
