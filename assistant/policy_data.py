"""The guardrail's policy as data: what is destructive, what it destroys, id shapes.

Decided from the 2026-05-12 BAPI spec (the newest). Tests check that every key here is a
real endpoint of that spec and that every DELETE of it has an entry, so this file cannot
silently rot when a new spec lands.

Keys are `"METHOD /template"` exactly as `Endpoint.key` spells them.
"""

from __future__ import annotations

# What each DELETE of the newest spec destroys. One specific sentence per operation.
DELETE_EFFECTS: dict[str, str] = {
    "DELETE /users/{user_id}": (
        "Destroys the user record and, with it, all their sessions, organization memberships, "
        "email addresses, phone numbers, external accounts, passkeys, web3 wallets and "
        "public/private/unsafe metadata; the user id can never be restored."
    ),
    "DELETE /email_addresses/{email_address_id}": (
        "Removes the email address and its verification from the user; if it was their only "
        "sign-in identifier they can no longer sign in with it."
    ),
    "DELETE /phone_numbers/{phone_number_id}": (
        "Removes the phone number and its verification from the user, including its use as an "
        "SMS second factor."
    ),
    "DELETE /users/{user_id}/profile_image": (
        "Deletes the user's uploaded profile image; it falls back to the default avatar and the "
        "image file cannot be recovered."
    ),
    "DELETE /users/{user_id}/mfa": (
        "Disables every MFA method of the user (SMS codes, authenticator TOTP, backup codes); "
        "they must enrol again from scratch."
    ),
    "DELETE /users/{user_id}/backup_code": (
        "Invalidates all of the user's backup codes; codes they saved will no longer work."
    ),
    "DELETE /users/{user_id}/passkeys/{passkey_identification_id}": (
        "Deletes the passkey from the user's account (they are notified by email); the device "
        "can no longer sign in with it."
    ),
    "DELETE /users/{user_id}/trusted_devices/{trusted_device_id}": (
        "Revokes the trusted device, so the next sign-in from it asks for the second factor again."
    ),
    "DELETE /users/{user_id}/web3_wallets/{web3_wallet_identification_id}": (
        "Removes the web3 wallet from the user; they can no longer sign in with that wallet."
    ),
    "DELETE /users/{user_id}/totp": (
        "Deletes all of the user's authenticator-app (TOTP) secrets; their authenticator codes "
        "stop working."
    ),
    "DELETE /users/{user_id}/external_accounts/{external_account_id}": (
        "Unlinks the OAuth/social account and discards its stored provider tokens; the user can "
        "no longer sign in through that provider account."
    ),
    "DELETE /allowlist_identifiers/{identifier_id}": (
        "Removes the identifier from the allow-list; with the allow-list on, it can no longer "
        "sign up."
    ),
    "DELETE /blocklist_identifiers/{identifier_id}": (
        "Removes the identifier from the block-list, so it may sign up and sign in again."
    ),
    "DELETE /domains/{domain_id}": (
        "Deletes the satellite domain; apps served from it stop sharing sessions with the "
        "primary domain."
    ),
    "DELETE /webhooks/svix": (
        "Deletes the Svix app with every webhook endpoint, its signing secrets and its message "
        "history; no more webhooks are delivered."
    ),
    "DELETE /jwt_templates/{template_id}": (
        "Deletes the JWT template; any code requesting a token from this template starts failing."
    ),
    "DELETE /machines/{machine_id}": (
        "Deletes the machine with its secret keys and scopes; tokens it issues are no longer "
        "accepted."
    ),
    "DELETE /machines/{machine_id}/scopes/{other_machine_id}": (
        "Removes this machine's access to the other machine; its M2M tokens stop working there."
    ),
    "DELETE /organizations/{organization_id}": (
        "Destroys the organization with all its memberships, invitations, domains and metadata; "
        "members' sessions lose it as active organization. Not reversible."
    ),
    "DELETE /organizations/{organization_id}/logo": (
        "Deletes the organization's uploaded logo; the image cannot be recovered."
    ),
    "DELETE /organization_roles/{organization_role_id}": (
        "Deletes the custom organization role and its permission assignments."
    ),
    "DELETE /organization_roles/{organization_role_id}/permissions/{permission_id}": (
        "Removes the permission from the role; every member holding the role loses it at once."
    ),
    "DELETE /organizations/{organization_id}/memberships/{user_id}": (
        "Removes the user from the organization, dropping their role and membership metadata; "
        "they lose access to its resources."
    ),
    "DELETE /organizations/{organization_id}/domains/{domain_id}": (
        "Removes the verified domain from the organization; automatic invitations or "
        "suggestions for that domain stop."
    ),
    "DELETE /redirect_urls/{id}": (
        "Removes the redirect URL from the allowed list; OAuth and native flows redirecting "
        "there start failing."
    ),
    "DELETE /oauth_applications/{oauth_application_id}": (
        "Deletes the OAuth application with its client secret; every client using it can no "
        "longer authorize. Not reversible."
    ),
    "DELETE /saml_connections/{saml_connection_id}": (
        "Deletes the SAML connection; its users can no longer sign in through that identity "
        "provider."
    ),
    "DELETE /enterprise_connections/{enterprise_connection_id}": (
        "Deletes the enterprise connection; its users can no longer sign in through that "
        "identity provider."
    ),
    "DELETE /waitlist_entries/{waitlist_entry_id}": (
        "Deletes the pending waitlist entry; the person loses their place on the waitlist."
    ),
    "DELETE /billing/subscription_items/{subscription_item_id}": (
        "Cancels the subscription item (now or at period end); the payer loses the plan's "
        "features and it cannot be un-cancelled."
    ),
    "DELETE /billing/subscription_items/{subscription_item_id}/discounts/{discount_id}": (
        "Removes the active discount from the subscription item; future charges are at full price."
    ),
    "DELETE /organization_permissions/{permission_id}": (
        "Deletes the custom permission and removes it from every role that grants it."
    ),
    "DELETE /scim_directories/{scim_directory_id}": (
        "Deletes the SCIM directory and stops provisioning; requests with its API key are "
        "rejected afterwards."
    ),
    "DELETE /scim_directories/{scim_directory_id}/group_role_mappings/{mapping_id}": (
        "Deletes the SCIM group role mapping; that group no longer grants its role."
    ),
    "DELETE /directories/{directory_id}": (
        "Deletes the directory and stops provisioning; requests with its API key are rejected "
        "afterwards."
    ),
    "DELETE /directories/{directory_id}/group_role_mappings/{mapping_id}": (
        "Deletes the directory group role mapping; that group no longer grants its role."
    ),
    "DELETE /api_keys/{apiKeyID}": (
        "Deletes the API key; requests authenticated with it are rejected from now on."
    ),
}

# Non-DELETE operations that cannot be undone, with what each loses. Chosen from the spec's
# descriptions: revocations, secret rotations, bans (sessions are revoked), password removal
# or compromise, replacements that delete what they replace, template reverts, rejections.
IRREVERSIBLE_EFFECTS: dict[str, str] = {
    "POST /sessions/{session_id}/revoke": (
        "Revokes the session: the user is signed out on that device and the session cannot "
        "be reactivated."
    ),
    "POST /invitations/{invitation_id}/revoke": (
        "Revokes the invitation: its link stops working and it cannot be re-activated "
        "(a new invitation would be needed)."
    ),
    "POST /organizations/{organization_id}/invitations/{invitation_id}/revoke": (
        "Revokes the pending organization invitation: the invitee can no longer join with it."
    ),
    "POST /actor_tokens/{actor_token_id}/revoke": (
        "Revokes the actor (impersonation) token: it can no longer be used to sign in."
    ),
    "POST /sign_in_tokens/{sign_in_token_id}/revoke": (
        "Revokes the sign-in token: its magic link stops working."
    ),
    "POST /api_keys/{apiKeyID}/revoke": (
        "Revokes the API key: every request using it is rejected from now on."
    ),
    "POST /m2m_tokens/{m2m_token_id}/revoke": (
        "Revokes the M2M token: machine requests carrying it are rejected from now on."
    ),
    "POST /agents/tasks/{agent_task_id}/revoke": (
        "Revokes the pending agent task: it can no longer be used."
    ),
    "POST /admin_portal_link_tokens/{adminPortalLinkTokenID}/revoke": (
        "Revokes the Admin Portal link token: the shared admin portal link stops working."
    ),
    "POST /oauth_applications/{oauth_application_id}/revoke_token": (
        "Revokes the OAuth access and refresh tokens of that grant: the client must ask the "
        "user to authorize again."
    ),
    "POST /oauth_applications/{oauth_application_id}/rotate_secret": (
        "Replaces the OAuth application's client secret: the old secret stops working and "
        "every client must be updated."
    ),
    "POST /machines/{machine_id}/secret_key/rotate": (
        "Replaces the machine's secret key: the old key stops working after its grace period."
    ),
    "POST /scim_directories/{scim_directory_id}/rotate_api_key": (
        "Replaces the SCIM directory's API key: the old key stops working after a short grace "
        "period and the identity provider must be updated."
    ),
    "POST /directories/{directory_id}/rotate_api_key": (
        "Replaces the directory's API key: the old key stops working after a short grace "
        "period and the identity provider must be updated."
    ),
    "POST /users/{user_id}/ban": (
        "Bans the user: all their sessions are revoked (unbanning does not restore them) and "
        "they cannot sign in."
    ),
    "POST /users/ban": (
        "Bans every listed user: all their sessions are revoked (unbanning does not restore "
        "them) and they cannot sign in."
    ),
    "POST /users/{user_id}/remove_password": (
        "Deletes the user's password credential; it cannot be recovered and they must use "
        "another sign-in method or set a new password."
    ),
    "POST /users/{user_id}/password/set_compromised": (
        "Marks the password as compromised: the user is forced to reset it at their next sign-in."
    ),
    "PUT /users/{user_id}/email_address": (
        "Deletes all of the user's existing email addresses and their verifications, keeping "
        "only the new one."
    ),
    "PUT /users/{user_id}/phone_number": (
        "Deletes all of the user's existing phone numbers and their verifications, keeping "
        "only the new one."
    ),
    "POST /templates/{template_type}/{slug}/revert": (
        "Discards your customised email/SMS template content and restores Clerk's default."
    ),
    "POST /role_sets/{role_set_key_or_id}/replace": (
        "Deletes the role set after migrating its organizations to the destination role set."
    ),
    "POST /role_sets/{role_set_key_or_id}/roles/replace": (
        "Removes the source role from the role set and reassigns its members to the "
        "destination role."
    ),
    "POST /waitlist_entries/{waitlist_entry_id}/reject": (
        "Rejects the waitlist entry: the person is turned away and the entry cannot be reset "
        "to pending."
    ),
    "POST /instance/change_domain": (
        "Changes the production domain: every current user session is invalidated (all users "
        "signed out) and DNS, certificates and keys must be updated."
    ),
    "PUT /beta_features/domain": (
        "Changes the production domain: every current user session is invalidated (all users "
        "signed out) and DNS, certificates and keys must be updated."
    ),
}

# Path parameter name -> the Clerk id prefixes its values carry. Taken from the spec's
# examples (user_, org_, mch_, ak_, mt_) and the ids Clerk returns. Parameters whose
# description says they also take a slug or key (see ID_OR_NAME_HINTS) are not checked.
ID_PREFIXES: dict[str, tuple[str, ...]] = {
    "user_id": ("user_",),
    "organization_id": ("org_",),
    "session_id": ("sess_",),
    "client_id": ("client_",),
    "email_address_id": ("idn_",),
    "phone_number_id": ("idn_",),
    "web3_wallet_identification_id": ("idn_",),
    "passkey_identification_id": ("idn_",),
    "external_account_id": ("eac_", "idn_"),
    "invitation_id": ("inv_", "orginv_"),
    "waitlist_entry_id": ("wle_",),
    "machine_id": ("mch_",),
    "other_machine_id": ("mch_",),
    "apiKeyID": ("ak_",),
    "m2m_token_id": ("mt_",),
    "subscription_item_id": ("csubi_",),
    "actor_token_id": ("act_",),
    "sign_in_token_id": ("sit_",),
}

# A parameter whose description contains one of these also accepts a non-id value.
ID_OR_NAME_HINTS: tuple[str, ...] = ("or slug", "key or id", "id or key", "or the slug")

# What each metadata type means, for warnings.
METADATA_MEANING: dict[str, str] = {
    "public_metadata": "readable by the frontend, writable only from the backend",
    "private_metadata": "backend-only: never sent to the frontend",
    "unsafe_metadata": "readable and writable by the frontend, so do not trust its values",
}

# Deprecated endpoint -> the endpoint to use instead (must exist in the newest spec).
REPLACEMENTS: dict[str, str] = {
    "GET /saml_connections": "GET /enterprise_connections",
    "POST /saml_connections": "POST /enterprise_connections",
    "GET /saml_connections/{saml_connection_id}": (
        "GET /enterprise_connections/{enterprise_connection_id}"
    ),
    "PATCH /saml_connections/{saml_connection_id}": (
        "PATCH /enterprise_connections/{enterprise_connection_id}"
    ),
    "DELETE /saml_connections/{saml_connection_id}": (
        "DELETE /enterprise_connections/{enterprise_connection_id}"
    ),
    "PUT /beta_features/domain": "POST /instance/change_domain",
    "GET /organizations/{organization_id}/invitations/pending": (
        "GET /organizations/{organization_id}/invitations"
    ),
}

# Extra names people use for a resource (API tag slug -> aliases).
RESOURCE_ALIASES: dict[str, tuple[str, ...]] = {
    "allow_list_block_list": ("allowlist", "blocklist", "allow_list", "block_list"),
    "email_sms_templates": ("templates", "email_templates", "sms_templates"),
    "organizations": ("orgs", "org"),
    "organization_memberships": ("memberships", "org_memberships"),
    "organization_invitations": ("org_invitations",),
    "m2m_tokens": ("m2m",),
    "api_keys": ("apikeys",),
}

# Bulk thresholds: a list of this many items, or a plan with this many write steps.
BULK_ITEMS = 10
BULK_STEPS = 5
