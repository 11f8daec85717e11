"""Cloud profiles and their registry: one profile per cloud folder, data the neutral validator reads."""

from __future__ import annotations

import ast
import dataclasses
import re
import typing

import pytest

from components.capabilities import CLUSTERS, Capability, missing_needs
from components.clouds import registry
from components.clouds.base import CloudAdapter
from components.clouds.features import SEVERAL_EXISTING_SUBNETS, ZONES
from components.definition import StackSpec, load_spec
from components.definition.gpu import Network, ReservationKind
from tests.conftest import BASELINE, PROJECT_DIR, STACK_OF_CLOUD, base_config

CLOUDS_DIR = PROJECT_DIR / "components" / "clouds"


def test_every_cloud_folder_with_a_profile_is_registered() -> None:
    """The registry and the folders agree, so a new cloud's profile is never silently ignored."""
    folders = {path.parent.name for path in CLOUDS_DIR.glob("*/profile.py")}
    assert folders == set(registry.CLOUDS)
    for cloud in registry.CLOUDS:
        assert (CLOUDS_DIR / cloud / "adapter.py").is_file(), cloud


def test_supported_clouds_and_adapters_come_from_the_registry() -> None:
    assert registry.clouds() == registry.CLOUDS == ("aws", "gcp", "azure", "oci", "alicloud", "kubernetes")
    assert [registry.adapter_module(cloud) for cloud in registry.CLOUDS] == [
        f"components.clouds.{cloud}.adapter" for cloud in registry.CLOUDS
    ]
    assert [profile.cloud for profile in registry.profiles()] == list(registry.CLOUDS)


BUILDERS = {
    Capability.KEYS: "build_keys",
    Capability.STORAGE: "build_storage",
    Capability.CLUSTER: "build_cluster",
    Capability.ATTACHED_CLUSTER: "attach_cluster",
    Capability.GPU_POOLS: "build_node_pool",
    Capability.BUDGETS: "build_budgets",
}


@pytest.mark.parametrize("cloud", registry.CLOUDS)
def test_declared_capabilities_are_complete_and_built(cloud: str) -> None:
    """A profile declares what each capability needs too, and its adapter implements exactly the
    builders of what it declares (RegionStack calls no other, so an extra one is dead code)."""
    import importlib

    profile = registry.profile_for(cloud)
    assert missing_needs(profile.capabilities) == []
    adapter = importlib.import_module(registry.adapter_module(cloud)).Adapter
    overridden = {
        name for name in [*BUILDERS.values(), "build_base"] if getattr(adapter, name) is not getattr(CloudAdapter, name)
    }
    assert overridden == {"build_base", *(BUILDERS[capability] for capability in profile.capabilities)}
    # A cloud has one kind of cluster; any other capability it leaves out, it says why.
    for capability in set(Capability) - set(profile.capabilities) - CLUSTERS:
        assert profile.unsupported.get(capability), f"{cloud} leaves out {capability} without a reason"
    assert len(CLUSTERS & set(profile.capabilities)) == 1


def test_a_capability_without_what_it_needs_is_reported() -> None:
    assert missing_needs([Capability.GPU_POOLS, Capability.KEYS]) == ["gpuPools needs attachedCluster or cluster"]
    assert missing_needs([Capability.GPU_POOLS, Capability.ATTACHED_CLUSTER]) == []
    assert missing_needs([Capability.KEYS, Capability.CLUSTER, Capability.ATTACHED_CLUSTER]) == [
        "two clusters: declare attachedCluster or cluster, not both"
    ]


def test_an_unknown_cloud_has_no_profile() -> None:
    supported = "aws, gcp, azure, oci, alicloud, kubernetes"
    with pytest.raises(KeyError, match=f"'tencentcloud' is not a supported cloud; supported: {supported}"):
        registry.profile_for("tencentcloud")


def test_reservation_kinds_are_the_ones_the_spec_accepts() -> None:
    """Every kind a profile supports parses, and every kind the spec parses belongs to a cloud."""
    offered = {kind for profile in registry.profiles() for kind in profile.reservation_kinds}
    assert offered == set(typing.get_args(ReservationKind))


@pytest.mark.parametrize("cloud", registry.CLOUDS)
def test_profile_data_is_complete(cloud: str) -> None:
    profile = registry.profile_for(cloud)
    assert profile.pool_limits.source.count("https://") >= 1
    assert all(reason.strip() for reason in profile.unsupported.values())
    assert all(kind.description for kind in profile.reservation_kinds.values())
    assert all(field.description for field in profile.placement.model_fields.values()), "document every key"
    # A placement key must not shadow a neutral key, nor another cloud's.
    assert not set(profile.placement_keys) & {field.alias for field in StackSpec.model_fields.values()}
    others = {key for other in registry.profiles() if other is not profile for key in other.placement_keys}
    assert not set(profile.placement_keys) & others
    if set(profile.capabilities) & {Capability.KEYS, Capability.CLUSTER}:  # it names what it creates
        assert profile.provider_namespaces
        assert profile.name_rules


@pytest.mark.parametrize("cloud", registry.CLOUDS)
def test_zone_pattern_accepts_the_example_stacks_zones(cloud: str) -> None:
    spec = load_spec(base_config(cloud).values, BASELINE)
    profile = registry.profile_for(cloud)
    if ZONES in profile.unsupported:
        return  # no zones to name (refused at validation: tests/adapters/test_kubernetes.py)
    for zone in spec.zones or []:
        assert re.fullmatch(profile.zone_pattern(spec.region), zone), zone
    assert not re.fullmatch(profile.zone_pattern(spec.region), f"{spec.region}-zz")


def test_an_unsupported_feature_is_a_rule_of_the_data() -> None:
    """Declaring SEVERAL_EXISTING_SUBNETS unsupported is what rejects a second subnet."""
    gcp = registry.profile_for("gcp")
    assert SEVERAL_EXISTING_SUBNETS in gcp.unsupported
    two = {"network": Network(existingSubnetIds=["a", "b"], apiAccessCidrs=["203.0.113.0/24"]), "zones": None}
    assert [str(p) for p in gcp.validate(two, frozenset())] == [
        "corridor:network.existingSubnetIds: must list exactly one subnet on gcp; got 2"
    ]
    assert (
        gcp.validate({"network": Network(existingSubnetIds=["a"], apiAccessCidrs=["203.0.113.0/24"])}, frozenset())
        == []
    )
    lifted = dataclasses.replace(gcp, unsupported={})
    assert lifted.validate(two, frozenset()) == []


def test_profiles_import_only_neutral_modules() -> None:
    """Read from the source: profiles, their base and the registry import no SDK and no adapter
    (at run time, tests/test_architecture.py checks that validating loads no SDK). A profile may
    import its own cloud's `costs` (the standing costs it declares), which imports no SDK either."""
    allowed = (
        "components.definition",
        "components.clouds.profile",
        "components.clouds.features",
        "components.clouds.registry",
        "components.capabilities",
        "components.catalog",
        "components.naming",
    )
    checked = [*sorted(CLOUDS_DIR.glob("*/profile.py")), *sorted(CLOUDS_DIR.glob("*/costs.py"))]
    for path in [*checked, CLOUDS_DIR / "profile.py", CLOUDS_DIR / "registry.py"]:
        own_costs = f"components.clouds.{path.parent.name}.costs"
        for node in ast.walk(ast.parse(path.read_text())):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            names += [node.module] if isinstance(node, ast.ImportFrom) and node.module else []
            for name in names:
                assert not name.startswith("pulumi"), (path, name)
                assert not name.startswith("components") or name.startswith(allowed) or name == own_costs, (path, name)


def test_example_stacks_cover_every_cloud() -> None:
    assert set(STACK_OF_CLOUD) == set(registry.CLOUDS)
