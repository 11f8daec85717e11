"""The Helm charts corridor installs, pinned: name, repository and exact version.

Pinned so a preview next month installs what today's review saw. Versions and repositories are
the published ones (each chart's `Chart.yaml` and Helm repository index); tests check every
value corridor sets against that version's `values.yaml` (and the collector's
`values.schema.json`), read from the reference copies beside the project.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChartRef:
    """One chart at one version, from one Helm repository."""

    chart: str
    repo: str
    version: str

    def outputs(self) -> dict[str, str]:
        return {"chart": self.chart, "repo": self.repo, "version": self.version}


OTEL_COLLECTOR = ChartRef(
    "opentelemetry-collector", "https://open-telemetry.github.io/opentelemetry-helm-charts", "0.170.0"
)
"""Collector 0.158.0 (the chart's appVersion)."""

DCGM_EXPORTER = ChartRef("dcgm-exporter", "https://nvidia.github.io/dcgm-exporter/helm-charts", "4.8.2")

NVIDIA_DEVICE_PLUGIN = ChartRef("nvidia-device-plugin", "https://nvidia.github.io/k8s-device-plugin", "0.20.0")

GPU_OPERATOR = ChartRef("gpu-operator", "https://helm.ngc.nvidia.com/nvidia", "v26.7.0")
"""Note the leading `v`: the operator's chart versions carry it, the others do not."""
