"""Every id in a rendered plan names something that exists (issue 9, finding 6).

An id in a plan (`vpc-…`, an ARN, `/subscriptions/<s>/…`, `projects/<p>/…`, a service agent's
project number) must name a resource of the same plan, the account/subscription/project the
config and provider give, or a value the config itself holds. The mock cloud once made up an EKS
cluster's VPC from the cluster's name, so a security group landed in a VPC that was not the
plan's; these tests catch that whole class of lie.

How the ids are known: a plan records each resource's inputs, not the id the cloud answered. So
every case renders its config twice. `render_plan` gives the plan document a reviewer reads;
`run_program` runs the same program under the same mock runtime and keeps the monitor's own
registry (`MockMonitor.resources`: URN -> id and full state, as the SDK saw them, independent of
the mock cloud's internal graph). The registry supplies the known ids (every resource's id, and
for AWS every `arn`); the strings checked are those of the plan (every resource's inputs and every
stack output) and of the registry's states (which add the computed attributes no plan input
shows, such as an EKS cluster's `vpcConfig.vpcId`). The two renders are separate runs, so an id in
the plan matches the registry only if the mock answers deterministically, which it must.
"""

from __future__ import annotations

import base64
import fnmatch
import json
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
import yaml
from pulumi.runtime.mocks import MockCallArgs

from corridor.mockcloud.alicloud import ACCOUNT as ALIBABA_ACCOUNT
from corridor.mockcloud.azure import INVOKES as AZURE_INVOKES
from corridor.mockcloud.common import PLACEHOLDER_AWS_ACCOUNT
from corridor.mockcloud.gcp import project_number
from corridor.render import ProgramRun, run_program
from tests.conftest import CLOUDS, PROJECT_DIR, RECOVERY_STACK_OF_CLOUD, edited_config, render_plan

OTHER_SUBSCRIPTION = "22222222-2222-2222-2222-222222222222"
OTHER_PROJECT = "corridor-other-4321"


@dataclass(frozen=True)
class Rendering:
    """One config rendered: the plan, the monitor's registry, and the config's own strings."""

    plan: dict[str, Any]
    ids: dict[str, set[str]]
    """Registered ids by resource type."""
    states: dict[str, tuple[str, Mapping[str, Any]]]
    """URN -> (type, state) of every registered resource."""
    config: dict[str, str]
    config_strings: frozenset[str]
    run: ProgramRun
    """The `run_program` run the registry comes from (its mock cloud and stack outputs)."""

    def of_type(self, type_: str) -> list[Mapping[str, Any]]:
        return [state for typ, state in self.states.values() if typ == type_]

    def all_ids(self) -> set[str]:
        return set().union(*self.ids.values())

    def strings(self) -> Iterator[tuple[str, str]]:
        """(where, string) for every string of the plan and of the registered states, keys included."""
        for resource in self.plan["resources"]:
            yield from _strings(f"plan {resource['name']} ({resource['type']}) inputs", resource["inputs"])
        yield from _strings("plan outputs", self.plan["outputs"])
        for urn, (_, state) in sorted(self.states.items()):
            yield from _strings(f"mock state of {urn.rsplit('::', 1)[-1]}", state)


def _strings(where: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield where, str(key)
            yield from _strings(where, item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(where, item)


def _leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, Mapping):
        for item in value.values():
            yield from _leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from _leaves(item)
    else:
        yield value


def _keyed(value: Any, wanted: set[str]) -> Iterator[Any]:
    """Every value stored under one of the `wanted` keys, at any depth."""
    if isinstance(value, Mapping):
        for key, item in value.items():
            if key in wanted:
                yield item
            yield from _keyed(item, wanted)
    elif isinstance(value, list):
        for item in value:
            yield from _keyed(item, wanted)


def _urn_type(urn: str) -> str:
    return urn.split("::")[2].rsplit("$", 1)[-1]


@cache
def _rendering(cloud: str, edits_json: str) -> Rendering:
    edits = json.loads(edits_json)
    config = edited_config(cloud, edits)
    run = run_program(PROJECT_DIR, config)
    ids: dict[str, set[str]] = {}
    states: dict[str, tuple[str, Mapping[str, Any]]] = {}
    for urn, registered in run.monitor.resources.items():
        ids.setdefault(_urn_type(urn), set()).add(str(registered.id))
        states[urn] = (_urn_type(urn), registered.state)
    config_strings: set[str] = set()
    for raw in config.values.values():
        config_strings.add(raw)
        try:
            decoded = json.loads(raw)
        except ValueError:
            continue
        config_strings.update(str(leaf) for leaf in _leaves(decoded))
    plan = render_plan(cloud, edits)
    return Rendering(plan, ids, states, dict(config.values), frozenset(config_strings), run)


def rendering(cloud: str, edits: dict[str, Any] | None = None) -> Rendering:
    return _rendering(cloud, json.dumps(edits or {}, sort_keys=True))


# --- AWS -----------------------------------------------------------------------------------------

EC2_ID = re.compile(r"\b([a-z]+)-([0-9a-f]{17})\b")
EC2_TYPES = {
    "vpc": "aws:ec2/vpc:Vpc",
    "subnet": "aws:ec2/subnet:Subnet",
    "sg": "aws:ec2/securityGroup:SecurityGroup",
    "igw": "aws:ec2/internetGateway:InternetGateway",
    "nat": "aws:ec2/natGateway:NatGateway",
    "rtb": "aws:ec2/routeTable:RouteTable",
    "eipalloc": "aws:ec2/eip:Eip",
    "lt": "aws:ec2/launchTemplate:LaunchTemplate",
    "pg": "aws:ec2/placementGroup:PlacementGroup",
    "fl": "aws:ec2/flowLog:FlowLog",
}
# Resources whose id is a name but that also carry an EC2 id of their own.
OWN_EC2_ID = {"aws:ec2/placementGroup:PlacementGroup": "placementGroupId"}
ARN = re.compile(r"arn:aws:([a-z0-9-]+):([a-z0-9-]*):([a-z0-9]*):([^\s\"',\]\\]+)")
# Principals AWS itself creates in every account, which a key policy may name: the account root
# and service-linked roles (the Auto Scaling one uses EBS keys for node groups).
AWS_OWNED_PRINCIPAL = re.compile(r"root|role/aws-service-role/[a-z0-9.-]+/[A-Za-z0-9]+")


RECOVERY_FLOW_LOG_GROUPS = {
    json.loads((PROJECT_DIR / "plans" / f"{RECOVERY_STACK_OF_CLOUD['aws']}.json").read_text())["outputs"]["cluster"][
        "flowLogs"
    ]["destination"]
}
"""The flow-log group of the committed AWS recovery stack, which uses its source's replica key."""


def aws_problems(rendering: Rendering) -> tuple[list[str], Counter[str]]:
    problems: list[str] = []
    seen: Counter[str] = Counter()
    vpcs = rendering.ids.get(EC2_TYPES["vpc"], set())
    ec2_ids = {type_: set(rendering.ids.get(type_, set())) for type_ in EC2_TYPES.values()}
    for type_, attribute in OWN_EC2_ID.items():
        ec2_ids[type_] |= {str(state[attribute]) for state in rendering.of_type(type_)}
    # The one EC2 object AWS creates on its own that the stack references: the EKS cluster
    # security group, reported as the cluster's computed attribute, in the cluster's VPC.
    cluster_groups = {
        str(state["vpcConfig"]["clusterSecurityGroupId"])
        for state in rendering.of_type("aws:eks/cluster:Cluster")
        if state["vpcConfig"].get("vpcId") in vpcs
    }
    # The VPC's default group, also AWS's own, which the stack adopts to strip its rules.
    cluster_groups |= {
        str(state["id"])
        for state in rendering.of_type("aws:ec2/defaultSecurityGroup:DefaultSecurityGroup")
        if state.get("vpcId") in vpcs
    }
    arns = {str(state["arn"]) for _, state in rendering.states.values() if "arn" in state}
    buckets = rendering.ids.get("aws:s3/bucket:Bucket", set())
    for where, text in rendering.strings():
        for match in EC2_ID.finditer(text):
            ec2_id, kind = match.group(0), match.group(1)
            seen[kind] += 1
            type_ = EC2_TYPES.get(kind)
            if type_ is None:
                problems.append(f"{where}: {ec2_id} is an EC2-style id of a kind the plan never creates")
            elif ec2_id not in ec2_ids[type_] and not (kind == "sg" and ec2_id in cluster_groups):
                problems.append(f"{where}: {ec2_id} is no {type_} of the plan")
        for match in ARN.finditer(text):
            arn, service, account, resource = match.group(0), match.group(1), match.group(3), match.group(4)
            seen["arn"] += 1
            if account == "aws":
                if not (service == "iam" and resource.startswith("policy/")):
                    problems.append(f"{where}: {arn} names the `aws` account but is no AWS managed policy")
            elif account == "":
                if service != "s3" or resource.split("/", 1)[0] not in buckets:
                    problems.append(f"{where}: {arn} is no bucket (or object path of one) of the plan")
            else:
                seen[f"account {account}"] += 1
                if account != PLACEHOLDER_AWS_ACCOUNT:
                    problems.append(f"{where}: {arn} names account {account}, not {PLACEHOLDER_AWS_ACCOUNT}")
                # A policy's wildcard (`log-group:*`, `vpc-flow-log/*`, `log-group:<name>:*`) must
                # cover at least one ARN of the plan; an AWS-owned principal exists in every account.
                fixed = arn.removesuffix("*").removesuffix(":")
                covers = arn.endswith("*") and any(known.startswith(fixed) for known in arns)
                # The replica key's policy names, by pattern, the flow-log groups of the recovery
                # stacks that will use the key in the DR region: it must cover the committed one's.
                covers = covers or any(fnmatch.fnmatchcase(known, arn) for known in RECOVERY_FLOW_LOG_GROUPS)
                owned = service == "iam" and AWS_OWNED_PRINCIPAL.fullmatch(resource) is not None
                # An ARN the config hands over (a budget's SNS topic) names what the user owns.
                given = arn in rendering.config_strings
                if arn not in arns and not covers and not owned and not given:
                    problems.append(f"{where}: {arn} is the ARN of no resource of the plan")
    return problems, seen


# --- Azure ---------------------------------------------------------------------------------------

SUBSCRIPTION = re.compile(r"/subscriptions/([^/\s\"']+)")
ARM_ID = re.compile(r"/subscriptions/[^\s\"'\\,]+")
BUILT_IN_ROLE = re.compile(r"/subscriptions/[^/]+/providers/Microsoft\.Authorization/roleDefinitions/[0-9a-f-]{36}")
ISSUER_TENANT = re.compile(r"\.oic\.prod-aks\.azure\.com/([^/]+)/")


def azure_problems(rendering: Rendering) -> tuple[list[str], Counter[str]]:
    problems: list[str] = []
    seen: Counter[str] = Counter()
    subscription = rendering.config["corridor:azureSubscriptionId"]
    tenant = rendering.config["corridor:azureTenantId"]
    ids = rendering.all_ids()
    for where, text in rendering.strings():
        for match in SUBSCRIPTION.finditer(text):
            seen[f"subscription {match.group(1)}"] += 1
            if match.group(1) != subscription:
                problems.append(f"{where}: {text} names subscription {match.group(1)}, not {subscription}")
        for match in ARM_ID.finditer(text):
            arm_id = match.group(0)
            seen["arm id"] += 1
            # Built-in role definitions exist in every subscription; everything else is the plan's
            # own resource or an id the config hands over (a capacity reservation group).
            if not BUILT_IN_ROLE.fullmatch(arm_id) and arm_id not in ids and arm_id not in rendering.config_strings:
                problems.append(f"{where}: {arm_id} is the id of no resource of the plan or the config")
        for match in ISSUER_TENANT.finditer(text):
            seen["issuer tenant"] += 1
            if match.group(1) != tenant:
                problems.append(f"{where}: OIDC issuer {text} names tenant {match.group(1)}, not {tenant}")
    for urn, (_, state) in sorted(rendering.states.items()):
        for value in _keyed(state, {"tenantId", "tenantID"}):
            seen["tenant"] += 1
            if value != tenant:
                problems.append(f"{urn}: tenant {value}, not the configured {tenant}")
    return problems, seen


# --- GCP -----------------------------------------------------------------------------------------

PROJECT_PATH = re.compile(r"projects/([^/\s\"']+)/[^\s\"'\\,]*")
# A user-managed service account is <id>@<project>.iam.gserviceaccount.com; Google-managed
# service agents (service-<number>@<service>.iam…) are named after the project number instead.
SERVICE_ACCOUNT_PROJECT = re.compile(
    r"(?<![\w.-])(?!(?:service|project)-\d+@)[\w.-]+@([a-z0-9-]+)\.iam\.gserviceaccount\.com"
)
SERVICE_AGENT_NUMBER = re.compile(r"\b(?:service|project)-(\d+)@")


def gcp_problems(rendering: Rendering) -> tuple[list[str], Counter[str]]:
    problems: list[str] = []
    seen: Counter[str] = Counter()
    project = rendering.config["corridor:gcpProject"]
    number = project_number(project)
    ids = rendering.all_ids()
    for where, text in rendering.strings():
        for match in PROJECT_PATH.finditer(text):
            path, named = match.group(0).rstrip("/"), match.group(1)
            seen[f"project {named}"] += 1
            # A path the config hands over (a budget's Pub/Sub topic) may live in another project.
            if named not in (project, number) and path not in rendering.config_strings:
                problems.append(f"{where}: {path} names project {named}, not {project} ({number})")
            # A path (or the tail of a selfLink) is the id of a resource of the plan or the config.
            if path not in ids and path not in rendering.config_strings:
                problems.append(f"{where}: {path} is the id of no resource of the plan or the config")
        for match in SERVICE_ACCOUNT_PROJECT.finditer(text):
            seen[f"service account project {match.group(1)}"] += 1
            if match.group(1) != project:
                problems.append(f"{where}: {text} is a service account of project {match.group(1)}")
        for match in SERVICE_AGENT_NUMBER.finditer(text):
            seen[f"service agent number {match.group(1)}"] += 1
            if match.group(1) != number:
                problems.append(f"{where}: {text} is a service agent of project number {match.group(1)}, not {number}")
    for urn, (_, state) in sorted(rendering.states.items()):
        for value in _keyed(state, {"projectNumber"}):
            seen["projectNumber"] += 1
            if str(value) != number:
                problems.append(f"{urn}: projectNumber {value}, not {project}'s {number}")
    return problems, seen


# --- OCI -----------------------------------------------------------------------------------------

OCID = re.compile(r"ocid1\.([a-z0-9]+)\.oc1\.([a-z0-9-]*)\.[a-z0-9]+")
# OCIDs Oracle assigns to what no stack creates: the tenancy's availability domains, Oracle's
# published worker images and its regional service catalog (answered by the mock's invokes).
ORACLE_OWNED = {"availabilitydomain", "image", "service"}
# What OCI creates with a resource and reports on it: a VCN's default route table, DHCP options
# and security list, and a key's current version.
COMPANIONS = {
    "id",
    "bucketId",
    "defaultRouteTableId",
    "defaultDhcpOptionsId",
    "defaultSecurityListId",
    "currentKeyVersion",
}


def oci_problems(rendering: Rendering) -> tuple[list[str], Counter[str]]:
    problems: list[str] = []
    seen: Counter[str] = Counter()
    ids = rendering.all_ids()
    # A resource's OCID may also be its `id` attribute, or the second half of a composite id
    # (`managementEndpoint/<endpoint>/keys/<key OCID>`, `n/<namespace>/b/<bucket>` keeps its OCID
    # in `bucketId`): every OCID a registered state carries under `id`-like keys counts.
    own = {str(v) for _, state in rendering.states.values() for v in _keyed(state, COMPANIONS)}
    known = ids | own | rendering.config_strings
    regions_used = {rendering.plan["region"], rendering.plan["drRegion"], ""}
    for where, text in rendering.strings():
        for match in OCID.finditer(text):
            ocid, kind, region = match.group(0), match.group(1), match.group(2)
            seen[f"ocid {kind}"] += 1
            if region not in regions_used:
                problems.append(f"{where}: {ocid} is in region {region}, neither the stack's nor its DR region")
            if kind not in ORACLE_OWNED and ocid not in known and not any(ocid in i for i in known):
                problems.append(f"{where}: {ocid} is the OCID of no resource of the plan or the config")
    return problems, seen


# --- Alibaba Cloud -------------------------------------------------------------------------------

ALIBABA_ID = re.compile(
    r"\b(?:(vpc|vsw|sg|ngw|eip|key|vtb|vrt|stb|ftb|snat|lb)-[a-z0-9]{20,21}|(c)[0-9a-f]{32}|(np)[0-9a-f]{32})\b"
)
"""Ids Alibaba assigns: `<prefix>-` and 20-21 lowercase letters and digits (VPC, vSwitch, security
group, NAT gateway, EIP, KMS key, route and NAT tables, SNAT entry, load balancer), an ACK cluster
`c` + 32 hex digits, a node pool `np` + 32 hex digits."""
ALIBABA_ARN = re.compile(r"acs:([a-z]+):([a-z0-9-]*):(\d*):")
# What Alibaba creates with a resource and reports on it: a VPC's system route table and router, a
# NAT gateway's SNAT and forward tables, an SNAT entry's own id, an ACK cluster's intranet load
# balancer and VPC, and a node pool's own id and scaling group.
ALIBABA_COMPANIONS = {
    "id",
    "routeTableId",
    "routerId",
    "snatTableIds",
    "forwardTableIds",
    "snatEntryId",
    "slbIntranet",
    "vpcId",
    "nodePoolId",
    "scalingGroupId",
}


def alicloud_problems(rendering: Rendering) -> tuple[list[str], Counter[str]]:
    problems: list[str] = []
    seen: Counter[str] = Counter()
    own = {str(v) for _, state in rendering.states.values() for v in _keyed(state, ALIBABA_COMPANIONS)}
    # A composite id (`<cluster>:<node pool>`, `<table>:<entry>`) names each of its parts.
    known = rendering.all_ids() | {part for i in own for part in i.split(":")} | rendering.config_strings
    regions_used = {rendering.plan["region"], rendering.plan["drRegion"], ""}
    for where, text in rendering.strings():
        for match in ALIBABA_ID.finditer(text):
            kind = next(group for group in match.groups() if group)
            seen["cluster" if kind == "c" else kind] += 1
            if match.group(0) not in known and not any(match.group(0) in i for i in known):
                problems.append(f"{where}: {match.group(0)} is the id of no resource of the plan or the config")
        for match in ALIBABA_ARN.finditer(text):
            service, region, account = match.groups()
            seen[f"arn {service}"] += 1
            if region not in regions_used:
                problems.append(f"{where}: {match.group(0)} is in region {region}, not the stack's or its DR region")
            if account not in ("", ALIBABA_ACCOUNT):
                problems.append(f"{where}: {match.group(0)} names account {account}, not the caller's")
    return problems, seen


CHECKS = {
    "aws": aws_problems,
    "azure": azure_problems,
    "gcp": gcp_problems,
    "oci": oci_problems,
    "alicloud": alicloud_problems,
}
# What each cloud's plan must contain for the check to have looked at anything at all.
MUST_SEE = {
    "aws": ["vpc", "subnet", "sg", "arn", f"account {PLACEHOLDER_AWS_ACCOUNT}"],
    "azure": ["arm id", "tenant", "issuer tenant"],
    "gcp": ["projectNumber"],
    "oci": ["ocid vcn", "ocid subnet", "ocid key", "ocid cluster", "ocid compartment"],
    "alicloud": ["vpc", "vsw", "sg", "key", "cluster", "np", "arn ram"],
}


@pytest.fixture(params=sorted(CHECKS))
def cloud(request: pytest.FixtureRequest) -> str:
    """Each cloud whose resources carry ids the cloud assigns."""
    return str(request.param)


@pytest.mark.parametrize("unchecked", [cloud for cloud in CLOUDS if cloud not in CHECKS])
def test_a_cloud_without_an_id_check_creates_no_cloud_resource(unchecked: str) -> None:
    """A cloud left out of CHECKS (a provider's cluster) registers Kubernetes objects only, so no id
    in its plan is the mock's to make up."""
    types = {resource["type"] for resource in render_plan(unchecked)["resources"] if resource["custom"]}
    assert types
    assert all(type_.startswith(("kubernetes:", "pulumi:providers:kubernetes")) for type_ in types), types


def _assert_clean(cloud: str, rendering: Rendering) -> Counter[str]:
    problems, seen = CHECKS[cloud](rendering)
    assert not problems, f"{len(problems)} ids name nothing in the plan or config:\n" + "\n".join(problems[:25])
    missing = [kind for kind in MUST_SEE[cloud] if not seen[kind]]
    assert not missing, f"the {cloud} plan shows no {missing}: the check would pass vacuously"
    return seen


def test_every_id_names_a_resource_account_project_or_subscription_of_the_plan(cloud: str) -> None:
    """Issue 9 finding 6: each id in the example stack's plan and mock state (EC2 ids, ARNs and
    their account, ARM ids and their subscription and tenant, GCP paths, service accounts and
    project numbers) names a resource of the plan, the configured account/subscription/project,
    or a value of the config; the mock makes no id up from a resource's own name."""
    _assert_clean(cloud, rendering(cloud))


@pytest.mark.parametrize(
    ("cloud", "edits", "expected"),
    [
        ("azure", {"azureSubscriptionId": OTHER_SUBSCRIPTION}, f"subscription {OTHER_SUBSCRIPTION}"),
        ("gcp", {"gcpProject": OTHER_PROJECT}, f"project {OTHER_PROJECT}"),
    ],
)
def test_ids_follow_an_edited_subscription_or_project(cloud: str, edits: dict[str, Any], expected: str) -> None:
    """A stack configured with another Azure subscription or GCP project gets ids in that one
    (the mock once hard-coded subscription 00000000-… and one project number for every project);
    the edited value really reaches the ids, so the check is not vacuous."""
    seen = _assert_clean(cloud, rendering(cloud, edits))
    assert seen[expected], f"no id of the edited {cloud} stack names {expected}"
    if cloud == "gcp":
        assert project_number(OTHER_PROJECT) != project_number(rendering("gcp").config["corridor:gcpProject"])
        assert seen[f"service agent number {project_number(OTHER_PROJECT)}"]


def test_eks_cluster_reports_the_vpc_of_its_subnets() -> None:
    """Issue 9 finding 6, the original bug: the EKS cluster's `vpcConfig.vpcId` is the VPC its
    subnets belong to, so the EFA security group built from it lands in the plan's VPC; the
    cluster security group EKS creates is a distinct, stable sg id."""
    aws = rendering("aws")
    (cluster,) = aws.of_type("aws:eks/cluster:Cluster")
    subnets = {str(state["id"]): state for state in aws.of_type("aws:ec2/subnet:Subnet")}
    subnet_vpcs = {subnets[subnet]["vpcId"] for subnet in cluster["vpcConfig"]["subnetIds"]}
    (vpc,) = aws.ids["aws:ec2/vpc:Vpc"]
    assert subnet_vpcs == {vpc}
    assert cluster["vpcConfig"]["vpcId"] == vpc
    group_vpcs = {state["vpcId"] for state in aws.of_type("aws:ec2/securityGroup:SecurityGroup")}
    assert group_vpcs == {vpc}
    cluster_group = cluster["vpcConfig"]["clusterSecurityGroupId"]
    assert re.fullmatch(r"sg-0[0-9a-f]{16}", cluster_group)
    assert cluster_group not in aws.ids["aws:ec2/securityGroup:SecurityGroup"]


def test_aks_credentials_name_the_clusters_own_server_and_the_providers_tenant() -> None:
    """The kubeconfig the mock's listManagedClusterUserCredentials returns points at the managed
    cluster's own FQDN (the stack's `cluster.endpoint` output) and the provider's tenant, read from
    the graph of the stack rendered with another subscription."""
    azure = rendering("azure", {"azureSubscriptionId": OTHER_SUBSCRIPTION})
    run = azure.run
    (provider,) = [
        f"{urn}::{registered.id}"
        for urn, registered in run.monitor.resources.items()
        if _urn_type(urn) == "pulumi:providers:azure-native"
    ]
    (cluster,) = [
        registered.state
        for urn, registered in run.monitor.resources.items()
        if _urn_type(urn) == "azure-native:containerservice:ManagedCluster"
    ]
    token = "azure-native:containerservice:listManagedClusterUserCredentials"
    args = {"resourceGroupName": cluster["resourceGroupName"], "resourceName": cluster["resourceName"]}
    answer = AZURE_INVOKES[token](MockCallArgs(token, args, provider), run.mocks.graph)
    kubeconfig = yaml.safe_load(base64.b64decode(answer["kubeconfigs"][0]["value"]))
    assert kubeconfig["clusters"][0]["cluster"]["server"] == run.outputs["cluster"]["endpoint"]
    assert kubeconfig["clusters"][0]["cluster"]["server"] == f"https://{cluster['fqdn']}:443"
    exec_args = kubeconfig["users"][0]["user"]["exec"]["args"]
    assert exec_args[exec_args.index("--tenant-id") + 1] == azure.config["corridor:azureTenantId"]
    with pytest.raises(LookupError, match="ResourceNotFound"):
        AZURE_INVOKES[token](MockCallArgs(token, {**args, "resourceName": "absent"}, provider), run.mocks.graph)
