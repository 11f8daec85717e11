"""Exact EKS inputs: network, control plane, system nodes, and GPU node groups per capacity mode."""

from __future__ import annotations

import json
from typing import Any

import pulumi
import pytest

from components.clouds.aws import cluster as eks_cluster
from components.clouds.aws import node_pool
from components.clouds.aws.profile import PROFILE
from components.clouds.features import IMAGE_ADMISSION
from components.definition import SpecError, load_spec
from tests.conftest import BASELINE, edited_config, render_plan
from tests.plans import Resource, named, resources

NODE_GROUP = "aws:eks/nodeGroup:NodeGroup"
LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate"
CB_ID = "cr-0123456789abcdef0"
API_CIDRS = ["192.0.2.0/24", "198.51.100.0/24"]  # Pulumi.yaml's network.apiAccessCidrs
ACCOUNT = "000000000000"  # the mock's placeholder account
SLR = f"arn:aws:iam::{ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
FLOW_LOG_GROUP = "/corridor/aws-ap-southeast-1-vpc-flow-logs"
FLOW_LOG_GROUP_ARN = f"arn:aws:logs:ap-southeast-1:{ACCOUNT}:log-group:{FLOW_LOG_GROUP}"
TRAIN = {"name": "train", "accelerator": "H100", "gpusPerNode": 8, "maxNodes": 2}


def of_type(plan: dict[str, Any], type_: str, name: str) -> Resource:
    """The one resource of `type_` named `name` (components share names with their children)."""
    matches = [r for r in resources(plan, type_) if r["name"] == name]
    assert len(matches) == 1, f"expected one {type_} named {name!r}, found {len(matches)}"
    return matches[0]


def reserved(kind: str) -> dict[str, Any]:
    """Edits for a reserved H100 pool consuming a reservation of `kind` in zone 1b."""
    return {
        "gpuPools": [{**TRAIN, "capacity": "reserved"}],
        "reservations": {"train": {"kind": kind, "id": CB_ID, "zone": "ap-southeast-1b"}},
    }


def subnet_in(plan: dict[str, Any], zone: str) -> str:
    """The private node subnet of `zone`: the cluster lists them in `corridor:zones` order."""
    zones = ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]
    return of_type(plan, "aws:eks/cluster:Cluster", "cluster-eks")["inputs"]["vpcConfig"]["subnetIds"][
        zones.index(zone)
    ]


# --- cluster -----------------------------------------------------------------------------------


def test_control_plane_encrypts_secrets_logs_and_is_deletion_protected() -> None:
    """C1/O1/C5/C13: Secrets under the stack key, five log types, API auth, STANDARD support,
    EKS deletion protection (not Pulumi protect), no pinned version, private+public endpoint."""
    plan = render_plan("aws")
    eks = of_type(plan, "aws:eks/cluster:Cluster", "cluster-eks")
    inputs = eks["inputs"]
    assert inputs["encryptionConfig"] == {
        "provider": {"keyArn": plan["outputs"]["keys"]["keyId"]},
        "resources": ["secrets"],
    }
    assert inputs["enabledClusterLogTypes"] == ["api", "audit", "authenticator", "controllerManager", "scheduler"]
    assert inputs["accessConfig"] == {"authenticationMode": "API", "bootstrapClusterCreatorAdminPermissions": True}
    assert inputs["upgradePolicy"] == {"supportType": "STANDARD"}
    assert inputs["deletionProtection"] is True
    assert (eks["protect"], eks["retainOnDelete"]) == (False, False)
    assert "version" not in inputs
    assert inputs["name"] == "corridor-aws-ap-southeast-1"
    vpc = inputs["vpcConfig"]
    assert (vpc["endpointPrivateAccess"], vpc["endpointPublicAccess"]) == (True, True)
    assert vpc["publicAccessCidrs"] == API_CIDRS
    assert len(vpc["subnetIds"]) == 3
    outputs = plan["outputs"]["cluster"]
    assert outputs["apiAccess"] == {"private": False, "allowedCidrs": API_CIDRS, "controlledBy": "corridor"}
    assert outputs["secretsKeyId"] == plan["outputs"]["keys"]["keyId"]
    assert outputs["kubeconfig"] == "[secret]"
    policy = outputs["versionPolicy"]
    # EKS has no release channel: the upgrade policy's support type stands in for it.
    assert (policy["channel"], policy["version"]) == ("STANDARD", None)
    assert policy["nodeUpgrades"].startswith("explicit: ")
    assert policy["notes"][0] == "EKS default Kubernetes version at creation (none pinned)"
    assert "never enters paid extended support" in policy["notes"][1]


def test_private_endpoint_turns_the_public_endpoint_off() -> None:
    """C2: with network.privateEndpoint the API has its private endpoint only and no public CIDRs,
    and the apiAccess output reports exactly that."""
    plan = render_plan("aws", {"network": {"privateEndpoint": True}})
    vpc = of_type(plan, "aws:eks/cluster:Cluster", "cluster-eks")["inputs"]["vpcConfig"]
    assert (vpc["endpointPrivateAccess"], vpc["endpointPublicAccess"]) == (True, False)
    assert "publicAccessCidrs" not in vpc
    assert plan["outputs"]["cluster"]["apiAccess"] == {"private": True, "allowedCidrs": [], "controlledBy": "corridor"}


def test_cluster_role_may_use_the_stack_key_before_the_cluster_exists() -> None:
    """The cluster role trusts only EKS, has AmazonEKSClusterPolicy and a key policy naming only
    the stack key; the cluster waits for both."""
    plan = render_plan("aws")
    role = of_type(plan, "aws:iam/role:Role", "cluster-cluster-role")
    assert role["inputs"]["name"] == "corridor-aws-ap-southeast-1-eks-cluster"
    trust = json.loads(role["inputs"]["assumeRolePolicy"])
    assert trust["Statement"] == [
        {"Action": "sts:AssumeRole", "Effect": "Allow", "Principal": {"Service": "eks.amazonaws.com"}}
    ]
    key_policy = named(plan, "cluster-secrets-key")
    statement = json.loads(key_policy["inputs"]["policy"])["Statement"]
    assert statement == [
        {
            "Action": ["kms:Encrypt", "kms:Decrypt", "kms:DescribeKey", "kms:CreateGrant", "kms:ListGrants"],
            "Effect": "Allow",
            "Resource": [plan["outputs"]["keys"]["keyId"]],
        }
    ]
    eks = of_type(plan, "aws:eks/cluster:Cluster", "cluster-eks")
    attachment = named(plan, "cluster-cluster-role-AmazonEKSClusterPolicy")
    assert {key_policy["urn"], attachment["urn"]} <= set(eks["dependsOn"])


def test_node_role_has_exactly_the_eks_worker_policies() -> None:
    """C6: a dedicated node role trusting EC2, with worker, ECR pull-only and CNI policies only."""
    plan = render_plan("aws")
    role = of_type(plan, "aws:iam/role:Role", "cluster-node-role")
    assert json.loads(role["inputs"]["assumeRolePolicy"])["Statement"][0]["Principal"] == {
        "Service": "ec2.amazonaws.com"
    }
    arns = {
        r["inputs"]["policyArn"]
        for r in resources(plan, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
        if r["name"].startswith("cluster-node-role-")
    }
    assert arns == {
        "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
        "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
        "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
    }
    assert named(plan, "cluster-pod-identity-agent")["inputs"]["addonName"] == "eks-pod-identity-agent"


def test_network_has_private_nodes_and_a_nat_per_zone() -> None:
    """C3: node subnets carved from the cidr never map public IPs; each zone routes egress through
    its own NAT gateway, so one zone's failure leaves the others' egress up."""
    plan = render_plan("aws")
    vpc = named(plan, "cluster-vpc")["inputs"]
    assert (vpc["cidrBlock"], vpc["enableDnsSupport"], vpc["enableDnsHostnames"]) == ("10.40.0.0/16", True, True)
    expected = {
        "ap-southeast-1a": ("10.40.0.0/18", "10.40.192.0/22"),
        "ap-southeast-1b": ("10.40.64.0/18", "10.40.196.0/22"),
        "ap-southeast-1c": ("10.40.128.0/18", "10.40.200.0/22"),
    }
    nats = resources(plan, "aws:ec2/natGateway:NatGateway")
    assert len(nats) == 3
    for zone, (private_cidr, public_cidr) in expected.items():
        private = of_type(plan, "aws:ec2/subnet:Subnet", f"cluster-{zone}-private")["inputs"]
        public = of_type(plan, "aws:ec2/subnet:Subnet", f"cluster-{zone}-public")["inputs"]
        assert (private["cidrBlock"], private["availabilityZone"], private["mapPublicIpOnLaunch"]) == (
            private_cidr,
            zone,
            False,
        )
        assert private["tags"]["kubernetes.io/role/internal-elb"] == "1"
        assert (public["cidrBlock"], public["tags"]["kubernetes.io/role/elb"]) == (public_cidr, "1")
        route = of_type(plan, "aws:ec2/route:Route", f"cluster-{zone}-private-default")["inputs"]
        nat = next(n for n in nats if n["name"] == f"cluster-{zone}-nat")
        assert route["destinationCidrBlock"] == "0.0.0.0/0"
        assert route["natGatewayId"].startswith("nat-")
        assert nat["inputs"]["connectivityType"] == "public"


def test_existing_subnets_replace_the_network() -> None:
    """With existingSubnetIds no VPC is created and the ids, paired with zones, carry the nodes."""
    ids = ["subnet-0aaa", "subnet-0bbb", "subnet-0ccc"]
    plan = render_plan("aws", {"network": {"existingSubnetIds": ids, "apiAccessCidrs": API_CIDRS}})
    assert not resources(plan, "aws:ec2/vpc:Vpc")
    assert not resources(plan, "aws:ec2/natGateway:NatGateway")
    # Flow logs and the default security group belong to whoever owns that VPC.
    for type_ in (
        "aws:ec2/flowLog:FlowLog",
        "aws:cloudwatch/logGroup:LogGroup",
        "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup",
    ):
        assert not resources(plan, type_)
    flow_logs = plan["outputs"]["cluster"]["flowLogs"]
    assert flow_logs["destination"] is None
    assert flow_logs["note"].startswith("none: network.existingSubnetIds names a VPC corridor does not own")
    # The key policy still lets Auto Scaling encrypt GPU volumes, and names no log group.
    sids = [st["Sid"] for st in json.loads(named(plan, "cluster-key-policy")["inputs"]["policy"])["Statement"]]
    assert sids == ["EnableIamUserPermissions", "AutoScalingUseOfTheKey", "AutoScalingAttachmentOfPersistentResources"]
    assert of_type(plan, "aws:eks/cluster:Cluster", "cluster-eks")["inputs"]["vpcConfig"]["subnetIds"] == ids
    assert of_type(plan, NODE_GROUP, "gpu-train")["inputs"]["subnetIds"] == ["subnet-0aaa"]
    # corridor does not read an existing subnet: the zone is the one corridor:zones pairs with it,
    # and the reason says so rather than implying it was read from a subnet resource.
    train = plan["outputs"]["gpuPools"]["train"]
    assert train["zones"] == ["ap-southeast-1a"]
    assert train["zoneReason"].endswith("(the zone corridor:zones pairs with that network.existingSubnetIds entry)")


def test_default_security_group_has_no_rules() -> None:
    """CIS AWS 5.4 / CKV2_AWS_12: the created VPC's default security group is adopted with no
    ingress and no egress rule."""
    plan = render_plan("aws")
    group = of_type(plan, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "cluster-default-sg")["inputs"]
    assert (group["ingress"], group["egress"]) == ([], [])
    assert group["vpcId"].startswith("vpc-")
    assert group["tags"]["Name"] == "corridor-aws-ap-southeast-1-default-deny"


def test_vpc_flow_logs_go_to_an_encrypted_retained_log_group() -> None:
    """O3/CKV2_AWS_11/CKV_AWS_158: every flow of the VPC to a protected log group encrypted with
    the stack key and kept logging.retentionDays, through a role only this account's flow logs
    assume, allowed to write only that group."""
    plan = render_plan("aws", {"logging": {"retentionDays": 90}})
    key_arn = plan["outputs"]["keys"]["keyId"]
    group = of_type(plan, "aws:cloudwatch/logGroup:LogGroup", "cluster-flow-logs")
    assert group["inputs"] == {
        "name": FLOW_LOG_GROUP,
        "retentionInDays": 90,
        "kmsKeyId": key_arn,
        "tags": group["inputs"]["tags"],
    }
    assert (group["protect"], group["retainOnDelete"]) == (True, True)
    # CloudWatch Logs checks it may use the key when the group is created.
    assert named(plan, "cluster-key-policy")["urn"] in group["dependsOn"]
    flow_log = of_type(plan, "aws:ec2/flowLog:FlowLog", "cluster-flow-log")["inputs"]
    role = of_type(plan, "aws:iam/role:Role", "cluster-flow-logs-role")["inputs"]
    assert {k: v for k, v in flow_log.items() if k != "tags"} == {
        "vpcId": named(plan, "cluster-default-sg")["inputs"]["vpcId"],
        "trafficType": "ALL",
        "logDestinationType": "cloud-watch-logs",
        "logDestination": FLOW_LOG_GROUP_ARN,
        "iamRoleArn": f"arn:aws:iam::{ACCOUNT}:role/corridor-aws-ap-southeast-1-vpc-flow-logs",
        "maxAggregationInterval": 600,
    }
    assert json.loads(role["assumeRolePolicy"])["Statement"] == [
        {
            "Effect": "Allow",
            "Principal": {"Service": "vpc-flow-logs.amazonaws.com"},
            "Action": "sts:AssumeRole",
            "Condition": {
                "StringEquals": {"aws:SourceAccount": ACCOUNT},
                "ArnLike": {"aws:SourceArn": f"arn:aws:ec2:ap-southeast-1:{ACCOUNT}:vpc-flow-log/*"},
            },
        }
    ]
    assert json.loads(named(plan, "cluster-flow-logs-delivery")["inputs"]["policy"])["Statement"] == [
        {
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
            "Resource": [FLOW_LOG_GROUP_ARN, f"{FLOW_LOG_GROUP_ARN}:*"],
        },
        {
            "Effect": "Allow",
            "Action": "logs:DescribeLogGroups",
            "Resource": f"arn:aws:logs:ap-southeast-1:{ACCOUNT}:log-group:*",
        },
    ]
    flow_logs = plan["outputs"]["cluster"]["flowLogs"]
    assert flow_logs["destination"] == FLOW_LOG_GROUP_ARN
    assert "kept 90 days" in flow_logs["note"]
    assert "logging.flowLogSampling does not apply" in flow_logs["note"]


def test_key_policy_keeps_the_default_and_admits_auto_scaling_and_the_flow_log_group() -> None:
    """C10/O3: a separate KeyPolicy on the primary key (the key itself gets no new input): the
    default IAM statement, the Auto Scaling service-linked role's two statements from the AWS
    guide, and CloudWatch Logs for the flow log group only. It waits for the system node group
    (whose ASG creates that role in a new account); GPU node groups wait for it."""
    plan = render_plan("aws")
    key = named(plan, "keys-primary")
    assert "policy" not in key["inputs"]
    policy = named(plan, "cluster-key-policy")
    assert policy["type"] == "aws:kms/keyPolicy:KeyPolicy"
    assert policy["inputs"]["keyId"] == plan["outputs"]["keys"]["keyId"].rsplit("/", 1)[1]
    assert "bypassPolicyLockoutSafetyCheck" not in policy["inputs"]
    assert json.loads(policy["inputs"]["policy"]) == {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "EnableIamUserPermissions",
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "kms:*",
                "Resource": "*",
            },
            {
                "Sid": "AutoScalingUseOfTheKey",
                "Effect": "Allow",
                "Principal": {"AWS": SLR},
                "Action": ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                "Resource": "*",
            },
            {
                "Sid": "AutoScalingAttachmentOfPersistentResources",
                "Effect": "Allow",
                "Principal": {"AWS": SLR},
                "Action": "kms:CreateGrant",
                "Resource": "*",
                "Condition": {"Bool": {"kms:GrantIsForAWSResource": True}},
            },
            {
                "Sid": "CloudWatchLogsFlowLogGroup",
                "Effect": "Allow",
                "Principal": {"Service": "logs.ap-southeast-1.amazonaws.com"},
                "Action": ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                "Resource": "*",
                "Condition": {"ArnEquals": {"kms:EncryptionContext:aws:logs:arn": FLOW_LOG_GROUP_ARN}},
            },
        ],
    }
    assert of_type(plan, NODE_GROUP, "cluster-system")["urn"] in policy["dependsOn"]
    for pool in ("train", "infer"):
        assert policy["urn"] in of_type(plan, NODE_GROUP, f"gpu-{pool}")["dependsOn"]


def test_aws_profile_refuses_retention_cloudwatch_cannot_keep() -> None:
    """CloudWatch Logs takes fixed retention periods only: any other logging.retentionDays is
    refused at its path with the allowed list, before anything registers."""
    with pytest.raises(SpecError) as caught:
        load_spec(edited_config("aws", {"logging": {"retentionDays": 364}}).values, BASELINE)
    assert [str(problem) for problem in caught.value.problems] == [
        "corridor:logging.retentionDays: 364 is not a retention CloudWatch Logs (VPC flow logs) accepts on aws; "
        "use one of 30, 60, 90, 120, 150, 180, 365, 400, 545"
    ]
    assert load_spec(edited_config("aws", {"logging": {"retentionDays": 545}}).values, BASELINE)


def test_aws_profile_declares_image_admission_unsupported() -> None:
    """EKS has no native image admission, so the profile lists imageAdmission: enforce with why."""
    assert PROFILE.unsupported[IMAGE_ADMISSION].startswith("EKS has no native image admission control")


def test_carve_is_deterministic_and_disjoint() -> None:
    """Subnet CIDRs depend only on cidr and zone count and never overlap, even for a /20 range."""
    private, public = eks_cluster.carve("10.8.0.0/20", 2)
    assert private == ["10.8.0.0/22", "10.8.4.0/22"]
    assert public == ["10.8.12.0/26", "10.8.12.64/26"]


def test_system_node_group() -> None:
    """Small AL2023 on-demand nodes, 2..3 across every zone, auto repair on, untainted, labelled
    with pool `system` and every stack tag under `corridor.dev/`."""
    plan = render_plan("aws")
    system = of_type(plan, NODE_GROUP, "cluster-system")["inputs"]
    assert system["amiType"] == "AL2023_x86_64_STANDARD"
    assert (system["instanceTypes"], system["capacityType"]) == (["m6i.large"], "ON_DEMAND")
    assert system["scalingConfig"] == {"desiredSize": 2, "maxSize": 3, "minSize": 2}
    assert len(system["subnetIds"]) == 3
    assert plan["outputs"]["cluster"]["systemZones"] == ["ap-southeast-1a", "ap-southeast-1b", "ap-southeast-1c"]
    assert plan["outputs"]["cluster"]["systemZoneReason"].startswith("spread: ")
    assert system["nodeRepairConfig"] == {"enabled": True}
    assert "taints" not in system
    # No launch template: adding one to the live node group would replace it, so its disks stay
    # on the account's EBS default and the output says so.
    assert "launchTemplate" not in system
    disks = plan["outputs"]["cluster"]["nodeDisks"]
    assert disks["keyId"] is None
    assert disks["note"].startswith("account EBS default: the system node group was created without a launch template")
    assert disks["note"].endswith("GPU node groups encrypt with the stack key")
    tags = of_type(plan, "aws:eks/cluster:Cluster", "cluster-eks")["inputs"]["tags"]
    assert system["labels"] == {
        "corridor.dev/pool": "system",
        "corridor.dev/role": "system",
        **{f"corridor.dev/{k}": v for k, v in tags.items()},
    }


# --- GPU pools ---------------------------------------------------------------------------------


def test_every_gpu_pool_has_taint_labels_bounds_and_driver() -> None:
    """C14: NO_SCHEDULE GPU taint, pool labels, min..max with desired=min, catalog machine and AMI."""
    plan = render_plan("aws")
    pools = plan["outputs"]["gpuPools"]
    for pool, machine, max_nodes in (("train", "p5.48xlarge", 4), ("infer", "g6.xlarge", 8)):
        inputs = of_type(plan, NODE_GROUP, f"gpu-{pool}")["inputs"]
        assert inputs["taints"] == [{"effect": "NO_SCHEDULE", "key": "nvidia.com/gpu", "value": "present"}]
        assert inputs["labels"] == pools[pool]["nodeLabels"]
        assert inputs["labels"]["corridor.dev/pool"] == pool
        assert inputs["scalingConfig"] == {"desiredSize": 0, "maxSize": max_nodes, "minSize": 0}
        assert inputs["amiType"] == "AL2023_x86_64_NVIDIA"
        assert inputs["instanceTypes"] == [machine]
        assert inputs["updateConfig"] == {"maxUnavailable": 1, "updateStrategy": "MINIMAL"}
        assert inputs["tags"]["k8s.io/cluster-autoscaler/enabled"] == "true"
        assert inputs["tags"]["k8s.io/cluster-autoscaler/corridor-aws-ap-southeast-1"] == "owned"
        assert pools[pool]["taints"] == ["nvidia.com/gpu=present:NoSchedule"]
        assert pools[pool]["driver"] == {"installedBy": "node-image", "source": "EKS AMI AL2023_x86_64_NVIDIA"}
        # The device plugin is corridor's own agent (observability.agents.gpuRuntime): not a step.
        steps = pools[pool]["inCluster"]
        assert not any(step["component"].startswith("NVIDIA device plugin") for step in steps)
        assert steps[0]["component"].endswith("k8s.io/cluster-autoscaler/corridor-aws-ap-southeast-1")
    without_agents = render_plan("aws", {"observability": {"enabled": False}})["outputs"]["gpuPools"]["infer"]
    assert without_agents["inCluster"][0]["component"].startswith("NVIDIA device plugin")
    assert without_agents["inCluster"][0]["why"] == (
        "the AL2023 NVIDIA AMI ships driver and container toolkit but no device plugin"
    )


def test_desired_size_belongs_to_the_autoscaler() -> None:
    """Pulumi ignores scalingConfig.desiredSize, so `up` never resets a scaled-out pool."""
    opts = node_pool.autoscaler_owned(pulumi.ResourceOptions())
    assert opts.ignore_changes == ["scalingConfig.desiredSize"]


def test_launch_templates_are_imdsv2_encrypted_and_never_set_subnet_or_profile() -> None:
    """C7/C10 and the EKS launch-template rules: no subnet, no instance profile, IMDSv2 hop 1, a
    gp3 root volume encrypted with the stack key, reported as each pool's nodeDisks."""
    plan = render_plan("aws")
    key_arn = plan["outputs"]["keys"]["keyId"]
    for template in resources(plan, LAUNCH_TEMPLATE):
        inputs = template["inputs"]
        assert "iamInstanceProfile" not in inputs
        assert all("subnetId" not in ni for ni in inputs.get("networkInterfaces", []))
        assert inputs["metadataOptions"] == {
            "httpEndpoint": "enabled",
            "httpPutResponseHopLimit": 1,
            "httpTokens": "required",
        }
        assert inputs["blockDeviceMappings"] == [
            {
                "deviceName": "/dev/xvda",
                "ebs": {
                    "deleteOnTermination": "true",
                    "encrypted": "true",
                    "kmsKeyId": key_arn,
                    "volumeSize": 200,
                    "volumeType": "gp3",
                },
            }
        ]
    for pool in plan["outputs"]["gpuPools"].values():
        assert pool["nodeDisks"] == {
            "keyId": key_arn,
            "note": "encrypted EBS with the stack key: the launch template's 200 GiB gp3 root volume (/dev/xvda) "
            "names the key",
        }


def test_platform_node_disk_key_keeps_the_account_ebs_default() -> None:
    """nodeDiskKey platform: launch templates name no key (the account's default EBS key, as before
    corridor used the stack key, so a live pool keeps its template version and nodes), the key
    policy names no Auto Scaling role and waits for nothing, GPU node groups do not wait for it,
    and nodeDisks say so."""
    plan = render_plan("aws", {"nodeDiskKey": "platform"})
    for template in resources(plan, LAUNCH_TEMPLATE):
        assert template["inputs"]["blockDeviceMappings"] == [
            {
                "deviceName": "/dev/xvda",
                "ebs": {"deleteOnTermination": "true", "encrypted": "true", "volumeSize": 200, "volumeType": "gp3"},
            }
        ]
    policy = named(plan, "cluster-key-policy")
    statements = json.loads(policy["inputs"]["policy"])["Statement"]
    assert [st["Sid"] for st in statements] == ["EnableIamUserPermissions", "CloudWatchLogsFlowLogGroup"]
    assert "autoscaling" not in policy["inputs"]["policy"].lower()
    assert of_type(plan, NODE_GROUP, "cluster-system")["urn"] not in policy["dependsOn"]
    for name, pool in plan["outputs"]["gpuPools"].items():
        assert policy["urn"] not in of_type(plan, NODE_GROUP, f"gpu-{name}")["dependsOn"]
        assert pool["nodeDisks"] == {
            "keyId": None,
            "note": "account default EBS key: corridor:nodeDiskKey is platform, so the launch template's 200 GiB "
            "gp3 root volume (/dev/xvda) names no key and is encrypted with the account's default EBS key in "
            "the region (aws/ebs unless changed)",
        }
    assert plan["outputs"]["gpuPools"].keys() == {"train", "infer"}
    assert plan["outputs"]["cluster"]["nodeDisks"]["note"].endswith(
        "GPU node groups use the same account default (corridor:nodeDiskKey is platform)"
    )


def test_scale_from_zero_tags_reach_the_auto_scaling_group() -> None:
    """Node-template label, taint and EFA resource tags are set on the node group's ASG."""
    plan = render_plan("aws")
    asg_tags = {
        r["inputs"]["tag"]["key"]: r["inputs"]["tag"]
        for r in resources(plan, "aws:autoscaling/tag:Tag")
        if r["name"].startswith("gpu-train-")
    }
    prefix = "k8s.io/cluster-autoscaler/node-template/"
    assert asg_tags[prefix + "taint/nvidia.com/gpu"] == {
        "key": prefix + "taint/nvidia.com/gpu",
        "propagateAtLaunch": False,
        "value": "present:NoSchedule",
    }
    assert asg_tags[prefix + "label/corridor.dev/accelerator"]["value"] == "H100"
    assert asg_tags[prefix + "resources/vpc.amazonaws.com/efa"]["value"] == "32"
    for r in resources(plan, "aws:autoscaling/tag:Tag"):
        assert r["inputs"]["autoscalingGroupName"].startswith("eks-")


@pytest.mark.parametrize(
    ("edits", "capacity_type", "zone", "market", "wiring"),
    [
        ({"gpuPools": [{**TRAIN, "capacity": "onDemand"}]}, "ON_DEMAND", "ap-southeast-1a", None, ""),
        ({"gpuPools": [{**TRAIN, "capacity": "spot"}]}, "SPOT", "ap-southeast-1a", None, ""),
        (
            reserved("capacityBlock"),
            "CAPACITY_BLOCK",
            "ap-southeast-1b",
            "capacity-block",
            "launch template capacity-block, ",
        ),
        (
            reserved("capacityReservation"),
            "ON_DEMAND",
            "ap-southeast-1b",
            None,
            "launch template capacity reservation target, ",
        ),
    ],
    ids=["onDemand", "spot", "capacityBlock", "capacityReservation"],
)
def test_capacity_modes(edits: dict[str, Any], capacity_type: str, zone: str, market: str | None, wiring: str) -> None:
    """Each capacity mode: the EKS capacity type, the single zone (reservation's or first), the
    launch-template market and reservation target, and instance types only outside Capacity Blocks."""
    plan = render_plan("aws", edits)
    group = of_type(plan, NODE_GROUP, "gpu-train")["inputs"]
    template = of_type(plan, LAUNCH_TEMPLATE, "gpu-train-lt")["inputs"]
    assert group["capacityType"] == capacity_type
    assert group["subnetIds"] == [subnet_in(plan, zone)]
    out = plan["outputs"]["gpuPools"]["train"]
    assert out["zones"] == [zone]
    if "reservations" in edits:
        assert out["zoneReason"] == f"one zone: the reservation holds capacity in {zone}"
    else:
        assert out["zoneReason"] == (
            f"one zone: EFA and the cluster placement group do not span zones; {zone} is the first of corridor:zones"
        )
    assert group["launchTemplate"]["id"].startswith("lt-")
    if market:
        assert template["instanceMarketOptions"] == {"marketType": market}
        assert template["instanceType"] == "p5.48xlarge"
        assert "instanceTypes" not in group
    else:
        assert "instanceMarketOptions" not in template
        assert "instanceType" not in template
        assert group["instanceTypes"] == ["p5.48xlarge"]
    if "reservations" in edits:
        assert template["capacityReservationSpecification"] == {
            "capacityReservationTarget": {"capacityReservationId": CB_ID}
        }
    else:
        assert "capacityReservationSpecification" not in template
    pool = edits["gpuPools"][0]
    reservation = edits.get("reservations", {}).get("train")
    assert out["capacity"] == {
        "mode": pool["capacity"],
        "reservation": f"{reservation['kind']} {CB_ID}" if reservation else None,
        "zone": zone,
        "wiring": f"{wiring}capacity_type {capacity_type}",
    }


@pytest.mark.parametrize(
    ("edits", "placement_group"),
    [
        ({"gpuPools": [{**TRAIN, "capacity": "onDemand"}]}, True),
        ({"gpuPools": [{**TRAIN, "capacity": "spot"}]}, True),
        (reserved("capacityBlock"), False),
        (reserved("capacityReservation"), False),
    ],
    ids=["onDemand", "spot", "capacityBlock", "capacityReservation"],
)
def test_efa_on_multi_node_h100_pools(edits: dict[str, Any], placement_group: bool) -> None:
    """interconnect auto on 8xH100 over >1 node: 32 EFAs (card 0 `efa`, others `efa-only`), a
    self-referencing security group plus the cluster group, and a cluster placement group only
    when no reservation is consumed."""
    plan = render_plan("aws", edits)
    template = of_type(plan, LAUNCH_TEMPLATE, "gpu-train-lt")["inputs"]
    interfaces = template["networkInterfaces"]
    assert len(interfaces) == 32
    assert [(ni["networkCardIndex"], ni["deviceIndex"]) for ni in interfaces] == [(i, 0) for i in range(32)]
    assert [ni["interfaceType"] for ni in interfaces] == ["efa"] + ["efa-only"] * 31
    assert interfaces[0]["associatePublicIpAddress"] == "false"
    assert named(plan, "gpu-train-efa")["inputs"]["vpcId"].startswith("vpc-")
    assert all(len(ni["securityGroups"]) == 2 for ni in interfaces)
    for direction in ("in", "out"):
        rule = named(plan, f"gpu-train-efa-{direction}")["inputs"]
        assert rule["ipProtocol"] == "-1"
        assert rule["referencedSecurityGroupId"] == rule["securityGroupId"]
        assert rule["securityGroupId"] in interfaces[0]["securityGroups"]
    groups = resources(plan, "aws:ec2/placementGroup:PlacementGroup")
    out = plan["outputs"]["gpuPools"]["train"]
    if placement_group:
        assert [g["inputs"]["strategy"] for g in groups] == ["cluster"]
        assert template["placement"] == {"groupName": groups[0]["inputs"]["name"]}
        assert out["fabric"] == {"kind": "efa", "interfaces": 32, "placement": "cluster placement group"}
        assert out["notes"] == []
    else:
        assert not groups
        assert "placement" not in template
        assert out["fabric"] == {"kind": "efa", "interfaces": 32, "placement": None}
        # Why a reservation gets no placement group.
        [note] = out["notes"]
        assert note.startswith("no placement group")
        kind = edits["reservations"]["train"]["kind"]
        assert ("EC2 UltraCluster" in note) == (kind == "capacityBlock")
        assert ("InsufficientInstanceCapacity" in note) == (kind == "capacityReservation")
    assert any("vpc.amazonaws.com/efa" in step["component"] for step in out["inCluster"])


@pytest.mark.parametrize(
    "pool",
    [
        {**TRAIN, "interconnect": "none"},
        {**TRAIN, "maxNodes": 1},
        {"name": "infer", "accelerator": "L4", "gpusPerNode": 1, "maxNodes": 8},
    ],
    ids=["interconnect-none", "single-node", "no-fabric-machine"],
)
def test_plain_networking_without_fabric(pool: dict[str, Any]) -> None:
    """No EFA interfaces, security group or placement group unless auto + multi-node + EFA machine."""
    plan = render_plan("aws", {"gpuPools": [pool]})
    template = of_type(plan, LAUNCH_TEMPLATE, f"gpu-{pool['name']}-lt")["inputs"]
    assert "networkInterfaces" not in template
    assert "placement" not in template
    assert not resources(plan, "aws:ec2/placementGroup:PlacementGroup")
    assert not resources(plan, "aws:ec2/securityGroup:SecurityGroup")
    result = plan["outputs"]["gpuPools"][pool["name"]]
    assert result["fabric"] == {"kind": "none", "interfaces": 0, "placement": None}
    assert not any("efa" in step["component"].lower() for step in result["inCluster"])
    assert result["notes"] == []


def test_unknown_efa_count_falls_back_to_plain_networking() -> None:
    """GB200 has no catalog EFA count: no guessed interface layout, and the result says why."""
    pool = {"name": "gb", "accelerator": "GB200", "gpusPerNode": 4, "maxNodes": 2}
    plan = render_plan("aws", {"gpuPools": [pool]})
    group = of_type(plan, NODE_GROUP, "gpu-gb")["inputs"]
    assert group["amiType"] == "AL2023_ARM_64_NVIDIA"
    assert "networkInterfaces" not in of_type(plan, LAUNCH_TEMPLATE, "gpu-gb-lt")["inputs"]
    result = plan["outputs"]["gpuPools"]["gb"]
    assert result["fabric"] == {"kind": "none", "interfaces": 0, "placement": None}
    assert result["notes"] == [
        "no fabric: the efa count of p6e-gb200.36xlarge is unknown in the catalog, so the pool gets "
        "plain networking rather than a guessed interface layout"
    ]
