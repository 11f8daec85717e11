"""The key-management contract, asserted identically on every registered cloud.

A cloud passes by meeting the same promises: a protected key in `region` that rotates at
`rotationDays`, a protected key in `drRegion`, the tag schema on every taggable resource, every
cloud resource on the stack's explicit provider, and the same neutral outputs.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
from typing import Any

import pytest

from components.capabilities import Capability
from components.clouds import registry
from tests.conftest import CLOUDS, clouds_declaring, render_plan
from tests.plans import children_of, named


@pytest.fixture(params=clouds_declaring(Capability.KEYS))
def cloud(request: pytest.FixtureRequest) -> str:
    """Each cloud whose profile declares customer-managed keys."""
    return str(request.param)


SCHEMA_KEYS = {"team", "purpose", "environment", "cost-center", "managed-by", "stack", "cloud", "region"}

# Where each cloud states a key's rotation period and a resource's region in its inputs: the only
# per-cloud knowledge the suite needs, kept as data so the assertions stay identical.
ROTATION_DAYS = {
    "aws": lambda key: key["inputs"]["rotationPeriodInDays"],
    "gcp": lambda key: int(key["inputs"]["rotationPeriod"].removesuffix("s")) // 86_400,
    "azure": lambda key: int(
        key["inputs"]["properties"]["rotationPolicy"]["lifetimeActions"][0]["trigger"]["timeAfterCreate"][1:-1]
    ),
    # An OCI key rotates only with automatic rotation enabled; no period otherwise.
    "oci": lambda key: (
        key["inputs"]["autoKeyRotationDetails"]["rotationIntervalInDays"]
        if key["inputs"].get("isAutoRotationEnabled") is True
        else None
    ),
    # An Alibaba KMS key rotates only with automatic rotation enabled, by a period in seconds.
    "alicloud": lambda key: (
        int(key["inputs"]["rotationInterval"].removesuffix("s")) // 86_400
        if key["inputs"].get("automaticRotation") == "Enabled"
        else None
    ),
}


def location(plan: dict[str, Any], resource: dict[str, Any]) -> str:
    """The region a resource lives in: its own region/location input, else its provider's region."""
    inputs = resource["inputs"]
    if "region" in inputs and resource["type"] != "pulumi:providers:gcp":
        return str(inputs["region"])
    if "location" in inputs:
        return str(inputs["location"])
    if "keyRing" in inputs:  # a GCP key lives where its ring lives
        return str(inputs["keyRing"].split("/locations/")[1].split("/")[0])
    if "vaultName" in inputs and "properties" in inputs and "kty" in inputs["properties"]:
        vault = next(
            r for r in plan["resources"] if r["inputs"].get("vaultName") == inputs["vaultName"] and r is not resource
        )
        return location(plan, vault)
    provider = next(r for r in plan["resources"] if r["urn"] == resource["provider"])
    return str(provider["inputs"].get("region") or provider["inputs"].get("location"))


def test_every_supported_cloud_is_registered_and_covered() -> None:
    """A cloud cannot be supported without a profile, an adapter and a mock, nor skip the
    conformance suite. Checked without importing the adapters, so no provider SDK is loaded."""
    assert set(registry.CLOUDS) == set(CLOUDS)
    assert set(registry.CLOUDS) <= set(registry.clouds())
    for cloud in registry.CLOUDS:
        assert importlib.util.find_spec(registry.adapter_module(cloud)) is not None, cloud
        assert importlib.util.find_spec(registry.entry(cloud).mock) is not None, cloud
        assert registry.profile_for(cloud).cloud == cloud


def test_primary_key_rotates_in_region(cloud: str) -> None:
    """The primary key lives in `region` and rotates every `keys.rotationDays` days. 365 is a
    period every cloud accepts (Alibaba's KMS default keys accept no other, OCI Vault at most
    365) and not the fleet's 90, so the setting must reach the key."""
    plan = render_plan(cloud, {"keys": {"rotationDays": 365}})
    key = named(plan, "keys-primary")
    assert location(plan, key) == plan["region"]
    assert ROTATION_DAYS[cloud](key) == 365


def test_replica_key_is_in_dr_region(cloud: str) -> None:
    """A key usable for replicas exists in `drRegion`, and the outputs say so."""
    plan = render_plan(cloud)
    assert location(plan, named(plan, "keys-replica")) == plan["drRegion"]
    outputs = plan["outputs"]["keys"]
    assert outputs["replicaKeyRegion"] == plan["drRegion"]
    assert outputs["keyRegion"] == plan["region"]


def test_key_resources_are_protected_and_retained(cloud: str) -> None:
    """Keys, rings and vaults carry protect and retainOnDelete: losing one loses the data."""
    plan = render_plan(cloud)
    stateful = [r for r in children_of(plan, "corridor:index:KeyManagement") if "alias" not in r["type"].lower()]
    assert len(stateful) >= 2
    for resource in stateful:
        assert (resource["protect"], resource["retainOnDelete"]) == (True, True), resource["name"]


def test_neutral_outputs_have_the_same_shape(cloud: str) -> None:
    """Every cloud exports the same key outputs, all set."""
    outputs = render_plan(cloud)["outputs"]["keys"]
    assert set(outputs) == {"keyId", "keyRegion", "replicaKeyId", "replicaKeyRegion", "rotationDays"}
    assert all(value not in (None, "") for value in outputs.values()), outputs
    assert outputs["keyId"] != outputs["replicaKeyId"] or cloud == "aws"


SDK_PACKAGES = {
    "aws": "pulumi_aws",
    "gcp": "pulumi_gcp",
    "azure-native": "pulumi_azure_native",
    "oci": "pulumi_oci",
    "alicloud": "pulumi_alicloud",
}
TAG_FIELDS = {"tags": "tags", "labels": "labels", "resource_labels": "resourceLabels", "freeform_tags": "freeformTags"}

TAG_FIELD_OF_TYPE = {"gcp:monitoring/notificationChannel:NotificationChannel": "userLabels"}
"""Types whose `labels` input is not tags: a monitoring channel's `labels` configure it (its
email address); its tags are `user_labels`."""


KUBERNETES = "kubernetes"
"""The in-cluster layer's provider package."""


def tag_field(resource_type: str) -> str | None:
    """The input through which the SDK class of `resource_type` accepts tags or labels, if any.

    Read from the provider SDK itself, so a resource that forgot its tags cannot pass by
    simply having no `tags` input.
    """
    if resource_type in TAG_FIELD_OF_TYPE:
        return TAG_FIELD_OF_TYPE[resource_type]
    package, module, name = resource_type.split(":")
    # Python SDK modules are lowercase whatever the token's case (`oci:ContainerEngine/...` is
    # `pulumi_oci.containerengine`).
    sdk_module = importlib.import_module(f"{SDK_PACKAGES[package]}.{module.split('/')[0].lower()}")
    parameters = inspect.signature(getattr(sdk_module, name)._internal_init).parameters
    return next((wire for python, wire in TAG_FIELDS.items() if python in parameters), None)


def test_taggable_resources_carry_the_tag_schema(cloud: str) -> None:
    """Every resource whose SDK class accepts tags or labels carries all eight schema keys."""
    plan = render_plan(cloud)
    # In-cluster objects carry the tags as `corridor.dev/` labels instead (test_observability_contract).
    resources = [
        r
        for r in plan["resources"]
        if r["custom"] and not r["type"].startswith(("pulumi:providers:", f"{KUBERNETES}:"))
    ]
    checked = 0
    for resource in resources:
        field = tag_field(resource["type"])
        if field is None:
            continue
        tags = resource["inputs"].get(field)
        assert tags, f"{resource['name']} ({resource['type']}) accepts {field} but has none"
        assert set(tags) >= SCHEMA_KEYS, (resource["name"], tags)
        assert tags["stack"] == plan["stack"]
        # The same string as the metrics' `cloud.provider` (README, Tags): the cloud id where
        # the semantic conventions use it, `oracle_cloud` for oci.
        assert tags["cloud"] == plan["outputs"]["observability"]["resourceAttributes"]["cloud.provider"]
        checked += 1
    assert checked


def test_every_cloud_resource_uses_the_explicit_provider(each_cloud: str) -> None:
    """No resource falls back to a default provider (they are disabled in Pulumi.yaml): explicit
    providers only (the cloud's, and the cluster's Kubernetes provider), at most one per package
    and region (a cloud whose resources take no region input, OCI, has one per region it
    deploys to), each resource bound to one of its own package's."""
    plan = render_plan(each_cloud)
    providers: dict[str, set[str]] = {}
    regions_of: dict[str, list[object]] = {}
    for r in plan["resources"]:
        if r["type"].startswith("pulumi:providers:"):
            package = r["type"].removeprefix("pulumi:providers:")
            providers.setdefault(package, set()).add(r["urn"])
            regions_of.setdefault(package, []).append(r["inputs"].get("region"))
    for package, regions in regions_of.items():
        assert len(regions) == len(set(regions)), f"two {package} providers for one region"
    assert KUBERNETES in providers
    for resource in plan["resources"]:
        if resource["custom"] and not resource["type"].startswith("pulumi:providers:"):
            assert resource["provider"] in providers[resource["type"].split(":")[0]], resource["name"]


def test_children_are_named_after_their_component(cloud: str) -> None:
    """Logical names derive from the component name, so URNs are predictable across clouds."""
    for resource in children_of(render_plan(cloud), "corridor:index:KeyManagement"):
        assert resource["name"].startswith("keys-"), resource["name"]
