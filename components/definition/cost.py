"""What a region is expected to cost (`corridor:cost`): the data volume the monthly estimate
assumes, and how old a catalog price may be before the summary calls it stale.

The prices themselves are data (`components/catalog/prices.json`); these settings only state the
assumptions a reader needs to judge the figures, so the plan says what it assumed.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from components.definition.base import SpecModel, within


class CostAssumptions(SpecModel):
    """The usage the monthly storage, replication and log estimate is computed for."""

    stored_gb: Annotated[int, within(0, 100_000_000, "GB", "up to 100 PB")] = 10_000
    """Data held across the stack's buckets, in GB (each replicated copy is billed again).
    Default 10,000 GB (10 TB: a few large checkpoints and model weights)."""

    changed_gb_per_day: Annotated[int, within(0, 10_000_000, "GB per day", "up to 10 PB a day")] = 500
    """Data written or rewritten per day, in GB: what replication copies to the DR region.
    Default 500 GB a day."""

    log_gb_per_day: Annotated[int, within(0, 1_000_000, "GB per day", "up to 1 PB a day")] = 5
    """Access logs and flow logs ingested per day, in GB. Default 5 GB a day."""


class Cost(SpecModel):
    """How the plan prices the region (see README, "What a region costs")."""

    assumptions: CostAssumptions = Field(default_factory=CostAssumptions)
    """The usage behind the monthly estimate; see `CostAssumptions`. Default: 10 TB stored, 500 GB
    changed and 5 GB of logs a day."""

    max_price_age_days: Annotated[int, within(1, 3650, "days", "one day to ten years")] = 180
    """A catalog price read longer ago than this is reported as stale by the plan summary and
    `python -m corridor cost`. Default 180 days."""
