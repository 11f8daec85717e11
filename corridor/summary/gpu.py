"""GPU pools and the cluster as a reviewer reads them, composed from their structured outputs.

The plan contract (README, "The plan contract") gives each GPU pool `capacity {mode, reservation,
zone, wiring}`, `fabric {kind, interfaces, placement}`, `driver {installedBy, source}`,
`inCluster [{component, why}]` and `notes`, and the cluster `versionPolicy {channel, version,
nodeUpgrades, notes}`. Every line here is composed from those fields, so a pool reads the same
way on every cloud and only the cloud's own terms (the wiring, the driver's source) differ.

A plan rendered before that contract carries a sentence in each of these outputs (and
`interconnect` where `fabric` is now): such a value is printed as it is, so an older committed
plan still summarises.
"""

from __future__ import annotations

from typing import Any

NOT_REPORTED = "not reported"

MODE_WORDS = {"onDemand": "on-demand", "spot": "spot", "reserved": "reserved"}
"""`capacity.mode` as a reviewer reads it."""

INSTALLED_BY_WORDS = {
    "node-image": "in the node image",
    "cloud": "installed by the cloud",
    "in-cluster": "installed in the cluster",
}
"""`driver.installedBy` as a reviewer reads it."""


def pools(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The plan's GPU pools by name; {} for a plan without any."""
    return plan["outputs"].get("gpuPools") or {}


def cluster_outputs(plan: dict[str, Any]) -> dict[str, Any]:
    """The plan's cluster outputs; {} for a plan without a cluster."""
    return plan["outputs"].get("cluster") or {}


def _zone(zone: str) -> str:
    """A zone as it reads after `in`: a bare zone number (`1`) says it is a zone."""
    return f"zone {zone}" if zone.isdigit() else zone


def capacity_text(capacity: Any) -> str:
    """`spot in ap-southeast-1a (node_config.spot)`: the mode, the reservation consumed, the zone
    and, in brackets, how the cloud is told."""
    if capacity is None:
        return NOT_REPORTED
    if not isinstance(capacity, dict):  # a plan from before the structured contract
        return str(capacity)
    mode = str(capacity.get("mode") or "?")
    words = [MODE_WORDS.get(mode, mode)]
    if capacity.get("reservation"):
        words.append(str(capacity["reservation"]))
    if capacity.get("zone"):
        words.append(f"in {_zone(str(capacity['zone']))}")
    text = " ".join(words)
    return f"{text} ({capacity['wiring']})" if capacity.get("wiring") else text


def fabric_text(fabric: Any) -> str:
    """`efa x32, cluster placement group`: the fabric kind, its interfaces per node and its
    compact placement; `none` for plain networking."""
    if fabric is None:
        return NOT_REPORTED
    if not isinstance(fabric, dict):  # a plan from before the structured contract
        return str(fabric)
    kind = str(fabric.get("kind") or "?")
    if kind == "none":
        return "none"
    interfaces = fabric.get("interfaces")
    text = f"{kind} x{interfaces}" if interfaces else f"{kind} (interface count unknown)"
    return f"{text}, {fabric['placement']}" if fabric.get("placement") else text


def driver_text(driver: Any) -> str:
    """`in the node image: EKS AMI AL2023_x86_64_NVIDIA`: who installs the NVIDIA driver, then what."""
    if driver is None:
        return NOT_REPORTED
    if not isinstance(driver, dict):  # a plan from before the structured contract
        return str(driver)
    installed_by = str(driver.get("installedBy") or "?")
    words = INSTALLED_BY_WORDS.get(installed_by, installed_by)
    return f"{words}: {driver['source']}" if driver.get("source") else words


def in_cluster_text(step: Any) -> str:
    """`NVIDIA device plugin - the node image has none`: what to install, and why the cloud does not."""
    if not isinstance(step, dict):  # a plan from before the structured contract
        return str(step)
    component = str(step.get("component") or "?")
    return f"{component} - {step['why']}" if step.get("why") else component


def zones_text(pool: dict[str, Any]) -> str:
    """The pool's zones as the plan reports them, with the reason; older plans do not report them."""
    if "zones" not in pool:
        return "zones not reported"
    zones = pool["zones"]
    where = ", ".join(zones) if zones else "left to the cloud"
    reason = pool.get("zoneReason")
    return f"zones: {where}" + (f" - {reason}" if reason else "")


def pool_lines(pool: dict[str, Any]) -> list[str]:
    """What one GPU pool can add and how: machine and scale, capacity, fabric, zones and what the
    catalog does not know; then what runs the GPUs (driver, what is still to install in the
    cluster) and the notes."""
    accelerator = (pool.get("nodeLabels") or {}).get("corridor.dev/accelerator", "GPU")
    lines = [
        f"{pool.get('machineType', '?')}: {pool.get('minNodes', '?')}-{pool.get('maxNodes', '?')} nodes "
        f"x {pool.get('gpusPerNode', '?')} {accelerator} = up to {pool.get('maxGpus', '?')} GPUs",
        f"capacity: {capacity_text(pool.get('capacity'))}",
        f"fabric: {fabric_text(pool.get('fabric', pool.get('interconnect')))}",
        zones_text(pool),
    ]
    lines += [f"unknown: {fact}" for fact in pool.get("catalogUnknowns") or []]
    lines.append(f"driver: {driver_text(pool.get('driver'))}")
    disks = pool.get("nodeDisks")
    if disks is not None:
        lines.append(f"node disks: {disk_key_text(disks)}" + (f" - {disks['note']}" if disks.get("note") else ""))
    lines += [f"in cluster: {in_cluster_text(step)}" for step in pool.get("inCluster") or []]
    lines += [f"note: {note}" for note in pool.get("notes") or []]
    return lines


def disk_key_text(disks: dict[str, Any]) -> str:
    """`the stack key`, or `not the stack key` (the note says whose: the cloud's platform key, a provider's disks)."""
    return "the stack key" if disks.get("keyId") else "not the stack key"


def system_zones_line(plan: dict[str, Any]) -> str | None:
    """`system pool zones: 1, 2, 3 - spread: ...`; None when the plan does not report them."""
    cluster = cluster_outputs(plan)
    if "systemZones" not in cluster:
        return None
    zones = cluster["systemZones"]
    reason = cluster.get("systemZoneReason")
    where = ", ".join(zones) if zones else "left to the cloud"
    return f"system pool zones: {where}" + (f" - {reason}" if reason else "")


def version_policy_lines(plan: dict[str, Any]) -> list[str]:
    """`version policy: REGULAR channel; version chosen by the cloud; node upgrades: ...` and a
    `note:` line per note; [] when the plan does not report a policy."""
    policy = cluster_outputs(plan).get("versionPolicy")
    if policy is None:
        return []
    if not isinstance(policy, dict):  # a plan from before the structured contract
        return [f"version policy: {policy}"]
    channel = policy.get("channel")
    channel_words = "no release channel" if channel in (None, "", "none") else f"{channel} channel"
    version = policy.get("version")
    version_words = f"version {version} pinned" if version else "version chosen by the cloud"
    words = [channel_words, version_words]
    if policy.get("nodeUpgrades"):
        words.append(f"node upgrades: {policy['nodeUpgrades']}")
    return [f"version policy: {'; '.join(words)}", *(f"note: {note}" for note in policy.get("notes") or [])]


def security_lines(plan: dict[str, Any]) -> list[str]:
    """Who can reach the API, where flow logs go and which key encrypts node disks, as the plan
    reports them (lines only for what it reports)."""
    cluster = cluster_outputs(plan)
    lines = []
    access = cluster.get("apiAccess")
    if access is not None:
        ranges = ", ".join(access.get("allowedCidrs") or []) or "none"
        if access.get("controlledBy", "corridor") != "corridor":
            lines.append(
                f"api: controlled by the {access['controlledBy']}; corridor neither sets nor sees who can reach it"
            )
        elif access.get("private"):
            lines.append("api: private endpoint only")
        else:
            lines.append(f"api: public endpoint, from {ranges}")
    flow = cluster.get("flowLogs")
    if flow is not None:
        lines.append(f"flow logs: {flow['destination']}" if flow.get("destination") else "flow logs: none")
        lines += [f"note: {flow['note']}"] if flow.get("note") else []
    disks = cluster.get("nodeDisks")
    if disks is not None:
        lines.append(
            f"system node disks: {disk_key_text(disks)}" + (f" - {disks['note']}" if disks.get("note") else "")
        )
    return lines


def cluster_lines(plan: dict[str, Any]) -> list[str]:
    """What the plan reports about the cluster: its system pool's zones, its version policy and
    its security settings."""
    system = system_zones_line(plan)
    return ([system] if system is not None else []) + version_policy_lines(plan) + security_lines(plan)


def has_notes(plan: dict[str, Any]) -> bool:
    """Whether any pool, or the cluster's version policy, carries a note."""
    policy = cluster_outputs(plan).get("versionPolicy")
    return any(pool.get("notes") for pool in pools(plan).values()) or (
        isinstance(policy, dict) and bool(policy.get("notes"))
    )
