"""GpuCluster: the region's managed Kubernetes cluster, the same outputs on every cloud."""

from __future__ import annotations

from typing import Any

import pulumi

from components.clouds.base import Base, CloudAdapter, Cluster, Keys

TYPE_TOKEN = "corridor:index:GpuCluster"  # part of every URN: never rename


class GpuCluster(pulumi.ComponentResource):
    """Network, control plane with encrypted Secrets, system nodes, and a secret kubeconfig."""

    handle: Cluster
    """The cluster as its cloud's node pools and the in-cluster layer consume it."""

    def __init__(
        self,
        name: str,
        adapter: CloudAdapter[Any, Any, Any],
        base: Base,
        keys: Keys,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE_TOKEN, name, None, opts)
        self.handle = adapter.build_cluster(name, base, keys, pulumi.ResourceOptions(parent=self))
        self.register_outputs(self.outputs())

    def outputs(self) -> dict[str, object]:
        """The neutral cluster outputs (`Cluster.outputs`)."""
        return self.handle.outputs()
