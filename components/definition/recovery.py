"""Recovery stacks (`corridor:recoverFrom`): a lost region stood up again in its DR region.

A recovery stack names its source stack and little else. Its definition is the source's, read
from the source's stack file, with the region moved to the source's `drRegion` (where the
replicated data and keys already are) and only the settings that must differ there taken from
the recovery stack itself: where replication goes onward (`drRegion`, by default back to the
source region, for failback), the DR region's zones, placement that cannot be shared (an Azure
resource group lives in one region), and secrets. The source's replica keys and buckets are
referenced by their deterministic physical names: read-only in `drill` mode, adopted with
`protect` and `retainOnDelete` in `failover` mode. Everything without data is created fresh.

Pure functions over config mappings, like the loader: the program and the offline tool read the
source's stack file and pass its values in.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

from components.clouds.registry import clouds, profile_for
from components.definition.baseline import NAMESPACE
from components.definition.errors import Problem

RecoveryMode = Literal["drill", "failover"]
Standby = Literal["none", "pilotLight"]

RECOVER_FROM = f"{NAMESPACE}:recoverFrom"
RECOVERY_KEYS = ("recoverFrom", "recoveryMode", "standby")
"""Keys only a recovery stack sets (`StackSpec.recover_from`, `recovery_mode`, `standby`)."""

OWN_KEYS = ("drRegion", "zones", "observability")
"""Keys a recovery stack may set itself: where replication goes onward, the DR region's zones,
and observability (its headers are secrets of this stack, which the source's file cannot lend)."""


@dataclass(frozen=True)
class RecoverySource:
    """The source stack a recovery stack stands in for."""

    stack: str
    """The source stack's name: with the project, the scope of its physical names."""
    region: str
    """The region that was lost (the source's `corridor:region`)."""
    replicated: bool
    """Whether the source replicates its buckets (`storage.replication`)."""
    onward: bool
    """Whether the recovery stack sets its own `corridor:drRegion`: in `failover` mode its data
    then replicates onward to that further region, with keys and buckets made there as any
    stack makes its replicas. Otherwise `drRegion` names the lost region (where failback goes)
    and nothing replicates until the runbook's failback."""
    placement: Mapping[str, Any]
    """The source's own placement settings (`{"azureResourceGroup": ...}`), for a cloud whose
    replicas live under the source's placement (an Azure resource group)."""


def recovery_config(
    recovery: Mapping[str, Any],
    source: Mapping[str, Any],
    source_stack: str,
    own_placement: tuple[str, ...],
    baseline: Mapping[str, Any],
) -> tuple[dict[str, Any], list[Problem]]:
    """The effective config of a recovery stack, and the problems with it.

    `recovery` and `source` are full configs (`{"corridor:cloud": ..., ...}`, project values
    included). The source's definition is kept whole except: `region` becomes the source's
    `drRegion`; `drRegion` is the recovery stack's, by default the source's region; `zones` and
    `observability` are the recovery stack's when it sets them; the placement its cloud says a
    recovery stack has of its own (`own_placement`, `CloudProfile.recovery_placement`) is the
    recovery stack's, and required; reservations do not move with the region and are dropped.
    Any other key the recovery stack sets (a value neither the source's nor the project's,
    `baseline`) is a problem: the source is the definition.
    """
    problems = []
    own = {key.partition(":")[2]: value for key, value in recovery.items() if key.startswith(f"{NAMESPACE}:")}
    source_own = {key.partition(":")[2]: value for key, value in source.items() if key.startswith(f"{NAMESPACE}:")}
    if "recoverFrom" in source_own:
        problems.append(
            Problem(
                RECOVER_FROM, f"'{source_stack}' is itself a recovery stack; recover from the stack it stands in for"
            )
        )
    allowed = {*RECOVERY_KEYS, *OWN_KEYS, *own_placement}
    for key in sorted(own):
        # A value equal to the source's or to the project's (`Pulumi.yaml`, which every stack
        # receives) was not set by the recovery stack.
        inherited = _decoded(own[key]) in (_decoded(source_own.get(key)), baseline.get(f"{NAMESPACE}:{key}"))
        if key not in allowed and not inherited:
            problems.append(
                Problem(
                    f"{NAMESPACE}:{key}",
                    f"a recovery stack takes its definition from '{source_stack}'; set this there, or remove it here",
                )
            )
    if "drRegion" not in source_own:
        problems.append(Problem(RECOVER_FROM, f"'{source_stack}' has no corridor:drRegion to recover into"))
    config = {key: value for key, value in source.items() if not key.startswith(f"{NAMESPACE}:")}
    config |= {f"{NAMESPACE}:{key}": value for key, value in source_own.items() if key not in ("reservations", "zones")}
    pools = _recovered_pools(source_own.get("gpuPools"), pilot_light=own.get("standby") == "pilotLight")
    if pools is not None:
        config[f"{NAMESPACE}:gpuPools"] = pools
    config[f"{NAMESPACE}:region"] = source_own.get("drRegion")
    config[f"{NAMESPACE}:drRegion"] = own.get("drRegion", source_own.get("region"))
    problems += [
        Problem(
            f"{NAMESPACE}:{key}",
            "a recovery stack needs its own: the source's lives in the lost region "
            f"(`python -m corridor dr plan --from {source_stack}` writes one)",
        )
        for key in own_placement
        if _decoded(own.get(key)) in (None, _decoded(source_own.get(key)))
    ]
    for key in (*RECOVERY_KEYS, *OWN_KEYS, *own_placement):
        if key in own and key != "drRegion":
            config[f"{NAMESPACE}:{key}"] = own[key]
    return {key: value for key, value in config.items() if value is not None}, problems


def _decoded(value: Any) -> Any:
    """A config value as data: the program receives structured values as JSON text."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _recovered_pools(pools: Any, pilot_light: bool) -> str | None:
    """The source's pools as the recovery stack runs them, or None when unchanged: `reserved`
    capacity bought on demand (a reservation holds capacity in one region and does not move),
    and with a pilot light every pool at zero nodes until failover (`minNodes: 0`)."""
    decoded = json.loads(pools) if isinstance(pools, str) else pools
    if not isinstance(decoded, list) or not all(isinstance(pool, dict) for pool in decoded):
        return None
    recovered = []
    for pool in decoded:
        changed = dict(pool)
        if changed.get("capacity") == "reserved":
            changed["capacity"] = "onDemand"
        if pilot_light:
            changed["minNodes"] = 0
        recovered.append(changed)
    return json.dumps(recovered) if recovered != decoded else None


def resolve(
    config: Mapping[str, Any],
    read_stack: Callable[[str], Mapping[str, Any]] | None,
    placement_keys: tuple[str, ...],
    baseline: Mapping[str, Any],
) -> tuple[Mapping[str, Any], RecoverySource | None, list[Problem]]:
    """`config` itself when it is no recovery stack; else its effective config (`recovery_config`),
    its source, and the problems found. `read_stack(name)` returns a stack's full config, raising
    KeyError for a stack that does not exist; `placement_keys` are every cloud's placement keys;
    `baseline` is the project's values (`Pulumi.yaml`)."""
    source_stack = config.get(RECOVER_FROM)
    if source_stack is None:
        return config, None, []
    if read_stack is None:
        return config, None, [Problem(RECOVER_FROM, "cannot be resolved here: no stack files to read the source from")]
    try:
        source = read_stack(str(source_stack))
    except KeyError as error:
        return (
            config,
            None,
            [Problem(RECOVER_FROM, str(error.args[0]) if error.args else f"'{source_stack}' does not exist")],
        )
    placement = {key: source[f"{NAMESPACE}:{key}"] for key in placement_keys if f"{NAMESPACE}:{key}" in source}
    cloud, dr_region = source.get(f"{NAMESPACE}:cloud"), source.get(f"{NAMESPACE}:drRegion")
    own_placement = (
        tuple(profile_for(cloud).recovery_placement(placement, str(dr_region)))
        if cloud in clouds() and dr_region
        else ()
    )
    effective, problems = recovery_config(config, source, str(source_stack), own_placement, baseline)
    storage = source.get(f"{NAMESPACE}:storage")
    storage = json.loads(storage) if isinstance(storage, str) else storage or {}
    replicated = bool(storage.get("replication", True)) if isinstance(storage, dict) else True
    region = source.get(f"{NAMESPACE}:region")
    onward = f"{NAMESPACE}:drRegion" in config
    if onward and config[f"{NAMESPACE}:drRegion"] in (region, source.get(f"{NAMESPACE}:drRegion")):
        problems.append(
            Problem(
                f"{NAMESPACE}:drRegion",
                "replication continues onward to a further region, neither the lost region (failing back there "
                "is the runbook's failback) nor this stack's own; remove it to replicate nowhere until failback",
            )
        )
    return effective, RecoverySource(str(source_stack), str(region), replicated, onward, placement), problems
