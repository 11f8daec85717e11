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
        """Neutral cluster outputs; the kubeconfig stays a secret in state and in plans."""
        return {
            "name": self.handle.name,
            "endpoint": self.handle.endpoint,
            "kubeconfig": pulumi.Output.secret(self.handle.kubeconfig),
            "versionPolicy": self.handle.version_policy.outputs(),
            "secretsKeyId": self.handle.secrets_key_id,
            # Read back from the system pool's placement inputs (null: the cloud places it).
            "systemZones": self.handle.system_zones,
            "systemZoneReason": self.handle.system_zone_reason,
            "apiAccess": self.handle.api_access.outputs(),
            "flowLogs": self.handle.flow_logs.outputs(),
            "nodeDisks": self.handle.node_disks.outputs(),
        }
