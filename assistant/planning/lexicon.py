"""The local planner's vocabulary, kept as data: how people say Clerk things.

None of this names an endpoint. It maps everyday words onto the words the spec uses
(paths, summaries, parameter names) and onto HTTP intents, so that ranking and slot
filling work on requests nobody wrote down in advance.
"""

from __future__ import annotations

import re


def _words(text: str) -> list[str]:
    return text.split()


# Everyday names of fields, spelled as the field is (raw text keeps its case for values).
FIELD_ALIASES: tuple[tuple[str, str], ...] = (
    (r"\bsurname\b|\bfamily name\b", "last name"),
    (r"\bforename\b|\bgiven name\b", "first name"),
)

# Phrases rewritten before tokenising (order matters: longer phrases first).
PHRASES: tuple[tuple[str, str], ...] = (
    (r"\(\s*not [^)]*\)", " "),  # "(not org invites)": what the person does NOT mean
    (r"\b(?:don'?t|do not|doesn'?t|no need to) require (?:a |an )?(\w+)", r"skip \1 requirement"),
    (r"\bwithout (?:a |an )?password\b", "skip password requirement"),
    # "no password required", "password not needed", "skip the password"
    (
        r"\bno (password|email|phone|username)s? (?:is |are )?(?:required|needed|necessary)\b"
        r"|\b(password|email|phone|username)s? (?:is |are )?not (?:required|needed|necessary)\b"
        r"|\bskip (?:the |a |their |his |her )?(password)s?\b(?! requirement)",
        r"skip \1\2\3 requirement",
    ),
    # "don't let people sign up with plus addresses", "no longer be able to register with":
    # what they sign up with is blocked
    (
        r"\b(?:don'?t let|do not let|stop|prevent|disallow|no longer (?:let|allow)"
        r"|(?:nobody|no one)\s+(?:should|can|may)\s+(?:ever\s+)?)\s*"
        r"(?:(?:people|users|anyone|ppl|folks|them)\s+)?(?:from\s+)?(?:to\s+)?"
        r"(?:(?:no longer\s+)?be able to\s+)?"
        r"(?:sign(?:ing)?[- ]?up|register(?:ing)?|creat(?:e|ing) accounts?)\s+(?:with|using)\b",
        "block",
    ),
    (
        r"\bno longer be able to\s+(?:sign(?:ing)?[- ]?up|register)\s+(?:with|using)\b",
        "block",
    ),
    (r"\bstop (?:people|ppl|users|anyone|folks) from\b", "block"),
    (r"\bprevent (?:people|users|anyone) from\b", "block"),
    (r"\bstop (?:sending|accepting)\b|\bstop allowing\b|\bno longer allow\b", "block"),
    (r"\bstop ([\w-]+ing)\b", r"disable \1"),
    # "stop delivering the email": whatever it does is switched off
    (r"\btop(?:ping)? up\b", "add"),
    # "asked for their name to be changed": the passive is the order
    (r"\bto be (chang|updat|renam|remov|delet|ban|lock|unlock)(?:n?ed)\b", r"\1e"),
    # "stop them from creating more orgs": a capability switched off
    (
        r"\b(?:stop|prevent|block)\s+(?:them|him|her|\S*'s|this user|the user)\s+from\s+(\w+)\b",
        r"forbid \1",
    ),
    (
        r"\b(?:skip|no) (?:the |sending (?:the |an? )?)?"
        r"(?:confirmation |welcome |invitation )?e-?mails?\b",
        "not notify",
    ),
    # "I want user_x locked out for now": an order to lock (before "locked out" = unlock)
    (r"\b(?:want|need|get|have)\s+((?:\S+\s+){0,2}?)locked out\b", r"lock \1"),
    (r"\blocked out\b|\blet (?:them|him|her|the user) back in\b", "unlock"),
    (r"\b(?:log|sign) in as\b|\bimpersonate\b", "actor token impersonate"),
    (r"\btake (\S+ )?out of\b", r"remove \1 from"),
    (r"\btake ((?:\S+\s+){0,5})off(?: of)?\b", r"remove \1 from "),
    # "allow user_x to create organizations": a capability switched on, not a creation
    (
        r"\b(?:allow|let|permit)\s+((?:\S+\s+){0,3}?)to\s+(?=(?:create|delete)\b)",
        r"update \1 enabled ",
    ),
    (r"\btake (\S+ (?:\S+ )?)?away from\b", r"remove \1 from"),
    # "... and sign them out of their other sessions" is a flag of the same update
    (
        r"\b(?:sign|log)(?:ged)?\s+(?:\S+\s+)?out\s+of\s+(?:(?:all|of|their|his|her|the)\s+)*"
        r"other\s+sessions\b",
        "sign other sessions",
    ),
    # "they got logged out": what happened to someone, not an order to sign them out
    (r"\b(?:got|get|gets|getting|been|was|were|being|keeps?)\s+(?:signed|logged)\s+out\b", " "),
    # "sign them out of every session": the flag of the call that ends sessions
    (
        r"\b(?:sign|log)(?:ged)?\s+(?:\S+\s+)?out\s+(?:of\s+(?:(?:all|every|each|any|of|their|his|"
        r"her|the)\s+)+sessions?|(?:of\s+)?(?:everything|everywhere|all devices))\b",
        "sign other sessions revoke all sessions",
    ),
    (r"\b(?:sign|log)(?:ged)?\s+(\S+\s+)?out\b", r"revoke \1"),
    # A person is deactivated by a ban; anything with an `active` flag is switched off.
    # (Ids are cut out of the words before this runs: "deactivate user_2x" ends the text.)
    (
        r"\bdeactivate (?=(?:the |this |that )?(?:user|account|them|him|her)(?:\b|_))"
        r"|\bdeactivate\s*(?=[.!]?\s*$)",
        "ban ",
    ),
    (r"\bdeactivate\b", "disable active"),
    (r"\b(?:re)?activate\b", "enable active"),
    (r"\bsuspend\b|\bkick (\S+ )?off\b", r"ban \1"),
    # "invites nobody has accepted yet" are the pending ones
    (
        r"\b(?:not|\w+n't|nobody|no one|never)\s+(?:(?:has|have|had|been|yet|ever)\s+)*"
        r"(?:accepted|answered|used|redeemed|responded)\b",
        "pending",
    ),
    # "make <someone> a member of X" adds a membership; "make him an admin" promotes
    # "make sure user_x can't sign in anymore": kept out (a ban), not locked out by mistake
    (
        r"\b(?:make sure|ensure|want|need)\s+(?:\S+\s+){0,3}?(?:can'?t|cannot|can no longer"
        r"|won'?t be able to|is unable to|are unable to)\s+(?:sign|log)\s*in\b",
        "ban",
    ),
    # "make sure they're forced to choose a new password": the password is compromised
    (
        r"\b(?:forced?|made|have|has) to (?:choose|pick|set|reset|create) a new (?:one|password)\b",
        "set compromised password",
    ),
    (r"\bmake sure\b|\bensure\b", " "),
    (r"\bmake (?:a |an )?new\b", "create new"),
    (r"\blift (?:the |their |his |her |that )?ban\b", "unban"),
    # "(the app kind, not an org invite)": what the person does not mean
    (r",\s*not\s+(?:an?|the)\s+[^,.;)]*", " "),
    (
        r"\b(?:send|give)\s+(?:a|an|the)?\s*(?:usual\s+)?(?:heads-up|notice|notification)\s+to\s+"
        r"(?:\S+\s+)?(?:old\s+|previous\s+)?primary\b",
        "notify primary",
    ),  # "make sure X can't ...": the outcome follows
    (r"\bmake\b(?=.*\bmember of\b)", "add"),
    # "make her an admin of org_x" adds her with that role (a member already is promoted
    # by "promote"/"change her role"); "make him an admin" alone promotes
    (
        r"\bmake (?!sure\b)((?:\S+ ){1,2})(?:an? )?(?:org:)?(admin|administrator|owner)s?\b"
        r"(?=\W+(?:\([^)]*\)\W+)?"
        r"(?:of|in|on|for|at)\b)",
        r"add \1 as \2",
    ),
    (
        r"\bmake (?!sure\b)((?:\S+ ){1,2})(?:an? )?(?:org:)?(admin|administrator|owner)s?\b",
        r"promote \1 \2",
    ),
    # "turn that off": the pronoun between verb and particle is the thing switched
    (r"\b(?:switch|turn|flip)(?:ed)? (?:(?:it|that|this|them) )?off\b", "disable"),
    (r"\b(?:switch|turn|flip)(?:ed)? on\b", "enable"),
    (r"\broll(?:ed)?\b|\bregenerate\b|\bcycle\b", "rotate"),
    (r"\bturn(?:ed)? down\b|\bturn(?:ed)? away\b|\bdecline\b|\bdeny\b|\brefuse\b", "reject"),
    (r"\btear(?:ing)? down\b|\bdecommission\b", "delete"),
    # outcomes: "should no longer be able to call mch_y" takes its access away
    (
        r"\bno longer be (?:able|allowed|permitted) to (?:call|access|reach|talk to)\b",
        "delete scope access",
    ),
    (r"\b(?:shouldn'?t|should not|can'?t|cannot|must not|mustn'?t)\s+be\s+able\s+to\b", "forbid"),
    # "should never have more than 40 members", "at most 15 seats": a membership cap
    (
        r"\b(?:have\s+|allow\s+)?(?:at most|no more than|(?:never\s+(?:have\s+)?)?more than|"
        r"a maximum of|max(?:imum)? of)\s+(\d+)\s+(?:members|seats|people|users)\b",
        r"max allowed memberships \1 members",
    ),
    (r"\bshould (?:now )?(?:read|say)\b", "should be"),
    (r"\bshould be able to\b", "enable"),
    (r"\b(?:a|the|full|complete) list of\b", "list"),
    # "drop them down to org:member": a demotion, never a removal
    (
        r"\b(?:drop|bump|move|knock|put) ((?:\S+ ){0,2}?)(?:down|back) to\b|\bdowngrade\b",
        r"demote \1 to",
    ),
    (
        r"\b(?:used|kept|reserved)\s+(?:just\s+|only\s+)?for\s+(?:the\s+)?(?:sms\s+)?"
        r"(?:mfa|2fa|two[- ](?:factor|step))",
        "reserved for mfa",
    ),
    (
        r"\bmake (?:him|her|them|\S+) (?:choose|pick|set) a new (?:one|password)\b",
        "set compromised password",
    ),
    (
        r"\bhow many (?:people|members|users) (?:are )?in each(?: one| org\w*)?\b",
        "include members count",
    ),
    (r"\bmain (number|phone|email|address)\b", r"primary \1"),
    (r"\bsay no to\b", "reject"),
    (r"\b(?:waiting|yet|still) to be verified\b|\bunverified\b", "not verified"),
    (r"\bgive me (?:the |a )?(?:next|previous|first|last) page\b", "show next page"),
    (r"\b(?:has|have|needs?) to go\b", "delete"),
    (r"\b(?:should|must|can|will) stay (?:as (?:they|it) (?:are|is)|as is|untouched|put)\b", " "),
    (
        r"\bshould(?:n'?t| not| no longer) (?:be there|exist)\b"
        r"|\bshouldn'?t be (?:an? )?(?:allowed|valid|listed)\b",
        "delete",
    ),
    (r"\blet the (?:old |previous )?(primary (?:email )?(?:address|email)) know\b", r"notify \1"),
    (r"\bshould get a (?:notice|notification|heads-up|email)\b", "notify"),
    (r"\btake (\S+ )?back off\b", r"deduct \1 from"),
    (r"(?<=[(,]\s)no password(?=\s*[,)])", "skip password requirement"),
    (r"\bno longer be (?:active|enabled|on)\b", "disable active"),
    (r"\b(?:to )?no longer be (?:able|allowed|permitted) to\b", "forbid"),
    (r"\bswap(?:ped)? (?:out )?(?=(?:every|all)\b)", "replace "),
    (r"\bshould be the only\b|\bthe only (?:one|number|address|email) left\b", "replace"),
    (r"\bhave ?i ?been ?pwned\b|\bpwned\b", "hibp"),
    (r"\bcountry codes?\b|\bcountries\b", "blocked country codes"),
    (r"\blet (?!(?:them|him|her|the user) back\b)((?:\S+ ){1,3})in\b", r"invite \1"),
    (r"\beve(?:ryone|rybody) (?=in |at |from |of )", "members "),
    (r"\bbelongs? to\b|\bmembers? of\b|\bpart of\b", "membership in"),
    (r"\bkick (\S+ )?out of\b", r"remove \1 from"),
    (r"\bget rid of\b|\bgive up on\b|\bunlink\b|\bdisconnect\b", "delete"),
    # "leave their other 2FA stuff alone": what is not to be touched is not asked for
    (r"\bleave\b(?:\s+[\w'-]+){1,8}?\s+alone\b", " "),
    # "take away their ability to create orgs": a capability switched off
    (
        r"\b(?:take away|remove|revoke|disable)\s+(?:their|his|her|its|\S*'s)\s+"
        r"(?:ability|permission|right)\s+to\s+",
        "forbid ",
    ),
    (
        r"\bgive me (?:the |a |all )?(details|info|information|rundown|overview|summary|list)\b",
        r"show \1",
    ),
    (r"\bauthenticator(?: app)?s?\b", "totp"),
    (r"\bis\s+(?:the\s+|their\s+|his\s+|her\s+|a\s+)?(?:right|correct|valid)\b", "verify"),
    (r"\bpull back\b|\bkill\b|\binvalidate\b", "revoke"),
    (r"\bset(?:ting)? up\b|\bspin(?:ning)? up\b", "create"),
    # sending a code again is preparing the verification again (attempting checks one)
    (r"\bre-?send\b", "prepare send"),
    *FIELD_ALIASES,
    # read phrases whose words alone are stopwords ("pull", "up", "look")
    (r"\b(?:pull|bring|call)(?:ing)? up\b|\b(?:take a )?look(?:ing)? at\b", "show"),
    (r"\bshould (?:by )?default to\b|\bby default\b", "update default"),
    (r"\binstance[- ]wide\b|\bacross the instance\b", "instance settings"),
    # The negated word is not asked for: "haven't been accepted yet" is not "accepted".
    # (negated_words() finds what this rule erased: a flag said with "don't" is false.)
    (
        r"\b(?:without|not|\w+n't|never|no longer|no|nobody|no one|none)\s+"
        r"(?:(?:has|have|had|been|be|yet|ever|even|really|already)\s+)*"
        # ("no custom template": the describing word and its noun)
        r"(?:(?:custom|special|extra|other|specific|particular)\s+)?(\w+)(?:ing)?\b",
        " ",
    ),
    (r"\bhow many\b|\bnumber of\b|\btotal of\b", "count"),
    (r"\bsigned up\b|\bsign(?:ed)? ?ups?\b|\bjoined\b|\bregistered\b", "created user"),
    (r"\bright away\b|\bimmediately\b|\bright now\b|\bat once\b", "now"),
    (r"\bmandatory\b|\brequires?\b|\benforced?\b", "required"),
    (r"\bautomatically\b", "automatic"),
    (r"\bthrowaway\b|\btemporary email\b|\bburner\b", "disposable"),
    # bob+1@gmail.com: Clerk calls the "+" part of an address a subaddress
    (
        r"(?:\bemail |\be-mail )?(?:\bplus[- ]?address(?:ing|es|ed)?|(?:\bplus|\+)[- ]?(?:sign )?"
        r"alias(?:es|ing)?)\b",
        "email subaddresses",
    ),
    (
        r"\b2fa\b|\b(?:two|second|multi)[- ]factor\b|\btwo[- ]step (?:login|verification|codes?)\b",
        "mfa",
    ),
    (r"\bline item\b", "subscription item"),
    (r"\bpaying for\b|\bpays for\b|\bsubscribed(?: to)?\b", "billing subscription"),
    # a one-time sign-in link is what a sign-in token makes
    (r"\b(?:one[- ]time )?(?:login|sign[- ]in|magic) link\b(?! token)", "sign in token"),
    (r"\bredirect target\b|\bredirect uri\b", "redirect url"),
    (r"\bwhitelist\b|\ballow[- ]list\b", "allowlist"),
    (r"\bpublic keys?\b|\bjson web key set\b", "jwks"),
    (r"\bblacklist\b|\bblock[- ]list\b", "blocklist"),
    (
        r"\bemail(?:ing)? (?:them|him|her|it|the invite|the invitation)\b"
        r"|\blet (?:them|him|her) know\b"
        r"|\bsend(?:ing)? (?:(?:them|him|her) )?(?:an? |the |clerk'?s |our |its |any )?"
        r"(?:invit\w* |welcome |confirmation |notification )?(?:e-?mails?|notifications?)\b",
        "notify",
    ),
)

# token -> canonical token (after stemming). Canonical tokens are words the spec uses.
SYNONYMS: dict[str, str] = {
    "org": "organization",
    "organisation": "organization",
    "orgs": "organization",
    "account": "user",
    "people": "user",
    "person": "user",
    "customer": "user",
    "member": "membership",
    "everyone": "user",
    "who": "user",
    "whom": "user",
    "everybody": "user",
    "invite": "invitation",
    "invit": "invitation",
    "remove": "delete",
    "strip": "delete",
    "erase": "delete",
    "drop": "delete",
    "destroy": "delete",
    "wipe": "delete",
    "cancel": "delete",
    "unsubscribe": "delete",
    "stop": "delete",
    "permission": "scope",
    "whitelist": "allowlist",
    "block": "blocklist",
    "blacklist": "blocklist",
    "webhooks": "webhook",
    "mint": "create",
    "issue": "create",
    "generate": "create",
    "add": "create",
    "attach": "create",
    "register": "create",
    "spin": "create",
    "start": "create",
    "new": "create",
    "fresh": "create",
    "cap": "max",
    "limit": "max",
    "rename": "update",
    "change": "update",
    "edit": "update",
    "modify": "update",
    "promote": "update",
    "demote": "update",
    "lifetime": "lifetime",
    "link": "url",
    "uri": "url",
    "jwt": "jwt",
    "dashboard": "dashboard",
    "plan": "plan",
    "m2m": "m2m",
    "2fa": "mfa",
    # typed shorthand
    "sess": "session",
    "acct": "user",
    "accts": "user",
    "ppl": "user",
    "perms": "scope",
    "pw": "password",
    "pwd": "password",
}

# Verbs every summary uses ("Create a ..."): they say the method, not the resource, so
# they count only when they are a word of the path itself.
GENERIC_VERBS = frozenset({"creat", "updat", "delet", "list", "retriev", "get", "fetch"})

# Words that carry no meaning for ranking.
STOPWORDS = frozenset(
    _words(
        """a an the to of for in on at by and or with from into onto that this these those
        it its is are was were be been being me my our we us you your i i'm im he she
        they them their his her please can could would should will just so as all any
        every some one up out about after before than then now also there here what
        which whose how do does did has have had get gets got let need want know look
        pull grab
        make made only right another same other more most very via per each using use
        id ids currently moment already fire while since called named titled"""
    )
)

# Intent verbs -> the method they ask for. The first intent word in a clause counts most.
INTENTS: dict[str, str] = {
    **dict.fromkeys(
        _words(
            """show list find lookup look see view who which what fetch retrieve search
        display count whose where check any many read print pull"""
        ),
        "GET",
    ),
    **dict.fromkeys(_words("""delete remove strip erase drop destroy cancel stop"""), "DELETE"),
    **dict.fromkeys(
        _words(
            """create invite invitation ban unban unlock lock revoke rotate mint issue
        generate register start spin block allowlist blocklist notify impersonate
        verify send attach new fresh put give grant allow add restore reinstate comp deduct"""
        ),
        "POST",
    ),
    **dict.fromkeys(
        _words(
            """update change set cap promote demote mark rename edit modify enable disable
        turn default configure merge keep adjust switch convert move restrict forbid"""
        ),
        "PATCH",
    ),
    **dict.fromkeys(["overwrite", "replace", "entirely", "reset_all"], "PUT"),
}

# Words that mark a clause as the start of something created ("create X and invite Y").
CREATE_VERBS = frozenset(_words("""create set spin register make start add issue"""))
FOLLOW_ON_VERBS = frozenset(_words("""invite add give grant register attach assign"""))

# An order that takes something away ("delete", "revoke"; phrases are rewritten to these
# first, "get rid of" -> delete) never plans a step that creates: a create reverses it.
REMOVING_ORDERS = frozenset(
    _words(
        """delete remove revoke erase wipe purge destroy drop cancel nuke deprovision detach
        unlink disconnect kill invalidate expire"""
    )
)
# Order verbs that create: said beside a removing one, the request asks for both.
CREATING_ORDERS = frozenset(
    _words("""create add make invite issue generate mint register grant give attach assign
        provision onboard restore reinstate""")
)
# The first word of an endpoint's summary that says it creates ("Create a new user",
# "Add identifier to the block-list", "Invite a waitlist entry").
CREATING_ACTIONS = frozenset(_words("""create add invite bulk assign apply"""))
# Actions that undo another ("Unban a user" undoes a ban): never planned for that order.
UNDOES: dict[str, str] = {"unban": "ban", "unlock": "lock"}

# Words that join the values of one list ("user_A, user_B and user_C", "A as well as B").
LIST_JOINERS = ("and", "&", "as well as", "plus")
# Words that may close a `METHOD /path` written in a sentence and leave it exactly as is.
CLOSING_WORDS = ("please", "pls", "thanks", "thank you", "now", "for me")

# A resource named in the plural: "create users a@x.io and b@x.io" makes one each (an
# array field of one creation, POST /users' email_address, would give one user both).
PLURAL_NAMES: dict[str, tuple[str, ...]] = {
    "user": ("users", "accounts", "people", "customers", "testers", "test users"),
}

# Clerk id prefix -> words naming what it identifies (matched against parameter names).
ID_KINDS: dict[str, tuple[str, ...]] = {
    "user": ("user",),
    "org": ("organization", "org"),
    "sess": ("session",),
    "inv": ("invitation",),
    "orginv": ("invitation",),
    "idn": ("email_address", "phone_number", "identification", "passkey", "web3_wallet"),
    "mch": ("machine",),
    "ak": ("apikey", "api_key"),
    "csubi": ("subscription_item",),
    "wle": ("waitlist_entry",),
    "jtmp": ("template",),
    "dmn": ("domain",),
    "orgdmn": ("domain",),
    "client": ("client",),
    "cplan": ("plan",),
    "cprice": ("price",),
    "mt": ("m2m_token",),
    "sit": ("sign_in_token",),
    "act": ("actor_token",),
    "rol": ("role",),
    "perm": ("permission",),
    "samlc": ("saml_connection",),
    "saml": ("saml_connection",),
    "oac": ("oauth_application",),
    "ent": ("enterprise_connection",),
    "stmt": ("statement",),
    "alid": ("identifier",),
    "blid": ("identifier",),
    "ru": ("redirect",),
    "dir": ("directory",),
    "cstmt": ("statement",),
    "eac": ("external_account",),
    "cdis": ("discount",),
    "csub": ("subscription",),
}
# Short example ids ("user_xyz", "org_A", "user_1") count as ids when their prefix is a
# known one of three letters or more; these short tails are words, not ids ("user_id").
NOT_ID_TAILS = frozenset(
    _words(
        """id ids name role type data list info key keys code url urls at by to of on in
        and or for the it me my is set all new one two ok"""
    )
)
# Fields that take whichever Clerk id is at hand (the spec types them as plain strings).
ANY_ID_FIELDS = frozenset({"subject"})

# Words (after normalising) that pick an enum value, beyond the value's own words.
ENUM_CUES: dict[str, tuple[str, ...]] = {
    "pending": ("pending", "waiting", "outstanding", "open", "unanswered", "unaccepted"),
    "active": ("active", "current", "currently", "live", "ongoing"),
    "revoked": ("revoked",),
    "expired": ("expired", "lapsed"),
    "accepted": ("accepted",),
    # credit balances: what is given goes up, what is taken back goes down
    "increase": ("increas", "give", "grant", "creat", "top", "refund", "comp", "put"),
    "decrease": ("decreas", "take", "deduct", "subtract", "reduc", "delet", "claw", "back"),
    "past_due": ("past", "overdue", "behind", "unpaid", "delinquent"),
    "org": ("organization", "org", "organisations", "team"),
    "user": ("user", "individual", "personal"),
}

ROLE_WORDS: dict[str, str] = {
    "admin": "org:admin",
    "administrator": "org:admin",
    "owner": "org:admin",
    "member": "org:member",
    "membership": "org:member",
    "regular": "org:member",
}

OAUTH_PROVIDERS = _words(
    """google github gitlab microsoft apple facebook discord linkedin twitter twitch
        slack bitbucket dropbox notion spotify tiktok atlassian box coinbase hubspot
        line linear xero x"""
)

# Metadata said in Clerk's words: "set their plan to 'pro'" is {"plan": "pro"}; "mark
# onboarding as complete" is {"onboarding_complete": true}: the state word says the key's
# ending and its value (a key that already ends so keeps its name: "mark onboarding_complete
# as done"). The possessives before a key are no part of it.
METADATA_SET_VERBS = _words("""set change update make switch""")
MARKED_STATES: dict[str, tuple[str, bool]] = {
    "complete": ("complete", True),
    "completed": ("complete", True),
    "done": ("complete", True),
    "finished": ("complete", True),
    "incomplete": ("complete", False),
    "not complete": ("complete", False),
    "not done": ("complete", False),
    "unfinished": ("complete", False),
    "true": ("", True),
    "false": ("", False),
    "yes": ("", True),
    "no": ("", False),
}
KEY_POSSESSIVES = _words("""their the his her its my our your this that""")
# After one of these a verb-like word is a noun: "the ban on user_x" orders no ban.
NOUN_MARKERS = frozenset([*KEY_POSSESSIVES, "a", "an", "both", "any", "every", "each", "no"])

MERGE_CUES = ("merge", "keep", "without wiping", "without losing", "next to", "add", "alongside")
REPLACE_CUES = (
    "overwrite",
    "throw away",
    "exactly",
    "replace",
    "entirely",
    "only thing left",
    "wipe",
    "from scratch",
    "reset",
    "is just",
    "nothing but",
    "nothing else",
    "only contain",
)

TOKEN = re.compile(r"[a-z0-9]+")
_CLITIC = re.compile(r"'(?:s|t|re|ll|m|d|ve)\b")


def id_kind(prefix: str) -> str:
    """`jtmpl` is a longer spelling of the known `jtmp`; unknown prefixes stay as they are."""
    if prefix in ID_KINDS:
        return prefix
    starts = [k for k in ID_KINDS if prefix.startswith(k) and len(k) >= 3]
    return max(starts, key=len) if starts else prefix


def stem(word: str) -> str:
    """A deliberately small stemmer: plurals, -ed/-ing, a final e; enough for spec words."""
    if len(word) > 4 and word.endswith(("ies", "ied")):
        return word[:-3] + "y"
    for suffix in ("ing", "ed"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[: -len(suffix)]
            return word[:-1] if word[-1:] == word[-2:-1] else word
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        word = word[:-1]
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def canonical(word: str) -> str:
    word = word.lower()
    if word in SYNONYMS:
        return stem(SYNONYMS[word])
    stemmed = stem(word)
    return stem(SYNONYMS[stemmed]) if stemmed in SYNONYMS else stemmed


_STEMMED_INTENTS = {stem(k): v for k, v in INTENTS.items()}


def intent_of(word: str) -> str | None:
    """The method a verb asks for. "banned users" is a state, not an order to ban."""
    word = word.lower()
    if word in INTENTS:
        return INTENTS[word]
    return None if word.endswith("ed") else _STEMMED_INTENTS.get(stem(word))


def negated_words(text: str) -> set[str]:
    """Tokens the negation rule erased: "don't email them" negates `notify`."""
    kept = [rule for rule in PHRASES if not _is_negation_rule(rule)]
    lowered = text.lower().replace("’", "'")
    for pattern, replacement in kept:
        lowered = re.sub(pattern, replacement, lowered)
    negators = set(tokens("without not don't doesn't haven't hasn't never no nobody none"))
    return set(tokens(lowered)) - set(tokens(rewrite(text))) - negators


def _is_negation_rule(rule: tuple[str, str]) -> bool:
    return rule[1] == " " and rule[0].startswith(r"\b(?:without|not|")


def tokens(text: str) -> list[str]:
    # "it's", "user's": the clitic is no word ("s" would match every "user's" summary)
    text = _CLITIC.sub("", text.lower().replace("’", "'"))
    return [canonical(t) for t in TOKEN.findall(text) if t not in STOPWORDS]


def rewrite(text: str) -> str:
    text = text.lower().replace("’", "'")
    for pattern, replacement in PHRASES:
        text = re.sub(pattern, replacement, text)
    return text
