"""The AWS adapter: one explicit regional provider, capabilities delegated by module."""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.clouds.aws import keys, storage
from components.clouds.base import BucketResult, CloudAdapter, KeysResult


class Adapter(CloudAdapter):
    cloud = "aws"

    def providers(self, opts: pulumi.ResourceOptions) -> dict[str, pulumi.ProviderResource]:
        # pulumi-aws v7 takes `region` per resource, so DR-region resources (replica key,
        # replica bucket) reuse this provider instead of a second one.
        provider = aws.Provider(f"aws-{self.spec.region}", region=self.spec.region, opts=opts)
        return {"aws": provider}

    def key_management(self, name: str, opts: pulumi.ResourceOptions) -> KeysResult:
        return keys.build(self.context, name, opts)

    def replicated_storage(self, name: str, keys: KeysResult, opts: pulumi.ResourceOptions) -> list[BucketResult]:
        return storage.build(self.context, name, keys, opts)
