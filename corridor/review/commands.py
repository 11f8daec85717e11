"""`python -m corridor diff` and `python -m corridor review`: the review gate's two entry points.

`diff` needs no credentials: it compares corridor's offline plans, a git revision's committed
plans (rendered in a temporary worktree where the revision has none) against fresh renders of the
working tree, or two plan directories. `review` reads real `pulumi preview --json` output, one
file per stack. Both print the comment markdown (`markdown.render`) and exit:

  0  no dangerous change, or each one allowed (`--allow`), or no `--fail-on-danger`
  1  a render or a file could not be read
  2  a stack's configuration is invalid (diff)
  3  a dangerous change, with `--fail-on-danger`
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from corridor.review import markdown, plans, preview
from corridor.review.model import StackReview

EXIT_DANGER = 3


def add_parsers(commands: Any, project_dir: Path) -> None:
    """Register `diff` and `review` on the CLI's subcommands."""
    diff = commands.add_parser(
        "diff",
        help="what a change does to each region stack, from offline plans (no credentials)",
        description="Compare plans: --base REV (that revision's plans against fresh renders of the working "
        "tree) or OLD_DIR NEW_DIR. Prints PR-comment markdown. Exit 0 ok; 1 a render failed; 2 a stack's "
        "configuration is invalid; 3 a dangerous change with --fail-on-danger.",
    )
    diff.add_argument("dirs", nargs="*", metavar="DIR", help="OLD_DIR NEW_DIR: two plan directories")
    diff.add_argument("--base", help="git revision whose plans are the old side (the new side: the working tree)")
    diff.add_argument("--stack", action="append", help="only this stack (repeatable)")
    diff.add_argument("--project-dir", default=str(project_dir), help=argparse.SUPPRESS)
    _gate_options(diff)
    diff.set_defaults(handler=command_diff)

    review = commands.add_parser(
        "review",
        help="judge real `pulumi preview --json` output (one file per stack)",
        description="Judge preview digests or engine-event streams. Exit 0 ok; 1 a file could not be read; "
        "3 a dangerous change (or an error in the preview) with --fail-on-danger.",
    )
    review.add_argument("previews", nargs="+", metavar="PREVIEW", help="a preview digest or event-log file per stack")
    _gate_options(review)
    review.set_defaults(handler=command_review)


def _gate_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("--fail-on-danger", action="store_true", help="exit 3 on a dangerous change not allowed")
    command.add_argument(
        "--allow",
        action="append",
        default=[],
        metavar="URN_OR_TYPE",
        help="accept a dangerous change deliberately: its URN, type token or logical name (repeatable)",
    )
    command.add_argument("--markdown", type=Path, help="also write the markdown to this file")


def command_diff(args: argparse.Namespace) -> int:
    project_dir = Path(args.project_dir).resolve()
    if bool(args.base) == bool(args.dirs) or (args.dirs and len(args.dirs) != 2):
        print("give either --base REV or OLD_DIR NEW_DIR", file=sys.stderr)
        return 1
    if args.base:
        new, status = _render_working_tree(project_dir, args.stack)
        if new is None:
            return status
        wanted = args.stack or sorted(set(new) | set(stacks_at(project_dir, args.base)))
        old = base_plans(project_dir, args.base, wanted)
        title = f"corridor plan diff: {args.base} -> working tree"
    else:
        old, new = _read_dir(Path(args.dirs[0])), _read_dir(Path(args.dirs[1]))
        title = f"corridor plan diff: {args.dirs[0]} -> {args.dirs[1]}"
    stacks = sorted(set(old) | set(new))
    if args.stack:
        stacks = [stack for stack in stacks if stack in args.stack]
    reviews = [plans.compare(old.get(stack), new.get(stack), stack) for stack in stacks]
    return _finish(reviews, title, markdown.DIFF_MARKER, args)


def command_review(args: argparse.Namespace) -> int:
    reviews = []
    for path in map(Path, args.previews):
        try:
            reviews.append(preview.review_file(path))
        except (OSError, ValueError) as error:
            print(f"{path}: cannot read the preview: {error}", file=sys.stderr)
            return 1
    return _finish(reviews, "corridor preview review", markdown.PREVIEW_MARKER, args)


def _finish(reviews: list[StackReview], title: str, marker: str, args: argparse.Namespace) -> int:
    unmatched = set(args.allow)
    for review in reviews:
        unmatched &= set(review.allow(args.allow))
    for entry in sorted(unmatched):
        print(f"--allow {entry}: matches no dangerous change", file=sys.stderr)
    text = markdown.render(reviews, title, marker)
    print(text)
    if args.markdown:
        args.markdown.write_text(text)
    blocking = [review.stack for review in reviews if review.blocking]
    if args.fail_on_danger and blocking:
        print(f"dangerous changes in: {', '.join(blocking)} (accept one with --allow URN_OR_TYPE)", file=sys.stderr)
        return EXIT_DANGER
    return 0


def _read_dir(directory: Path) -> dict[str, dict[str, Any]]:
    return {path.stem: json.loads(path.read_text()) for path in sorted(directory.glob("*.json"))}


def _render_working_tree(project_dir: Path, only: list[str] | None) -> tuple[dict[str, dict[str, Any]] | None, int]:
    """Fresh plans of the working tree's stacks, or (None, exit status) when one cannot render."""
    from corridor import cli, stack_config

    stacks = only or stack_config.stack_names(project_dir)
    outcomes = cli.render_all(project_dir, stacks, min(len(stacks), 2))
    broken = [outcome for outcome in outcomes if outcome.plan is None]
    if broken:
        cli.report_broken(broken)
        return None, max(outcome.status for outcome in broken)
    return {outcome.stack: outcome.plan for outcome in outcomes if outcome.plan is not None}, 0


def _git(project_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=project_dir, capture_output=True, text=True, check=False)


def stacks_at(project_dir: Path, revision: str) -> list[str]:
    """The region stacks a revision defines (its `stacks/Pulumi.<stack>.yaml` files)."""
    listing = _git(project_dir, "ls-tree", "--name-only", f"{revision}:stacks")
    if listing.returncode != 0:
        raise SystemExit(f"git cannot read stacks/ at {revision}: {listing.stderr.strip()}")
    names = [line.removeprefix("Pulumi.").removesuffix(".yaml") for line in listing.stdout.split()]
    return [name for name in names if name and not name.startswith(".")]


def base_plans(project_dir: Path, revision: str, stacks: list[str]) -> dict[str, dict[str, Any]]:
    """Each stack's plan at `revision`: its committed `plans/<stack>.json`, else a render of that
    revision in a temporary worktree; a stack the revision does not define is absent (new)."""
    defined = set(stacks_at(project_dir, revision))
    found: dict[str, dict[str, Any]] = {}
    missing = []
    for stack in stacks:
        if stack not in defined:
            continue
        shown = _git(project_dir, "show", f"{revision}:plans/{stack}.json")
        if shown.returncode == 0:
            found[stack] = json.loads(shown.stdout)
        else:
            missing.append(stack)
    if missing:
        found |= _render_at(project_dir, revision, missing)
    return found


def _render_at(project_dir: Path, revision: str, stacks: list[str]) -> dict[str, dict[str, Any]]:
    """Render `stacks` as `revision`'s code and config would, in a temporary git worktree."""
    with tempfile.TemporaryDirectory(prefix="corridor-base-") as scratch:
        tree, out = Path(scratch) / "tree", Path(scratch) / "plans"
        added = _git(project_dir, "worktree", "add", "--detach", str(tree), revision)
        if added.returncode != 0:
            raise SystemExit(f"git cannot check out {revision}: {added.stderr.strip()}")
        try:
            command = [sys.executable, "-m", "corridor", "plan", "--quiet", "--out", str(out)]
            command += [arg for stack in stacks for arg in ("--stack", stack)]
            subprocess.run(command, cwd=tree, capture_output=True, text=True, check=False)
            return {path.stem: json.loads(path.read_text()) for path in out.glob("*.json")}
        finally:
            _git(project_dir, "worktree", "remove", "--force", str(tree))
