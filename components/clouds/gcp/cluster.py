"""GKE: a VPC-native regional cluster with private nodes, CMEK-encrypted Secrets and a system pool.

Construction:

* **Network** (unless `network.existingSubnetIds`): a custom-mode VPC, one subnetwork in `region`
  whose primary range (nodes) and secondary ranges `pods` and `services` are carved from
  `network.cidr`, Private Google Access on, and Cloud NAT on a Cloud Router so private nodes can
  pull images and reach the internet without public IPs.
  https://cloud.google.com/kubernetes-engine/docs/how-to/private-clusters
* **Node identity**: a dedicated service account with only the logging/monitoring writer and
  Artifact Registry reader roles GKE documents for nodes, used by every pool. The default
  Compute Engine service account holds Editor on the project, so a compromised pod on a node
  would inherit project-wide rights (CIS GKE 5.2.1, reliability check C6).
  https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa
* **Control plane**: regional (three replicas across the region's zones), Secrets envelope-
  encrypted with the stack key, which lives in `region` as GKE requires; Workload Identity,
  shielded nodes, Dataplane V2 (which also enforces NetworkPolicy, check C4) with multi-networking
  for the GPU NIC networks, system and workload logging, Managed Prometheus, REGULAR release
  channel, and GKE's own `deletion_protection`. The API is reachable only from
  `network.apiAccessCidrs` (master authorized networks), or only privately with
  `network.privateEndpoint`; Binary Authorization enforces the project policy with
  `imageAdmission: enforce`.
  https://cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets
* **Flow logs**: VPC Flow Logs on the node subnetwork (and on each GPUDirect-TCPX/TCPXO NIC
  subnetwork, node_pool.py), and intranode visibility so same-node pod traffic is logged too.
* **System pool**: a small autoscaling CPU pool across all zones for cluster add-ons, so GPU
  nodes never have to stay up for kube-dns or metrics agents. Its nodes carry
  `context.system_node_labels()`, the same labels as system nodes on every cloud.
* **kubeconfig**: endpoint and CA from the cluster, credentials from `gke-gcloud-auth-plugin`
  (no static credentials; client certificates are disabled).
  https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl#install_plugin
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from components.clouds.base import ApiAccess, Cluster, FlowLogs, NodeDisks, RegionContext, VersionPolicy, zones_of
from components.clouds.gcp.keys import GcpKeys, grant_key_use
from components.clouds.kubeconfig import exec_kubeconfig
from components.naming import physical_name

# Least-privilege node roles, as GKE's hardening guide lists them ("minimally required roles");
# Artifact Registry reader so nodes can pull private images from the project.
# https://cloud.google.com/kubernetes-engine/docs/how-to/hardening-your-cluster#use_least_privilege_sa
NODE_ROLES = (
    "roles/logging.logWriter",
    "roles/monitoring.metricWriter",
    "roles/monitoring.viewer",
    "roles/artifactregistry.reader",
)
# Access scopes are legacy; with a dedicated service account Google recommends the broad scope and
# IAM roles as the only control. https://cloud.google.com/compute/docs/access/service-accounts#scopes_best_practice
OAUTH_SCOPES = ["https://www.googleapis.com/auth/cloud-platform"]

# Container-Optimized OS: GKE's hardened default image, and the only one GPUDirect RDMA supports
# (cluster-toolkit examples/gke-a4 README: "the GKE nodes must use a Container-Optimized OS").
IMAGE_TYPE = "COS_CONTAINERD"

# e2-standard-4 (4 vCPU, 16 GB): GKE's own system components plus a metrics/logging agent need
# roughly 1-2 vCPU per node; the e2 family is the cheapest general-purpose shape and the cluster
# autoscaler adds nodes (up to SYSTEM_MAX) when add-ons such as Kueue or the GPU operator grow.
SYSTEM_MACHINE_TYPE = "e2-standard-4"
SYSTEM_MIN, SYSTEM_MAX = 1, 3

# GKE control-plane range for private clusters: a /28 that must not overlap any range in the VPC.
# https://cloud.google.com/kubernetes-engine/docs/how-to/private-clusters#req_res_lim
MASTER_CIDR_CANDIDATES = ("172.16.0.0/28", "10.255.255.240/28", "192.168.255.240/28")

# REGULAR: versions reach it after proving themselves in RAPID, and it is GKE's default channel
# and the one with the full support window. STABLE lags new GPU driver/GKE features that A3/A4
# need (flex-start needs 1.32.2-gke.1652000+, GPUDirect RDMA 1.32.1-gke.1420000+); RAPID gets
# versions without the SLA. https://cloud.google.com/kubernetes-engine/docs/concepts/release-channels
RELEASE_CHANNEL = "REGULAR"
VERSION_POLICY = VersionPolicy(
    channel=RELEASE_CHANNEL,
    # The channel picks the version; nothing is pinned at creation.
    version=None,
    # Auto-upgrade is mandatory for node pools on a release channel.
    node_upgrades="auto-upgrade within the channel, after the control plane",
    notes=(
        "GKE REGULAR release channel: the control plane and nodes auto-upgrade within the channel, "
        "with the channel's full support window",
    ),
)

PODS_RANGE = "pods"
SERVICES_RANGE = "services"

# VPC Flow Logs on every subnetwork corridor creates (issue 11; CKV_GCP_26). Records are billed
# by the volume of logs generated (https://cloud.google.com/vpc/network-pricing), and volume grows
# with the number of connections and records per connection, not with bytes moved, so a GPU NIC
# subnet carrying a few long NCCL connections logs little. Two knobs keep it down:
# * aggregation 1 minute (GCP's default is 5 seconds): a long-lived connection (NCCL, a
#   checkpoint upload) yields one record a minute instead of twelve, and "who talked to whom,
#   when" is still answered to the minute;
# * `corridor:logging.flowLogSampling` (default 0.5, GCP's default) logs that share of flows.
# Metadata INCLUDE_ALL_METADATA (GCP's default) adds the VM and GKE annotations (node, pod,
# namespace, workload) that attribute a flow to a workload; it makes each record larger, but a
# flow that names only pod IPs is of little use to an investigator once the pod is gone.
# https://cloud.google.com/vpc/docs/flow-logs , https://cloud.google.com/vpc/docs/using-flow-logs
FLOW_LOG_INTERVAL = "INTERVAL_1_MIN"
FLOW_LOG_METADATA = "INCLUDE_ALL_METADATA"
# Subnet flow logs go to Cloud Logging under this log name; with no sink of corridor's they are
# kept by the project's `_Default` log bucket, 30 days unless the project changed it.
# https://cloud.google.com/vpc/docs/using-flow-logs#access-logs ,
# https://cloud.google.com/logging/docs/routing/overview#buckets
FLOW_LOG_NAME = "compute.googleapis.com/vpc_flows"
FLOW_LOG_RETENTION = (
    "kept by the project's Cloud Logging _Default bucket (30 days unless the project changed it), "
    "not corridor:logging.retentionDays: route them to a longer-lived log bucket with a project sink"
)


def flow_log_config(context: RegionContext) -> gcp.compute.SubnetworkLogConfigArgs:
    """Flow logs on one subnetwork corridor creates (comment above: interval, sampling, metadata).
    Setting `log_config` on an existing subnetwork updates it in place (subnetworks.patch)."""
    return gcp.compute.SubnetworkLogConfigArgs(
        aggregation_interval=FLOW_LOG_INTERVAL,
        flow_sampling=context.spec.logging.flow_log_sampling,
        metadata=FLOW_LOG_METADATA,
    )


def flow_log_destination(project: str) -> pulumi.Output[str]:
    """Where subnet flow logs land: the project's Cloud Logging log `vpc_flows` (its full name is
    `projects/<project>/logs/compute.googleapis.com%2Fvpc_flows`; spelled without the path here,
    because an output path names a resource of the plan and this log is none)."""
    return pulumi.Output.from_input(f"logging: log {FLOW_LOG_NAME} of project {project}")


BINARY_AUTHORIZATION_ENFORCE = "PROJECT_SINGLETON_POLICY_ENFORCE"
"""GKE Binary Authorization evaluating the project's singleton policy (`imageAdmission: enforce`).
https://cloud.google.com/binary-authorization/docs/setting-up"""

NODE_DISKS_NOTE = (
    "CMEK boot disks: node_config.boot_disk_kms_key is the stack key, which the Compute Engine "
    "service agent may use (encrypter/decrypter grant)"
)


@dataclass(frozen=True)
class Ranges:
    """The subnetwork's primary and secondary ranges, carved from `network.cidr`."""

    nodes: str
    pods: str
    services: str


def carve(cidr: str) -> Ranges:
    """Pods get the first half of `cidr`, nodes the next quarter, Services the eighth after that.

    For the default /16: pods /17 (32,768 addresses: GKE gives each node a /24, so 128 nodes at
    110 pods per node), nodes /18 (16,384), Services /19 (8,192). For the smallest allowed /20:
    pods /21 (8 nodes), nodes /22, Services /23. Deterministic, so a re-render never moves a range.
    https://cloud.google.com/kubernetes-engine/docs/concepts/alias-ips#cluster_sizing
    """
    network = ipaddress.ip_network(cidr)
    pods, rest = network.subnets(prefixlen_diff=1)
    nodes, rest = rest.subnets(prefixlen_diff=1)
    services, _ = rest.subnets(prefixlen_diff=1)
    return Ranges(nodes=str(nodes), pods=str(pods), services=str(services))


def master_cidr(cidr: str | None) -> str:
    """The first candidate control-plane /28 outside the network range."""
    if cidr is None:
        return MASTER_CIDR_CANDIDATES[0]
    network = ipaddress.ip_network(cidr)
    return next(c for c in MASTER_CIDR_CANDIDATES if not ipaddress.ip_network(c).overlaps(network))


@dataclass(frozen=True)
class GkeCluster(Cluster):
    """The GKE cluster, with what GPU node pools need from its build."""

    cluster: gcp.container.Cluster
    node_account: gcp.serviceaccount.Account
    """The dedicated node service account every pool runs as."""
    boot_disk_key_id: pulumi.Output[str]
    """The stack key that encrypts node boot disks (the Compute Engine agent holds a grant)."""
    grants: tuple[pulumi.Resource, ...]
    """IAM grants a node pool must wait for (node roles, the boot-disk key grant)."""
    network_cidr: str | None
    """The created network's range, or None for an existing subnetwork (GPU NIC ranges avoid it)."""


def build_cluster(
    context: RegionContext, project: str, name: str, keys: GcpKeys, opts: pulumi.ResourceOptions
) -> GkeCluster:
    spec = context.spec
    assert spec.zones, "the loader requires corridor:zones on gcp stacks"
    network, subnetwork, network_cidr = _network(context, project, name, opts)
    api_access = ApiAccess(
        private=spec.network.private_endpoint,
        allowed_cidrs=() if spec.network.private_endpoint else tuple(spec.network.api_access_cidrs),
    )
    node_account, role_grants = _node_identity(context, project, name, opts)
    agent_grants = _key_grants(project, name, keys, opts)
    cluster = gcp.container.Cluster(
        f"{name}-gke",
        name=physical_name("gcp", "cluster", "corridor", context.stack, scope=context.scope),
        project=project,
        # A region as location makes the control plane regional (replicated across zones).
        location=spec.region,
        node_locations=list(spec.zones),
        network=network,
        subnetwork=subnetwork,
        # Node pools are separate resources; the default pool is created (GKE requires one) and
        # removed. It runs as the node account, so the default compute account is never used.
        remove_default_node_pool=True,
        initial_node_count=1,
        node_config=gcp.container.ClusterNodeConfigArgs(
            service_account=node_account.email,
            oauth_scopes=OAUTH_SCOPES,
            shielded_instance_config=gcp.container.ClusterNodeConfigShieldedInstanceConfigArgs(
                enable_secure_boot=True, enable_integrity_monitoring=True
            ),
            workload_metadata_config=gcp.container.ClusterNodeConfigWorkloadMetadataConfigArgs(mode="GKE_METADATA"),
        ),
        networking_mode="VPC_NATIVE",
        ip_allocation_policy=gcp.container.ClusterIpAllocationPolicyArgs(
            cluster_secondary_range_name=PODS_RANGE, services_secondary_range_name=SERVICES_RANGE
        ),
        # Private nodes (no public IPs, check C3). Control-plane access (check C2, CKV_GCP_18/20):
        # * public endpoint (default): reachable only from corridor:network.apiAccessCidrs through
        #   master authorized networks; the deployer (Pulumi, CI) runs outside the VPC.
        # * `network.privateEndpoint: true`: the endpoint is the control plane's internal address
        #   and public access is disabled; master authorized networks stay enabled with no
        #   external range. `pulumi up`, kubectl and in-cluster installers must then run from
        #   inside the VPC (a runner VM, or a network connected to it). enable_private_endpoint
        #   is updated in place (no ForceNew in the provider since
        #   https://github.com/GoogleCloudPlatform/magic-modules/pull/6780), so switching an
        #   existing cluster does not recreate it.
        #   https://cloud.google.com/kubernetes-engine/docs/how-to/private-clusters
        # Access always needs Google IAM; no client certificates.
        master_authorized_networks_config=gcp.container.ClusterMasterAuthorizedNetworksConfigArgs(
            cidr_blocks=[
                gcp.container.ClusterMasterAuthorizedNetworksConfigCidrBlockArgs(
                    cidr_block=cidr, display_name="corridor"
                )
                for cidr in api_access.allowed_cidrs
            ]
        ),
        private_cluster_config=gcp.container.ClusterPrivateClusterConfigArgs(
            enable_private_nodes=True,
            enable_private_endpoint=api_access.private,
            master_ipv4_cidr_block=master_cidr(network_cidr),
        ),
        master_auth=gcp.container.ClusterMasterAuthArgs(
            client_certificate_config=gcp.container.ClusterMasterAuthClientCertificateConfigArgs(
                issue_client_certificate=False
            )
        ),
        workload_identity_config=gcp.container.ClusterWorkloadIdentityConfigArgs(
            workload_pool=f"{project}.svc.id.goog"
        ),
        enable_shielded_nodes=True,
        database_encryption=gcp.container.ClusterDatabaseEncryptionArgs(state="ENCRYPTED", key_name=keys.primary.id),
        release_channel=gcp.container.ClusterReleaseChannelArgs(channel=RELEASE_CHANNEL),
        # GKE's own guard: destroy and replacement fail until it is set false, without Pulumi's
        # `protect` (which would also block legitimate teardown of compute). Re-creating a
        # cluster loses its in-cluster state (check C13). Off in a recovery drill, which
        # `pulumi destroy` must take down whole (`RegionContext.disposable`).
        deletion_protection=not context.disposable,
        # https://cloud.google.com/kubernetes-engine/docs/concepts/about-logs
        logging_config=gcp.container.ClusterLoggingConfigArgs(enable_components=["SYSTEM_COMPONENTS", "WORKLOADS"]),
        # WORKLOADS metrics were removed in GKE 1.24; Managed Prometheus collects workload metrics.
        # https://cloud.google.com/stackdriver/docs/managed-prometheus/setup-managed
        monitoring_config=gcp.container.ClusterMonitoringConfigArgs(
            enable_components=["SYSTEM_COMPONENTS"],
            managed_prometheus=gcp.container.ClusterMonitoringConfigManagedPrometheusArgs(enabled=True),
        ),
        # Dataplane V2 is required for multi-networking, which attaches the extra GPU NIC networks
        # (GPUDirect-TCPX/TCPXO/RDMA) to nodes.
        # https://cloud.google.com/kubernetes-engine/docs/how-to/setup-multinetwork-support-for-pods#requirements
        datapath_provider="ADVANCED_DATAPATH",
        enable_multi_networking=True,
        # Pod-to-pod traffic on one node goes through the VPC, so subnet flow logs and firewall
        # rules see it too (CKV_GCP_61). An in-place cluster update (the provider has no ForceNew
        # on it); on a running cluster GKE restarts the control plane and the nodes to apply it (a
        # one-off disruption of running pods), but replaces neither the cluster nor its pools.
        # https://cloud.google.com/kubernetes-engine/docs/how-to/intranode-visibility
        enable_intranode_visibility=True,
        # Image admission (`corridor:imageAdmission`, check CKV_GCP_66). Unset when off, so GKE
        # keeps its default (DISABLED) and stacks that never enforced see no input change.
        # An in-place update either way; the Binary Authorization API must be enabled first.
        # https://cloud.google.com/binary-authorization/docs/setting-up
        binary_authorization=gcp.container.ClusterBinaryAuthorizationArgs(evaluation_mode=BINARY_AUTHORIZATION_ENFORCE)
        if spec.image_admission == "enforce"
        else None,
        resource_labels=context.tags(),
        opts=pulumi.ResourceOptions.merge(
            opts,
            pulumi.ResourceOptions(
                depends_on=agent_grants,
                # The default pool's node config only matters at creation; the pool is removed.
                ignore_changes=["nodeConfig"],
            ),
        ),
    )
    grants = (*role_grants, *agent_grants)
    system = _system_pool(context, project, name, cluster, node_account, keys.primary.id, grants, opts)
    return GkeCluster(
        name=cluster.name,
        endpoint=cluster.endpoint.apply(lambda host: f"https://{host}"),
        kubeconfig=kubeconfig(cluster),
        version_policy=VERSION_POLICY,
        secrets_key_id=keys.primary.id,
        system_zones=zones_of(system.node_locations),
        system_zone_reason=(
            f"spread: the system pool's node locations are corridor:zones ({', '.join(spec.zones)}), "
            "so one zone's outage leaves system nodes running"
        ),
        api_access=api_access,
        flow_logs=_flow_logs(context, project),
        # The system pool's boot disks have used the stack key since corridor first created it.
        node_disks=NodeDisks(key_id=keys.primary.id, note=NODE_DISKS_NOTE),
        cluster=cluster,
        node_account=node_account,
        boot_disk_key_id=keys.primary.id,
        grants=grants,
        network_cidr=network_cidr,
    )


def _network(
    context: RegionContext, project: str, name: str, opts: pulumi.ResourceOptions
) -> tuple[pulumi.Input[str] | None, pulumi.Input[str], str | None]:
    """(network, subnetwork, cidr): created, or the existing subnetwork self link."""
    spec = context.spec
    existing = spec.network.existing_subnet_ids
    if existing:
        # The subnetwork self link implies its network; its secondary ranges must be named
        # `pods` and `services` (documented on `Network.existing_subnet_ids`).
        return None, existing[0], None
    ranges = carve(spec.network.cidr)
    net_name = physical_name("gcp", "network", "corridor", context.stack, scope=context.scope)
    network = gcp.compute.Network(
        f"{name}-network",
        name=net_name,
        project=project,
        auto_create_subnetworks=False,
        routing_mode="REGIONAL",
        opts=opts,
    )
    subnetwork = gcp.compute.Subnetwork(
        f"{name}-subnet",
        name=net_name,
        project=project,
        region=spec.region,
        network=network.id,
        ip_cidr_range=ranges.nodes,
        secondary_ip_ranges=[
            gcp.compute.SubnetworkSecondaryIpRangeArgs(range_name=PODS_RANGE, ip_cidr_range=ranges.pods),
            gcp.compute.SubnetworkSecondaryIpRangeArgs(range_name=SERVICES_RANGE, ip_cidr_range=ranges.services),
        ],
        # Private nodes reach Google APIs (Artifact Registry, Cloud Logging) without NAT.
        private_ip_google_access=True,
        log_config=flow_log_config(context),
        opts=opts,
    )
    router = gcp.compute.Router(
        f"{name}-router", name=net_name, project=project, region=spec.region, network=network.id, opts=opts
    )
    # Egress for private nodes (registries outside Google, pip, Hugging Face).
    # https://cloud.google.com/nat/docs/gke-example
    gcp.compute.RouterNat(
        f"{name}-nat",
        name=net_name,
        project=project,
        region=spec.region,
        router=router.name,
        nat_ip_allocate_option="AUTO_ONLY",
        source_subnetwork_ip_ranges_to_nat="ALL_SUBNETWORKS_ALL_IP_RANGES",
        log_config=gcp.compute.RouterNatLogConfigArgs(enable=True, filter="ERRORS_ONLY"),
        opts=opts,
    )
    return network.id, subnetwork.id, spec.network.cidr


def _flow_logs(context: RegionContext, project: str) -> FlowLogs:
    """The cluster's flow logs as reported: the node subnetwork's, or none on an existing one."""
    sampling = context.spec.logging.flow_log_sampling
    if context.spec.network.existing_subnet_ids:
        return FlowLogs(
            destination=None,
            note="corridor:network.existingSubnetIds: the node subnetwork is not corridor's, so corridor leaves "
            "its flow logs alone (enable them with `gcloud compute networks subnets update --enable-flow-logs`); "
            "GPU NIC subnetworks corridor creates still log flows, and intranode visibility is on",
        )
    return FlowLogs(
        destination=flow_log_destination(project),
        note=f"VPC Flow Logs on the node subnetwork and every GPUDirect-TCPX/TCPXO NIC subnetwork: "
        f"{sampling:g} of flows sampled, {FLOW_LOG_INTERVAL} aggregation, {FLOW_LOG_METADATA}; GKE intranode "
        f"visibility on, so pod-to-pod traffic on one node is logged too; {FLOW_LOG_RETENTION}. "
        "RDMA (RoCE) NIC subnetworks carry no flow logs: RDMA traffic bypasses the VPC dataplane that "
        "flow logs sample",
    )


def _node_identity(
    context: RegionContext, project: str, name: str, opts: pulumi.ResourceOptions
) -> tuple[gcp.serviceaccount.Account, list[pulumi.Resource]]:
    # A dedicated node identity, never the default compute service account (which has Editor).
    account = gcp.serviceaccount.Account(
        f"{name}-nodes",
        account_id=physical_name("gcp", "service_account", "gke-nodes", scope=context.scope),
        display_name=f"GKE nodes of corridor stack {context.stack}",
        project=project,
        opts=opts,
    )
    grants: list[pulumi.Resource] = [
        gcp.projects.IAMMember(
            f"{name}-nodes-{role.split('/')[-1]}", project=project, role=role, member=account.member, opts=opts
        )
        for role in NODE_ROLES
    ]
    return account, grants


def _key_grants(project: str, name: str, keys: GcpKeys, opts: pulumi.ResourceOptions) -> list[pulumi.Resource]:
    """The stack key usable by GKE (Secrets) and Compute Engine (node boot disks).

    Both service agents are named after the project number, which no config holds, hence the one
    invoke. Default providers are disabled, so the invoke names the parent's provider.
    """
    invoke_opts = pulumi.InvokeOutputOptions(parent=opts.parent, provider=opts.provider)
    number = gcp.organizations.get_project_output(project_id=project, opts=invoke_opts).number
    agents = {
        # https://cloud.google.com/kubernetes-engine/docs/how-to/encrypting-secrets#grant_permission_to_use_the_key
        "gke": number.apply(lambda n: f"serviceAccount:service-{n}@container-engine-robot.iam.gserviceaccount.com"),
        # CMEK boot disks: https://cloud.google.com/kubernetes-engine/docs/how-to/using-cmek#grant_permission
        "compute": number.apply(lambda n: f"serviceAccount:service-{n}@compute-system.iam.gserviceaccount.com"),
    }
    return [grant_key_use(f"{name}-key-{agent}", keys.primary.id, member, opts) for agent, member in agents.items()]


def shielded_instance() -> gcp.container.NodePoolNodeConfigShieldedInstanceConfigArgs:
    """Secure boot and integrity monitoring on every node (check C8); GKE's signed NVIDIA
    drivers load with secure boot on COS.
    https://cloud.google.com/kubernetes-engine/docs/how-to/shielded-gke-nodes"""
    return gcp.container.NodePoolNodeConfigShieldedInstanceConfigArgs(
        enable_secure_boot=True, enable_integrity_monitoring=True
    )


def gke_metadata() -> gcp.container.NodePoolNodeConfigWorkloadMetadataConfigArgs:
    """GKE metadata server: pods get Workload Identity, never the node's credentials (check C7).
    https://cloud.google.com/kubernetes-engine/docs/how-to/workload-identity"""
    return gcp.container.NodePoolNodeConfigWorkloadMetadataConfigArgs(mode="GKE_METADATA")


def _system_pool(
    context: RegionContext,
    project: str,
    name: str,
    cluster: gcp.container.Cluster,
    account: gcp.serviceaccount.Account,
    boot_disk_key_id: pulumi.Input[str],
    grants: tuple[pulumi.Resource, ...],
    opts: pulumi.ResourceOptions,
) -> gcp.container.NodePool:
    spec = context.spec
    return gcp.container.NodePool(
        f"{name}-system",
        name=physical_name("gcp", "node_pool", "system", scope=context.scope),
        project=project,
        cluster=cluster.id,
        location=spec.region,
        node_locations=list(spec.zones or []),
        # Per zone at creation (one node in each zone); the autoscaler then keeps 1..3 in total.
        initial_node_count=1,
        autoscaling=gcp.container.NodePoolAutoscalingArgs(
            total_min_node_count=SYSTEM_MIN, total_max_node_count=SYSTEM_MAX, location_policy="BALANCED"
        ),
        management=gcp.container.NodePoolManagementArgs(auto_repair=True, auto_upgrade=True),
        node_config=gcp.container.NodePoolNodeConfigArgs(
            machine_type=SYSTEM_MACHINE_TYPE,
            boot_disk_kms_key=boot_disk_key_id,
            # Kubernetes node labels: `corridor.dev/`-prefixed keys are valid label keys.
            # https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
            labels=context.system_node_labels(),
            resource_labels=context.tags(),
            service_account=account.email,
            oauth_scopes=OAUTH_SCOPES,
            image_type=IMAGE_TYPE,
            shielded_instance_config=shielded_instance(),
            workload_metadata_config=gke_metadata(),
        ),
        opts=pulumi.ResourceOptions.merge(opts, pulumi.ResourceOptions(depends_on=list(grants))),
    )


def kubeconfig(cluster: gcp.container.Cluster) -> pulumi.Output[str]:
    """A kubeconfig that authenticates through `gke-gcloud-auth-plugin` (no stored credentials)."""

    def render(args: list[str]) -> str:
        name, endpoint, ca = args
        return exec_kubeconfig(
            name,
            f"https://{endpoint}",
            ca,
            {
                "command": "gke-gcloud-auth-plugin",
                "installHint": "Install gke-gcloud-auth-plugin: "
                "https://cloud.google.com/kubernetes-engine/docs/how-to/cluster-access-for-kubectl",
                "provideClusterInfo": True,
            },
        )

    return pulumi.Output.all(
        cluster.name, cluster.endpoint, cluster.master_auth.apply(lambda auth: auth.cluster_ca_certificate or "")
    ).apply(render)
