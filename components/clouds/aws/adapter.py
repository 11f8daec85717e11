"""The AWS adapter: one explicit regional provider, capabilities delegated by module.

Keys: `keys.py` (KMS). Storage: `storage.py` (S3 CRR). Cluster: `cluster.py` (VPC, EKS, system
node group). GPU pools: `node_pool.py` (EKS managed node groups with launch templates).
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.catalog.accelerators import Offering
from components.clouds.aws import cluster as eks_cluster
from components.clouds.aws import keys, node_pool, storage
from components.clouds.base import BucketResult, CloudAdapter, ClusterResult, KeysResult, NodePoolResult
from components.definition.gpu import GpuPool


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

    def gpu_cluster(self, name: str, keys: KeysResult, opts: pulumi.ResourceOptions) -> ClusterResult:
        return eks_cluster.build(self.context, name, keys, opts)

    def gpu_node_pool(
        self,
        name: str,
        pool: GpuPool,
        offering: Offering,
        cluster: ClusterResult,
        labels: dict[str, str],
        opts: pulumi.ResourceOptions,
    ) -> NodePoolResult:
        return node_pool.build(self.context, name, pool, offering, cluster, labels, opts)
