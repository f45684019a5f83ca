"""The scheduled publish ships as README describes it."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    # YAML 1.1 reads the key "on" as True.
    data["on"] = data.pop(True, data.get("on"))
    return data


def readme_install() -> str:
    """README's install: its first command, without building and serving."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = re.search(r"^python3 -m venv .*$", readme, re.MULTILINE).group(0)
    return first.removesuffix(" && .venv/bin/invoke build serve")


def test_it_runs_daily_on_push_to_main_and_by_hand() -> None:
    triggers = workflow()["on"]
    assert triggers["push"] == {"branches": ["main"]}
    assert triggers["schedule"] == [{"cron": "15 6 * * *"}]
    assert "workflow_dispatch" in triggers


def test_it_installs_as_readme_says_then_publishes() -> None:
    steps = workflow()["jobs"]["publish"]["steps"]
    runs = [step.get("run", "").strip() for step in steps]
    install = readme_install()
    assert install == (
        "python3 -m venv .venv && .venv/bin/pip install -r requirements.txt"
    )
    assert install in runs
    assert runs[-1] == ".venv/bin/invoke publish"
    assert runs.index(install) < len(runs) - 1
    assert "default-jre-headless" in " ".join(runs)  # the HTML check needs Java
    assert steps[-1]["env"]["PUBLISH_TARGET"] == "${{ vars.PUBLISH_TARGET }}"


def test_readme_shows_the_file_as_it_ships() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shipped = WORKFLOW.read_text(encoding="utf-8")
    body = shipped[shipped.index("name: publish") :]
    assert f"```yaml\n{body}```" in readme
