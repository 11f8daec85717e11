"""Human-readable summaries of rendered plans, and what changed between two plans.

A summary is for a platform engineer reviewing one region: what it creates (cloud resources by
capability and type, which of them are protected), where its data lives and how it is replicated
(countries, construction, RPO), which GPUs it can buy and how (machine, nodes, capacity, fabric,
zones, driver, what is still to install in the cluster, what the accelerator catalog does not
know), how the cluster's Kubernetes version is kept, and where the stack file departs from the
fleet baseline in `Pulumi.yaml`. A legend explains every term once, after the summaries.

It reads only plan documents (README, "The plan contract") plus the region catalog for
countries, so it works on any committed plan, including older ones: a field a plan lacks is "not
reported" or left out, and a plan from before the structured pool and cluster outputs has its
sentences printed as they are.

The package is split by concern; this module is its public face (`corridor.cli` and the tests
import from here):

- `resources`: what a plan registers, counted by capability and type;
- `storage`: buckets, where their copies live, and the replication each promises;
- `gpu`: GPU pools and the cluster, printed from their structured outputs;
- `overrides`: where the stack file departs from the fleet baseline;
- `legend`: the terms, explained once;
- `layout`: the rich layout, width rules and the text every command prints;
- `changes`: what changed between a committed plan and a fresh render (`plan --check`).
"""

from corridor.summary.changes import differences, plan_changes
from corridor.summary.gpu import (
    capacity_text,
    cluster_lines,
    driver_text,
    fabric_text,
    pool_lines,
    system_zones_line,
    version_policy_lines,
    zones_text,
)
from corridor.summary.layout import (
    DEFAULT_WIDTH,
    legend,
    output_width,
    render_text,
    report,
    stack_renderable,
    stack_summary,
)
from corridor.summary.legend import LEGEND, legend_renderable
from corridor.summary.overrides import override_lines
from corridor.summary.resources import Totals, capability_of, is_cloud_resource, rows, totals
from corridor.summary.storage import CONSTRUCTIONS, bucket_rows, place, rpo_text

__all__ = [
    "CONSTRUCTIONS",
    "DEFAULT_WIDTH",
    "LEGEND",
    "Totals",
    "bucket_rows",
    "capability_of",
    "capacity_text",
    "cluster_lines",
    "differences",
    "driver_text",
    "fabric_text",
    "is_cloud_resource",
    "legend",
    "legend_renderable",
    "output_width",
    "override_lines",
    "place",
    "plan_changes",
    "pool_lines",
    "render_text",
    "report",
    "rows",
    "rpo_text",
    "stack_renderable",
    "stack_summary",
    "system_zones_line",
    "totals",
    "version_policy_lines",
    "zones_text",
]
