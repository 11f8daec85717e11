"""The GPU agents' Helm values, checked against the real charts' files at the pinned versions.

None of the three charts ships a `values.schema.json`, so Helm ignores a misspelled or stale key in
silence (the exporter's `service.enabled` for `service.enable`, say, or the operator's removed
`operator.defaultRuntime`). `assert_keys_exist` walks every key corridor sets down the chart's own
`values.yaml`, read from ../shared/chart_reference (never copied into the project).
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import Any

import pytest
import yaml

from components.clouds.base import GPU_TAINT_EFFECT, GPU_TAINT_KEY, GPU_TAINT_VALUE
from components.kubernetes import gpu_agents
from components.tagging import ACCELERATOR_LABEL
from tests.conftest import CHART_REFERENCE

CHARTS = CHART_REFERENCE
PRIORITY = "corridor-agents"

FREE_FORM = frozenset(
    {"nodeSelector", "affinity", "tolerations", "resources", "securityContext", "podSecurityContext"}
    | {"annotations", "podAnnotations", "podLabels", "labels"}
)
"""Keys whose *contents* are not the chart's: Kubernetes API objects (`affinity`, `tolerations`,
`resources`, the security contexts) or user maps (`nodeSelector`, labels, annotations) that the
chart renders whole with `toYaml`. Their own key must exist; what is inside is Kubernetes' schema,
and a chart default there (`{}`, or NVIDIA's sample limits) lists no keys to check against. List
items (`arguments`, `tolerations`, `podLabelAllowlistRegex`) are exempt for the same reason: a
list replaces the chart's list whole, and the chart renders its items as given."""

DOCUMENTED_IN_COMMENT = {"dcgm-exporter": {("customMetrics",)}}
"""Keys a chart reads but ships commented out in values.yaml (as a documented example). Each is
accepted only if values.yaml has it as a commented key and a template reads `.Values.<key>`."""


@cache
def chart_values(chart: str) -> dict[str, Any]:
    return yaml.safe_load((CHARTS / chart / "values.yaml").read_text())


def kind(value: Any) -> str:
    return "map" if isinstance(value, dict) else "list" if isinstance(value, list) else "scalar"


def key_problems(ours: Mapping[str, Any], chart: str) -> list[str]:
    """Every key path in `ours` that `chart`'s values.yaml lacks, or whose kind (map, list, scalar)
    differs from the chart's default; `FREE_FORM` contents and list items are not descended into."""
    problems: list[str] = []

    def walk(mine: Mapping[str, Any], theirs: Mapping[str, Any], path: tuple[str, ...]) -> None:
        for key, value in mine.items():
            here = (*path, key)
            if key not in theirs:
                if here not in DOCUMENTED_IN_COMMENT.get(chart, set()):
                    problems.append(f"{'.'.join(here)}: not in {chart} values.yaml")
                continue
            default = theirs[key]
            if default is not None and kind(default) != kind(value):
                problems.append(f"{'.'.join(here)}: {kind(value)}, the chart's default is a {kind(default)}")
            elif key not in FREE_FORM and isinstance(value, dict):
                walk(value, default or {}, here)

    walk(ours, chart_values(chart), ())
    return problems


def every_variant() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(chart, variant, values) for every combination of the functions' flags."""
    for profiling in (True, False):
        yield (
            "dcgm-exporter",
            f"profiling={profiling}",
            gpu_agents.dcgm_exporter_values(profiling_metrics=profiling, priority_class=PRIORITY),
        )
    yield "nvidia-device-plugin", "", gpu_agents.device_plugin_values(priority_class=PRIORITY)
    for driver in (True, False):
        yield (
            "gpu-operator",
            f"install_driver={driver}",
            gpu_agents.gpu_operator_values(install_driver=driver, priority_class=PRIORITY),
        )


VARIANTS = list(every_variant())
VARIANT_IDS = [f"{chart}-{variant}".rstrip("-") for chart, variant, _ in VARIANTS]


@pytest.mark.parametrize(("chart", "variant", "values"), VARIANTS, ids=VARIANT_IDS)
def test_every_key_corridor_sets_exists_in_the_pinned_chart(chart: str, variant: str, values: dict[str, Any]) -> None:
    """Issue 12, item 4: every value's key path is in that chart's values.yaml, with the same kind."""
    assert key_problems(values, chart) == []


def test_the_key_walk_catches_what_helm_would_ignore() -> None:
    """The walk itself: a misspelt key, a removed key and a map where the chart has a scalar all fail."""
    assert key_problems({"service": {"enabled": True}}, "dcgm-exporter") == [
        "service.enabled: not in dcgm-exporter values.yaml"
    ]
    assert key_problems({"operator": {"defaultRuntime": "containerd"}}, "gpu-operator") == [
        "operator.defaultRuntime: not in gpu-operator values.yaml"
    ]
    assert key_problems({"driver": {"enabled": {"value": True}}}, "gpu-operator") == [
        "driver.enabled: map, the chart's default is a scalar"
    ]
    assert key_problems({"customMetrics": "x", "affinity": {"anything": 1}}, "dcgm-exporter") == []


@pytest.mark.parametrize("chart", sorted(DOCUMENTED_IN_COMMENT))
def test_keys_documented_in_a_comment_are_read_by_a_template(chart: str) -> None:
    """A commented-out key is accepted only where values.yaml documents it and a template reads it."""
    text = (CHARTS / chart / "values.yaml").read_text()
    templates = "".join(p.read_text() for p in (CHARTS / chart / "templates").glob("*"))
    for path in DOCUMENTED_IN_COMMENT[chart]:
        assert re.search(rf"^#\s*{re.escape(path[-1])}:", text, re.MULTILINE), path
        assert f".Values.{'.'.join(path)}" in templates, path


def test_the_pinned_versions_are_the_reference_charts() -> None:
    """The versions named in gpu_agents are the ones the reference files were taken at."""
    released = {row["chart"]: row["version"] for row in reference_charts()}
    assert released["dcgm-exporter"] == gpu_agents.DCGM_EXPORTER_CHART_VERSION
    assert released["nvidia-device-plugin"] == gpu_agents.DEVICE_PLUGIN_CHART_VERSION
    assert released["gpu-operator"] == gpu_agents.GPU_OPERATOR_CHART_VERSION


def reference_charts() -> list[dict[str, str]]:
    return json.loads((CHARTS / "charts.json").read_text())["charts"]


# --- scheduling -------------------------------------------------------------------------------------


def tolerates(tolerations: list[dict[str, str]], key: str, value: str, effect: str) -> bool:
    """Kubernetes' rule: a toleration matches a taint by key (empty key with `Exists`: every key),
    by value (`Equal`, the default operator) or any value (`Exists`), and by effect (empty: every one)."""
    for t in tolerations:
        operator = t.get("operator", "Equal")
        key_ok = t.get("key", "") == key or (not t.get("key") and operator == "Exists")
        value_ok = operator == "Exists" or t.get("value", "") == value
        if key_ok and value_ok and t.get("effect", "") in ("", effect):
            return True
    return False


def schedules_on(values: Mapping[str, Any], node_labels: Mapping[str, str]) -> bool:
    """Whether a node with `node_labels` satisfies the values' nodeSelector and required node affinity
    (terms ORed, expressions ANDed; `Exists`, `In` and `DoesNotExist` are what these charts use)."""
    if any(node_labels.get(k) != v for k, v in (values.get("nodeSelector") or {}).items()):
        return False
    required = (
        (values.get("affinity") or {}).get("nodeAffinity", {}).get("requiredDuringSchedulingIgnoredDuringExecution")
    )
    if not required:
        return True

    def holds(expression: Mapping[str, Any]) -> bool:
        key, operator = expression["key"], expression["operator"]
        if operator == "Exists":
            return key in node_labels
        if operator == "DoesNotExist":
            return key not in node_labels
        if operator == "In":
            return node_labels.get(key) in expression["values"]
        raise AssertionError(f"unexpected operator {operator}")

    return any(all(holds(e) for e in term["matchExpressions"]) for term in required["nodeSelectorTerms"])


GPU_NODES = [
    {ACCELERATOR_LABEL: "h100", "corridor.dev/pool": "train"},
    {ACCELERATOR_LABEL: "l4", "corridor.dev/pool": "serve"},
]
CPU_NODES = [
    {"corridor.dev/pool": "system", "corridor.dev/role": "system"},
    {"nvidia.com/gpu.present": "true"},  # a GPU label corridor does not set is not corridor's selection
    {"feature.node.kubernetes.io/pci-10de.present": "true"},
    {"node-role.kubernetes.io/control-plane": ""},
]

GPU_AGENTS = {
    "dcgm-exporter": gpu_agents.dcgm_exporter_values(profiling_metrics=True, priority_class=PRIORITY),
    "nvidia-device-plugin": gpu_agents.device_plugin_values(priority_class=PRIORITY),
}


@pytest.mark.parametrize("chart", sorted(GPU_AGENTS))
def test_gpu_agents_run_on_every_gpu_node_and_nowhere_else(chart: str) -> None:
    """DCGM and the device plugin: on any node with a corridor accelerator label, whatever its value,
    and on no other node; the chart's NFD-label affinity is replaced, not merged."""
    values = GPU_AGENTS[chart]
    assert all(schedules_on(values, node) for node in GPU_NODES)
    assert not any(schedules_on(values, node) for node in CPU_NODES)
    terms = values["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"]
    assert terms == [{"matchExpressions": [{"key": ACCELERATOR_LABEL, "operator": "Exists"}]}]
    assert "nodeSelector" not in values


def test_without_corridors_affinity_the_device_plugin_would_run_nowhere() -> None:
    """Why the device plugin's affinity is overridden: the chart's default needs NFD labels."""
    default = chart_values("nvidia-device-plugin")
    assert not any(schedules_on(default, node) for node in GPU_NODES)


@pytest.mark.parametrize("chart", sorted(GPU_AGENTS))
def test_gpu_agents_tolerate_the_gpu_taint_and_nothing_broader(chart: str) -> None:
    tolerations = GPU_AGENTS[chart]["tolerations"]
    assert tolerates(tolerations, GPU_TAINT_KEY, GPU_TAINT_VALUE, GPU_TAINT_EFFECT)
    assert tolerates(tolerations, GPU_TAINT_KEY, "any-value-a-cloud-sets", GPU_TAINT_EFFECT)
    assert not tolerates(tolerations, "node-role.kubernetes.io/control-plane", "", "NoSchedule")
    assert not tolerates(tolerations, GPU_TAINT_KEY, GPU_TAINT_VALUE, "NoExecute")


def test_extra_tolerations_are_added_after_the_gpu_taint() -> None:
    """A cloud's own taint on GPU nodes (a spot taint, say) is tolerated by every GPU agent."""
    spot = {"key": "example.com/spot", "operator": "Equal", "value": "spot", "effect": "NoSchedule"}
    for values in (
        gpu_agents.dcgm_exporter_values(profiling_metrics=False, priority_class=PRIORITY, extra_tolerations=[spot]),
        gpu_agents.device_plugin_values(priority_class=PRIORITY, extra_tolerations=[spot]),
        gpu_agents.gpu_operator_values(install_driver=False, priority_class=PRIORITY, extra_tolerations=[spot])[
            "daemonsets"
        ],
    ):
        assert tolerates(values["tolerations"], "example.com/spot", "spot", "NoSchedule")
        assert tolerates(values["tolerations"], GPU_TAINT_KEY, GPU_TAINT_VALUE, GPU_TAINT_EFFECT)


@pytest.mark.parametrize(("chart", "variant", "values"), VARIANTS, ids=VARIANT_IDS)
def test_every_priority_class_corridor_sets_is_the_given_one(chart: str, variant: str, values: dict[str, Any]) -> None:
    """No pod keeps the charts' `system-node-critical` default, nor an empty class."""
    found = dict(find_key(values, "priorityClassName"))
    assert found, chart
    assert set(found.values()) == {PRIORITY}
    expected = {
        "dcgm-exporter": {"priorityClassName"},
        "nvidia-device-plugin": {"priorityClassName"},
        "gpu-operator": {
            "daemonsets.priorityClassName",
            "operator.priorityClassName",
            "node-feature-discovery.priorityClassName",
        },
    }[chart]
    assert set(found) == expected


def test_an_empty_priority_class_is_refused() -> None:
    with pytest.raises(ValueError, match="PriorityClass"):
        gpu_agents.dcgm_exporter_values(profiling_metrics=True, priority_class="")
    with pytest.raises(ValueError, match="PriorityClass"):
        gpu_agents.device_plugin_values(priority_class="")
    with pytest.raises(ValueError, match="PriorityClass"):
        gpu_agents.gpu_operator_values(install_driver=True, priority_class="")


# --- DCGM privileges and metrics ------------------------------------------------------------------


def dcgm(*, profiling: bool) -> dict[str, Any]:
    return gpu_agents.dcgm_exporter_values(profiling_metrics=profiling, priority_class=PRIORITY)


@pytest.mark.parametrize("profiling", [True, False])
def test_sys_admin_is_granted_iff_profiling(profiling: bool) -> None:
    """Reliability O4: SYS_ADMIN only for profiling metrics, every other capability dropped, no
    privilege escalation, never privileged; the list replaces the chart's `add: [SYS_ADMIN]` whole."""
    context = dcgm(profiling=profiling)["securityContext"]
    assert context["capabilities"] == {"add": ["SYS_ADMIN"] if profiling else [], "drop": ["ALL"]}
    assert context["allowPrivilegeEscalation"] is False
    assert not context.get("privileged", False)


def metric_rows(counters_csv: str) -> list[list[str]]:
    """The CSV as dcgm-exporter reads it (Go encoding/csv, `#` comments, fields trimmed)."""
    lines = [line for line in counters_csv.splitlines() if line.strip() and not line.startswith("#")]
    return [[cell.strip(" ") for cell in row] for row in csv.reader(io.StringIO("\n".join(lines)))]


def test_with_profiling_off_no_profiling_field_is_shipped() -> None:
    shipped = dcgm(profiling=False)["customMetrics"]
    fields = {row[0] for row in metric_rows(shipped)}
    assert fields
    assert not {f for f in fields if f.startswith("DCGM_FI_PROF_")}
    assert "DCGM_FI_PROF_" not in "\n".join(line for line in shipped.splitlines() if not line.startswith("#"))


def test_with_profiling_on_the_charts_profiling_fields_are_shipped() -> None:
    fields = [row[0] for row in metric_rows(dcgm(profiling=True)["customMetrics"])]
    assert [f for f in fields if f.startswith("DCGM_FI_PROF_")] == list(gpu_agents.PROFILING_FIELDS)


def chart_default_fields() -> list[str]:
    """The fields of the list built into the chart's ConfigMap template (used when customMetrics is unset)."""
    template = (CHARTS / "dcgm-exporter" / "templates" / "metrics-configmap.yaml").read_text()
    default_block = template.split("{{- else }}", 1)[1].split("{{- end }}", 1)[0]
    body = "\n".join(line.strip() for line in default_block.splitlines() if line.strip().startswith("DCGM_FI_"))
    return [row[0] for row in metric_rows(body)]


def test_profiling_off_loses_exactly_the_profiling_fields_of_the_charts_list() -> None:
    """corridor ships the chart's own field list: all of it with profiling on, all but the
    `DCGM_FI_PROF_*` fields (the documented `PROFILING_FIELDS`) with it off."""
    chart = chart_default_fields()
    on = [row[0] for row in metric_rows(dcgm(profiling=True)["customMetrics"])]
    off = [row[0] for row in metric_rows(dcgm(profiling=False)["customMetrics"])]
    assert on == chart
    assert [f for f in chart if f not in off] == list(gpu_agents.PROFILING_FIELDS)


@pytest.mark.parametrize("profiling", [True, False])
def test_the_counters_csv_parses_as_dcgm_exporter_reads_it(profiling: bool) -> None:
    """Exactly three fields a row (the exporter rejects any other count), a Prometheus type it knows,
    no quote (Go's csv reader rejects a bare one)."""
    shipped = dcgm(profiling=profiling)["customMetrics"]
    assert '"' not in shipped
    for row in metric_rows(shipped):
        assert len(row) == 3, row
        assert row[1] in {"gauge", "counter"}, row


def test_the_exporter_reads_the_csv_corridor_ships() -> None:
    """`-f` names the path where the chart's default volume mount puts the `customMetrics` ConfigMap key,
    and corridor leaves those mounts at the chart's default."""
    values = dcgm(profiling=False)
    chart = chart_values("dcgm-exporter")
    assert values["arguments"] == ["-f", chart["extraVolumeMounts"][0]["mountPath"]]
    assert "extraVolumeMounts" not in values
    assert "extraConfigMapVolumes" not in values
    assert chart["extraConfigMapVolumes"][0]["configMap"]["name"] == "exporter-metrics-config-map"


# --- pod attribution and scraping -----------------------------------------------------------------


def test_pod_attribution_admits_the_team_label_key_only() -> None:
    """Pod labels on, limited to the team label: the regex is matched against label keys, unanchored
    in Go, so it is anchored; never an empty list, which would admit every label."""
    kubernetes = dcgm(profiling=True)["kubernetes"]
    assert kubernetes["enablePodLabels"] is True
    assert kubernetes["rbac"] == {"create": True}
    patterns = kubernetes["podLabelAllowlistRegex"]
    assert patterns
    assert all("," not in p for p in patterns)

    def admitted(key: str) -> bool:
        return any(re.search(p, key) for p in patterns)

    assert admitted("corridor.dev/team")
    for other in ("corridor.dev/teams", "xcorridor.dev/team", "corridorXdev/team", "app", "corridor.dev/pool"):
        assert not admitted(other), other


def test_a_custom_team_label_is_escaped_and_a_bad_one_refused() -> None:
    values = gpu_agents.dcgm_exporter_values(
        profiling_metrics=False, priority_class=PRIORITY, team_label="acme.io/team"
    )
    assert values["kubernetes"]["podLabelAllowlistRegex"] == [r"^acme\.io/team$"]
    for bad in ("", "team,owner", "a b", "/team", "Acme.io/team"):
        with pytest.raises(ValueError, match="label key"):
            gpu_agents.dcgm_exporter_values(profiling_metrics=False, priority_class=PRIORITY, team_label=bad)


def test_metrics_port_is_known_and_no_service_monitor_is_made() -> None:
    values = dcgm(profiling=True)
    assert values["service"]["port"] == gpu_agents.DCGM_METRICS_PORT == 9400
    assert values["service"]["enable"] is True
    assert values["serviceMonitor"] == {"enabled": False}
    # The chart's listen address already matches the port corridor scrapes.
    assert chart_values("dcgm-exporter")["service"]["address"] == f":{gpu_agents.DCGM_METRICS_PORT}"


# --- requests and limits --------------------------------------------------------------------------


def find_key(tree: Any, name: str, path: str = "") -> Iterator[tuple[str, Any]]:
    """(dotted path, value) of every `name` key in `tree`."""
    if isinstance(tree, dict):
        for key, value in tree.items():
            here = f"{path}.{key}" if path else key
            if key == name:
                yield here, value
            yield from find_key(value, name, here)


EXPECTED_RESOURCES = {
    "dcgm-exporter": {"resources"},
    "nvidia-device-plugin": {"resources"},
    "gpu-operator": {
        f"{component}.resources"
        for component in ("operator", "toolkit", "devicePlugin", "gfd", "migManager", "validator")
    },
}


@pytest.mark.parametrize(("chart", "variant", "values"), VARIANTS, ids=VARIANT_IDS)
def test_requests_and_limits_on_every_container_corridor_configures(
    chart: str, variant: str, values: dict[str, Any]
) -> None:
    """Reliability O5: CPU and memory requests and limits, limits no lower than requests, memory
    request = limit (the agent is never above its request, so never first evicted)."""
    found = dict(find_key(values, "resources"))
    expected = set(EXPECTED_RESOURCES[chart])
    if variant == "install_driver=True":
        expected.add("driver.resources")
    assert set(found) == expected
    for path, resources in found.items():
        for side in ("requests", "limits"):
            assert set(resources[side]) == {"cpu", "memory"}, (path, side)
        assert cpu(resources["limits"]["cpu"]) >= cpu(resources["requests"]["cpu"]), path
        assert memory(resources["limits"]["memory"]) >= memory(resources["requests"]["memory"]), path


def cpu(quantity: str) -> float:
    return float(quantity[:-1]) / 1000 if quantity.endswith("m") else float(quantity)


def memory(quantity: str) -> int:
    units = {"Ki": 2**10, "Mi": 2**20, "Gi": 2**30}
    return int(quantity[:-2]) * units[quantity[-2:]]


# --- device plugin --------------------------------------------------------------------------------


def test_the_device_plugin_deploys_neither_nfd_nor_gfd() -> None:
    """`gfd.enabled: false` turns both off: the NFD dependency's condition falls back to it because
    values.yaml has no `nfd.enabled` (Helm uses the first condition path present in the values)."""
    values = gpu_agents.device_plugin_values(priority_class=PRIORITY)
    assert values["gfd"] == {"enabled": False}
    assert values["devicePlugin"] == {"enabled": True}
    assert "enabled" not in chart_values("nvidia-device-plugin")["nfd"]
    chart = yaml.safe_load((CHARTS / "nvidia-device-plugin" / "Chart.yaml").read_text())
    (nfd,) = [d for d in chart["dependencies"] if d.get("alias") == "nfd"]
    assert nfd["condition"] == "nfd.enabled,gfd.enabled"


def test_the_device_plugin_keeps_the_charts_unprivileged_context() -> None:
    """With `securityContext` empty and no MIG strategy or config, the chart renders
    `allowPrivilegeEscalation: false` and drops ALL; corridor sets none of the inputs that change it."""
    values = gpu_agents.device_plugin_values(priority_class=PRIORITY)
    for key in ("securityContext", "migStrategy", "compatWithCPUManager", "deviceListStrategy", "config"):
        assert key not in values
    assert chart_values("nvidia-device-plugin")["securityContext"] == {}


# --- GPU operator ---------------------------------------------------------------------------------


@pytest.mark.parametrize("install_driver", [True, False])
def test_the_operator_driver_follows_install_driver(install_driver: bool) -> None:
    values = gpu_agents.gpu_operator_values(install_driver=install_driver, priority_class=PRIORITY)
    assert values["driver"]["enabled"] is install_driver
    assert values["toolkit"]["enabled"] is True
    assert values["devicePlugin"]["enabled"] is True


@pytest.mark.parametrize("install_driver", [True, False])
def test_no_dcgm_exporter_runs_inside_the_operator(install_driver: bool) -> None:
    """corridor runs the standalone exporter chart; the operator's own exporter (on by default) and
    its ServiceMonitor are off, and so is the standalone hostengine."""
    values = gpu_agents.gpu_operator_values(install_driver=install_driver, priority_class=PRIORITY)
    assert values["dcgmExporter"]["enabled"] is False
    assert values["dcgmExporter"]["serviceMonitor"] == {"enabled": False}
    assert values["dcgm"] == {"enabled": False}
    assert chart_values("gpu-operator")["dcgmExporter"]["enabled"] is True  # why it must be set


def test_the_operator_operands_tolerate_the_gpu_taint() -> None:
    values = gpu_agents.gpu_operator_values(install_driver=False, priority_class=PRIORITY)
    assert tolerates(values["daemonsets"]["tolerations"], GPU_TAINT_KEY, GPU_TAINT_VALUE, GPU_TAINT_EFFECT)


# --- purity ---------------------------------------------------------------------------------------


def test_each_call_returns_a_fresh_dict() -> None:
    """The caller may edit what it gets without changing the next call's values."""
    first = gpu_agents.dcgm_exporter_values(profiling_metrics=True, priority_class=PRIORITY)
    first["tolerations"].append({"key": "x"})
    first["affinity"]["nodeAffinity"].clear()
    first["securityContext"]["capabilities"]["add"].append("NET_ADMIN")
    first["resources"]["limits"]["memory"] = "1Ti"
    second = gpu_agents.dcgm_exporter_values(profiling_metrics=True, priority_class=PRIORITY)
    assert second == GPU_AGENTS["dcgm-exporter"]
