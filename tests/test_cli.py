"""`python -m corridor plan`: exit codes, problem output, robustness, and the staleness check.

Subprocess tests run the real command (spawned workers, real renders) and are kept few because
each render costs seconds; the exit-status matrix runs in process with the render stubbed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from components.definition import Problem, SpecError
from corridor import cli
from corridor.render import Rendered
from tests.conftest import PROJECT_DIR

AWS = "aws-ap-southeast-1"
GCP = "gcp-asia-southeast1"
AZURE = "azure-uaenorth"

# Wraps the project's program so that one stack's render raises, as a bug in the program would.
FAILING_MAIN = """\
import runpy
from pathlib import Path

import pulumi

if pulumi.get_stack() == "aws-failing":
    raise RuntimeError("boom")
runpy.run_path(str(Path(__file__).with_name("program.py")), run_name="__main__")
"""


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the project's program, stacks and plans (code is imported from PROJECT_DIR)."""
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
    stack_file = project_copy / "stacks" / f"Pulumi.{AWS}.yaml"
    stack_file.write_text(
        "config:\n  corridor:cloud: aws\n  corridor:region: ap-southeast-l\n  corridor:drRegion: ap-southeast-3\n"
        "  corridor:keys: {rotationDays: 10}\n"
    )
    before = (project_copy / "plans" / f"{AWS}.json").read_text()
    result = corridor(project_copy, "--stack", AWS)
    assert result.returncode == 2
    assert f"{AWS}: invalid corridor configuration (" in result.stderr
    assert "corridor:region: 'ap-southeast-l' is not a region of aws (did you mean 'ap-southeast-1'?)" in result.stderr
    assert "corridor:keys.rotationDays: must be between 90 and 2560 days" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert (project_copy / "plans" / f"{AWS}.json").read_text() == before


def test_broken_stacks_do_not_stop_the_valid_one(project_copy: Path) -> None:
    """Issue 9: a YAML syntax error and a crashing render beside a valid stack, in parallel workers:
    status 2 (the worst), each broken stack reported by name (the YAML one with its file and line,
    the crash as `render failed: <type>: <message>` with where it was raised), no traceback, and
    the valid stack's plan and summary are still written."""
    stacks = project_copy / "stacks"
    (stacks / "Pulumi.aws-broken.yaml").write_text(
        "config:\n  corridor:cloud: aws\n  corridor:region: [ap-southeast-1\n"
    )
    shutil.copy(stacks / f"Pulumi.{AWS}.yaml", stacks / "Pulumi.aws-failing.yaml")
    (project_copy / "__main__.py").rename(project_copy / "program.py")
    (project_copy / "__main__.py").write_text(FAILING_MAIN)
    (project_copy / "plans" / f"{AWS}.json").unlink()

    result = corridor(project_copy, "--jobs", "3", "--stack", "aws-broken", "--stack", "aws-failing", "--stack", AWS)

    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert "[3/3]" in result.stderr
    assert "aws-broken: invalid corridor configuration (1 problem):" in result.stderr
    assert "stacks/Pulumi.aws-broken.yaml:" in result.stderr
    assert "aws-failing: render failed: RuntimeError: boom" in result.stderr
    assert "raised at __main__.py:7 in <module>" in result.stderr
    assert "not written: aws-broken (invalid configuration), aws-failing (render failed)" in result.stderr
    written = json.loads((project_copy / "plans" / f"{AWS}.json").read_text())
    assert written["stack"] == AWS
    assert not (project_copy / "plans" / "aws-broken.json").exists()
    assert not (project_copy / "plans" / "aws-failing.json").exists()
    assert f"{AWS}: aws ap-southeast-1, DR region ap-southeast-3" in result.stdout
    assert result.stdout.count("\nlegend\n") == 1


def test_check_reports_missing_and_stale_plans_after_a_quiet_render(project_copy: Path) -> None:
    """A --quiet render prints no summary; --check then says `missing` with the command that fixes it,
    `stale` with the first changed resource (committed -> fresh), prints no summaries, and exits 1."""
    quiet = corridor(project_copy, "--quiet", "--stack", GCP)
    assert quiet.returncode == 0, quiet.stderr
    assert "legend" not in quiet.stdout
    assert "capability / type" not in quiet.stdout
    assert "wrote 1 plan(s) to plans/" in quiet.stdout
    plan = project_copy / "plans" / f"{GCP}.json"
    plan.write_text(plan.read_text().replace('"rotationPeriod": "7776000s"', '"rotationPeriod": "1s"', 1))
    (project_copy / "plans" / f"{AWS}.json").unlink()

    check = corridor(project_copy, "--check", "--stack", GCP, "--stack", AWS)

    assert check.returncode == 1, check.stderr
    assert f"{AWS}: missing: no committed plan; run `make plan STACK={AWS}` and commit plans/{AWS}.json" in check.stdout
    assert f"{GCP}: stale: plans/{GCP}.json differs from a fresh render" in check.stdout
    changes = check.stdout.split("(committed -> fresh):\n", 1)[1].splitlines()
    assert changes[0] == '  ~ gcp:kms/cryptoKey:CryptoKey keys-primary: inputs.rotationPeriod "1s" -> "7776000s"'
    assert "capability / type" not in check.stdout
    assert f"stale plans: {GCP}; missing plans: {AWS}" in check.stderr
    assert "Traceback" not in check.stderr + check.stdout


# -- in process, with the render stubbed: which status wins, and what still gets written -----------


def _stub_render(behaviour: dict[str, str]) -> Any:
    def render(project_dir: Path, stack: str) -> Rendered:
        kind = behaviour[stack]
        if kind == "invalid":
            raise SpecError([Problem("corridor:keys.rotationDays", "must be between 90 and 2560 days")])
        if kind == "crash":
            raise KeyError("gpuPools")
        return Rendered(plan=json.loads((PROJECT_DIR / "plans" / f"{stack}.json").read_text()), seconds=0.0)

    return render


@pytest.mark.parametrize(
    ("behaviour", "status"),
    [
        ({AWS: "ok", GCP: "ok"}, 0),
        ({AWS: "ok", GCP: "crash"}, 1),
        ({AWS: "ok", GCP: "invalid"}, 2),
        ({AWS: "ok", GCP: "invalid", AZURE: "crash"}, 2),
        ({AWS: "crash", GCP: "crash"}, 1),
    ],
    ids=["all-ok", "one-crash", "one-invalid", "invalid-beats-crash", "all-crash"],
)
def test_exit_status_is_the_worst_stack_and_valid_plans_are_written(
    project_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    behaviour: dict[str, str],
    status: int,
) -> None:
    """2 (invalid) > 1 (render failed) > 0; every stack that rendered is written regardless; a crash
    reads `<stack>: render failed: <type>: <message>` and `(1 problem)` is singular."""
    import corridor.render

    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(corridor.render, "render", _stub_render(behaviour))
    for stack in behaviour:
        (project_copy / "plans" / f"{stack}.json").unlink()

    args = ["plan", "--project-dir", str(project_copy), "--jobs", "1", "--quiet"]
    assert cli.main(args + [f"--stack={stack}" for stack in behaviour]) == status

    err = capsys.readouterr().err
    for stack, kind in behaviour.items():
        assert (project_copy / "plans" / f"{stack}.json").exists() == (kind == "ok"), stack
        if kind == "crash":
            assert f"{stack}: render failed: KeyError: 'gpuPools'" in err
        if kind == "invalid":
            assert f"{stack}: invalid corridor configuration (1 problem):" in err
            assert "  corridor:keys.rotationDays: must be between 90 and 2560 days" in err
    assert "Traceback" not in err


def test_render_stack_turns_any_exception_into_a_failure_with_its_location(monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker never raises: an unexpected exception comes back as text naming its type, message
    and the file:line it was raised at, so nothing crosses the process boundary as a traceback."""
    import corridor.render

    def broken(project_dir: Path, stack: str) -> Rendered:
        raise ValueError("no zone")

    monkeypatch.setattr(corridor.render, "render", broken)
    outcome = cli.render_stack(str(PROJECT_DIR), AWS)
    assert outcome.plan is None
    assert outcome.problems is None
    assert outcome.status == cli.EXIT_FAILED
    assert outcome.failure is not None
    first, where = outcome.failure.splitlines()[:2]
    assert first == "ValueError: no zone"
    assert where.startswith("raised at tests/test_cli.py:")
    assert where.endswith(" in broken")


@pytest.mark.parametrize(
    ("flags", "summaries", "verdict"),
    [
        ([], True, False),
        (["--quiet"], False, False),
        (["--check"], False, True),
        (["--check", "--summary"], True, True),
        (["--check", "--quiet"], False, False),
    ],
    ids=["render", "render-quiet", "check", "check-summary", "check-quiet"],
)
def test_summary_options(
    project_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    flags: list[str],
    summaries: bool,
    verdict: bool,
) -> None:
    """A render prints summaries (one legend), --quiet none, --check none unless --summary; --check
    says `fresh` per stack unless --quiet, and its success line always ends the output."""
    import corridor.render

    monkeypatch.setattr(sys, "path", list(sys.path))
    monkeypatch.setattr(corridor.render, "render", _stub_render({AWS: "ok", GCP: "ok"}))
    args = ["plan", "--project-dir", str(project_copy), "--jobs", "1", "--stack", AWS, "--stack", GCP, *flags]
    assert cli.main(args) == 0

    out = capsys.readouterr().out
    assert ("capability / type" in out) == summaries
    assert out.count("\nlegend\n") == (1 if summaries else 0)
    assert (f"{AWS}: fresh\n{GCP}: fresh\n" in out) == verdict
    last = out.rstrip().splitlines()[-1]
    expected = "2 committed plan(s) match a fresh render" if "--check" in flags else "wrote 2 plan(s) to plans/"
    assert last.startswith(expected)
