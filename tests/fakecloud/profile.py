"""The fake cloud as validation sees it: keys and a cluster, no storage, no GPU pools."""

from __future__ import annotations

from dataclasses import dataclass

from components.capabilities import Capability
from components.clouds.profile import CloudProfile, GpuRuntime, PoolLimits, Telemetry
from components.definition.base import SpecModel
from components.naming import NameRule

REGIONS = {"fk-central-1": "SG", "fk-east-1": "MY"}
"""The fake cloud's regions and their countries (a real cloud reads the region catalog)."""


class FakePlacement(SpecModel):
    """Where a fake stack lives: one account, `corridor:fakeAccount`."""

    fake_account: str
    """The account every resource is created in. Required on the fake cloud."""


@dataclass(frozen=True)
class FakeProfile(CloudProfile):
    def zone_pattern(self, region: str) -> str:
        return rf"{region}[ab]"

    def region_ids(self) -> tuple[str, ...]:
        return tuple(sorted(REGIONS))

    def country_of(self, region: str) -> str:
        return REGIONS[region]


PROFILE = FakeProfile(
    cloud="fakecloud",
    placement=FakePlacement,
    provider_namespaces=("fake",),
    name_rules={"key": NameRule(32, r"[^a-z0-9-]"), "cluster": NameRule(20, r"[^a-z0-9-]")},
    capabilities=(Capability.KEYS, Capability.CLUSTER),
    zones_required=False,
    reservation_kinds={},
    telemetry=Telemetry(provider="fakecloud", platform="fakecloud_kubernetes"),
    gpu_runtime=GpuRuntime("nothing", "the fake cloud has no GPUs"),
    pool_limits=PoolLimits(
        gpu_pools=0, nodes_per_pool=0, nodes_per_cluster=None, source="the fake cloud sells no GPUs"
    ),
    unsupported={
        Capability.STORAGE: "the fake cloud has no object storage",
        Capability.GPU_POOLS: "the fake cloud sells no GPUs",
    },
)
