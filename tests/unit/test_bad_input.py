"""The bad-input corpus: each invalid config fails with its exact path and reason, registering nothing.

A typo must cost the user one read of one message, never a half-created region. Every case
asserts the full problem list (so an extra or missing problem fails the test) and then runs the
real program under the mock runtime to prove not a single resource was registered.
"""

from __future__ import annotations

from typing import Any

import pulumi
import pytest

from components.capabilities import Capability
from components.clouds.features import IMAGE_ADMISSION, PLATFORM_KEY_NODE_DISKS
from components.clouds.registry import profile_for
from components.definition import SpecError, load_spec
from components.definition.budgets import BUDGET_TOPIC, TEAM_BUDGETS
from corridor import stack_config
from corridor.render import run_program
from tests.conftest import BASELINE, PROJECT_DIR, base_config, edited_config

GCP_KEEPS_STACK_KEY = profile_for("gcp").unsupported[PLATFORM_KEY_NODE_DISKS]
AWS_NO_ADMISSION = profile_for("aws").unsupported.get(IMAGE_ADMISSION, "")
TAG_RULE = (
    "must be 1 to 63 lowercase letters, digits, '_' or '-', starting and ending with a letter or digit: "
    "the one value every cloud's tags and labels and Kubernetes label values accept unchanged"
)
TAGS = {"team": "ml-platform", "purpose": "training", "environment": "prod", "costCenter": "ai-1234"}
TAG_KEYS = "costCenter, environment, purpose, team"
KEY_KEYS = "deletionWindowDays, rotationDays"
ROTATION = "must be between 90 and 2560 days (AWS KMS rotation limits, the strictest supported cloud)"
WINDOW = "must be between 7 and 30 days (AWS KMS deletion window limits, shared by every cloud)"

TRAIN = {"name": "train", "accelerator": "H100", "gpusPerNode": 8, "maxNodes": 4}
EKS_QUOTAS = "EKS service quotas, https://docs.aws.amazon.com/eks/latest/userguide/service-quotas.html"
CB = {"kind": "capacityBlock", "id": "cr-0123456789abcdef0", "zone": "ap-southeast-1b"}

OCIDS = "https://docs.oracle.com/en-us/iaas/Content/General/Concepts/identifiers.htm"
PREEMPTIBLE = "https://docs.oracle.com/en-us/iaas/Content/Compute/Concepts/preemptible.htm"
OCI_ROTATION = (
    "https://docs.oracle.com/en-us/iaas/Content/KeyManagement/Tasks/"
    "tasks_tasks_managingkeys_topic_edit_auto_key_rotation.htm"
)
OCI_INFER = {"name": "infer", "accelerator": "L40S", "gpusPerNode": 4, "maxNodes": 2}
"""The OCI examples' inference pool (OCI sells no L4): bare metal, so on demand only."""

FROM_BASELINE = "this value comes from Pulumi.yaml; change it for this stack with corridor:overrides: {gpuPools: ...}"
ALI_RESOURCE_GROUP = (
    "https://www.alibabacloud.com/help/en/resource-management/resource-group/developer-reference/"
    "api-resourcemanager-2020-03-31-getresourcegroup"
)
ALI_TAGS = "https://www.alibabacloud.com/help/en/resource-management/tag/product-overview/limits"
ALI_KMS = "https://www.alibabacloud.com/help/en/kms/developer-reference/api-createkey"
ALI_PRIVATE_POOL = "https://www.alibabacloud.com/help/en/ecs/user-guide/overview-of-private-pools"
ALI_TRAIN = {"name": "train", "accelerator": "A100-80GB", "gpusPerNode": 8, "maxNodes": 4, "interconnect": "none"}
ALI_INFER = {"name": "infer", "accelerator": "A100-80GB", "gpusPerNode": 1, "maxNodes": 8, "interconnect": "none"}
"""The Alibaba examples' pools: the catalog's only Alibaba accelerator (A100 80 GB, gn7e), on demand."""

BUDGET = {
    "startMonth": "2026-12",
    "monthlyLimit": 250000,
    "thresholds": [{"percent": 80, "basis": "actual"}],
    "notify": {"emails": ["gpu-finops@example.com"]},
}
"""A valid `corridor:budgets`, which each budget case breaks in one place."""
ALI_NO_BUDGETS = profile_for("alicloud").unsupported[Capability.BUDGETS]
OCI_NO_TEAM_BUDGETS = profile_for("oci").unsupported[TEAM_BUDGETS]
OCI_NO_TOPIC = profile_for("oci").unsupported[BUDGET_TOPIC]
OCI_TOPIC = {"emails": ["gpu-finops@example.com"], "topic": "ocid1.onstopic.oc1.me-jeddah-1.aaaa"}

# (id, cloud, config edits, exact problems in order)
K8S_TRAIN = {"name": "train", "accelerator": "H100", "gpusPerNode": 8, "maxNodes": 4}
K8S_INFER = {"name": "infer", "accelerator": "L4", "gpusPerNode": 1, "maxNodes": 8, "interconnect": "none"}
"""The kubernetes example's pools, bought on demand from the provider."""

CORPUS: list[tuple[str, str, dict[str, Any], list[str]]] = [
    ("cloud-missing", "aws", {"cloud": None}, ["corridor:cloud: is required"]),
    (
        "cloud-typo",
        "aws",
        {"cloud": "awz"},
        [
            "corridor:cloud: 'awz' is not a supported cloud (did you mean 'aws'?); "
            "supported: aws, gcp, azure, oci, alicloud, kubernetes"
        ],
    ),
    (
        "cloud-not-yet-supported",
        "aws",
        {"cloud": "tencentcloud"},
        [
            "corridor:cloud: 'tencentcloud' is not a supported cloud; "
            "supported: aws, gcp, azure, oci, alicloud, kubernetes"
        ],
    ),
    (
        "region-typo",
        "aws",
        {"region": "ap-southeast-l"},
        ["corridor:region: 'ap-southeast-l' is not a region of aws (did you mean 'ap-southeast-1'?)"],
    ),
    ("region-missing", "gcp", {"region": None}, ["corridor:region: is required"]),
    (
        "dr-region-of-another-cloud",
        "gcp",
        {"drRegion": "ap-southeast-3"},
        ["corridor:drRegion: 'ap-southeast-3' is not a region of gcp (did you mean 'asia-southeast3'?)"],
    ),
    (
        "dr-region-equals-region",
        "azure",
        {"drRegion": "uaenorth"},
        [
            "corridor:drRegion: must differ from corridor:region ('uaenorth'): "
            "a replica in the same region survives no regional outage"
        ],
    ),
    ("dr-region-missing", "aws", {"drRegion": None}, ["corridor:drRegion: is required"]),
    (
        "unknown-key",
        "aws",
        {"drRegoin": "ap-southeast-3"},
        ["corridor:drRegoin: is not a corridor setting (did you mean 'drRegion'?)"],
    ),
    (
        "provider-config-is-ignored",
        "aws",
        {"aws:region": "us-east-1"},
        ["aws:region: is ignored: corridor creates explicit providers from corridor:region; remove it"],
    ),
    ("tags-missing", "aws", {"tags": None}, ["corridor:tags: is required"]),
    (
        "tag-misspelt",
        "gcp",
        {"tags": {**{k: v for k, v in TAGS.items() if k != "team"}, "teem": "ml"}},
        [
            "corridor:tags.team: is required",
            f"corridor:tags.teem: is not a known setting (did you mean 'team'?); expected one of: {TAG_KEYS}",
        ],
    ),
    (
        "tag-value-too-long",
        "azure",
        {"tags": {**TAGS, "team": "t" * 64}},
        [f"corridor:tags.team: {TAG_RULE}; got '{'t' * 64}'"],
    ),
    (
        "tag-value-a-cloud-would-rewrite",
        "gcp",
        {"tags": {**TAGS, "team": "ML Platform"}},
        [f"corridor:tags.team: {TAG_RULE}; got 'ML Platform'"],
    ),
    (
        "tag-value-empty",
        "aws",
        {"tags": {**TAGS, "purpose": ""}},
        [f"corridor:tags.purpose: {TAG_RULE}; got ''"],
    ),
    (
        "azure-zones-in-a-region-without-zones",
        "azure",
        {"region": "uaecentral", "drRegion": "uaenorth", "zones": ["1", "2"]},
        ["corridor:zones[0]: '1' is not a zone of uaecentral", "corridor:zones[1]: '2' is not a zone of uaecentral"],
    ),
    (
        "tags-not-an-object",
        "aws",
        {"tags": "ml-platform"},
        ["corridor:tags: input should be a valid dictionary or instance of Tags"],
    ),
    (
        "rotation-too-short",
        "aws",
        {"keys": {"rotationDays": 30}},
        [f"corridor:keys.rotationDays: {ROTATION}; got 30"],
    ),
    (
        "rotation-too-long",
        "gcp",
        {"keys": {"rotationDays": 3000}},
        [f"corridor:keys.rotationDays: {ROTATION}; got 3000"],
    ),
    (
        "deletion-window-too-long",
        "azure",
        {"keys": {"deletionWindowDays": 45}},
        [f"corridor:keys.deletionWindowDays: {WINDOW}; got 45"],
    ),
    (
        "deletion-window-not-a-number",
        "aws",
        {"keys": {"deletionWindowDays": "thirty"}},
        ["corridor:keys.deletionWindowDays: input should be a valid integer, unable to parse string as an integer"],
    ),
    (
        "keys-unknown-field",
        "aws",
        {"keys": {"rotationPeriod": 90}},
        [
            "corridor:keys.rotationPeriod: is not a known setting (did you mean 'rotationDays'?); "
            f"expected one of: {KEY_KEYS}"
        ],
    ),
    (
        "keys-malformed-json",
        "aws",
        {"keys": "{rotationDays: 90"},
        ["corridor:keys: is not valid structured config: Expecting property name enclosed in double quotes"],
    ),
    (
        "gcp-project-missing",
        "gcp",
        {"gcpProject": None},
        ["corridor:gcpProject: is required when corridor:cloud is gcp"],
    ),
    (
        "gcp-project-invalid",
        "gcp",
        {"gcpProject": "My_Project"},
        [
            "corridor:gcpProject: must be a GCP project id: 6 to 30 lowercase letters, digits or hyphens, "
            "starting with a letter; got 'My_Project'"
        ],
    ),
    (
        "gcp-key-on-aws",
        "aws",
        {"gcpProject": "corridor-prod"},
        ["corridor:gcpProject: only applies to gcp stacks; this stack is aws"],
    ),
    (
        "azure-tenant-missing",
        "azure",
        {"azureTenantId": None},
        ["corridor:azureTenantId: is required when corridor:cloud is azure"],
    ),
    (
        "azure-subscription-not-uuid",
        "azure",
        {"azureSubscriptionId": "my-subscription"},
        [
            "corridor:azureSubscriptionId: must be a UUID such as 00000000-0000-0000-0000-000000000000; "
            "got 'my-subscription'"
        ],
    ),
    (
        "azure-resource-group-trailing-dot",
        "azure",
        {"azureResourceGroup": "corridor."},
        [
            "corridor:azureResourceGroup: must be an Azure resource group name: 1 to 90 letters, digits, "
            "'_', '-', '.', '(' or ')', not ending in '.'; got 'corridor.'"
        ],
    ),
    (
        "residency-excludes-dr-country",
        "aws",
        {"residency": ["SG"]},
        ["corridor:drRegion: 'ap-southeast-3' is in ID, outside corridor:residency (SG)"],
    ),
    (
        "residency-excludes-both-regions",
        "gcp",
        {"residency": ["AE", "SA"]},
        [
            "corridor:region: 'asia-southeast1' is in SG, outside corridor:residency (AE, SA)",
            "corridor:drRegion: 'asia-southeast2' is in ID, outside corridor:residency (AE, SA)",
        ],
    ),
    (
        "residency-not-a-country-code",
        "azure",
        {"residency": ["uae"]},
        ["corridor:residency[0]: must be an ISO 3166-1 alpha-2 code such as SG; got 'uae'"],
    ),
    (
        "storage-duplicate-bucket",
        "aws",
        {"storage": {"buckets": [{"name": "weights"}, {"name": "weights"}]}},
        ["corridor:storage: bucket names must be unique; repeated: weights"],
    ),
    (
        "storage-replication-without-versioning",
        "gcp",
        {"storage": {"buckets": [{"name": "weights"}], "versioning": False}},
        ["corridor:storage: replication needs versioning: S3 and Azure replicate versions, not objects"],
    ),
    (
        "storage-bucket-name-invalid",
        "azure",
        {"storage": {"buckets": [{"name": "Checkpoints_1"}]}},
        [
            "corridor:storage.buckets[0].name: must be 3 to 20 lowercase letters, digits or single hyphens, "
            "starting with a letter; got 'Checkpoints_1'"
        ],
    ),
    (
        "storage-soft-delete-too-long",
        "aws",
        {"storage": {"buckets": [{"name": "weights"}], "softDeleteDays": 100}},
        [
            "corridor:storage.softDeleteDays: must be between 7 and 90 days "
            "(GCS soft-delete limits, valid on every cloud); got 100"
        ],
    ),
    (
        "storage-unknown-field",
        "aws",
        {"storage": {"bucket": [{"name": "weights"}]}},
        [
            "corridor:storage.bucket: is not a known setting (did you mean 'buckets'?); expected one of: "
            "buckets, noncurrentVersionDays, replication, softDeleteDays, versioning"
        ],
    ),
    (
        "gpu-unknown-accelerator",
        "aws",
        {"gpuPools": [{**TRAIN, "accelerator": "H10"}]},
        [
            "corridor:gpuPools[0].accelerator: 'H10' is not an accelerator (did you mean 'H100'?); "
            "known: H100, H200, B200, GB200, A100-80GB, L40S, L4"
        ],
    ),
    (
        "gpu-accelerator-not-offered-by-cloud",
        "azure",
        {"gpuPools": [{**TRAIN, "accelerator": "L4", "gpusPerNode": 1}]},
        ["corridor:gpuPools[0].accelerator: L4 is not offered by azure; offered by aws, gcp"],
    ),
    (
        "gpu-count-not-offered",
        "aws",
        {"gpuPools": [{**TRAIN, "accelerator": "L4", "gpusPerNode": 2}]},
        ["corridor:gpuPools[0].gpusPerNode: aws offers L4 with 1, 4, 8 GPUs per node, not 2"],
    ),
    (
        "gpu-min-above-max",
        "gcp",
        {"gpuPools": [{**TRAIN, "minNodes": 5}]},
        ["corridor:gpuPools[0]: minNodes (5) must not exceed maxNodes (4)"],
    ),
    (
        "gpu-max-nodes-missing",
        "aws",
        {"gpuPools": [{k: v for k, v in TRAIN.items() if k != "maxNodes"}]},
        ["corridor:gpuPools[0].maxNodes: is required"],
    ),
    (
        "gpu-reserved-without-reservation",
        "aws",
        {"gpuPools": [{**TRAIN, "capacity": "reserved"}]},
        [
            "corridor:gpuPools[0].capacity: is reserved, "
            "but corridor:reservations has no entry for pool 'train' in this stack"
        ],
    ),
    (
        "gpu-more-pools-than-the-cluster-takes",
        "aws",
        {"gpuPools": [{**TRAIN, "name": f"p{i}", "maxNodes": 1} for i in range(30)]},
        [
            "corridor:gpuPools: lists 30 pools; one aws cluster takes at most 29 GPU pools beside its system pool "
            f"({EKS_QUOTAS})"
        ],
    ),
    (
        "gpu-pool-larger-than-the-cloud-allows",
        "aws",
        {"gpuPools": [{**TRAIN, "maxNodes": 500}]},
        [f"corridor:gpuPools[0].maxNodes: 500 exceeds the 450 nodes one aws pool takes ({EKS_QUOTAS})"],
    ),
    (
        "gpu-pools-larger-than-the-cluster-allows",
        "azure",
        {"gpuPools": [{**TRAIN, "name": f"p{i}", "maxNodes": 1000} for i in range(6)]},
        [
            "corridor:gpuPools: maxNodes add up to 6000; one azure cluster holds at most 5000 nodes "
            "(AKS limits, https://learn.microsoft.com/azure/aks/quotas-skus-regions)"
        ],
    ),
    (
        "strict-catalog-refuses-an-unknown-purchase-mode",
        "azure",
        {"strictCatalog": True},
        [
            "corridor:gpuPools[1]: corridor:strictCatalog is on and the catalog does not know whether azure sells "
            "Standard_NC24ads_A100_v4 as spot (the catalog has no source); choose a pool the catalog confirms, "
            "or add the fact with its source to the catalog"
        ],
    ),
    (
        "gpu-spot-where-unsupported",
        "gcp",
        {"gpuPools": [{**TRAIN, "accelerator": "GB200", "gpusPerNode": 4, "capacity": "spot"}]},
        [
            "corridor:gpuPools[0].capacity: gcp does not sell a4x-highgpu-4g (GB200) as spot; sold as: reserved "
            "(source: https://cloud.google.com/ai-hypercomputer/docs/consumption-models)"
        ],
    ),
    (
        "gpu-on-demand-where-unsupported",
        "gcp",
        {"gpuPools": [{**TRAIN, "accelerator": "H200"}]},
        [
            "corridor:gpuPools[0].capacity: gcp does not sell a3-ultragpu-8g (H200) as onDemand; "
            "sold as: spot, reserved (source: facts_gpu.md §1.2 (GoogleCloudPlatform/cluster-toolkit "
            "examples/gke-a3-ultragpu: RDMA over RoCE, 8 RDMA subnets; v1.44.1 release note; not sold as plain "
            "on-demand per gpuhunt consumption-option note); vCPU/RAM from GKE cluster-autoscaler machine-type "
            "table (Go package machinetypes, module k8s.io/gke-autoscaling; public code index file id "
            "56690376758) [REF]; spot price in gpu_prices.md (S9))"
        ],
    ),
    (
        "gpu-reservation-kind-of-another-cloud",
        "gcp",
        {
            "gpuPools": [{**TRAIN, "capacity": "reserved"}],
            "reservations": {"train": {**CB, "zone": "asia-southeast1-b"}},
        },
        [
            "corridor:reservations.train.kind: gcp has no 'capacityBlock' reservations; "
            "gcp supports: reservation, flexStart"
        ],
    ),
    (
        "gpu-reservation-zone-outside-zones",
        "aws",
        {"gpuPools": [{**TRAIN, "capacity": "reserved"}], "reservations": {"train": {**CB, "zone": "ap-southeast-1d"}}},
        [
            "corridor:reservations.train.zone: 'ap-southeast-1d' is not one of corridor:zones "
            "(ap-southeast-1a, ap-southeast-1b, ap-southeast-1c)"
        ],
    ),
    (
        "gpu-reservation-without-id",
        "azure",
        {
            "gpuPools": [{**TRAIN, "capacity": "reserved"}],
            "reservations": {"train": {"kind": "capacityReservationGroup"}},
        },
        ["corridor:reservations.train: id is required for a capacityReservationGroup"],
    ),
    (
        "gpu-reservation-for-unknown-pool",
        "aws",
        {"gpuPools": [TRAIN], "reservations": {"trian": CB}},
        ["corridor:reservations.trian: names no pool (did you mean 'train'?); pools: train"],
    ),
    (
        "gpu-duplicate-pool-names",
        "aws",
        {"gpuPools": [TRAIN, TRAIN]},
        ["corridor:gpuPools: pool names must be unique; repeated: train"],
    ),
    (
        "gpu-pool-name-invalid",
        "azure",
        {"gpuPools": [{**TRAIN, "name": "Train-Pool"}]},
        [
            "corridor:gpuPools[0].name: must be 1 to 12 lowercase letters or digits, starting with a letter "
            "(AKS pool name rules); got 'Train-Pool'"
        ],
    ),
    (
        "zones-missing-on-aws",
        "aws",
        {"zones": None},
        ["corridor:zones: is required on aws: list at least two zones of ap-southeast-1"],
    ),
    (
        "zone-of-another-region",
        "gcp",
        {"zones": ["asia-southeast1-a", "asia-southeast2-b"]},
        ["corridor:zones[1]: 'asia-southeast2-b' is not a zone of asia-southeast1"],
    ),
    (
        "api-access-cidrs-missing-on-a-public-endpoint",
        "aws",
        {"network": {"cidr": "10.40.0.0/16"}},
        [
            "corridor:network.apiAccessCidrs: is required while the API endpoint is public: list your CI "
            "runners' and operators' egress ranges (e.g. 203.0.113.0/24), or set network.privateEndpoint: true"
        ],
    ),
    (
        "api-open-to-the-internet-without-saying-so",
        "gcp",
        {"network": {"apiAccessCidrs": ["203.0.113.0/24", "0.0.0.0/0"]}},
        [
            "corridor:network.apiAccessCidrs: entry '0.0.0.0/0' opens the Kubernetes API to the whole internet; "
            "list narrower ranges, or set network.apiOpenToWholeInternet: true to accept that risk"
        ],
    ),
    (
        "api-open-to-the-ipv6-internet-without-saying-so",
        "azure",
        {"network": {"apiAccessCidrs": ["::/0"]}},
        [
            "corridor:network.apiAccessCidrs: entry '::/0' opens the Kubernetes API to the whole internet; "
            "list narrower ranges, or set network.apiOpenToWholeInternet: true to accept that risk"
        ],
    ),
    (
        "api-access-cidr-malformed",
        "aws",
        {"network": {"apiAccessCidrs": ["203.0.113.0/33"]}},
        ["corridor:network.apiAccessCidrs: entry '203.0.113.0/33' is not a network such as 203.0.113.0/24"],
    ),
    (
        "api-access-cidrs-with-a-private-endpoint",
        "gcp",
        {"network": {"privateEndpoint": True, "apiAccessCidrs": ["203.0.113.0/24"]}},
        [
            "corridor:network.apiAccessCidrs: must be empty with privateEndpoint: true "
            "(the API then has no public endpoint)"
        ],
    ),
    (
        "log-retention-too-short",
        "azure",
        {"logging": {"retentionDays": 7}},
        [
            "corridor:logging.retentionDays: must be between 30 and 730 days (what an Azure Log Analytics "
            "workspace keeps interactively); got 7"
        ],
    ),
    (
        "flow-log-sampling-out-of-range",
        "gcp",
        {"logging": {"flowLogSampling": 0}},
        ["corridor:logging.flowLogSampling: must be more than 0 and at most 1 (the share of flows logged); got 0.0"],
    ),
    (
        "image-admission-on-a-cloud-without-it",
        "aws",
        {"imageAdmission": "enforce"},
        [f"corridor:imageAdmission: aws cannot do {IMAGE_ADMISSION}: {AWS_NO_ADMISSION}"],
    ),
    (
        "platform-key-node-disks-where-the-stack-key-is-already-used",
        "gcp",
        {"nodeDiskKey": "platform"},
        [f"corridor:nodeDiskKey: gcp cannot do {PLATFORM_KEY_NODE_DISKS}: {GCP_KEEPS_STACK_KEY}"],
    ),
    (
        "observability-on-without-an-endpoint",
        "aws",
        {"observability": {"protocol": "http"}},
        [
            "corridor:observability.otlpEndpoint: is required while observability is enabled: set the OTLP "
            "receiver (https://host:port), or set enabled: false"
        ],
    ),
    (
        "observability-endpoint-malformed",
        "gcp",
        {"observability": {"otlpEndpoint": "http://otlp.example.com:4317"}},
        [
            "corridor:observability.otlpEndpoint: must be an https:// URL of an OTLP receiver with a host and "
            "optional port, such as https://otlp.example.com:4317 (telemetry leaves the cluster over TLS only); "
            "got 'http://otlp.example.com:4317'"
        ],
    ),
    (
        "observability-unknown-agent",
        "azure",
        {"observability": {"otlpEndpoint": "https://otlp.example.com:4317", "agents": {"fluentBit": True}}},
        [
            "corridor:observability.agents.fluentBit: is not a known setting; expected one of: collector, "
            "dcgmExporter, gpuRuntime"
        ],
    ),
    (
        "network-cidr-public",
        "aws",
        {"network": {"cidr": "8.8.0.0/16", "apiAccessCidrs": ["203.0.113.0/24"]}},
        ["corridor:network: cidr '8.8.0.0/16' must be a private IPv4 range of /20 or larger"],
    ),
    (
        "network-existing-subnets-not-one-per-zone",
        "aws",
        {"network": {"existingSubnetIds": ["subnet-0aaa", "subnet-0bbb"], "apiAccessCidrs": ["203.0.113.0/24"]}},
        [
            "corridor:network.existingSubnetIds: lists 2 subnets but corridor:zones lists 3; "
            "give one private subnet per zone, in the same order"
        ],
    ),
    (
        "network-existing-subnets-more-than-one-on-gcp",
        "gcp",
        {
            "network": {
                "existingSubnetIds": ["projects/p/regions/r/subnetworks/a", "projects/p/regions/r/subnetworks/b"],
                "apiAccessCidrs": ["203.0.113.0/24"],
            }
        },
        ["corridor:network.existingSubnetIds: must list exactly one subnet on gcp; got 2"],
    ),
    (
        "gpu-pool-named-like-the-aks-system-pool",
        "azure",
        {"gpuPools": [{**TRAIN, "name": "system"}]},
        ["corridor:gpuPools[0].name: 'system' is reserved on azure for the system node pool"],
    ),
    (
        "gpu-azure-reservation-id-malformed",
        "azure",
        {
            "gpuPools": [{**TRAIN, "capacity": "reserved"}],
            "reservations": {"train": {"kind": "capacityReservationGroup", "id": "my-crg"}},
        },
        [
            "corridor:reservations.train.id: must be a capacity reservation group resource id: "
            "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Compute/capacityReservationGroups/<name>"
        ],
    ),
    (
        "oci-accelerator-not-offered",
        "oci",
        {"gpuPools": [{**TRAIN, "accelerator": "L4", "gpusPerNode": 1}]},
        ["corridor:gpuPools[0].accelerator: L4 is not offered by oci; offered by aws, gcp"],
    ),
    (
        "oci-preemptible-bare-metal",
        "oci",
        # The example's override sets `infer` on demand again; without it both pools ask for spot.
        {"gpuPools": [{**TRAIN, "capacity": "spot"}, {**OCI_INFER, "capacity": "spot"}], "overrides": None},
        [
            "corridor:gpuPools[0].capacity: oci does not sell BM.GPU.H100.8 (H100) as spot; sold as: onDemand "
            f"(source: {PREEMPTIBLE})",
            "corridor:gpuPools[1].capacity: oci does not sell BM.GPU.L40S.4 (L40S) as spot; sold as: onDemand "
            f"(source: {PREEMPTIBLE})",
        ],
    ),
    (
        "oci-ocids-malformed",
        "oci",
        {
            # A compartment OCID where the tenancy's belongs, and one with an uppercase unique id
            # and a missing realm separator.
            "ociTenancyId": "ocid1.compartment.oc1..aaaaaaaa0000",
            "ociCompartmentId": "ocid1.compartment.oc1.AAAA",
        },
        [
            "corridor:ociTenancyId: must be a tenancy OCID, ocid1.tenancy.oc1..<unique id> of lowercase letters "
            f"and digits, in the commercial realm oc1 that holds every region corridor knows ({OCIDS}); "
            "got 'ocid1.compartment.oc1..aaaaaaaa0000'",
            "corridor:ociCompartmentId: must be a compartment OCID, ocid1.compartment.oc1..<unique id> of lowercase "
            f"letters and digits, in the commercial realm oc1 that holds every region corridor knows ({OCIDS}); "
            "got 'ocid1.compartment.oc1.AAAA'",
        ],
    ),
    (
        "oci-placement-missing-and-of-another-cloud",
        "oci",
        {"ociCompartmentId": None, "azureTenantId": "11111111-1111-1111-1111-111111111111"},
        [
            "corridor:azureTenantId: only applies to azure stacks; this stack is oci",
            "corridor:ociCompartmentId: is required when corridor:cloud is oci",
        ],
    ),
    (
        "oci-dr-region-outside-residency",
        "oci",
        {"drRegion": "me-dubai-1"},
        ["corridor:drRegion: 'me-dubai-1' is in AE, outside corridor:residency (SA)"],
    ),
    (
        "oci-rotation-beyond-vault-limit",
        "oci",
        {"keys": {"rotationDays": 400}},
        [
            "corridor:keys.rotationDays: 400 is outside the 60 to 365 days OCI Vault accepts for automatic key "
            f"rotation on oci ({OCI_ROTATION})"
        ],
    ),
    (
        "oci-log-retention-not-offered",
        "oci",
        {"logging": {"retentionDays": 365}},
        [
            "corridor:logging.retentionDays: 365 is not a retention OCI Logging (bucket access logs, VCN flow logs) "
            "accepts on oci; use one of 30, 60, 90, 120, 150, 180 (30-day steps up to 180)"
        ],
    ),
    (
        "oci-reservation-malformed",
        "oci",
        {
            "gpuPools": [{**TRAIN, "capacity": "reserved"}, OCI_INFER],
            "reservations": {"train": {"kind": "capacityReservation", "id": "cr-0123456789abcdef0", "zone": "AD-4"}},
        },
        [
            "corridor:reservations.train.id: must be a compute capacity reservation OCID, "
            f"ocid1.capacityreservation.oc1.<region>.<unique id> ({OCIDS})",
            "corridor:reservations.train.zone: 'AD-4' is not an availability domain: use AD-1, AD-2 or AD-3",
        ],
    ),
    (
        "oci-reservation-of-another-cloud-without-its-domain",
        "oci",
        {
            "gpuPools": [{**TRAIN, "capacity": "reserved"}, OCI_INFER],
            "reservations": {
                "train": {"kind": "capacityReservation", "id": "ocid1.capacityreservation.oc1.me-jeddah-1.abc"},
                "infer": {"kind": "capacityBlock", "id": "cr-0123456789abcdef0"},
            },
        },
        [
            "corridor:reservations.infer: pool 'infer' has capacity onDemand, not reserved",
            "corridor:reservations.infer.kind: oci has no 'capacityBlock' reservations; oci supports: "
            "capacityReservation",
            "corridor:reservations.train.zone: is required: a capacityReservation holds capacity in one zone",
        ],
    ),
    (
        "oci-zone-not-an-availability-domain",
        "oci",
        {"zones": ["me-jeddah-1a", "AD-1"]},
        ["corridor:zones[0]: 'me-jeddah-1a' is not a zone of me-jeddah-1"],
    ),
    (
        "alicloud-accelerators-not-offered",
        "alicloud",
        # Without the example's override, the fleet's H100 and L4 pools reach Alibaba, which the
        # catalog records selling neither.
        {"overrides": None},
        [
            "corridor:gpuPools[0].accelerator: H100 is not offered by alicloud; offered by aws, azure, gcp, oci "
            f"({FROM_BASELINE})",
            f"corridor:gpuPools[1].accelerator: L4 is not offered by alicloud; offered by aws, gcp ({FROM_BASELINE})",
        ],
    ),
    (
        "alicloud-family-not-offered",
        "alicloud",
        # The bare-metal ebmgn7e family is not a catalog row: only the gn7e VM sizes are.
        {"gpuPools": [{**ALI_TRAIN, "machineType": "ecs.ebmgn7e.32xlarge"}, ALI_INFER], "overrides": None},
        [
            "corridor:gpuPools[0].machineType: 'ecs.ebmgn7e.32xlarge' does not carry A100-80GB on alicloud "
            "(did you mean 'ecs.gn7e-c16g1.32xlarge'?); machines: ecs.gn7e-c16g1.4xlarge, ecs.gn7e-c16g1.8xlarge, "
            "ecs.gn7e-c16g1.16xlarge, ecs.gn7e-c16g1.32xlarge"
        ],
    ),
    (
        # No source says Alibaba sells gn7e as spot (the catalog's `spot` is null, not false), so
        # spot is refused where the stack asks for a catalog that knows.
        "alicloud-spot-without-a-source",
        "alicloud",
        {"gpuPools": [ALI_TRAIN, {**ALI_INFER, "capacity": "spot"}], "overrides": None, "strictCatalog": True},
        [
            "corridor:gpuPools[1]: corridor:strictCatalog is on and the catalog does not know whether alicloud "
            "sells ecs.gn7e-c16g1.4xlarge as spot (the catalog has no source); choose a pool the catalog confirms, "
            "or add the fact with its source to the catalog"
        ],
    ),
    (
        "alicloud-tag-value-with-a-reserved-prefix",
        "alicloud",
        # `aliyun-ops` passes corridor's neutral tag rule; Alibaba reserves the prefix.
        {"tags": {**TAGS, "team": "aliyun-ops"}},
        [
            "corridor:tags.team: 'aliyun-ops' starts with 'aliyun', which Alibaba Cloud reserves for its own tags "
            f"({ALI_TAGS})"
        ],
    ),
    (
        "alicloud-resource-group-malformed",
        "alicloud",
        {"alicloudResourceGroupId": "rg-AEK2x"},
        [
            "corridor:alicloudResourceGroupId: must be an Alibaba Cloud resource group id, 'rg-' and lowercase "
            f"letters and digits (such as rg-aek2placeholder00000; {ALI_RESOURCE_GROUP}); got 'rg-AEK2x'"
        ],
    ),
    (
        "alicloud-placement-missing-and-of-another-cloud",
        "alicloud",
        {"alicloudResourceGroupId": None, "ociCompartmentId": "ocid1.compartment.oc1..aaaa"},
        [
            "corridor:ociCompartmentId: only applies to oci stacks; this stack is alicloud",
            "corridor:alicloudResourceGroupId: is required when corridor:cloud is alicloud",
        ],
    ),
    (
        "alicloud-rotation-not-a-default-key-period",
        "alicloud",
        # The fleet's 90 days, which every other cloud takes: a KMS default key rotates yearly only.
        {"keys": {"rotationDays": 90, "deletionWindowDays": 30}},
        [
            "corridor:keys.rotationDays: 90 is not the rotation period of a KMS default key, the key corridor "
            f"creates on alicloud: default keys rotate every 365 days only ({ALI_KMS}); "
            "set corridor:keys.rotationDays: 365 (this value comes from Pulumi.yaml; change it for this stack with "
            "corridor:overrides: {keys: ...})"
        ],
    ),
    (
        "alicloud-reservation-malformed",
        "alicloud",
        {
            "gpuPools": [{**ALI_TRAIN, "capacity": "reserved"}, ALI_INFER],
            "overrides": None,
            "reservations": {
                "train": {"kind": "capacityReservation", "id": "cr-0123456789abcdef0", "zone": "ap-southeast-1d"}
            },
        },
        [
            "corridor:reservations.train.zone: 'ap-southeast-1d' is not one of corridor:zones "
            "(ap-southeast-1a, ap-southeast-1b, ap-southeast-1c)",
            "corridor:reservations.train.id: must be the id of an elasticity assurance (eap-...) or capacity "
            f"reservation (crp-...), which is also the id of the private pool it creates ({ALI_PRIVATE_POOL})",
        ],
    ),
    (
        "alicloud-replication-out-of-the-kingdom",
        "alicloud",
        # Riyadh with residency SA and replication on: the buckets would be copied to Dubai. With
        # replication off (stacks/Pulumi.alicloud-me-central-1.yaml) the DR region holds no data.
        {
            "region": "me-central-1",
            "drRegion": "me-east-1",
            "residency": ["SA"],
            "zones": ["me-central-1a", "me-central-1b"],
            "storage": {"buckets": [{"name": "weights"}], "replication": True},
        },
        ["corridor:drRegion: 'me-east-1' is in AE, outside corridor:residency (SA)"],
    ),
    (
        "alicloud-api-ranges-unenforceable",
        "alicloud",
        # The fleet's public endpoint limited to ranges: ACK cannot limit its public endpoint.
        {"network": {"apiAccessCidrs": ["192.0.2.0/24"]}, "dropFromBaseline": []},
        [
            "corridor:network.apiAccessCidrs: alicloud cannot do network.apiAccessCidrs on a public API endpoint: "
            "ACK's public API endpoint is an EIP on the API server's load balancer (`slb_internet_enabled`), and "
            "pulumi-alicloud 4.0.0 has no input that limits it to source ranges, so a narrower list would be a "
            "promise the cluster does not keep; set network.privateEndpoint: true and reach the API from the VPC "
            "(a bastion, VPN Gateway or Express Connect), or accept network.apiOpenToWholeInternet"
        ],
    ),
    (
        "alicloud-zones-missing",
        "alicloud",
        {"zones": None},
        ["corridor:zones: is required on alicloud: list at least two zones of ap-southeast-1"],
    ),
    (
        "alicloud-zone-malformed",
        "alicloud",
        {"zones": ["ap-southeast-1-a", "ap-southeast-1b"]},
        ["corridor:zones[0]: 'ap-southeast-1-a' is not a zone of ap-southeast-1"],
    ),
    (
        "alicloud-dr-region-outside-residency",
        "alicloud",
        {"drRegion": "me-central-1"},
        ["corridor:drRegion: 'me-central-1' is in SA, outside corridor:residency (SG, ID)"],
    ),
    (
        "kubernetes-spot-pool",
        "kubernetes",
        {"overrides": {"gpuPools": [{"name": "infer", "capacity": "spot"}]}},
        [
            "corridor:gpuPools[1].capacity: kubernetes cannot do capacity: spot: the provider creates and sells the "
            "nodes; corridor maps pools onto them and buys nothing; use capacity: onDemand and buy spot capacity "
            "from the provider"
        ],
    ),
    (
        "kubernetes-reserved-pool-with-a-floor",
        "kubernetes",
        {
            "gpuPools": [{**K8S_TRAIN, "capacity": "reserved", "minNodes": 1}, K8S_INFER],
            "reservations": {"train": {"kind": "reservation", "id": "r-1"}},
        },
        [
            "corridor:gpuPools[0].capacity: kubernetes cannot do capacity: reserved: the provider creates and sells "
            "the nodes; corridor maps pools onto them and buys nothing; use capacity: onDemand and reserve with the "
            "provider",
            "corridor:gpuPools[0].minNodes: kubernetes cannot do minNodes above 0: the provider decides how many "
            "nodes exist and runs the autoscaler, if any; use minNodes: 0 and set maxNodes to the nodes the "
            "provider gives the pool",
            "corridor:reservations.train.kind: kubernetes has no 'reservation' reservations; kubernetes supports none",
        ],
    ),
    (
        "kubernetes-what-the-provider-controls",
        "kubernetes",
        {
            "zones": ["a", "b"],
            "imageAdmission": "enforce",
            "storage": {"buckets": [{"name": "ckpt"}]},
            "network": {"apiAccessCidrs": ["203.0.113.0/24"], "existingSubnetIds": ["s-1"]},
        },
        [
            "corridor:network.existingSubnetIds: does not apply on kubernetes: the provider's cluster is already in "
            "its network; remove it",
            "corridor:storage.buckets: kubernetes builds no storage: the provider's cluster comes with no object "
            "storage corridor can reach; list no buckets (acknowledge them in corridor:dropFromBaseline) and "
            "replicate data from a cloud stack",
            "corridor:imageAdmission: kubernetes cannot do imageAdmission: enforce: corridor installs no admission "
            "controller on a provider's cluster; ask the provider for one, or set imageAdmission: off",
            "corridor:zones: kubernetes cannot do corridor:zones: the provider places its nodes; corridor creates "
            "none, so it pins no zone. Remove corridor:zones",
        ],
    ),
    (
        "kubernetes-pool-without-a-node-selector",
        "kubernetes",
        {"gpuNodeSelectors": {"train": {"node.kubernetes.io/instance-type": "gpu-h100-8x"}, "trian": {"a": "b"}}},
        [
            "corridor:gpuPools[1]: has no node selector: add corridor:gpuNodeSelectors.infer with the labels of the "
            "provider's nodes of this pool",
            "corridor:gpuNodeSelectors.trian: names no pool; pools: train, infer",
        ],
    ),
    (
        "kubernetes-empty-or-malformed-node-selector",
        "kubernetes",
        {"gpuNodeSelectors": {"train": {"bad key!": "x"}, "infer": {}}},
        [
            "corridor:gpuNodeSelectors.train.bad key!: must be a Kubernetes label key; got 'bad key!'",
            "corridor:gpuNodeSelectors.infer: must name at least one label: an empty selector would match every "
            "node; got {}",
        ],
    ),
    (
        "kubernetes-region-country-and-provider",
        "kubernetes",
        {"region": "Riyadh 1", "countries": {"riyadh-1": "SA"}, "provider": "Gulf Cloud"},
        [
            "corridor:provider: must be 1 to 63 lowercase letters, digits, '_' or '-', starting and ending with a "
            "letter or digit: the one value every cloud's tags and labels and Kubernetes label values accept "
            "unchanged; got 'Gulf Cloud'",
            "corridor:region: 'Riyadh 1' must be 1 to 63 lowercase letters, digits, '_' or '-', starting and ending "
            "with a letter or digit: the region name is the stack's region tag",
        ],
    ),
    (
        "kubernetes-country-missing-or-outside-residency",
        "kubernetes",
        {"countries": {"riyadh-1": "SA"}, "drRegion": "dubai-1"},
        [
            "corridor:countries: must give the country of corridor:drRegion ('dubai-1') as an ISO 3166-1 alpha-2 "
            "code, e.g. {dubai-1: SA}",
        ],
    ),
    (
        "kubernetes-dr-region-outside-residency",
        "kubernetes",
        {"countries": {"riyadh-1": "SA", "jeddah-1": "AE"}},
        ["corridor:drRegion: 'jeddah-1' is in AE, outside corridor:residency (SA)"],
    ),
    (
        "kubernetes-without-its-kubeconfig",
        "kubernetes",
        {"kubeconfig": None, "gcpProject": "p-1"},
        [
            "corridor:gcpProject: only applies to gcp stacks; this stack is kubernetes",
            "corridor:kubeconfig: is required when corridor:cloud is kubernetes",
        ],
    ),
    (
        "every-problem-at-once",
        "aws",
        {"region": "ap-southeast-l", "keys": {"rotationDays": 1, "deletionWindowDays": 1}, "cloudd": "aws"},
        [
            "corridor:cloudd: is not a corridor setting (did you mean 'cloud'?)",
            f"corridor:keys.rotationDays: {ROTATION}; got 1",
            f"corridor:keys.deletionWindowDays: {WINDOW}; got 1",
            "corridor:region: 'ap-southeast-l' is not a region of aws (did you mean 'ap-southeast-1'?)",
        ],
    ),
    # corridor:budgets (issue 17): each budget problem names its exact path; nothing is registered.
    (
        "budget-negative-limit",
        "aws",
        {"budgets": {**BUDGET, "monthlyLimit": -5}},
        ["corridor:budgets.monthlyLimit: must be above 0 currency units a month; got -5"],
    ),
    (
        "budget-threshold-over-1000-percent",
        "aws",
        {"budgets": {**BUDGET, "thresholds": [{"percent": 1200, "basis": "forecast"}]}},
        [
            "corridor:budgets.thresholds[0].percent: must be above 0 and at most 1000 percent (Azure budget "
            "notifications' bound); got 1200"
        ],
    ),
    (
        "budget-malformed-email",
        "azure",
        {"budgets": {**BUDGET, "notify": {"emails": ["finops-at-example.com"]}}},
        [
            "corridor:budgets.notify.emails[0]: must be an email address such as finops@example.com; "
            "got 'finops-at-example.com'"
        ],
    ),
    (
        "budget-without-anyone-to-tell",
        "aws",
        {"budgets": {**BUDGET, "notify": {}}},
        ["corridor:budgets.notify: needs at least one notification target: list emails or set a topic"],
    ),
    (
        "budget-on-alicloud-which-has-no-budget-service",
        "alicloud",
        {"budgets": BUDGET},
        [f"corridor:budgets: alicloud builds no budgets: {ALI_NO_BUDGETS}"],
    ),
    (
        "budget-teams-and-topic-on-oci",
        "oci",
        {"budgets": {**BUDGET, "teams": [{"team": "ml-platform", "monthlyLimit": 1000}], "notify": OCI_TOPIC}},
        [
            f"corridor:budgets.teams: oci cannot do corridor:budgets.teams: {OCI_NO_TEAM_BUDGETS}",
            f"corridor:budgets.notify.topic: oci cannot do corridor:budgets.notify.topic: {OCI_NO_TOPIC}",
        ],
    ),
    (
        "budget-malformed-sns-topic",
        "aws",
        {"budgets": {**BUDGET, "notify": {"topic": "arn:aws:sqs:ap-southeast-1:000000000000:q"}}},
        [
            "corridor:budgets.notify.topic: must be an SNS topic ARN, arn:aws:sns:<region>:<account>:<topic>; "
            "got 'arn:aws:sqs:ap-southeast-1:000000000000:q'"
        ],
    ),
    (
        "budget-malformed-pubsub-topic-and-no-billing-account",
        "gcp",
        {"budgets": {**BUDGET, "notify": {"topic": "gpu-finops-alerts"}}, "gcpBillingAccount": None},
        [
            "corridor:budgets.notify.topic: must be a Pub/Sub topic, projects/<project>/topics/<topic>; "
            "got 'gpu-finops-alerts'",
            "corridor:gcpBillingAccount: is required on gcp with corridor:budgets: a GCP budget belongs to the "
            "billing account that pays for corridor:gcpProject",
        ],
    ),
    (
        "budget-malformed-action-group",
        "azure",
        {"budgets": {**BUDGET, "notify": {"topic": "/subscriptions/x/actionGroups/y"}}},
        [
            "corridor:budgets.notify.topic: must be an Azure action group resource id, /subscriptions/<id>/"
            "resourceGroups/<group>/providers/microsoft.insights/actionGroups/<name>; "
            "got '/subscriptions/x/actionGroups/y'"
        ],
    ),
    (
        "budget-month-currency-and-team",
        "aws",
        {
            "budgets": {
                **BUDGET,
                "startMonth": "2026-13",
                "currency": "usd",
                "teams": [{"team": "ML", "monthlyLimit": 0}],
            }
        },
        [
            "corridor:budgets.startMonth: must be a month as YYYY-MM, such as 2026-12; got '2026-13'",
            "corridor:budgets.currency: must be an ISO 4217 currency code such as USD; got 'usd'",
            f"corridor:budgets.teams[0].team: {TAG_RULE}; got 'ML'",
            "corridor:budgets.teams[0].monthlyLimit: must be above 0 currency units a month; got 0",
        ],
    ),
    (
        "gcp-billing-account-malformed",
        "gcp",
        {"gcpBillingAccount": "0123-45"},
        [
            "corridor:gcpBillingAccount: must be a Cloud Billing account id: three groups of six uppercase hex "
            "digits joined by '-', such as 012345-567890-ABCDEF; got '0123-45'"
        ],
    ),
]


def _problems(config_values: dict[str, str]) -> list[str]:
    with pytest.raises(SpecError) as caught:
        load_spec(config_values, BASELINE)
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize(("cloud", "edits", "expected"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_invalid_config_reports_exact_path_and_reason(cloud: str, edits: dict[str, Any], expected: list[str]) -> None:
    """Each invalid config yields exactly these `path: reason` lines, all at once."""
    problems = _problems(edited_config(cloud, edits).values)
    if expected[0].startswith("corridor:keys: is not valid"):
        assert len(problems) == 1
        assert problems[0].startswith(expected[0])
    else:
        assert problems == expected


@pytest.mark.parametrize(("cloud", "edits"), [c[1:3] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_invalid_config_registers_nothing(cloud: str, edits: dict[str, Any]) -> None:
    """Under the real program, invalid config is a RunError (no traceback) before any resource."""
    with pytest.raises(pulumi.RunError, match="invalid corridor configuration") as caught:
        run_program(PROJECT_DIR, edited_config(cloud, edits))
    assert "Traceback" not in str(caught.value)
    from pulumi.runtime import settings

    monitor = settings.SETTINGS.monitor
    assert getattr(monitor, "requests", None) == [], "a resource was registered before validation finished"


def test_corpus_is_large_enough() -> None:
    """The issue asks for at least 20 distinct invalid configurations."""
    assert len({case[0] for case in CORPUS}) == len(CORPUS) >= 20


def test_a_stack_name_that_is_no_tag_value_is_reported_with_the_rest() -> None:
    """The stack name is the `stack` tag on every resource, so it obeys the tag-value rule; its
    problem comes in the same list as the config's, before any resource."""
    config = edited_config("aws", {"tags": {**TAGS, "team": "ML"}})
    renamed = stack_config.StackConfig(config.project, "Prod.AWS", config.values, config.secret_keys)
    with pytest.raises(pulumi.RunError) as caught:
        run_program(PROJECT_DIR, renamed)
    assert str(caught.value).splitlines()[1:] == [
        f"  stack: 'Prod.AWS' must be {TAG_RULE.split(':')[0].removeprefix('must be ')}: the name is the stack tag",
        f"  corridor:tags.team: {TAG_RULE}; got 'ML'",
    ]


def test_a_kubeconfig_in_clear_text_is_refused() -> None:
    """A credential setting must be a Pulumi secret: the provider's kubeconfig in clear text in the
    stack file is refused, the same file with it encrypted is accepted."""
    config = base_config("kubernetes")
    with pytest.raises(SpecError) as caught:
        load_spec(config.values, BASELINE, secret_keys=[])
    assert [str(problem) for problem in caught.value.problems] == [
        "corridor:kubeconfig: is a credential and must be set as a secret, never in clear text in the stack file: "
        "pulumi config set --secret corridor:kubeconfig < <file>"
    ]
    assert load_spec(config.values, BASELINE, secret_keys=config.secret_keys).cloud == "kubernetes"
