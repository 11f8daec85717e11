"""Secure by default, asserted identically on every registered cloud (issue 11).

Read from the neutral outputs each cloud fills from the very inputs it sets (the exact inputs are
asserted per cloud in tests/adapters): the Kubernetes API is never open to the whole internet
unless the stack says so, every copy of every bucket logs its access somewhere else, every network
corridor creates has flow logs (or the cloud's profile says why it cannot), node disks use the
stack's key where the cloud allows, and every log store is protected like data.
"""

from __future__ import annotations

import ipaddress
import re
from typing import Any

import pytest

from components.capabilities import Capability
from components.clouds.features import API_ACCESS_CIDRS, EXISTING_NETWORK, FLOW_LOGS
from components.clouds.registry import profile_for
from components.definition import SpecError
from tests.conftest import clouds_declaring, render_plan


@pytest.fixture(params=clouds_declaring(Capability.CLUSTER))
def cloud(request: pytest.FixtureRequest) -> str:
    """Each cloud whose profile declares a cluster and network it creates."""
    return str(request.param)


PUBLIC_API = {"network": {"apiAccessCidrs": ["203.0.113.0/24"]}}
PRIVATE_API = {"network": {"privateEndpoint": True}}

# Resource types that hold logs (and, for buckets, data): each must be protected and retained.
LOG_STORE_TYPES = {
    "aws": {"aws:s3/bucket:Bucket", "aws:cloudwatch/logGroup:LogGroup"},
    "gcp": {"gcp:storage/bucket:Bucket"},
    "azure": {"azure-native:operationalinsights:Workspace"},
    "oci": {"oci:Logging/logGroup:LogGroup", "oci:Logging/log:Log"},
    "alicloud": {"alicloud:oss/bucket:Bucket", "alicloud:log/project:Project", "alicloud:log/store:Store"},
}


def test_the_committed_api_is_open_only_to_listed_ranges(cloud: str) -> None:
    """No committed plan lets the whole internet reach the API (reliability C2); a cloud that
    cannot limit a public endpoint to ranges commits a private one."""
    access = render_plan(cloud)["outputs"]["cluster"]["apiAccess"]
    if API_ACCESS_CIDRS in profile_for(cloud).unsupported:
        assert access == {"private": True, "allowedCidrs": [], "controlledBy": "corridor"}
        return
    assert access["private"] is False
    assert access["allowedCidrs"], "a public endpoint with no allowed ranges"
    for cidr in access["allowedCidrs"]:
        assert ipaddress.ip_network(cidr).prefixlen > 0, cidr


def test_listed_ranges_reach_the_api_and_nothing_wider(cloud: str) -> None:
    """`network.apiAccessCidrs` is what the cluster allows (a cloud may add its own egress); a
    cloud that cannot enforce the ranges refuses them at validation with its profile's reason
    instead of opening the endpoint wider than asked."""
    reason = profile_for(cloud).unsupported.get(API_ACCESS_CIDRS)
    if reason is not None:
        with pytest.raises(SpecError, match=re.escape(f"corridor:network.apiAccessCidrs: {cloud} cannot do")):
            render_plan(cloud, PUBLIC_API)
        return
    access = render_plan(cloud, PUBLIC_API)["outputs"]["cluster"]["apiAccess"]
    assert "203.0.113.0/24" in access["allowedCidrs"]
    assert all(ipaddress.ip_network(cidr).prefixlen > 0 for cidr in access["allowedCidrs"])


def test_a_private_endpoint_has_no_public_ranges(cloud: str) -> None:
    """`network.privateEndpoint: true` leaves the API no public endpoint at all."""
    access = render_plan(cloud, PRIVATE_API)["outputs"]["cluster"]["apiAccess"]
    assert access == {"private": True, "allowedCidrs": [], "controlledBy": "corridor"}


@pytest.mark.parametrize("storage_cloud", clouds_declaring(Capability.STORAGE))
def test_every_bucket_copy_logs_its_access_elsewhere(storage_cloud: str) -> None:
    """Each primary and each separate replica has an access-log destination that is not itself (S8)."""
    buckets: dict[str, Any] = render_plan(storage_cloud)["outputs"]["storage"]["buckets"]
    assert buckets
    for name, bucket in buckets.items():
        assert bucket["primaryAccessLog"], name
        assert bucket["primaryName"] not in bucket["primaryAccessLog"], name
        if bucket["replicaName"] and bucket["replicaName"] != bucket["primaryName"]:
            assert bucket["replicaAccessLog"], name
            assert bucket["replicaName"] not in bucket["replicaAccessLog"], name


def test_every_network_corridor_creates_has_flow_logs(each_cloud: str) -> None:
    """Flow logs land somewhere, unless the cloud's profile declares why it cannot."""
    flow = render_plan(each_cloud)["outputs"]["cluster"]["flowLogs"]
    reason = profile_for(each_cloud).unsupported.get(FLOW_LOGS)
    if reason is None:
        assert flow["destination"], flow
    else:
        assert flow["destination"] is None
        assert reason in flow["note"]


def test_an_existing_network_is_not_logged_by_corridor(cloud: str) -> None:
    """corridor adds no flow logs to a network it did not create, and says so (without GPU pools,
    whose fabric subnets corridor still creates and logs)."""
    profile = profile_for(cloud)
    if EXISTING_NETWORK in profile.unsupported:
        # A cloud that cannot use an existing network says so at validation, with its reason.
        network = {"existingSubnetIds": ["an-existing-subnet"], "privateEndpoint": True}
        with pytest.raises(SpecError, match=re.escape(profile.unsupported[EXISTING_NETWORK])):
            render_plan(cloud, {"network": network, "gpuPools": []})
        return
    subnets = {
        "aws": ["subnet-0aaa", "subnet-0bbb", "subnet-0ccc"],
        "gcp": ["projects/corridor-prod-apac/regions/asia-southeast1/subnetworks/shared"],
        "azure": ["/subscriptions/s/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/aks"],
    }[cloud]
    network = {"existingSubnetIds": subnets, "apiAccessCidrs": ["203.0.113.0/24"]}
    plan = render_plan(cloud, {"network": network, "gpuPools": []})
    flow = plan["outputs"]["cluster"]["flowLogs"]
    assert flow["destination"] is None
    assert flow["note"]


def test_node_disks_use_the_stack_key_where_the_cloud_allows(each_cloud: str) -> None:
    """System and GPU node disks are encrypted with the stack's primary key, or say why not (C10);
    a cloud without keys (a provider's cluster) names none and says whose disks they are."""
    outputs = render_plan(each_cloud)["outputs"]
    key = outputs["keys"]["keyId"] if "keys" in outputs else None
    disks = [outputs["cluster"]["nodeDisks"], *(pool["nodeDisks"] for pool in outputs["gpuPools"].values())]
    for disk in disks:
        assert disk["note"]
        assert disk["keyId"] in (key, None), disk
    if Capability.KEYS in profile_for(each_cloud).capabilities:
        assert any(disk["keyId"] == key for disk in disks), "no node disk uses the stack key"


def test_log_stores_are_protected_like_data(cloud: str) -> None:
    """A log bucket, log group or workspace is evidence: protected and retained on delete (O3)."""
    stores = [r for r in render_plan(cloud)["resources"] if r["type"] in LOG_STORE_TYPES[cloud]]
    assert stores
    for store in stores:
        assert store["protect"], store["urn"]
        assert store["retainOnDelete"], store["urn"]
