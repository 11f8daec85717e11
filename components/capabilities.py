"""The capabilities a region can have, and which need which.

A cloud's profile declares the capabilities it realises (`CloudProfile.capabilities`);
`RegionStack` builds exactly those, in the order of `ORDER`, each with the adapter builder of
the same role. A capability needs the ones in `NEEDS` (storage is encrypted with the stack's
keys; GPU pools join a cluster, one corridor created or one it was handed), so a profile that
declares one without what it needs is a programming error, reported by `missing_needs` and
tests/unit/test_profiles.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum


class Capability(StrEnum):
    """One thing a region stack builds."""

    KEYS = "keys"
    """Customer-managed keys in the region and the DR region (`KeyManagement`)."""
    STORAGE = "storage"
    """Replicated, encrypted buckets (`ReplicatedStorage`); built only when the stack lists buckets."""
    CLUSTER = "cluster"
    """The managed Kubernetes cluster corridor creates (`GpuCluster`)."""
    ATTACHED_CLUSTER = "attachedCluster"
    """A Kubernetes cluster the provider handed over (`AttachedCluster`): corridor reaches it
    through its kubeconfig and creates no control plane, network, nodes or keys there."""
    GPU_POOLS = "gpuPools"
    """GPU node pools in the region's cluster (`GpuNodePool`): created by corridor, or mapped
    onto the provider's existing GPU nodes in an attached cluster."""
    BUDGETS = "budgets"
    """Monthly cost budgets with alerts (`Budgets`), filtered by the stack's own tags; built
    only when the stack sets `corridor:budgets`."""


CLUSTERS = frozenset({Capability.CLUSTER, Capability.ATTACHED_CLUSTER})
"""Either kind of cluster; a region has at most one."""

NEEDS: dict[Capability, tuple[frozenset[Capability], ...]] = {
    Capability.KEYS: (),
    Capability.STORAGE: (frozenset({Capability.KEYS}),),
    Capability.CLUSTER: (frozenset({Capability.KEYS}),),
    Capability.ATTACHED_CLUSTER: (),
    Capability.GPU_POOLS: (CLUSTERS,),
    Capability.BUDGETS: (),
}
"""What each capability consumes from others: each need is met by any one of its set."""

ORDER: tuple[Capability, ...] = tuple(Capability)
"""Dependency order: every capability comes after what it needs. Storage and the cluster both
need only the keys, so the engine still creates them in parallel."""


def missing_needs(declared: Iterable[Capability]) -> list[str]:
    """`<capability> needs <other>` for each need of `declared` that `declared` lacks, and
    `two clusters` when both kinds are declared."""
    present = set(declared)
    problems = [
        f"{cap} needs {' or '.join(sorted(need))}"
        for cap in ORDER
        if cap in present
        for need in NEEDS[cap]
        if not need & present
    ]
    if present >= CLUSTERS:
        problems.append(f"two clusters: declare {' or '.join(sorted(CLUSTERS))}, not both")
    return problems
