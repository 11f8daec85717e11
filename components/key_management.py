"""KeyManagement: the stack's customer-managed keys, the same outputs on every cloud."""

from __future__ import annotations

from typing import Any

import pulumi

from components.clouds.base import Base, CloudAdapter, Keys

TYPE_TOKEN = "corridor:index:KeyManagement"  # part of every URN: never rename


class KeyManagement(pulumi.ComponentResource):
    """A rotating symmetric key in `region` and a key usable in `drRegion`, both protected."""

    handle: Keys
    """The keys as the cloud's own builders consume them (the adapter's typed handle)."""

    def __init__(
        self,
        name: str,
        adapter: CloudAdapter[Any, Any, Any],
        base: Base,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE_TOKEN, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        # A recovery stack adopts the source's replica key instead of creating one.
        recovering = adapter.spec.recovery is not None
        self.handle = adapter.adopt_keys(name, base, child) if recovering else adapter.build_keys(name, base, child)
        self.rotation_days = adapter.spec.keys.rotation_days
        self.register_outputs(self.outputs())

    def outputs(self) -> dict[str, object]:
        """The neutral output shape, identical on every cloud (camelCase, as exported)."""
        return {
            "keyId": self.handle.primary.id,
            "keyRegion": self.handle.primary.region,
            "replicaKeyId": self.handle.replica.id,
            "replicaKeyRegion": self.handle.replica.region,
            "rotationDays": self.rotation_days,
        }
