"""ReplicatedStorage: checkpoint and weight buckets, encrypted with the stack's keys, replicated
to the DR region with the cloud's strongest native construction."""

from __future__ import annotations

from typing import Any

import pulumi

from components.clouds.base import Base, BucketResult, CloudAdapter, Keys

TYPE_TOKEN = "corridor:index:ReplicatedStorage"  # part of every URN: never rename


class ReplicatedStorage(pulumi.ComponentResource):
    """Every bucket of `corridor:storage`, the same outputs on every cloud."""

    buckets: dict[str, BucketResult]

    def __init__(
        self,
        name: str,
        adapter: CloudAdapter[Any, Any, Any],
        base: Base,
        keys: Keys,
        opts: pulumi.ResourceOptions | None = None,
    ) -> None:
        super().__init__(TYPE_TOKEN, name, None, opts)
        child = pulumi.ResourceOptions(parent=self)
        # A recovery stack adopts the source's replica copies instead of creating buckets.
        recovering = adapter.spec.recovery is not None
        build = adapter.adopt_storage if recovering else adapter.build_storage
        results = build(name, base, keys, child)
        self.buckets = {result.bucket: result for result in results}
        self.register_outputs(self.outputs())

    def outputs(self) -> dict[str, object]:
        """Per bucket: primary and replica names, URLs, regions and keys, the construction, the RPO."""
        return {"buckets": {bucket: result.outputs() for bucket, result in self.buckets.items()}}
