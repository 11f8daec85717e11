"""GpuCluster: the region's managed Kubernetes cluster, the same outputs on every cloud."""

from __future__ import annotations

import pulumi

from components.clouds.base import CloudAdapter, ClusterResult, KeysResult

TYPE_TOKEN = "corridor:index:GpuCluster"  # part of every URN: never rename


class GpuCluster(pulumi.ComponentResource):
    """Network, control plane with encrypted Secrets, system nodes, and a secret kubeconfig."""

    result: ClusterResult

    def __init__(
        self, name: str, adapter: CloudAdapter, keys: KeysResult, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        super().__init__(TYPE_TOKEN, name, None, opts)
        self.result = adapter.gpu_cluster(name, keys, pulumi.ResourceOptions(parent=self))
        self.register_outputs(self.outputs())

    def outputs(self) -> dict[str, object]:
        """Neutral cluster outputs; the kubeconfig stays a secret in state and in plans."""
        return {
            "name": self.result.name,
            "endpoint": self.result.endpoint,
            "kubeconfig": pulumi.Output.secret(self.result.kubeconfig),
            "versionPolicy": self.result.version_policy,
            "secretsKeyId": self.result.secrets_key_id,
            # Read back from the system pool's placement inputs (null: the cloud places it).
            "systemZones": self.result.system_zones,
            "systemZoneReason": self.result.system_zone_reason,
        }
