"""AttachedCluster: a Kubernetes cluster a provider handed over, with the outputs of any cluster.

Many regional and neocloud providers hand over a ready cluster instead of a cloud API. corridor
creates nothing here: the adapter turns the stack's kubeconfig into the same `Cluster` handle a
created cluster has, so the shared in-cluster layer installs the GPU runtime and the agents on
it, and GPU pools map onto the provider's nodes. What the provider controls (version, network,
API access, node disks, Secret encryption) is reported as such, never as corridor's.
"""

from __future__ import annotations

from typing import Any

import pulumi

from components.clouds.base import Base, CloudAdapter, Cluster

TYPE_TOKEN = "corridor:index:AttachedCluster"  # part of every URN: never rename


class AttachedCluster(pulumi.ComponentResource):
    """A cluster corridor did not create and never modifies, reached through its kubeconfig."""

    handle: Cluster
    """The cluster as the in-cluster layer and the mapped GPU pools consume it."""

    def __init__(
        self,
        name: str,
        adapter: CloudAdapter[Any, Any, Any],
        base: Base,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE_TOKEN, name, None, opts)
        self.handle = adapter.attach_cluster(name, base, pulumi.ResourceOptions(parent=self))
        self.register_outputs(self.outputs())

    def outputs(self) -> dict[str, object]:
        """The neutral cluster outputs (`Cluster.outputs`)."""
        return self.handle.outputs()
