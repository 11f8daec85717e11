"""Mock GCP: the ids and computed attributes GCP returns for corridor's resource types."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pulumi.runtime.mocks import MockCallArgs, MockResourceArgs

from corridor.mockcloud.common import ComputedState, stable_uuid

PROJECT_NUMBER = "123456789012"
"""The mock project's number; Google-managed service agents are named after it."""

GCS_AGENT = f"service-{PROJECT_NUMBER}@gs-project-accounts.iam.gserviceaccount.com"
TRANSFER_AGENT = f"project-{PROJECT_NUMBER}@storage-transfer-service.iam.gserviceaccount.com"


def _gcp_key_ring(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"projects/{state['project']}/locations/{state['location']}/keyRings/{state['name']}"}


def _gcp_crypto_key(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"{state['keyRing']}/cryptoKeys/{state['name']}"}


def _gcp_crypto_key_iam_member(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"{state['cryptoKeyId']}/{state['role']}/{state['member']}",
        "etag": f"BwY{stable_uuid(args.name)[:8]}=",
    }


def _gcp_bucket(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    name = state["name"]
    return {
        "id": name,
        "url": f"gs://{name}",
        "selfLink": f"https://www.googleapis.com/storage/v1/b/{name}",
        "storageClass": state.get("storageClass", "STANDARD"),
        "projectNumber": int(PROJECT_NUMBER),
    }


def _gcp_bucket_iam_member(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"b/{state['bucket']}/{state['role']}/{state['member']}",
        "etag": f"CAE{stable_uuid(args.name)[:8]}=",
    }


def _gcp_transfer_job(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    # Replication jobs get a server-generated name: transferJobs/<number>.
    name = f"transferJobs/{int(stable_uuid(args.name).replace('-', '')[:15], 16)}"
    return {
        "id": f"{state['project']}/{name}",
        "name": name,
        "status": state.get("status", "ENABLED"),
        "creationTime": "2026-01-01T00:00:00Z",
        "lastModificationTime": "2026-01-01T00:00:00Z",
    }


def _gcp_network(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    path = f"projects/{state['project']}/global/networks/{state['name']}"
    return {
        "id": path,
        "selfLink": f"https://www.googleapis.com/compute/v1/{path}",
        "numericId": str(int(stable_uuid(args.name).replace("-", "")[:15], 16)),
    }


def _gcp_subnetwork(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    path = f"projects/{state['project']}/regions/{state['region']}/subnetworks/{state['name']}"
    first = state["ipCidrRange"].split("/")[0].rsplit(".", 1)[0]
    return {
        "id": path,
        "selfLink": f"https://www.googleapis.com/compute/v1/{path}",
        "gatewayAddress": f"{first}.1",
        "fingerprint": stable_uuid(args.name)[:12],
    }


def _gcp_router(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    path = f"projects/{state['project']}/regions/{state['region']}/routers/{state['name']}"
    return {"id": path, "selfLink": f"https://www.googleapis.com/compute/v1/{path}"}


def _gcp_router_nat(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    return {"id": f"{state['project']}/{state['region']}/{state['router']}/{state['name']}"}


def _gcp_firewall(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    path = f"projects/{state['project']}/global/firewalls/{state['name']}"
    return {"id": path, "selfLink": f"https://www.googleapis.com/compute/v1/{path}"}


def _gcp_service_account(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    email = f"{state['accountId']}@{state['project']}.iam.gserviceaccount.com"
    return {
        "id": f"projects/{state['project']}/serviceAccounts/{email}",
        "name": f"projects/{state['project']}/serviceAccounts/{email}",
        "email": email,
        "member": f"serviceAccount:{email}",
        "uniqueId": str(int(stable_uuid(args.name).replace("-", "")[:18], 16))[:21],
    }


def _gcp_project_iam_member(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": f"{state['project']}/{state['role']}/{state['member']}",
        "etag": f"BwY{stable_uuid(args.name)[:8]}=",
    }


def _gcp_cluster(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    path = f"projects/{state['project']}/locations/{state['location']}/clusters/{state['name']}"
    octets = [int(part, 16) % 250 + 1 for part in stable_uuid(args.name).split("-")[1:3]]
    ca = "LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUVMVENDQXBXZ0F3SUJBZ0lSQU1vY2s="
    return {
        "id": path,
        "selfLink": f"https://container.googleapis.com/v1/{path}",
        "endpoint": f"34.{octets[0]}.{octets[1]}.10",
        "masterAuth": {**state.get("masterAuth", {}), "clusterCaCertificate": ca},
        "masterVersion": "1.33.5-gke.1201000",
        "labelFingerprint": stable_uuid(args.name)[:8],
    }


def _gcp_node_pool(region: str, args: MockResourceArgs, state: dict[str, Any]) -> dict[str, Any]:
    cluster = state["cluster"]
    return {
        "id": f"{cluster}/nodePools/{state['name']}",
        "version": "1.33.5-gke.1201000",
        "instanceGroupUrls": [],
        "managedInstanceGroupUrls": [],
    }


COMPUTED: dict[str, ComputedState] = {
    "gcp:compute/network:Network": _gcp_network,
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


def _project_service_account(args: MockCallArgs) -> dict[str, Any]:
    return {
        "id": GCS_AGENT,
        "emailAddress": GCS_AGENT,
        "member": f"serviceAccount:{GCS_AGENT}",
        "project": args.args.get("project"),
    }


def _transfer_project_service_account(args: MockCallArgs) -> dict[str, Any]:
    return {
        "id": TRANSFER_AGENT,
        "email": TRANSFER_AGENT,
        "member": f"serviceAccount:{TRANSFER_AGENT}",
        "subjectId": "101234567890123456789",
        "project": args.args.get("project"),
    }


def _project(args: MockCallArgs) -> dict[str, Any]:
    project = args.args.get("projectId")
    return {
        "id": f"projects/{project}",
        "number": PROJECT_NUMBER,
        "projectId": project,
        "name": project,
        "orgId": "123456789",
        "labels": {},
        "effectiveLabels": {},
        "autoCreateNetwork": True,
        "deletionPolicy": "PREVENT",
    }


INVOKES: dict[str, Callable[[MockCallArgs], dict[str, Any]]] = {
    "gcp:organizations/getProject:getProject": _project,
    "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": _project_service_account,
    "gcp:storage/getTransferProjectServiceAccount:getTransferProjectServiceAccount": (
        _transfer_project_service_account
    ),
}
