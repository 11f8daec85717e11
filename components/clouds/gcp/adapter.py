"""The GCP adapter: one explicit provider bound to the stack's project and region."""

from __future__ import annotations

import pulumi
import pulumi_gcp as gcp

from components.catalog.accelerators import Offering
from components.clouds.base import BucketResult, CloudAdapter, ClusterResult, KeysResult, NodePoolResult
from components.clouds.gcp import cluster, keys, node_pool, storage
from components.definition.gpu import GpuPool


class Adapter(CloudAdapter):
    cloud = "gcp"

    @property
    def project(self) -> str:
        project = self.spec.gcp_project
        assert project is not None, "the loader requires corridor:gcpProject on gcp stacks"
        return project

    def providers(self, opts: pulumi.ResourceOptions) -> dict[str, pulumi.ProviderResource]:
        # Resources in drRegion name their location explicitly; the provider's region is only
        # the default for regional resources that do not.
        provider = gcp.Provider(
            f"gcp-{self.spec.region}",
            project=self.project,
            region=self.spec.region,
            # The provider would add a `goog-pulumi-provisioned` label to every resource; the
            # tag schema is explicit instead, so the plan shows exactly what is applied.
            add_pulumi_attribution_label=False,
            opts=opts,
        )
        return {"gcp": provider}

    def key_management(self, name: str, opts: pulumi.ResourceOptions) -> KeysResult:
        return keys.build(self.context, self.project, name, opts)

    def replicated_storage(self, name: str, keys: KeysResult, opts: pulumi.ResourceOptions) -> list[BucketResult]:
        return storage.build(self.context, self.project, name, keys, opts)

    def gpu_cluster(self, name: str, keys: KeysResult, opts: pulumi.ResourceOptions) -> ClusterResult:
        return cluster.build(self.context, self.project, name, keys, opts)

    def gpu_node_pool(
        self,
        name: str,
        pool: GpuPool,
        offering: Offering,
        cluster: ClusterResult,
        labels: dict[str, str],
        opts: pulumi.ResourceOptions,
    ) -> NodePoolResult:
        return node_pool.build(self.context, self.project, name, pool, offering, cluster, labels, opts)
