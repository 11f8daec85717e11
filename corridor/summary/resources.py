"""What a plan registers: cloud resources by capability and type, providers and components."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

CAPABILITY_PREFIX = "corridor:index:"
REGION_STACK = f"{CAPABILITY_PREFIX}RegionStack"
PROVIDER_PREFIX = "pulumi:providers:"


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
