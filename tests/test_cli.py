"""`python -m corridor plan`: exit codes, problem output, and the staleness check."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the project's program, stacks and plans."""
    for name in ("Pulumi.yaml", "__main__.py"):
        shutil.copy(PROJECT_DIR / name, tmp_path / name)
    for name in ("stacks", "plans"):
        shutil.copytree(PROJECT_DIR / name, tmp_path / name)
    return tmp_path


def corridor(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corridor", "plan", "--project-dir", str(project), *args],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_invalid_config_exits_2_lists_problems_and_writes_no_plan(project_copy: Path) -> None:
    """A broken stack file: status 2, every problem printed, no traceback, plan left untouched."""
    stack_file = project_copy / "stacks" / "Pulumi.aws-ap-southeast-1.yaml"
    stack_file.write_text(
        "config:\n  corridor:cloud: aws\n  corridor:region: ap-southeast-l\n  corridor:drRegion: ap-southeast-3\n"
        "  corridor:keys: {rotationDays: 10}\n"
    )
    before = (project_copy / "plans" / "aws-ap-southeast-1.json").read_text()
    result = corridor(project_copy, "--stack", "aws-ap-southeast-1")
    assert result.returncode == 2
    assert "corridor:region: 'ap-southeast-l' is not a region of aws (did you mean 'ap-southeast-1'?)" in result.stderr
    assert "corridor:keys.rotationDays: must be between 90 and 2560 days" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert (project_copy / "plans" / "aws-ap-southeast-1.json").read_text() == before


def test_check_fails_on_stale_plan_and_passes_after_render(project_copy: Path) -> None:
    """--check exits 1 when a committed plan differs; a render makes it pass again."""
    plan = project_copy / "plans" / "gcp-asia-southeast1.json"
    plan.write_text(plan.read_text().replace('"rotationPeriod": "7776000s"', '"rotationPeriod": "1s"', 1))
    stale = corridor(project_copy, "--check", "--stack", "gcp-asia-southeast1")
    assert stale.returncode == 1
    assert "stale plans: gcp-asia-southeast1" in stale.stderr
    assert corridor(project_copy, "--stack", "gcp-asia-southeast1").returncode == 0
    assert corridor(project_copy, "--check", "--stack", "gcp-asia-southeast1").returncode == 0


def test_parallel_render_of_all_stacks_prints_progress_and_summary(project_copy: Path) -> None:
    """Several stacks render in parallel processes, with progress and a summary per stack."""
    result = corridor(project_copy, "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert "[3/3]" in result.stderr
    for stack in ("aws-ap-southeast-1", "gcp-asia-southeast1", "azure-uaenorth"):
        assert f"{stack}  (" in result.stdout
    assert "KeyManagement" in result.stdout
    assert "protected" in result.stdout
