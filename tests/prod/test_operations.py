"""The operator's side: make targets, the lock files, the Docker image, compose with its TLS
proxy, ignored secrets, clean logs, no packaging warnings, and a README that lists it all."""

import re
import subprocess
import sys
import tomllib
import warnings
from pathlib import Path

import yaml

from tests.prod.conftest import BASE_DIR, child_env

README = (BASE_DIR / "README.md").read_text()


def test_make_run_serves_on_the_given_host_and_port():
    dry = subprocess.run(
        ["make", "-n", "run", "HOST=0.0.0.0", "PORT=8123"],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "manage.py runserver 0.0.0.0:8123" in dry
    default = subprocess.run(
        ["make", "-n", "run"], cwd=BASE_DIR, capture_output=True, text=True, check=True
    ).stdout
    assert "manage.py runserver 127.0.0.1:8000" in default


def _requirement_names(specs: list[str]) -> set[str]:
    return {
        re.split(r"[<>=!~\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in specs
    }


def _pins(lock: Path) -> dict[str, str]:
    text = lock.read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9_.\-]+)==(\S+) \\$", text, flags=re.MULTILINE))
    # Every pin carries at least one hash, so `pip install --require-hashes` accepts the file.
    assert text.count("==") == len(pins)
    for name in pins:
        block = text.split(f"\n{name}==", 1)[1].split("\n    # via", 1)[0]
        assert "--hash=sha256:" in block, name
    return {name.lower().replace("_", "-"): version for name, version in pins.items()}


def test_every_dependency_is_locked_with_hashes_and_installed_from_the_locks():
    project = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())["project"]
    runtime = _pins(BASE_DIR / "requirements.lock")
    dev = _pins(BASE_DIR / "requirements-dev.lock")
    assert _requirement_names(project["dependencies"]) <= set(runtime), "run `make lock`"
    everything = project["dependencies"] + project["optional-dependencies"]["dev"]
    assert _requirement_names(everything) <= set(dev), "run `make lock`"
    # The two locks agree on every package they share.
    assert {name: dev[name] for name in runtime} == runtime
    makefile = (BASE_DIR / "Makefile").read_text()
    assert "pip install -q --require-hashes -r requirements.lock" in makefile
    assert "pip install -q --require-hashes -r requirements-dev.lock" in makefile
    assert "-e ." not in makefile
    assert "make test" in (BASE_DIR / ".ci" / "run").read_text()


def test_the_image_installs_the_locked_dependencies_before_copying_the_code():
    steps = [
        line.split(None, 1)
        for line in (BASE_DIR / "Dockerfile").read_text().splitlines()
        if line and not line.startswith((" ", "#"))
    ]
    instructions = [(step[0], step[1] if len(step) > 1 else "") for step in steps]
    install = instructions.index(
        ("RUN", "pip install --no-cache-dir --require-hashes -r requirements.lock")
    )
    copies = [(index, args) for index, (op, args) in enumerate(instructions) if op == "COPY"]
    # Before the dependency layer only the lock file is copied: a code change keeps the layer.
    assert [args for index, args in copies if index < install] == ["requirements.lock ./"]
    assert any(args == ". ." for index, args in copies if index > install)


def test_secrets_file_is_neither_committed_nor_sent_to_docker():
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=BASE_DIR)
    assert ignored.returncode == 0
    dockerignore = (BASE_DIR / ".dockerignore").read_text().split()
    assert ".env" in dockerignore and ".git" in dockerignore


def test_compose_terminates_tls_in_caddy_and_the_readme_says_so():
    compose = yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text())
    services = compose["services"]
    caddy = services["caddy"]
    assert "./Caddyfile:/etc/caddy/Caddyfile:ro" in caddy["volumes"]
    assert {"80:80", "443:443"} <= set(caddy["ports"])
    # gunicorn is reachable only through the proxy, and trusts exactly that one proxy.
    assert "ports" not in services["web"]
    assert compose["x-app"]["environment"]["TRUSTED_PROXY_COUNT"] == "1"
    assert compose["x-app"]["environment"]["DEBUG"] == "0"
    caddyfile = (BASE_DIR / "Caddyfile").read_text()
    assert "{$SITE_ADDRESS} {" in caddyfile
    assert "reverse_proxy web:8000" in caddyfile
    for fact in ("Caddy", "Caddyfile", "SITE_ADDRESS", "TRUSTED_PROXY_COUNT", "443"):
        assert fact in README, fact
    # Every service of compose is named in the README.
    for name in services:
        assert f"`{name}`" in README, name


def test_pyproject_builds_without_deprecation_warnings():
    from setuptools.config.pyprojecttoml import apply_configuration
    from setuptools.dist import Distribution

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        apply_configuration(Distribution(), BASE_DIR / "pyproject.toml")
    assert [str(warning.message) for warning in caught] == []


def test_a_log_line_is_printed_once():
    script = (
        "import django, logging; django.setup(); "
        "logging.getLogger('django.request').warning('Not Found: /probe/'); "
        "logging.getLogger('kpi.services').info('computed 3 scorecards')"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=child_env(DJANGO_SETTINGS_MODULE="spm.settings", DEBUG="1"),
        capture_output=True,
        text=True,
        check=True,
    )
    lines = (done.stdout + done.stderr).splitlines()
    assert lines == ["Not Found: /probe/", "computed 3 scorecards"]


def test_the_readme_lists_every_command():
    makefile = (BASE_DIR / "Makefile").read_text()
    phony = re.search(r"^\.PHONY: (.+)$", makefile, flags=re.MULTILINE).group(1).split()
    for target in phony:
        assert f"make {target}" in README, target
    commands = sorted(
        path.stem
        for path in BASE_DIR.glob("*/management/commands/*.py")
        if not path.stem.startswith("_") and ".venv" not in path.parts
    )
    assert "create_admin" in commands and "seed_demo" in commands
    for command in commands:
        assert f"manage.py {command}" in README, command
    # The production first-user step.
    assert "manage.py create_admin" in README
