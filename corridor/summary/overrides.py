"""Where a stack file departs from the fleet baseline in `Pulumi.yaml` (the plan's `stackOverrides`)."""

from __future__ import annotations

from typing import Any

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
