import pytest
from django.core.exceptions import ImproperlyConfigured

from beatbridge.settings import envbool


def test_envbool_is_strict(monkeypatch):
    monkeypatch.setenv("X_FLAG", "true")
    assert envbool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "off")
    assert envbool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        envbool("X_FLAG", False)
    monkeypatch.delenv("X_FLAG")
    assert envbool("X_FLAG", True) is True


def test_check_deploy_has_no_warnings_with_production_settings(tmp_path):
    import os
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        BEATBRIDGE_DATA_DIR=str(tmp_path),
        SECRET_KEY="x7!Qm" * 12,
        ALLOWED_HOSTS="beat.example.org",
        DEBUG="false",
    )
    result = subprocess.run(
        [sys.executable, "-m", "beatbridge", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
