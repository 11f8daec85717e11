"""Mock answers for OCI: OCIDs, namespaces and availability domains shaped like the real ones.

Two sections, one per area: keys and Object Storage, then networking, OKE and node pools.
"""

from __future__ import annotations

import hashlib
import ipaddress
from typing import Any

import yaml
from pulumi.runtime.mocks import MockCallArgs

from components.catalog import regions
from corridor.mockcloud.common import ComputedState, Graph, InvokeAnswer, Registration

# --- keys and Object Storage ---------------------------------------------------------------------
# Vaults and keys: a vault's OCID and its endpoints share one vault segment, as OCI's do
# (`ocid1.vault.oc1.<region>.<segment>.<unique>`, `https://<segment>-management.kms.<region>.
# oraclecloud.com`), and its keys' OCIDs carry it too. The segment is hashed from the compartment,
# the region and the vault's display name, and a key's OCID from its vault's segment and display
# name: a vault or key another stack made (a recovery stack looks them up by display name, `getVaults`,
# `getKeys`) gets the same OCID the making stack's render gave it. The region part is the region
# identifier, as in the section below. Object Storage: one namespace per tenancy, hashed from the
# compartment the lookup names (the mock knows no tenancy of a compartment); a bucket's id is
# `n/<namespace>/b/<name>` (the id pulumi-oci reads and imports), its OCID is `bucket_id`.
# https://docs.oracle.com/en-us/iaas/Content/General/Concepts/identifiers.htm

VAULT = "oci:Kms/vault:Vault"
KEY = "oci:Kms/key:Key"
BUCKET = "oci:ObjectStorage/bucket:Bucket"
KEY_IMPORT_PREFIX = "managementEndpoint/"


def _digest(*parts: str) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()


def _provider_region(args: MockCallArgs, graph: Graph | None) -> str:
    """The region of an invoke's provider: OCI data sources take their region from it."""
    provider = graph.provider_inputs(args.provider) if graph is not None else {}
    return str(provider.get("region") or "")


def vault_segment(compartment: str, region: str, display_name: str) -> str:
    """The 13-character segment OCI puts in a vault's OCID, endpoints and keys' OCIDs."""
    return "b" + _digest("vault", compartment, region, display_name)[:12]


def vault_answer(segment: str, region: str) -> dict[str, str]:
    """A vault's id and endpoints from its segment."""
    return {
        "id": f"ocid1.vault.oc1.{region}.{segment}.abuw{_digest('vault-id', segment)[:56]}",
        "managementEndpoint": f"https://{segment}-management.kms.{region}.oraclecloud.com",
        "cryptoEndpoint": f"https://{segment}-crypto.kms.{region}.oraclecloud.com",
    }


def _endpoint_segment(endpoint: str) -> tuple[str, str]:
    """The vault segment and region a management endpoint names."""
    host = endpoint.removeprefix("https://").split("/", 1)[0]
    label, _, rest = host.partition(".kms.")
    return label.removesuffix("-management"), rest.removesuffix(".oraclecloud.com")


def key_ocid(management_endpoint: str, display_name: str) -> str:
    """The OCID of the key named `display_name` in the vault at `management_endpoint`."""
    segment, region = _endpoint_segment(management_endpoint)
    return f"ocid1.key.oc1.{region}.{segment}.abuw{_digest('key', segment, display_name)[:56]}"


def _oci_vault(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # A read (`get`) names the vault by its OCID alone: its segment is the OCID's fifth part.
    if registration.args.resource_id:
        segment = registration.args.resource_id.split(".")[4]
    else:
        segment = vault_segment(str(state["compartmentId"]), registration.region, str(state["displayName"]))
    return {**vault_answer(segment, registration.region), "state": "ACTIVE", "isPrimary": True}


def _oci_key(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # A read or an import names the key as `managementEndpoint/<endpoint>/keys/<key OCID>`, from
    # which the provider takes both (pulumi_oci.kms.Key); a created key has its inputs.
    resource_id = registration.args.resource_id or ""
    if resource_id.startswith(KEY_IMPORT_PREFIX):
        endpoint, _, key = resource_id.removeprefix(KEY_IMPORT_PREFIX).rpartition("/keys/")
    else:
        endpoint = str(state["managementEndpoint"])
        key = key_ocid(endpoint, str(state["displayName"]))
    segment, region = _endpoint_segment(endpoint)
    vault = vault_answer(segment, region)["id"]
    return {
        "id": key,
        "managementEndpoint": endpoint,
        "vaultId": vault,
        "currentKeyVersion": f"ocid1.keyversion.oc1.{region}.{segment}.abuw{_digest('version', key)[:56]}",
        "state": "ENABLED",
        "isPrimary": True,
    }


def _oci_bucket(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # A read (`get`) names the bucket as `n/<namespace>/b/<name>` only.
    if registration.args.resource_id:
        _, namespace, _, name = registration.args.resource_id.split("/")
    else:
        namespace, name = str(state["namespace"]), str(state["name"])
    return {
        "id": f"n/{namespace}/b/{name}",
        "namespace": namespace,
        "name": name,
        "bucketId": f"ocid1.bucket.oc1.{registration.region}.aaaaaaaa{_digest('bucket', namespace, name)[:52]}",
        "etag": _digest("etag", namespace, name)[:36],
        "isReadOnly": False,
    }


def _oci_replication_policy(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # The provider's id: `n/<namespace>/b/<bucket>/replicationPolicies/<replication id>` (a UUID).
    namespace, bucket = str(state["namespace"]), str(state["bucket"])
    replication = _digest("replication", namespace, bucket)
    uuid = f"{replication[:8]}-{replication[8:12]}-{replication[12:16]}-{replication[16:20]}-{replication[20:32]}"
    return {"id": f"n/{namespace}/b/{bucket}/replicationPolicies/{uuid}", "status": "ACTIVE"}


def _oci_lifecycle_policy(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # The provider's id: `n/<namespace>/b/<bucket>/l` (pulumi_oci.objectstorage.ObjectLifecyclePolicy).
    return {"id": f"n/{state['namespace']}/b/{state['bucket']}/l"}


def _filter(args: MockCallArgs, name: str) -> str:
    """The one value of an invoke's `filters` entry `name`; the lookups corridor makes name one."""
    for entry in args.args.get("filters") or []:
        if entry.get("name") == name and len(entry.get("values") or []) == 1:
            return str(entry["values"][0])
    raise ValueError(f"{args.token}: the mock answers a lookup by exactly one {name}, got {args.args}")


def _namespace(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    """`oci.objectstorage.get_namespace`: the tenancy's namespace, 12 lowercase letters and digits
    like the ones OCI generates."""
    compartment = str(args.args.get("compartmentId") or "")
    namespace = "ax" + _digest("namespace", compartment)[:10]
    return {"id": namespace, "namespace": namespace, "compartmentId": compartment}


def _vaults(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    """`oci.kms.get_vaults` by display name and state ACTIVE: the one vault of that name a stack
    made in the provider's region."""
    compartment, region = str(args.args["compartmentId"]), _provider_region(args, graph)
    display, state = _filter(args, "display_name"), _filter(args, "state")
    vault = vault_answer(vault_segment(compartment, region, display), region)
    return {
        "id": f"vaults/{compartment}",
        "compartmentId": compartment,
        "filters": args.args["filters"],
        "vaults": [
            {
                **vault,
                "compartmentId": compartment,
                "displayName": display,
                "state": state,
                "vaultType": "VIRTUAL_PRIVATE",
                "isPrimary": True,
                "isVaultReplicable": True,
                "definedTags": {},
                "freeformTags": {},
                "externalKeyManagerMetadataSummaries": [],
                "externalKeyManagerMetadatas": [],
                "replicaDetails": [],
                "restoreFromFiles": [],
                "restoreFromObjectStores": [],
                "restoreTrigger": False,
                "restoredFromVaultId": "",
                "timeCreated": "2026-01-05T09:00:00.000Z",
                "timeOfDeletion": "",
            }
        ],
    }


def _keys(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    """`oci.kms.get_keys` in one vault by display name and state ENABLED: the one key of that name."""
    compartment, endpoint = str(args.args["compartmentId"]), str(args.args["managementEndpoint"])
    display, state = _filter(args, "display_name"), _filter(args, "state")
    segment, region = _endpoint_segment(endpoint)
    return {
        "id": f"keys/{compartment}/{segment}",
        "compartmentId": compartment,
        "managementEndpoint": endpoint,
        "filters": args.args["filters"],
        "keys": [
            {
                "id": key_ocid(endpoint, display),
                "compartmentId": compartment,
                "displayName": display,
                "managementEndpoint": endpoint,
                "vaultId": vault_answer(segment, region)["id"],
                "state": state,
                "desiredState": state,
                "protectionMode": "HSM",
                "isAutoRotationEnabled": True,
                "isPrimary": True,
                "currentKeyVersion": "",
                "autoKeyRotationDetails": [],
                "definedTags": {},
                "freeformTags": {},
                "externalKeyReferenceDetails": [],
                "externalKeyReferences": [],
                "keyShapes": [{"algorithm": "AES", "length": 32, "curveId": ""}],
                "replicaDetails": [],
                "restoreFromFiles": [],
                "restoreFromObjectStores": [],
                "restoreTrigger": False,
                "restoredFromKeyId": "",
                "timeCreated": "2026-01-05T09:00:00.000Z",
                "timeOfDeletion": "",
            }
        ],
    }


def _log_groups(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    """`oci.logging.get_log_groups` by display name: the one log group of that name another stack
    made in the provider's region (its OCID hashed from that name)."""
    compartment, region = str(args.args["compartmentId"]), _provider_region(args, graph)
    display = str(args.args["displayName"])
    return {
        "id": f"logGroups/{compartment}",
        "compartmentId": compartment,
        "displayName": display,
        "logGroups": [
            {
                "id": f"ocid1.loggroup.oc1.{region}.aaaaaaaa{_digest('loggroup', compartment, display)[:52]}",
                "compartmentId": compartment,
                "displayName": display,
                "description": "",
                "state": "ACTIVE",
                "definedTags": {},
                "freeformTags": {},
                "timeCreated": "2026-01-05T09:00:00.000Z",
                "timeLastModified": "2026-01-05T09:00:00.000Z",
            }
        ],
    }


# Log groups, logs and IAM policies, which the network section creates too, are answered there.
DATA_COMPUTED: dict[str, ComputedState] = {
    VAULT: _oci_vault,
    KEY: _oci_key,
    BUCKET: _oci_bucket,
    "oci:ObjectStorage/replicationPolicy:ReplicationPolicy": _oci_replication_policy,
    "oci:ObjectStorage/objectLifecyclePolicy:ObjectLifecyclePolicy": _oci_lifecycle_policy,
}
DATA_INVOKES: dict[str, InvokeAnswer] = {
    "oci:ObjectStorage/getNamespace:getNamespace": _namespace,
    "oci:Kms/getVaults:getVaults": _vaults,
    "oci:Kms/getKeys:getKeys": _keys,
    "oci:Logging/getLogGroups:getLogGroups": _log_groups,
}

# --- networking, OKE and node pools --------------------------------------------------------------
# A regional OCID is `ocid1.<type>.oc1.<region>.<unique id>`; the region part is the region's
# identifier (`me-jeddah-1`; Oracle's oldest regions use a three-letter key instead), and the
# unique id here is `aaaaaaaa` and 52 lowercase hex digits hashed from the type, the logical name
# and the region, so it is stable and names the resource it belongs to.
# https://docs.oracle.com/en-us/iaas/Content/General/Concepts/identifiers.htm

VCN = "oci:Core/vcn:Vcn"
SUBNET = "oci:Core/subnet:Subnet"
CLUSTER = "oci:ContainerEngine/cluster:Cluster"


REGION_KEYS = {
    "me-jeddah-1": "JED",
    "me-riyadh-1": "RUH",
    "me-dubai-1": "DXB",
    "me-abudhabi-1": "AUH",
    "ap-singapore-1": "SIN",
    "ap-singapore-2": "XSP",
    "ap-mumbai-1": "BOM",
    "ap-sydney-1": "SYD",
    "ap-tokyo-1": "NRT",
    "eu-frankfurt-1": "FRA",
    "uk-london-1": "LHR",
    "us-ashburn-1": "IAD",
    "us-phoenix-1": "PHX",
}
"""Oracle's three-letter region keys, as service gateway labels spell them
(`all-jed-services-in-oracle-services-network`); other regions fall back to the identifier.
https://docs.oracle.com/en-us/iaas/Content/General/Concepts/regions.htm"""

CA_DATA = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="
"""base64 of a PEM header: shaped like the cluster CA OKE's kubeconfig carries, not a usable one."""


def compute_ocid(kind: str, region: str, *parts: str) -> str:
    """A stable OCID of `kind` in `region` ("" for tenancy-wide kinds such as policies)."""
    digest = hashlib.sha256("/".join((kind, region, *parts)).encode()).hexdigest()
    return f"ocid1.{kind}.oc1.{region}.aaaaaaaa{digest[:52]}"


def _host(*parts: str) -> int:
    """A stable host number 1..254 for a documentation-only address."""
    return int(hashlib.sha256("/".join(parts).encode()).hexdigest()[:4], 16) % 254 + 1


def _ocid_of(kind: str) -> ComputedState:
    def computed(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
        return {"id": compute_ocid(kind, registration.region, registration.args.typ, registration.name)}

    return computed


def _oci_vcn(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    def own(kind: str) -> str:
        return compute_ocid(kind, registration.region, VCN, registration.name)

    return {
        "id": own("vcn"),
        # Every VCN comes with a default security list, route table and DHCP options.
        "defaultSecurityListId": own("securitylist"),
        "defaultRouteTableId": own("routetable"),
        "defaultDhcpOptionsId": own("dhcpoptions"),
        "vcnDomainName": f"{state.get('dnsLabel')}.oraclevcn.com",
        "state": "AVAILABLE",
    }


def _oci_subnet(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    vcn = registration.graph.get(str(state.get("vcnId")), VCN)
    domain = vcn.state.get("vcnDomainName") if vcn is not None else "oraclevcn.com"
    network = ipaddress.ip_network(str(state["cidrBlock"]))
    return {
        "id": compute_ocid("subnet", registration.region, SUBNET, registration.name),
        "subnetDomainName": f"{state.get('dnsLabel')}.{domain}",
        # OCI reserves the first address of a subnet for its virtual router.
        "virtualRouterIp": str(network.network_address + 1),
        "state": "AVAILABLE",
    }


def _oci_default_security_list(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # Adopting the VCN's default list keeps its OCID.
    return {"id": str(state["manageDefaultResourceId"]), "vcnId": str(state["manageDefaultResourceId"])}


def _oci_nat_gateway(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    own = compute_ocid("natgateway", registration.region, registration.args.typ, registration.name)
    # TEST-NET-3 (RFC 5737): a documentation address that routes nowhere.
    return {"id": own, "natIp": f"203.0.113.{_host(own)}", "state": "AVAILABLE"}


def _oci_nsg_rule(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # Rule ids are six hex digits, unique within their NSG.
    digest = hashlib.sha256(f"{state.get('networkSecurityGroupId')}/{registration.name}".encode()).hexdigest()
    return {"id": digest[:6].upper(), "isValid": True}


def _oci_cluster(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    own = compute_ocid("cluster", registration.region, CLUSTER, registration.name)
    config = dict(state.get("endpointConfig") or {})
    subnet = registration.graph.get(str(config.get("subnetId")), SUBNET)
    if subnet is None:
        raise ValueError(f"OKE cluster {registration.name}: its endpoint subnet is not in the stack")
    # OKE takes the endpoint's private address from the API subnet (here its fourth address).
    private = f"{ipaddress.ip_network(str(subnet.state['cidrBlock'])).network_address + 3}:6443"
    public = f"203.0.113.{_host(own)}:6443" if config.get("isPublicIpEnabled") else ""
    return {
        "id": own,
        "endpoints": [
            {
                "kubernetes": "",
                "privateEndpoint": private,
                "publicEndpoint": public,
                "vcnHostnameEndpoint": f"{own[-10:]}.{subnet.state['subnetDomainName']}:6443",
                "ipv6endpoint": "",
            }
        ],
        "availableKubernetesUpgrades": [],
        "state": "ACTIVE",
    }


def _oci_node_pool(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    own = compute_ocid("nodepool", registration.region, registration.args.typ, registration.name)
    return {"id": own, "nodes": [], "state": "ACTIVE"}


def _oci_addon(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # The provider's id of an add-on is its cluster and name.
    return {
        "id": f"clusters/{state['clusterId']}/addons/{state['addonName']}",
        "currentInstalledVersion": "v1.0.0",
        "state": "ACTIVE",
    }


def _oci_policy(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # IAM resources are tenancy-wide: no region part.
    return {"id": compute_ocid("policy", "", registration.args.typ, registration.name), "state": "ACTIVE"}


COMPUTE_COMPUTED: dict[str, ComputedState] = {
    VCN: _oci_vcn,
    SUBNET: _oci_subnet,
    "oci:Core/defaultSecurityList:DefaultSecurityList": _oci_default_security_list,
    "oci:Core/natGateway:NatGateway": _oci_nat_gateway,
    "oci:Core/serviceGateway:ServiceGateway": _ocid_of("servicegateway"),
    "oci:Core/internetGateway:InternetGateway": _ocid_of("internetgateway"),
    "oci:Core/routeTable:RouteTable": _ocid_of("routetable"),
    "oci:Core/networkSecurityGroup:NetworkSecurityGroup": _ocid_of("networksecuritygroup"),
    "oci:Core/networkSecurityGroupSecurityRule:NetworkSecurityGroupSecurityRule": _oci_nsg_rule,
    "oci:Core/computeCluster:ComputeCluster": _ocid_of("computecluster"),
    CLUSTER: _oci_cluster,
    "oci:ContainerEngine/nodePool:NodePool": _oci_node_pool,
    "oci:ContainerEngine/addon:Addon": _oci_addon,
    "oci:Logging/logGroup:LogGroup": _ocid_of("loggroup"),
    "oci:Logging/log:Log": _ocid_of("log"),
    "oci:Identity/policy:Policy": _oci_policy,
    # Budgets and their alert rules live in the tenancy, through the home region's provider.
    "oci:Budget/budget:Budget": _ocid_of("budget"),
    "oci:Budget/rule:Rule": _ocid_of("budgetalertrule"),
}


def _invoke_region(args: MockCallArgs, graph: Graph | None) -> str:
    """The region of the invoke's provider: OCI data sources have no region argument."""
    provider = graph.provider_inputs(args.provider) if graph is not None else {}
    return str(provider.get("region") or "")


def _availability_domains(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    """`oci.identity.get_availability_domains`: the region's ADs under the tenancy's own prefix
    (`Xyzw:ME-JEDDAH-1-AD-1`; the prefix differs per tenancy)."""
    tenancy, region = str(args.args["compartmentId"]), _invoke_region(args, graph)
    letters = hashlib.sha256(tenancy.encode()).hexdigest()
    prefix = "".join(chr(ord("a") + int(c, 16) % 26) for c in letters[:4]).capitalize()
    # The region catalog records each region's ADs (Oracle's regions table).
    count = len(regions.known_zones("oci", region)) or 1
    return {
        "compartmentId": tenancy,
        "id": f"IdentityAvailabilityDomainsDataSource-{letters[:10]}",
        "availabilityDomains": [
            {
                "compartmentId": tenancy,
                "id": compute_ocid("availabilitydomain", "", tenancy, region, str(n)),
                "name": f"{prefix}:{region.upper()}-AD-{n}",
            }
            for n in range(1, count + 1)
        ],
    }


def _services(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    """`oci.core.get_services`: the region's two service gateway targets."""
    region = _invoke_region(args, graph)
    key = REGION_KEYS.get(region, region)
    return {
        "id": f"CoreServicesDataSource-{key.lower()}",
        "services": [
            {
                "cidrBlock": f"all-{key.lower()}-services-in-oracle-services-network",
                "description": f"All {key} Services In Oracle Services Network",
                "id": compute_ocid("service", region, "all-services"),
                "name": f"All {key} Services In Oracle Services Network",
            },
            {
                "cidrBlock": f"oci-{key.lower()}-objectstorage",
                "description": f"OCI {key} Object Storage",
                "id": compute_ocid("service", region, "objectstorage"),
                "name": f"OCI {key} Object Storage",
            },
        ],
    }


def _cluster_kube_config(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    """`oci.containerengine.get_cluster_kube_config`: OKE's kubeconfig for one endpoint of a
    cluster of the graph, with the `oci ce cluster generate-token` exec user OKE writes."""
    cluster_id, endpoint = str(args.args["clusterId"]), str(args.args.get("endpoint") or "PUBLIC_ENDPOINT")
    cluster = graph.get(cluster_id, CLUSTER) if graph is not None else None
    if cluster is None:
        raise ValueError(f"getClusterKubeConfig: cluster {cluster_id} is not in the stack")
    (endpoints,) = cluster.state["endpoints"]
    host = endpoints["privateEndpoint"] if endpoint == "PRIVATE_ENDPOINT" else endpoints["publicEndpoint"]
    if not host:
        raise ValueError(f"getClusterKubeConfig: cluster {cluster_id} has no {endpoint}")
    short = cluster_id[-11:]
    content = yaml.safe_dump(
        {
            "apiVersion": "v1",
            "kind": "",
            "clusters": [
                {
                    "name": f"cluster-{short}",
                    "cluster": {"server": f"https://{host}", "certificate-authority-data": CA_DATA},
                }
            ],
            "contexts": [
                {"name": f"context-{short}", "context": {"cluster": f"cluster-{short}", "user": f"user-{short}"}}
            ],
            "current-context": f"context-{short}",
            "users": [
                {
                    "name": f"user-{short}",
                    "user": {
                        "exec": {
                            "apiVersion": "client.authentication.k8s.io/v1beta1",
                            "command": "oci",
                            "args": ["ce", "cluster", "generate-token", "--cluster-id", cluster_id],
                            "env": [],
                        }
                    },
                }
            ],
        },
        sort_keys=False,
    )
    return {
        "id": f"ContainerengineClusterKubeConfigDataSource-{short}",
        "clusterId": cluster_id,
        "endpoint": endpoint,
        "tokenVersion": str(args.args.get("tokenVersion") or "2.0.0"),
        "content": content,
    }


def _node_pool_option(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    """`oci.containerengine.get_node_pool_option`: OKE's Oracle Linux images for the asked
    Kubernetes version in the region (x86 CPU and GPU builds of two dates, and an aarch64 CPU
    build; OKE publishes no aarch64 GPU image), named as OKE names them."""
    region = _invoke_region(args, graph)
    version = str(args.args.get("nodePoolK8sVersion") or "v1.36.1")
    bare = version.removeprefix("v")
    names = (
        [
            f"Oracle-Linux-8.10-Gen2-GPU-{date}-OKE-{bare}-{build}"
            for date, build in (("2026.08.12-0", 1121), ("2026.10.02-0", 1187))
        ]
        + [
            f"Oracle-Linux-8.10-{date}-OKE-{bare}-{build}"
            for date, build in (("2026.08.12-0", 1120), ("2026.10.02-0", 1186))
        ]
        + [f"Oracle-Linux-8.10-aarch64-2026.10.02-0-OKE-{bare}-1186"]
    )
    sources = [
        {"imageId": compute_ocid("image", region, name), "sourceName": name, "sourceType": "IMAGE"} for name in names
    ]
    return {
        "id": f"ContainerengineNodePoolOptionDataSource-{bare}",
        "nodePoolOptionId": str(args.args.get("nodePoolOptionId") or "all"),
        "compartmentId": args.args.get("compartmentId"),
        "kubernetesVersions": [version],
        "images": names,
        "shapes": ["VM.Standard.E5.Flex", "BM.GPU.H100.8", "BM.GPU.H200.8", "BM.GPU.B200.8", "BM.GPU.A100-v2.8"],
        "sources": sources,
    }


COMPUTE_INVOKES: dict[str, InvokeAnswer] = {
    "oci:Identity/getAvailabilityDomains:getAvailabilityDomains": _availability_domains,
    "oci:Core/getServices:getServices": _services,
    "oci:ContainerEngine/getClusterKubeConfig:getClusterKubeConfig": _cluster_kube_config,
    "oci:ContainerEngine/getNodePoolOption:getNodePoolOption": _node_pool_option,
}

COMPUTED: dict[str, ComputedState] = {**DATA_COMPUTED, **COMPUTE_COMPUTED}
INVOKES: dict[str, InvokeAnswer] = {**DATA_INVOKES, **COMPUTE_INVOKES}
