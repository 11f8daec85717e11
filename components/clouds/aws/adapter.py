"""The AWS adapter: one explicit regional provider; each capability is built by its module.

Keys: `keys.py` (KMS). Storage: `storage.py` (S3 CRR). Cluster: `cluster.py` (VPC, EKS, system
node group). GPU pools: `node_pool.py` (EKS managed node groups with launch templates).

Handles: the neutral `Base` carries all that later builders need (resources inherit the provider
through their options); the keys are `AwsKeys` (the key ARNs, plus the bare key ids for the key
policies the cluster attaches, and in a recovery stack how the key was adopted); the cluster is an
`EksCluster`, which GPU node groups join.

A recovery stack adopts the source's replica key (`keys.adopt_keys`) and replica buckets
(`storage.adopt_storage`) in this region; everything else is built as in any stack.
"""

from __future__ import annotations

import pulumi
import pulumi_aws as aws

from components.clouds.aws import budgets as aws_budgets
from components.clouds.aws import cluster as eks
from components.clouds.aws import keys as kms
from components.clouds.aws import node_pool as gpu_node_groups
from components.clouds.aws import storage as s3
from components.clouds.aws.cluster import EksCluster
from components.clouds.aws.keys import AwsKeys
from components.clouds.base import Base, BucketResult, BudgetResult, CloudAdapter, NodePoolResult
from components.definition.pool_plan import PoolPlan


class Adapter(CloudAdapter[Base, AwsKeys, EksCluster]):
    def build_base(self, name: str, opts: pulumi.ResourceOptions) -> Base:
        # pulumi-aws v7 takes `region` per resource, so DR-region resources (replica key,
        # replica bucket) reuse this provider instead of a second one.
        provider = aws.Provider(f"aws-{self.spec.region}", region=self.spec.region, opts=opts)
        return Base(providers={"aws": provider})

    def build_keys(self, name: str, base: Base, opts: pulumi.ResourceOptions) -> AwsKeys:
        return kms.build_keys(self.context, name, opts)

    def build_storage(self, name: str, base: Base, keys: AwsKeys, opts: pulumi.ResourceOptions) -> list[BucketResult]:
        return s3.build_storage(self.context, name, keys, opts)

    def adopt_keys(self, name: str, base: Base, opts: pulumi.ResourceOptions) -> AwsKeys:
        return kms.adopt_keys(self.context, name, opts)

    def adopt_storage(self, name: str, base: Base, keys: AwsKeys, opts: pulumi.ResourceOptions) -> list[BucketResult]:
        return s3.adopt_storage(self.context, name, keys, opts)

    def build_cluster(self, name: str, base: Base, keys: AwsKeys, opts: pulumi.ResourceOptions) -> EksCluster:
        return eks.build_cluster(self.context, name, keys, opts)

    def build_node_pool(
        self, name: str, base: Base, plan: PoolPlan, cluster: EksCluster, opts: pulumi.ResourceOptions
    ) -> NodePoolResult:
        return gpu_node_groups.build_node_pool(self.context, name, plan, cluster, opts)

    def build_budgets(self, name: str, base: Base, opts: pulumi.ResourceOptions) -> list[BudgetResult]:
        return aws_budgets.build_budgets(self.context, name, opts)
