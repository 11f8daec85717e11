"""`python -m corridor diff` and `review` as a reviewer and a workflow run them: exit codes, the
markdown file, `--allow`, and `--base` rendering what the base revision lacks in a worktree."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROJECT_DIR

FIXTURES = PROJECT_DIR.parent / "shared" / "preview_fixtures"
STACK = "gcp-asia-southeast1"
NEW_ACCELERATOR = "  corridor:overrides:\n    gpuPools: [{name: train, accelerator: A100-80GB}]\n"


def corridor(*args: str, cwd: Path = PROJECT_DIR) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "corridor", *args], cwd=cwd, capture_output=True, text=True, check=False, timeout=300
    )


def git(cwd: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A git repository holding the project as it is now (tracked and new files), committed once,
    without the GCP stack's committed plan, so `--base HEAD` must render that revision itself."""
    root = tmp_path_factory.mktemp("repo")
    files = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard"], cwd=PROJECT_DIR, capture_output=True, text=True, check=True
    ).stdout.split()
    for name in files:
        source = PROJECT_DIR / name
        if source.is_file() and name != f"plans/{STACK}.json":
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(source.read_bytes())
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "base")
    return root


def test_a_new_accelerator_fails_the_gate_and_names_the_input(repo: Path, tmp_path: Path) -> None:
    """The issue's acceptance: a pool's accelerator changed in a stack file, `diff --base HEAD
    --fail-on-danger` exits 3 with a flagged replacement naming the input that forces it; with
    the pool's type allowed it exits 0 and still lists it."""
    stack_file = repo / "stacks" / f"Pulumi.{STACK}.yaml"
    original = stack_file.read_text()
    stack_file.write_text(original + NEW_ACCELERATOR)
    try:
        out = tmp_path / "diff.md"
        gated = corridor(
            "diff", "--base", "HEAD", "--stack", STACK, "--fail-on-danger", "--markdown", str(out), cwd=repo
        )
        assert gated.returncode == 3, gated.stderr
        text = out.read_text()
        assert gated.stdout == text + "\n"
        assert "### Dangerous changes" in text
        assert "`replace` `gcp:container/nodePool:NodePool` `gpu-train`" in text
        assert "(forces replacement)" in text
        assert "nodeConfig.guestAccelerators" in text
        assert "train: max 32 -> 32 H100 -> A100-80GB" in text
        allowed = corridor(
            "diff",
            "--base",
            "HEAD",
            "--stack",
            STACK,
            "--fail-on-danger",
            "--allow",
            "gcp:container/nodePool:NodePool",
            cwd=repo,
        )
        assert allowed.returncode == 0, allowed.stderr
        assert "_(allowed)_" in allowed.stdout
    finally:
        stack_file.write_text(original)


def test_a_tag_change_passes_the_gate(repo: Path) -> None:
    """A team tag changed for one stack is a plain update: exit 0, no dangerous section."""
    stack_file = repo / "stacks" / f"Pulumi.{STACK}.yaml"
    original = stack_file.read_text()
    stack_file.write_text(original + "  corridor:overrides:\n    tags: {team: ml-research}\n")
    try:
        result = corridor("diff", "--base", "HEAD", "--stack", STACK, "--fail-on-danger", cwd=repo)
        assert result.returncode == 0, result.stderr
        assert "No dangerous change" in result.stdout
        assert "`labels.team`: `ml-platform` -> `ml-research`" in result.stdout
    finally:
        stack_file.write_text(original)


@pytest.mark.parametrize(
    ("fixture", "allow", "status"),
    [
        ("01-stratify-creates.preview.json", [], 0),
        ("06-pulumi-lifecycletest-retain-on-delete-replace.events.jsonl", [], 3),
        ("06-pulumi-lifecycletest-retain-on-delete-replace.events.jsonl", ["--allow", "pkgA:m:typA"], 0),
    ],
)
def test_review_exit_status(fixture: str, allow: list[str], status: int) -> None:
    """`review --fail-on-danger` over real previews: 0 for creates, 3 for a replaced retained
    resource, 0 once that type is allowed."""
    result = corridor("review", str(FIXTURES / fixture), "--fail-on-danger", *allow)
    assert result.returncode == status, result.stderr
    assert result.stdout.startswith("<!-- corridor-preview-review -->")


def test_diff_needs_a_base_or_two_directories() -> None:
    """Neither `--base` nor two directories is a usage error, not a silent empty diff."""
    result = corridor("diff")
    assert result.returncode == 1
    assert "give either --base REV or OLD_DIR NEW_DIR" in result.stderr
