"""Per-cloud knowledge as data, keyed by resource type token. The policies (`policies.py`) read
only these tables, so each guarantee is one function for every cloud corridor supports (aws, gcp,
azure, oci, alicloud); adding a type is adding a row.

Paths are Pulumi camelCase input paths, as in the plans' `inputs` and CrossGuard's `props`.
"""

from __future__ import annotations

SCHEMA_KEYS = ("team", "purpose", "environment", "cost-center", "managed-by", "stack", "cloud", "region")
"""components/tagging.py `standard_tags`: the eight keys of every taggable resource."""

TAG_FIELD: dict[str, str] = {
    # The input through which each type takes tags, read from the provider SDK signatures the way
    # tests/conformance/test_keys_contract.py `tag_field` does (tests/policy keeps this in sync).
    "alicloud:cs/managedKubernetes:ManagedKubernetes": "tags",
    "alicloud:cs/nodePool:NodePool": "tags",
    "alicloud:ecs/eipAddress:EipAddress": "tags",
    "alicloud:ecs/securityGroup:SecurityGroup": "tags",
    "alicloud:kms/key:Key": "tags",
    "alicloud:log/project:Project": "tags",
    "alicloud:oss/bucket:Bucket": "tags",
    "alicloud:ram/policy:Policy": "tags",
    "alicloud:ram/role:Role": "tags",
    "alicloud:vpc/flowLog:FlowLog": "tags",
    "alicloud:vpc/natGateway:NatGateway": "tags",
    "alicloud:vpc/network:Network": "tags",
    "alicloud:vpc/switch:Switch": "tags",
    "aws:budgets/budget:Budget": "tags",
    "aws:cloudwatch/logGroup:LogGroup": "tags",
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "tags",
    "aws:ec2/eip:Eip": "tags",
    "aws:ec2/flowLog:FlowLog": "tags",
    "aws:ec2/internetGateway:InternetGateway": "tags",
    "aws:ec2/launchTemplate:LaunchTemplate": "tags",
    "aws:ec2/natGateway:NatGateway": "tags",
    "aws:ec2/placementGroup:PlacementGroup": "tags",
    "aws:ec2/routeTable:RouteTable": "tags",
    "aws:ec2/securityGroup:SecurityGroup": "tags",
    "aws:ec2/subnet:Subnet": "tags",
    "aws:ec2/vpc:Vpc": "tags",
    "aws:eks/addon:Addon": "tags",
    "aws:eks/cluster:Cluster": "tags",
    "aws:eks/nodeGroup:NodeGroup": "tags",
    "aws:iam/role:Role": "tags",
    "aws:kms/key:Key": "tags",
    "aws:kms/replicaKey:ReplicaKey": "tags",
    "aws:s3/bucket:Bucket": "tags",
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "tags",
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "tags",
    "azure-native:compute:DiskEncryptionSet": "tags",
    "azure-native:containerservice:AgentPool": "tags",
    "azure-native:containerservice:ManagedCluster": "tags",
    "azure-native:keyvault:Key": "tags",
    "azure-native:keyvault:Vault": "tags",
    "azure-native:managedidentity:UserAssignedIdentity": "tags",
    "azure-native:network:NatGateway": "tags",
    "azure-native:network:PublicIPAddress": "tags",
    "azure-native:network:VirtualNetwork": "tags",
    "azure-native:operationalinsights:Workspace": "tags",
    "azure-native:resources:ResourceGroup": "tags",
    "azure-native:storage:StorageAccount": "tags",
    "gcp:container/cluster:Cluster": "resourceLabels",
    "gcp:kms/cryptoKey:CryptoKey": "labels",
    "gcp:monitoring/notificationChannel:NotificationChannel": "userLabels",
    "gcp:storage/bucket:Bucket": "labels",
    "oci:Budget/budget:Budget": "freeformTags",
    "oci:Budget/rule:Rule": "freeformTags",
    "oci:ContainerEngine/cluster:Cluster": "freeformTags",
    "oci:ContainerEngine/nodePool:NodePool": "freeformTags",
    "oci:Core/computeCluster:ComputeCluster": "freeformTags",
    "oci:Core/defaultSecurityList:DefaultSecurityList": "freeformTags",
    "oci:Core/internetGateway:InternetGateway": "freeformTags",
    "oci:Core/natGateway:NatGateway": "freeformTags",
    "oci:Core/networkSecurityGroup:NetworkSecurityGroup": "freeformTags",
    "oci:Core/routeTable:RouteTable": "freeformTags",
    "oci:Core/serviceGateway:ServiceGateway": "freeformTags",
    "oci:Core/subnet:Subnet": "freeformTags",
    "oci:Core/vcn:Vcn": "freeformTags",
    "oci:Identity/policy:Policy": "freeformTags",
    "oci:Kms/key:Key": "freeformTags",
    "oci:Kms/vault:Vault": "freeformTags",
    "oci:Logging/log:Log": "freeformTags",
    "oci:Logging/logGroup:LogGroup": "freeformTags",
    "oci:ObjectStorage/bucket:Bucket": "freeformTags",
}

STATEFUL: dict[str, str] = {
    # Types corridor/review/replacement.json puts in a data category (key, key-ring, vault, bucket,
    # storage-account, replication, log-destination, versioning): deleting one loses data, keys or
    # the replication/logging that protects them. tests/policy keeps this equal to that file.
    "alicloud:kms/alias:Alias": "key",
    "alicloud:kms/instance:Instance": "key",
    "alicloud:kms/key:Key": "key",
    "alicloud:log/project:Project": "log-destination",
    "alicloud:log/store:Store": "log-destination",
    "alicloud:oss/bucket:Bucket": "bucket",
    "alicloud:oss/bucketLogging:BucketLogging": "log-destination",
    "alicloud:oss/bucketReplication:BucketReplication": "replication",
    "alicloud:oss/bucketVersioning:BucketVersioning": "versioning",
    "aws:cloudwatch/logGroup:LogGroup": "log-destination",
    "aws:kms/alias:Alias": "key",
    "aws:kms/key:Key": "key",
    "aws:kms/replicaKey:ReplicaKey": "key",
    "aws:s3/bucket:Bucket": "bucket",
    "aws:s3/bucketLogging:BucketLogging": "log-destination",
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": "replication",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "bucket",
    "aws:s3/bucketVersioning:BucketVersioning": "versioning",
    "azure-native:keyvault:Key": "key",
    "azure-native:keyvault:Vault": "vault",
    "azure-native:operationalinsights:Workspace": "log-destination",
    "azure-native:storage:BlobContainer": "bucket",
    "azure-native:storage:ObjectReplicationPolicy": "replication",
    "azure-native:storage:StorageAccount": "storage-account",
    "gcp:kms/cryptoKey:CryptoKey": "key",
    "gcp:kms/keyRing:KeyRing": "key-ring",
    "gcp:storage/bucket:Bucket": "bucket",
    "gcp:storage/transferJob:TransferJob": "replication",
    "oci:Kms/key:Key": "key",
    "oci:Kms/vault:Vault": "vault",
    "oci:Logging/log:Log": "log-destination",
    "oci:Logging/logGroup:LogGroup": "log-destination",
    "oci:ObjectStorage/bucket:Bucket": "bucket",
    "oci:ObjectStorage/replicationPolicy:ReplicationPolicy": "replication",
}

DATA_CATEGORIES = frozenset(
    {"key", "key-ring", "vault", "bucket", "storage-account", "replication", "log-destination", "versioning"}
)

# --- keys -------------------------------------------------------------------------------------

KEY_ROTATION: dict[str, dict[str, str]] = {
    # enabled: path and the value meaning "rotation on" ("" = any non-empty value);
    # period: path, unit (days | seconds | iso8601) — absent means the cloud's default (AWS 365 days).
    "aws:kms/key:Key": {"enabled": "enableKeyRotation", "on": "true", "period": "rotationPeriodInDays", "unit": "days"},
    "gcp:kms/cryptoKey:CryptoKey": {
        "enabled": "rotationPeriod",
        "on": "",
        "period": "rotationPeriod",
        "unit": "seconds",
    },
    "azure-native:keyvault:Key": {
        "enabled": "properties.rotationPolicy.lifetimeActions",
        "on": "rotate",
        "period": "properties.rotationPolicy.lifetimeActions",
        "unit": "iso8601",
    },
    "oci:Kms/key:Key": {
        "enabled": "isAutoRotationEnabled",
        "on": "true",
        "period": "autoKeyRotationDetails.rotationIntervalInDays",
        "unit": "days",
    },
    "alicloud:kms/key:Key": {
        "enabled": "automaticRotation",
        "on": "Enabled",
        "period": "rotationInterval",
        "unit": "seconds",
    },
}
MAX_ROTATION_DAYS = 365

KEY_DELETION_WINDOW: dict[str, dict[str, str]] = {
    # path and unit of the waiting period before a scheduled key deletion takes effect.
    "aws:kms/key:Key": {"path": "deletionWindowInDays", "unit": "days", "default": "30"},
    "aws:kms/replicaKey:ReplicaKey": {"path": "deletionWindowInDays", "unit": "days", "default": "30"},
    "gcp:kms/cryptoKey:CryptoKey": {"path": "destroyScheduledDuration", "unit": "seconds", "default": "2592000s"},
    "azure-native:keyvault:Vault": {"path": "properties.softDeleteRetentionInDays", "unit": "days", "default": "90"},
    "alicloud:kms/key:Key": {"path": "pendingWindowInDays", "unit": "days", "default": "30"},
}
MIN_DELETION_WINDOW_DAYS = 30

# --- clusters ---------------------------------------------------------------------------------

CLUSTER_SECRETS_KEY: dict[str, dict[str, str]] = {
    # key: the input naming the customer-managed key that envelope-encrypts Kubernetes Secrets;
    # plus optional `path=value` conditions that must hold as well.
    "aws:eks/cluster:Cluster": {
        "key": "encryptionConfig.provider.keyArn",
        "contains": "encryptionConfig.resources=secrets",
    },
    "gcp:container/cluster:Cluster": {
        "key": "databaseEncryption.keyName",
        "equals": "databaseEncryption.state=ENCRYPTED",
    },
    "azure-native:containerservice:ManagedCluster": {
        "key": "securityProfile.azureKeyVaultKms.keyId",
        "equals": "securityProfile.azureKeyVaultKms.enabled=true",
    },
    "oci:ContainerEngine/cluster:Cluster": {"key": "kmsKeyId"},
    "alicloud:cs/managedKubernetes:ManagedKubernetes": {"key": "encryptionProviderKey"},
}

API_ACCESS: dict[str, dict[str, str]] = {
    # private: the input that, when true, keeps the API endpoint private (`!path` = when false);
    # cidrs: the allow-list (a list of strings, or of objects whose `field` holds the CIDR).
    "aws:eks/cluster:Cluster": {"private": "!vpcConfig.endpointPublicAccess", "cidrs": "vpcConfig.publicAccessCidrs"},
    "gcp:container/cluster:Cluster": {
        "private": "privateClusterConfig.enablePrivateEndpoint",
        "cidrs": "masterAuthorizedNetworksConfig.cidrBlocks",
        "field": "cidrBlock",
    },
    "azure-native:containerservice:ManagedCluster": {
        "private": "apiServerAccessProfile.enablePrivateCluster",
        "cidrs": "apiServerAccessProfile.authorizedIPRanges",
    },
    # OKE: a public endpoint is reachable only as its NSGs allow (their rules are checked below).
    "oci:ContainerEngine/cluster:Cluster": {
        "private": "!endpointConfig.isPublicIpEnabled",
        "nsgs": "endpointConfig.nsgIds",
    },
    # ACK: slbInternetEnabled puts the API server on an internet-facing SLB with no allow-list.
    "alicloud:cs/managedKubernetes:ManagedKubernetes": {"private": "!slbInternetEnabled"},
}

API_PORTS = (443, 6443)
WORLD = ("0.0.0.0/0", "::/0", "*", "Internet", "any")

INGRESS_RULES: dict[str, dict[str, str]] = {
    # Firewall-rule types: which inputs say "ingress", the source range(s) and the port range.
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {
        "sources": "cidrIpv4,cidrIpv6",
        "from": "fromPort",
        "to": "toPort",
        "protocol": "ipProtocol",
    },
    "aws:ec2/securityGroupRule:SecurityGroupRule": {
        "direction": "type=ingress",
        "sources": "cidrBlocks,ipv6CidrBlocks",
        "from": "fromPort",
        "to": "toPort",
        "protocol": "protocol",
    },
    "gcp:compute/firewall:Firewall": {
        "direction": "direction=INGRESS",
        "sources": "sourceRanges",
        "gcp_allows": "allows",
    },
    "oci:Core/networkSecurityGroupSecurityRule:NetworkSecurityGroupSecurityRule": {
        "direction": "direction=INGRESS",
        "sources": "source",
        "from": "tcpOptions.destinationPortRange.min",
        "to": "tcpOptions.destinationPortRange.max",
        "protocol": "protocol",
    },
    "alicloud:ecs/securityGroupRule:SecurityGroupRule": {
        "direction": "type=ingress",
        "sources": "cidrIp,ipv6CidrIp",
        "alicloud_ports": "portRange",
        "protocol": "ipProtocol",
    },
    "azure-native:network:SecurityRule": {
        "direction": "direction=Inbound",
        "sources": "sourceAddressPrefix,sourceAddressPrefixes",
        "azure_ports": "destinationPortRange,destinationPortRanges",
        "protocol": "protocol",
    },
}

NODE_POOLS: dict[str, dict[str, str]] = {
    # labels: where node labels live (`list` = [{key, value}]); taints: the taint input and its form;
    # max: where the pool's upper bound is (autoscaling maximum, else the fixed size); gpu: a
    # cloud-side GPU signal besides the corridor.dev/accelerator label.
    "aws:eks/nodeGroup:NodeGroup": {
        "labels": "labels",
        "taints": "taints",
        "form": "objects",
        "max": "scalingConfig.maxSize",
        "gpu": "amiType~NVIDIA",
    },
    "gcp:container/nodePool:NodePool": {
        "labels": "nodeConfig.labels",
        "taints": "nodeConfig.taints",
        "form": "objects",
        "max": "autoscaling.totalMaxNodeCount,autoscaling.maxNodeCount,nodeCount",
        "gpu": "nodeConfig.guestAccelerators",
    },
    "azure-native:containerservice:AgentPool": {
        "labels": "nodeLabels",
        "taints": "nodeTaints",
        "form": "strings",
        "max": "maxCount|enableAutoScaling,count",
        "gpu": "gpuProfile",
    },
    "oci:ContainerEngine/nodePool:NodePool": {
        "labels": "initialNodeLabels",
        "label_form": "list",
        "taints": "nodeMetadata.user_data",
        "form": "cloud-init",
        "max": "nodeConfigDetails.size",
        "gpu": "nodeShape~GPU",
    },
    "alicloud:cs/nodePool:NodePool": {
        "labels": "labels",
        "label_form": "list",
        "taints": "taints",
        "form": "objects",
        "max": "scalingConfig.maxSize|scalingConfig.enable,desiredSize",
        "gpu": "scalingConfig.type~gpu",
    },
}
GPU_TAINT_KEY = "nvidia.com/gpu"
ACCELERATOR_LABEL = "corridor.dev/accelerator"

NODE_DISK_KEY: dict[str, str] = {
    # where a node pool's (or launch template's) disks name the customer-managed key
    "aws:ec2/launchTemplate:LaunchTemplate": "blockDeviceMappings[].ebs.kmsKeyId",
    "gcp:container/nodePool:NodePool": "nodeConfig.bootDiskKmsKey",
    "azure-native:containerservice:ManagedCluster": "diskEncryptionSetID",
    "oci:ContainerEngine/nodePool:NodePool": "nodeConfigDetails.kmsKeyId",
    "alicloud:cs/nodePool:NodePool": "systemDiskKmsKey",
}

CLUSTER_DELETION_PROTECTION: dict[str, str] = {
    "aws:eks/cluster:Cluster": "deletionProtection",
    "gcp:container/cluster:Cluster": "deletionProtection",
    "alicloud:cs/managedKubernetes:ManagedKubernetes": "deletionProtection",
}

CLUSTER_AUDIT_LOGS: dict[str, str] = {
    # path=value that must be present (a list containing it, or equal to it)
    "aws:eks/cluster:Cluster": "enabledClusterLogTypes=audit",
    "gcp:container/cluster:Cluster": "loggingConfig.enableComponents=SYSTEM_COMPONENTS",
    "alicloud:cs/managedKubernetes:ManagedKubernetes": "controlPlaneLogComponents=apiserver",
}

# --- networks and flow logs -------------------------------------------------------------------

NETWORKS: dict[str, dict[str, str]] = {
    # A network needs flow logs: either inline (`inline` path present) or a flow-log resource of
    # `flow_type` in the stack (optionally `flow_match` path=value on it).
    "aws:ec2/vpc:Vpc": {"flow_type": "aws:ec2/flowLog:FlowLog"},
    "gcp:compute/subnetwork:Subnetwork": {"inline": "logConfig"},
    "azure-native:network:VirtualNetwork": {"flow_type": "azure-native:network:FlowLog"},
    "oci:Core/vcn:Vcn": {"flow_type": "oci:Logging/log:Log", "flow_match": "configuration.source.service=flowlogs"},
    "alicloud:vpc/network:Network": {"flow_type": "alicloud:vpc/flowLog:FlowLog"},
}

# --- object storage ---------------------------------------------------------------------------

BUCKETS: dict[str, dict[str, str]] = {
    # name: the input holding the bucket's (account's) name, by which companions join it;
    # cmk / versioning / public: inline checks (`path` present, or `path=value`), "" = none inline.
    "aws:s3/bucket:Bucket": {"name": "bucket", "cmk": "", "versioning": "versioning.enabled=true", "public": ""},
    "gcp:storage/bucket:Bucket": {
        "name": "name",
        "cmk": "encryption.defaultKmsKeyName",
        "versioning": "versioning.enabled=true",
        "public": "publicAccessPrevention=enforced",
        "log": "logging.logBucket",
    },
    "azure-native:storage:StorageAccount": {
        "name": "accountName",
        "cmk": "encryption.keyVaultProperties.keyName",
        "cmk_also": "encryption.keySource=Microsoft.Keyvault",
        "versioning": "",
        "public": "allowBlobPublicAccess=false",
        "geo": "sku.name~GRS,sku.name~GZRS",
    },
    "oci:ObjectStorage/bucket:Bucket": {
        "name": "name",
        "cmk": "kmsKeyId",
        "versioning": "versioning=Enabled",
        "public": "accessType=NoPublicAccess",
    },
    "alicloud:oss/bucket:Bucket": {
        "name": "bucket",
        "cmk": "serverSideEncryptionRule.kmsMasterKeyId",
        "cmk_also": "serverSideEncryptionRule.sseAlgorithm=KMS",
        "versioning": "versioning.status=Enabled",
        "public": "",
    },
}

COMPANIONS: dict[str, dict[str, str]] = {
    # Separate resources that configure a bucket: `link` is the input naming the bucket (`~regex`
    # extracts it from an ID), `aspect` what it configures, `ok` the condition it must meet
    # (`path=value`, `path` present, `all:p1,p2` all true); replication adds `to` (destination name
    # path, `~regex`), logging `to` (the log destination bucket, if it is one).
    "aws:s3/bucketVersioning:BucketVersioning": {
        "link": "bucket",
        "aspect": "versioning",
        "ok": "versioningConfiguration.status=Enabled",
    },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
        "link": "bucket",
        "aspect": "cmk",
        "ok": "rules[].applyServerSideEncryptionByDefault.kmsMasterKeyId",
    },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        "link": "bucket",
        "aspect": "public",
        "ok": "all:blockPublicAcls,blockPublicPolicy,ignorePublicAcls,restrictPublicBuckets",
    },
    "aws:s3/bucketLogging:BucketLogging": {
        "link": "bucket",
        "aspect": "log",
        "ok": "targetBucket",
        "to": "targetBucket",
    },
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig": {
        "link": "bucket",
        "aspect": "replication",
        "ok": "rules[].status=Enabled",
        "to": "rules[].destination.bucket~arn:aws:s3:::(.+)",
    },
    "gcp:storage/transferJob:TransferJob": {
        "link": "replicationSpec.gcsDataSource.bucketName",
        "aspect": "replication",
        "ok": "replicationSpec.gcsDataSink.bucketName",
        "to": "replicationSpec.gcsDataSink.bucketName",
    },
    "azure-native:storage:BlobServiceProperties": {
        "link": "accountName",
        "aspect": "versioning",
        "ok": "isVersioningEnabled=true",
    },
    "azure-native:storage:BlobContainer": {"link": "accountName", "aspect": "public", "ok": "publicAccess=None"},
    "azure-native:storage:ObjectReplicationPolicy": {
        "link": "sourceAccount~/storageAccounts/([^/]+)",
        "aspect": "replication",
        "ok": "rules",
        "to": "destinationAccount~/storageAccounts/([^/]+)",
    },
    "azure-native:monitor:DiagnosticSetting": {
        "link": "resourceUri~/storageAccounts/([^/]+)/",
        "aspect": "log",
        "ok": "workspaceId",
    },
    "oci:ObjectStorage/replicationPolicy:ReplicationPolicy": {
        "link": "bucket",
        "aspect": "replication",
        "ok": "destinationBucketName",
        "to": "destinationBucketName",
    },
    "oci:Logging/log:Log": {
        "link": "configuration.source.resource",
        "when": "configuration.source.service=objectstorage",
        "aspect": "log",
        "ok": "configuration.source.category=write",
    },
    "alicloud:oss/bucketAcl:BucketAcl": {"link": "bucket", "aspect": "public", "ok": "acl=private"},
    "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock": {
        "link": "bucket",
        "aspect": "public",
        "ok": "blockPublicAccess=true",
    },
    "alicloud:oss/bucketLogging:BucketLogging": {
        "link": "bucket",
        "aspect": "log",
        "ok": "targetBucket",
        "to": "targetBucket",
    },
    "alicloud:oss/bucketReplication:BucketReplication": {
        "link": "bucket",
        "aspect": "replication",
        "ok": "destination.bucket",
        "to": "destination.bucket",
    },
    "alicloud:oss/bucketVersioning:BucketVersioning": {
        "link": "bucket",
        "aspect": "versioning",
        "ok": "status=Enabled",
    },
}

SOFT_DELETE: dict[str, str] = {
    # path=value that disables soft delete (gcp: a 0-second retention) or must hold
    "gcp:storage/bucket:Bucket": "!softDeletePolicy.retentionDurationSeconds=0",
    "azure-native:storage:BlobServiceProperties": "deleteRetentionPolicy.enabled=true",
}

TLS_ONLY: dict[str, str] = {
    "azure-native:storage:StorageAccount": "minimumTlsVersion=TLS1_2",
    "aws:s3/bucketPolicy:BucketPolicy": "policy~aws:SecureTransport",
}
