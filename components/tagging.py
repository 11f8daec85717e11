"""The one tag schema, and the node labels derived from it.

Every taggable resource carries the same eight keys: the user's four cost-attribution tags plus
`managed-by`, `stack`, `cloud` and `region` (the stack's home region). `cloud` is who runs the
region, as telemetry's `cloud.provider` names it (`aws`, or the provider of a Kubernetes
cluster corridor was handed), so a bill and a metric group by the same value. Keys are lowercase
kebab-case and values satisfy `TAG_VALUE` (components/definition/identity.py), the strictest
rule of every supported cloud and of Kubernetes label values, so one value is used unchanged
everywhere: a GPU-hour on the bill, a node label and a metric carry the same team string, and
no cloud rewrites it. The program checks the stack name (the `stack` tag) by the same rule.
"""

from __future__ import annotations

from collections.abc import Mapping

from components.clouds.registry import profile_for
from components.definition import StackSpec
from components.definition.gpu import GpuPool

MANAGED_BY = "corridor"

LABEL_PREFIX = "corridor.dev/"
ACCELERATOR_LABEL = f"{LABEL_PREFIX}accelerator"
POOL_LABEL = f"{LABEL_PREFIX}pool"
CAPACITY_LABEL = f"{LABEL_PREFIX}capacity"
ROLE_LABEL = f"{LABEL_PREFIX}role"
"""`system` on CPU system nodes; GKE system pools carried it before the labels were unified, so
selectors written against it keep working on every cloud."""
SYSTEM_POOL = "system"
"""The `corridor.dev/pool` value of the CPU system nodes; no GPU pool may take the name."""


def standard_tags(spec: StackSpec, stack: str) -> dict[str, str]:
    """The tag set of every resource of `stack`, the same on every cloud."""
    return {
        "team": spec.tags.team,
        "purpose": spec.tags.purpose,
        "environment": spec.tags.environment,
        "cost-center": spec.tags.cost_center,
        "managed-by": MANAGED_BY,
        "stack": stack,
        "cloud": profile_for(spec.cloud).telemetry_of(spec).provider,
        "region": spec.region,
    }


def kubernetes_labels(tags: Mapping[str, str]) -> dict[str, str]:
    """`tags` as Kubernetes node labels under `corridor.dev/`, values unchanged (`TAG_VALUE` is
    a valid label value), so metrics scraped from a node group by the bill's team."""
    return {f"{LABEL_PREFIX}{key}": value for key, value in tags.items()}


def system_node_labels(tags: Mapping[str, str]) -> dict[str, str]:
    """Labels on every CPU system node, on every cloud: pool and role `system`, and the stack's tags."""
    return {POOL_LABEL: SYSTEM_POOL, ROLE_LABEL: SYSTEM_POOL, **kubernetes_labels(tags)}


def gpu_node_labels(tags: Mapping[str, str], pool: GpuPool) -> dict[str, str]:
    """Labels on every node of a GPU pool: accelerator, pool, capacity mode and the stack's
    tags, so schedulers select by accelerator and metrics and bills group by the same team."""
    return {
        ACCELERATOR_LABEL: pool.accelerator,
        POOL_LABEL: pool.name,
        CAPACITY_LABEL: pool.capacity,
        **kubernetes_labels(tags),
    }
