"""A non-editable install works: the wheel ships every module, the catalogue and the SQL models, and
`giar run` from a fresh virtual environment loads a warehouse.

The wheel is built from a copy of the sources without build isolation, and installed with --no-deps
--no-index into a new venv that sees this venv's packages through a path file: seconds, and nothing
downloads. The new venv imports giar_pipeline from the wheel, never from this checkout.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import duckdb
import pytest

from giar_pipeline.synth import generate_corpus

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "README.md", "giar_pipeline", "dbt_like_sql")


def _run(args, **kw) -> subprocess.CompletedProcess:
    out = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kw)
    assert out.returncode == 0, f"{args}:\n{out.stdout}\n{out.stderr}"
    return out


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    src, dist = tmp_path_factory.mktemp("src"), tmp_path_factory.mktemp("dist")
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(ROOT / name, src / name)
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", dist, src])
    (whl,) = dist.glob("giar-*.whl")
    return whl


def test_wheel_ships_every_module_the_catalogue_and_the_sql_models(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "giar_pipeline").rglob("*.py")}
    assert modules - names == set(), "a subpackage is missing from [tool.setuptools] packages in pyproject.toml"
    data = {
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "giar_pipeline").rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"}
    }
    assert "giar_pipeline/catalogue/templates.yaml" in data
    assert data - names == set(), "a data file is missing from [tool.setuptools.package-data] in pyproject.toml"
    sql = {f"giar_pipeline/dbt_like_sql/{p.name}" for p in (ROOT / "dbt_like_sql").glob("*.sql")}
    assert sql and sql <= names


def test_giar_run_from_an_installed_wheel_fills_the_warehouse(wheel, tmp_path):
    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    python = venv / "bin" / "python"
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"]).stdout.strip())
    # this venv's dependencies (dagster, duckdb, GX, ...), after the new venv's own site-packages
    (site / "project_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    _run([sys.executable, "-m", "pip", "--python", python, "install", "-q", "--no-deps", "--no-index", wheel])

    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "GIAR_SQL_DIR", "GIAR_ENV"}}
    env["DAGSTER_HOME"] = str(tmp_path / "dagster_home")
    (tmp_path / "dagster_home").mkdir()
    where = _run(
        [python, "-c", "import giar_pipeline.warehouse.models as m; print(m.__file__, m.SQL_DIR)"],
        cwd=tmp_path,
        env=env,
    ).stdout.split()
    assert all(Path(p).is_relative_to(site) for p in where), where  # the wheel's code and the wheel's SQL

    docs = generate_corpus(tmp_path / "landing", 4, seed=21, write_truth=False)
    _run(
        [venv / "bin" / "giar", "run", tmp_path / "landing", "--warehouse", tmp_path / "w.duckdb"],
        cwd=tmp_path,
        env=env,
    )
    with duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True) as c:
        assert c.execute("SELECT count(*) FROM reports WHERE status = 'ok'").fetchall() == [(len(docs),)]
        assert c.execute("SELECT count(DISTINCT report_id) FROM report_cells").fetchall() == [(len(docs),)]
        assert c.execute("SELECT sum(reports) FROM mart_issuer_year").fetchall() == [(len(docs),)]  # SQL models ran
