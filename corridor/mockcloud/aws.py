"""Mock AWS: the ids and computed attributes AWS returns for corridor's resource types.

Ids of other resources come from the graph (an EKS cluster's VPC is the VPC of its subnets);
the account in every ARN is the provider's pinned account (`allowedAccountIds` with one entry)
or, since corridor has no account config key, the all-zero placeholder.

A read (`get`) or an import names an existing resource by its id and has few inputs or none; its
answer is derived from that id (`Registration.args.resource_id`), as the cloud would read it back.
Resources a recovery stack adopts were made by another stack, outside this graph: an alias it
looks up (`kms.getAlias`) names a multi-Region key whose id is derived from the alias name alone,
so both regions' aliases of one name find the one key id.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from pulumi.runtime.mocks import MockCallArgs

from corridor.mockcloud.common import (
    PLACEHOLDER_AWS_ACCOUNT,
    ComputedState,
    Graph,
    InvokeAnswer,
    Registration,
    stable_uuid,
)

SUBNET = "aws:ec2/subnet:Subnet"


def account(registration: Registration) -> str:
    """The account the provider's credentials belong to, as far as its inputs say."""
    return provider_account(registration.provider)


def provider_account(provider: Mapping[str, Any]) -> str:
    """The account of a provider with these inputs."""
    allowed = provider.get("allowedAccountIds") or []
    return str(allowed[0]) if len(allowed) == 1 else PLACEHOLDER_AWS_ACCOUNT


def short_id(prefix: str, *parts: str) -> str:
    """An EC2-style id (`vpc-0123456789abcdef0`): 17 hex digits, stable for `parts`."""
    return f"{prefix}-0{stable_uuid(*parts).replace('-', '')[:16]}"


def _own_id(prefix: str, registration: Registration) -> str:
    return short_id(prefix, registration.args.typ, registration.name)


def _aws_kms_key(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    key_id = ("mrk-" if state.get("multiRegion") else "") + stable_uuid(registration.name).replace("-", "")
    arn = f"arn:aws:kms:{registration.region}:{account(registration)}:key/{key_id}"
    return {"id": key_id, "keyId": key_id, "arn": arn}


def _aws_kms_replica(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # A multi-Region replica keeps its primary's key id and account: both come from the primary's
    # ARN (arn:aws:kms:<region>:<account>:key/<id>), only the region is the replica's own. A read
    # has no primary ARN: the key id is the id it reads, in the provider's account.
    primary = str(state.get("primaryKeyArn", "")).split(":")
    key_id = registration.args.resource_id or primary[-1].rsplit("/", 1)[-1]
    owner = primary[4] if len(primary) > 5 else account(registration)
    return {"id": key_id, "keyId": key_id, "arn": f"arn:aws:kms:{registration.region}:{owner}:key/{key_id}"}


def aliased_key_id(alias: str) -> str:
    """The multi-Region key id an alias made outside this graph targets (in every region)."""
    return "mrk-" + stable_uuid("kms-alias", alias).replace("-", "")


def _aws_alias(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # An alias's id is its name; a read (`get`) gives only that, and reads back its target.
    name = str(state.get("name") or registration.args.resource_id)
    owner = account(registration)
    target = str(state.get("targetKeyId") or aliased_key_id(name))
    return {
        "id": name,
        "name": name,
        "arn": f"arn:aws:kms:{registration.region}:{owner}:{name}",
        "targetKeyId": target,
        "targetKeyArn": f"arn:aws:kms:{registration.region}:{owner}:key/{target}",
    }


def _kms_get_alias(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    """`aws.kms.get_alias`: the alias in the invoke's region (else the provider's) and its target
    key, as KMS ListAliases returns them; the data source's id is the alias ARN."""
    provider = graph.provider_inputs(args.provider) if graph is not None else {}
    name = str(args.args["name"])
    region = str(args.args.get("region") or provider.get("region") or "")
    owner = provider_account(provider)
    arn = f"arn:aws:kms:{region}:{owner}:{name}"
    target = aliased_key_id(name)
    return {
        "id": arn,
        "arn": arn,
        "name": name,
        "region": region,
        "targetKeyId": target,
        "targetKeyArn": f"arn:aws:kms:{region}:{owner}:key/{target}",
    }


def _aws_s3_bucket(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # A bucket's id is its name; a read (`get`) gives only that.
    name, region = str(state.get("bucket") or registration.args.resource_id), registration.region
    return {
        "id": name,
        "bucket": name,
        "arn": f"arn:aws:s3:::{name}",
        "region": region,
        "bucketDomainName": f"{name}.s3.amazonaws.com",
        "bucketRegionalDomainName": f"{name}.s3.{region}.amazonaws.com",
    }


def _aws_iam_role(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": state["name"], "arn": f"arn:aws:iam::{account(registration)}:role/{state['name']}"}


def _ec2_id(prefix: str) -> ComputedState:
    def computed(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
        return {"id": _own_id(prefix, registration)}

    return computed


def _aws_eip(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    allocation = _own_id("eipalloc", registration)
    # One address per allocation, from TEST-NET-3 (RFC 5737): documentation-only, never routable.
    host = int(hashlib.sha256(registration.name.encode()).hexdigest()[:4], 16) % 254 + 1
    return {"id": allocation, "allocationId": allocation, "publicIp": f"203.0.113.{host}"}


def _vpc_of_subnets(registration: Registration, subnet_ids: list[str]) -> str:
    """The VPC the cluster's subnets belong to, as EKS reports it in `vpcConfig.vpcId`.

    Subnets registered in this stack answer with their own `vpcId`. Subnets the config names
    (`network.existingSubnetIds`) live outside the graph: their VPC is unknown here, so it gets
    an id derived from those subnet ids alone (the same subnets always give the same VPC).
    """
    known = [registration.graph.get(subnet, SUBNET) for subnet in subnet_ids]
    vpcs = sorted({str(node.state["vpcId"]) for node in known if node is not None})
    if len(vpcs) > 1:
        # EKS rejects this too: every subnet of a cluster must be in the same VPC.
        raise ValueError(f"EKS cluster {registration.name}: subnets {subnet_ids} span VPCs {vpcs}")
    return vpcs[0] if vpcs else short_id("vpc", "outside the stack", *sorted(subnet_ids))


def _aws_eks_cluster(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    name, region = state["name"], registration.region
    endpoint_id = stable_uuid(registration.name).replace("-", "").upper()[:32]
    vpc_config = dict(state.get("vpcConfig") or {})
    vpc_id = _vpc_of_subnets(registration, [str(subnet) for subnet in vpc_config.get("subnetIds") or []])
    vpc_config.update(
        {
            # EKS creates this group (eks-cluster-sg-<cluster>-<n>) in the cluster's VPC; it is no
            # resource of the stack, so its id is derived from the cluster and that VPC.
            "clusterSecurityGroupId": short_id("sg", "eks-cluster-sg", name, vpc_id),
            "vpcId": vpc_id,
        }
    )
    return {
        "id": name,
        "arn": f"arn:aws:eks:{region}:{account(registration)}:cluster/{name}",
        "endpoint": f"https://{endpoint_id}.gr7.{region}.eks.amazonaws.com",
        # base64 of a PEM header: shaped like the real field, not a usable certificate.
        "certificateAuthority": {"data": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="},
        "vpcConfig": vpc_config,
        "version": "1.34",
        "status": "ACTIVE",
    }


def _aws_eks_node_group(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    cluster = state["clusterName"]
    node_group = state.get("nodeGroupName") or (
        str(state.get("nodeGroupNamePrefix", "")) + stable_uuid(registration.name).replace("-", "")[:26]
    )
    asg = f"eks-{node_group}-{stable_uuid('asg', registration.name)}"
    return {
        "id": f"{cluster}:{node_group}",
        "nodeGroupName": node_group,
        "arn": f"arn:aws:eks:{registration.region}:{account(registration)}:nodegroup/{cluster}/{node_group}",
        "resources": [{"autoscalingGroups": [{"name": asg}]}],
        "status": "ACTIVE",
    }


def _aws_launch_template(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    template_id = _own_id("lt", registration)
    return {
        "id": template_id,
        "arn": f"arn:aws:ec2:{registration.region}:{account(registration)}:launch-template/{template_id}",
        "latestVersion": 1,
        "defaultVersion": 1,
    }


def _aws_log_group(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # The ARN CloudWatch Logs returns for a log group (no trailing `:*`), as flow logs take it.
    name = state["name"]
    return {"id": name, "arn": f"arn:aws:logs:{registration.region}:{account(registration)}:log-group:{name}"}


def _aws_budget(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # AWS Budgets is global: the id is `<account>:<budget name>` (terraform-provider-aws
    # budgets), the ARN has no region.
    owner, name = account(registration), state["name"]
    return {"id": f"{owner}:{name}", "accountId": owner, "arn": f"arn:aws:budgets::{owner}:budget/{name}"}


def _aws_flow_log(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    flow_log = _own_id("fl", registration)
    return {"id": flow_log, "arn": f"arn:aws:ec2:{registration.region}:{account(registration)}:vpc-flow-log/{flow_log}"}


def _aws_default_security_group(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # The group AWS created with the VPC; its id depends on that VPC only.
    group = short_id("sg", "default", str(state.get("vpcId", "")))
    return {
        "id": group,
        "arn": f"arn:aws:ec2:{registration.region}:{account(registration)}:security-group/{group}",
        "name": "default",
        "ownerId": account(registration),
    }


def _aws_key_policy(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # Its id is the key id; a read (`get`) gives only that.
    key_id = str(state.get("keyId") or registration.args.resource_id)
    return {"id": key_id, "keyId": key_id}


def _aws_placement_group(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": state["name"],
        "placementGroupId": _own_id("pg", registration),
        "arn": f"arn:aws:ec2:{registration.region}:{account(registration)}:placement-group/{state['name']}",
    }


COMPUTED: dict[str, ComputedState] = {
    "aws:ec2/vpc:Vpc": _ec2_id("vpc"),
    SUBNET: _ec2_id("subnet"),
    "aws:ec2/internetGateway:InternetGateway": _ec2_id("igw"),
    "aws:ec2/eip:Eip": _aws_eip,
    "aws:ec2/natGateway:NatGateway": _ec2_id("nat"),
    "aws:ec2/routeTable:RouteTable": _ec2_id("rtb"),
    "aws:ec2/securityGroup:SecurityGroup": _ec2_id("sg"),
    "aws:ec2/launchTemplate:LaunchTemplate": _aws_launch_template,
    "aws:ec2/placementGroup:PlacementGroup": _aws_placement_group,
    "aws:eks/cluster:Cluster": _aws_eks_cluster,
    "aws:eks/nodeGroup:NodeGroup": _aws_eks_node_group,
    "aws:s3/bucket:Bucket": _aws_s3_bucket,
    "aws:iam/role:Role": _aws_iam_role,
    "aws:kms/key:Key": _aws_kms_key,
    "aws:kms/replicaKey:ReplicaKey": _aws_kms_replica,
    "aws:kms/alias:Alias": _aws_alias,
    "aws:kms/keyPolicy:KeyPolicy": _aws_key_policy,
    "aws:cloudwatch/logGroup:LogGroup": _aws_log_group,
    "aws:ec2/flowLog:FlowLog": _aws_flow_log,
    "aws:budgets/budget:Budget": _aws_budget,
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": _aws_default_security_group,
}

INVOKES: dict[str, InvokeAnswer] = {
    "aws:kms/getAlias:getAlias": _kms_get_alias,
}
