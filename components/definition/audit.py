"""Audit and hardening settings: how long access and flow logs are kept and how densely flows
are sampled (`corridor:logging`), whether the cluster admits only attested images, and which
key encrypts node disks."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import AfterValidator

from components.definition.base import SpecModel, within


def _fraction(value: float) -> float:
    if not 0 < value <= 1:
        raise ValueError(f"must be more than 0 and at most 1 (the share of flows logged); got {value}")
    return value


class Logging(SpecModel):
    """Where the stack's evidence lives and for how long. corridor creates the destinations
    (a per-region log bucket or workspace) and protects them like data."""

    retention_days: Annotated[
        int, within(30, 730, "days", "what an Azure Log Analytics workspace keeps interactively")
    ] = 365
    """Days bucket access logs and network flow logs are kept before they expire. Default 365,
    the year most audit regimes ask for (CIS, PCI DSS 10.5.1). A cloud whose log store takes only
    fixed periods (CloudWatch Logs) says which in its profile."""

    flow_log_sampling: Annotated[float, AfterValidator(_fraction)] = 0.5
    """Share of network flows logged where the cloud samples them (GCP subnet flow logs,
    `flowSampling`). Flow logs are billed by volume, so 1.0 costs about twice the default 0.5;
    clouds that log every flow (AWS VPC flow logs) ignore it. Default 0.5, GCP's own default."""


ImageAdmission = Literal["off", "enforce"]
"""`enforce`: the cluster checks every image against the project's admission policy (GKE Binary
Authorization); `off`: no admission check."""


NodeDiskKey = Literal["stack", "platform"]
"""`stack`: node OS disks are encrypted with the stack's primary key; `platform`: with the
cloud's platform-managed key."""
