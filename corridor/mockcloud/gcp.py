"""Mock GCP: the ids and computed attributes GCP returns for corridor's resource types.

Every path names the project of the resource's `project` input, else the provider's; project
numbers (and the Google-managed service agents named after them) are derived from that project
id, so two projects never share a number and the same project always has the same one.

A read (`Resource.get`, a recovery stack's reference to what its source replicated) sends only
the id; the answers for the types a recovery stack reads (key rings, crypto keys, buckets)
derive what GCP would return about the resource from that id, as an import of the same id does
from its declared inputs.
"""

from __future__ import annotations

import hashlib
from typing import Any

from pulumi.runtime.mocks import MockCallArgs

from corridor.mockcloud.common import ComputedState, Graph, InvokeAnswer, Registration, stable_uuid

CLUSTER = "gcp:container/cluster:Cluster"

PLACEHOLDER_ORGANIZATION = "000000000000"
"""The organization `getProject` reports: no config names one and nothing corridor builds uses it."""


def _digits(count: int, *parts: str) -> str:
    """A `count`-digit decimal number without a leading zero, stable for `parts`."""
    digest = int(hashlib.sha256("/".join(parts).encode()).hexdigest(), 16)
    return str(10 ** (count - 1) + digest % (9 * 10 ** (count - 1)))


def project_number(project: str) -> str:
    """The mock's number for `project` (real ones are 12 digits): stable per project id."""
    return _digits(12, "project-number", project)


def gcs_agent(project: str) -> str:
    """Cloud Storage's service agent of `project` (it uses the bucket's key for CMEK)."""
    return f"service-{project_number(project)}@gs-project-accounts.iam.gserviceaccount.com"


def transfer_agent(project: str) -> str:
    """Storage Transfer Service's agent of `project` (it runs the replication jobs)."""
    return f"project-{project_number(project)}@storage-transfer-service.iam.gserviceaccount.com"


def project_of(registration: Registration, state: dict[str, Any]) -> str:
    """The resource's own `project` input, else its provider's (what the provider would send)."""
    return str(state.get("project") or registration.provider.get("project") or "")


def _read_id(registration: Registration, state: dict[str, Any]) -> str | None:
    """The id a read names, or None for a registration (which declares a `name`)."""
    resource_id = registration.args.resource_id
    return resource_id if resource_id and "name" not in state else None


def _gcp_key_ring(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    read = _read_id(registration, state)
    if read is not None:
        # projects/<project>/locations/<location>/keyRings/<name>, the id KeyRing.get takes.
        _, project, _, location, _, name = read.split("/")
        return {"id": read, "name": name, "location": location, "project": project}
    return {"id": f"projects/{project_of(registration, state)}/locations/{state['location']}/keyRings/{state['name']}"}


def _gcp_crypto_key(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    read = _read_id(registration, state)
    if read is not None:
        # <key ring id>/cryptoKeys/<name>, the id CryptoKey.get takes.
        ring, _, name = read.rpartition("/cryptoKeys/")
        return {"id": read, "name": name, "keyRing": ring}
    return {"id": f"{state['keyRing']}/cryptoKeys/{state['name']}"}


def _gcp_crypto_key_iam_member(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"{state['cryptoKeyId']}/{state['role']}/{state['member']}",
        "etag": f"BwY{stable_uuid(registration.name)[:8]}=",
    }


def _gcp_bucket(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    read = _read_id(registration, state)
    if read is not None:
        # `<project>/<bucket>` (or the bare name), the ids Bucket.get and import take.
        project, _, name = read.rpartition("/")
        state = {**state, "name": name, **({"project": project} if project else {})}
    name = state["name"]
    return {
        "id": name,
        **({"name": name, "project": project_of(registration, state)} if read is not None else {}),
        "url": f"gs://{name}",
        "selfLink": f"https://www.googleapis.com/storage/v1/b/{name}",
        "storageClass": state.get("storageClass", "STANDARD"),
        "projectNumber": int(project_number(project_of(registration, state))),
    }


def _gcp_bucket_iam_member(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"b/{state['bucket']}/{state['role']}/{state['member']}",
        "etag": f"CAE{stable_uuid(registration.name)[:8]}=",
    }


def _gcp_transfer_job(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # Replication jobs get a server-generated name: transferJobs/<number>.
    name = f"transferJobs/{int(stable_uuid(registration.name).replace('-', '')[:15], 16)}"
    return {
        "id": f"{project_of(registration, state)}/{name}",
        "name": name,
        "status": state.get("status", "ENABLED"),
        "creationTime": "2026-01-01T00:00:00Z",
        "lastModificationTime": "2026-01-01T00:00:00Z",
    }


def _gcp_network(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    path = f"projects/{project_of(registration, state)}/global/networks/{state['name']}"
    return {
        "id": path,
        "selfLink": f"https://www.googleapis.com/compute/v1/{path}",
        "numericId": str(int(stable_uuid(registration.name).replace("-", "")[:15], 16)),
    }


def _gcp_subnetwork(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    path = f"projects/{project_of(registration, state)}/regions/{registration.region}/subnetworks/{state['name']}"
    first = state["ipCidrRange"].split("/")[0].rsplit(".", 1)[0]
    return {
        "id": path,
        "selfLink": f"https://www.googleapis.com/compute/v1/{path}",
        "gatewayAddress": f"{first}.1",
        "fingerprint": stable_uuid(registration.name)[:12],
    }


def _gcp_router(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    path = f"projects/{project_of(registration, state)}/regions/{registration.region}/routers/{state['name']}"
    return {"id": path, "selfLink": f"https://www.googleapis.com/compute/v1/{path}"}


def _gcp_router_nat(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    project, region = project_of(registration, state), registration.region
    return {"id": f"{project}/{region}/{state['router']}/{state['name']}"}


def _gcp_firewall(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    path = f"projects/{project_of(registration, state)}/global/firewalls/{state['name']}"
    return {"id": path, "selfLink": f"https://www.googleapis.com/compute/v1/{path}"}


def _gcp_service_account(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    project = project_of(registration, state)
    email = f"{state['accountId']}@{project}.iam.gserviceaccount.com"
    return {
        "id": f"projects/{project}/serviceAccounts/{email}",
        "name": f"projects/{project}/serviceAccounts/{email}",
        "email": email,
        "member": f"serviceAccount:{email}",
        "uniqueId": str(int(stable_uuid(registration.name).replace("-", "")[:18], 16))[:21],
    }


def _gcp_notification_channel(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # Channel ids are 19-digit numbers chosen by Cloud Monitoring.
    name = (
        f"projects/{project_of(registration, state)}/notificationChannels/{_digits(19, 'channel', registration.name)}"
    )
    return {"id": name, "name": name, "verificationStatus": "VERIFIED"}


def _gcp_budget(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # `billingAccounts/<account>/budgets/<uuid>`, as the Budget API names a budget.
    name = f"billingAccounts/{state['billingAccount']}/budgets/{stable_uuid('budget', registration.name)}"
    return {"id": name, "name": name, "ownershipScope": "ALL_USERS"}


def _gcp_project_iam_member(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"{project_of(registration, state)}/{state['role']}/{state['member']}",
        "etag": f"BwY{stable_uuid(registration.name)[:8]}=",
    }


def _gcp_cluster(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    path = f"projects/{project_of(registration, state)}/locations/{registration.region}/clusters/{state['name']}"
    octets = [int(part, 16) % 250 + 1 for part in stable_uuid(registration.name).split("-")[1:3]]
    ca = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUVMVENDQXBXZ0F3SUJBZ0lSQU1vY2s="
    return {
        "id": path,
        "selfLink": f"https://container.googleapis.com/v1/{path}",
        "endpoint": f"34.{octets[0]}.{octets[1]}.10",
        "masterAuth": {**state.get("masterAuth", {}), "clusterCaCertificate": ca},
        "masterVersion": "1.33.5-gke.1201000",
        "labelFingerprint": stable_uuid(registration.name)[:8],
    }


def _gcp_node_pool(registration: Registration, state: dict[str, Any]) -> dict[str, Any]:
    # `cluster` is the cluster's id (a path) or its bare name; either way the pool's path is
    # under the cluster's, which the graph holds when the cluster is in the stack.
    cluster = str(state["cluster"])
    if registration.graph.get(cluster, CLUSTER) is None and not cluster.startswith("projects/"):
        cluster = f"projects/{project_of(registration, state)}/locations/{registration.region}/clusters/{cluster}"
    return {
        "id": f"{cluster}/nodePools/{state['name']}",
        "version": "1.33.5-gke.1201000",
        "instanceGroupUrls": [],
        "managedInstanceGroupUrls": [],
    }


COMPUTED: dict[str, ComputedState] = {
    "gcp:compute/network:Network": _gcp_network,
    "gcp:monitoring/notificationChannel:NotificationChannel": _gcp_notification_channel,
    "gcp:billing/budget:Budget": _gcp_budget,
    "gcp:compute/subnetwork:Subnetwork": _gcp_subnetwork,
    "gcp:compute/router:Router": _gcp_router,
    "gcp:compute/routerNat:RouterNat": _gcp_router_nat,
    "gcp:compute/firewall:Firewall": _gcp_firewall,
    "gcp:serviceaccount/account:Account": _gcp_service_account,
    "gcp:projects/iAMMember:IAMMember": _gcp_project_iam_member,
    "gcp:container/cluster:Cluster": _gcp_cluster,
    "gcp:container/nodePool:NodePool": _gcp_node_pool,
    "gcp:kms/keyRing:KeyRing": _gcp_key_ring,
    "gcp:kms/cryptoKey:CryptoKey": _gcp_crypto_key,
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": _gcp_crypto_key_iam_member,
    "gcp:storage/bucket:Bucket": _gcp_bucket,
    "gcp:storage/bucketIAMMember:BucketIAMMember": _gcp_bucket_iam_member,
    "gcp:storage/transferJob:TransferJob": _gcp_transfer_job,
}


def _invoke_project(args: MockCallArgs, graph: Graph | None, key: str) -> str:
    """The invoke's own project argument, else its provider's `project` (as the provider does)."""
    provider = graph.provider_inputs(args.provider) if graph is not None else {}
    return str(args.args.get(key) or provider.get("project") or "")


def _project_service_account(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    project = _invoke_project(args, graph, "project")
    agent = gcs_agent(project)
    return {"id": agent, "emailAddress": agent, "member": f"serviceAccount:{agent}", "project": project}


def _transfer_project_service_account(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    project = _invoke_project(args, graph, "project")
    agent = transfer_agent(project)
    return {
        "id": agent,
        "email": agent,
        "member": f"serviceAccount:{agent}",
        "subjectId": _digits(21, "transfer-agent", project),
        "project": project,
    }


def _project(args: MockCallArgs, graph: Graph | None = None, /) -> dict[str, Any]:
    project = _invoke_project(args, graph, "projectId")
    return {
        "id": f"projects/{project}",
        "number": project_number(project),
        "projectId": project,
        "name": project,
        "orgId": PLACEHOLDER_ORGANIZATION,
        "labels": {},
        "effectiveLabels": {},
        "autoCreateNetwork": True,
        "deletionPolicy": "PREVENT",
    }


INVOKES: dict[str, InvokeAnswer] = {
    "gcp:organizations/getProject:getProject": _project,
    "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": _project_service_account,
    "gcp:storage/getTransferProjectServiceAccount:getTransferProjectServiceAccount": (
        _transfer_project_service_account
    ),
}
