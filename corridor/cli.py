"""`python -m corridor plan`: render region stacks offline and write `plans/<stack>.json`.

Each stack renders in its own process. One broken stack never stops the others: every stack
that renders gets its plan written (or checked), and the broken ones are reported at the end.

Options of `plan`:
  --stack NAME  render only NAME (repeatable); default: every stack in `stacks/`
  --check       write nothing; say per stack whether its committed plan is `fresh`, `missing` or
                `stale`, and for a stale one its first changed resources (committed -> fresh)
  --summary     print each stack's summary and the legend in `--check` mode too
  --quiet       print no summaries: only progress, problems and the final line
  --jobs N      parallel render processes (default: one per stack, at most one per core)
  --out DIR     where plans are written or checked (default `plans`, relative to the project)

Output: stdout has the results (summaries, `--check` verdicts, and the final line on success);
stderr has progress, problems, and the final line on failure. A plain render prints every
rendered stack's summary and then one legend; `--check` prints none unless `--summary` is given,
so a CI log shows the verdicts and the diff, not 300 lines of tables. Summaries are as wide as the
terminal, or 100 columns when output is not a terminal (CI, pipes), so logs are deterministic.

Exit status: the worst stack decides (2 > 1 > 0).
  0  every stack rendered (with `--check`: every committed plan is fresh)
  1  a stack's render failed (`<stack>: render failed: <type>: <message>`, a bug in the program
     rather than in the config), or `--check` found a stale or missing plan
  2  a stack's configuration is invalid (its `path: reason` problems are printed; its plan is not
     written, and the other stacks' plans still are)
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
import traceback
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
EXIT_OK = 0
EXIT_STALE = 1
EXIT_FAILED = 1
EXIT_INVALID = 2


@dataclass
class Outcome:
    """One stack's render result, small enough to send back from a worker process.

    Exactly one of `plan` (rendered), `problems` (invalid configuration) and `failure` (the
    render raised something else) is set. Only strings cross the process boundary, so no
    exception object (and no `_RemoteTraceback`) ever reaches the parent.
    """

    stack: str
    plan: dict[str, Any] | None = None
    problems: list[str] | None = None
    failure: str | None = None
    seconds: float = 0.0

    @property
    def status(self) -> int:
        if self.problems is not None:
            return EXIT_INVALID
        if self.failure is not None:
            return EXIT_FAILED
        return EXIT_OK


def render_stack(project_dir: str, stack: str) -> Outcome:
    """Render one stack (runs in a worker process, which imports only that stack's cloud SDK).

    Never raises: an invalid configuration becomes `problems`, any other exception a `failure`.
    """
    started = time.perf_counter()
    try:
        if project_dir not in sys.path:
            sys.path.insert(0, project_dir)
        from components.definition import SpecError
        from corridor.render import render

        try:
            rendered = render(Path(project_dir), stack)
        except SpecError as error:
            return Outcome(stack=stack, problems=[str(problem) for problem in error.problems])
    except (Exception, SystemExit) as error:  # SystemExit too: a program calling sys.exit() is a failure
        return Outcome(stack=stack, failure=describe_failure(error, Path(project_dir)))
    return Outcome(stack=stack, plan=rendered.plan, seconds=time.perf_counter() - started)


def describe_failure(error: BaseException, project_dir: Path) -> str:
    """`RuntimeError: boom` plus where it was raised (and the last frame in corridor's own code)."""
    text = f"{type(error).__name__}: {error}".strip()
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return text
    ours = [frame for frame in frames if _in_roots(frame.filename, project_dir) is not None]
    lines = [text, f"raised at {_where(frames[-1], project_dir)}"]
    if ours and ours[-1] is not frames[-1]:
        lines.append(f"last corridor frame {_where(ours[-1], project_dir)}")
    return "\n".join(lines)


def _in_roots(filename: str, project_dir: Path) -> str | None:
    path = Path(filename)
    for root in (project_dir, PROJECT_DIR):
        if path.is_relative_to(root) and ".venv" not in path.relative_to(root).parts:
            return str(path.relative_to(root))
    return None


def _where(frame: traceback.FrameSummary, project_dir: Path) -> str:
    shown = _in_roots(frame.filename, project_dir)
    if shown is None:
        parts = Path(frame.filename).parts
        shown = "/".join(parts[parts.index("site-packages") + 1 :]) if "site-packages" in parts else frame.filename
    return f"{shown}:{frame.lineno} in {frame.name}"


def render_all(project_dir: Path, stacks: list[str], jobs: int) -> list[Outcome]:
    """Render `stacks`, in parallel fresh processes when there is more than one."""
    outcomes: list[Outcome] = []
    total = len(stacks)
    if jobs <= 1 or total == 1:
        for stack in stacks:
            outcomes.append(render_stack(str(project_dir), stack))
            _progress(outcomes[-1], len(outcomes), total)
        return outcomes
    # One fresh process per stack: the mock runtime is process-global state, and a process that
    # rendered an AWS stack must not carry pulumi_aws into the next one.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, max_tasks_per_child=1) as pool:
        futures = {pool.submit(render_stack, str(project_dir), stack): stack for stack in stacks}
        for future in as_completed(futures):
            outcomes.append(_collect(future, futures[future], project_dir))
            _progress(outcomes[-1], len(outcomes), total)
    return sorted(outcomes, key=lambda outcome: outcome.stack)


def _collect(future: Future[Outcome], stack: str, project_dir: Path) -> Outcome:
    # render_stack never raises; this catches the worker process itself dying (killed, out of
    # memory: BrokenProcessPool) or a result that cannot be sent back.
    try:
        return future.result()
    except Exception as error:
        return Outcome(stack=stack, failure=describe_failure(error, project_dir))


def _progress(outcome: Outcome, done: int, total: int) -> None:
    from corridor import summary

    if outcome.plan is not None:
        count = summary.totals(outcome.plan).cloud
        status = f"rendered {count} cloud resources in {outcome.seconds:.1f}s"
    elif outcome.problems is not None:
        status = f"invalid configuration ({plural(len(outcome.problems), 'problem')})"
    else:
        status = "render failed"
    print(f"[{done}/{total}] {outcome.stack}: {status}", file=sys.stderr, flush=True)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def plan_text(plan: dict[str, Any]) -> str:
    return json.dumps(plan, indent=2) + "\n"


def check_plan(path: Path, shown: str, plan: dict[str, Any]) -> tuple[str, list[str]]:
    """(`fresh` | `missing` | `stale`, lines explaining it) for the committed plan at `path`."""
    from corridor import summary

    stack = plan["stack"]
    remedy = f"run `make plan STACK={stack}` and commit {shown}"
    if not path.exists():
        return "missing", [f"missing: no committed plan; {remedy}"]
    text = path.read_text()
    if text == plan_text(plan):
        return "fresh", ["fresh"]
    try:
        committed = json.loads(text)
    except json.JSONDecodeError as error:
        return "stale", [f"stale: {shown} is not valid JSON (line {error.lineno}); {remedy}"]
    changes = summary.plan_changes(committed, plan)
    return "stale", [f"stale: {shown} differs from a fresh render; {remedy}. First changes (committed -> fresh):"] + [
        f"  {line}" for line in changes
    ]


def report_broken(outcomes: list[Outcome]) -> None:
    for outcome in outcomes:
        if outcome.problems is not None:
            count = plural(len(outcome.problems), "problem")
            print(f"\n{outcome.stack}: invalid corridor configuration ({count}):", file=sys.stderr)
            for problem in outcome.problems:
                print(f"  {problem}", file=sys.stderr)
        elif outcome.failure is not None:
            first, *rest = outcome.failure.splitlines()
            print(f"\n{outcome.stack}: render failed: {first}", file=sys.stderr)
            for line in rest:
                print(f"  {line}", file=sys.stderr)


def command_plan(args: argparse.Namespace) -> int:
    from components.definition import SpecError
    from corridor import stack_config, summary

    project_dir = Path(args.project_dir).resolve()
    try:
        known = stack_config.stack_names(project_dir)
    except SpecError as error:
        print(f"invalid project ({plural(len(error.problems), 'problem')}):", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem}", file=sys.stderr)
        return EXIT_INVALID
    stacks = args.stack or known
    unknown = [stack for stack in stacks if stack not in known]
    if unknown:
        print(f"unknown stack(s): {', '.join(unknown)}; stacks: {', '.join(known)}", file=sys.stderr)
        return EXIT_INVALID

    started = time.perf_counter()
    jobs = args.jobs or min(len(stacks), os.cpu_count() or 1)
    outcomes = render_all(project_dir, stacks, jobs)
    rendered = [outcome for outcome in outcomes if outcome.plan is not None]
    broken = [outcome for outcome in outcomes if outcome.plan is None]
    status = max((outcome.status for outcome in outcomes), default=EXIT_OK)

    plans_dir = project_dir / args.out
    shown_dir = plans_dir.relative_to(project_dir) if plans_dir.is_relative_to(project_dir) else plans_dir
    verdicts: dict[str, list[str]] = {}
    for outcome in rendered:
        assert outcome.plan is not None
        path = plans_dir / f"{outcome.stack}.json"
        if args.check:
            verdict, lines = check_plan(path, f"{shown_dir}/{outcome.stack}.json", outcome.plan)
            if verdict != "fresh":
                status = max(status, EXIT_STALE)
            verdicts[outcome.stack] = lines
        else:
            plans_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(plan_text(outcome.plan))

    show_summaries = not args.quiet and (args.summary or not args.check)
    if show_summaries and rendered:
        print(summary.report([o.plan for o in rendered if o.plan], summary.output_width(sys.stdout)) + "\n")
    for stack, lines in verdicts.items():
        if lines != ["fresh"] or not args.quiet:
            print(f"{stack}: {lines[0]}")
            for line in lines[1:]:
                print(line)
    sys.stdout.flush()
    report_broken(broken)

    elapsed = time.perf_counter() - started
    not_done = ", ".join(
        f"{o.stack} ({'invalid configuration' if o.problems is not None else 'render failed'})" for o in broken
    )
    if args.check:
        stale = [stack for stack, lines in verdicts.items() if lines[0].startswith("stale")]
        missing = [stack for stack, lines in verdicts.items() if lines[0].startswith("missing")]
        if status == EXIT_OK:
            print(f"{len(rendered)} committed plan(s) match a fresh render ({elapsed:.1f}s)")
            return status
        parts = [f"stale plans: {', '.join(stale)}"] if stale else []
        parts += [f"missing plans: {', '.join(missing)}"] if missing else []
        parts += [f"not checked: {not_done}"] if broken else []
        remedy = f"; run `make plan` and commit {shown_dir}/" if stale or missing else ""
        print("\n" + "; ".join(parts) + remedy, file=sys.stderr)
        return status
    if status == EXIT_OK:
        print(f"wrote {len(rendered)} plan(s) to {shown_dir}/ in {elapsed:.1f}s")
        return status
    print(
        f"\nwrote {len(rendered)} plan(s) to {shown_dir}/ in {elapsed:.1f}s; not written: {not_done}", file=sys.stderr
    )
    return status


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="corridor", description="corridor's offline tool")
    commands = root.add_subparsers(dest="command", required=True)
    plan = commands.add_parser(
        "plan",
        help="render region stacks offline to plans/<stack>.json",
        description="Render region stacks offline to plans/<stack>.json and summarise them. Exit status "
        "(worst stack wins): 0 ok; 1 a render failed, or --check found a stale or missing plan; "
        "2 a stack's configuration is invalid. Every stack that renders is written even when others fail.",
    )
    plan.add_argument("--stack", action="append", help="stack to render (repeatable; default: every stack in stacks/)")
    plan.add_argument(
        "--check",
        action="store_true",
        help="write nothing; report each committed plan as fresh, missing or stale (with its first changed "
        "resources) and exit 1 unless all are fresh; prints no summaries unless --summary is given",
    )
    shown = plan.add_mutually_exclusive_group()
    shown.add_argument(
        "--summary", action="store_true", help="print each stack's summary and the legend (the default without --check)"
    )
    shown.add_argument(
        "--quiet", action="store_true", help="print no summaries: only progress, problems and the final line"
    )
    plan.add_argument("--jobs", type=int, default=0, help="parallel render processes (default: one per core)")
    plan.add_argument("--out", default="plans", help="directory for plan files (relative to the project, or absolute)")
    plan.add_argument("--project-dir", default=str(PROJECT_DIR), help=argparse.SUPPRESS)
    plan.set_defaults(handler=command_plan)
    # `catalog` subcommand: README's "What each cloud sells" table (corridor/catalog_table.py).
    from corridor import catalog_table
    from corridor.review import commands as review_commands

    catalog_table.add_parser(commands)
    # `diff` and `review`: the PR review gate (corridor/review/).
    review_commands.add_parsers(commands, PROJECT_DIR)
    # `dr plan` and `dr check`: recovery stacks (corridor/dr/).
    from corridor.dr import commands as dr_commands

    dr_commands.add_parsers(commands, PROJECT_DIR)
    # `cost`: the fleet's GPU prices from the plans (corridor/cost.py).
    from corridor import cost

    cost.add_parser(commands, PROJECT_DIR)
    # `check`: the policy pack's policies over the plans, offline (corridor/check.py, policy/).
    from corridor import check

    check.add_parser(commands, PROJECT_DIR)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.handler(args))
