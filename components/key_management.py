"""KeyManagement: the stack's customer-managed keys, the same outputs on every cloud."""

from __future__ import annotations

import pulumi

from components.clouds.base import CloudAdapter, KeysResult

TYPE_TOKEN = "corridor:index:KeyManagement"  # part of every URN: never rename


class KeyManagement(pulumi.ComponentResource):
    """A rotating symmetric key in `region` and a key usable in `drRegion`, both protected."""

    key_id: pulumi.Output[str]
    """The primary key, as the cloud's services reference it (ARN, crypto key id, key URI)."""
    key_region: pulumi.Output[str]
    replica_key_id: pulumi.Output[str]
    """The key in `drRegion` that encrypts replicas."""
    replica_key_region: pulumi.Output[str]
    rotation_days: pulumi.Output[int]

    def __init__(self, name: str, adapter: CloudAdapter, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TYPE_TOKEN, name, None, opts)
        self.result: KeysResult = adapter.key_management(name, pulumi.ResourceOptions(parent=self))
        self.key_id = self.result.primary.id
        self.key_region = pulumi.Output.from_input(self.result.primary.region)
        self.replica_key_id = self.result.replica.id
        self.replica_key_region = pulumi.Output.from_input(self.result.replica.region)
        self.rotation_days = pulumi.Output.from_input(adapter.spec.keys.rotation_days)
        self.register_outputs(self.outputs())

    def outputs(self) -> dict[str, pulumi.Output[object]]:
        """The neutral output shape, identical on every cloud (camelCase, as exported)."""
        return {
            "keyId": self.key_id,
            "keyRegion": self.key_region,
            "replicaKeyId": self.replica_key_id,
            "replicaKeyRegion": self.replica_key_region,
            "rotationDays": self.rotation_days,
        }
