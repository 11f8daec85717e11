"""Observability agents (`corridor:observability`): where GPU telemetry goes and which agents run.

Every region ships the same telemetry, attributed the same way, to one OTLP endpoint, so GPU
utilisation and cost per GPU-hour compare across clouds with one query. Validated like every
other key: all problems at once, before any resource.
"""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, Field, ValidationInfo, field_validator

from components.definition.base import SpecModel, within


def _https_endpoint(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https" or not parts.hostname or parts.path not in ("", "/") or parts.query:
        raise ValueError(
            f"must be an https:// URL of an OTLP receiver with a host and optional port, such as "
            f"https://otlp.example.com:4317 (telemetry leaves the cluster over TLS only); got {value!r}"
        )
    return value


class Agents(SpecModel):
    """Which agents run in every cluster. Each defaults on; turning one off loses what it provides."""

    gpu_runtime: bool = True
    """The NVIDIA device plugin where the cloud does not provide it (EKS AL2023 NVIDIA nodes, AKS),
    so pods can request `nvidia.com/gpu`; nothing where the cloud manages it (GKE). Default on."""

    dcgm_exporter: bool = True
    """NVIDIA's DCGM exporter on GPU nodes only: utilisation, memory, power, errors per GPU, and
    the pod using it. Default on."""

    collector: bool = True
    """The OpenTelemetry collector on every node: scrapes DCGM on its node, host and kubelet
    metrics, attributes them, and exports OTLP. Default on."""


class Observability(SpecModel):
    """Where the region's telemetry goes. Config key `corridor:observability`."""

    enabled: bool = True
    """Install the agents. Default on: a region without GPU telemetry cannot say whether its GPUs
    are busy, idle or billed to nobody."""

    otlp_endpoint: Annotated[str, AfterValidator(_https_endpoint)] | None = Field(default=None, validate_default=True)
    """The OTLP receiver every collector exports to, `https://host[:port]`. Required while
    `enabled`; no default (the example `Pulumi.yaml` holds an RFC 2606 placeholder)."""

    protocol: Literal["grpc", "http"] = "grpc"
    """OTLP over gRPC (usually port 4317) or HTTP/protobuf (usually 4318). Default `grpc`."""

    headers: dict[str, str] = Field(default_factory=dict)
    """Headers sent with every export (an API key, a tenant id). Set this key as a secret
    (`pulumi config set --secret --path corridor:observability.headers.<name>`): corridor keeps the
    values in a Kubernetes Secret and never in a ConfigMap, a chart value or the plan. Default none."""

    profiling_metrics: bool = True
    """DCGM profiling metrics (`DCGM_FI_PROF_*`: SM and tensor-core activity, DRAM bandwidth), the
    ones that tell a busy GPU from a merely allocated one. They need the exporter to run with the
    SYS_ADMIN capability; off, it runs without it and exports the other metrics. Default on."""

    buffer_minutes: Annotated[int, within(1, 1440, "minutes", "up to a day of backend outage")] = 30
    """How long the OTLP backend may be unreachable without telemetry being lost: collectors retry
    and queue on the node's disk, bounded in bytes, for this long. Default 30."""

    agents: Agents = Field(default_factory=Agents)
    """Which agents run; see `Agents`. Default: all."""

    @field_validator("otlp_endpoint")
    @classmethod
    def _required_while_enabled(cls, endpoint: str | None, info: ValidationInfo) -> str | None:
        # A field validator so the problem names corridor:observability.otlpEndpoint; `enabled`
        # is declared above it, so it is validated first.
        if endpoint is None and info.data.get("enabled", True):
            raise ValueError(
                "is required while observability is enabled: set the OTLP receiver (https://host:port), "
                "or set enabled: false"
            )
        return endpoint
