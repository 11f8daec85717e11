"""Helm values for corridor's OpenTelemetry collector: one agent per node, GPU telemetry attributed and buffered.

Pure functions: a `CollectorSettings` in, a fresh plain dict out, no Pulumi resource and no Output, so
tests check every value against the real chart files. Checked against chart `opentelemetry-collector`
0.170.0 (appVersion, hence collector, 0.158.0), open-telemetry/opentelemetry-helm-charts
`charts/opentelemetry-collector/` at dd5665c (`values.yaml`, `values.schema.json`, `templates/_config.tpl`,
`templates/_pod.tpl`, `templates/clusterrole.yaml`), and against the `otelcol-k8s` distribution v0.158.0
(open-telemetry/opentelemetry-collector-releases `distributions/otelcol-k8s/manifest.yaml`), which ships
every component used here.

What each collector (a DaemonSet pod, so one per node, GPU nodes included) does:

- scrapes the DCGM exporter on its own node only: a Prometheus `kubernetes_sd_configs` pod role whose
  field selector is `spec.nodeName=<this node>`, keeping the dcgm-exporter pods' metrics port. A node
  without a GPU simply has no target (no failing scrape), and the API server sends each agent only its
  node's pods. The exporter's per-GPU `pod`/`namespace`/`container` labels (the pod holding the GPU) are
  lifted to resource attributes and joined with that pod's metadata and `corridor.dev/team` label;
- collects host metrics (`presets.hostMetrics`) and kubelet metrics (`presets.kubeletMetrics`), and its
  own metrics (queue size, dropped points), scraped from 127.0.0.1 so they never leave the pod;
- sets resource attributes: the stack-wide ones it is given (cloud, region, cluster, environment,
  corridor tags), `k8s.node.name`, and from the node's labels `cloud.availability_zone`, `host.type`
  (machine type), `corridor.accelerator` and `corridor.capacity`;
- exports OTLP over gRPC (`otlp_grpc`) or HTTP (`otlp_http`) with TLS, headers read from environment
  variables filled from a Secret, so no header value is in the values, the ConfigMap or the plan.

Buffering, for the README (see `queue_bytes` and `collector_config`): each collector queues what it
cannot export in a persistent queue on the node's disk (`file_storage`, hostPath
`/var/lib/corridor/otelcol`), bounded at `buffer_minutes` x 4 MiB of serialised OTLP (120 MiB for the
default 30 minutes), about five times the estimated rate of corridor's largest GPU node (8 GPUs, 192
vCPUs: ~140 data points/s, ~0.7 MiB/min); most nodes produce far less, so they ride out much longer
outages. The queue survives collector restarts, upgrades and node reboots. Past the bound, new data is
refused and dropped (the newest, not the oldest), counted by `otelcol_exporter_enqueue_failed_metric_points`.
A batch being sent is retried for `buffer_minutes` + 5 minutes, then dropped; batches still in the queue
do not age. Data a backend rejects as permanent (400, 401/403, a point older than it accepts) is dropped
at once, and when the collector's memory passes its soft limit, scrapes are refused (dropped) until it
recovers. The node's disk holds up to about three times the byte bound in the worst case (the database
file plus a compaction copy), and only while the backend is unreachable.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from components.clouds.base import GPU_TAINT_KEY
from components.tagging import ACCELERATOR_LABEL, CAPACITY_LABEL, LABEL_PREFIX, POOL_LABEL

CHART_VERSION = "0.170.0"
"""The chart version these values were checked against; `components/kubernetes/charts.py` pins the release."""

IMAGE_REPOSITORY = "ghcr.io/open-telemetry/opentelemetry-collector-releases/opentelemetry-collector-k8s"
"""The Kubernetes distribution, the one the chart README installs (`image.repository` has no default
since chart 0.89.0 and `templates/NOTES.txt` fails without it; UPGRADING.md: images are on ghcr.io only
since collector 0.123.1). The tag is left to the chart's appVersion (0.158.0)."""

COMMAND_NAME = "otelcol-k8s"
"""The binary of that image (chart README: `command.name=otelcol-k8s`)."""

COLLECTOR_UID = 10001
"""The user the image runs as (collector-releases `distributions/otelcol-k8s/Dockerfile`: `USER 10001`)."""

EXPORTERS: Mapping[str, str] = {"grpc": "otlp_grpc", "http": "otlp_http"}
"""The exporter for each protocol. Collector 0.158.0 renamed `otlp` to `otlp_grpc` and `otlphttp` to
`otlp_http`, keeping the old names as deprecated aliases (core `exporter/otlpexporter/metadata.yaml`,
`exporter/otlphttpexporter/metadata.yaml`: `deprecated_type`); the chart does not rewrite them."""

QUEUE_DIR = "/var/lib/corridor/otelcol"
"""The persistent queue's directory, the same path on the node (hostPath) and in the container. Not the
chart's `/var/lib/otelcol` (its log-checkpoint preset), so another collector on the node cannot share it."""

QUEUE_VOLUME = "otelcol-queue"

QUEUE_BYTES_PER_BUFFER_MINUTE = 4 * 1024 * 1024
"""Queue bound per minute of outage, in bytes of serialised OTLP. Estimate for the largest GPU node
(8 GPUs, 192 vCPUs, ~30 pods): host metrics ~2,400 points (per-CPU time, ~70 network interfaces, disks,
filesystems), kubelet ~1,200, DCGM ~240 (30 fields x 8 GPUs), own metrics ~300, every 30 s: ~140
points/s at ~70 bytes (per-GPU labels are the heaviest, ~220) is ~0.7 MiB/min; 4 MiB leaves ~5x room
for more pods, interfaces or fields. The bound is a ceiling, not a reservation: the disk is used only
while the backend is unreachable."""

RETRY_MARGIN_MINUTES = 5
"""How much longer than `buffer_minutes` a batch being sent keeps being retried: once the backend is
back, the next attempt comes after at most `max_interval` (60 s) times the jitter (1.5x), well within it."""

SCRAPE_INTERVAL = "30s"
"""One interval for every source, DCGM's own collection interval (dcgm-exporter `pkg/cmd/app.go`,
`--collect-interval` default 30000 ms): scraping faster would only repeat DCGM samples, and equal
intervals let GPU, host and kubelet series line up per GPU-hour. The presets default to 10 s (host)
and 20 s (kubelet) (`_config.tpl` `hostMetricsConfig`, `kubeletMetricsConfig`); corridor's values win
over the preset's in the chart's merge (`mustMergeOverwrite` preset, then `config`)."""

SELF_METRICS_PORT = 8888
"""The collector's own Prometheus endpoint (chart `config.service.telemetry.metrics.readers`)."""

DCGM_APP_NAME = "dcgm-exporter"
"""`app.kubernetes.io/name` of the dcgm-exporter chart's pods (NVIDIA/dcgm-exporter `deployment/templates/
_helpers.tpl` `dcgm-exporter.selectorLabels`: the chart name unless `nameOverride`, which corridor leaves unset)."""

TEAM_LABEL = f"{LABEL_PREFIX}team"
"""The pod label naming the team whose workload holds a GPU (`tagging.kubernetes_labels` of the `team` tag)."""

POD_TEAM_ATTRIBUTE = f"k8s.pod.label.{TEAM_LABEL}"
"""Where that label lands: the semantic convention for pod labels (`k8s.pod.label.<key>`). Kept apart
from the stack-wide `corridor.team` (who owns the cluster) so a shared cluster shows both."""

NODE_LABEL_ATTRIBUTES: Mapping[str, str] = {
    "cloud.availability_zone": "topology.kubernetes.io/zone",
    "host.type": "node.kubernetes.io/instance-type",
    "corridor.accelerator": ACCELERATOR_LABEL,
    "corridor.capacity": CAPACITY_LABEL,
    "corridor.pool": POOL_LABEL,
}
"""Per-node resource attributes and the node labels they are read from. `cloud.availability_zone` and
`host.type` ("for Cloud, the machine type") are semantic conventions; the others have none, hence the
`corridor.` namespace. Kubernetes well-known labels: https://kubernetes.io/docs/reference/labels-annotations-taints/"""

PRICE_ATTRIBUTE = "corridor.price.per_gpu_hour"
"""The list price of one GPU-hour of the node's pool, for its capacity mode (`corridor.capacity`), as a
double: cost per GPU-hour and tokens per dollar become one query in the backend. No semantic convention
prices a resource, hence the `corridor.` namespace; snake_case within it, as the naming rules ask
(https://opentelemetry.io/docs/specs/semconv/general/naming/)."""

CURRENCY_ATTRIBUTE = "corridor.price.currency"
"""The ISO 4217 currency of `corridor.price.per_gpu_hour` (`USD`)."""

PRICE_METRIC = "corridor.gpu.price"
"""A gauge per GPU whose value is its price per hour (`corridor.price.per_gpu_hour`): Prometheus turns
attributes into labels, which a query cannot multiply by, so the price is also a value. Exported to
Prometheus as `corridor_gpu_price`."""

GPU_SERIES_METRIC = "DCGM_FI_DEV_GPU_UTIL"
"""The DCGM field with one series per GPU, idle or busy (dcgm-exporter's default counters), copied to
make `corridor.gpu.price`."""

PER_NODE_ATTRIBUTES = frozenset({"k8s.node.name", *NODE_LABEL_ATTRIBUTES, PRICE_ATTRIBUTE, CURRENCY_ATTRIBUTE})
"""Attributes the collector sets per node; a stack-wide value for one would overwrite every node's."""

INIT_IMAGE = "docker.io/library/busybox:1.37.0"
"""Runs `chown` once per pod start on the queue directory (the image has no shell or chown). 1.37.0 is
the newest stable busybox release (docker-library/busybox `versions.json`)."""

GPU_TOLERATION: Mapping[str, str] = {"key": GPU_TAINT_KEY, "operator": "Exists"}
"""Tolerates corridor's GPU taint (`nvidia.com/gpu=present:NoSchedule`, components/clouds/base.py) with
any value and effect, so the agent also runs on GPU nodes a provider tainted differently."""

RESOURCES: Mapping[str, Mapping[str, str]] = {
    "requests": {"cpu": "100m", "memory": "512Mi"},
    "limits": {"cpu": "500m", "memory": "512Mi"},
}
"""Container resources. Memory: request = limit, so the agent never uses more than it reserved and is
the last candidate for node-pressure eviction (kubelet ranks pods by usage above request, then
priority); 512Mi holds three scrapers, the pod/node caches and the batches being sent (the queue is
on disk) with room for a post-outage drain. `useGOMEMLIMIT` makes the Go runtime aim at 80% of it
(409Mi) and `memory_limiter` refuses data past 80% (hard) / 55% (soft), so the kernel never OOM-kills
it mid-write. CPU: 100m covers steady scraping every 30 s; the 500m limit lets it burst (startup
compaction, draining a backlog) without taking more than half a core from a node's workloads."""

INIT_RESOURCES: Mapping[str, Mapping[str, str]] = {
    "requests": {"cpu": "10m", "memory": "16Mi"},
    "limits": {"cpu": "100m", "memory": "32Mi"},
}
"""One `chown`: a few milliseconds and a few MiB."""

_UNUSED_PORTS = ("otlp", "otlp-http", "jaeger-compact", "jaeger-thrift", "jaeger-grpc", "zipkin", "metrics")
"""Every port in the chart's `ports` (values.yaml). Corridor's collector only scrapes, so none is opened:
in daemonset mode each would also bind a host port on every node."""

# Kubernetes names: a Secret (DNS-1123 subdomain) and its keys.
# https://kubernetes.io/docs/concepts/overview/working-with-objects/names/
# https://kubernetes.io/docs/concepts/configuration/secret/
_SECRET_NAME = re.compile(r"[a-z0-9](?:[-a-z0-9]*[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]*[a-z0-9])?)*")
_SECRET_KEY = re.compile(r"[-._a-zA-Z0-9]+")


@dataclass(frozen=True)
class CollectorSettings:
    """What the collector needs from the stack: where to export, how, and what to attach."""

    resource_attributes: Mapping[str, object]
    """Stack-wide resource attributes (`cloud.provider`, `cloud.platform`, `cloud.region`,
    `k8s.cluster.name`, `deployment.environment.name`, `corridor.*` tags), upserted on every metric.
    Values are strings, or values the caller resolves to strings later (a Pulumi Output of the
    cluster's name), placed in the config as they are."""
    otlp_endpoint: str
    """The OTLP receiver, `https://host[:port]` (HTTP may add a base path)."""
    protocol: Literal["grpc", "http"]
    headers_secret: str | None
    """A Secret in the release's namespace whose keys are header names (None: no headers)."""
    header_names: tuple[str, ...]
    """The keys of that Secret; header values never pass through here."""
    buffer_minutes: int
    """How long a backend outage may last without losing telemetry."""
    priority_class: str
    dcgm_port: int = 9400
    """The DCGM exporter's container port (dcgm-exporter values.yaml `service.port`)."""
    gpu_prices: Mapping[str, float] = field(default_factory=dict)
    """Price per GPU-hour by GPU pool name, for the pools whose price the catalog knows
    (`components/costs.py`); a pool left out gets no price attribute rather than a wrong one."""
    currency: str = "USD"
    """The currency of `gpu_prices`."""


def header_env_var(header: str) -> str:
    """The environment variable carrying header `header`: env names must match `[A-Za-z_][A-Za-z0-9_]*` for
    the collector's `${env:NAME}` (and portable envFrom), which header names such as `x-api-key` do not."""
    return "OTLP_HEADER_" + re.sub(r"[^A-Za-z0-9]", "_", header).upper()


def queue_bytes(buffer_minutes: int) -> int:
    """The persistent queue's bound in bytes for an outage of `buffer_minutes` (see `QUEUE_BYTES_PER_BUFFER_MINUTE`)."""
    return buffer_minutes * QUEUE_BYTES_PER_BUFFER_MINUTE


def collector_config(settings: CollectorSettings) -> dict[str, Any]:
    """The collector's `config` block, merged by the chart over its default `config` (values.yaml).

    `None` removes a chart default (the Helm way, README "Configuration"): the jaeger, zipkin and otlp
    receivers, the batch processor (batching before a persistent queue only adds an in-memory window
    that a crash loses), the debug exporter and the logs and traces pipelines. What is left is used:

    - `metrics`: own metrics, host and kubelet metrics -> memory_limiter, resource/node, k8s_attributes,
      resource/stack -> the OTLP exporter;
    - `metrics/gpu`: DCGM on this node -> memory_limiter, groupbyattrs/gpu_pod and resource/gpu_pod
      (the GPU's pod labels become `k8s.pod.name`, `k8s.namespace.name`, `k8s.container.name`), then the
      same attribute steps -> the same exporter (one queue).

    Component names are the ones the chart's presets emit (`hostmetrics`, `kubeletstats`): contrib is
    renaming components to snake_case (`kubelet_stats`, contrib PR #47957, keeping the old name as a
    deprecated alias), and naming a preset's component differently would define it twice.

    `memory_limiter` is first in both, and `k8s_attributes` is listed explicitly so the chart's preset
    does not prepend it ahead of the limiter (`_config.tpl` `applyKubernetesAttributesConfig` prepends
    only when absent). The exporter retries a batch for `buffer_minutes` + 5 minutes and queues on the
    node's disk up to `queue_bytes(buffer_minutes)`; past that bound the newest data is dropped (module
    docstring). Raises ValueError listing every problem with `settings`.
    """
    _validate(settings)
    exporter = EXPORTERS[settings.protocol]
    node_steps = ["resource/node", "k8s_attributes", "resource/stack"]
    return {
        "receivers": {
            # Chart defaults nothing sends to: no pod pushes to the agent, so no port is opened.
            "jaeger": None,
            "zipkin": None,
            "otlp": None,
            # The chart's receiver, kept for the collector's own metrics (queue size, failed enqueues,
            # refused points), now scraped from loopback: the endpoint is bound to 127.0.0.1 below.
            "prometheus": {"config": {"scrape_configs": [_self_scrape()]}},
            "prometheus/dcgm": {"config": {"scrape_configs": [_dcgm_scrape(settings.dcgm_port)]}},
            # Merged over the presets' own definitions (_config.tpl hostMetricsConfig, kubeletMetricsConfig).
            "hostmetrics": {"collection_interval": SCRAPE_INTERVAL},
            "kubeletstats": {
                "collection_interval": SCRAPE_INTERVAL,
                # The preset calls this node's kubelet at `${env:K8S_NODE_IP}:10250` with the service
                # account token. Kubelet serving certificates are self-signed on kubeadm-built clusters
                # (bring-your-own providers) and carry no IP SAN on some managed ones, so verification
                # would fail there; the call never leaves the node (chart README: "add
                # insecure_skip_verify if kubelet certs are self-signed").
                "insecure_skip_verify": True,
            },
        },
        "processors": {
            "batch": None,
            # The chart's defaults, restated so the config says what protects the node: refuse data at
            # 80% of the container memory limit (hard), start refusing at 55% (80 - 25).
            "memory_limiter": {"check_interval": "5s", "limit_percentage": 80, "spike_limit_percentage": 25},
            # DCGM labels each GPU's series with the pod holding it (dcgm-exporter
            # internal/pkg/transformation/const.go: `pod`, `namespace`, `container`); k8s_attributes works on
            # resource attributes, so split the scrape into one resource per pod first.
            "groupbyattrs/gpu_pod": {"keys": ["pod", "namespace", "container"]},
            "resource/gpu_pod": {
                "attributes": _rename(
                    pod="k8s.pod.name", namespace="k8s.namespace.name", container="k8s.container.name"
                )
            },
            # Every metric this agent handles comes from its own node. Set before k8s_attributes, which
            # reads node labels for the node named here when the data has no pod (host metrics, idle GPUs):
            # contrib processor/k8sattributesprocessor/processor.go `getNodeName` falls back to `k8s.node.name`.
            "resource/node": {
                "attributes": [{"key": "k8s.node.name", "value": "${env:K8S_NODE_NAME}", "action": "upsert"}]
            },
            # Merged over the kubernetesAttributes preset (node filter, metadata list, RBAC).
            "k8s_attributes": {
                "pod_association": [
                    {"sources": [{"from": "resource_attribute", "name": "k8s.pod.uid"}]},  # kubelet metrics
                    {
                        "sources": [  # DCGM, after resource/gpu_pod
                            {"from": "resource_attribute", "name": "k8s.pod.name"},
                            {"from": "resource_attribute", "name": "k8s.namespace.name"},
                        ]
                    },
                ],
                # `from: node` is accepted since contrib v0.88 (PR #28570; config.go: "pod, namespace, node").
                "extract": {
                    "labels": [
                        *(
                            {"tag_name": attribute, "key": label, "from": "node"}
                            for attribute, label in NODE_LABEL_ATTRIBUTES.items()
                        ),
                        {"tag_name": POD_TEAM_ATTRIBUTE, "key": TEAM_LABEL, "from": "pod"},
                    ]
                },
            },
            "resource/stack": {
                "attributes": [
                    {"key": key, "value": settings.resource_attributes[key], "action": "upsert"}
                    for key in sorted(settings.resource_attributes)
                ]
            },
            **({"transform/price": _price_statements(settings)} if settings.gpu_prices else {}),
        },
        "exporters": {"debug": None, exporter: _exporter(settings)},
        "extensions": {
            # The persistent queue's storage (contrib extension/storage/filestorage). fsync after every
            # write: a few writes a second cost nothing and the queue then survives a node crash. Compaction
            # gives back the disk a drained outage leaves (on_rebound) and runs where the queue is, since the
            # image has no writable /tmp.
            "file_storage": {
                "directory": QUEUE_DIR,
                "timeout": "10s",
                "fsync": True,
                "compaction": {"directory": QUEUE_DIR, "on_start": True, "on_rebound": True},
            }
        },
        "service": {
            # health_check is the chart's default (NOTES.txt fails without it; the probes call it).
            "extensions": ["health_check", "file_storage"],
            "pipelines": {
                "logs": None,
                "traces": None,
                "metrics": {
                    "receivers": ["prometheus", "hostmetrics", "kubeletstats"],
                    "processors": ["memory_limiter", *node_steps],
                    "exporters": [exporter],
                },
                "metrics/gpu": {
                    "receivers": ["prometheus/dcgm"],
                    "processors": [
                        "memory_limiter",
                        "groupbyattrs/gpu_pod",
                        "resource/gpu_pod",
                        *node_steps,
                        *(["transform/price"] if settings.gpu_prices else []),
                    ],
                    "exporters": [exporter],
                },
            },
            # The chart binds the collector's own metrics to the pod IP; loopback keeps them inside the pod
            # (OTel security best practices: do not expose telemetry outside the collector by default).
            "telemetry": {
                "metrics": {
                    "readers": [
                        {"pull": {"exporter": {"prometheus": {"host": "127.0.0.1", "port": SELF_METRICS_PORT}}}}
                    ]
                }
            },
        },
    }


def _price_statements(settings: CollectorSettings) -> dict[str, Any]:
    """The transform processor (contrib `processor/transformprocessor`, in otelcol-k8s) that prices each
    GPU's series by its node's pool. After k8s_attributes has read the node's `corridor.dev/pool` label
    into `corridor.pool`, one OTTL statement per pool sets `corridor.price.per_gpu_hour` and its currency
    on the resource; a series whose node carries no priced pool is left unpriced. Then each GPU's
    utilisation gauge is copied to `corridor.gpu.price`, whose value is that price: one series per GPU,
    so summing it is the fleet's GPU spend per hour in a backend that cannot multiply by a label
    (Prometheus). `error_mode: ignore` keeps a statement that cannot apply from dropping the data."""
    resource = []
    for pool, price in sorted(settings.gpu_prices.items()):
        where = f'where attributes["corridor.pool"] == "{pool}"'
        resource += [
            f'set(attributes["{PRICE_ATTRIBUTE}"], {float(price)!r}) {where}',
            f'set(attributes["{CURRENCY_ATTRIBUTE}"], "{settings.currency}") {where}',
        ]
    priced = f'resource.attributes["{PRICE_ATTRIBUTE}"] != nil'
    return {
        "error_mode": "ignore",
        "metric_statements": [
            {"context": "resource", "statements": resource},
            {
                "context": "metric",
                "statements": [f'copy_metric(name="{PRICE_METRIC}") where name == "{GPU_SERIES_METRIC}" and {priced}'],
            },
            {
                "context": "datapoint",
                "statements": [
                    f'set(value_double, resource.attributes["{PRICE_ATTRIBUTE}"]) where metric.name == "{PRICE_METRIC}"'
                ],
            },
        ],
    }


def collector_values(settings: CollectorSettings) -> dict[str, Any]:
    """Helm values for chart opentelemetry-collector 0.170.0: a DaemonSet on every Linux node, GPU nodes included.

    The Release must pass `allow_null_values=True`: the `None`s in `config` remove chart defaults, and
    without it the provider strips them before Helm sees them. The pod needs the headers Secret (if any)
    to exist; a missing key keeps it from starting rather than exporting unauthenticated.

    Buffer bound for the README: up to `queue_bytes(buffer_minutes)` bytes of OTLP per node (4 MiB per
    minute of `buffer_minutes`, 120 MiB for 30) wait in `/var/lib/corridor/otelcol` on the node's disk
    while the backend is unreachable; past it, the newest data is dropped, and a batch being sent is
    dropped after `buffer_minutes` + 5 minutes of retries (module docstring). Raises ValueError listing
    every problem with `settings`.
    """
    config = collector_config(settings)
    return {
        "mode": "daemonset",
        "image": {"repository": IMAGE_REPOSITORY},
        "command": {"name": COMMAND_NAME},
        # Each preset adds its component and the RBAC and mounts it needs (_config.tpl, clusterrole.yaml,
        # _pod.tpl). kubeletMetrics and kubernetesAttributes (daemonset) also set K8S_NODE_NAME and
        # K8S_NODE_IP from the downward API, which resource/node, the DCGM scrape and k8s_attributes read.
        "presets": {
            "hostMetrics": {"enabled": True},
            "kubeletMetrics": {"enabled": True},
            "kubernetesAttributes": {"enabled": True, "extractAllPodLabels": False, "extractAllPodAnnotations": False},
        },
        "config": config,
        "clusterRole": {
            "create": True,
            "rules": [
                # Pods: the DCGM scrape's kubernetes_sd (the kubernetesAttributes preset grants it too; stated
                # here so the scrape does not depend on the preset). Nodes: k8s_attributes reads node labels,
                # which no preset grants (clusterrole.yaml).
                {"apiGroups": [""], "resources": ["pods", "nodes"], "verbs": ["get", "list", "watch"]},
            ],
        },
        "priorityClassName": settings.priority_class,
        "tolerations": [dict(GPU_TOLERATION)],
        # The image is Linux-only; a Windows node (AKS allows them) would never run it.
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "resources": {kind: dict(amounts) for kind, amounts in RESOURCES.items()},
        "useGOMEMLIMIT": True,
        # The image's user already; stated so admission and scanners see a non-root, read-only container.
        "securityContext": {
            "runAsNonRoot": True,
            "runAsUser": COLLECTOR_UID,
            "runAsGroup": COLLECTOR_UID,
            "readOnlyRootFilesystem": True,
            "allowPrivilegeEscalation": False,
            "capabilities": {"drop": ["ALL"]},
            "seccompProfile": {"type": "RuntimeDefault"},
        },
        "ports": {port: {"enabled": False} for port in _UNUSED_PORTS},
        "extraEnvs": [
            {
                "name": header_env_var(header),
                "valueFrom": {"secretKeyRef": {"name": settings.headers_secret, "key": header}},
            }
            for header in settings.header_names
        ],
        # The kubelet creates the hostPath directory as root (0755); the init container hands it to the
        # collector's user, the chart's own recipe for persistence (values.yaml `initContainers` comment).
        "extraVolumes": [{"name": QUEUE_VOLUME, "hostPath": {"path": QUEUE_DIR, "type": "DirectoryOrCreate"}}],
        "extraVolumeMounts": [{"name": QUEUE_VOLUME, "mountPath": QUEUE_DIR}],
        "initContainers": [
            {
                "name": "queue-owner",
                "image": INIT_IMAGE,
                "command": ["chown", f"{COLLECTOR_UID}:{COLLECTOR_UID}", QUEUE_DIR],
                # Root with only CAP_CHOWN, for one command; the long-running collector stays non-root.
                "securityContext": {
                    "runAsUser": 0,
                    "runAsNonRoot": False,
                    "readOnlyRootFilesystem": True,
                    "allowPrivilegeEscalation": False,
                    "capabilities": {"drop": ["ALL"], "add": ["CHOWN"]},
                    "seccompProfile": {"type": "RuntimeDefault"},
                },
                "resources": {kind: dict(amounts) for kind, amounts in INIT_RESOURCES.items()},
                "volumeMounts": [{"name": QUEUE_VOLUME, "mountPath": QUEUE_DIR}],
            }
        ],
    }


def _exporter(settings: CollectorSettings) -> dict[str, Any]:
    """The OTLP exporter: TLS always, headers by reference, retry and a persistent queue bounded in bytes."""
    exporter: dict[str, Any] = {
        "endpoint": _endpoint(settings),
        # TLS with the system roots; never plaintext (O6: exporters encrypted). The gRPC endpoint is
        # host:port, so TLS rests on this flag rather than on an https:// scheme.
        "tls": {"insecure": False},
        # Per attempt. Generous for a backlog drained across regions; a hung attempt is retried.
        "timeout": "15s",
        # configretry: exponential backoff (5 s, x1.5, +-50% jitter, at most 60 s apart) until the batch
        # has been retried for buffer_minutes + margin, so one sent at an outage's start survives it.
        "retry_on_failure": {
            "enabled": True,
            "initial_interval": "5s",
            "multiplier": 1.5,
            "randomization_factor": 0.5,
            "max_interval": "60s",
            "max_elapsed_time": f"{settings.buffer_minutes + RETRY_MARGIN_MINUTES}m",
        },
        # exporterhelper persistent queue: no in-memory queue, every accepted batch is on disk until the
        # backend acknowledges it. `sizer: bytes` bounds the disk, whatever the batch sizes; when full,
        # new data is refused, not blocked (a blocked pipeline would stall scrapes and grow memory).
        "sending_queue": {
            "enabled": True,
            "storage": "file_storage",
            "sizer": "bytes",
            "queue_size": queue_bytes(settings.buffer_minutes),
            "block_on_overflow": False,
        },
    }
    if settings.header_names:
        exporter["headers"] = {header: f"${{env:{header_env_var(header)}}}" for header in settings.header_names}
    return exporter


def _endpoint(settings: CollectorSettings) -> str:
    parts = urlsplit(settings.otlp_endpoint)
    if settings.protocol == "http":
        # otlp_http appends /v1/metrics to the base URL (optional base path kept).
        return settings.otlp_endpoint.rstrip("/")
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host
    # gRPC dials host:port; 443 is what https:// without a port means.
    return f"{host}:{parts.port or 443}"


def _self_scrape() -> dict[str, Any]:
    return {
        "job_name": "opentelemetry-collector",
        "scrape_interval": SCRAPE_INTERVAL,
        "static_configs": [{"targets": [f"127.0.0.1:{SELF_METRICS_PORT}"]}],
    }


def _dcgm_scrape(port: int) -> dict[str, Any]:
    """The DCGM exporter pod on this node only, at its pod IP and metrics port.

    Pod discovery rather than the exporter's Service: the API server filters by node (a field selector),
    so a node without GPUs has no target instead of a scrape failing every 30 s, and the Service need
    not route locally. Prometheus kubernetes_sd_config `selectors` and `__meta_kubernetes_pod_*` labels:
    https://prometheus.io/docs/prometheus/latest/configuration/configuration/#kubernetes_sd_config
    """
    return {
        "job_name": "dcgm-exporter",
        "scrape_interval": SCRAPE_INTERVAL,
        "scrape_timeout": "10s",
        "scheme": "http",  # the exporter's default; the traffic stays on the node
        # Keep DCGM's `pod`/`namespace`/`container` labels as they are, whatever the target labels.
        "honor_labels": True,
        "kubernetes_sd_configs": [
            {"role": "pod", "selectors": [{"role": "pod", "field": "spec.nodeName=${env:K8S_NODE_NAME}"}]}
        ],
        "relabel_configs": [
            {
                "action": "keep",
                "source_labels": ["__meta_kubernetes_pod_label_app_kubernetes_io_name"],
                "regex": DCGM_APP_NAME,
            },
            # One target per declared container port: keep the metrics port only.
            {"action": "keep", "source_labels": ["__meta_kubernetes_pod_container_port_number"], "regex": str(port)},
            {"action": "keep", "source_labels": ["__meta_kubernetes_pod_phase"], "regex": "Running"},
        ],
    }


def _rename(**renames: str) -> list[dict[str, str]]:
    """Resource-processor actions moving each attribute to its new key (insert from it, then delete it)."""
    actions = [{"key": new, "from_attribute": old, "action": "insert"} for old, new in renames.items()]
    return actions + [{"key": old, "action": "delete"} for old in renames]


def _validate(settings: CollectorSettings) -> None:
    problems: list[str] = []
    if settings.protocol not in EXPORTERS:
        problems.append(f"protocol must be one of {sorted(EXPORTERS)}, got {settings.protocol!r}")
    try:
        parts = urlsplit(settings.otlp_endpoint)
        port = parts.port  # raises on a port out of range or not a number
    except ValueError as error:
        problems.append(f"otlp_endpoint {settings.otlp_endpoint!r}: {error}")
    else:
        if parts.scheme != "https" or not parts.hostname or parts.username or parts.query or parts.fragment:
            problems.append(f"otlp_endpoint must be https://host[:port] (TLS only), got {settings.otlp_endpoint!r}")
        elif settings.protocol == "grpc" and parts.path not in ("", "/"):
            problems.append(f"otlp_endpoint for gRPC cannot have a path, got {settings.otlp_endpoint!r}")
        elif port == 0:
            problems.append(f"otlp_endpoint port must be 1-65535, got {settings.otlp_endpoint!r}")
    if (settings.headers_secret is None) != (not settings.header_names):
        problems.append("headers_secret and header_names go together: a Secret name with its keys, or neither")
    if settings.headers_secret is not None and not _SECRET_NAME.fullmatch(settings.headers_secret):
        problems.append(f"headers_secret must be a Kubernetes Secret name, got {settings.headers_secret!r}")
    for header in settings.header_names:
        if not _SECRET_KEY.fullmatch(header):
            problems.append(f"header name {header!r} must be a Secret key (letters, digits, '-', '_', '.')")
    env_names = [header_env_var(header) for header in settings.header_names]
    if len(set(env_names)) != len(env_names):
        problems.append(f"header names {list(settings.header_names)} collide as environment variables {env_names}")
    if settings.buffer_minutes < 1:
        problems.append(f"buffer_minutes must be at least 1, got {settings.buffer_minutes}")
    if not settings.priority_class:
        problems.append("priority_class must name a PriorityClass")
    if not 1 <= settings.dcgm_port <= 65535:
        problems.append(f"dcgm_port must be 1-65535, got {settings.dcgm_port}")
    if not settings.resource_attributes:
        problems.append("resource_attributes is empty: every metric must carry the stack's attributes")
    overlap = sorted(PER_NODE_ATTRIBUTES & set(settings.resource_attributes))
    if overlap:
        problems.append(
            f"resource_attributes {overlap} are set per node by the collector; a stack-wide value would hide them"
        )
    for key, value in settings.resource_attributes.items():
        if not key:
            problems.append("resource_attributes has an empty key")
        # `$` is the collector's expansion syntax and `{{` the chart's template syntax (it runs `tpl` over
        # the config): either would change the value. Non-str values (an Output) are resolved by Pulumi later.
        if isinstance(value, str) and ("$" in value or "{{" in value or not value):
            problems.append(f"resource attribute {key}={value!r} must be non-empty, without '$' or '{{{{'")
    if problems:
        raise ValueError("invalid collector settings: " + "; ".join(problems))
