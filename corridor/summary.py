"""Human-readable summaries of rendered plans: resources by capability and type."""

from __future__ import annotations

from collections import Counter
from typing import Any

from components.catalog import regions

CAPABILITY_PREFIX = "corridor:index:"
REGION_STACK = f"{CAPABILITY_PREFIX}RegionStack"


def capability_of(resource: dict[str, Any], by_urn: dict[str, dict[str, Any]]) -> str:
    """The nearest corridor capability component above `resource` (`RegionStack` if none)."""
    current: dict[str, Any] | None = resource
    while current is not None:
        kind = current["type"]
        if kind.startswith(CAPABILITY_PREFIX) and kind != REGION_STACK:
            return kind.removeprefix(CAPABILITY_PREFIX)
        current = by_urn.get(current.get("parent") or "")
    return REGION_STACK.removeprefix(CAPABILITY_PREFIX)


def rows(plan: dict[str, Any]) -> list[tuple[str, str, int]]:
    """(capability, resource type, count) for every cloud resource in the plan, sorted."""
    by_urn = {resource["urn"]: resource for resource in plan["resources"]}
    counts = Counter(
        (capability_of(resource, by_urn), resource["type"]) for resource in plan["resources"] if resource["custom"]
    )
    return sorted((capability, kind, count) for (capability, kind), count in counts.items())


def table(plan: dict[str, Any]) -> str:
    """A fixed-width table of the plan's cloud resources, with protected counts and a total."""
    lines = [f"{plan['stack']}  ({plan['cloud']} {plan['region']}, DR {plan['drRegion']})"]
    body = rows(plan)
    width_cap = max([len("capability")] + [len(c) for c, _, _ in body])
    width_type = max([len("type")] + [len(t) for _, t, _ in body])
    lines.append(f"  {'capability':<{width_cap}}  {'type':<{width_type}}  count")
    lines += [f"  {c:<{width_cap}}  {t:<{width_type}}  {n:>5}" for c, t, n in body]
    custom = [r for r in plan["resources"] if r["custom"]]
    protected = sum(1 for r in custom if r["protect"])
    lines.append(f"  {len(custom)} cloud resources ({protected} protected), {len(plan['resources'])} in all")
    lines += storage_lines(plan)
    lines += gpu_lines(plan)
    return "\n".join(lines)


def gpu_lines(plan: dict[str, Any]) -> list[str]:
    """Per GPU pool: machine, scaling range, the GPUs it may add, how capacity is bought, fabric."""
    lines = []
    for name, pool in sorted(plan["outputs"].get("gpuPools", {}).items()):
        accelerator = pool["nodeLabels"].get("corridor.dev/accelerator", "?")
        lines.append(
            f"  gpu pool {name}: {pool['minNodes']}..{pool['maxNodes']} x {pool['machineType']} "
            f"({pool['gpusPerNode']} {accelerator}), up to {pool['maxGpus']} GPUs; "
            f"{pool['capacity']}; interconnect {pool['interconnect']}"
        )
    return lines


def storage_lines(plan: dict[str, Any]) -> list[str]:
    """Where each bucket's data lives (countries, for residency review) and how it replicates."""
    buckets = plan["outputs"].get("storage", {}).get("buckets", {})
    lines = []
    for name, bucket in sorted(buckets.items()):
        places = [bucket["primaryRegion"]] + ([bucket["replicaRegion"]] if bucket.get("replicaRegion") else [])
        where = " + ".join(f"{region} ({regions.region(plan['cloud'], region).country})" for region in places)
        lines.append(f"  bucket {name}: data in {where}; {bucket['replication']}, RPO {bucket['rpo']}")
    return lines
