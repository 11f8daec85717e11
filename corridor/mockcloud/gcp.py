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


COMPUTED: dict[str, ComputedState] = {
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


INVOKES: dict[str, Callable[[MockCallArgs], dict[str, Any]]] = {
    "gcp:storage/getProjectServiceAccount:getProjectServiceAccount": _project_service_account,
    "gcp:storage/getTransferProjectServiceAccount:getTransferProjectServiceAccount": (
        _transfer_project_service_account
    ),
}
