"""Mock answers for Alibaba Cloud: ids shaped like the real ones (key ids, bucket names, VPC and
vSwitch ids, ACK cluster ids, node pool ids).

Two sections, one per area: KMS and OSS, then networking, ACK and node pools.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import re
from typing import Any

import yaml
from pulumi.runtime.mocks import MockCallArgs

from corridor.mockcloud.common import ComputedState, Graph, InvokeAnswer, Registration, stable_uuid

# --- KMS and OSS ---------------------------------------------------------------------------------

# KMS key ids are `key-` and 20 lowercase letters and digits whose first three name the region
# (`key-hzz62f1cb66fa42qo****` in Alibaba's API examples); the mock hashes the rest from the region
# and the alias the key's description names (corridor writes its alias there), so the key another
# stack made in a region (a recovery stack finds it with `getAliases`) has the id that stack's
# render gave it. An alias's id is its name, a bucket's its name, a RAM role's and a policy's
# their names (the import ids the SDK documents). ARNs carry an all-zero account id: the account
# comes from the caller's credentials, never from corridor's config.
# https://www.alibabacloud.com/help/en/kms/developer-reference/api-createkey

ACCOUNT = "0000000000000000"
"""Placeholder Alibaba Cloud account id (16 digits) in ARNs."""
REGION_CODES = {
    "ap-southeast-1": "sin",
    "ap-southeast-3": "kul",
    "ap-southeast-5": "jkt",
    "ap-southeast-6": "mnl",
    "ap-southeast-7": "bkk",
    "me-east-1": "dxb",
    "me-central-1": "ruh",
    "cn-hangzhou": "hzz",
    "us-west-1": "sjc",
    "us-east-1": "iad",
}
"""Three letters for a region in a key id; other regions use the first three of their id."""
ALIAS_IN_DESCRIPTION = re.compile(r"(alias/\S+)$")


def _digest(*parts: str) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()


def _provider_region(args: MockCallArgs, graph: Graph | None) -> str:
    """The region of an invoke's provider: Alibaba data sources take their region from it."""
    provider = graph.provider_inputs(args.provider) if graph is not None else {}
    return str(provider.get("region") or "")


def key_id(region: str, alias: str) -> str:
    """The id of the key `alias` points at in `region`."""
    code = REGION_CODES.get(region, region.replace("-", "")[:3])
    return f"key-{code}{_digest('kms-key', region, alias)[:17]}"


def _kms_key(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    region = registration.region
    if registration.args.resource_id:
        key = registration.args.resource_id
    else:
        description = str(state.get("description") or "")
        match = ALIAS_IN_DESCRIPTION.search(description)
        key = key_id(region, match.group(1) if match else f"{registration.name}/{description}")
    return {
        "id": key,
        "arn": f"acs:kms:{region}:{ACCOUNT}:key/{key}",
        "status": "Enabled",
        "creator": ACCOUNT,
        "creationDate": "2026-01-05T09:00:00Z",
        "lastRotationDate": "2026-01-05T09:00:00Z",
        "nextRotationDate": "",
        "primaryKeyVersion": stable_uuid("kms-key-version", key),
    }


def _kms_alias(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": registration.args.resource_id or str(state["aliasName"])}


def _oss_bucket(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # A read (`get`) names the bucket by its name only.
    name = registration.args.resource_id or str(state["bucket"])
    region = registration.region
    return {
        "id": name,
        "bucket": name,
        "location": f"oss-{region}",
        "extranetEndpoint": f"oss-{region}.aliyuncs.com",
        "intranetEndpoint": f"oss-{region}-internal.aliyuncs.com",
        "owner": ACCOUNT,
        "creationDate": "2026-01-05",
    }


def _by_bucket(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    """A bucket sub-resource (ACL, public access block, logging): its id is the bucket's name."""
    return {"id": str(state["bucket"])}


def _oss_replication(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # The provider's id: `<bucket>:<rule id>`, the rule id a UUID OSS assigns.
    bucket = str(state["bucket"])
    rule = stable_uuid("oss-replication", bucket)
    return {"id": f"{bucket}:{rule}", "ruleId": rule, "status": "doing"}


def _ram_role(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    name = str(state["roleName"])
    return {
        "id": name,
        "arn": f"acs:ram::{ACCOUNT}:role/{name.lower()}",
        "roleId": str(int(_digest("ram-role", name)[:15], 16))[:19],
        "createDate": "2026-01-05T09:00:00Z",
        "maxSessionDuration": 3600,
    }


def _ram_policy(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(state["policyName"]), "defaultVersion": "v1", "attachmentCount": 1, "type": "Custom"}


def _ram_role_attachment(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # The provider's id: `role:<policy name>:<policy type>:<role name>`.
    return {"id": f"role:{state['policyName']}:{state['policyType']}:{state['roleName']}"}


def _aliases(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    """`alicloud.kms.get_aliases` by alias name (`ids`): the one alias of that name another stack
    made in the provider's region, pointing at the key with the id that stack's render gave it."""
    names = [str(name) for name in args.args.get("ids") or []]
    if len(names) != 1:
        raise ValueError(f"{args.token}: the mock answers a lookup of exactly one alias, got {args.args}")
    region = _provider_region(args, graph)
    alias = names[0]
    return {
        "id": str(_digest("aliases", region, alias)[:10]),
        "ids": names,
        "names": names,
        "aliases": [{"aliasName": alias, "id": alias, "keyId": key_id(region, alias)}],
    }


DATA_COMPUTED: dict[str, ComputedState] = {
    "alicloud:kms/key:Key": _kms_key,
    "alicloud:kms/alias:Alias": _kms_alias,
    "alicloud:oss/bucket:Bucket": _oss_bucket,
    "alicloud:oss/bucketAcl:BucketAcl": _by_bucket,
    "alicloud:oss/bucketPublicAccessBlock:BucketPublicAccessBlock": _by_bucket,
    "alicloud:oss/bucketLogging:BucketLogging": _by_bucket,
    "alicloud:oss/bucketReplication:BucketReplication": _oss_replication,
    "alicloud:ram/role:Role": _ram_role,
    "alicloud:ram/policy:Policy": _ram_policy,
    "alicloud:ram/rolePolicyAttachment:RolePolicyAttachment": _ram_role_attachment,
}
DATA_INVOKES: dict[str, InvokeAnswer] = {
    "alicloud:kms/getAliases:getAliases": _aliases,
}

# --- networking, ACK and node pools --------------------------------------------------------------
# Alibaba resource ids are a type prefix and lowercase letters and digits (`vpc-t4nhi7y0wpzkfr2auxc0p`,
# `vsw-...`, `sg-...`, `ngw-...`, `eip-...`); here the random part is 21 characters hashed from the
# type, the region and the logical name, so it is stable and names the resource it belongs to. An
# ACK cluster id is `c` and 32 hex digits; a node pool id `np` and 32 hex digits, and the provider's
# id of a node pool is `<cluster id>:<node pool id>`. Resources that are parts of others take the
# provider's composite ids (an SNAT entry `<snat table>:<entry>`, a logstore `<project>:<store>`).
# https://www.alibabacloud.com/help/en/ack/ack-managed-and-ack-dedicated/developer-reference/api-cs-2015-12-15-describeclusterdetail

SWITCH = "alicloud:vpc/switch:Switch"
NAT_GATEWAY = "alicloud:vpc/natGateway:NatGateway"
ACK_CLUSTER = "alicloud:cs/managedKubernetes:ManagedKubernetes"
ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"
RRSA_ACCOUNT = "0000000000000000"
"""Placeholder account id (16 digits) of the RRSA OIDC provider ARN: the account comes from the caller's credentials."""
CLUSTER_CA = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="
"""base64 of a PEM header: shaped like an ACK cluster CA, not a usable one."""


def _hash(*parts: str) -> str:
    return hashlib.sha256("/".join(parts).encode()).hexdigest()


def alnum_id(prefix: str, length: int, *parts: str) -> str:
    """`<prefix>-` and `length` stable lowercase letters and digits hashed from `parts`."""
    digest = int(_hash(prefix, *parts), 16)
    chars = []
    for _ in range(length):
        digest, index = divmod(digest, len(ALPHABET))
        chars.append(ALPHABET[index])
    return f"{prefix}-{''.join(chars)}"


def _own(prefix: str, registration: Registration) -> str:
    return alnum_id(prefix, 21, registration.region, registration.args.typ, registration.name)


def _prefixed(prefix: str, **extra: Any) -> ComputedState:
    def computed(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
        return {"id": _own(prefix, registration), "status": "Available", **extra}

    return computed


def documentation_ip(*parts: str) -> str:
    """A TEST-NET-3 (RFC 5737) documentation address: routes nowhere."""
    return f"203.0.113.{int(_hash(*parts)[:4], 16) % 254 + 1}"


def _alicloud_vpc(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    own = _own("vpc", registration)
    # Every VPC comes with a system route table and router.
    return {
        "id": own,
        "status": "Available",
        "routeTableId": alnum_id("vtb", 21, own),
        "routerId": alnum_id("vrt", 21, own),
    }


def _alicloud_nat_gateway(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    own = _own("ngw", registration)
    # An internet NAT gateway comes with one SNAT table and one forward table.
    return {
        "id": own,
        "status": "Available",
        "snatTableIds": alnum_id("stb", 21, own),
        "forwardTableIds": alnum_id("ftb", 21, own),
    }


def _alicloud_eip(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    own = _own("eip", registration)
    return {"id": own, "status": "Available", "ipAddress": documentation_ip(own)}


def _alicloud_eip_association(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"{state['allocationId']}:{state['instanceId']}"}


def _alicloud_snat_entry(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    entry = _own("snat", registration)
    return {"id": f"{state['snatTableId']}:{entry}", "snatEntryId": entry, "status": "Available"}


def _alicloud_security_group_rule(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # The provider's id spells the rule out.
    fields = ("securityGroupId", "type", "ipProtocol", "portRange", "nicType", "cidrIp", "policy", "priority")
    return {"id": ":".join(str(state.get(f, "")) for f in fields)}


def _alicloud_log_project(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": str(state["projectName"]), "status": "Normal"}


def _alicloud_log_store(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"{state['projectName']}:{state['logstoreName']}"}


def _alicloud_flow_log(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": alnum_id("fl", 20, registration.region, registration.name), "status": "Active"}


def _alicloud_cluster(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    own = "c" + _hash("ack", registration.region, registration.name)[:32]
    switch_ids = list(state.get("vswitchIds") or [])
    first = registration.graph.get(str(switch_ids[0]), SWITCH) if switch_ids else None
    if first is None:
        raise ValueError(f"ACK cluster {registration.name}: its control plane vSwitch is not in the stack")
    # ACK puts the API server's intranet load balancer in the first control plane vSwitch.
    address = ipaddress.ip_network(str(first.state["cidrBlock"])).network_address + 250
    public = documentation_ip(own) if state.get("slbInternetEnabled") else ""
    return {
        "id": own,
        "vpcId": first.state["vpcId"],
        "connections": [
            {
                "apiServerIntranet": f"https://{address}:6443",
                "apiServerInternet": f"https://{public}:6443" if public else "",
                "masterPublicIp": public,
                "serviceDomain": f"*.{own}.{registration.region}.alicontainer.com",
            }
        ],
        "slbIntranet": alnum_id("lb", 21, own),
        "workerRamRoleName": f"KubernetesWorkerRole-{_hash('role', own)[:8]}",
        "rrsaMetadata": {
            "enabled": bool(state.get("enableRrsa")),
            "rrsaOidcIssuerUrl": f"https://oidc-ack-{registration.region}.oss-{registration.region}.aliyuncs.com/{own}",
            "ramOidcProviderName": f"ack-rrsa-{own}",
            "ramOidcProviderArn": f"acs:ram::{RRSA_ACCOUNT}:oidc-provider/ack-rrsa-{own}",
        },
        "state": "running",
    }


def _alicloud_node_pool(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    pool = "np" + _hash("nodepool", str(state.get("clusterId")), registration.name)[:32]
    return {
        "id": f"{state['clusterId']}:{pool}",
        "nodePoolId": pool,
        "scalingGroupId": alnum_id("asg", 20, pool),
    }


def _cluster_credential(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    """`alicloud.cs.get_cluster_credential`: the cluster CA, a client certificate and key, and the
    kubeconfig holding them, valid for `temporaryDurationMinutes`."""
    cluster_id = str(args.args["clusterId"])
    cluster = graph.get(cluster_id, ACK_CLUSTER) if graph is not None else None
    if graph is not None and cluster is None:
        raise ValueError(f"getClusterCredential: no ACK cluster {cluster_id} in the stack")
    name = str(cluster.state.get("name")) if cluster is not None else cluster_id
    server = cluster.state["connections"][0]["apiServerIntranet"] if cluster is not None else "https://10.0.0.250:6443"
    client = base64.b64encode(f"client-certificate-of-{cluster_id}".encode()).decode()
    key = base64.b64encode(f"client-key-of-{cluster_id}".encode()).decode()
    kube_config = yaml.safe_dump(
        {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [
                {"name": "kubernetes", "cluster": {"server": server, "certificate-authority-data": CLUSTER_CA}}
            ],
            "users": [{"name": "user", "user": {"client-certificate-data": client, "client-key-data": key}}],
            "contexts": [{"name": "ctx", "context": {"cluster": "kubernetes", "user": "user"}}],
            "current-context": "ctx",
        }
    )
    return {
        "id": cluster_id,
        "clusterId": cluster_id,
        "clusterName": name,
        "temporaryDurationMinutes": args.args.get("temporaryDurationMinutes"),
        "expiration": "2026-01-01T00:15:00Z",
        "certificateAuthorities": [{"clusterCert": CLUSTER_CA, "clientCert": client, "clientKey": key}],
        "kubeConfig": kube_config,
    }


COMPUTE_COMPUTED: dict[str, ComputedState] = {
    "alicloud:vpc/network:Network": _alicloud_vpc,
    SWITCH: _prefixed("vsw"),
    NAT_GATEWAY: _alicloud_nat_gateway,
    "alicloud:ecs/eipAddress:EipAddress": _alicloud_eip,
    "alicloud:ecs/eipAssociation:EipAssociation": _alicloud_eip_association,
    "alicloud:vpc/snatEntry:SnatEntry": _alicloud_snat_entry,
    "alicloud:ecs/securityGroup:SecurityGroup": _prefixed("sg"),
    "alicloud:ecs/securityGroupRule:SecurityGroupRule": _alicloud_security_group_rule,
    "alicloud:log/project:Project": _alicloud_log_project,
    "alicloud:log/store:Store": _alicloud_log_store,
    "alicloud:vpc/flowLog:FlowLog": _alicloud_flow_log,
    ACK_CLUSTER: _alicloud_cluster,
    "alicloud:cs/nodePool:NodePool": _alicloud_node_pool,
    # A cluster has one autoscaler configuration, under the cluster's id.
    "alicloud:cs/autoscalingConfig:AutoscalingConfig": lambda registration, state: {"id": str(state["clusterId"])},
}
COMPUTE_INVOKES: dict[str, InvokeAnswer] = {
    "alicloud:cs/getClusterCredential:getClusterCredential": _cluster_credential,
}

COMPUTED: dict[str, ComputedState] = {**DATA_COMPUTED, **COMPUTE_COMPUTED}
INVOKES: dict[str, InvokeAnswer] = {**DATA_INVOKES, **COMPUTE_INVOKES}
