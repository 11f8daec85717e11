"""RegionStack: one GPU region, built from a validated `StackSpec`.

Creates the stack's explicit providers (the only place providers are made), then each capability
as a child that inherits them. The capability components never create providers, so every
resource is bound to the stack's region unless it names its DR region itself.
"""

from __future__ import annotations

import pulumi

from components.clouds import adapter_for
from components.clouds.base import RegionContext
from components.key_management import KeyManagement
from components.replicated_storage import ReplicatedStorage

TYPE_TOKEN = "corridor:index:RegionStack"  # part of every URN: never rename


class RegionStack(pulumi.ComponentResource):
    """Everything one region stack contains."""

    def __init__(self, name: str, context: RegionContext, opts: pulumi.ResourceOptions | None = None) -> None:
        super().__init__(TYPE_TOKEN, name, None, opts)
        adapter = adapter_for(context)
        providers = adapter.providers(pulumi.ResourceOptions(parent=self))
        children = pulumi.ResourceOptions(parent=self, providers=providers)
        adapter.foundation(name, children)

        self.keys = KeyManagement("keys", adapter, children)
        self.storage = (
            ReplicatedStorage("storage", adapter, self.keys.result, children) if context.spec.storage.buckets else None
        )
        self.register_outputs(self.exports())

    def exports(self) -> dict[str, object]:
        """What the stack exports: each capability's neutral outputs."""
        exports: dict[str, object] = {"keys": self.keys.outputs()}
        if self.storage is not None:
            exports["storage"] = self.storage.outputs()
        return exports
