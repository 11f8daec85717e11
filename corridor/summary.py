"""Human-readable summaries of rendered plans, and what changed between two plans.

A summary is for a platform engineer reviewing one region: what it creates (cloud resources by
capability and type, which of them are protected), where its data lives and how it is replicated
(countries, construction, RPO), which GPUs it can buy and how (machine, nodes, capacity, fabric,
zones, what the accelerator catalog does not know), and where the stack file departs from the
fleet baseline in `Pulumi.yaml`. A legend explains every term once, after the summaries.

It reads only plan documents (DESIGN.md section 7) plus the region catalog for countries, so it
works on any committed plan, including older ones that lack later fields: those sections say
"not reported" or are left out. Layout is by `rich`: every line fits the width it is given,
long values wrap (or fold, for tokens without spaces), and output is plain ASCII text.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from rich.box import Box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from components.catalog import regions

CAPABILITY_PREFIX = "corridor:index:"
REGION_STACK = f"{CAPABILITY_PREFIX}RegionStack"
PROVIDER_PREFIX = "pulumi:providers:"
DEFAULT_WIDTH = 100
"""Width for output that is not a terminal (pytest, CI logs, pipes): fixed, so output is
deterministic; wide enough for a resource type token and its counts on one line."""

# SIMPLE_HEAD in ASCII: a dashed rule under the header, a blank line between sections.
ASCII_SIMPLE = Box("    \n    \n -- \n    \n    \n    \n    \n    \n", ascii=True)

CONSTRUCTIONS = {
    "s3-crr-rtc": "S3 Cross-Region Replication with Replication Time Control to a second bucket in the "
    "DR region: 99.99% of new objects copied within 15 minutes, backed by an SLA",
    "gcs-dual-region-turbo": "one dual-region Cloud Storage bucket holding the data in both regions, "
    "with turbo replication: 100% of new objects in both regions within 15 minutes, backed by an SLA",
    "gcs-cross-bucket": "two Cloud Storage buckets and a Storage Transfer Service cross-bucket replication "
    "job: asynchronous, no RPO documented; deletes are not replicated",
    "azure-object-replication": "a storage account in each region and an asynchronous object "
    "replication policy between them; Microsoft documents no completion time",
    "none": "not replicated: the only copy is in the primary region",
}


@dataclass(frozen=True)
class Totals:
    """What a plan registers, by kind. `registrations` = cloud + providers + components."""

    cloud: int
    protected: int
    retained: int
    providers: int
    components: int
    registrations: int


def is_cloud_resource(resource: dict[str, Any]) -> bool:
    """A resource that exists in the cloud account: custom, and not a provider configuration."""
    return bool(resource["custom"]) and not resource["type"].startswith(PROVIDER_PREFIX)


def totals(plan: dict[str, Any]) -> Totals:
    resources = plan["resources"]
    cloud = [r for r in resources if is_cloud_resource(r)]
    return Totals(
        cloud=len(cloud),
        protected=sum(1 for r in cloud if r.get("protect")),
        retained=sum(1 for r in cloud if r.get("retainOnDelete")),
        providers=sum(1 for r in resources if r["custom"] and r["type"].startswith(PROVIDER_PREFIX)),
        components=sum(1 for r in resources if not r["custom"]),
        registrations=len(resources),
    )


def capability_of(resource: dict[str, Any], by_urn: dict[str, dict[str, Any]]) -> str:
    """The nearest corridor capability component above `resource` (`RegionStack` if none)."""
    current: dict[str, Any] | None = resource
    while current is not None:
        kind = current["type"]
        if kind.startswith(CAPABILITY_PREFIX) and kind != REGION_STACK:
            return kind.removeprefix(CAPABILITY_PREFIX)
        current = by_urn.get(current.get("parent") or "")
    return REGION_STACK.removeprefix(CAPABILITY_PREFIX)


def rows(plan: dict[str, Any]) -> list[tuple[str, str, int, int]]:
    """(capability, resource type, count, protected count) for the plan's cloud resources, sorted."""
    by_urn = {resource["urn"]: resource for resource in plan["resources"]}
    counts: Counter[tuple[str, str]] = Counter()
    protected: Counter[tuple[str, str]] = Counter()
    for resource in plan["resources"]:
        if is_cloud_resource(resource):
            key = (capability_of(resource, by_urn), resource["type"])
            counts[key] += 1
            protected[key] += bool(resource.get("protect"))
    return sorted(
        (capability, kind, count, protected[capability, kind]) for (capability, kind), count in counts.items()
    )


def rpo_text(rpo: str | None) -> str:
    """The RPO as a reviewer reads it: `15m` -> `15-minute RPO (SLA)`."""
    if rpo in (None, "none"):
        return "not replicated"
    if rpo == "none-documented":
        return "no documented RPO"
    if rpo.endswith("m") and rpo[:-1].isdigit():
        return f"{rpo[:-1]}-minute RPO (SLA)"
    if rpo.endswith("h") and rpo[:-1].isdigit():
        return f"{rpo[:-1]}-hour RPO (SLA)"
    return f"RPO {rpo}"


def place(cloud: str, region_id: str) -> str:
    """`ap-southeast-1 (Singapore, SG)`: the region with the city and country of its data centres."""
    try:
        found = regions.region(cloud, region_id)
    except KeyError:
        return f"{region_id} (country unknown to the region catalog)"
    return f"{region_id} ({found.city}, {found.country})"


def bucket_rows(plan: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    """(bucket, where its copies live, construction, RPO wording) per bucket, sorted by name."""
    buckets = (plan["outputs"].get("storage") or {}).get("buckets") or {}
    result = []
    for name, bucket in sorted(buckets.items()):
        places = [bucket["primaryRegion"]] + ([bucket["replicaRegion"]] if bucket.get("replicaRegion") else [])
        where = " + ".join(place(plan["cloud"], region_id) for region_id in places)
        result.append((name, where, str(bucket.get("replication", "?")), rpo_text(bucket.get("rpo"))))
    return result


def zones_text(pool: dict[str, Any]) -> str:
    """The pool's zones as the plan reports them, with the reason; older plans do not report them."""
    if "zones" not in pool:
        return "zones not reported"
    zones = pool["zones"]
    where = ", ".join(zones) if zones else "left to the cloud"
    reason = pool.get("zoneReason")
    return f"zones: {where}" + (f" - {reason}" if reason else "")


def pool_lines(pool: dict[str, Any]) -> list[str]:
    """What one GPU pool can add and how: machine and scale, capacity, fabric, zones, unknowns."""
    accelerator = (pool.get("nodeLabels") or {}).get("corridor.dev/accelerator", "GPU")
    lines = [
        f"{pool.get('machineType', '?')}: {pool.get('minNodes', '?')}-{pool.get('maxNodes', '?')} nodes "
        f"x {pool.get('gpusPerNode', '?')} {accelerator} = up to {pool.get('maxGpus', '?')} GPUs",
        f"capacity: {pool.get('capacity', 'not reported')}",
        f"interconnect: {pool.get('interconnect', 'not reported')}",
        zones_text(pool),
    ]
    lines += [f"unknown: {fact}" for fact in pool.get("catalogUnknowns") or []]
    return lines


OVERRIDE_WORDS = {
    "replaced": "replaced by stack file",
    "merged": "merged from corridor:overrides",
    "replaced and merged": "replaced by stack file, then merged from corridor:overrides",
}


def override_lines(plan: dict[str, Any]) -> list[str]:
    """`gpuPools: replaced by stack file` per structured key the stack file changed; [] if unreported."""
    overrides = plan.get("stackOverrides")
    if overrides is None:
        return []
    if not overrides:
        return ["none: every structured value is the fleet baseline from Pulumi.yaml"]
    return [f"{key}: {OVERRIDE_WORDS.get(how, how)}" for key, how in sorted(overrides.items())]


def system_zones_line(plan: dict[str, Any]) -> str | None:
    cluster = plan["outputs"].get("cluster") or {}
    if "systemZones" not in cluster:
        return None
    zones = cluster["systemZones"]
    reason = cluster.get("systemZoneReason")
    where = ", ".join(zones) if zones else "left to the cloud"
    return f"system pool zones: {where}" + (f" - {reason}" if reason else "")


def _heading(text: str) -> Text:
    return Text(text)


def _section(title: str, body: RenderableType) -> Group:
    return Group(Text(""), _heading(title), Padding(body, (0, 0, 0, 2)))


def _resource_table(plan: dict[str, Any]) -> Table:
    # One type column with capability rows above their types (rather than a capability column)
    # leaves the long type tokens the most room; a token that still does not fit folds, indented.
    table = Table(box=ASCII_SIMPLE, show_edge=False, pad_edge=False, header_style="", expand=False)
    table.add_column("capability / type", overflow="fold")
    table.add_column("count", justify="right", no_wrap=True)
    table.add_column("protected", justify="right", no_wrap=True)
    body = rows(plan)
    for index, (capability, kind, count, protected) in enumerate(body):
        if index == 0 or body[index - 1][0] != capability:
            table.add_row(Text(capability), Text(""), Text(""))
        last = index == len(body) - 1 or body[index + 1][0] != capability
        table.add_row(Padding(Text(kind), (0, 0, 0, 2)), Text(str(count)), Text(str(protected)), end_section=last)
    return table


def _totals_text(plan: dict[str, Any]) -> Text:
    t = totals(plan)
    also = f", {t.retained} of them also retained on delete" if t.retained else ""
    return Text(
        f"{t.cloud} cloud resources, {t.protected} protected{also}. "
        f"{t.registrations} registrations in all = {t.cloud} cloud resources + {t.providers} "
        f"provider{'s' if t.providers != 1 else ''} + {t.components} component{'s' if t.components != 1 else ''}."
    )


def _storage_table(plan: dict[str, Any]) -> Table | None:
    body = bucket_rows(plan)
    if not body:
        return None
    table = Table(box=ASCII_SIMPLE, show_edge=False, pad_edge=False, header_style="", expand=False)
    # Names and construction tokens stay whole while the prose columns can wrap instead.
    table.add_column("bucket", no_wrap=True, overflow="fold")
    table.add_column("data in", overflow="fold")
    table.add_column("construction", no_wrap=True, overflow="fold")
    table.add_column("RPO", overflow="fold")
    for cells in body:
        table.add_row(*(Text(cell) for cell in cells))
    return table


def _pool_grid(plan: dict[str, Any]) -> Table | None:
    pools = _pools(plan)
    if not pools:
        return None
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for name, pool in sorted(pools.items()):
        grid.add_row(Text(name), Text("\n".join(pool_lines(pool))))
    return grid


def stack_renderable(plan: dict[str, Any]) -> Group:
    """One stack's summary as a rich renderable (`stack_summary` renders it to text)."""
    parts: list[RenderableType] = [
        Text(f"{plan['stack']}: {plan['cloud']} {plan['region']}, DR region {plan.get('drRegion') or 'none'}"),
        Padding(Group(_resource_table(plan), Text(""), _totals_text(plan)), (1, 0, 0, 2)),
    ]
    storage = _storage_table(plan)
    if storage is not None:
        parts.append(_section("storage", storage))
    pools = _pool_grid(plan)
    if pools is not None:
        parts.append(_section("GPU pools", pools))
    system = system_zones_line(plan)
    if system is not None:
        parts.append(_section("cluster", Text(system)))
    overrides = override_lines(plan)
    if overrides:
        parts.append(_section("stack overrides of Pulumi.yaml", Text("\n".join(overrides))))
    return Group(*parts)


LEGEND = [
    (
        "cloud resources",
        "what the stack creates in the cloud account (Pulumi custom resources), counted by the "
        "corridor capability that owns them and by Pulumi type token; 'count' is how many of that type",
    ),
    (
        "registrations",
        "everything the program registers with the Pulumi engine: the cloud resources plus provider "
        "configurations (pulumi:providers:*) and corridor's components (corridor:index:*), which only "
        "group resources in Pulumi's state and cost nothing",
    ),
    (
        "protected",
        "Pulumi `protect` is set: `pulumi destroy`, and any `pulumi up` that would delete or replace "
        "the resource, fails until the flag is removed in code",
    ),
    (
        "retained on delete",
        "Pulumi `retainOnDelete` is set: even once unprotected, a delete only makes Pulumi forget the "
        "resource; the cloud object and its data stay until removed by hand",
    ),
    ("data in", "each copy's region, with the city and ISO country code of its data centres (data residency)"),
    ("construction", "how a bucket is replicated to the DR region, one of:"),
    (
        "RPO",
        "recovery point objective, how much recent data a regional outage can lose: 'N-minute RPO (SLA)' "
        "is a bound the cloud backs with an SLA; 'no documented RPO' means replication is asynchronous "
        "and the cloud promises no bound; 'not replicated' means there is one copy only",
    ),
    (
        "GPU pool",
        "machine: min-max nodes (the autoscaler's range; 0 means an idle pool costs nothing) x GPUs per "
        "node = the most GPUs the pool can run",
    ),
    (
        "capacity",
        "how the pool's machines are bought (reservation or capacity block, flex-start, on-demand, or "
        "spot: cheapest, but the cloud can reclaim nodes at short notice) and where",
    ),
    (
        "interconnect",
        "the GPU-to-GPU network between nodes (EFA, GPUDirect-TCPXO/RDMA, InfiniBand) and its placement; "
        "'none' is the ordinary VPC network: fine for inference, slow for multi-node training",
    ),
    (
        "zones",
        "the availability zones the plan's resources put the pool in, and why; 'left to the cloud' "
        "means the plan pins none; 'zones not reported' means the plan predates the field",
    ),
    ("unknown", "a fact the accelerator catalog does not know for this pool: check it before relying on it"),
    ("system pool zones", "the zones of the cluster's system (non-GPU) node pool"),
    (
        "stack overrides",
        "structured values of Pulumi.yaml (the fleet baseline) that this stack's file replaced whole, "
        "or merged into through corridor:overrides",
    ),
]


LEGEND_ALWAYS = [term for term, _ in LEGEND if term not in ("unknown", "system pool zones", "stack overrides")]


def _pools(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return plan["outputs"].get("gpuPools") or {}


def legend_renderable(plans: Sequence[dict[str, Any]] = ()) -> Group:
    """The legend; constructions are explained for those `plans` use (all known ones if none given)."""
    used = {bucket[2] for plan in plans for bucket in bucket_rows(plan)} or set(CONSTRUCTIONS)
    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    shown = set(LEGEND_ALWAYS)
    if not plans or any(pool.get("catalogUnknowns") for plan in plans for pool in _pools(plan).values()):
        shown.add("unknown")
    if not plans or any(system_zones_line(plan) for plan in plans):
        shown.add("system pool zones")
    if not plans or any(override_lines(plan) for plan in plans):
        shown.add("stack overrides")
    for term, meaning in LEGEND:
        if term in shown:
            grid.add_row(Text(term), Text(meaning))
        if term == "construction":
            for name in sorted(used):
                grid.add_row(Text(f"  {name}"), Text(CONSTRUCTIONS.get(name, "see the cloud adapter's docstring")))
    return Group(Text("legend"), Padding(grid, (0, 0, 0, 2)))


def render_text(renderables: Iterable[RenderableType], width: int) -> str:
    """Render to plain text exactly `width` columns wide at most, without trailing spaces."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        color_system=None,
        force_terminal=False,
        force_jupyter=False,
        legacy_windows=False,
        markup=False,
        emoji=False,
        highlight=False,
    )
    for renderable in renderables:
        console.print(renderable)
    return "\n".join(line.rstrip() for line in buffer.getvalue().splitlines())


def stack_summary(plan: dict[str, Any], width: int = DEFAULT_WIDTH) -> str:
    """One stack's summary as text, no line wider than `width`."""
    return render_text([stack_renderable(plan)], width)


def legend(plans: Sequence[dict[str, Any]] = (), width: int = DEFAULT_WIDTH) -> str:
    return render_text([legend_renderable(plans)], width)


def report(plans: Sequence[dict[str, Any]], width: int = DEFAULT_WIDTH) -> str:
    """Every plan's summary, then one legend for them all."""
    renderables: list[RenderableType] = []
    for plan in plans:
        renderables += [stack_renderable(plan), Text("")]
    renderables.append(legend_renderable(plans))
    return render_text(renderables, width)


def output_width(stream: TextIO) -> int:
    """The terminal's width when `stream` is a terminal, else `DEFAULT_WIDTH` (deterministic logs)."""
    if stream.isatty():
        return max(40, Console(file=stream).width)
    return DEFAULT_WIDTH


# -- what changed between a committed plan and a fresh render (for `plan --check`) ----------------

ABSENT = object()


def _shown(value: Any, start: int = 0, limit: int = 40) -> str:
    """`value` as JSON, at most `limit` characters from `start` (elided parts shown as `...`)."""
    text = json.dumps(value, sort_keys=True)
    head = "..." if start > 0 else ""
    window = text[start:]
    return head + (window if len(window) <= limit else window[: limit - 3] + "...")


def _pair(old: Any, new: Any) -> str:
    """`old -> new`; long values are shown from a little before their first difference."""
    if old is ABSENT or new is ABSENT:
        return f"{'(absent)' if old is ABSENT else _shown(old)} -> {'(absent)' if new is ABSENT else _shown(new)}"
    a, b = json.dumps(old, sort_keys=True), json.dumps(new, sort_keys=True)
    common = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    start = max(0, common - 12) if common > 24 else 0
    return f"{_shown(old, start)} -> {_shown(new, start)}"


def differences(old: Any, new: Any, path: str = "") -> list[str]:
    """`path old -> new` for every leaf that differs, depth first in key order."""
    if old == new:
        return []
    if isinstance(old, dict) and isinstance(new, dict):
        found = []
        for key in sorted(set(old) | set(new), key=str):
            child = f"{path}.{key}" if path else str(key)
            found += differences(old.get(key, ABSENT), new.get(key, ABSENT), child)
        return found
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        found = []
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            found += differences(a, b, f"{path}[{index}]")
        return found
    return [f"{path} {_pair(old, new)}"]


def plan_changes(committed: dict[str, Any], fresh: dict[str, Any], limit: int = 10, paths: int = 3) -> list[str]:
    """The first `limit` changes from `committed` to `fresh`, one line each.

    `+ type name` added, `- type name` removed, `~ type name: inputs.x 30 -> 7` changed (with its
    first `paths` differing paths), then changes outside `resources` (stack outputs, metadata).
    """
    old = {r["urn"]: r for r in committed.get("resources") or []}
    new = {r["urn"]: r for r in fresh.get("resources") or []}
    changes = []
    for urn, resource in new.items():
        label = f"{resource['type']} {resource['name']}"
        if urn not in old:
            changes.append(f"+ {label} (added)")
            continue
        found = differences(old[urn], resource)
        if found:
            more = f" (+{len(found) - paths} more)" if len(found) > paths else ""
            changes.append(f"~ {label}: " + "; ".join(found[:paths]) + more)
    changes += [f"- {r['type']} {r['name']} (removed)" for urn, r in old.items() if urn not in new]
    rest = differences(
        {k: v for k, v in committed.items() if k != "resources"}, {k: v for k, v in fresh.items() if k != "resources"}
    )
    changes += [f"~ {line}" for line in rest]
    if not changes and list(old) != list(new):
        changes.append("~ resources are listed in a different order (no content change)")
    if not changes:
        changes.append("~ the file's formatting differs from a fresh render (no content change)")
    if len(changes) > limit:
        changes = [*changes[:limit], f"... and {len(changes) - limit} more changes"]
    return changes
