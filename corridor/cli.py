"""`python -m corridor plan`: render region stacks offline and write `plans/<stack>.json`.

Exit status: 0 rendered (or, with `--check`, committed plans are fresh); 1 `--check` found a
stale or missing plan; 2 a stack's configuration is invalid (its problems are printed, no plan
is written).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
EXIT_STALE = 1
EXIT_INVALID = 2


@dataclass
class Outcome:
    """One stack's render result, small enough to send back from a worker process."""

    stack: str
    plan: dict[str, Any] | None = None
    problems: list[str] | None = None
    seconds: float = 0.0


def render_stack(project_dir: str, stack: str) -> Outcome:
    """Render one stack (runs in a worker process, which imports only that stack's cloud SDK)."""
    if project_dir not in sys.path:
        sys.path.insert(0, project_dir)
    from components.spec import SpecError
    from corridor.render import render

    try:
        rendered = render(Path(project_dir), stack)
    except SpecError as error:
        return Outcome(stack=stack, problems=[str(problem) for problem in error.problems])
    return Outcome(stack=stack, plan=rendered.plan, seconds=rendered.seconds)


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
        futures = [pool.submit(render_stack, str(project_dir), stack) for stack in stacks]
        for future in as_completed(futures):
            outcomes.append(future.result())
            _progress(outcomes[-1], len(outcomes), total)
    return sorted(outcomes, key=lambda outcome: outcome.stack)


def _progress(outcome: Outcome, done: int, total: int) -> None:
    if outcome.plan is not None:
        count = sum(1 for r in outcome.plan["resources"] if r["custom"])
        status = f"rendered {count} cloud resources in {outcome.seconds:.1f}s"
    else:
        status = "invalid configuration"
    print(f"[{done}/{total}] {outcome.stack}: {status}", file=sys.stderr, flush=True)


def plan_text(plan: dict[str, Any]) -> str:
    return json.dumps(plan, indent=2) + "\n"


def command_plan(args: argparse.Namespace) -> int:
    from corridor import stack_config, summary

    project_dir = Path(args.project_dir).resolve()
    known = stack_config.stack_names(project_dir)
    stacks = args.stack or known
    unknown = [stack for stack in stacks if stack not in known]
    if unknown:
        print(f"unknown stack(s): {', '.join(unknown)}; stacks: {', '.join(known)}", file=sys.stderr)
        return EXIT_INVALID

    started = time.perf_counter()
    jobs = args.jobs or min(len(stacks), os.cpu_count() or 1)
    outcomes = render_all(project_dir, stacks, jobs)

    invalid = [outcome for outcome in outcomes if outcome.problems]
    if invalid:
        for outcome in invalid:
            problems = outcome.problems or []
            print(f"\n{outcome.stack}: invalid corridor configuration ({len(problems)} problems):", file=sys.stderr)
            for problem in problems:
                print(f"  {problem}", file=sys.stderr)
        print("\nno plan written", file=sys.stderr)
        return EXIT_INVALID

    plans_dir = project_dir / args.out
    stale = []
    for outcome in outcomes:
        assert outcome.plan is not None
        path = plans_dir / f"{outcome.stack}.json"
        text = plan_text(outcome.plan)
        if args.check:
            if not path.exists() or path.read_text() != text:
                stale.append(outcome.stack)
        else:
            plans_dir.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
        print(summary.table(outcome.plan) + "\n")

    elapsed = time.perf_counter() - started
    if args.check:
        if stale:
            print(f"stale plans: {', '.join(stale)}; run `make plan` and commit plans/", file=sys.stderr)
            return EXIT_STALE
        print(f"{len(outcomes)} committed plan(s) match a fresh render ({elapsed:.1f}s)")
        return 0
    shown = plans_dir.relative_to(project_dir) if plans_dir.is_relative_to(project_dir) else plans_dir
    print(f"wrote {len(outcomes)} plan(s) to {shown}/ in {elapsed:.1f}s")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="corridor", description="corridor's offline tool")
    commands = root.add_subparsers(dest="command", required=True)
    plan = commands.add_parser("plan", help="render region stacks offline to plans/<stack>.json")
    plan.add_argument("--stack", action="append", help="stack to render (repeatable; default: every stack in stacks/)")
    plan.add_argument("--check", action="store_true", help="fail if a committed plan differs from a fresh render")
    plan.add_argument("--jobs", type=int, default=0, help="parallel render processes (default: one per core)")
    plan.add_argument("--out", default="plans", help="directory for plan files (relative to the project, or absolute)")
    plan.add_argument("--project-dir", default=str(PROJECT_DIR), help=argparse.SUPPRESS)
    plan.set_defaults(handler=command_plan)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return int(args.handler(args))
