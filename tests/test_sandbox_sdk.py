"""The official `clerk-backend-api` SDK (a client nobody here wrote) against `sandbox serve`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from clerk_backend_api import Clerk, models

from assistant.sandbox import SANDBOX_KEY

# The SDK warns about its own deprecated query-param helper; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def clerk(sandbox_server: str) -> Iterator[Clerk]:
    with Clerk(bearer_auth=SANDBOX_KEY, server_url=sandbox_server) as client:
        yield client


def test_user_lifecycle(clerk: Clerk) -> None:
    made = clerk.users.create(
        email_address=["new.person@example.com"], first_name="New", last_name="Person"
    )
    assert made.id.startswith("user_")
    assert made.email_addresses[0].email_address == "new.person@example.com"

    found = clerk.users.list(request={"email_address": ["new.person@example.com"]})
    assert [u.id for u in found] == [made.id]
    assert clerk.users.get(user_id=made.id).first_name == "New"

    clerk.users.update_metadata(user_id=made.id, public_metadata={"a": 1, "nested": {"x": 1}})
    merged = clerk.users.update_metadata(user_id=made.id, public_metadata={"nested": {"y": 2}})
    assert merged.public_metadata == {"a": 1, "nested": {"x": 1, "y": 2}}

    assert clerk.users.ban(user_id=made.id).banned is True
    gone = clerk.users.delete(user_id=made.id)
    assert gone.deleted is True and gone.id == made.id

    with pytest.raises(models.ClerkErrors) as caught:
        clerk.users.get(user_id=made.id)
    assert caught.value.data.errors[0].code == "resource_not_found"
    assert caught.value.raw_response.status_code == 404


def test_organizations_memberships_and_invitations(clerk: Clerk) -> None:
    owner = clerk.users.list(request={"limit": 1})[0]
    org = clerk.organizations.create(request={"name": "Umbrella Corp", "created_by": owner.id})
    assert org.id.startswith("org_") and org.slug == "umbrella-corp"
    assert clerk.organizations.get(organization_id=org.slug).id == org.id
    listed = clerk.organizations.list(query="umbrella")
    assert [o.id for o in listed.data] == [org.id] and listed.total_count == 1

    members = clerk.organization_memberships.list(organization_id=org.id)
    assert members.total_count == 1
    assert members.data[0].role == "org:admin"
    assert members.data[0].public_user_data.user_id == owner.id

    invite = clerk.organization_invitations.create(
        organization_id=org.id, email_address="bob@umbrella.test", role="org:member"
    )
    assert invite.id.startswith("orginv_") and invite.status == "pending"
    assert clerk.organizations.get(organization_id=org.id).pending_invitations_count == 1

    instance_invite = clerk.invitations.create(request={"email_address": "carol@umbrella.test"})
    assert instance_invite.id.startswith("inv_") and instance_invite.status == "pending"


def test_sdk_raises_typed_errors_for_422(clerk: Clerk) -> None:
    with pytest.raises(models.ClerkErrors) as caught:
        clerk.users.list(request={"limit": 501})
    error = caught.value.data.errors[0]
    assert error.code == "form_param_format_invalid"
    assert error.meta == {"param_name": "limit"}
    assert caught.value.raw_response.status_code == 422
