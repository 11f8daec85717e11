"""The capabilities a region can have, and which need which.

A cloud's profile declares the capabilities it realises (`CloudProfile.capabilities`);
`RegionStack` builds exactly those, in the order of `ORDER`, each with the adapter builder of
the same role. A capability needs the ones in `NEEDS` (storage is encrypted with the stack's
keys; GPU pools join the cluster), so a profile that declares one without what it needs is a
programming error, reported by `missing_needs` and tests/unit/test_profiles.py.
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
    GPU_POOLS = "gpuPools"
    """GPU node pools in that cluster (`GpuNodePool`)."""


NEEDS: dict[Capability, tuple[Capability, ...]] = {
    Capability.KEYS: (),
    Capability.STORAGE: (Capability.KEYS,),
    Capability.CLUSTER: (Capability.KEYS,),
    Capability.GPU_POOLS: (Capability.CLUSTER,),
}
"""What each capability consumes from others."""

ORDER: tuple[Capability, ...] = tuple(Capability)
"""Dependency order: every capability comes after what it needs. Storage and the cluster both
need only the keys, so the engine still creates them in parallel."""


def missing_needs(declared: Iterable[Capability]) -> list[str]:
    """`<capability> needs <other>` for each need of `declared` that `declared` lacks."""
    present = set(declared)
    return [f"{cap} needs {need}" for cap in ORDER if cap in present for need in NEEDS[cap] if need not in present]
