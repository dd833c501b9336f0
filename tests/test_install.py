"""The package stands on its own: installed (not editable) into a folder of its own and run outside the
repository, it parses files and loads a corpus; nothing is read from beside the package's location."""
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_installed_package_works_outside_the_repository(tmp_path):
    src = tmp_path / "src"  # a copy, so that the build leaves nothing in the repository
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src)
    shutil.copytree(ROOT / "lib", src / "lib", ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"))
    target = tmp_path / "site"
    out = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                          "--disable-pip-version-check", "--target", str(target), str(src)],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-2000:]
    work = tmp_path / "work"
    shutil.copytree(ROOT / "seeds", work / "seeds")
    env = {k: v for k, v in os.environ.items() if k != "GOVREPORTS_CORPUS"}
    env["PYTHONPATH"] = str(target)
    code = "import govreports as gr; print(gr.__file__); print(len(gr.load_corpus('seeds').reports))"
    r = subprocess.run([sys.executable, "-c", code], cwd=work, env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr[-2000:]
    where, n = r.stdout.split()
    assert where.startswith(str(target)) and n == "5"
    files = sorted(str(p.relative_to(work)) for p in (work / "seeds").glob("*.txt"))
    p = subprocess.run([sys.executable, "-m", "govreports", "parse", "--json", *files], cwd=work, env=env,
                       capture_output=True, text=True, timeout=300)
    assert p.returncode == 0 and len(json.loads(p.stdout)) == 5
    # outside a book and without GOVREPORTS_CORPUS there is no default corpus: one clear line
    none = subprocess.run([sys.executable, "-m", "govreports", "check"], cwd=work, env=env, capture_output=True,
                          text=True, timeout=300)
    assert none.returncode == 2 and none.stderr.startswith("error: ") and "GOVREPORTS_CORPUS" in none.stderr
