"""The shared in-cluster layer: what runs inside a region's cluster, on every cloud alike.

`RegionStack` makes one `pulumi_kubernetes` provider per region from the cluster's kubeconfig
(`cluster_provider`) when some in-cluster capability is wanted, and hands it to each one. So a
capability such as the observability agents is written once, against Kubernetes, and serves
every cloud's cluster, including a cluster corridor did not create (all it needs is a
`Cluster` handle with a kubeconfig). `pulumi_kubernetes` is imported only when a provider is
made, so a stack with nothing in its cluster never loads it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

import pulumi

if TYPE_CHECKING:
    from components.clouds.base import Cluster, RegionContext

PROVIDER_PACKAGE = "kubernetes"
"""The package name under which children find the provider (`ResourceOptions.providers`)."""


class InClusterCapability(Protocol):
    """One thing corridor runs inside every region's cluster, built as a component."""

    name: str
    """Logical name of the component under the region (part of its URN: never rename)."""

    def wanted(self, context: RegionContext) -> bool:
        """Whether this stack gets the capability (from its definition and cloud profile)."""
        ...

    def build(
        self, name: str, context: RegionContext, cluster: Cluster, opts: pulumi.ResourceOptions
    ) -> pulumi.ComponentResource:
        """The component, every resource of which inherits the cluster's provider from `opts`."""
        ...


IN_CLUSTER: tuple[InClusterCapability, ...] = ()
"""The in-cluster capabilities corridor ships, in the order they are built (none yet: the
observability agents are the first, issue 12)."""


def cluster_provider(name: str, cluster: Cluster, opts: pulumi.ResourceOptions) -> pulumi.ProviderResource:
    """The region's one Kubernetes provider, authenticated by the cluster's exec-plugin
    kubeconfig (no credential stored), so no in-cluster resource uses the ambient kubeconfig."""
    import pulumi_kubernetes as kubernetes  # only stacks with in-cluster capabilities load it

    return kubernetes.Provider(name, kubeconfig=cluster.kubeconfig, opts=opts)


def in_cluster_options(provider: pulumi.ProviderResource, parent: pulumi.Resource) -> pulumi.ResourceOptions:
    """Options for an in-cluster component: parented to the region, bound to `provider`."""
    return pulumi.ResourceOptions(parent=parent, providers={PROVIDER_PACKAGE: provider})
