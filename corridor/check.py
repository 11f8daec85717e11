"""`python -m corridor check [plans...]`: the policy pack's functions over rendered plans, offline.

The same functions `pulumi preview --policy-pack policy` runs (policy/corridor_policies), over each
plan's resources (README "The plan contract"), plus what CrossGuard cannot see at preview:
`retainOnDelete` on every resource whose type corridor/review/replacement.json puts in a data
category. Providers and components are skipped; resources adopted with a `get` (`adopted: read`)
have no inputs and are skipped by the input policies (the source stack checks them).
Prints `stack  resource  policy  reason`; exit 1 when any mandatory policy is violated.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from components.clouds.features import FLOW_LOGS
from components.clouds.registry import clouds, profile_for
from policy.corridor_policies import POLICIES, Resource, Violation
from policy.corridor_policies.policies import stateful_retained
from policy.corridor_policies.tables import DATA_CATEGORIES

PROJECT_DIR = Path(__file__).resolve().parent.parent

DECLARED_FEATURES = {"network-flow-logs": FLOW_LOGS}
"""Policies a cloud is exempt from when its profile declares the feature unsupported (the reason
is the profile's, and the README's security table shows it)."""


def stateful_types(project_dir: Path = PROJECT_DIR) -> dict[str, str]:
    """Type -> data category, from corridor/review/replacement.json."""
    table = json.loads((project_dir / "corridor" / "review" / "replacement.json").read_text())["types"]
    return {t: row["category"] for t, row in table.items() if row.get("category") in DATA_CATEGORIES}


def views(plan: dict[str, Any]) -> list[Resource]:
    """The plan's custom, non-provider resources as the policies see them."""
    return [
        Resource(
            type=r["type"],
            props=r.get("inputs") or {},
            urn=r["urn"],
            name=r["name"],
            protect=bool(r.get("protect")),
            retain_on_delete=bool(r.get("retainOnDelete")),
            adopted=r.get("adopted"),
        )
        for r in plan["resources"]
        if r.get("custom", True) and not r["type"].startswith("pulumi:providers:")
    ]


def exemptions(plan: dict[str, Any]) -> dict[str, str]:
    """Policies a stack's own definition deliberately does not meet, by policy, with the reason:
    they stay visible, as advisories, instead of failing the check. Each comes from the plan, never
    from a list kept beside it:

    - a recovery drill (`recovery.mode: drill`) is disposable: corridor strips `protect` and
      `retainOnDelete` from what it creates, so `pulumi destroy` takes it down whole;
    - a stack with `corridor:storage.replication: false` (every bucket's `replication` is `none`)
      keeps one copy on purpose (residency: alicloud-me-central-1);
    - a feature the cloud's profile declares unsupported, with the profile's reason (Azure's flow
      logs belong to the subscription's Network Watcher).

    `corridor check --pack-config <plan>` prints the same as a CrossGuard policy-pack config, for
    `pulumi preview --policy-pack policy --policy-pack-config`."""
    found: dict[str, str] = {}
    buckets = (plan["outputs"].get("storage") or {}).get("buckets") or {}
    if (plan.get("recovery") or {}).get("mode") == "drill":
        reason = "a recovery drill is disposable: corridor strips protect and retainOnDelete (recoveryMode drill)"
        found |= {"stateful-resources-protected": reason, "stateful-resources-retained": reason}
        found["storage-replicated"] = "a recovery drill only reads the source's replicas and replicates nothing"
    elif buckets and all(b.get("replication") == "none" for b in buckets.values()):
        found["storage-replicated"] = "the stack sets corridor:storage.replication false: one copy, on purpose"
    cloud = plan.get("cloud")
    if cloud in clouds():
        unsupported = profile_for(cloud).unsupported
        for policy, feature in DECLARED_FEATURES.items():
            if feature in unsupported:
                found[policy] = f"{cloud} declares {feature} unsupported: {unsupported[feature]}"
    return found


def pack_config(plan: dict[str, Any]) -> dict[str, Any]:
    """The CrossGuard policy-pack config that gives `pulumi preview` the plan's `exemptions`: each
    exempted policy runs as advisory (the engine's per-policy `enforcementLevel`)."""
    return {policy: {"enforcementLevel": "advisory"} for policy in sorted(exemptions(plan))}


def check_plan(plan: dict[str, Any], project_dir: Path = PROJECT_DIR) -> list[tuple[str, Violation, str]]:
    """(stack, violation, level) for every policy over one plan: the level is the policy's
    enforcement, or `exempt: <reason>` for a policy the stack is exempt from (`exemptions`), which
    then reports like an advisory."""
    resources = views(plan)
    exempt = exemptions(plan)
    stateful = stateful_types(project_dir)
    rows: list[tuple[str, Violation, str]] = []
    for policy in POLICIES:
        if policy.name == "stateful-resources-retained":
            found = [
                Violation(policy.name, r.urn, r.name, m) for r in resources for m in stateful_retained(r, stateful)
            ]
        else:
            found = policy.run(resources)
        level = f"exempt: {exempt[policy.name]}" if policy.name in exempt else policy.enforcement
        rows += [(plan["stack"], v, level) for v in found]
    return sorted(rows, key=lambda row: (row[0], row[2] != "mandatory", row[1].name, row[1].policy, row[1].message))


def _mark(level: str) -> str:
    return "" if level == "mandatory" else f"({level}) "


def check(paths: list[str], project_dir: Path = PROJECT_DIR) -> list[tuple[str, Violation, str]]:
    rows: list[tuple[str, Violation, str]] = []
    for path in sorted(paths):
        rows += check_plan(json.loads(Path(path).read_text()), project_dir)
    return rows


def command_check(args: argparse.Namespace) -> int:
    project_dir = Path(args.project_dir)
    if args.pack_config:
        print(json.dumps(pack_config(json.loads(Path(args.pack_config).read_text())), indent=1))
        return 0
    paths = args.plans or [str(p) for p in sorted((project_dir / "plans").glob("*.json"))]
    rows = check(paths, project_dir)
    if rows:
        widths = [max(len(x) for x in col) for col in zip(*[(s, v.name, v.policy) for s, v, _ in rows], strict=True)]
        print(f"{'stack':<{widths[0]}}  {'resource':<{widths[1]}}  {'policy':<{widths[2]}}  reason")
        for stack, v, level in rows:
            print(f"{stack:<{widths[0]}}  {v.name:<{widths[1]}}  {v.policy:<{widths[2]}}  {_mark(level)}{v.message}")
    mandatory = sum(1 for _, _, level in rows if level == "mandatory")
    print(
        f"{len(paths)} plan(s), {len(POLICIES)} policies: {mandatory} mandatory violation(s), "
        f"{len(rows) - mandatory} advisory",
        file=sys.stderr,
    )
    return 1 if mandatory else 0


def add_parser(commands: Any, project_dir: Path) -> None:
    check_cmd = commands.add_parser(
        "check",
        help="run the policy pack's policies over rendered plans, offline",
        description="Run corridor's policies (the functions of the CrossGuard pack in policy/) over the committed "
        "plans (or the given plan files), plus the offline-only retainOnDelete check, and print every violation "
        "as stack, resource, policy, reason. Exit 1 on any mandatory violation.",
    )
    check_cmd.add_argument("plans", nargs="*", help="plan files (default: plans/*.json)")
    check_cmd.add_argument(
        "--pack-config",
        metavar="PLAN",
        help="print the CrossGuard policy-pack config for the stack of this plan (its exemptions as advisory) and exit",
    )
    check_cmd.add_argument("--project-dir", default=str(project_dir), help=argparse.SUPPRESS)
    check_cmd.set_defaults(handler=command_check)


def main(argv: list[str] | None = None) -> int:
    """Standalone entry (tests): `main(["plans/x.json"])`."""
    parser = argparse.ArgumentParser(prog="corridor")
    add_parser(parser.add_subparsers(dest="command", required=True), PROJECT_DIR)
    args = parser.parse_args(["check", *(argv or [])])
    return args.handler(args)
