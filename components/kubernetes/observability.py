"""ObservabilityAgents: the same GPU telemetry from every region's cluster, attributed alike.

Built by the shared in-cluster layer on every cloud's cluster (and on a cluster corridor did not
create) through the region's one Kubernetes provider. In the namespace `corridor-observability`:
- the GPU runtime the cloud's profile says its nodes lack (`CloudProfile.gpu_runtime_of`: the
  NVIDIA device plugin on EKS and AKS, nothing on GKE, the GPU Operator on a cluster corridor was
  handed, with its driver only where the nodes have none), so no node ever gets a second driver;
- the DCGM exporter on GPU nodes only (`gpu_agents.dcgm_exporter_values`), which the profile
  names (`CloudProfile.gpu_node_terms`);
- the OpenTelemetry collector on every node, exporting OTLP with the stack's resource attributes
  (`collector.collector_values`), its headers read from a Secret.

Each agent is a `kubernetes.helm.v3.Release`, not a v4 `Chart`: a Release runs the chart's hooks
and is one Helm release that `helm list` shows and `helm rollback` can revert, which the Pulumi
docs recommend for production; a v4 Chart renders templates client-side and skips hooks unless told.
`pulumi_kubernetes` is imported here only, and only stacks with agents import this module.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pulumi_kubernetes as kubernetes

from components.catalog import prices
from components.clouds.base import Cluster, RegionContext
from components.clouds.registry import profile_for
from components.costs import gpu_hour_prices
from components.kubernetes import charts
from components.kubernetes.charts import ChartRef
from components.kubernetes.collector import CollectorSettings, collector_values
from components.kubernetes.gpu_agents import dcgm_exporter_values, device_plugin_values, gpu_operator_values
from components.tagging import kubernetes_labels

TYPE_TOKEN = "corridor:index:ObservabilityAgents"  # part of every URN: never rename

NAMESPACE = "corridor-observability"
PRIORITY_CLASS = "corridor-agents"
HEADERS_SECRET = "otlp-headers"

AGENT_PRIORITY = 1_000_000
"""Above every workload (default 0) and below Kubernetes' own system classes (2,000,000,000), so
an agent is scheduled before any pod waiting for the same node. It never preempts
(`preemptionPolicy: Never`): evicting a training pod to make room for a metrics agent costs more
than the metrics are worth. https://kubernetes.io/docs/concepts/scheduling-eviction/pod-priority-preemption/"""

RELEASE_TIMEOUT_SECONDS = 600
"""How long Helm waits for an agent to become ready before the release fails (and, being atomic,
rolls back): DaemonSets roll node by node and GPU nodes can be slow to pull images."""


def resource_attributes(context: RegionContext, cluster: Cluster) -> dict[str, pulumi.Input[str]]:
    """The attributes every metric of the stack carries, by the OpenTelemetry semantic
    conventions where one exists and under `corridor.` where none does (the cost-attribution
    tags). Per-node attributes (zone, node, machine, accelerator) are the collector's to add."""
    spec = context.spec
    telemetry = profile_for(spec.cloud).telemetry_of(spec)
    tags = context.tags()
    # No `cloud.platform` where the conventions have none (a provider's own Kubernetes): an
    # invented value could collide with one they add later.
    platform = {"cloud.platform": telemetry.platform} if telemetry.platform is not None else {}
    return {
        "cloud.provider": telemetry.provider,
        **platform,
        "cloud.region": spec.region,
        "k8s.cluster.name": cluster.name,
        "deployment.environment.name": tags["environment"],
        "corridor.team": tags["team"],
        "corridor.purpose": tags["purpose"],
        "corridor.cost_center": tags["cost-center"],
        "corridor.stack": tags["stack"],
    }


class ObservabilityAgents(pulumi.ComponentResource):
    """GPU runtime, DCGM exporter and OpenTelemetry collector in one namespace of the cluster."""

    def __init__(
        self, name: str, context: RegionContext, cluster: Cluster, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TYPE_TOKEN, name, None, opts)
        settings = context.spec.observability
        child = pulumi.ResourceOptions(parent=self)
        labels = {"app.kubernetes.io/managed-by": "corridor", **kubernetes_labels(context.tags())}
        namespace = kubernetes.core.v1.Namespace(
            f"{name}-namespace", metadata={"name": NAMESPACE, "labels": labels}, opts=child
        )
        priority = kubernetes.scheduling.v1.PriorityClass(
            f"{name}-priority",
            metadata={"name": PRIORITY_CLASS, "labels": labels},
            value=AGENT_PRIORITY,
            preemption_policy="Never",
            global_default=False,
            description="corridor observability agents: scheduled first on every node, never preempting a workload",
            opts=child,
        )
        # Header values (API keys) live only here: a Secret's data is a secret Output, so the plan
        # and the state show them masked, and the collector reads them as environment variables.
        headers = kubernetes.core.v1.Secret(
            f"{name}-otlp-headers",
            metadata={"name": HEADERS_SECRET, "namespace": NAMESPACE, "labels": labels},
            type="Opaque",
            string_data=pulumi.Output.secret(dict(settings.headers)),
            opts=pulumi.ResourceOptions(parent=self, depends_on=[namespace]),
        )
        prerequisites = [namespace, priority, headers]

        self.agents: dict[str, ChartRef] = {}
        profile = profile_for(context.spec.cloud)
        runtime, tolerations = profile.gpu_runtime_of(context.spec), profile.gpu_node_tolerations
        gpu_node_terms = profile.gpu_node_terms(context.spec)
        # A cluster corridor was handed and maps no pool onto has no GPU node corridor knows of.
        gpu_nodes = gpu_node_terms is None or bool(gpu_node_terms)
        if settings.agents.gpu_runtime and gpu_nodes and runtime.installs == "device-plugin":
            values = device_plugin_values(priority_class=PRIORITY_CLASS, extra_tolerations=tolerations)
            self._release(name, "gpu-runtime", charts.NVIDIA_DEVICE_PLUGIN, values, prerequisites)
        elif settings.agents.gpu_runtime and gpu_nodes and runtime.installs == "gpu-operator":
            values = gpu_operator_values(
                install_driver=runtime.installs_driver, priority_class=PRIORITY_CLASS, extra_tolerations=tolerations
            )
            self._release(name, "gpu-runtime", charts.GPU_OPERATOR, values, prerequisites)
        if settings.agents.dcgm_exporter and gpu_nodes:
            values = dcgm_exporter_values(
                profiling_metrics=settings.profiling_metrics,
                priority_class=PRIORITY_CLASS,
                extra_tolerations=tolerations,
                gpu_node_terms=gpu_node_terms,
            )
            self._release(name, "dcgm-exporter", charts.DCGM_EXPORTER, values, prerequisites)
        self.attributes = resource_attributes(context, cluster)
        if settings.agents.collector:
            assert settings.otlp_endpoint is not None, "validation requires otlpEndpoint while observability is on"
            collector = CollectorSettings(
                resource_attributes=self.attributes,
                otlp_endpoint=settings.otlp_endpoint,
                protocol=settings.protocol,
                headers_secret=HEADERS_SECRET if settings.headers else None,
                header_names=tuple(sorted(settings.headers)),
                buffer_minutes=settings.buffer_minutes,
                priority_class=PRIORITY_CLASS,
                gpu_prices=gpu_hour_prices(context.spec),
                currency=prices.currency(),
            )
            values = collector_values(collector)
            values["tolerations"] = [*values.get("tolerations", []), *tolerations]
            self._release(name, "collector", charts.OTEL_COLLECTOR, values, prerequisites)
        self.gpu_runtime = runtime
        self.register_outputs(self.outputs())

    def _release(
        self, name: str, agent: str, chart: ChartRef, values: dict[str, Any], after: list[pulumi.Resource]
    ) -> None:
        kubernetes.helm.v3.Release(
            f"{name}-{agent}",
            name=agent,
            chart=chart.chart,
            version=chart.version,
            repository_opts=kubernetes.helm.v3.RepositoryOptsArgs(repo=chart.repo),
            namespace=NAMESPACE,
            values=values,
            # Atomic: a release that does not become ready is rolled back, never left half-installed.
            atomic=True,
            # The collector removes chart defaults with null, as its chart documents; without this
            # the provider strips the nulls and the defaults (jaeger, zipkin, debug) stay.
            allow_null_values=True,
            timeout=RELEASE_TIMEOUT_SECONDS,
            opts=pulumi.ResourceOptions(parent=self, depends_on=after),
        )
        self.agents[agent] = chart

    def outputs(self) -> dict[str, object]:
        """What a reviewer checks: which agents at which chart versions, what the GPU runtime is
        and why, and the attributes every metric carries."""
        return {
            "namespace": NAMESPACE,
            "agents": {agent: chart.outputs() for agent, chart in self.agents.items()},
            "gpuRuntime": {
                "installs": self.gpu_runtime.installs,
                "installsDriver": self.gpu_runtime.installs_driver,
                "reason": self.gpu_runtime.reason,
            },
            "resourceAttributes": self.attributes,
        }
