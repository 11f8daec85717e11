"""A provider's Kubernetes cluster (`corridor:cloud: kubernetes`): what corridor installs there, how
GPU pools map onto the provider's nodes, and how the provider names the region in tags and metrics.

The refusals (spot, reservations, a node floor, zones, buckets, a pool without a selector, a
kubeconfig in clear text) are in tests/unit/test_bad_input.py.
"""

from __future__ import annotations

from typing import Any

from components.kubernetes import charts
from tests.conftest import render_plan
from tests.plans import resources

RELEASE = "kubernetes:helm.sh/v3:Release"
SELECTORS = {
    "train": {"node.kubernetes.io/instance-type": "gpu-h100-8x"},
    "infer": {"node.kubernetes.io/instance-type": "gpu-l4-1x"},
}
"""The example stack's `corridor:gpuNodeSelectors`."""
PROVIDER = "example-gulf-neocloud"


def release(plan: dict[str, Any], name: str) -> dict[str, Any]:
    """The inputs of the Helm release `name`."""
    return next(r for r in resources(plan, RELEASE) if r["inputs"]["name"] == name)["inputs"]


def test_nothing_is_created_at_the_provider() -> None:
    """corridor registers Kubernetes objects only: no keys, buckets, network or node pools, and the
    cluster is an `AttachedCluster` component with nothing under it."""
    plan = render_plan("kubernetes")
    components = {r["type"] for r in plan["resources"] if not r["custom"]}
    assert components == {
        "corridor:index:RegionStack",
        "corridor:index:AttachedCluster",
        "corridor:index:GpuNodePool",
        "corridor:index:ObservabilityAgents",
    }
    cluster = next(r for r in plan["resources"] if r["type"] == "corridor:index:AttachedCluster")
    assert not [r for r in plan["resources"] if r["parent"] == cluster["urn"]]
    assert not {"keys", "storage"} & set(plan["outputs"])


def test_pools_map_onto_the_providers_nodes() -> None:
    """Each pool reports the provider's nodes its selector picks: their labels, no taint of
    corridor's, bought from the provider on demand, the driver from the node image."""
    pools = render_plan("kubernetes")["outputs"]["gpuPools"]
    assert set(pools) == set(SELECTORS)
    for name, pool in pools.items():
        assert pool["nodeLabels"] == SELECTORS[name]
        assert pool["taints"] == []
        assert pool["capacity"] == {
            "mode": "onDemand",
            "reservation": None,
            "zone": None,
            "wiring": "the provider's nodes; corridor buys nothing",
        }
        assert pool["driver"]["installedBy"] == "node-image"
        assert pool["nodeDisks"]["keyId"] is None
        assert any("nvidia.com/gpu:NoSchedule" in note for note in pool["notes"])
    assert pools["train"]["maxGpus"] == 4 * 8


def test_gpu_operator_installs_the_driver_only_when_the_nodes_have_none() -> None:
    """The GPU Operator is the runtime on a provider's cluster; its driver is on only with
    `gpuDriver: operator`, and its own DCGM exporter never (corridor runs the standalone one)."""
    default = render_plan("kubernetes")
    operator = release(default, "gpu-runtime")
    assert (operator["chart"], operator["version"]) == (charts.GPU_OPERATOR.chart, charts.GPU_OPERATOR.version)
    assert operator["values"]["driver"] == {"enabled": False}
    assert operator["values"]["dcgmExporter"]["enabled"] is False
    assert default["outputs"]["observability"]["gpuRuntime"]["installsDriver"] is False

    driverless = render_plan("kubernetes", {"gpuDriver": "operator"})
    assert release(driverless, "gpu-runtime")["values"]["driver"]["enabled"] is True
    assert driverless["outputs"]["observability"]["gpuRuntime"]["installsDriver"] is True
    for pool in driverless["outputs"]["gpuPools"].values():
        assert pool["driver"]["installedBy"] == "in-cluster"


def test_dcgm_runs_on_the_nodes_the_selectors_pick() -> None:
    """The exporter's required affinity is one term per pool, each requiring its selector's labels:
    the provider's nodes carry no corridor label to select on."""
    values = release(render_plan("kubernetes"), "dcgm-exporter")["values"]
    terms = values["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
    assert terms == [
        {"matchExpressions": [{"key": key, "operator": "In", "values": [value]}]}
        for selector in SELECTORS.values()
        for key, value in selector.items()
    ]


def test_the_provider_names_the_cloud_in_tags_and_telemetry() -> None:
    """`corridor:provider` is the `cloud` tag and `cloud.provider`; no `cloud.platform` is invented;
    the cluster is named `<provider>-<region>` unless `clusterName` says otherwise."""
    plan = render_plan("kubernetes")
    attributes = plan["outputs"]["observability"]["resourceAttributes"]
    assert attributes["cloud.provider"] == PROVIDER
    assert "cloud.platform" not in attributes
    assert attributes["cloud.region"] == "riyadh-1"
    assert attributes["k8s.cluster.name"] == plan["outputs"]["cluster"]["name"] == f"{PROVIDER}-riyadh-1"
    namespace = resources(plan, "kubernetes:core/v1:Namespace")[0]
    assert namespace["inputs"]["metadata"]["labels"]["corridor.dev/cloud"] == PROVIDER
    named = render_plan("kubernetes", {"clusterName": "ruh-prod-7"})
    assert named["outputs"]["observability"]["resourceAttributes"]["k8s.cluster.name"] == "ruh-prod-7"


def test_the_kubeconfig_stays_secret_and_api_access_is_the_providers() -> None:
    """The provider's kubeconfig reaches the Kubernetes provider and the outputs only as a secret;
    API access, node disks and flow logs are reported as the provider's."""
    plan = render_plan("kubernetes")
    provider = resources(plan, "pulumi:providers:kubernetes")[0]
    assert provider["inputs"]["kubeconfig"] == "[secret]"
    cluster = plan["outputs"]["cluster"]
    assert cluster["kubeconfig"] == "[secret]"
    assert cluster["endpoint"] is None
    assert cluster["secretsKeyId"] is None
    assert cluster["apiAccess"] == {"private": False, "allowedCidrs": [], "controlledBy": "provider"}
    assert cluster["flowLogs"]["destination"] is None
    assert cluster["versionPolicy"]["channel"] == "provider"


def test_a_cluster_without_gpu_pools_gets_no_gpu_agent() -> None:
    """With no pool mapped, corridor knows no GPU node: only the collector is installed."""
    plan = render_plan("kubernetes", {"gpuPools": [], "gpuNodeSelectors": {}, "overrides": None})
    assert {r["inputs"]["name"] for r in resources(plan, RELEASE)} == {"collector"}
