import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


@pytest.mark.skipif(
    not shutil.which("ruff") and not (Path(sys.executable).parent / "ruff").exists(), reason="ruff not installed"
)
def test_code_is_linted_and_formatted():
    ruff = shutil.which("ruff") or str(Path(sys.executable).parent / "ruff")
    paths = ["pcitrack", "tests", "tools", "benchmarks"]
    lint = subprocess.run([ruff, "check", *paths], cwd=ROOT, capture_output=True, text=True)
    assert lint.returncode == 0, lint.stdout
    fmt = subprocess.run([ruff, "format", "--check", *paths], cwd=ROOT, capture_output=True, text=True)
    assert fmt.returncode == 0, fmt.stdout


def test_core_does_not_import_django():
    offenders = [
        str(p.relative_to(ROOT))
        for p in (ROOT / "pcitrack" / "core").rglob("*.py")
        if "import django" in p.read_text() or "from django" in p.read_text()
    ]
    assert offenders == []
