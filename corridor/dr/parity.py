"""Parity of a recovery stack with its source, from their two plans.

Each plan is reduced to the facts a region promises (`facts`): its capabilities, its GPU pools,
its agents, its guarantees (key rotation, bucket encryption and access logs, the cluster's
version channel, the tag keys) and its data (what it replicates and at which RPO). Values that
name the region or the stack (labels, zones, attributes) are made neutral first, so only real
differences remain. A difference is `forced` when the recovery stack cannot avoid it, with the
reason (a reservation does not move; a pilot light keeps pools at zero; a drill replicates
nothing); any other difference is unexplained and fails `dr check`.

Data ownership is judged from the recovery plan alone (`data_findings`): in `drill` mode every
resource of a type the stack adopts must be a read (`adopted: read`) and nothing may be
protected or retained (a drill owns nothing); in `failover` mode every adopted resource must be
an import with `protect` and `retainOnDelete`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

Verdict = Literal["same", "forced", "DIFFERENT"]

REGION_COMPONENT_PREFIX = "corridor:index:"
"""Type tokens of corridor's neutral components: which capabilities a plan has."""


@dataclass(frozen=True)
class ParityRow:
    """One compared aspect."""

    aspect: str
    """What is compared: `capabilities`, `pool train`, `agents`, `guarantee: keys`, ..."""
    verdict: Verdict
    detail: str
    """The aspect in brief when it is the same; otherwise each differing field, `field: source -> recovery`."""
    reason: str = ""
    """Why a forced difference cannot be avoided; empty otherwise."""


def _neutral(value: Any, names: Mapping[str, str]) -> Any:
    """`value` with every string naming the stack or its regions replaced by a placeholder."""
    text = json.dumps(value, sort_keys=True)
    for name, placeholder in sorted(names.items(), key=lambda item: -len(item[0])):
        text = text.replace(name, placeholder)
    return json.loads(text)


def _names(plan: Mapping[str, Any]) -> dict[str, str]:
    names = {plan["stack"]: "<stack>", plan["region"]: "<region>", plan["drRegion"]: "<drRegion>"}
    return {name: placeholder for name, placeholder in names.items() if name}


def facts(plan: Mapping[str, Any]) -> dict[str, Any]:
    """The promises of one plan, by aspect, with region-bearing values neutral."""
    outputs = plan.get("outputs", {})
    capabilities = sorted(
        {
            r["type"].removeprefix(REGION_COMPONENT_PREFIX)
            for r in plan["resources"]
            if r["type"].startswith(REGION_COMPONENT_PREFIX)
        }
    )
    result: dict[str, Any] = {"capabilities": capabilities}
    for name, pool in sorted((outputs.get("gpuPools") or {}).items()):
        labels = pool.get("nodeLabels") or {}
        result[f"pool {name}"] = {
            "accelerator": labels.get("corridor.dev/accelerator"),
            "machineType": pool.get("machineType"),
            "gpusPerNode": pool.get("gpusPerNode"),
            "minNodes": pool.get("minNodes"),
            "maxNodes": pool.get("maxNodes"),
            "capacity": (pool.get("capacity") or {}).get("mode"),
            "taints": pool.get("taints"),
            "fabric": (pool.get("fabric") or {}).get("kind"),
            "driver": (pool.get("driver") or {}).get("installedBy"),
            "labels": sorted(labels),
        }
    observability = outputs.get("observability") or {}
    result["agents"] = {
        "agents": {
            name: f"{a.get('chart')}@{a.get('version')}" for name, a in (observability.get("agents") or {}).items()
        },
        "gpuRuntime": (observability.get("gpuRuntime") or {}).get("installs"),
        "resourceAttributes": sorted(observability.get("resourceAttributes") or {}),
    }
    keys = outputs.get("keys") or {}
    result["guarantee: keys"] = {"rotationDays": keys.get("rotationDays"), "customerManaged": bool(keys.get("keyId"))}
    cluster = outputs.get("cluster") or {}
    result["guarantee: cluster"] = {"versionChannel": (cluster.get("versionPolicy") or {}).get("channel")}
    buckets = (outputs.get("storage") or {}).get("buckets") or {}
    result["guarantee: buckets"] = {
        name: {"encrypted": bool(b.get("primaryKeyId")), "accessLogged": bool(b.get("primaryAccessLog"))}
        for name, b in sorted(buckets.items())
    }
    result["data: replication"] = {
        name: {"replication": b.get("replication"), "rpo": b.get("rpo")} for name, b in sorted(buckets.items())
    }
    return _neutral(result, _names(plan))


def _forced(aspect: str, source: Any, recovery: Any, plan: Mapping[str, Any]) -> str | None:
    """Why the recovery stack cannot match the source on `aspect`, or None if it could."""
    info = plan.get("recovery") or {}
    if aspect.startswith("pool ") and isinstance(source, dict) and isinstance(recovery, dict):
        reasons = []
        changed = {key for key in source if source[key] != recovery.get(key)}
        if "capacity" in changed and source["capacity"] == "reserved" and recovery["capacity"] == "onDemand":
            reasons.append("a reservation holds capacity in the lost region only; the pool buys on demand")
            changed.discard("capacity")
        if "minNodes" in changed and info.get("standby") == "pilotLight" and recovery["minNodes"] == 0:
            reasons.append("a pilot light keeps GPU pools at zero nodes until failover")
            changed.discard("minNodes")
        return "; ".join(reasons) if reasons and not changed else None
    if aspect == "data: replication":
        if info.get("mode") == "drill":
            return "a drill owns no data, so it replicates nothing"
        if not info.get("onward"):
            return (
                "nothing replicates onward without corridor:drRegion on the recovery stack (failback is the runbook's)"
            )
    return None


def compare(source_plan: Mapping[str, Any], recovery_plan: Mapping[str, Any]) -> list[ParityRow]:
    """Every aspect of the two plans, each the same, a forced difference, or DIFFERENT."""
    source, recovery = facts(source_plan), facts(recovery_plan)
    rows = []
    for aspect in [*source, *(aspect for aspect in recovery if aspect not in source)]:
        mine, theirs = source.get(aspect), recovery.get(aspect)
        if mine == theirs:
            rows.append(ParityRow(aspect, "same", _brief(mine)))
            continue
        reason = _forced(aspect, mine, theirs, recovery_plan)
        rows.append(ParityRow(aspect, "forced" if reason else "DIFFERENT", _changes(mine, theirs), reason or ""))
    return rows


def _leaves(value: Any, path: str = "") -> dict[str, Any]:
    """`value` as `{dotted.path: leaf}`; lists are leaves."""
    if isinstance(value, dict):
        return {k: v for key, item in value.items() for k, v in _leaves(item, f"{path}.{key}" if path else key).items()}
    return {path: value}


def _changes(source: Any, recovery: Any) -> str:
    """Each field that differs, as `field: source -> recovery`."""
    mine, theirs = _leaves(source), _leaves(recovery)
    return "; ".join(
        f"{path or 'value'}: {_brief(mine.get(path))} -> {_brief(theirs.get(path))}"
        for path in [*mine, *(path for path in theirs if path not in mine)]
        if mine.get(path) != theirs.get(path)
    )


def _brief(value: Any) -> str:
    """A fact as a short line: leaves as `field=value`, lists joined."""
    if value is None:
        return "-"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "none"
    if isinstance(value, dict):
        return "; ".join(
            f"{path}={_brief(leaf)}" for path, leaf in _leaves(value).items() if not path.endswith("labels")
        )
    return str(value)


def data_findings(recovery_plan: Mapping[str, Any]) -> list[str]:
    """What the recovery plan does wrong with data: empty when a drill owns none and a failover
    holds every adopted resource protected and retained."""
    info = recovery_plan.get("recovery") or {}
    resources = recovery_plan["resources"]
    adopted = [r for r in resources if r.get("adopted")]
    if not adopted:
        return ["adopts nothing: the replicas it should stand on are neither read nor imported"]
    adopted_types = {r["type"] for r in adopted}
    findings = []
    if info.get("mode") == "drill":
        findings += [f"{r['urn']} is imported in a drill" for r in adopted if r["adopted"] != "read"]
        findings += [
            f"{r['urn']} is created by a drill although its type holds the replicas"
            for r in resources
            if not r.get("adopted") and r["type"] in adopted_types
        ]
        findings += [
            f"{r['urn']} is protected or retained in a drill, so `pulumi destroy` would leave it behind"
            for r in resources
            if r["protect"] or r["retainOnDelete"]
        ]
    else:
        findings += [
            f"{r['urn']} is adopted without protect and retainOnDelete"
            for r in adopted
            if r["adopted"] != "import" or not (r["protect"] and r["retainOnDelete"])
        ]
    return findings
