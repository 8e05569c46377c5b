"""Settings come from the environment: defaults run a laptop; production passes check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_extra=None, env_drop=()):
    dropped = {*env_drop, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {k: v for k, v in os.environ.items() if k not in dropped}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_defaults_need_no_variable_and_use_sqlite():
    code = (
        "from django.conf import settings; d = settings.DATABASES['default'];"
        "print(d['ENGINE'], d['NAME'], settings.CELERY_TASK_ALWAYS_EAGER, settings.TIME_ZONE,"
        " settings.LANGUAGE_CODE, settings.DEBUG)"
    )
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        code,
        env_drop=("DATABASE_URL", "CELERY_BROKER_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS"),
    )
    assert result.returncode == 0, result.stderr
    engine, name, eager, tz, lang, debug = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert name == str(ROOT / "db.sqlite3")
    assert (eager, tz, lang, debug) == ("True", "Asia/Jakarta", "id", "True")


def test_check_deploy_is_clean_with_production_variables():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_extra={
            "DEBUG": "0",
            "SECRET_KEY": "x7#kq2!vL9zR$wP4mN8&bT1@cY6^hJ3*fD5%gS0+eA2=uI7-oK9",
            "ALLOWED_HOSTS": "kinerja.example.com",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/kinerja",
            "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_without_secret_key_refuses_to_start():
    result = run_manage("check", env_extra={"DEBUG": "0"}, env_drop=("SECRET_KEY",))
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_bad_boolean_fails_loudly():
    result = run_manage("check", env_extra={"DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_broker_url_turns_eager_off():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.CELERY_TASK_ALWAYS_EAGER)",
        env_extra={"CELERY_BROKER_URL": "redis://127.0.0.1:6379/0"},
    )
    assert result.stdout.strip() == "False"
