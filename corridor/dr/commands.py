"""`python -m corridor dr plan` and `python -m corridor dr check`.

`dr plan --from <stack>` writes the source's recovery stack file into `stacks/` after validating
it as `pulumi up` would (the source's file is read, the region moved to its DR region).

`dr check` renders every stack with a DR region and its committed recovery stack, and prints per
source: the parity table (`parity.compare`), what the recovery plan does with data
(`parity.data_findings`), the RPO of each bucket's replication, and the estimated RTO of a cold
and a pilot-light recovery (`timing.estimate`). Exit status:

  0  every recovery stack matches its source but for forced differences, and handles data safely
  1  an unexplained difference, a data finding, a missing recovery stack, or a render failure
  2  a configuration is invalid (`dr plan`: the recovery stack it would write)
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from rich.table import Table

from corridor import stack_config
from corridor.dr import parity, timing
from corridor.dr.stack_file import NotRecoverableError, recovery_stack

EXIT_OK, EXIT_PROBLEM, EXIT_INVALID = 0, 1, 2


def add_parsers(commands: Any, project_dir: Path) -> None:
    """Register `dr plan` and `dr check` on the CLI's subcommands."""
    dr = commands.add_parser("dr", help="disaster recovery: recovery stacks and their parity checks")
    actions = dr.add_subparsers(dest="dr_command", required=True)

    plan = actions.add_parser(
        "plan",
        help="write the recovery stack of a stack (stacks/Pulumi.<cloud>-<drRegion>-dr.yaml)",
        description="Write the recovery stack of --from: the source's definition stood up in its drRegion on "
        "the keys and buckets it replicated there. Exit 0 written; 1 the file exists (use --force); "
        "2 the source cannot be recovered or the recovery stack would be invalid.",
    )
    plan.add_argument("--from", dest="source", required=True, help="the stack whose region is recovered")
    plan.add_argument(
        "--mode", choices=["drill", "failover"], default="drill", help="corridor:recoveryMode (default drill)"
    )
    plan.add_argument(
        "--standby", choices=["none", "pilotLight"], default="none", help="corridor:standby (default none: cold)"
    )
    plan.add_argument("--onward-region", help="replicate onward to this further region in failover (corridor:drRegion)")
    plan.add_argument("--zones", nargs="+", help="the DR region's zones, where the catalog records none")
    plan.add_argument("--force", action="store_true", help="overwrite an existing recovery stack file")
    plan.add_argument("--project-dir", default=str(project_dir), help=argparse.SUPPRESS)
    plan.set_defaults(handler=command_plan)

    check = actions.add_parser(
        "check",
        help="render each recovery stack and report parity, data handling, RPO and estimated RTO",
        description="For every stack with a drRegion, compare its committed recovery stack's plan with its own. "
        "Exit 0 parity (forced differences shown with reasons); 1 an unexplained difference, a data finding, "
        "a missing recovery stack or a failed render.",
    )
    check.add_argument("--stack", action="append", help="only this source stack (repeatable)")
    check.add_argument("--project-dir", default=str(project_dir), help=argparse.SUPPRESS)
    check.set_defaults(handler=command_check)


def command_plan(args: argparse.Namespace) -> int:
    from components.definition import SpecError, load_spec
    from components.definition.baseline import read_baseline
    from components.program import stack_reader

    project_dir = Path(args.project_dir).resolve()
    try:
        source = stack_config.load(project_dir, args.source)
        planned = recovery_stack(args.source, source.values, args.mode, args.standby, args.onward_region, args.zones)
    except SpecError as error:
        return _invalid(f"{args.source} cannot be read", [str(problem) for problem in error.problems])
    except NotRecoverableError as error:
        return _invalid(f"{args.source} cannot be recovered", [str(error)])

    # Validate the recovery stack as the program will receive it, before writing it.
    options = [
        f"--{name.replace('_', '-')} {value}"
        for name, value in (("mode", args.mode), ("standby", args.standby), ("onward_region", args.onward_region))
        if value is not None and value not in ("drill", "none")
    ]
    options += [f"--zones {' '.join(args.zones)}"] if args.zones else []
    text = planned.text(args.source, " ".join(["python -m corridor dr plan --from", args.source, *options]))
    with tempfile.TemporaryDirectory() as scratch:
        (Path(scratch) / f"Pulumi.{planned.stack}.yaml").write_text(text, encoding="utf-8")
        try:
            config = stack_config.load(project_dir, planned.stack, directory=Path(scratch))
            load_spec(config.values, read_baseline(project_dir), config.secret_keys, stack_reader(project_dir))
        except SpecError as error:
            return _invalid(f"{planned.stack} would be invalid", [str(problem) for problem in error.problems])

    path = stack_config.stack_dir(project_dir) / f"Pulumi.{planned.stack}.yaml"
    if path.exists() and not args.force:
        print(f"{path.relative_to(project_dir)} exists; pass --force to overwrite it", file=sys.stderr)
        return EXIT_PROBLEM
    path.write_text(text, encoding="utf-8")
    print(
        f"wrote {path.relative_to(project_dir)} ({planned.settings['recoveryMode']}); next: `pulumi stack init "
        f"{planned.stack}`, then `pulumi preview --stack {planned.stack}` (docs/dr-runbook.md)"
    )
    return EXIT_OK


def _invalid(title: str, problems: list[str]) -> int:
    print(f"{title}:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem}", file=sys.stderr)
    return EXIT_INVALID


def command_check(args: argparse.Namespace) -> int:
    from components.clouds.features import RECOVERY
    from components.clouds.registry import clouds, profile_for
    from corridor.cli import render_all, report_broken

    project_dir = Path(args.project_dir).resolve()
    configs = {name: stack_config.load(project_dir, name).values for name in stack_config.stack_names(project_dir)}
    recovery_of = {
        values["corridor:recoverFrom"]: name for name, values in configs.items() if "corridor:recoverFrom" in values
    }
    sources = [
        name
        for name, values in configs.items()
        if "corridor:recoverFrom" not in values
        and values.get("corridor:drRegion")
        and (not args.stack or name in args.stack)
    ]
    status = EXIT_OK
    wanted: list[str] = []
    for source in sources:
        cloud = configs[source].get("corridor:cloud", "")
        unsupported = profile_for(cloud).unsupported if cloud in clouds() else {}
        if RECOVERY in unsupported:
            print(f"{source}: not recoverable by corridor ({cloud}): {unsupported[RECOVERY]}\n")
        elif source not in recovery_of:
            print(f"{source}: no recovery stack; run `python -m corridor dr plan --from {source}`\n", file=sys.stderr)
            status = EXIT_PROBLEM
        else:
            wanted += [source, recovery_of[source]]
    outcomes = {o.stack: o for o in render_all(project_dir, wanted, min(len(wanted), os.cpu_count() or 1) or 1)}
    broken = [o for o in outcomes.values() if o.plan is None]
    report_broken(broken)
    if broken:
        status = EXIT_PROBLEM
    for source in sources:
        recovery = recovery_of.get(source)
        if recovery is None or recovery not in outcomes:
            continue
        source_plan, recovery_plan = outcomes[source].plan, outcomes[recovery].plan
        if source_plan is None or recovery_plan is None:
            continue
        report, ok = source_report(source_plan, recovery_plan)
        print(report)
        status = max(status, EXIT_OK if ok else EXIT_PROBLEM)
    return status


def source_report(source_plan: dict[str, Any], recovery_plan: dict[str, Any]) -> tuple[str, bool]:
    """The text `dr check` prints for one source stack, and whether its recovery stack passes."""
    from corridor.summary.layout import ASCII_SIMPLE, DEFAULT_WIDTH, render_text

    info = recovery_plan.get("recovery") or {}
    rows = parity.compare(source_plan, recovery_plan)
    findings = parity.data_findings(recovery_plan)
    table = Table(box=ASCII_SIMPLE, show_edge=False, pad_edge=False)
    for column in ("aspect", "verdict", f"{source_plan['stack']} -> {recovery_plan['stack']}"):
        table.add_column(column, overflow="fold")
    for row in rows:
        detail = row.detail + (f" ({row.reason})" if row.reason else "")
        table.add_row(row.aspect, row.verdict, detail)
    estimate = timing.estimate(recovery_plan)
    lines = [
        f"{source_plan['stack']} ({source_plan['region']}) -> {recovery_plan['stack']} ({recovery_plan['region']}), "
        f"mode {info.get('mode')}, standby {info.get('standby')}",
    ]
    lines.append(
        "  data: "
        + (
            "; ".join(findings)
            if findings
            else (
                "owns none (every replica is a read; nothing protected or retained)"
                if info.get("mode") == "drill"
                else "every adopted replica imported with protect and retainOnDelete"
            )
        )
    )
    for name, bucket in sorted(((source_plan.get("outputs") or {}).get("storage") or {}).get("buckets", {}).items()):
        lines.append(f"  RPO {name}: {bucket.get('rpo') or 'none documented'} ({bucket.get('replication')})")
    lines.append(
        f"  RTO cold: {_minutes(estimate.cold_minutes)} (critical path: {' -> '.join(estimate.critical_path) or '-'}, "
        "then the GPU scale-up)"
    )
    lines.append(
        f"  RTO pilot light: {_minutes(estimate.pilot_light_minutes)} (GPU scale-up, then an `up` that imports)"
    )
    lines.append(
        "  pilot light standing cost: unknown (corridor has no price catalog for clusters, NAT and system nodes yet)"
    )
    if estimate.unknown:
        lines.append(f"  no documented create time: {', '.join(estimate.unknown)}")
    if estimate.untimed:
        lines.append(f"  {estimate.untimed} resources of types without a figure counted as API calls (0 min)")
    ok = not findings and all(row.verdict != "DIFFERENT" for row in rows)
    text = "\n".join(lines) + "\n" + render_text([table], DEFAULT_WIDTH)
    return text, ok


def _minutes(value: float | None) -> str:
    return "unknown" if value is None else f"~{value:.0f} min"
