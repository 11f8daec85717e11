"""Estimated recovery time (RTO) of a recovery plan, cold and with a pilot light.

A cold recovery is one `pulumi up` of the recovery stack: the engine creates each resource as
soon as everything it depends on exists, so the time is the plan's critical path, each resource
weighted by its type's documented create time. The first GPU node is Ready a scale-up after its
pool exists (corridor's pools start at zero nodes unless `minNodes` says otherwise). With a pilot
light the stack already exists: recovery is the scale-up, plus an `up` that only imports.

The weights are committed, sourced tables, one per cloud (`<cloud package>/recovery_latencies.json`,
read through the cloud registry): a type without a documented figure is named as unknown, and
any type absent from the table counts as an API call (no minutes), which the report says.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from components.clouds.registry import entry

NODE_POOL_COMPONENT = "corridor:index:GpuNodePool"
"""The neutral component every GPU pool's resources are children of."""


@dataclass(frozen=True)
class Latencies:
    """One cloud's table: create minutes by type, unknown types, and the GPU scale-up."""

    create_minutes: Mapping[str, float]
    unknown: Mapping[str, str]
    scale_up_minutes: float | None
    sources: tuple[str, ...]


@cache
def latencies(cloud: str) -> Latencies | None:
    """The committed latency table of `cloud`; None where the cloud has none."""
    path = resources.files(entry(cloud).package) / "recovery_latencies.json"
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    create = {type_: float(row["minutes"]) for type_, row in data.get("createMinutes", {}).items()}
    scale_up = data.get("scaleUpMinutes")
    sources = sorted(
        {row["source"] for row in data.get("createMinutes", {}).values()}
        | ({scale_up["source"]} if scale_up else set())
    )
    return Latencies(
        create, dict(data.get("unknown", {})), float(scale_up["minutes"]) if scale_up else None, tuple(sources)
    )


@dataclass
class Estimate:
    """The estimated RTO of one recovery plan."""

    cold_minutes: float | None
    """Critical path of the plan plus the GPU scale-up; None when the scale-up is unknown."""
    pilot_light_minutes: float | None
    """The GPU scale-up alone; None when unknown."""
    critical_path: list[str] = field(default_factory=list)
    """The types on the cold critical path, in order, with their minutes."""
    unknown: list[str] = field(default_factory=list)
    """Types in the plan whose create time has no documented figure."""
    untimed: int = 0
    """Resources of types absent from the table, counted as API calls."""


def estimate(plan: Mapping[str, Any]) -> Estimate:
    """The RTO estimate of a recovery `plan` from its cloud's latency table."""
    table = latencies(str(plan["cloud"]))
    if table is None:
        return Estimate(None, None, unknown=[f"{plan['cloud']} has no recovery latency table"])
    by_urn = {r["urn"]: r for r in plan["resources"]}
    finish: dict[str, float] = {}
    previous: dict[str, str | None] = {}

    def minutes(resource: Mapping[str, Any]) -> float:
        # An adopted resource is a read or an import of something that exists: seconds.
        return 0.0 if resource.get("adopted") else table.create_minutes.get(resource["type"], 0.0)

    for resource in plan["resources"]:  # plans are in creation order (corridor.render.ordered)
        waits = [dep for dep in [resource["provider"], *resource["dependsOn"]] if dep in finish]
        parent = resource.get("parent")
        if parent in by_urn and by_urn[parent]["custom"]:
            waits.append(parent)
        start_from = max(waits, key=lambda urn: finish[urn], default=None)
        finish[resource["urn"]] = (finish[start_from] if start_from else 0.0) + minutes(resource)
        previous[resource["urn"]] = start_from

    pools = [urn for urn, r in by_urn.items() if r["type"] == NODE_POOL_COMPONENT]
    pool_ready = {
        pool: max((finish[urn] for urn, r in by_urn.items() if _under(r, pool, by_urn)), default=0.0) for pool in pools
    }
    end = max(finish, key=lambda urn: finish[urn], default=None)
    slowest_pool = max(pool_ready, key=lambda pool: pool_ready[pool], default=None)
    cold = None
    if table.scale_up_minutes is not None:
        cold = max(
            finish[end] if end else 0.0, (pool_ready[slowest_pool] if slowest_pool else 0.0) + table.scale_up_minutes
        )
    path: list[str] = []
    cursor = end
    if slowest_pool is not None and table.scale_up_minutes is not None and end is not None:
        cursor = max(
            (urn for urn, r in by_urn.items() if _under(r, slowest_pool, by_urn)),
            key=lambda urn: finish[urn],
            default=end,
        )
    while cursor is not None:
        resource = by_urn[cursor]
        if minutes(resource):
            path.append(f"{resource['type']} {minutes(resource):g} min")
        cursor = previous[cursor]
    present = {r["type"] for r in plan["resources"] if not r.get("adopted")}
    return Estimate(
        cold_minutes=cold,
        pilot_light_minutes=table.scale_up_minutes,
        critical_path=list(reversed(path)),
        unknown=sorted(present & set(table.unknown)),
        untimed=sum(
            1
            for r in plan["resources"]
            if r["custom"]
            and not r.get("adopted")
            and r["type"] not in table.create_minutes
            and r["type"] not in table.unknown
        ),
    )


def _under(resource: Mapping[str, Any], ancestor: str, by_urn: Mapping[str, Mapping[str, Any]]) -> bool:
    """Whether `resource` is a descendant of `ancestor` through its parents."""
    parent = resource.get("parent")
    while parent is not None:
        if parent == ancestor:
            return True
        parent = by_urn[parent].get("parent") if parent in by_urn else None
    return False
