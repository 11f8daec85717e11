"""The in-cluster agents as a reviewer reads them: which charts at which versions, why the GPU
runtime is what it is, and the attributes every metric will carry."""

from __future__ import annotations

from typing import Any


def observability_lines(plan: dict[str, Any]) -> list[str]:
    """`agents: collector (opentelemetry-collector 0.170.0), ...`, the GPU runtime and its reason,
    and `attributes: key=value, ...`; [] for a plan without agents."""
    agents = plan["outputs"].get("observability")
    if not agents:
        return []
    lines = [
        "agents: "
        + ", ".join(f"{name} ({chart['chart']} {chart['version']})" for name, chart in agents["agents"].items())
    ]
    runtime = agents.get("gpuRuntime") or {}
    if runtime:
        lines.append(f"gpu runtime: {runtime['installs']} - {runtime['reason']}")
    attributes = agents.get("resourceAttributes") or {}
    if attributes:
        lines.append("attributes: " + ", ".join(f"{key}={value}" for key, value in attributes.items()))
    return lines
