"""Mock AWS: the ids and computed attributes AWS returns for corridor's resource types."""

from __future__ import annotations

from typing import Any

from pulumi.runtime.mocks import MockResourceArgs

from corridor.mockcloud.common import ACCOUNT_ID, ComputedState, stable_uuid


def _aws_kms_key(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    key_id = ("mrk-" if state.get("multiRegion") else "") + stable_uuid(args.name).replace("-", "")
    return {"id": key_id, "keyId": key_id, "arn": f"arn:aws:kms:{region}:{ACCOUNT_ID}:key/{key_id}"}


def _aws_kms_replica(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    primary_arn = str(state.get("primaryKeyArn", ""))
    key_id = primary_arn.rsplit("/", 1)[-1]
    return {"id": key_id, "keyId": key_id, "arn": f"arn:aws:kms:{region}:{ACCOUNT_ID}:key/{key_id}"}


def _aws_alias(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": state["name"], "arn": f"arn:aws:kms:{region}:{ACCOUNT_ID}:{state['name']}"}


def _aws_s3_bucket(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["bucket"]
    return {
        "id": name,
        "arn": f"arn:aws:s3:::{name}",
        "region": region,
        "bucketDomainName": f"{name}.s3.amazonaws.com",
        "bucketRegionalDomainName": f"{name}.s3.{region}.amazonaws.com",
    }


def _aws_iam_role(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": state["name"], "arn": f"arn:aws:iam::{ACCOUNT_ID}:role/{state['name']}"}


def _short_id(prefix: str, args: MockResourceArgs) -> str:
    """An EC2-style id (`vpc-0123456789abcdef0`): 17 hex digits, stable per logical name."""
    return f"{prefix}-0{stable_uuid(args.typ, args.name).replace('-', '')[:16]}"


def _ec2_id(prefix: str) -> ComputedState:
    def computed(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
        return {"id": _short_id(prefix, args)}

    return computed


def _aws_eip(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    allocation = _short_id("eipalloc", args)
    return {"id": allocation, "allocationId": allocation, "publicIp": "203.0.113.10"}


def _aws_eks_cluster(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["name"]
    endpoint_id = stable_uuid(args.name).replace("-", "").upper()[:32]
    vpc_config = dict(state.get("vpcConfig") or {})
    vpc_config.update(
        {
            "clusterSecurityGroupId": _short_id("sg", args),
            "vpcId": _short_id("vpc", args),
        }
    )
    return {
        "id": name,
        "arn": f"arn:aws:eks:{region}:{ACCOUNT_ID}:cluster/{name}",
        "endpoint": f"https://{endpoint_id}.gr7.{region}.eks.amazonaws.com",
        # base64 of a PEM header: shaped like the real field, not a usable certificate.
        "certificateAuthority": {"data": "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg=="},
        "vpcConfig": vpc_config,
        "version": "1.34",
        "status": "ACTIVE",
    }


def _aws_eks_node_group(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    node_group = str(state.get("nodeGroupNamePrefix", "")) + stable_uuid(args.name).replace("-", "")[:26]
    asg = f"eks-{node_group}-{stable_uuid('asg', args.name)}"
    return {
        "id": f"{state['clusterName']}:{node_group}",
        "nodeGroupName": node_group,
        "arn": f"arn:aws:eks:{region}:{ACCOUNT_ID}:nodegroup/{state['clusterName']}/{node_group}",
        "resources": [{"autoscalingGroups": [{"name": asg}]}],
        "status": "ACTIVE",
    }


def _aws_launch_template(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    template_id = _short_id("lt", args)
    return {
        "id": template_id,
        "arn": f"arn:aws:ec2:{region}:{ACCOUNT_ID}:launch-template/{template_id}",
        "latestVersion": 1,
        "defaultVersion": 1,
    }


def _aws_placement_group(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": state["name"],
        "placementGroupId": _short_id("pg", args),
        "arn": f"arn:aws:ec2:{region}:{ACCOUNT_ID}:placement-group/{state['name']}",
    }


COMPUTED: dict[str, ComputedState] = {
    "aws:ec2/vpc:Vpc": _ec2_id("vpc"),
    "aws:ec2/subnet:Subnet": _ec2_id("subnet"),
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
}

INVOKES: dict[str, Any] = {}
