"""Helm values for corridor's GPU agents: the DCGM exporter, the NVIDIA device plugin and the GPU Operator.

Pure functions: plain arguments in, a fresh plain dict out, no Pulumi resource and no Output, so the
tests can walk every value against the pinned chart's own `values.yaml` (none of these charts ships a
`values.schema.json`, so Helm silently ignores a misspelled key; tests/unit/test_gpu_agent_values.py is
the only guard). `ObservabilityAgents` passes each dict as a `kubernetes.helm.v3.Release`'s `values`.

Pinned charts (the files read are under `../shared/chart_reference/<chart>/`):

- `dcgm-exporter` 4.8.2, from NVIDIA/dcgm-exporter tag `4.5.3-4.8.2`, `deployment/values.yaml`;
- `nvidia-device-plugin` 0.20.0, from NVIDIA/k8s-device-plugin tag `v0.20.0`,
  `deployments/helm/nvidia-device-plugin/values.yaml`;
- `gpu-operator` v26.7.0, from NVIDIA/gpu-operator tag `v26.7.0`, `deployments/gpu-operator/values.yaml`.

Two Helm facts shape every value here: user values are deep-merged into the chart's defaults, but
only maps merge, a list replaces the chart's list whole (so `tolerations`, `capabilities.add` and the
affinity's `nodeSelectorTerms` below replace NVIDIA's defaults rather than adding to them); and each
function returns a new dict on every call, so a caller may edit what it gets.

Scheduling, the same for every agent that must sit on GPU nodes: a *required* node affinity on the
label `corridor.dev/accelerator` with operator `Exists`, and a toleration of the GPU taint
`nvidia.com/gpu` with operator `Exists`, effect `NoSchedule`. `Exists` rather than a fixed value on
both: the label's value is the accelerator (`h100`, `l4`, ...) and differs from pool to pool, so a
`nodeSelector` (equality only) would need one release per accelerator and miss the next one added,
while `Exists` matches every GPU pool and no CPU node; and the taint's value (`present` on corridor's
own pools) is set by clouds that taint GPU nodes themselves, so tolerating the key whatever its value
keeps the agents on every GPU node. Each function also takes `extra_tolerations` for a cloud whose
GPU nodes carry a further taint of its own (a spot taint, for instance): the profile names it, the
agents tolerate it, and no cloud is named here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from components.clouds.base import GPU_TAINT_EFFECT, GPU_TAINT_KEY
from components.definition.identity import LABEL_KEY
from components.tagging import ACCELERATOR_LABEL, LABEL_PREFIX

DCGM_EXPORTER_CHART_VERSION = "4.8.2"
DEVICE_PLUGIN_CHART_VERSION = "0.20.0"
GPU_OPERATOR_CHART_VERSION = "v26.7.0"
"""The versions these values were checked against; `components/kubernetes/charts.py` pins the releases."""

DCGM_METRICS_PORT = 9400
"""The exporter's Prometheus port: container port `metrics` and Service port, both from `service.port`
(dcgm-exporter `values.yaml` `service.port: 9400`; `templates/daemonset.yaml` names the container port
`metrics`). The collector scrapes `http://<pod IP>:9400/metrics` on its own node."""

DCGM_METRICS_PORT_NAME = "metrics"
"""The container port's name in the exporter pod, for a scrape config that selects the port by name."""

POD_ATTRIBUTION_VALUES = "kubernetes"
"""The dcgm-exporter chart's values section for pod attribution (values.yaml `kubernetes:`)."""

DEFAULT_TEAM_LABEL = f"{LABEL_PREFIX}team"
"""The pod label that names the team a GPU is billed to (`tagging.kubernetes_labels` of the `team` tag)."""

_LABEL_KEY = re.compile(LABEL_KEY)

# --- DCGM metrics ----------------------------------------------------------------------------------
# corridor ships its own counters CSV through the chart's `customMetrics` value, which
# `templates/metrics-configmap.yaml` writes into ConfigMap `exporter-metrics-config-map` (key `metrics`);
# the chart's default `extraConfigMapVolumes` + `extraVolumeMounts` mount that key over
# `/etc/dcgm-exporter/default-counters.csv`, the file the default `arguments` (`-f ...`) read. Every CSV
# built into the image (`etc/*.csv`) watches `DCGM_FI_PROF_*` fields, so without a CSV of our own the
# exporter asks for profiling fields whatever its privileges. `customMetrics` is not additive: it is
# the whole list. Owning the list also keeps the metrics fixed across chart upgrades.
# Format (values.yaml `customMetrics` comment): `DCGM FIELD, Prometheus metric type, help message`.
# The fields are those of the chart's built-in list (`templates/metrics-configmap.yaml`, 4.8.2).
_COUNTERS = """\
# DCGM field, Prometheus metric type, help message (corridor's list; chart dcgm-exporter 4.8.2)
DCGM_FI_DEV_SM_CLOCK, gauge, SM clock frequency (in MHz).
DCGM_FI_DEV_MEM_CLOCK, gauge, Memory clock frequency (in MHz).
DCGM_FI_DEV_MEMORY_TEMP, gauge, Memory temperature (in C).
DCGM_FI_DEV_GPU_TEMP, gauge, GPU temperature (in C).
DCGM_FI_DEV_POWER_USAGE, gauge, Power draw (in W).
DCGM_FI_DEV_TOTAL_ENERGY_CONSUMPTION, counter, Total energy consumption since boot (in mJ).
DCGM_FI_DEV_PCIE_REPLAY_COUNTER, counter, Total number of PCIe retries.
DCGM_FI_DEV_GPU_UTIL, gauge, GPU utilization (in %).
DCGM_FI_DEV_MEM_COPY_UTIL, gauge, Memory utilization (in %).
DCGM_FI_DEV_ENC_UTIL, gauge, Encoder utilization (in %).
DCGM_FI_DEV_DEC_UTIL, gauge, Decoder utilization (in %).
DCGM_FI_DEV_XID_ERRORS, gauge, Value of the last XID error encountered.
DCGM_FI_DEV_FB_FREE, gauge, Framebuffer memory free (in MiB).
DCGM_FI_DEV_FB_USED, gauge, Framebuffer memory used (in MiB).
DCGM_FI_DEV_NVLINK_BANDWIDTH_TOTAL, counter, Total number of NVLink bandwidth counters for all lanes.
DCGM_FI_DEV_VGPU_LICENSE_STATUS, gauge, vGPU License status
DCGM_FI_DEV_UNCORRECTABLE_REMAPPED_ROWS, counter, Number of remapped rows for uncorrectable errors
DCGM_FI_DEV_CORRECTABLE_REMAPPED_ROWS, counter, Number of remapped rows for correctable errors
DCGM_FI_DEV_ROW_REMAP_FAILURE, gauge, Whether remapping of rows has failed
"""

_PROFILING_COUNTERS = """\
# Profiling (DCP) fields: need CAP_SYS_ADMIN and root (profilingMetrics on)
DCGM_FI_PROF_GR_ENGINE_ACTIVE, gauge, Ratio of time the graphics engine is active.
DCGM_FI_PROF_PIPE_TENSOR_ACTIVE, gauge, Ratio of cycles the tensor (HMMA) pipe is active.
DCGM_FI_PROF_DRAM_ACTIVE, gauge, Ratio of cycles the device memory interface is active sending or receiving data.
DCGM_FI_PROF_PCIE_TX_BYTES, gauge, The rate of data transmitted over the PCIe bus (headers and payload) in bytes/s.
DCGM_FI_PROF_PCIE_RX_BYTES, gauge, The rate of data received over the PCIe bus (headers and payload) in bytes/s.
"""

PROFILING_FIELDS = (
    "DCGM_FI_PROF_GR_ENGINE_ACTIVE",
    "DCGM_FI_PROF_PIPE_TENSOR_ACTIVE",
    "DCGM_FI_PROF_DRAM_ACTIVE",
    "DCGM_FI_PROF_PCIE_TX_BYTES",
    "DCGM_FI_PROF_PCIE_RX_BYTES",
)
"""What `profilingMetrics: false` loses, the chart's whole profiling set: graphics-engine activity (the
fraction of time any kernel runs, a truer "busy" than `DCGM_FI_DEV_GPU_UTIL`), tensor-core activity
(whether a job really uses the tensor cores it pays for), device-memory bandwidth activity, and PCIe
transmit/receive rates. Every `DCGM_FI_DEV_*` field stays: utilisation, framebuffer used/free, clocks,
temperatures, power and energy (cost per GPU-hour), XID errors, remapped rows, NVLink bandwidth."""


def dcgm_counters_csv(*, profiling_metrics: bool) -> str:
    """The counters CSV corridor ships to the exporter: every device field of the chart's default list,
    plus its `DCGM_FI_PROF_*` fields only when `profiling_metrics` is on."""
    return _COUNTERS + _PROFILING_COUNTERS if profiling_metrics else _COUNTERS


GPU_NODES_CORRIDOR_CREATES: list[dict[str, Any]] = [
    {"matchExpressions": [{"key": ACCELERATOR_LABEL, "operator": "Exists"}]}
]
"""The node-selector terms of every GPU node corridor creates: `corridor.dev/accelerator` exists (why
`Exists`: module docstring). One term, so it replaces the chart's list of terms whole (the device
plugin's default has three)."""


def _gpu_node_affinity(terms: Sequence[Mapping[str, Any]] | None) -> dict[str, Any]:
    """A required node affinity on `terms` (any one matching), by default `GPU_NODES_CORRIDOR_CREATES`;
    a cluster corridor did not create names its GPU nodes by the stack's selectors instead."""
    chosen = GPU_NODES_CORRIDOR_CREATES if terms is None else terms
    if not chosen:
        raise ValueError("no GPU node terms: a cluster without GPU pools gets no GPU agent")
    return {
        "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [dict(t) for t in chosen]}
        }
    }


def _gpu_tolerations(extra: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    """The GPU taint's toleration (any value of `nvidia.com/gpu`, `NoSchedule`), then `extra`."""
    return [{"key": GPU_TAINT_KEY, "operator": "Exists", "effect": GPU_TAINT_EFFECT}, *(dict(t) for t in extra)]


def _resources(cpu_request: str, memory: str, cpu_limit: str, memory_limit: str | None = None) -> dict[str, Any]:
    """Requests and limits. Memory request = limit unless stated: kubelet evicts first, under memory
    pressure, the pods using more than they requested, so an agent that never exceeds its request is
    evicted after the workloads; the limit caps a leak. CPU limit above request: bursts (start-up,
    a scrape) are throttled, never killed."""
    return {
        "requests": {"cpu": cpu_request, "memory": memory},
        "limits": {"cpu": cpu_limit, "memory": memory_limit or memory},
    }


def _check(priority_class: str) -> None:
    if not priority_class:
        # An empty `priorityClassName` makes every chart here drop the field: the pods would get the
        # cluster's default priority and be preempted by any GPU job.
        raise ValueError("priority_class must name a PriorityClass")


def pod_label_allowlist_regex(label_key: str) -> str:
    """The exporter's allowlist pattern for exactly `label_key`.

    dcgm-exporter matches each pattern against a pod label's *key* (not its value) with Go's
    `regexp.MatchString`, which is unanchored, so the pattern is anchored at both ends; a key may
    contain `.` (the only regex metacharacter a label key can hold), escaped here. The chart joins the
    list with `,` into `DCGM_EXPORTER_KUBERNETES_POD_LABEL_ALLOWLIST_REGEX`, split again on `,`, so a
    pattern may hold no comma (none can: a label key has none). An allowed key reaches the metric with
    every character outside `[a-zA-Z0-9_]` replaced by `_`: `corridor.dev/team` becomes
    `corridor_dev_team`. Source, tag 4.5.3-4.8.2: `internal/pkg/transformation/kubernetes.go`
    (`shouldIncludeLabel`, `createPodInfo`), `internal/pkg/utils/utils.go` (`SanitizeLabelName`),
    `deployment/templates/daemonset.yaml` (the env var).
    """
    if not _LABEL_KEY.fullmatch(label_key):
        raise ValueError(f"{label_key!r} is not a Kubernetes label key")
    return "^" + label_key.replace(".", r"\.") + "$"


def dcgm_exporter_values(
    *,
    profiling_metrics: bool,
    priority_class: str,
    team_label: str = DEFAULT_TEAM_LABEL,
    extra_tolerations: Sequence[Mapping[str, str]] = (),
    gpu_node_terms: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """Values for the `dcgm-exporter` chart 4.8.2: GPU nodes only, pod attribution on, no ServiceMonitor.

    GPU nodes are those matching `gpu_node_terms` (default: every node corridor's GPU pools create).

    A GPU metric then carries the labels `pod`, `namespace` and `container` of the pod holding the GPU
    (from the kubelet's pod-resources socket) and the pod's team label, renamed `corridor_dev_team`
    (see `pod_label_allowlist_regex`). Privileges follow `profiling_metrics` (reliability O4):

    - on: the chart's own context, root with `SYS_ADMIN` and every other capability dropped; DCGM needs
      both for the `DCGM_FI_PROF_*` fields (values.yaml: "Required for profiling metrics"; the image's
      Dockerfile: "Profiling metrics require: root + --cap-add SYS_ADMIN").
    - off: no capability at all (`add: []`, `drop: [ALL]`) and a CSV without profiling fields, so DCGM
      never asks for them (with them and no `SYS_ADMIN` the exporter fails to watch its fields).
      The user stays 0, although values.yaml suggests `runAsUser: 1000` "for non-root without profiling
      metrics": pod attribution reads `/var/lib/kubelet/pod-resources/kubelet.sock`, and the kubelet
      creates that directory `0750` root:root (`setupDataDirs`, `os.MkdirAll(kl.getPodResourcesDir(),
      0750)`), so a non-root exporter could not reach it and no metric would carry pod, namespace or
      team. Root without capabilities can open only what root owns, and the one host path mounted is
      that socket, read-only. `allowPrivilegeEscalation: false` in both modes.
    """
    _check(priority_class)
    return {
        # Read the CSV at the path the chart mounts corridor's ConfigMap key on (values.yaml `arguments`,
        # `extraConfigMapVolumes`, `extraVolumeMounts`), pinned here so a chart default cannot move it.
        "arguments": ["-f", "/etc/dcgm-exporter/default-counters.csv"],
        # Not in values.yaml as a live key (it is commented out there), but documented there and read by
        # `templates/metrics-configmap.yaml`; the test checks both.
        "customMetrics": dcgm_counters_csv(profiling_metrics=profiling_metrics),
        "priorityClassName": priority_class,
        "affinity": _gpu_node_affinity(gpu_node_terms),
        # Replaces the chart's default (a control-plane toleration): GPU nodes only.
        "tolerations": _gpu_tolerations(extra_tolerations),
        "securityContext": {
            "runAsNonRoot": False,
            "runAsUser": 0,
            "allowPrivilegeEscalation": False,
            "capabilities": {"add": ["SYS_ADMIN"] if profiling_metrics else [], "drop": ["ALL"]},
        },
        # 100m CPU is the chart's request (DCGM samples every 30 s by default); the limit is above the
        # chart's 200m to give the embedded hostengine's start-up on an 8-GPU node headroom before the
        # 45 s readiness delay (not measured here: no GPU on the development machines).
        # 512Mi is the chart's limit, raised from 256Mi in chart 4.8.0 (NVIDIA/dcgm-exporter#618), used as
        # request too so the exporter is never first to go under memory pressure; the pod informer behind
        # pod labels watches this node's pods only (`NODE_NAME`), so memory does not grow with the cluster.
        "resources": _resources("100m", "512Mi", "500m"),
        POD_ATTRIBUTION_VALUES: {
            "enablePodLabels": True,
            # Never empty: an empty list means *every* pod label becomes a metric label (values.yaml).
            "podLabelAllowlistRegex": [pod_label_allowlist_regex(team_label)],
            # The ClusterRole that lets the exporter read pod labels (created only with pod labels on).
            "rbac": {"create": True},
        },
        "service": {
            "enable": True,  # sic: `enable`, not `enabled` (values.yaml `service.enable`)
            "port": DCGM_METRICS_PORT,
            # A scrape through the Service from a node reaches that node's exporter only.
            "internalTrafficPolicy": "Local",
        },
        # On by default and not guarded by CRD detection: without the Prometheus operator's CRDs the
        # install fails. The OTel collector scrapes the pods instead.
        "serviceMonitor": {"enabled": False},
    }


def device_plugin_values(*, priority_class: str, extra_tolerations: Sequence[Mapping[str, str]] = ()) -> dict[str, Any]:
    """Values for the `nvidia-device-plugin` chart 0.20.0: the plugin alone, on GPU nodes only.

    No NFD and no GFD: `gfd.enabled: false` (the chart's default, pinned). The chart's NFD dependency
    has `condition: nfd.enabled,gfd.enabled` (Chart.yaml); Helm evaluates the first of those paths that
    exists in the values, and values.yaml has no `nfd.enabled`, so NFD follows `gfd.enabled` and stays
    off (setting `nfd.enabled` would also be a key absent from values.yaml). corridor labels its GPU
    nodes itself, so the chart's default affinity (NFD's `pci-10de` label, or `nvidia.com/gpu.present`),
    which without NFD would match no node, is replaced by the corridor accelerator label.

    `securityContext` is left unset: with it empty, no MIG strategy and no config map, the chart renders
    `allowPrivilegeEscalation: false` and `capabilities.drop: [ALL]` (`_helpers.tpl`
    `nvidia-device-plugin.securityContext`). No `config` either, so the pod has one container,
    `nvidia-device-plugin-ctr`, and no config-manager sidecar. The chart also renders an MPS control
    daemon DaemonSet that schedules only on nodes labelled `nvidia.com/mps.capable=true` (none of
    corridor's); it shares `resources` and `priorityClassName`.
    """
    _check(priority_class)
    return {
        "devicePlugin": {"enabled": True},
        "gfd": {"enabled": False},
        "priorityClassName": priority_class,
        "affinity": _gpu_node_affinity(None),
        # Replaces the chart's default, which adds the deprecated `CriticalAddonsOnly` toleration.
        "tolerations": _gpu_tolerations(extra_tolerations),
        # The plugin lists devices through NVML and serves one gRPC socket to the kubelet; a few tens of
        # MiB at rest (the chart sets no resources). Memory request = limit keeps it off the eviction
        # list: without it the node's GPUs stop being allocatable.
        "resources": _resources("50m", "128Mi", "500m"),
    }


def gpu_operator_values(
    *, install_driver: bool, priority_class: str, extra_tolerations: Sequence[Mapping[str, str]] = ()
) -> dict[str, Any]:
    """Values for the `gpu-operator` chart v26.7.0, for a cluster corridor did not create.

    - `driver.enabled` is `install_driver`, which the cloud profile declares: never an operator driver
      on a node whose cloud or image already ships one (two drivers fight over the kernel module).
    - `toolkit.enabled` and `devicePlugin.enabled` on: the container runtime hook and the
      `nvidia.com/gpu` resource.
    - `dcgmExporter.enabled: false` (and its ServiceMonitor off, `dcgm.enabled: false` for the standalone
      hostengine): corridor runs the standalone `dcgm-exporter` chart with its own values, the same on
      every cluster; a second exporter would double every GPU metric.
    - NFD stays on (`nfd.enabled`): on a cluster corridor did not create, the operator finds GPU nodes by
      NFD's PCI labels; corridor's accelerator label is not there.
    - `daemonsets.priorityClassName` (every operand), `operator.priorityClassName` and
      `node-feature-discovery.priorityClassName` take `priority_class` instead of the chart's
      `system-node-critical`, which clusters may restrict to `kube-system` by a ResourceQuota scope
      (kube-apiserver's `limitedResources`).
    - `daemonsets.tolerations`: the GPU taint (the chart's default, pinned) and `extra_tolerations`.
    - requests and limits on the operator and on every operand it deploys on an ordinary GPU node
      (driver when installed, toolkit, device plugin, GFD, MIG manager, validator); the sandbox, vGPU and
      confidential-computing operands are not deployed there and keep the chart's empty resources.
    """
    _check(priority_class)
    values: dict[str, Any] = {
        "nfd": {"enabled": True},
        "daemonsets": {"priorityClassName": priority_class, "tolerations": _gpu_tolerations(extra_tolerations)},
        # The chart's own numbers (values.yaml `operator.resources`), memory request raised to the limit.
        "operator": {"priorityClassName": priority_class, "resources": _resources("200m", "350Mi", "500m")},
        "driver": {"enabled": install_driver},
        # Installs the runtime hook on the host, then sleeps.
        "toolkit": {"enabled": True, "resources": _resources("50m", "256Mi", "500m")},
        "devicePlugin": {"enabled": True, "resources": _resources("50m", "128Mi", "500m")},
        # Labels the node with GPU model, memory and MIG state, once a minute.
        "gfd": {"resources": _resources("50m", "128Mi", "500m")},
        # Reconfigures MIG only when a node's `nvidia.com/mig.config` label asks for it.
        "migManager": {"resources": _resources("50m", "128Mi", "500m")},
        # Runs the driver/toolkit/CUDA checks (a small CUDA sample) before operands start.
        "validator": {"resources": _resources("50m", "256Mi", "500m")},
        "dcgm": {"enabled": False},
        "dcgmExporter": {"enabled": False, "serviceMonitor": {"enabled": False}},
        "node-feature-discovery": {"priorityClassName": priority_class},
    }
    if install_driver:
        # The driver container builds and loads the kernel modules on first start: the peak by far.
        # An OOM kill there leaves the node without a driver, and no GPU pod runs on that node until the
        # driver is up, so the limit is generous; the request covers nvidia-persistenced at rest.
        values["driver"]["resources"] = _resources("250m", "1Gi", "4", "4Gi")
    return values
