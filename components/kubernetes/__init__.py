"""The shared in-cluster layer: what runs inside a region's cluster, on every cloud alike.

`RegionStack` makes one `pulumi_kubernetes` provider per region from the cluster's kubeconfig
(`cluster_provider`) when some in-cluster capability is wanted, and hands it to each one. So a
capability such as the observability agents is written once, against Kubernetes, and serves
every cloud's cluster, including a cluster corridor did not create (all it needs is a
`Cluster` handle with a kubeconfig). `pulumi_kubernetes` is imported only when a provider is
made, so a stack with nothing in its cluster never loads it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import pulumi

if TYPE_CHECKING:
    from components.clouds.base import Cluster, RegionContext

PROVIDER_PACKAGE = "kubernetes"
"""The package name under which children find the provider (`ResourceOptions.providers`)."""


class InClusterComponent(Protocol):
    """What an in-cluster capability builds: a component whose outputs the region exports."""

    def outputs(self) -> dict[str, object]: ...


class InClusterCapability(Protocol):
    """One thing corridor runs inside every region's cluster, built as a component."""

    @property
    def name(self) -> str:
        """Logical name of the component under the region (part of its URN: never rename)."""
        ...

    def wanted(self, context: RegionContext) -> bool:
        """Whether this stack gets the capability (from its definition and cloud profile)."""
        ...

    def build(
        self, name: str, context: RegionContext, cluster: Cluster, opts: pulumi.ResourceOptions
    ) -> InClusterComponent:
        """The component, every resource of which inherits the cluster's provider from `opts`;
        the region exports its `outputs()` under `name`."""
        ...


@dataclass(frozen=True)
class Observability:
    """The observability agents (`corridor:observability`), on when the stack keeps them on."""

    name: str = "observability"

    def wanted(self, context: RegionContext) -> bool:
        return context.spec.observability.enabled

    def build(
        self, name: str, context: RegionContext, cluster: Cluster, opts: pulumi.ResourceOptions
    ) -> InClusterComponent:
        from components.kubernetes.observability import ObservabilityAgents  # loads pulumi_kubernetes

        return ObservabilityAgents(name, context, cluster, opts)


IN_CLUSTER: tuple[InClusterCapability, ...] = (Observability(),)
"""The in-cluster capabilities corridor ships, in the order they are built."""


def cluster_provider(name: str, cluster: Cluster, opts: pulumi.ResourceOptions) -> pulumi.ProviderResource:
    """The region's one Kubernetes provider, authenticated by the cluster's exec-plugin
    kubeconfig (no credential stored), so no in-cluster resource uses the ambient kubeconfig."""
    import pulumi_kubernetes as kubernetes  # only stacks with in-cluster capabilities load it

    # Secret: the kubeconfig holds no credential, but it names the endpoint and CA, which the
    # plan and the state keep out of sight like every other kubeconfig corridor exports.
    return kubernetes.Provider(name, kubeconfig=pulumi.Output.secret(cluster.kubeconfig), opts=opts)


def in_cluster_options(provider: pulumi.ProviderResource, parent: pulumi.Resource) -> pulumi.ResourceOptions:
    """Options for an in-cluster component: parented to the region, bound to `provider`."""
    return pulumi.ResourceOptions(parent=parent, providers={PROVIDER_PACKAGE: provider})
