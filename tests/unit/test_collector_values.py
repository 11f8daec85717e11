"""The collector's Helm values against the real chart (opentelemetry-collector 0.170.0).

Reads the chart's `values.yaml` and `values.schema.json` from the reference copies beside the project
(`../shared/chart_reference/opentelemetry-collector/`, never copied in). Checks that every key corridor
sets exists in the chart, that the values Helm would see validate against the chart's schema, that the
configuration the collector would run is a closed pipeline (after the chart's merge, `null` removal and
preset injection), and the properties corridor relies on: headers only by reference, memory limiter
first, a bounded retry and disk queue, the GPU toleration, requests and limits.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

import jsonschema
import pytest
import yaml
from jsonschema.protocols import Validator
from jsonschema.validators import validator_for

from components.clouds.base import GPU_TAINT_KEY
from components.kubernetes.collector import (
    EXPORTERS,
    QUEUE_BYTES_PER_BUFFER_MINUTE,
    QUEUE_DIR,
    CollectorSettings,
    collector_config,
    collector_values,
    header_env_var,
    queue_bytes,
)
from components.tagging import ACCELERATOR_LABEL, CAPACITY_LABEL, POOL_LABEL
from tests.conftest import CHART_REFERENCE

CHART_DIR = CHART_REFERENCE / "opentelemetry-collector"

CHART_VALUES: dict[str, Any] = yaml.safe_load((CHART_DIR / "values.yaml").read_text())
SCHEMA: dict[str, Any] = json.loads((CHART_DIR / "values.schema.json").read_text())

ATTRIBUTES = {
    "cloud.provider": "aws",
    "cloud.platform": "aws_eks",
    "cloud.region": "ap-southeast-1",
    "k8s.cluster.name": "corridor-aws-ap-southeast-1",
    "deployment.environment.name": "production",
    "corridor.team": "ml-platform",
    "corridor.purpose": "training",
    "corridor.cost_center": "cc-1234",
}

GRPC = CollectorSettings(
    resource_attributes=ATTRIBUTES,
    otlp_endpoint="https://otlp.example.com:4317",
    protocol="grpc",
    headers_secret="otlp-headers",
    header_names=("authorization", "x-api-key"),
    buffer_minutes=30,
    priority_class="corridor-agents",
)
HTTP = CollectorSettings(
    resource_attributes=ATTRIBUTES,
    otlp_endpoint="https://otlp.example.com/base/",
    protocol="http",
    headers_secret=None,
    header_names=(),
    buffer_minutes=90,
    priority_class="corridor-agents",
    dcgm_port=9500,
)
SETTINGS = [pytest.param(GRPC, id="grpc-headers"), pytest.param(HTTP, id="http-no-headers")]


# --- Helm's view: chart defaults, corridor's values, null removal, presets ---------------------------------


def coalesce(defaults: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Helm's merge of user values over a chart's: maps merge key by key, anything else replaces, and a
    user `null` deletes the key ("Deleting a default key": https://helm.sh/docs/chart_template_guide/values_files/)."""
    merged = copy.deepcopy(dict(defaults))
    for key, value in overrides.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = coalesce(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def merge_overwrite(base: Mapping[str, Any], top: Mapping[str, Any]) -> dict[str, Any]:
    """Sprig `mustMergeOverwrite base top`: maps merge recursively, `top` wins elsewhere (lists replace)."""
    merged = copy.deepcopy(dict(base))
    for key, value in top.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge_overwrite(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


# What the three presets corridor enables inject in daemonset mode, in the chart's order
# (templates/_config.tpl `daemonsetConfig`: hostMetrics, kubeletMetrics, kubernetesAttributes). Each
# preset's component is merged UNDER the user's config (`mustMergeOverwrite preset .config`), then named
# in the pipelines: receivers appended (`append ... | uniq`), k8s_attributes prepended where absent.
PRESET_RECEIVERS = {
    "hostmetrics": {"root_path": "/hostfs", "collection_interval": "10s", "scrapers": {"cpu": None, "memory": None}},
    "kubeletstats": {
        "collection_interval": "20s",
        "auth_type": "serviceAccount",
        "endpoint": "${env:K8S_NODE_IP}:10250",
    },
}
PRESET_K8S_ATTRIBUTES = {
    "filter": {"node_from_env_var": "K8S_NODE_NAME"},
    "passthrough": False,
    "pod_association": [{"sources": [{"from": "resource_attribute", "name": "k8s.pod.ip"}]}],
    "extract": {"otel_annotations": True, "metadata": ["k8s.namespace.name", "k8s.pod.name", "k8s.node.name"]},
}


def apply_presets(values: Mapping[str, Any]) -> dict[str, Any]:
    """The collector's final config for these (coalesced) values, as `daemonsetConfig` builds it."""
    config = copy.deepcopy(values["config"])
    presets = values["presets"]
    for preset, receiver in (("hostMetrics", "hostmetrics"), ("kubeletMetrics", "kubeletstats")):
        if presets[preset]["enabled"]:
            config = merge_overwrite({"receivers": {receiver: PRESET_RECEIVERS[receiver]}}, config)
            receivers = config["service"]["pipelines"].setdefault("metrics", {}).setdefault("receivers", [])
            if receiver not in receivers:
                receivers.append(receiver)
    if presets["kubernetesAttributes"]["enabled"]:
        config = merge_overwrite({"processors": {"k8s_attributes": PRESET_K8S_ATTRIBUTES}}, config)
        for signal in ("logs", "metrics", "traces"):
            pipeline = config["service"]["pipelines"].get(signal)
            if pipeline:
                processors = pipeline.setdefault("processors", [])
                if "k8s_attributes" not in processors and "k8sattributes" not in processors:
                    processors.insert(0, "k8s_attributes")
    return config


def helm_values(settings: CollectorSettings) -> dict[str, Any]:
    return coalesce(CHART_VALUES, collector_values(settings))


def final_config(settings: CollectorSettings) -> dict[str, Any]:
    return apply_presets(helm_values(settings))


# --- every key corridor sets is a chart key ----------------------------------------------------------------

FREE_FORM = {("config",)}
"""Corridor's keys under these are the collector's, not the chart's (checked by the pipeline tests)."""


def unknown_keys(ours: Mapping[str, Any], chart: Mapping[str, Any], path: tuple[str, ...] = ()) -> Iterator[str]:
    """Paths of keys in `ours` that `chart` (values.yaml) does not have.

    Descends only where the chart's default is a non-empty map: an empty map (`securityContext: {}`,
    `nodeSelector: {}`, `resources: {}`) is an open Kubernetes object or is closed by the schema, which
    `test_values_validate_against_the_chart_schema` checks; list items are Kubernetes objects.
    """
    for key, value in ours.items():
        here = (*path, key)
        if key not in chart:
            yield ".".join(here)
        elif here not in FREE_FORM and isinstance(value, Mapping) and isinstance(chart[key], Mapping) and chart[key]:
            yield from unknown_keys(value, chart[key], here)


@pytest.mark.parametrize("settings", SETTINGS)
def test_every_key_corridor_sets_exists_in_the_chart(settings: CollectorSettings) -> None:
    assert list(unknown_keys(collector_values(settings), CHART_VALUES)) == []


def test_unknown_keys_finds_a_stale_key() -> None:
    # The helper would catch the 0.162.0 rename and a misspelt preset.
    stale = {"rewriteDeprecatedProcessorNames": True, "presets": {"hostMetric": {"enabled": True}}}
    assert list(unknown_keys(stale, CHART_VALUES)) == ["rewriteDeprecatedProcessorNames", "presets.hostMetric"]


# --- the values Helm validates ------------------------------------------------------------------------------

LATEST_DRAFT_URI = "http://json-schema.org/schema#"
"""The chart's `$schema`: "the latest draft", which no metaschema registers; Helm 3.18+ (santhosh-tekuri/jsonschema)
reads it as 2020-12. Older Helm (gojsonschema) implements draft 7, so both are checked."""


def schema_validators() -> list[type[Validator]]:
    if SCHEMA.get("$schema") == LATEST_DRAFT_URI:
        return [jsonschema.Draft202012Validator, jsonschema.Draft7Validator]
    return [validator_for(SCHEMA)]


@pytest.mark.parametrize("settings", SETTINGS)
def test_values_validate_against_the_chart_schema(settings: CollectorSettings) -> None:
    values = helm_values(settings)  # Helm validates the coalesced values (required: apiVersion, mode)
    for validator in schema_validators():
        validator.check_schema(SCHEMA)
        errors = [f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in validator(SCHEMA).iter_errors(values)]
        assert errors == [], validator.__name__


def test_the_schema_rejects_a_misspelt_key() -> None:
    values = helm_values(GRPC)
    values["resources"]["limits"]["memroy"] = "1Gi"
    for validator in schema_validators():
        assert not validator(SCHEMA).is_valid(values), validator.__name__


# --- the collector's pipeline -------------------------------------------------------------------------------

KINDS = ("receivers", "processors", "exporters")


def referenced(config: Mapping[str, Any]) -> dict[str, set[str]]:
    service = config["service"]
    refs = {
        kind: {name for pipeline in service["pipelines"].values() for name in pipeline.get(kind, [])} for kind in KINDS
    }
    refs["extensions"] = set(service.get("extensions", []))
    return refs


def defined(config: Mapping[str, Any]) -> dict[str, set[str]]:
    return {kind: set(config.get(kind) or {}) for kind in (*KINDS, "extensions")}


@pytest.mark.parametrize("settings", SETTINGS)
def test_every_component_is_defined_and_used(settings: CollectorSettings) -> None:
    config = final_config(settings)
    assert referenced(config) == defined(config)
    for name, pipeline in config["service"]["pipelines"].items():
        assert all(pipeline.get(kind) for kind in KINDS), f"pipeline {name} lacks a receiver, processor or exporter"


@pytest.mark.parametrize("settings", SETTINGS)
def test_chart_defaults_corridor_does_not_use_are_removed(settings: CollectorSettings) -> None:
    config = final_config(settings)
    assert set(config["service"]["pipelines"]) == {"metrics", "metrics/gpu"}
    assert not {"jaeger", "zipkin", "otlp"} & set(config["receivers"])  # nothing listens for pushes
    assert "debug" not in config["exporters"]
    assert "batch" not in config["processors"]
    values = helm_values(settings)
    assert [name for name, port in values["ports"].items() if port["enabled"]] == []  # no host port on any node
    assert "health_check" in config["extensions"]  # templates/NOTES.txt fails without it


@pytest.mark.parametrize("settings", SETTINGS)
def test_memory_limiter_is_first_in_every_pipeline(settings: CollectorSettings) -> None:
    for name, pipeline in final_config(settings)["service"]["pipelines"].items():
        assert pipeline["processors"][0] == "memory_limiter", name


@pytest.mark.parametrize("settings", SETTINGS)
def test_node_attributes_come_from_the_node(settings: CollectorSettings) -> None:
    config = final_config(settings)
    processors = config["processors"]
    assert processors["resource/node"]["attributes"] == [
        {"key": "k8s.node.name", "value": "${env:K8S_NODE_NAME}", "action": "upsert"}
    ]
    from_node = {
        rule["tag_name"]: rule["key"]
        for rule in processors["k8s_attributes"]["extract"]["labels"]
        if rule["from"] == "node"
    }
    assert from_node == {
        "cloud.availability_zone": "topology.kubernetes.io/zone",
        "host.type": "node.kubernetes.io/instance-type",
        "corridor.accelerator": ACCELERATOR_LABEL,
        "corridor.capacity": CAPACITY_LABEL,
        "corridor.pool": POOL_LABEL,
    }
    # k8s_attributes finds the node by the k8s.node.name set just before it, for data with no pod.
    for pipeline in config["service"]["pipelines"].values():
        steps = pipeline["processors"]
        assert steps.index("resource/node") < steps.index("k8s_attributes") < steps.index("resource/stack")
    # K8S_NODE_NAME is set by the chart when kubeletMetrics is on (templates/_pod.tpl).
    assert helm_values(settings)["presets"]["kubeletMetrics"]["enabled"]
    # The node filter the preset sets reads the same variable.
    assert processors["k8s_attributes"]["filter"] == {"node_from_env_var": "K8S_NODE_NAME"}


@pytest.mark.parametrize("settings", SETTINGS)
def test_stack_attributes_are_upserted_on_every_metric(settings: CollectorSettings) -> None:
    config = final_config(settings)
    upserts = {
        a["key"]: a["value"] for a in config["processors"]["resource/stack"]["attributes"] if a["action"] == "upsert"
    }
    assert upserts == ATTRIBUTES
    assert all("resource/stack" in pipeline["processors"] for pipeline in config["service"]["pipelines"].values())


@pytest.mark.parametrize("settings", SETTINGS)
def test_dcgm_is_scraped_on_its_own_node_with_pod_attribution(settings: CollectorSettings) -> None:
    config = final_config(settings)
    [job] = config["receivers"]["prometheus/dcgm"]["config"]["scrape_configs"]
    [discovery] = job["kubernetes_sd_configs"]
    assert discovery["role"] == "pod"
    assert discovery["selectors"] == [{"role": "pod", "field": "spec.nodeName=${env:K8S_NODE_NAME}"}]
    kept = {rule["source_labels"][0]: rule["regex"] for rule in job["relabel_configs"] if rule["action"] == "keep"}
    assert kept["__meta_kubernetes_pod_container_port_number"] == str(settings.dcgm_port)
    assert kept["__meta_kubernetes_pod_label_app_kubernetes_io_name"] == "dcgm-exporter"
    gpu = config["service"]["pipelines"]["metrics/gpu"]
    assert gpu["receivers"] == ["prometheus/dcgm"]
    assert gpu["processors"][1:3] == ["groupbyattrs/gpu_pod", "resource/gpu_pod"]
    moved = {
        a["from_attribute"]: a["key"]
        for a in config["processors"]["resource/gpu_pod"]["attributes"]
        if a["action"] == "insert"
    }
    assert moved == {"pod": "k8s.pod.name", "namespace": "k8s.namespace.name", "container": "k8s.container.name"}
    association = [
        [s["name"] for s in rule["sources"]] for rule in config["processors"]["k8s_attributes"]["pod_association"]
    ]
    assert ["k8s.pod.name", "k8s.namespace.name"] in association
    team = [r for r in config["processors"]["k8s_attributes"]["extract"]["labels"] if r["from"] == "pod"]
    assert team == [{"tag_name": "k8s.pod.label.corridor.dev/team", "key": "corridor.dev/team", "from": "pod"}]


def test_rbac_covers_pod_discovery_and_node_labels() -> None:
    rules = helm_values(GRPC)["clusterRole"]["rules"]
    granted = {
        (resource, verb)
        for rule in rules
        if rule["apiGroups"] == [""]
        for resource in rule["resources"]
        for verb in rule["verbs"]
    }
    assert {(r, v) for r in ("pods", "nodes") for v in ("get", "list", "watch")} <= granted


# --- headers, export, buffer ---------------------------------------------------------------------------------

ENV_REF = re.compile(r"\$\{env:([A-Za-z_][A-Za-z0-9_]*)\}")


def exporter_of(config: Mapping[str, Any], settings: CollectorSettings) -> dict[str, Any]:
    return config["exporters"][EXPORTERS[settings.protocol]]


def test_headers_are_only_environment_references_to_the_secret() -> None:
    values = helm_values(GRPC)
    headers = exporter_of(values["config"], GRPC)["headers"]
    assert set(headers) == set(GRPC.header_names)
    env = {entry["name"]: entry for entry in values["extraEnvs"]}
    for header, reference in headers.items():
        match = ENV_REF.fullmatch(reference)
        assert match, f"header {header} is not a ${{env:...}} reference: {reference!r}"
        entry = env[match.group(1)]
        assert "value" not in entry
        assert entry["valueFrom"] == {"secretKeyRef": {"name": GRPC.headers_secret, "key": header}}
    assert header_env_var("x-api-key") == "OTLP_HEADER_X_API_KEY"


def test_no_headers_no_secret() -> None:
    values = helm_values(HTTP)
    assert "headers" not in exporter_of(values["config"], HTTP)
    assert values["extraEnvs"] == []


@pytest.mark.parametrize("settings", SETTINGS)
def test_export_is_tls_to_the_endpoint(settings: CollectorSettings) -> None:
    exporter = exporter_of(final_config(settings), settings)
    assert exporter["tls"] == {"insecure": False}
    if settings.protocol == "grpc":
        assert exporter["endpoint"] == "otlp.example.com:4317"
    else:
        assert exporter["endpoint"] == "https://otlp.example.com/base"


def test_grpc_endpoint_without_port_means_443() -> None:
    settings = replace(GRPC, otlp_endpoint="https://otlp.example.com")
    assert exporter_of(collector_config(settings), settings)["endpoint"] == "otlp.example.com:443"


def minutes(duration: str) -> float:
    match = re.fullmatch(r"(\d+)([smh])", duration)
    assert match, duration
    return int(match.group(1)) * {"s": 1 / 60, "m": 1, "h": 60}[match.group(2)]


@pytest.mark.parametrize("settings", SETTINGS)
def test_retry_outlasts_the_buffer_and_the_queue_is_bounded_on_disk(settings: CollectorSettings) -> None:
    values = helm_values(settings)
    config = apply_presets(values)
    exporter = exporter_of(config, settings)
    retry, queue = exporter["retry_on_failure"], exporter["sending_queue"]
    assert retry["enabled"] is True
    assert settings.buffer_minutes + minutes(retry["max_interval"]) * 1.5 <= minutes(retry["max_elapsed_time"])
    assert queue["enabled"] is True
    assert queue["block_on_overflow"] is False
    assert queue["sizer"] == "bytes"
    assert (
        queue["queue_size"]
        == queue_bytes(settings.buffer_minutes)
        == settings.buffer_minutes * QUEUE_BYTES_PER_BUFFER_MINUTE
    )
    # The queue lives in file_storage, on a hostPath directory that outlives the pod.
    storage = queue["storage"]
    assert storage in config["extensions"]
    assert storage in config["service"]["extensions"]
    assert config["extensions"][storage]["directory"] == QUEUE_DIR
    volumes = {v["name"]: v for v in values["extraVolumes"]}
    [mount] = [m for m in values["extraVolumeMounts"] if m["mountPath"] == QUEUE_DIR]
    assert volumes[mount["name"]]["hostPath"]["path"] == QUEUE_DIR


def test_thirty_minutes_is_120_mib() -> None:
    assert queue_bytes(30) == 120 * 1024 * 1024


# --- scheduling and resources --------------------------------------------------------------------------------


def test_runs_on_gpu_nodes_with_priority() -> None:
    values = helm_values(GRPC)
    assert values["mode"] == "daemonset"
    assert {"key": GPU_TAINT_KEY, "operator": "Exists"} in values["tolerations"]
    assert values["priorityClassName"] == GRPC.priority_class
    assert "affinity" not in collector_values(GRPC)  # no node restriction beyond Linux
    assert collector_values(GRPC)["nodeSelector"] == {"kubernetes.io/os": "linux"}


def test_every_container_has_requests_and_limits() -> None:
    values = helm_values(GRPC)
    containers = [("collector", values["resources"])] + [(c["name"], c["resources"]) for c in values["initContainers"]]
    for name, resources in containers:
        for kind in ("requests", "limits"):
            assert {"cpu", "memory"} <= set(resources[kind]), f"{name} {kind}"
    assert values["useGOMEMLIMIT"] is True


def test_collector_runs_as_the_image_user_read_only() -> None:
    context = helm_values(GRPC)["securityContext"]
    assert context["runAsNonRoot"] is True
    assert context["readOnlyRootFilesystem"] is True
    assert context["capabilities"] == {"drop": ["ALL"]}
    assert context["allowPrivilegeEscalation"] is False


def test_image_and_command_are_the_k8s_distribution() -> None:
    values = helm_values(GRPC)
    assert (
        values["image"]["repository"]
        == "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-k8s"
    )
    assert values["command"]["name"] == "otelcol-k8s"


# --- bad settings --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"otlp_endpoint": "http://otlp.example.com:4317"}, "TLS only"),
        ({"otlp_endpoint": "https://otlp.example.com:99999"}, "otlp_endpoint"),
        ({"otlp_endpoint": "https://otlp.example.com:4317/v1"}, "cannot have a path"),
        ({"headers_secret": None}, "go together"),
        ({"header_names": ("x api key",)}, "must be a Secret key"),
        ({"header_names": ("x-api-key", "X_API_KEY")}, "collide"),
        ({"buffer_minutes": 0}, "at least 1"),
        ({"priority_class": ""}, "PriorityClass"),
        ({"resource_attributes": {**ATTRIBUTES, "k8s.node.name": "n1"}}, "per node"),
        ({"resource_attributes": {**ATTRIBUTES, "corridor.team": "${env:HOME}"}}, "without '$'"),
        ({"resource_attributes": {}}, "empty"),
    ],
)
def test_bad_settings_are_refused(change: dict[str, Any], problem: str) -> None:
    settings = replace(GRPC, **change)
    with pytest.raises(ValueError, match=re.escape(problem)):
        collector_values(settings)


def test_every_problem_is_reported_at_once() -> None:
    settings = replace(GRPC, buffer_minutes=0, priority_class="", dcgm_port=0)
    with pytest.raises(ValueError, match="buffer_minutes") as raised:
        collector_config(settings)
    assert "priority_class" in str(raised.value)
    assert "dcgm_port" in str(raised.value)
