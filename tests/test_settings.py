"""Reading the settings makes no folders; starting Samenspel makes the ones it writes to."""

import subprocess
import sys


def test_settings_make_no_folders_at_import_and_start_makes_them(tmp_path):
    data = tmp_path / "data"
    script = (
        "import importlib, os, pathlib, sys\n"
        "importlib.import_module('samenspel.conf.dev')\n"
        f"print(pathlib.Path({str(data)!r}).exists())\n"
        "import django; django.setup()\n"
        f"print(pathlib.Path({str(data)!r}).exists())\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "SAMENSPEL_DATA_DIR": str(data),
        "DJANGO_SETTINGS_MODULE": "samenspel.conf.dev",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True"]
