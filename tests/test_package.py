"""The distribution: a wheel built from the repository and installed outside it is
self-contained (the rule assets inside the package) and works from any directory."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT, SEED


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist),
                    str(ROOT)], check=True, capture_output=True)
    return next(dist.glob("newsfacts-*.whl"))


@pytest.fixture(scope="module")
def environment(wheel, tmp_path_factory):
    """A fresh virtual environment with the wheel installed; its dependencies are this
    environment's (a path entry: no .pth file of ours runs there, so the repository's
    editable install is not visible)."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    with open(f"{site}/dependencies.pth", "w", encoding="utf-8") as fh:
        fh.write("".join(f"{path}\n" for path in sys.path if path.endswith("site-packages")))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
                    str(wheel)], check=True, capture_output=True)
    return venv


def test_the_wheel_holds_one_package_with_its_rule_assets(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith((".dist-info", ".data"))}
    assert top == {"newsfacts"}  # nothing under a generic name such as `pipeline` or `models`
    for asset in ("units.json", "entity_patterns.jsonl", "boilerplate.json", "chinese_surnames.txt"):
        assert f"newsfacts/models/{asset}" in names


def test_the_installed_command_runs_an_article_from_another_directory(environment, tmp_path):
    out = tmp_path / "out"
    done = subprocess.run([str(environment / "bin" / "newsfacts"), "run", str(SEED), "-o", str(out), "--no-progress"],
                          cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    record = json.loads((out / "documents.jsonl").read_text(encoding="utf-8"))
    assert record["status"] == "ok" and record["metadata"]["agency"] == "Xinhua"
    assert any(e["canonical"] == "China National Space Administration" for e in record["entities"])
    assert any(q["text"] == "about 1,731 grams" for q in record["quantities"])


def test_the_installed_package_imports_as_newsfacts(environment, tmp_path):
    code = ("import newsfacts, pathlib, sys; "
            "record = newsfacts.extract(pathlib.Path(sys.argv[1]).read_text(encoding='utf-8')); "
            "print(newsfacts.__file__); print(record['status'], record['metadata']['dateline'])")
    done = subprocess.run([str(environment / "bin" / "python"), "-c", code, str(SEED)], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    location, result = done.stdout.splitlines()
    assert str(environment) in location and str(ROOT) not in location
    assert result == "ok Shanghai"
    done = subprocess.run([str(environment / "bin" / "python"), "-m", "newsfacts", "--version"], cwd=tmp_path,
                          capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.startswith("newsfacts ")
