"""The words people use for Clerk admin work, mapped onto the words the spec uses.

Pure data for `assistant.retrieval`. Nothing here names an eval case: each entry is a
general paraphrase an admin or support engineer would type ("kick", "seats", "2FA",
"log in as") next to the spec's vocabulary ("DeleteOrganizationMembership",
"max_allowed_memberships", "mfa", "actor token"). Edit freely; bump
`retrieval.INDEX_VERSION` only when tokenization changes (query-side data needs no bump).
"""

from __future__ import annotations

import re

# Words that carry no meaning for choosing an endpoint.
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "to",
        "in",
        "on",
        "for",
        "from",
        "with",
        "by",
        "at",
        "as",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "being",
        "it",
        "its",
        "this",
        "that",
        "these",
        "those",
        "there",
        "their",
        "them",
        "they",
        "he",
        "she",
        "his",
        "her",
        "him",
        "we",
        "our",
        "us",
        "you",
        "your",
        "i",
        "me",
        "my",
        "do",
        "does",
        "did",
        "done",
        "can",
        "could",
        "should",
        "would",
        "will",
        "shall",
        "may",
        "might",
        "must",
        "please",
        "just",
        "so",
        "then",
        "than",
        "too",
        "very",
        "also",
        "any",
        "all",
        "some",
        "every",
        "each",
        "into",
        "onto",
        "about",
        "after",
        "before",
        "over",
        "under",
        "again",
        "what",
        "which",
        "who",
        "whom",
        "whose",
        "when",
        "where",
        "why",
        "how",
        "right",
        "now",
        "currently",
        "already",
        "still",
        "want",
        "need",
        "like",
        "get",
        "got",
        "gets",
        "make",
        "made",
        "have",
        "has",
        "had",
        "let",
        "lets",
        "via",
        "id",
        "ids",
        "one",
        "two",
        "ll",
        "t",
        "s",
        "re",
        "ve",
        "d",
        "m",
        "don",
        "doesn",
        "isn",
        "won",
        "up",
        "look",
        "pull",
        "grab",
        "good",
        "know",
        "trying",
        "keep",
    ]
)

# Multi-word tokens kept whole before camelCase splitting ("M2M" must not become m, 2, m).
COMPOUNDS = ("m2m", "oauth", "web3", "2fa", "totp", "jwks", "saml", "scim", "svix")

# Words the stemmer would merge with another meaning ("settings" is not the verb "set").
STEM_EXCEPTIONS: dict[str, str] = {"settings": "setting", "setting": "setting"}

# Morphological normalisation applied to documents and queries alike (after stemming).
CANONICAL: dict[str, str] = {
    "invit": "invitation",
    "invitat": "invitation",
    "member": "membership",
    "org": "organization",
    "organis": "organization",
    "organisation": "organization",
    "apikey": "api",
    "signup": "sign",
    "signin": "sign",
    "login": "sign",
    "logon": "sign",
    "e": "",
}

# Query-side rewrites, applied before tokenizing: what people say -> what the spec says.
QUERY_REWRITES: tuple[tuple[str, str], ...] = (
    (r"\bexternal accounts?\b", "external_account"),
    (r"\b(?:user )?accounts?\b", "user"),
    (r"\borgs?\b", "organization"),
    (r"\bcalled\b", "named"),
    (r"\bprofile\b(?! ?(?:image|picture|photo|pic))", "user"),
    # "I'm user_2x ..." introduces the person asking; their id is context, not the target.
    (r"\bi(?:'m| am) +user_\w+\W*", " "),
    (r"\bapps?\b", "application"),
    # "50 per page" sets the page size, a limit every list endpoint takes: no topic word
    (r"\b\d+ (?:per|a|each|on each|to a) page\b|\bpage size(?: of)? \d+", " "),
)

# Query-side expansions: a stemmed word -> spec words it stands for.
WORD_SYNONYMS: dict[str, str] = {
    "person": "user",
    "people": "user",
    "customer": "user",
    "somebody": "user",
    "someone": "user",
    "everyone": "user membership",
    "company": "organization",
    "workspace": "organization",
    "tenant": "organization",
    "team": "organization",
    "seat": "max allowed membership limit",
    "cap": "max allowed limit",
    "kick": "delete remove membership",
    "boot": "delete remove membership",
    "erase": "delete",
    "purge": "delete",
    "wipe": "delete",
    "destroy": "delete",
    "nuke": "delete",
    "churn": "delete",
    "kill": "revoke",
    "terminate": "revoke",
    "invalidate": "revoke",
    "withdraw": "revoke",
    "cancel": "revoke cancel delete",
    "block": "blocklist ban",
    "blacklist": "blocklist",
    "banned": "ban",
    "whitelist": "allowlist",
    "unblock": "blocklist delete",
    "unfreeze": "unlock",
    "freeze": "lock",
    "suspend": "lock ban",
    "lockout": "unlock",
    "impersonat": "actor token",
    "impersonation": "actor token",
    "2fa": "mfa totp",
    "otp": "totp mfa",
    "authenticator": "totp mfa",
    "jwt": "jwt template token",
    "mint": "create token",
    "claim": "jwt template",
    "register": "create sign",
    "registr": "create sign",
    "joined": "creat",
    "newest": "creat order",
    "latest": "creat order",
    "recent": "creat order",
    "recently": "creat order",
    "oldest": "creat order",
    "promote": "update role membership",
    "demote": "update role membership",
    "role": "role",
    "admin": "role",
    "pending": "pending status",
    "waiting": "pending status",
    "outstanding": "pending status",
    "paying": "billing subscription plan",
    "tier": "plan billing",
    "trial": "free trial",
    "coupon": "discount",
    "promo": "discount",
    "balance": "credit balance",
    "avatar": "profile image",
    "photo": "profile image logo",
    "picture": "profile image logo",
    "breach": "compromised",
    "pwned": "compromised",
    "disposable": "restriction block disposable email domain",
    "throwaway": "restriction block disposable email domain",
    "burner": "restriction block disposable email domain",
    "subaddress": "restriction block subaddress",
    "restriction": "restriction",
    "webhook": "svix webhook",
    "playwright": "testing token",
    "cypress": "testing token",
    "selenium": "testing token",
    "e2e": "testing token",
    "bot": "testing token",
    "m2m": "m2m machine",
    "service": "machine",
    "roll": "rotate",
    "regenerat": "rotate",
    "callback": "redirect url",
    "deeplink": "redirect url",
    "sso": "enterprise connection saml",
    "okta": "enterprise connection saml",
    "idp": "enterprise connection saml",
    "mobile": "phone number",
    "sms": "phone number",
    "phone": "phone number",
    "device": "session trusted device",
    "laptop": "session",
    "browser": "session client",
    "statement": "billing statement",
    "invoice": "billing statement",
    "price": "billing price",
    "queue": "waitlist entry",
    "waitlist": "waitlist entry",
    "approve": "invitation",
    "admit": "invitation",
    "decline": "reject",
    "deny": "reject",
    "total": "count",
    "number": "count",
    "default": "setting instance",
    "config": "setting instance",
    "configuration": "setting instance",
    "configured": "list",
    "limit": "max allowed",
    "link": "url",
    "rename": "update name",
    "primary": "update primary",
    "verified": "verified",
    "allow": "allowlist",
    "resend": "send prepare verification",
    "valid": "verify",  # "is this token still valid?"
    "legit": "verify",
    "flag": "set mark",
    "mark": "set",
    "prevent": "block blocklist",
    "bulk": "bulk multiple",
    "batch": "bulk multiple",
    "several": "bulk multiple",
}

# Query-side phrase expansions: a regex over the lowercased request -> spec words.
PHRASE_SYNONYMS: tuple[tuple[str, str], ...] = (
    (r"\bsign(?:ed|s|ing)? ?up\b", "user creat sign up"),
    (r"\bregistered\b", "user creat"),
    (r"\bhow many\b", "count"),
    (r"\bnumber of\b", "count"),
    (r"\b(?:log|sign)(?:ged)? ?in as\b", "actor token impersonate"),
    (r"\bact(?:ing)? as\b", "actor token"),
    (r"\blocked out\b", "unlock"),
    (r"\b(?:let|allow) (?:\w+ ){0,2}back in\b", "unlock"),
    (r"\btwo[- ]?factor\b|\bmulti[- ]?factor\b|\b2[- ]?step\b", "mfa totp"),
    (r"\btake\b(?: \S+){0,4} out\b", "delete remove membership"),
    (r"\bget rid of\b|\bneeds? to go\b|\bdo away with\b", "delete"),
    (r"\bshould(?:n't| not) be (?:there|in|a member|part of)\b|\bby mistake\b", "delete remove"),
    (r"\bpull back\b|\bcall back\b|\btake back\b", "revoke"),
    (r"\blift (?:\w+ )?ban\b", "unban"),
    (r"\bsign(?:ed)? (?:\w+ ){0,3}out\b|\blog(?:ged)? (?:\w+ ){0,3}out\b", "revoke session"),
    (r"\b(?:magic|login|sign[- ]?in) link\b", "sign in token"),
    (r"\b(?:public|private|unsafe) metadata\b", "metadata"),
    (
        r"\bwithout (?:wiping|losing|touching|removing)\b|\bnext to\b"
        r"|\b(?:don'?t|do not|never) (?:touch|wipe|lose|remove|overwrite)\b"
        r"|\bkeep(?:ing)? (?:the )?rest\b",
        "merge update",
    ),
    (r"\boverwrite\b|\bentirely\b|\bfrom scratch\b|\bonly thing left\b", "replace"),
    (r"\bsecret key\b|\bclient secret\b", "secret"),
    (r"\bpublic keys?\b|\bkey set\b", "jwks json web key set"),  # what verifies JWTs
    (r"\bapi key\b", "api key"),
    (r"\bbot protection\b|\bci run\b|\bci pipeline\b|\bend[- ]to[- ]end\b", "testing token"),
    (r"\bmember(?:ship)? (?:limit|cap)\b|\blimit of \d+ members\b", "max allowed membership"),
    (r"\binstance[- ]wide\b|\bfor all new\b|\bnew organizations should\b", "instance setting"),
    (r"\bwho (?:holds|has|is in)\b", "membership"),
    (
        r"\bwhich (?:orgs?|organi[sz]ations?|teams?|workspaces?)\b|\bdoes (?:\S+ ){1,3}belong to\b"
        r"|\b(?:is|are) (?:\S+ ){1,3}(?:a )?members? of\b",
        "membership",
    ),
    (r"\ballowed to (?:sign|regist|join|creat)", "allowlist identifier"),
    (r"\bturn(?:ed)? (?:down|away)\b", "reject"),
    (r"\bhave ?i ?been ?pwned\b|\bhibp\b|\bpwned\b", "hibp instance"),
    (r"\bcountry codes?\b|\bcountries\b", "blocked country code communication"),
    (r"\bexactly\b|\bonly contain\b|\bnothing but\b|\bold keys gone\b", "replace"),
    (r"\bwho (?:are|is) the (?:admins|members|owners)\b", "membership list"),
    (r"\blet (?!\S+ back)(?:\S+ ){1,3}in\b|\bapprove\b|\badmit\b", "invite invitation"),
    (r"\b(?:de|re)?activate\b", "update active"),
    (r"\bany \w+ (?:with|that|where|named|called|matching)\b|\bin the name\b", "list query"),
    (r"^\W*who\b|\bwhich (?:users|accounts|people)\b", "list"),
    (
        r"\b(?:prevent|stop|keep)\b.*\bfrom (?:ever )?(?:sign|regist|creat|join)",
        "block blocklist restriction",
    ),
    (r"\bturn(?:ed)? off\b|\bswitch(?:ed)? off\b", "disable"),
    (
        r"\bin one go\b|\bat once\b|\bin bulk\b|\ball of these\b|\bthese \w+ (?:users|accounts)",
        "bulk multiple",
    ),
    (r"\bfree trial\b", "extend free trial"),
    (r"\bline item\b", "subscription item"),
    (r"\bon the allow ?list\b", "allowlist identifier"),
    (r"\bon the block ?list\b", "blocklist identifier"),
)

# Intent words -> the HTTP methods that usually carry them, and the verbs the spec uses
# for them (so "remove the account" also meets "Delete a user"). The earliest intent in a
# request counts most ("find the account registered with ..." is a read).
INTENTS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    (
        r"\b(?:list|show|find|look ?up|look (?:\S+ )?up|look (?:at|into)|pull (?:\S+ )?up|"
        r"search|fetch|see|view|display|which|what|who|"
        r"whose|how many|count|any|retrieve|get|give me|tell me|check|read|inspect)\b",
        ("GET",),
        "list retrieve",
    ),
    (
        r"\b(?:create|add|new|invite|register|set up|setup|issue|generate|mint|attach|start|"
        r"spin up|send|whitelist|allowlist|block|ban|put \S+ (?:into|on)|onboard|give|grant|"
        r"assign|allow)\b",
        ("POST",),
        "create add",
    ),
    (
        r"\b(?:update|change|rename|edit|modify|promote|demote|mark|cap|raise|lower|"
        r"increase|decrease|extend|switch|turn on|enable|merge|make|set(?! ?up)|deactivate|"
        r"activate|reactivate|flip|toggle)\b",
        ("PATCH", "PUT"),
        "update",
    ),
    (r"\b(?:overwrite|replace|entirely)\b", ("PUT",), "replace"),
    (
        r"\b(?:delete|remove|kick|boot|drop|erase|purge|get rid|destroy|wipe|strip|"
        r"take (?:\S+ ){0,3}(?:out|off|away)|needs? to go|unlink|detach|disconnect|churned|"
        r"turn off|disable)\b",
        ("DELETE",),
        "delete remove",
    ),
    (
        r"\b(?:revoke|kill|pull back|invalidate|terminate|cancel|stop|log \S+ out|sign \S+ out)\b",
        ("POST", "DELETE"),
        "revoke",
    ),
    (r"\b(?:rotate|roll|cycle|regenerate|reject|turn down|decline|verify)\b", ("POST",), ""),
)

# A pasted secret or token is no id: "sk_live_x", "ak_test_x" (prefix_qualifier_body), a JWT.
SECRET_PATTERN = (
    r"(?<![\w.])(?:[a-z]{2,8}_[a-z]{2,8}_[A-Za-z0-9]{8,}|eyJ[\w-]+\.[\w-]+\.[\w-]+)(?![\w.])"
)
# Fields a pasted secret or token goes in.
SECRET_FIELDS = ("secret", "token", "access_token")

# Clerk object id prefixes -> (the noun it names, parameter names that take it).
ID_PREFIXES: dict[str, tuple[str, tuple[str, ...]]] = {
    "user": ("user", ("user_id",)),
    "org": ("organization", ("organization_id",)),
    "orginv": ("organization invitation", ("invitation_id",)),
    "orgmem": ("organization membership", ("membership_id",)),
    "orgdmn": ("organization domain", ("domain_id",)),
    "sess": ("session", ("session_id",)),
    "client": ("client", ("client_id",)),
    "inv": ("invitation", ("invitation_id",)),
    "mch": ("machine", ("machine_id", "other_machine_id", "subject")),
    "ak": ("api key", ("apiKeyID",)),
    "idn": ("identification", ("email_address_id", "phone_number_id", "identifier_id")),
    "jtmp": ("jwt template", ("template_id",)),
    "dmn": ("domain", ("domain_id",)),
    "ru": ("redirect url", ("id",)),
    "wle": ("waitlist entry", ("waitlist_entry_id",)),
    "act": ("actor token", ("actor_token_id",)),
    "sit": ("sign in token", ("sign_in_token_id",)),
    "sua": ("sign up", ("id",)),
    "oa": ("oauth application", ("oauth_application_id",)),
    "mt": ("m2m token", ("m2m_token_id",)),
    "role": ("organization role", ("organization_role_id",)),
    "perm": ("organization permission", ("permission_id",)),
    "csubi": ("subscription item", ("subscription_item_id",)),
    "cstmt": ("billing statement", ("statementID",)),
    "eac": ("external account", ("external_account_id",)),
    "ent": ("enterprise connection", ("enterprise_connection_id",)),
    "samlc": ("saml connection", ("saml_connection_id",)),
    "dir": ("directory", ("directory_id", "scim_directory_id")),
    "td": ("trusted device", ("trusted_device_id",)),
}


def removes_its_item(method: str, path: str, deletable: set[str]) -> bool:
    """Is this action how its item is removed? A session or an invitation has no DELETE,
    so "delete"/"boot" one means POST .../revoke: an action on an item without a DELETE
    whose verb INTENTS files under removal (revoke, cancel, terminate ...)."""
    parent, _, action = path.rstrip("/").rpartition("/")
    if method != "POST" or not parent.endswith("}") or parent in deletable:
        return False
    verb = action.replace("_", " ")
    return any("DELETE" in methods and re.search(pattern, verb) for pattern, methods, _ in INTENTS)


def abbreviates(prefix: str, name: str) -> bool:
    """`entconn` abbreviates enterprise_connection_id: same first letter, letters in order."""
    letters = name.lower().replace("_", "")
    if not prefix or not letters.startswith(prefix[0]):
        return False
    position = 0
    for char in prefix:
        position = letters.find(char, position) + 1
        if position == 0:
            return False
    return True
