"""A wheel built from the repository loads its tables from wherever it is installed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

from tests.conftest import ROOT

PROBE = """
import json, stretchkit as sk
print(json.dumps({
    "module": sk.__file__,
    "data": str(sk.data_path()),
    "version": sk.__version__,
    "rows": {name: len(load()) for name, load in [
        ("muscles", sk.load_muscles), ("stretches", sk.load_stretches),
        ("stretch_muscles", sk.load_stretch_muscles), ("steps", sk.load_steps),
        ("guidelines", sk.load_guidelines)]},
    "piriformis": sk.stretches_for("piriformis")["stretch_id"].tolist(),
}))
"""


def test_wheel_installed_outside_the_checkout_loads_the_tables(tmp_path):
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(dist)],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("stretchkit-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for table in ("muscles", "stretches", "stretch_muscles", "stretch_steps", "guidelines"):
        assert f"stretchkit/_data/{table}.csv" in names
    # The timer's front end ships beside its module: nothing is fetched at run time.
    assert {"stretchkit/widgets/timer.js", "stretchkit/widgets/timer.css"} <= set(names)
    assert "stretchkit/py.typed" in names  # type checkers read the kit's annotations
    assert "stretchkit/_data/sample_class/amira.csv" in names
    # How the environment serves the kit (no CDN, no news, kernels freed): installed with it
    # into the environment's share/ and etc/, wherever pip puts it (Binder, the hub).
    data = f"stretchkit-{wheel.name.split('-')[1]}.data/data/"
    for served in (
        "share/jupyter/voila/templates/stretchkit/index.html.j2",
        "share/jupyter/voila/templates/stretchkit/conf.json",
        "share/jupyter/lab/settings/overrides.json",
        "etc/jupyter/voila.py",
        "etc/jupyter/jupyter_server_config.py",
    ):
        assert data + served in names, served

    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    env = {**os.environ, "PYTHONPATH": str(site)}
    env.pop("STRETCHKIT_DATA", None)
    away = tmp_path / "elsewhere"
    away.mkdir()
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=away,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    got = json.loads(out.stdout)
    assert got["module"].startswith(str(site))  # the wheel, not the editable checkout
    assert got["data"].startswith(str(site))
    assert not got["data"].startswith(str(ROOT))
    from stretchkit import __version__

    assert got["version"] == __version__ == wheel.name.split("-")[1]
    assert got["rows"] == {
        "muscles": 6,
        "stretches": 6,
        "stretch_muscles": 16,
        "steps": 29,
        "guidelines": 24,
    }
    assert got["piriformis"] == ["figure_four", "seated_glute"]
