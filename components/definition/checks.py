"""Checks that span config keys, run after each key validated on its own.

Region against cloud, DR region, residency, zones, network layout, GPU pool names and bounds,
and reservations against what each cloud supports. (Placement keys and each pool's catalog
machine are checked where they are decided: `loader._placement` and `pool_plan.plan_pools`.) Each check
runs only on the keys that validated, so one typo is reported once, and each returns every
problem it finds rather than stopping at the first.

Names no cloud: what differs by cloud is read from its profile (`components.clouds.registry`),
and the cloud's own rules run through the profile's `validate` and `validate_reservation`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from components.capabilities import Capability
from components.clouds.features import (
    IMAGE_ADMISSION,
    NODE_MINIMUM,
    PLATFORM_KEY_NODE_DISKS,
    RECOVERY,
    RESERVED_CAPACITY,
    SPOT_CAPACITY,
    ZONES,
)
from components.clouds.registry import clouds, profile_for
from components.definition.budgets import BUDGET_TOPIC, TEAM_BUDGETS
from components.definition.errors import Problem, did_you_mean

CrossCheck = Callable[[Mapping[str, Any], frozenset[str]], list[Problem]]
"""A check spanning keys: (validated values by field name, config keys the user supplied).
The values also hold `placement`, the stack's validated placement on its cloud (None where it
did not validate)."""


def _check_cloud_and_regions(values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
    cloud = values.get("cloud")
    if cloud is None:
        return []
    if cloud not in clouds():
        supported = clouds()
        hint = did_you_mean(cloud, supported)
        return [
            Problem("corridor:cloud", f"'{cloud}' is not a supported cloud{hint}; supported: {', '.join(supported)}")
        ]
    problems = []
    profile = profile_for(cloud)
    for key, name in (("region", "region"), ("drRegion", "dr_region")):
        region = values.get(name)
        reason = profile.region_problem(region) if region is not None else None
        if reason is not None:
            problems.append(Problem(f"corridor:{key}", reason))
    region, dr_region = values.get("region"), values.get("dr_region")
    if region is not None and region == dr_region:
        problems.append(
            Problem(
                "corridor:drRegion",
                f"must differ from corridor:region ('{region}'): "
                "a replica in the same region survives no regional outage",
            )
        )
    return problems


def _check_residency(values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
    allowed, cloud = values.get("residency"), values.get("cloud")
    if not allowed or cloud not in clouds():
        return []
    problems = []
    storage = values.get("storage")
    # The DR region holds the stack's data only through replication: with `replication: false`
    # corridor places only the (unused) DR key there, which is no data, so residency does not bind
    # it; turning replication on is refused until the DR region is inside residency.
    replicates = storage is None or storage.replication
    for key, name in (("region", "region"), ("drRegion", "dr_region")):
        region_id = values.get(name)
        if name == "dr_region" and not replicates:
            continue
        profile = profile_for(cloud)
        if region_id is None or profile.region_problem(region_id) is not None:
            continue  # missing or unknown: reported by its own check
        country = profile.country_of(region_id, values.get("placement"))
        if country is None:
            continue  # the stack does not say: reported by the cloud's own rules
        if country not in allowed:
            problems.append(
                Problem(
                    f"corridor:{key}",
                    f"'{region_id}' is in {country}, outside corridor:residency ({', '.join(allowed)})",
                )
            )
    return problems


def _check_zones(values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
    cloud, region, zones = values.get("cloud"), values.get("region"), values.get("zones")
    if cloud not in clouds() or region is None or profile_for(cloud).region_problem(region) is not None:
        return []  # an unknown region is reported once, by its own check
    profile = profile_for(cloud)
    if ZONES in profile.unsupported:
        return []  # zones asked for on a cloud without them: reported by _check_capabilities
    if zones is None:
        if profile.zones_required and "zones" not in supplied:
            return [Problem("corridor:zones", f"is required on {cloud}: list at least two zones of {region}")]
        return []
    pattern = profile.zone_pattern(region)
    problems = [
        Problem(f"corridor:zones[{i}]", f"'{zone}' is not a zone of {region}")
        for i, zone in enumerate(zones)
        if not re.fullmatch(pattern, zone)
    ]
    if len(set(zones)) != len(zones):
        problems.append(Problem("corridor:zones", "must not repeat a zone"))
    elif profile.zones_required and len(zones) < 2:
        problems.append(Problem("corridor:zones", "needs at least two zones: one zone is one outage from no cluster"))
    return problems


def _check_cloud_rules(values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
    """The cloud's own whole-stack rules (today: its network layout), from its profile."""
    cloud = values.get("cloud")
    if cloud not in clouds():
        return []
    return profile_for(cloud).validate(values, supplied)


def _check_gpu_pools(values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
    cloud, pools = values.get("cloud"), values.get("gpu_pools")
    if cloud not in clouds() or pools is None or Capability.GPU_POOLS not in profile_for(cloud).capabilities:
        return []  # a cloud without GPU pools: reported once, by _check_capabilities
    problems = _check_pool_bounds(cloud, pools)
    names = [pool.name for pool in pools]
    for duplicate in sorted({name for name in names if names.count(name) > 1}):
        problems.append(Problem("corridor:gpuPools", f"pool names must be unique; repeated: {duplicate}"))
    for index, pool in enumerate(pools):
        path = f"corridor:gpuPools[{index}]"
        if pool.name in profile_for(cloud).reserved_pool_names:
            problems.append(Problem(f"{path}.name", f"'{pool.name}' is reserved on {cloud} for the system node pool"))
    return problems


def _check_pool_bounds(cloud: str, pools: list[Any]) -> list[Problem]:
    """Pool count and sizes within what one cluster of `cloud` takes (its documented quotas)."""
    limits = profile_for(cloud).pool_limits
    problems = []
    if len(pools) > limits.gpu_pools:
        problems.append(
            Problem(
                "corridor:gpuPools",
                f"lists {len(pools)} pools; one {cloud} cluster takes at most {limits.gpu_pools} GPU pools "
                f"beside its system pool ({limits.source})",
            )
        )
    for index, pool in enumerate(pools):
        if pool.max_nodes > limits.nodes_per_pool:
            problems.append(
                Problem(
                    f"corridor:gpuPools[{index}].maxNodes",
                    f"{pool.max_nodes} exceeds the {limits.nodes_per_pool} nodes one {cloud} pool takes "
                    f"({limits.source})",
                )
            )
    total = sum(pool.max_nodes for pool in pools)
    if limits.nodes_per_cluster is not None and total > limits.nodes_per_cluster:
        problems.append(
            Problem(
                "corridor:gpuPools",
                f"maxNodes add up to {total}; one {cloud} cluster holds at most {limits.nodes_per_cluster} nodes "
                f"({limits.source})",
            )
        )
    return problems


def _check_reservations(values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
    cloud, pools, reservations = values.get("cloud"), values.get("gpu_pools"), values.get("reservations")
    if cloud not in clouds() or pools is None or reservations is None:
        return []
    problems = []
    profile = profile_for(cloud)
    kinds = profile.reservation_kinds
    capacity_of = {pool.name: pool.capacity for pool in pools}
    # A cloud that cannot reserve says so once per pool (_check_capabilities), not twice.
    reservable = RESERVED_CAPACITY not in profile.unsupported
    for index, pool in enumerate(pools):
        if reservable and pool.capacity == "reserved" and pool.name not in reservations:
            problems.append(
                Problem(
                    f"corridor:gpuPools[{index}].capacity",
                    f"is reserved, but corridor:reservations has no entry for pool '{pool.name}' in this stack",
                )
            )
    zones = values.get("zones") or []
    for name, reservation in sorted(reservations.items()):
        path = f"corridor:reservations.{name}"
        if name not in capacity_of:
            problems.append(
                Problem(
                    path, f"names no pool{did_you_mean(name, capacity_of)}; pools: {', '.join(capacity_of) or 'none'}"
                )
            )
        elif capacity_of[name] != "reserved":
            problems.append(Problem(path, f"pool '{name}' has capacity {capacity_of[name]}, not reserved"))
        if reservation.kind not in kinds:
            problems.append(
                Problem(
                    f"{path}.kind",
                    f"{cloud} has no '{reservation.kind}' reservations; "
                    + (f"{cloud} supports: {', '.join(kinds)}" if kinds else f"{cloud} supports none"),
                )
            )
        else:
            # In the loop, not after it, so each reservation's problems stay together.
            problems += profile.validate_reservation(path, reservation, zones)
    return problems


def _check_capabilities(values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
    """A stack asks only for what its cloud builds (`CloudProfile.capabilities`) and features it
    supports (`CloudProfile.unsupported`)."""
    cloud = values.get("cloud")
    if cloud not in clouds():
        return []
    profile = profile_for(cloud)
    storage, pools, budgets = values.get("storage"), values.get("gpu_pools"), values.get("budgets")
    asked = {
        Capability.STORAGE: ("corridor:storage.buckets", storage is not None and bool(storage.buckets)),
        Capability.GPU_POOLS: ("corridor:gpuPools", bool(pools)),
        Capability.BUDGETS: ("corridor:budgets", budgets is not None),
    }
    # (feature, where it is asked for, whether it is): a pool's purchase mode and floor per pool.
    features = [
        (IMAGE_ADMISSION, "corridor:imageAdmission", values.get("image_admission") == "enforce"),
        (PLATFORM_KEY_NODE_DISKS, "corridor:nodeDiskKey", values.get("node_disk_key") == "platform"),
        (ZONES, "corridor:zones", values.get("zones") is not None),
    ]
    # Budget features only where the cloud builds budgets at all (else one problem, above).
    if budgets is not None and Capability.BUDGETS in profile.capabilities:
        features += [
            (TEAM_BUDGETS, TEAM_BUDGETS, bool(budgets.teams)),
            (BUDGET_TOPIC, BUDGET_TOPIC, budgets.notify.topic is not None),
        ]
    for index, pool in enumerate(pools or []):
        path = f"corridor:gpuPools[{index}]"
        features += [
            (SPOT_CAPACITY, f"{path}.capacity", pool.capacity == "spot"),
            (RESERVED_CAPACITY, f"{path}.capacity", pool.capacity == "reserved"),
            (NODE_MINIMUM, f"{path}.minNodes", pool.min_nodes > 0),
        ]
    problems = [
        Problem(
            path,
            f"{cloud} builds no {capability}: {profile.unsupported.get(capability, 'not declared by its profile')}",
        )
        for capability, (path, wanted) in asked.items()
        if wanted and capability not in profile.capabilities
    ]
    problems += [
        Problem(path, f"{cloud} cannot do {feature}: {profile.unsupported[feature]}")
        for feature, path, wanted in features
        if wanted and feature in profile.unsupported
    ]
    return problems


def _check_recovery_settings(values: Mapping[str, Any], supplied: frozenset[str]) -> list[Problem]:
    """Recovery settings only on a recovery stack, and only on a cloud whose replicas it can adopt."""
    problems = [
        Problem(f"corridor:{key}", "only applies to a recovery stack (corridor:recoverFrom)")
        for key in ("recoveryMode", "standby")
        if key in supplied and values.get("recover_from") is None
    ]
    cloud = values.get("cloud")
    if values.get("recover_from") is not None and cloud in clouds() and RECOVERY in profile_for(cloud).unsupported:
        problems.append(
            Problem("corridor:recoverFrom", f"{cloud} cannot do {RECOVERY}: {profile_for(cloud).unsupported[RECOVERY]}")
        )
    return problems


CROSS_CHECKS: tuple[CrossCheck, ...] = (
    _check_cloud_and_regions,
    _check_residency,
    _check_zones,
    _check_cloud_rules,
    _check_capabilities,
    _check_gpu_pools,
    _check_reservations,
    _check_recovery_settings,
)
