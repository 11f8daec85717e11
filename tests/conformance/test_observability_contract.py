"""The observability agents, asserted identically on every registered cloud (issue 12).

Every region runs the same agents at the same chart versions, attributes every metric with the
same keys, keeps the OTLP headers secret, sets requests and limits on every agent, runs DCGM on
GPU nodes only, and never adds a GPU runtime where the cloud already installs one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from components.clouds.base import GPU_TAINT_KEY
from components.clouds.registry import profile_for
from components.definition import StackSpec, load_spec
from components.kubernetes import charts
from components.tagging import kubernetes_labels, standard_tags
from tests.conftest import BASELINE, base_config, render_plan

RELEASE = "kubernetes:helm.sh/v3:Release"
AGENTS = "corridor:index:ObservabilityAgents"
HEADERS = {"observability": {"otlpEndpoint": "https://otlp.example.com:4317", "headers": {"x-api-key": "k-123-abc"}}}


RUNTIME_CHART = {"nothing": None, "device-plugin": "nvidia-device-plugin", "gpu-operator": "gpu-operator"}
"""The chart each GPU runtime of a profile installs."""


def spec_of(cloud: str) -> StackSpec:
    """The validated definition of the cloud's example stack."""
    return load_spec(base_config(cloud).values, BASELINE)


def matches(term: dict[str, Any], labels: dict[str, str]) -> bool:
    """Whether a node with `labels` satisfies one node-selector term (`In` and `Exists` only)."""
    for expression in term["matchExpressions"]:
        key, operator = expression["key"], expression["operator"]
        if operator == "Exists" and key not in labels:
            return False
        if operator == "In" and labels.get(key) not in expression["values"]:
            return False
        assert operator in ("Exists", "In"), operator
    return True


def releases(plan: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The agents' Helm releases by release name."""
    return {r["inputs"]["name"]: r for r in plan["resources"] if r["type"] == RELEASE}


def walk(value: Any) -> Iterator[dict[str, Any]]:
    """Every mapping nested in `value`."""
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)


def test_every_region_runs_the_same_agents_at_pinned_versions(cloud: str) -> None:
    """The collector and the DCGM exporter everywhere, at the pinned chart versions, in one
    component under the region, through the cluster's Kubernetes provider."""
    plan = render_plan(cloud)
    found = releases(plan)
    assert {"collector", "dcgm-exporter"} <= set(found)
    assert found["collector"]["inputs"]["version"] == charts.OTEL_COLLECTOR.version
    assert found["dcgm-exporter"]["inputs"]["version"] == charts.DCGM_EXPORTER.version
    component = next(r for r in plan["resources"] if r["type"] == AGENTS)
    provider = next(r for r in plan["resources"] if r["type"] == "pulumi:providers:kubernetes")
    for release in found.values():
        assert release["parent"] == component["urn"]
        assert release["provider"] == provider["urn"]
        assert release["inputs"]["atomic"] is True
    assert provider["inputs"]["kubeconfig"] == "[secret]"


def test_no_second_gpu_runtime_where_the_cloud_has_one(cloud: str) -> None:
    """Exactly the GPU runtime the cloud's profile declares for the stack (none where the cloud
    manages it), and an operator driver only where every pool's nodes come without one."""
    plan = render_plan(cloud)
    runtime = profile_for(cloud).gpu_runtime_of(spec_of(cloud))
    charts_installed = {release["inputs"]["chart"] for release in releases(plan).values()}
    runtime_charts = charts_installed & {chart for chart in RUNTIME_CHART.values() if chart}
    assert runtime_charts == ({RUNTIME_CHART[runtime.installs]} - {None})
    assert plan["outputs"]["observability"]["gpuRuntime"]["installs"] == runtime.installs
    if runtime.installs == "gpu-operator":
        operator = releases(plan)["gpu-runtime"]["inputs"]["values"]
        assert operator["driver"]["enabled"] is runtime.installs_driver
        assert operator["dcgmExporter"]["enabled"] is False, "a second exporter would double every GPU metric"
    drivers = {pool["driver"]["installedBy"] for pool in plan["outputs"]["gpuPools"].values()}
    if drivers & {"node-image", "cloud"}:
        assert not runtime.installs_driver, "an operator driver on nodes that already have one"


def test_dcgm_runs_on_gpu_nodes_only_and_tolerates_their_taint(cloud: str) -> None:
    """The exporter's required affinity matches every GPU pool's nodes (by the labels each pool's
    nodes carry) and no node that carries only the stack's labels; it tolerates the GPU taint."""
    plan = render_plan(cloud)
    values = releases(plan)["dcgm-exporter"]["inputs"]["values"]
    affinity = values["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]
    terms = affinity["nodeSelectorTerms"]
    for name, pool in plan["outputs"]["gpuPools"].items():
        assert any(matches(term, pool["nodeLabels"]) for term in terms), name
    cpu_node = kubernetes_labels(standard_tags(spec_of(cloud), plan["stack"]))
    assert not any(matches(term, cpu_node) for term in terms)
    assert any(item.get("key") == GPU_TAINT_KEY for item in values.get("tolerations", []))


def test_every_metric_carries_cloud_region_cluster_and_tags(cloud: str) -> None:
    """The stack-wide attributes, by the semantic conventions and the tag schema."""
    plan = render_plan(cloud)
    attributes = plan["outputs"]["observability"]["resourceAttributes"]
    telemetry = profile_for(cloud).telemetry_of(spec_of(cloud))
    tags = standard_tags(spec_of(cloud), plan["stack"])
    assert attributes["cloud.provider"] == telemetry.provider == tags["cloud"]
    # Left out, never invented, where the conventions name no platform.
    assert attributes.get("cloud.platform") == telemetry.platform
    assert attributes["cloud.region"] == plan["region"]
    assert attributes["k8s.cluster.name"] == plan["outputs"]["cluster"]["name"]
    assert attributes["corridor.team"] == tags["team"]
    assert attributes["corridor.cost_center"] == tags["cost-center"]
    assert attributes["deployment.environment.name"] == tags["environment"]
    collector = json.dumps(releases(plan)["collector"]["inputs"]["values"])
    for key, value in attributes.items():
        assert key in collector, key
        assert value in collector, (key, value)


def test_in_cluster_objects_carry_the_tag_schema_as_labels(cloud: str) -> None:
    """The namespace and every object corridor creates in it carry the stack's tags as labels."""
    plan = render_plan(cloud)
    stack_tags = kubernetes_labels(standard_tags(spec_of(cloud), plan["stack"]))
    objects = [r for r in plan["resources"] if r["type"].startswith("kubernetes:") and r["type"] != RELEASE]
    assert objects
    for item in objects:
        assert stack_tags.items() <= item["inputs"]["metadata"]["labels"].items(), item["name"]


def test_otlp_headers_never_appear_in_the_plan(cloud: str) -> None:
    """Header values live in a Secret whose data the plan masks; values and config only refer to them."""
    plan = render_plan(cloud, HEADERS)
    assert "k-123-abc" not in json.dumps(plan)
    secret = next(r for r in plan["resources"] if r["type"] == "kubernetes:core/v1:Secret")
    assert secret["inputs"]["stringData"] == "[secret]"


def test_every_agent_container_has_requests_and_limits(cloud: str) -> None:
    """An agent must neither starve a training pod nor be evicted first (reliability O5)."""
    for name, release in releases(render_plan(cloud)).items():
        # `resources` holding a mapping is a container's; a list is an RBAC rule's resource names.
        resources = [
            item["resources"] for item in walk(release["inputs"]["values"]) if isinstance(item.get("resources"), dict)
        ]
        assert resources, name
        for resource in resources:
            assert {"cpu", "memory"} <= set(resource.get("requests", {})), (name, resource)
            assert {"cpu", "memory"} <= set(resource.get("limits", {})), (name, resource)


def test_observability_off_installs_nothing_in_the_cluster(cloud: str) -> None:
    """`enabled: false` leaves the cluster untouched: no provider, no component, no release."""
    plan = render_plan(cloud, {"observability": {"enabled": False}})
    types = {resource["type"] for resource in plan["resources"]}
    assert not {AGENTS, RELEASE, "pulumi:providers:kubernetes"} & types
    assert "observability" not in plan["outputs"]
