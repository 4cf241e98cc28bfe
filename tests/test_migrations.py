"""The migrations build a fresh database, as `make demo` and a new installation run them.
(The rest of the suite creates its tables without migrations, for speed.)"""

import os
import subprocess
import sys


def test_migrate_builds_an_empty_database_from_scratch(tmp_path):
    env = {**os.environ, "SAMENSPEL_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "samenspel.conf.dev"
    command = [sys.executable, "-m", "samenspel.manage"]
    subprocess.run([*command, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    result = subprocess.run(
        [*command, "showmigrations", "--plan"], env=env, check=True, capture_output=True, text=True
    )
    assert "[ ]" not in result.stdout
    assert "[X]  cycles.0003_cycle_tally" in result.stdout
