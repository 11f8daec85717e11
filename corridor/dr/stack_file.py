"""The recovery stack file `dr plan` writes: `stacks/Pulumi.<cloud>-<drRegion>-dr.yaml`.

It names the source and little else (components/definition/recovery.py): the mode, the standby,
an onward DR region if one is asked for, the DR region's zones from the catalog when the source
pins zones (the source's name a region that is gone; given by the user where the catalog
records none), and the placement the cloud says a
recovery stack must have of its own (`CloudProfile.recovery_placement`). Everything else is
read from the source's stack file at every render, so the two never drift apart.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from components.catalog import regions
from components.clouds.features import RECOVERY
from components.clouds.registry import clouds, profile_for
from components.definition.baseline import NAMESPACE
from components.definition.recovery import RecoveryMode, Standby


class NotRecoverableError(Exception):
    """The source cannot have a recovery stack; the message says why and what to do."""


@dataclass(frozen=True)
class RecoveryStackFile:
    """A recovery stack, as `dr plan` writes it."""

    stack: str
    """Its stack name: `<cloud>-<DR region>-dr`."""
    settings: dict[str, Any]
    """Its `corridor:` settings (without the namespace), in file order."""

    def text(self, source: str, command: str) -> str:
        """The stack file's YAML, with comments that say where it came from (`command`, the
        `dr plan` invocation that wrote it) and what it does."""
        region = self.stack.removesuffix("-dr").split("-", 1)[1]
        lines = [
            f"# Recovery stack of {source}: its region stood up again in {region} on the keys and data it",
            f"# replicated there. Written by `{command}`;",
            "# docs/dr-runbook.md says how to drill and fail over with it.",
            "config:",
        ]
        for key, value in self.settings.items():
            if key == "recoveryMode":
                lines.append(
                    "  # drill: the replicas are read, never owned. failover: adopted with protect and retainOnDelete."
                )
            # Names and lists of names (regions, zones, stacks, groups): plain YAML scalars, and
            # lists in flow style as the committed stack files write zones.
            shown = f"[{', '.join(value)}]" if isinstance(value, list) else value
            lines.append(f"  {NAMESPACE}:{key}: {shown}")
        return "\n".join(lines) + "\n"


def recovery_stack_name(cloud: str, region: str) -> str:
    """The name of the recovery stack of a stack on `cloud` whose DR region is `region`."""
    return f"{cloud}-{region}-dr"


def recovery_stack(
    source: str,
    source_values: Mapping[str, Any],
    mode: RecoveryMode = "drill",
    standby: Standby = "none",
    onward_region: str | None = None,
    zones: list[str] | None = None,
) -> RecoveryStackFile:
    """The recovery stack of `source` (its full config, `source_values`). Raises NotRecoverableError
    for a source that is itself a recovery stack, has no DR region, or is on a cloud that
    cannot adopt replicas, or whose DR region needs zones neither `zones` nor the catalog gives;
    the recovery stack's own validation (`load_spec`) does the rest."""
    own = {key.partition(":")[2]: value for key, value in source_values.items() if key.startswith(f"{NAMESPACE}:")}
    cloud, dr_region = own.get("cloud"), own.get("drRegion")
    if "recoverFrom" in own:
        raise NotRecoverableError(f"{source} is itself a recovery stack; plan from '{own['recoverFrom']}' instead")
    if cloud not in clouds():
        raise NotRecoverableError(f"{source} has no supported corridor:cloud ({cloud!r})")
    profile = profile_for(cloud)
    if RECOVERY in profile.unsupported:
        raise NotRecoverableError(f"{cloud} cannot do {RECOVERY}: {profile.unsupported[RECOVERY]}")
    if not dr_region:
        raise NotRecoverableError(
            f"{source} has no corridor:drRegion to recover into; set one and let it replicate first"
        )

    settings: dict[str, Any] = {"recoverFrom": source, "recoveryMode": mode}
    if standby != "none":
        settings["standby"] = standby
    if onward_region is not None:
        settings["drRegion"] = onward_region
    if own.get("zones"):
        # The source's zones name a region that is gone; the recovery stack needs its region's.
        zones = list(zones or regions.known_zones(cloud, dr_region)[: len(_decoded(own["zones"]))])
        if not zones:
            raise NotRecoverableError(
                f"the catalog records no zones of {dr_region}; pass them with --zones (they are listed by "
                f"the cloud, e.g. its CLI's availability-zone or zone listing for {dr_region})"
            )
        settings["zones"] = zones
    placement = {key: own[key] for key in profile.placement_keys if key in own}
    settings |= profile.recovery_placement(placement, str(dr_region))
    return RecoveryStackFile(recovery_stack_name(cloud, str(dr_region)), settings)


def _decoded(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value
