"""Slot filling: put the values a request states into one endpoint's fields, by schema.

`fill(endpoint, request)` returns the path params, query and body it could fill, the
required fields it could not, and how many of the stated values it used (the local
planner ranks endpoints partly by that fit). It never invents a value: what the text does
not give stays empty, and a missing required field turns into a question.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from .. import vocabulary as vocab
from ..language.patterns import pattern
from ..language.patterns import words as pattern_words
from ..models import Endpoint
from ..sentences import ORDER_VERBS, is_order, sentences
from . import lexicon
from .slots import (
    CLERK_ID,
    EMAIL,
    ISO_DATE,
    PHONE,
    ROLE_KEY,
    ROLE_PHRASE,
    Quantity,
    Slots,
    country_codes,
    labelled_value,
    names_countries,
    plain_labelled_value,
)
from .targets import listed_with

_BACKTICK = re.compile(r"`([a-z_]+)`")
_SINGLE_QUOTED = re.compile(r"'([a-z]+(?:_[a-z]+)+)'")
_SCOPE = re.compile(r"(?<![\w@])([a-z][\w-]*(?::[\w*-]+)+)(?![\w@])")
_DURATION_FIELD = re.compile(r"seconds|ttl|lifetime|duration|days|minutes|expir")
_DATE_FIELD = re.compile(
    r"^(created_at|last_active_at|last_sign_in_at|updated_at)_(after|before|since)$"
)
# a carried reference's key for the name a step gave what it made ("name:jwt_template")
NAME_MADE = "name:"
# a carried reference's key for what a step made ("made:{{1.id}}" -> "phone_number")
THING_MADE = "made:"
# (a key said for a `*_key_or_id` path field: "role set role_set:x ..., then ... in it")
KEY_SAID = "key:"
_SLUG = re.compile(  # ("slug of org_x to acme", "the slug must be acme": never "org", "must")
    r"\bslug\s+(?:(?:(?:of|on|for)\s+\S+\s+)?(?:is|to|(?:should|must|will|shall|has\s+to|needs\s+to)\s+be|=)\s*|of\s+)?"
    r"(?:(?:also|too|then|now)\s+(?:to\s+|be\s+)?)?"  # ("make the slug also acme-labs")
    r"(?!(?:as|it|the|alone|unchanged|must|should|shall|will|has|needs|on|for)\b)"
    rf"(?!(?:{'|'.join(sorted(lexicon.ID_KINDS))})_)([a-z0-9][\w-]+)(?![\w])",
    re.IGNORECASE,
)
_LABEL_QUOTE = re.compile(  # 'tier "gold"', 'tier is "gold"' (cues.yml label_links)
    rf"\b([a-z][a-z0-9_]*)\s+(?:(?:{'|'.join(map(re.escape, sorted(lexicon.LABEL_LINKS)))})\s+)?"
    r"[\"“]([^\"”]+)[\"”]"
)
_DROPPED_KEY = re.compile(
    r"\b(?:drop|remove|delete|clear|unset|strip)\s+(?:the\s+)?[`'\"]?([a-z][a-z0-9_]*)[`'\"]?"
    r"\s+(?:key|field|entry|flag)\b",
    re.IGNORECASE,
)
_KEY_WITH_VALUE = pattern("key-with-value")  # language/data/patterns.yml
_RENAMED_TO_QUOTE = pattern("renamed-to-quote")
_RENAMED_BARE = pattern("renamed-bare")
# a one-time or backup code: 6-8 digits, or 8 letters and digits with both in it (a value's
# shape: not inside an id, a phone number, an email or a date)
_CODE = re.compile(
    r"(?<![\w+@.:/-])(\d{6,8}|(?=[a-z0-9]{8}\b)(?=[a-z]*\d)(?=\d*[a-z])[a-z0-9]{8})(?![\w@:/-])(?!\.\w)"
)
_FREE_TEXT = pattern("free-text-after-label")  # "reason leaked in ci logs"
_LABEL_VERBS = "|".join(pattern_words("label-verbs"))
_NOT_METADATA_KEYS = frozenset(
    {"metadata", "named", "called", "titled", "reason", "to", "as", "with"}
)
_BECOMES = (  # ("his first name shown as Kit instead of Christopher")
    r"should\s+(?:now\s+)?(?:be|read|say)|becomes|now reads"
    r"|(?:shown|displayed|written|spelled|spelt)\s+as"
)
_NEGATION = re.compile(  # (never the end of a value: "x@fjordline.no skip ...")
    r"(?<![\w.@-])(?:not|don'?t|no|never|disable|disabled|off|without|turn off)\s+"
    r"(?:(?:the|its|their)\s+)?$"
)
_BACKEND_ONLY = re.compile(
    r"\b(?:backend|server)[- ](?:only|side)\b|\binternal(?:ly)?\b"
    r"|\bhidden from (?:the )?(?:user|client|frontend)",
    re.IGNORECASE,
)
_FORBIDS = re.compile(
    r"\b(?:don'?t|do not|no longer|never|stop|not)\s+(?:let(?:ting)?|allow(?:ing)?|permit)\b"
    r"|\b(?:can'?t|cannot|can not|(?:can|should|may)\s+no\s+longer|shouldn'?t|mustn'?t)\s+\w+"
    r"|\b(?:prevent|forbid|disallow|block)\b"
    r"|\b(?:take away|remove|revoke|disable|turn off|switch off|shut off)\s+\S+\s+"
    r"(?:ability|permission|right)\b"
    r"|\b(?:stop|prevent|block)\s+\S+\s+from\s+\w+ing\b"
    r"|\bno longer (?:be )?(?:able|allowed|permitted) to\b|\bforbid\b",
    re.IGNORECASE,
)
# what a request says it does NOT want: "instead of an automatic invitation", "from
# auto-invites to ...", "not verified", "doesn't want people auto-invited anymore"
_SET_ASIDE = pattern("set-aside")
_FEW_FLAGS = 3  # a small thing's update: its flags name distinct settings
_DESCRIBED_WORDS = 2  # words of a value's description the text must say to choose it
# "stop org admins from deleting their orgs": the verb an ability flag names, stopped
_STOPPED_FROM = pattern("stopped-from")
_BOOLEAN_CUE = re.compile(
    r"\b(enabl\w*|disabl\w*|allow\w*|let|can|cannot|true|false|on|off|forbid)\b"
)
FOLLOW_UP = re.compile(
    r"\b(too|also|again|as well|same|that|this|those|these|it|its|them|they|him|her|one)\b"
)
# (a capitalised run ends where its word ends: "Tq7!vLm29#xe" is one value, not "Tq7")
_VALUE = r"\"[^\"]+\"|'[^']+'|(?-i:[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)(?=[,.;:!?]?(?:\s|$))|\S+"
_CREATES_USER = re.compile(
    # "a"/"new" user is created; "the user with email x" already exists
    r"^\W*(?:please\s+)?(?:creat\w*|add|register|make|onboard)\s+(?:an?\s+)?"
    r"(?:new\s+)?(?:(?!the\b|this\b|that\b|her\b|his\b|their\b)\w+\s+)?(?:user|account)\b"
)
_EMAIL_FIELDS = ("email_address", "email", "email_addresses", "identifier")
# verbs that act on something that exists: with one of them, a POST /users creates nothing
_ACTION_VERBS = frozenset(
    lexicon.canonical(w)
    for w in ["ban", "unban", "lock", "unlock", "revoke", "verify", "rotate", "reject"]
)
_DATE_WORDS = ("after", "since", "before", "until", "from", "prior", "between")
_PAGE = re.compile(r"\bpage\s+(\d+)\b|\b(second|third|fourth|fifth|2nd|3rd|4th|5th)\s+page\b", re.I)
_PAGE_SIZE = re.compile(r"\b(\d+)\s+(?:per|a|each)\s+page\b|\b(\d+)\s+\w+\s+at a time\b", re.I)
_ORDINAL_PAGES = {"second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_ORDINAL_PAGES |= {"fifth": 5, "5th": 5}
_USER_FIELDS_FOR_SELF = ("created_by", "inviter_user_id", "requesting_user_id", "uploader_user_id")
_METADATA = ("public_metadata", "private_metadata", "unsafe_metadata")
# GET /users filters that name one user besides email and phone (the lookup checks the spec)
_USER_IDENTIFIERS = ("username", "external_id")
_LABELLED_FILTERS = ("username", "external_id", "web3_wallet")
_INCLUDING = re.compile(r"\b(?:including|include|inclusive of|along with)\b", re.IGNORECASE)
# "It needs to include a sub property which should contain the ID of the actor"
_ID_PROPERTY = re.compile(r"\b(?:a|the)\s+[\"'`]?(\w+)[\"'`]?\s+(?:property|key)\b[^.]*\bID\b")
_NAMED_ID_PROPERTY = re.compile(r"\b([a-z]+_id)\b")  # an object's property named in its description
_QUOTE = r"(?:[\"“]([^\"”]+)[\"”]|(?<![\w'])'([^']+)'(?![\w']))"  # its text, either quotes
_PROPER = r"(?-i:[A-ZÀ-Þ][\w'’-]*)"  # a capitalised name: "O'Sullivan", "Jürgen"
# ("*@tempmail.net", or a bare "@partnerco.com": every address there, kept as typed)
_WILDCARD_EMAIL = re.compile(
    r"(?<![\w.])\*@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b"
    r"|(?<![\w.*+-])@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b",
    re.I,
)
_LOCAL_PART = re.compile(r"(?<![\w.+-])([\w.+-]+)@(?![\w-])")  # "hello@", no domain after
_BESIDE = 4  # words on each side of a number that may name its field
_PREPOSITIONS = frozenset({"at", "under", "from", "on", "in", "of", "for", "with", "by", "about"})
_TIME_CUE = re.compile(r"\b(newest|latest|recent(ly)?|oldest|earliest)\b")
_DESCENDING_CUE = re.compile(
    r"\b(newest|latest|most|recent(ly)?|biggest|largest|highest|descending|top)\b"
)
_ORDER_CUE = re.compile(
    rf"{_TIME_CUE.pattern}|{_DESCENDING_CUE.pattern}"
    r"|\b(least|fewest|smallest|ascending|alphabetical(ly)?|sort(ed)?|order(ed)?)\b"
)
_DIRECTION_FIRST = re.compile(r"\b(?!first\b)\w+(?:est)?\s+first\b|\bfirst\s+to\s+last\b")
_AT_DOMAIN = re.compile(
    r"(?:\b(?:at|from|on|under)\s+@?|(?<![\w.])@)([a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,})\b",
    re.IGNORECASE,
)
# `created_at` in backticks, or bare snake_case names listed in prose
_SORT_KEY = re.compile(r"`\+?-?([a-z][a-z0-9_]*)`|\b([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\b")


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    location: str  # "path" | "query" | "body"
    type: str
    is_array: bool
    enum: tuple[str, ...]
    required: bool
    description: str

    @property
    def words(self) -> list[str]:
        return lexicon.tokens(self.name.replace("_", " "))

    @property
    def spoken_words(self) -> list[str]:
        """The name as the text's phrases are normalised: reserved_for_second_factor says
        "mfa", as "two-factor" in a request does."""
        return _field_words(self.name)


@functools.lru_cache(maxsize=4096)
def _field_words(name: str) -> list[str]:
    return lexicon.tokens(lexicon.rewrite(name.replace("_", " ")))


# a flag said in the text: the field, its name's words said, the value, how spread out
_SaidFlag = tuple[Field, list[str], bool, int]
_TODAY_MARKERS = "|".join(re.escape(m) for m in lexicon.TODAY_MARKERS)


_KEY_AFTER_NAME = pattern("key-after-name")


def _key_after_name(subject: str, raw: str) -> str | None:
    """The key said right after the name of what it is the key of ("role set default")."""
    name = re.search(r"\b" + r"\s+".join(subject.split("_")) + r"s?\b", raw, re.IGNORECASE)
    key = _KEY_AFTER_NAME.match(raw, name.end()) if name else None
    value = key.group("value") if key else None
    if value is None or value.lower() in lexicon.STOPWORDS or value.lower() in ORDER_VERBS:
        return None
    return value


def fields_of(endpoint: Endpoint) -> list[Field]:
    found = [
        Field(p.name, p.location, p.type, p.is_array, p.enum, p.required, p.description)
        for p in endpoint.params
        if p.location in ("path", "query")
    ]
    body = endpoint.body
    if body is not None:
        found += [
            Field(
                f.name,
                "body",
                f.type,
                f.is_array or f.type == "array",
                f.enum,
                f.required,
                f.description,
            )
            for f in body.fields
        ]
    return found


@dataclass(slots=True)
class Request:
    """One clause of a request, ready for filling."""

    slots: Slots
    raw: str  # the clause as typed
    text: str  # rewritten lower-case text (phrases normalised)
    tokens: set[str]
    references: dict[str, str] = field(default_factory=dict)  # id prefix -> "{{N.id}}"
    fallback_ids: list[str] = field(default_factory=list)  # from earlier turns
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    focus: str = ""  # the rewritten orders, without context sentences ("" = all of text)
    context_tokens: set[str] = field(default_factory=set)  # words said only as context
    negated: set[str] = field(default_factory=set)  # words said under "don't"/"without"

    @property
    def order_text(self) -> str:
        return self.focus or self.text


@dataclass(slots=True)
class Filled:
    values: dict[str, Any] = field(default_factory=dict)
    missing: list[Field] = field(default_factory=list)
    used: int = 0  # stated values the endpoint took
    path_filled: int = 0
    path_referenced: int = 0
    referenced: int = 0  # non-path fields filled with a reference to an earlier step
    ids_unused: int = 0
    ids_listed: int = 0  # ids left over that were listed with one a field took (fan-out)
    emails_unused: int = 0
    phones_unused: int = 0  # phone numbers (or countries) said that no field took
    sort_named: bool = False  # "the most members": a sort key of this list was named
    dates_unused: bool = False  # a date was said and no field of this endpoint took it
    needs_lookup: str | None = None  # an email to look up a user id by
    lookup_by: str = ""  # the GET /users filter to look it up by, when not email or phone
    lookup_org: str | None = None  # a name to look up an organization id by
    lookup_org_by: str = "name"  # or "slug": how `lookup_org` names the organization


class _Filler:
    def __init__(self, endpoint: Endpoint, request: Request) -> None:
        self.endpoint = endpoint
        self.request = request
        self.slots = request.slots
        self.fields = fields_of(endpoint)
        self.out = Filled()
        self.ids_left = list(dict.fromkeys(request.slots.ids))
        self.emails_left = list(request.slots.emails)

    def run(self) -> Filled:
        for step in (
            self._ids,
            self._self_id,
            self._emails_and_phones,
            self._urls,
            self._secrets,
            self._roles,
            self._scopes,
            self._keys_from_and_to,
            self._namespaced_keys,
            self._slug_and_provider,  # (before the names: a quoted slug names no body field)
            self._names,
            self._metadata_and_objects,
            self._numbers,
            self._dates,
            self._enums,
            self._country_codes,
            self._booleans,
            self._order,
            self._references,
            self._fallback_ids,
            self._idempotency_key,
            self._flag_by_its_words,
        ):
            step()
        fanned = self._fanned_out()
        others = [i for i in self.ids_left if i != self.slots.self_id]
        self.out.ids_unused = len([i for i in others if i not in fanned])
        self.out.ids_listed = len([i for i in others if i in fanned])
        self.out.emails_unused = len(self.emails_left)
        self.out.dates_unused = bool(self.slots.dates) and not self._took_a_date()
        self.out.missing = [f for f in self.fields if f.required and f.name not in self.out.values]
        self._lookup()
        taken = {str(v) for v in self.out.values.values()} | {
            p for v in self.out.values.values() if isinstance(v, list) for p in map(str, v)
        }
        self.out.phones_unused = len(
            [p for p in self.slots.phones if p not in taken and p != self.out.needs_lookup]
        )
        # "Nigeria (NG) and Pakistan (PK)": countries said that no field of this one takes
        codes = names_countries(self.request.raw) and not any(
            "country" in name for name in self.out.values
        )
        self.out.phones_unused += int(codes)
        return self.out

    def _fanned_out(self) -> set[str]:
        """Ids listed with one a single field took ('lock user_A and user_B': the call is
        made once per listed id, so user_B is not left unused)."""
        taken = [v for v in self.out.values.values() if isinstance(v, str) and v in self.slots.ids]
        return {t.value for v in taken for t in listed_with(self.request.raw, v)}

    # ------------------------------------------------------------------ helpers

    def open_fields(self, location: str | None = None) -> list[Field]:
        return [
            f
            for f in self.fields
            if f.name not in self.out.values and (location is None or f.location == location)
        ]

    def put(self, fld: Field, value: Any, counts: bool = True) -> None:
        if fld.is_array and not isinstance(value, list) and fld.type != "object":
            value = [value]
        self.out.values[fld.name] = value
        if counts:
            self.out.used += 1
            if fld.location == "path":
                self.out.path_filled += 1

    def mentioned(self, *words: str) -> bool:
        return any(lexicon.canonical(w) in self.request.tokens for w in words)

    # ------------------------------------------------------------------ ids

    def _ids(self) -> None:
        for fld in sorted(self.open_fields(), key=lambda f: f.location != "path"):
            if fld.name.endswith("_ids") or (fld.is_array and _takes_id(fld)):
                self._id_array(fld)
                continue
            value = self._id_for(fld)
            if value and self._reference_meant(value, fld):
                continue
            if value is None and fld.location == "path" and fld.name == "id":
                value = next(iter(self.ids_left), None)  # /redirect_urls/{id}: the one id given
            if value is None and fld.location == "path":
                value = self._labelled_id(fld)
            if value:
                self.put(fld, value)
                self.ids_left.remove(value)

    def _labelled_id(self, fld: Field) -> str | None:
        """'the subscription item csi_2Hk7': an id of a kind Clerk's table does not know,
        said right after the words of the path parameter's name, is that parameter's."""
        # (the name's own words as typed, two or more: "customer cust_88" names no user_id)
        subject = [w for w in fld.name.lower().split("_") if w != "id"]
        raw = self.request.raw.lower()
        for value in self.ids_left:
            unknown = _kind_unknown(value)
            said = r"\b" + r"s?\s+".join(subject) + rf"s?\s+{re.escape(value.lower())}"
            if unknown and len(subject) >= 2 and _search(said, raw):
                return value
        return None

    def _reference_meant(self, value: str, fld: Field) -> bool:
        """'create a machine and let it access mch_x': "it" is the new machine, so its
        reference takes the path and mch_x the other field that fits it (to_machine_id)."""
        prefix = lexicon.id_kind(value.split("_", 1)[0])
        if fld.location != "path" or prefix not in self.request.references:
            return False
        # Said first, it is the subject: "let it call mch_x" but "let mch_x call it".
        pronoun = _search(r"\b(?:it|its|them|they)\b", self.request.raw, re.IGNORECASE)
        if pronoun is None or pronoun.start() > self.request.raw.find(value):
            return False
        # (the other field may be further along the path: "drop its scope to mch_x" is
        # DELETE /machines/{it}/scopes/{mch_x})
        path = self.endpoint.path
        return any(
            f is not fld
            and _id_fits(value, f)
            and (f.location != "path" or path.find(f"{{{f.name}}}") > path.find(f"{{{fld.name}}}"))
            for f in self.fields
        )

    def _id_array(self, fld: Field) -> None:
        matching = [i for i in self.ids_left if _id_fits(i, fld)]
        if matching:
            self.put(fld, matching)
            self.ids_left = [i for i in self.ids_left if i not in matching]

    def _id_for(self, fld: Field) -> str | None:
        candidates = [i for i in self.ids_left if _id_fits(i, fld)]
        if fld.name in _USER_FIELDS_FOR_SELF and self.slots.self_id:
            return None  # the acting person goes there (see _self_id)
        others = [
            i
            for i in candidates
            if i != self.slots.self_id and not self._labelled_for_another(fld, i)
        ]
        if not others and self._self_goes_elsewhere(fld):
            return None  # "impersonate them. I'm user_x, the actor": user_x is not "them"
        someone_else = self.emails_left or "user" in self.request.references
        mine = _search(r"\bmy\b", self.request.text) and "user" not in self.request.references
        if not others and someone_else and not mine:
            return None  # "I'm user_x ... the customer whose email is y": y is looked up
        # (an id of the field's own kind before one whose prefix only abbreviates it: "the
        # token oat_x issued by OAuth app oa_y" names the app oa_y)
        others = [i for i in others if not _kind_unknown(i)] or others
        described = self._described_next_to(fld, others)
        return (described or others or candidates or [None])[0]

    def _described_next_to(self, fld: Field, ids: list[str]) -> list[str]:
        """Of two ids that fit, the one said right after a word of the field's description:
        user_id is 'the user being impersonated', so 'impersonate customer user_B' names
        user_B (and the support agent said first is the actor)."""
        if len(ids) < 2:
            return []
        own = {_root(w) for w in fld.words}
        described = {_root(w) for w in lexicon.tokens(fld.description)} - own
        found = [i for i in ids if described & {_root(w) for w in self._words_before(i)}]
        return found if len(found) == 1 else []

    def _labelled_for_another(self, fld: Field, value: str) -> bool:
        """ "impersonate ann@x.io, actor is user_B": an id said right after the whole name
        of another field of the call that could hold it (only linking words between: "is",
        "sub") is that field's value ("as org:viewer, with user_B" names no organization;
        "an actor token for user_B" names the user, not the actor)."""
        at = self.request.raw.find(value)
        words = self.request.raw[:at].lower().split()[-4:] if at > 0 else []
        while words and words[-1] in lexicon.LABEL_LINKS:
            words.pop()
        if not words or set(fld.words) - {"id"} <= set(lexicon.tokens(" ".join(words[-2:]))):
            return False
        takers = [
            f for f in self.fields if f is not fld and (f.type == "object" or _id_fits(value, f))
        ]
        for taker in takers:
            name = set(taker.words) - {"id"}
            size = len(name)
            if name and size <= len(words) and name <= set(lexicon.tokens(" ".join(words[-size:]))):
                return True
        return False

    def _words_before(self, value: str) -> list[str]:
        at = self.request.raw.find(value)
        return lexicon.tokens(" ".join(self.request.raw[:at].split()[-2:])) if at > 0 else []

    def _self_goes_elsewhere(self, fld: Field) -> bool:
        """The acting person has a field of their own here (actor, created_by ...)."""
        return bool(self.slots.self_id) and any(
            f is not fld and (f.name in _USER_FIELDS_FOR_SELF or f.name == "actor")
            for f in self.fields
        )

    def _self_id(self) -> None:
        me = self.slots.self_id
        if not me:
            return
        for fld in self.open_fields():
            if fld.name in _USER_FIELDS_FOR_SELF or fld.name == "actor":
                self.put(fld, {"sub": me} if fld.type == "object" else me)
                if me in self.ids_left:
                    self.ids_left.remove(me)
                return

    def _references(self) -> None:
        """Ids of things an earlier step creates: `{{N.id}}` where that kind fits."""
        self._names_made()
        for prefix, ref in self.request.references.items():
            if prefix.startswith((NAME_MADE, THING_MADE)):
                continue
            made = self.request.references.get(f"{THING_MADE}{ref}")
            for fld in self.open_fields():
                if made and _names_another_thing(fld, prefix, made):
                    continue  # (a new phone number is no email_address_id, both idn_)
                fits = (
                    _id_fits(f"{prefix}_x", fld)
                    or self._its_own_id(prefix, fld)
                    # (a key only where the part points back: "... in it"; "in role set
                    # starter" names another one)
                    or (prefix == f"{KEY_SAID}{fld.name}" and self._pronoun())
                )
                elsewhere = made and self._points_elsewhere(prefix, fld)
                if fits and (self._said_kind_taken(prefix, fld) or elsewhere):
                    break  # ("create machine A, then delete machine mch_B": B alone)
                pointed = self._pronoun() or self._pointed_at(prefix)
                if fits and (fld.required or fld.location == "path" or pointed):
                    self.put(fld, ref, counts=False)
                    if fld.location == "path":
                        self.out.path_referenced += 1
                    else:
                        self.out.referenced += 1
                    break

    def _said_kind_taken(self, prefix: str, fld: Field) -> bool:
        """A second path id of one kind (/machines/{machine_id}/scopes/{other_machine_id})
        when the part names an id of that kind, taken by the first, and no word points back
        ("it", "the new"): no place for the earlier step's id; the part acts on the one it
        names ("create machine A, then delete machine mch_B")."""
        if fld.location != "path" or self._pronoun():
            return False
        said = [i for i in self.slots.ids if i.startswith(f"{prefix}_")]
        taken = {str(v) for v in self.out.values.values()}
        return bool(said) and all(i in taken for i in said)

    def _points_elsewhere(self, prefix: str, fld: Field) -> bool:
        """ "invite a@x.io to org_A, and remove user_B from that organization": the part
        points back at a thing of another kind (the organization, not the invitation just
        made), so the thing just made is not what the call acts on (its last path id).
        A parent's id still takes it ("... then mark that domain's ownership verified")."""
        acted_on = [f.name for f in fields_of(self.endpoint) if f.location == "path"][-1:]
        if [fld.name] != acted_on:
            return False
        kinds = set(lexicon.ID_KINDS.get(prefix, ()))
        every_kind = {noun for nouns in lexicon.ID_KINDS.values() for noun in nouns}
        pointed = self._pointed_nouns()
        return bool(pointed & every_kind) and not pointed & kinds

    def _names_made(self) -> None:
        """A path's {template_name} takes the name an earlier step gave the template it
        made ("create jwt template convex, then mint a token from it")."""
        made = {
            kind.removeprefix(NAME_MADE): name
            for kind, name in self.request.references.items()
            if kind.startswith(NAME_MADE)
        }
        for fld in self.open_fields("path"):
            subject = fld.name.removesuffix("_name")
            if subject == fld.name:
                continue
            name = next((n for kind, n in made.items() if kind.endswith(subject)), None)
            if name is not None:
                self.put(fld, name)

    def _its_own_id(self, prefix: str, fld: Field) -> bool:
        """/sign_ups/{id}: a path's bare `id` takes an id of the kind its collection names
        (sua_ names a sign_up), as `{id}` right after `sign_ups` says."""
        if fld.name != "id" or fld.location != "path" or prefix not in lexicon.ID_KINDS:
            return False
        segments = self.endpoint.path.split("/")
        at = segments.index("{id}") if "{id}" in segments else 0
        collection = segments[at - 1] if at > 0 else ""
        return any(collection.startswith(kind) for kind in lexicon.ID_KINDS[prefix])

    def _creates(self, besides: list[str]) -> bool:
        """Is a verb said that makes a new thing ("create a role set ...")? Not the words of
        the field's own name ("role set"), nor "add", said as often of what exists ("add
        the roles to the role set with key x")."""
        return creating_word(self.request.text, [*besides, "add"])

    def _pointed_nouns(self) -> set[str]:
        """The nouns the part points back with ("that organization", "this org")."""
        return {m.group("noun") for m in pattern("pointed-noun").finditer(self.request.text)}

    def _pointed_at(self, prefix: str) -> bool:
        """ "..., and also list the enterprise connections of that org": the part points
        back at a thing of this kind, so an optional filter takes the earlier step's id."""
        kinds = set(lexicon.ID_KINDS.get(prefix, ()))
        pointed = self._pointed_nouns()
        return bool(pointed & kinds)

    def _pronoun(self) -> bool:
        return bool(
            _search(r"\b(it|its|them|they|their|him|his|her|that one|the new)\b", self.request.text)
        )

    def _idempotency_key(self) -> None:
        """A required idempotency key nobody gave: derived from the request and the day, so
        sending the same request twice that day is applied once (what the key is for)."""
        fld = next((f for f in self.open_fields() if f.name == "idempotency_key"), None)
        if fld is None or not fld.required:
            return
        seed = f"{self.request.raw.strip().lower()}|{self.request.now.date().isoformat()}"
        self.put(fld, "ca-" + hashlib.sha256(seed.encode()).hexdigest()[:20], counts=False)

    def _fallback_ids(self) -> None:
        """Follow-ups: a required id the text leaves out, taken from the last turns."""
        if not FOLLOW_UP.search(self.request.text):
            return  # without "too", "again", "that one"... earlier ids are not meant
        for fld in self.open_fields():
            if not (fld.required or fld.location == "path"):
                continue
            found = next((i for i in self.request.fallback_ids if _id_fits(i, fld)), None)
            if found:
                self.put(fld, found, counts=False)
                self.out.path_referenced += fld.location == "path"

    def _lookup(self) -> None:
        """A missing user id with an email at hand: look the user up by email first."""
        if _CREATES_USER.search(self.request.order_text):
            return  # "create a user x@y.io with ...": the email is the new user's
        self._org_lookup()
        wants_user = [f for f in self.out.missing if f.name == "user_id"]
        self.emails_left = [e for e in self.emails_left if not self._new_value(e)]
        # a phone number no field took names its owner just as an email does
        phones = [p for p in self.slots.phones if p not in self.out.values.values()]
        keys = self.emails_left or phones
        labelled = self._labelled_identifier() if wants_user and not keys else None
        if labelled:  # "the user with username jpark": looked up by that filter
            self.out.lookup_by, self.out.needs_lookup = labelled
        elif wants_user and keys:
            self.out.needs_lookup = keys[0]
        elif keys and not self.slots.ids_with_prefix("user") and self._takes_user():
            # "which orgs does dana@x.io belong to": the email names a user to filter by
            self.out.needs_lookup = keys[0]
        elif not keys and not self.slots.ids_with_prefix("user") and self._takes_user():
            # "the active sessions of username jpark": so does a username no field takes
            labelled = self._labelled_identifier()
            if labelled and labelled[0] not in {f.name for f in fields_of(self.endpoint)}:
                self.out.lookup_by, self.out.needs_lookup = labelled

    def _labelled_identifier(self) -> tuple[str, str] | None:
        """'username jpark_dev', 'external id cust-9': a user filter's name, then its value."""
        for name in _USER_IDENTIFIERS:
            value = labelled_value(name, self.request.raw)
            if value and _is_value(value):
                return name, value
        # ("usrname dkim": the label as corrected in the text)
        for text in (self.request.raw, self.request.text):
            plain = plain_labelled_value("username", text)
            if plain and _is_value(plain) and plain.lower() not in lexicon.NOT_PLAIN_VALUES:
                return "username", plain
        return None

    def _org_lookup(self) -> None:
        """'the org named "Acme"' with no org_ id: look the organization up by its name."""
        wants_org = any(f.name == "organization_id" for f in self.out.missing)
        if self.out.lookup_org_by == "slug":
            return
        # (only "named X"/"called X": a quoted term alone is what to search for)
        if wants_org and self.slots.name and not self.slots.ids_with_prefix("org"):
            self.out.lookup_org = self.slots.name

    def _new_value(self, email: str) -> bool:
        """'change the support email to help@x.io', 'she changed her email to b@x.io': the
        email is what to set, not whom."""
        raw = self.request.raw
        return bool(
            _search(rf"\bto\s+{re.escape(email)}", raw, re.IGNORECASE)
            and pattern("sets-a-value").search(raw)
        )

    def _takes_user(self) -> bool:
        return any(f.name == "user_id" for f in self.open_fields())

    # ------------------------------------------------------------------ text values

    def _emails_and_phones(self) -> None:
        for fld in self.open_fields():
            if fld.location == "path" or fld.type == "boolean":
                continue
            emails, phones = (
                self._writable(fld, self.emails_left),
                self._writable(fld, self.slots.phones),
            )
            if emails and _names_an_email(fld) and self.mentioned(*fld.words):
                self.put(fld, emails[0])  # "support email ... help@x.io"
                self.emails_left.remove(emails[0])
                continue
            if fld.name in _EMAIL_FIELDS and emails:
                many = fld.is_array or self._bulk_body()
                self.put(fld, list(emails) if many else emails[0])
                self.emails_left = [
                    e for e in self.emails_left if e not in (emails if many else emails[:1])
                ]
                continue
            if fld.name == "query" and emails and self._searches_by_email():
                self.put(fld, emails[0])  # "any invitations for x@y.io?": the search term
                self.emails_left.remove(emails[0])
                continue
            wildcard = _WILDCARD_EMAIL.search(self.request.raw)
            if fld.name in ("phone_number", "identifier") and phones:
                self.put(fld, phones[0])
            elif fld.name == "identifier" and wildcard:  # "*@tempmail.net": every address
                self.put(fld, wildcard.group(0))
            elif fld.name == "identifier" and self.slots.domains:  # block a whole domain
                self.put(fld, self.slots.domains[0])

    def _searches_by_email(self) -> bool:
        """A list read whose `query` the spec says matches emails, with no email filter."""
        names = {f.name for f in self.fields}
        query = next(f for f in self.fields if f.name == "query")
        said = "email" in query.description.lower()
        return self.endpoint.method == "GET" and said and not names & {*_EMAIL_FIELDS, "user_id"}

    def _writable(self, fld: Field, values: list[str]) -> list[str]:
        """'the old one was +1555...': a value said to be the old one is what a write
        replaces, never the new value it sends."""
        if self.endpoint.method == "GET" or fld.location != "body":
            return values
        return [v for v in values if not _said_as_old(v, self.request.raw)]

    def _secrets(self) -> None:
        """A pasted secret or token goes in the field named for one (POST /api_keys/verify)."""
        fld = next((f for f in self.open_fields() if f.name in vocab.SECRET_FIELDS), None)
        pasted = self.slots.secrets or self._token_shaped()
        if fld and pasted:
            self.put(fld, pasted[0])
            self.out.used += 2  # as specific as an id in the path (fit counts those 3x)
            if pasted[0] in self.ids_left:
                self.ids_left.remove(pasted[0])

    def _token_shaped(self) -> list[str]:
        """'is this token still valid? oat_4c8e2b7a', 'refresh token rt_9b1e': an id-shaped
        value that no other field of the call takes is the token itself. (A field its own id
        took already takes no other: "app oa_x: oat_y" leaves oat_y for the token.)"""
        return [
            i
            for i in self.ids_left
            if not any(_id_fits(i, f) for f in self.open_fields()) and not _names_a_party(i)
        ]

    def _bulk_body(self) -> bool:
        """A JSON-array body (POST /invitations/bulk): one item per email."""
        return self.endpoint.body is not None and self.endpoint.body.is_array

    def _urls(self) -> None:
        urls = self.slots.urls
        if not urls:
            return
        fields = [
            f for f in self.open_fields() if _search(r"url|uri", f.name) and f.location != "path"
        ]
        near = self._words_beside(urls[0])  # "metadata URL is https://..." names its field
        fields.sort(key=lambda f: (-_name_said(f, near), "redirect" not in f.name, f.name != "url"))
        if fields:
            fld = fields[0]
            self.put(fld, list(urls) if fld.is_array else urls[0])

    def _names(self) -> None:
        taken: set[str] = set()
        # The best-named field first ('whose email contains' -> email_address_query), then
        # the closest: a 'password "x"' is the password, not password_digest too.
        said = self.request.tokens
        called = bool(self.slots.name)  # "a role set called 'X'": X is the name, first
        best_first = sorted(
            self.open_fields(),
            key=lambda f: (
                not (called and f.name == "name"),
                -len(set(f.words) & said),
                len(f.words),
            ),
        )
        for fld in best_first:
            if fld.is_array and fld.name in _LABELLED_FILTERS and fld.location == "query":
                self._labelled_filter(fld)  # "whose external ID is cus_Nf83": the filter
                continue
            if fld.type != "string" and not (fld.is_array and fld.name == "domains"):
                continue
            value = self._local_part(fld) or self._name_value(fld)
            if value is None or str(value) in taken or not _fits_shape(fld, value):
                continue  # each stated value fills one field
            if fld.enum and str(value) not in fld.enum:
                continue  # 'email template to "Your code"': template_type is email or sms
            taken.add(str(value))
            self.put(fld, value)

    def _local_part(self, fld: Field) -> str | None:
        """'send it from hello@': a field whose description says it is an address's local
        part takes the part said before a bare '@' (from_email_name, when 'from' is said
        beside it; reply_to_email_name, when 'reply')."""
        if "local part" not in fld.description.lower():
            return None
        first = fld.name.split("_")[0]
        for match in _LOCAL_PART.finditer(self.request.raw):
            before = self.request.raw[: match.start()].lower().split()[-_BESIDE:]
            if any(w.startswith(first[:4]) for w in before):  # "from", "replies go to"
                return match.group(1)
        return None

    def _labelled_filter(self, fld: Field) -> None:
        """A list filter named with its value: 'external ID is cus_Nf83k', 'username jdoe_1'.
        An id-shaped value whose prefix Clerk does not use is another system's."""
        value = labelled_value(fld.name, self.request.raw)
        if value is None:
            return
        if CLERK_ID.fullmatch(value) and lexicon.id_kind(value.split("_")[0]) in lexicon.ID_KINDS:
            return  # a real Clerk id is not an external id
        self.put(fld, [value])
        if value in self.ids_left:
            self.ids_left.remove(value)

    def _name_value(self, fld: Field) -> Any:
        slots = self.slots
        path = {f.name for f in self.fields if f.location == "path"}
        in_path = {v for k, v in self.out.values.items() if k in path}
        quoted = [q for q in slots.quoted if q not in in_path]
        if fld.name == "first_name" and slots.person:
            return slots.person[0]
        if fld.name == "last_name" and slots.person:
            return slots.person[1]
        if fld.name == "name":
            if "domain" in self.endpoint.path and slots.domains:
                return slots.domains[0]
            raw = self.request.raw
            renamed = (
                _RENAMED_TO_QUOTE.search(raw)
                or _RENAMED_BARE.search(raw)
                or _search(rf"\b(?:renam|rebrand)\w*\b.*?\bto\s+({_VALUE})", raw, re.I)
            )
            if renamed:
                return _unwrapped(renamed.group(1))
            named = self._without_other_fields(fld, slots.name)
            return named or (quoted[0] if quoted else None) or self._set_to(fld)
        slug = _SLUG.search(self.request.raw) if "slug" in fld.name.split("_") else None
        if slug:
            return slug.group(1)
        if fld.name == "domains" and slots.domains:
            return list(slots.domains)
        if fld.name.endswith("query") and self.endpoint.method == "GET":
            return self._search_value(fld)
        if fld.name == "template_name" and (quoted or slots.name):
            return quoted[0] if quoted else slots.name
        if fld.location == "path" and fld.name.endswith("_name"):
            return self._named_before(fld)
        return (
            self._the_one_code(fld)  # ("... that code is valid": no value after "is")
            or self._labelled_quote(fld)
            or self._labelled_text(fld)
            or self._set_to(fld)
            or self._quoted_path_value(fld)
            or self._the_one_quote(fld)
        )

    def _the_one_code(self, fld: Field) -> str | None:
        """'read out 482913 from their authenticator. Check whether that code is valid': a
        required `code` takes the one code-shaped token of the text (6-8 digits, or an
        8-letter backup code with digits in it), never a phone number, id or date."""
        if fld.name != "code" or not fld.required:
            return None
        codes = set(_CODE.findall(self.request.raw))
        return codes.pop() if len(codes) == 1 else None

    def _without_other_fields(self, fld: Field, name: str | None) -> str | None:
        """'named Zapier Bridge redirect uri https://...', 'called Halcyon Robotics slug
        halcyon-robotics': an unquoted name ends before a lower-case word that names another
        field of the call, whose value follows it."""
        if not name or re.search(rf"[\"']{re.escape(name)}[\"']", self.request.raw):
            return name  # a quoted name is whole, whatever its words
        others = {w for f in self.fields if f is not fld for w in f.words}
        words = name.split()
        for at, word in enumerate(words[1:], start=1):
            if word.islower() and set(lexicon.tokens(word)) & others:
                return " ".join(words[:at])
        return name

    def _the_one_quote(self, fld: Field) -> str | None:
        """'is 'Harbor!Lights42' the correct password?': a required field whose name is said
        takes the one quoted value the text has."""
        if not fld.required or fld.location != "body" or len(self.slots.quoted) != 1:
            return None
        return self.slots.quoted[0] if self.mentioned(*fld.words) else None

    def _quoted_path_value(self, fld: Field) -> str | None:
        """'revert the "welcome" email template': the one quoted name fills the path's one
        free-text parameter (an id, an enum or a second quote would make it a guess)."""
        free = [
            f
            for f in self.fields
            if f.location == "path" and f.type == "string" and not f.enum and not _takes_id(f)
        ]
        if fld not in free or len(free) != 1 or len(self.slots.quoted) != 1:
            return None
        value = self.slots.quoted[0].strip()
        return value if re.fullmatch(r"[\w.-]+", value) else None

    def _named_before(self, fld: Field) -> str | None:
        """'the hasura JWT template' -> template_name=hasura: the word before the noun."""
        noun = fld.name.removesuffix("_name")
        found = _search(rf"\b([\w-]+)\s+(?:jwt\s+)?{noun}s?\b", self.request.raw, re.I)
        if found is None:
            return None
        word = found.group(1)
        generic = lexicon.STOPWORDS | {"jwt", "new", "this", "that", "which", "custom"}
        generic |= {"no", "without", "default"}  # "No template": none is named
        return None if word.lower() in generic or CLERK_ID.fullmatch(word) else word

    def _set_to(self, fld: Field) -> str | None:
        """'change the first name ... to Robert', or for a required field 'password hunter2'."""
        if fld.location == "path" or fld.name == "query" or _choices(fld):
            return None
        # the name as said or as written: "external id" or "external_id"
        phrase = r"[\s_]".join(re.escape(w) for w in fld.name.split("_"))
        if _search(rf"\bskip\s+(?:the\s+)?{phrase}\s+requirement\b", self.request.text):
            return None  # "no password needed": the rules said it is left out, never "needed"
        raw = self.request.raw
        for alias, name in lexicon.FIELD_ALIASES:  # "surname is now X" names last_name
            raw = re.sub(alias, name, raw, flags=re.IGNORECASE)
        return (
            self._said_as_new(fld, phrase, raw)
            or self._given_as(fld, raw)
            or self._after_colon(fld, raw)
            or _shaped_after(phrase, raw)
            or self._name_by_its_word(fld, raw)
        )

    def _name_by_its_word(self, fld: Field, raw: str) -> str | None:
        """'first Mikaela last Torres': a *_name field said by the word that tells it from
        the other names, right before a capitalised name."""
        words = fld.name.split("_")
        if len(words) != 2 or words[1] != "name" or fld.location != "body":
            return None
        found = _search(rf"\b{words[0]}\s+({_PROPER})(?=[,.;:!?]?(?:\s|$))", raw, re.I)
        return found.group(1) if found else None

    def _said_as_new(self, fld: Field, phrase: str, raw: str) -> str | None:
        """'X to v', 'X is now v', 'X should be v', 'with X v', and for a required field
        'X v'; 'Typo in the surname for user_x. It should be Okonkwo' (the next sentence)."""
        patterns = [
            # ("the subject ... to: You've been invited to Lumenfield": all of the line after)
            rf"\b{phrase}\b[^.;,\n]*?\bto:[ \t]+([^\n\"“]*[^\s.\"“])[ \t.]*(?:\n|$)",
            rf"\b{phrase}\b[^.;,]*?\b(?:to|=|is(?:\s+now)?|{_BECOMES})\s+(?:be\s+)?({_VALUE})",
            rf"\b(?:with|and)\s+(?:an?\s+|the\s+)?{phrase}\s+({_VALUE})",
            rf"\b{phrase}\b[^;]*?[.!,]\s+(?:it|that)\s+(?:should\s+be|must\s+be|is)\s+({_VALUE})",
        ]
        if fld.required:
            patterns.insert(2, rf"\b{phrase}\s*[:=]?\s+({_VALUE})")
        if _is_secret(fld):  # ("check whether Tr0ub4dor&3 is the right password")
            patterns.append(rf"(?<!\S)(\S+)\s+is\s+(?:the|their|his|her)\s+(?:\w+\s+)?{phrase}\b")
        for shape in patterns:
            found = _search(shape, raw, re.IGNORECASE)
            value = _unwrapped(found.group(1)) if found else ""
            if value.lower() in lexicon.JUDGED_VALUES:
                continue  # ("the surname is written wrong, it must be X": X is the value)
            if found and _is_secret(fld) and found.group(1)[:1] not in "\"'":
                value = _whole_token(raw, found.start(1))  # "Tr4il-Mix-2026!" keeps its "!"
            if _is_value(value) or (value and self._foreign_id(value)):
                return value
        return None

    def _given_as(self, fld: Field, raw: str) -> str | None:
        """'use ticket-4471 as the idempotency key', 'store CUST-00417 as the external id'."""
        given = labelled_value(fld.name, raw, before_only=True)
        if given and (_is_value(given) or self._foreign_id(given)) and self._writable(fld, [given]):
            return given
        return None

    def _after_colon(self, fld: Field, raw: str) -> str | None:
        """'Reason: service decommissioned.': the last word of the name, a colon, the rest
        (never a value said to be the old one: "her previous number: +44...")."""
        last = fld.name.split("_")[-1]
        if len(last) < 4 or fld.type != "string" or last in ("name", "type", "mode"):
            return None
        labelled = _search(rf"\b{last}\s*:\s*([^.;\n\"]+[^.;\n\"\s])", raw, re.I)
        value = labelled.group(1) if labelled else ""
        if value and _is_value(value.split()[0]) and self._writable(fld, [value]):
            return value
        return None

    def _foreign_id(self, value: str) -> bool:
        """'cus_Q8x21Lm' is shaped like an id but Clerk has no such kind: another system's
        id, a value to store; it is used here, so it costs nothing as an unused id."""
        if (
            not CLERK_ID.fullmatch(value)
            or lexicon.id_kind(value.split("_")[0]) in lexicon.ID_KINDS
        ):
            return False
        if value in self.ids_left:
            self.ids_left.remove(value)
        return True

    def _search_value(self, fld: Field) -> str | None:
        """'whose email contains acme' -> email_address_query; a quoted term -> query."""
        domain = self._domain_searched(fld)
        if domain:  # 'containing "@globex.com"': the quoted term as written
            quoted = [q for q in self.slots.quoted if domain in q]
            return quoted[0] if quoted else domain
        found = _search(
            # ("the matching Clerk user": an adjective after a determiner searches nothing)
            rf"\b(?!(?:looks?|seems?|sounds?|feels?|would|should|could|the|a|an|any|our|their|its)\b)(\w+)\s+"
            rf"(?:contains?|containing|matching|matches|like|includes?)\s+({_VALUE})",
            self.request.raw,
            re.IGNORECASE,
        )
        within = _search(
            r"\b(?:with|having|has|have)\s+(\"[^\"]+\"|'[^']+'|\S+)\s+(?:somewhere\s+|anywhere\s+)?"
            r"in\s+(?:the|their|its)\s+(\w+)",
            self.request.raw,
            re.IGNORECASE,
        )
        if within and not found:  # "with acme in the name": the term, then what holds it
            value = within.group(1).strip("\"'")
            subject = lexicon.canonical(within.group(2))
            return value if fld.name == "query" or subject in fld.words else None
        if found:
            value = found.group(2).strip("\"'.,;?")
            subject = lexicon.canonical(found.group(1))
            if fld.name == "query" or subject in fld.words:
                return value
            return None
        if fld.name in ("query", "name_query"):
            quoted = self.slots.quoted
            return quoted[0] if quoted else self.slots.name
        return None

    def _domain_searched(self, fld: Field) -> str | None:
        """'emails at acme.io' -> email_address_query=acme.io: a domain said of the field's noun
        ('an @initech.com email' keeps its @, as written)."""
        noun = [w for w in fld.words if w != "query"]
        found = _AT_DOMAIN.search(self.request.raw)
        if not found or not noun or noun[0] not in self.request.tokens:
            return None
        written = found.group(0).strip()
        return written if written.startswith("@") else found.group(1)

    def _labelled_text(self, fld: Field) -> str | None:
        """'reason leaked in github repo' -> revocation_reason: unquoted words after the last
        word of a free-text field's name, to the end of the clause."""
        if fld.location == "path" or fld.enum or not fld.words:
            return None
        for match in _FREE_TEXT.finditer(self.request.raw):
            if lexicon.canonical(match.group("label")) == fld.words[-1]:
                return match.group("value")
        return None

    def _labelled_quote(self, fld: Field) -> str | None:
        """'reason "leaked"' -> revocation_reason: a quote right after a word of the name.
        (Never an id in the path: 'permission "Export reports"' names a new permission.)
        Each word is tried once from its start (`\b`, possessive `++`): tried at every
        position inside a long pasted token, a pattern rescanned the token (quadratic)."""
        names = set(fld.words) - {"id"}
        if fld.location == "path" and _takes_id(fld):
            if "key" not in fld.words or self._creates(besides=fld.words):
                return None  # ('create a role set with key "x"': the new one's key)
            names = {"key"}  # ('the role set with key "default"': only a key names one)
        # ("our external id "legacy-5"": the name's last word "id" said too)
        labelled = r"\b(\w++)(?:\s+id)?[\s:=]+[\"'“]([^\"'”]+)[\"'”]"
        for match in re.finditer(labelled, self.request.raw):
            if match.group(1) == fld.name:
                return match.group(2)  # (a developer types the field's own name: first_name)
            if lexicon.canonical(match.group(1)) in names and not self._other_fields_word(
                fld, self.request.raw[: match.start()]
            ):
                return match.group(2)
        # 'put "May 3 goodwill" as the note': the quote, then the name it is given as
        # ("Use 'customer churned' as the revocation reason": single quotes too)
        after = rf"{_QUOTE}\s+(?:as|for|in)\s+(?:the\s+|its\s+|their\s+)?(?:\w+\s+)??(\w+)"
        for match in re.finditer(after, self.request.raw, re.IGNORECASE):
            if lexicon.canonical(match.group(3)) in names:
                return match.group(1) or match.group(2)
        # 'record the reason as "exposed in CI logs"': the name, "as", then the quote
        # ('as reason write "leaked"': a verb of writing between them)
        # ('reason you can write: "rotated"': who writes it and a colon between them too)
        writes = rf"(?:you\s+(?:can\s+|may\s+|could\s+|should\s+)?)?(?:{_LABEL_VERBS})\s*:?"
        labelled_as = rf"\b(\w++)\s+(?:as|is|to|of|{writes})\s+{_QUOTE}"
        for match in re.finditer(labelled_as, self.request.raw, re.IGNORECASE):
            if lexicon.canonical(match.group(1)) in names and match.group(1).lower() != "name":
                return match.group(2) or match.group(3)
        # 'note it as "May 14 outage"': the name, a pronoun, then the quote
        labelled = r"\b(\w++)\s+(?:it|them|this|that)\s+(?:as|with|to)\s+[\"“]([^\"”]+)[\"”]"
        for match in re.finditer(labelled, self.request.raw, re.IGNORECASE):
            if lexicon.canonical(match.group(1)) in names:
                return match.group(2)
        return None

    def _other_fields_word(self, fld: Field, before: str) -> bool:
        """'first name "Ana", last name "Ruiz"': the word before "name" names another field
        (last_name), so that quote is not this field's."""
        said = re.search(r"(\w+)\s*$", before)
        if said is None:
            return False
        word = lexicon.canonical(said.group(1))
        others = {w for f in self.fields if f is not fld for w in f.words}
        return word in others - set(fld.words)

    def _slug_and_provider(self) -> None:
        for fld in self.open_fields("path"):
            if fld.name == "provider":
                provider = next(
                    (p for p in lexicon.OAUTH_PROVIDERS if _search(rf"\b{p}\b", self.request.text)),
                    None,
                )
                if provider:
                    self.put(fld, f"oauth_{provider}")
            elif "organization" in fld.name or "slug" in fld.name:
                slug = _SLUG.search(self.request.raw)
                value = slug.group(1) if slug else None
                if value is None and fld.name == "slug":
                    value = self._slug_before_noun()
                if value and "organization" in fld.name and not _takes_a_slug(fld):
                    # (only a read takes the slug in place of the id: GET by slug first)
                    self.out.lookup_org, self.out.lookup_org_by = value, "slug"
                elif value:
                    self.put(fld, value)

    def _slug_before_noun(self) -> str | None:
        """'the verification_code email template': a machine-style name (a_b, a-b) right
        before the path's noun, or one describing word ("email") before it; else right
        after the noun ('the email template magic_link')."""
        noun = next(s for s in self.endpoint.path.split("/") if s).rstrip("s")
        between = r"(?:[A-Za-z]+\s+)?"  # one describing word may stand between ("SMS")
        # (a machine-style name, a quoted one, or a one-word slug Clerk has: "invitation")
        one_word = "|".join(map(re.escape, lexicon.ONE_WORD_SLUGS))
        machine_name = rf"([a-z0-9]+(?:[_-][a-z0-9]+)+|(?<=['\"‘“])[a-z0-9]+(?=['\"’”])|{one_word})"
        raw = self.request.raw
        found = (
            _search(rf"\b{machine_name}['\"’”]?\s+{between}{noun}s?\b", raw)
            or _search(rf"\b{noun}s?\s+{machine_name}\b", raw)  # 'the template magic_link'
            or self._slug_before_kind(machine_name, raw)
        )
        return found.group(1) if found and not CLERK_ID.fullmatch(found.group(1)) else None

    def _slug_before_kind(self, machine_name: str, raw: str) -> re.Match[str] | None:
        """ "we handle the password_changed email ourselves. Turn off Clerk's delivery for
        that template": a machine-style name right before a kind the path takes (the
        template's type, "email" or "sms", as the request says it elsewhere)."""
        kinds = sorted({k for f in self.fields if f.location == "path" for k in f.enum})
        if not kinds:
            return None
        return _search(rf"\b{machine_name}\s+(?:{'|'.join(map(re.escape, kinds))})s?\b", raw)

    def _scopes(self) -> None:
        """'scopes reports:read and reports:write': colon-joined names for a scopes list."""
        fld = next((f for f in self.open_fields() if f.name == "scopes" and f.is_array), None)
        found = _SCOPE.findall(self.request.raw) if fld else []
        if fld and found:
            self.put(fld, list(dict.fromkeys(found)))

    def _keys_from_and_to(self) -> None:
        """ "swap org:viewer for org:member": a role key field and its `to_` twin
        (role_key, to_role_key) take the two role keys said, in the order said: the role
        left first, the one its members move to second."""
        said = list(dict.fromkeys(ROLE_KEY.findall(self.request.raw)))
        if len(said) != 2:
            return
        open_body = {f.name: f for f in self.open_fields("body")}
        for name, fld in open_body.items():
            twin = open_body.get(f"to_{name}")
            if twin is not None and name.endswith("role_key"):
                self.put(fld, said[0])
                self.put(twin, said[1])
                return

    def _namespaced_keys(self) -> None:
        """ "role set role_set:enterprise": a key whose namespace is a field's subject
        (role_set_key_or_id) is that field's value; and a list of role keys (role_keys)
        takes the org:... keys said."""
        for fld in self.open_fields():
            subject = re.sub(r"_(?:key_or_id|key|id)$", "", fld.name)
            if subject == fld.name or fld.is_array:
                continue
            found = re.search(rf"(?<![\w:]){re.escape(subject)}:[a-z0-9_]+\b", self.request.raw)
            # (a key given as the `key` of something being made is no reference to one)
            if found and labelled_value("key", self.request.raw) != found.group(0):
                self.put(fld, found.group(0))
            elif not found and fld.location == "path" and fld.name.endswith(("_key_or_id", "_key")):
                key = _key_after_name(subject, self.request.raw)  # "role set with key team"
                if key is not None:
                    self.put(fld, key)
        self._labelled_role_keys()
        keys = next(
            (f for f in self.open_fields() if f.name in ("role_keys", "roles") and f.is_array),
            None,
        )
        said = list(dict.fromkeys(ROLE_KEY.findall(self.request.raw)))
        if keys is not None and said:
            self.put(keys, said)

    def _labelled_role_keys(self) -> None:
        """ "default role org:member, creator role org:admin": a role key said after the
        words of a field's name (default_role_key) is that field's value."""
        for fld in self.open_fields():
            if not fld.name.endswith("_role_key") or fld.name.startswith("to_"):
                continue
            label = r"\s+".join(fld.name.removesuffix("_key").split("_"))
            found = re.search(
                rf"\b{label}\s*(?:key\s*)?[:=]?\s*{ROLE_KEY.pattern}", self.request.raw
            )
            if found:
                self.put(fld, found.group(1))

    def _roles(self) -> None:
        fld = next((f for f in self.open_fields() if f.name == "role"), None)
        if fld is None:
            return
        roles = self._roles_kept() or self.slots.roles
        if roles:
            self.put(fld, roles if fld.is_array else roles[0])

    def _roles_kept(self) -> list[str]:
        """'must not appear as admin anymore, just as a normal member': a role said under
        a negation or after 'instead of' is the one being left, not the one to set."""
        raw = self.request.raw
        aside = [m.span() for m in _SET_ASIDE.finditer(raw)]
        said = [(m.start(), m.group(0)) for m in ROLE_KEY.finditer(raw)]
        if not said:
            said = [
                (m.start(), lexicon.ROLE_WORDS[next(g for g in m.groups() if g).lower()])
                for m in ROLE_PHRASE.finditer(raw)
            ]
        kept = [role for at, role in said if not any(a <= at < b for a, b in aside)]
        return kept if len(kept) < len(said) else []

    # ------------------------------------------------------------------ objects

    def _metadata_and_objects(self) -> None:
        metadata = [f for f in self.open_fields() if f.name in _METADATA]
        data = self._metadata_values()
        if metadata and data:
            wanted = next((f for f in metadata if f.name.split("_")[0] in self.request.text), None)
            if wanted is None and _BACKEND_ONLY.search(self.request.raw):  # "backend-only note"
                wanted = next((f for f in metadata if f.name == "private_metadata"), None)
            target = wanted or next(
                (f for f in metadata if f.name == "public_metadata"), metadata[0]
            )
            self.put(target, data)
            return
        objects = [f for f in self.open_fields() if f.type == "object" and f.name not in _METADATA]
        if objects and self.slots.objects:
            named = [f for f in objects if self.mentioned(*f.words)]
            self.put((named or objects)[0], self.slots.objects[0])
        elif objects:
            self._id_object(objects)

    def _id_object(self, objects: list[Field]) -> None:
        """An object whose description says which property holds an id ('a sub property
        which should contain the ID of the actor') takes the one id no other field took."""
        # (an id of a kind the call takes elsewhere: the actor is a user like user_id)
        others = [
            i
            for i in self.ids_left
            if i != self.slots.self_id and any(_id_fits(i, f) for f in self.fields)
        ]
        for fld in objects:
            key = _ID_PROPERTY.search(fld.description) if fld.required else None
            if key and len(others) == 1:
                self.put(fld, {key.group(1): others[0]})
                self.ids_left.remove(others[0])
                return
            named = _NAMED_ID_PROPERTY.search(fld.description)
            if named is None or not fld.required:
                continue
            # ("Exactly one of user_id or identifier must be provided": the one user said)
            fitting = [i for i in self.ids_left if self._fits_property(i, named[1])]
            if len(fitting) == 1:
                self.put(fld, {named[1]: fitting[0]})
                self.ids_left.remove(fitting[0])
                return

    def _fits_property(self, value: str, name: str) -> bool:
        """Does the id fit an object's property of that name (and no field of the call)?"""
        if value == self.slots.self_id or any(_id_fits(value, f) for f in self.fields):
            return False
        return _id_fits(value, Field(name, "body", "string", False, (), True, ""))

    def _metadata_values(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if "metadata" in self.request.text or not self._object_fields_besides_metadata():
            for obj in self.slots.objects:
                data.update(obj)
        if not data:  # a JSON object given is the metadata; 'flag: merge {...}' adds no pair
            data.update({k: v for k, v in self.slots.pairs.items() if not CLERK_ID.fullmatch(k)})
        if "metadata" in self.request.text:
            said = self._said_metadata() if not data else {}
            said |= _phrased_metadata(self.request.raw, self._field_names())
            data.update({k: v for k, v in said.items() if k not in data})
        plan = _search(r"\bon the (\w+) plan\b|\bplan (?:to |= )?[\"'“]?(\w+)\b", self.request.text)
        if plan and "plan" not in data and data is not None and self._mentions_metadata():
            data["plan"] = plan.group(1) or plan.group(2)
        return data

    def _said_metadata(self) -> dict[str, Any]:
        """Metadata said in words: 'department "finance"' is a key and its value; 'drop the
        beta key' merges null, which is how a merge removes a key."""
        raw = self.request.raw
        data: dict[str, Any] = {}
        for key, value in _LABEL_QUOTE.findall(raw):
            if _is_value(key) and key.lower() not in _NOT_METADATA_KEYS:
                data[key] = value
        for key in _DROPPED_KEY.findall(raw):
            data[key] = None
        for key, *values in _KEY_WITH_VALUE.findall(raw):  # "the key tier with value "gold""
            data = {k: v for k, v in data.items() if k.lower() != "value"}
            data[key] = next(v for v in values if v)
        return data

    def _field_names(self) -> set[str]:
        return {f.name for f in self.fields}

    def _mentions_metadata(self) -> bool:
        return "metadata" in self.request.text or bool(self.slots.pairs)

    def _object_fields_besides_metadata(self) -> bool:
        return any(f.type == "object" and f.name not in _METADATA for f in self.fields)

    # ------------------------------------------------------------------ numbers

    def _numbers(self) -> None:
        self._page()
        quantities = [q for q in self.slots.quantities if not self._said_only_as_context(q.raw)]
        # ("spun up ~200 junk orgs. stop them": a count of what happened is no value)
        unnamed = [q for q in quantities if not self._number_by_name(q)]
        for quantity in unnamed:
            fld = self._number_field(quantity.unit, quantity.raw.lower())
            if fld is None:
                continue
            value = _convert(quantity.value, quantity.unit, fld.name)
            self.put(fld, int(value) if float(value).is_integer() else value)

    def _number_by_name(self, quantity: Quantity) -> bool:
        """'raise the lifetime to 3600 and allow 10 seconds of clock skew': a number goes to
        the numeric field whose name is said right beside it, whatever its unit says."""
        if quantity.unit == "cents":
            return False
        near = self._words_beside(quantity.raw)
        numeric = [f for f in self.open_fields() if f.type in ("integer", "number")]
        named = [(_name_said(f, near), f) for f in numeric]
        best = max(named, key=lambda pair: pair[0], default=(0, None))
        if not best[0] or best[1] is None or [n for n, _ in named].count(best[0]) > 1:
            return False
        value = _convert(quantity.value, quantity.unit, best[1].name)
        self.put(best[1], int(value) if float(value).is_integer() else value)
        return True

    def _words_beside(self, said: str) -> set[str]:
        """The words within a few of a value said in the text (its own clause only)."""
        raw = self.request.raw
        at = raw.lower().find(said.lower())
        if at < 0:
            return set()
        before = re.split(r"[,;:.!?()]\s", raw[:at])[-1].split()[-_BESIDE:]
        after = re.split(r"[,;:.!?()]\s|\s(?:and|but|then)\s", raw[at + len(said) :])[0]
        text = " ".join(before + after.split()[:_BESIDE])
        return set(lexicon.tokens(text)) | set(lexicon.tokens(lexicon.rewrite(text.lower())))

    def _page(self) -> None:
        """'25 per page, page 3', 'the second page' of 50: the offset of that page."""
        names = {f.name for f in self.open_fields()}
        if not {"offset", "limit"} <= names:
            return
        page = _PAGE.search(self.request.raw)
        size = _PAGE_SIZE.search(self.request.raw)
        if page is None or size is None:
            return
        number = page.group(1) or page.group(2)
        nth = int(number) if number.isdigit() else _ORDINAL_PAGES.get(number.lower(), 0)
        per = int(size.group(1) or size.group(2))
        if nth >= 2:
            self.put(next(f for f in self.fields if f.name == "offset"), (nth - 1) * per)
            self.put(next(f for f in self.fields if f.name == "limit"), per)

    def _said_only_as_context(self, raw: str) -> bool:
        """A number in a story told before the order never becomes a value a write sends."""
        if not self.request.focus or self.endpoint.method == "GET":
            return False
        text = self.request.raw
        orders = [s for s in sentences(text) if is_order(s)]
        said = " ".join(orders)
        if not orders or raw in said or _search(r"\b(?:it|that|this|those)\b", said, re.I):
            return False  # said in the order, or the order points back at it ("take that back")
        return 0 <= text.find(raw) < text.find(orders[0])

    def _number_field(self, unit: str, raw: str) -> Field | None:
        numeric = [
            f
            for f in self.open_fields()
            if f.type in ("integer", "number")
            and f.name not in ("offset",)
            and not _DATE_FIELD.match(f.name)
        ]
        if unit == "seconds":
            return next((f for f in numeric if _DURATION_FIELD.search(f.name)), None)
        if unit == "cents":
            return next((f for f in numeric if "amount" in f.name), None)
        plain = [f for f in numeric if not _DURATION_FIELD.search(f.name)]
        if _search(r"seat|member|people|user", raw):
            found = next((f for f in plain if "membership" in f.name), None)
            if found:
                return found
        if any(f.name == "limit" for f in plain) and self.endpoint.method == "GET":
            return next(f for f in plain if f.name == "limit")
        return plain[0] if len(plain) == 1 else None

    def _dates(self) -> None:
        if not self.slots.dates:
            return
        fields = [f for f in self.open_fields() if _DATE_FIELD.match(f.name)]
        if fields:
            self._date_filter(fields)
            return
        string_dates = [
            f
            for f in self.open_fields()
            if f.type == "string" and _search(r"date|_to$|_at$", f.name)
        ]
        moments = [datetime.fromtimestamp(ms / 1000, timezone.utc) for _, ms in self.slots.dates]
        said = [m for m in moments if not self._said_as_today(m)]
        if string_dates and said:
            self.put(string_dates[0], said[0].isoformat().replace("+00:00", "Z"))

    def _said_as_today(self, moment: datetime) -> bool:
        """'today is 2026-06-03. extend the trial to 2026-07-15': today's date is context."""
        day = moment.strftime("%Y-%m-%d")
        return bool(_search(rf"\b(?:{_TODAY_MARKERS})\s+{day}\b", self.request.raw, re.I))

    def _took_a_date(self) -> bool:
        moments = {ms for _, ms in self.slots.dates}
        return any(
            (isinstance(v, int) and v in moments) or (isinstance(v, str) and ISO_DATE.match(v))
            for v in self.out.values.values()
        )

    def _date_filter(self, fields: list[Field]) -> None:
        """Each date said with its direction fills its filter: 'after X and before Y' is a range."""
        subject = "created_at"
        raw = self.request.raw.lower()
        if _search(r"\bactiv(?:e|ity)\b", raw):
            subject = "last_active_at"
        elif _search(r"\b(?:signed|logged|log|sign|login|logins)[- ]?ins?\b|\blog-?ins?\b", raw):
            subject = "last_sign_in_at"
        directed = [d for d in self.slots.dates if d[0] in _DATE_WORDS]
        if directed and directed[0][0] in ("between", "from"):  # "between X and Y", "from X to Y"
            ends = [
                ("before", ms)
                for word, ms in self.slots.dates
                if word in ("and", "to", "until", "before", "till")
            ]
            directed = [("after", directed[0][1]), *ends[:1]]
        for word, ms in directed or self.slots.dates[:1]:
            fld = self._date_field(fields, subject, word, raw)
            if fld and fld.name not in self.out.values:
                self.put(fld, ms)

    def _date_field(self, fields: list[Field], subject: str, word: str, raw: str) -> Field | None:
        before = word in ("before", "until", "prior")
        negated = _search(r"(n't|\bnot|\bnever|\bno)\b[^.?]*\b(activ|sign|log|creat)", raw)
        if negated and word not in ("before", "until", "prior"):
            before = not before  # "haven't been active since X" = last active before X
        direction = "before" if before else "after"
        names = [f"{subject}_{direction}"]
        if word == "since" and not before:
            names.insert(0, f"{subject}_since")  # the spec's own "since" filter, when it has one
        return next((f for n in names for f in fields if f.name == n), None)

    # ------------------------------------------------------------------ cues

    def _country_codes(self) -> None:
        fld = next((f for f in self.open_fields() if "country_code" in f.name and f.is_array), None)
        codes = _country_codes(self.request.raw) if fld else []
        if fld and codes:
            self.put(fld, codes)

    def _enums(self) -> None:
        chosen: list[tuple[Field, str]] = []
        kept = self._tokens_kept()
        for fld in self.open_fields():
            if fld.type not in ("string", "array"):
                continue
            every = tuple(dict.fromkeys(_choices(fld)))
            choices = tuple(c for c in every if not self._set_aside(c))
            matched = [c for c in choices if self._enum_matches(c, kept)]
            if not matched:  # ("provider saml_okta" when "Okta" is also in the quoted name)
                matched = self._written_as_is(list(choices))
            if not matched:  # "just get a suggestion to join": the one word only it has
                matched = [c for c in _by_own_words(every, kept) if c in choices]
            if not matched:  # "leave it unverified": said as "not verified"
                matched = [c for c in choices if self._said_negated(c)]
            if len(matched) > 1 and not fld.is_array:
                matched = self._written_as_is(matched) or matched
            if len(matched) == 1:
                chosen.append((fld, matched[0]))
            elif len(matched) > 1 and fld.is_array and fld.location == "body":
                self.put(fld, matched)  # "allow both automatic invitation and suggestion"
        for fld, choice in chosen:
            if self._owns_choice(fld, choice, chosen):
                self.put(fld, choice)
        for fld in self.open_fields("body"):
            if fld.required and len(fld.enum) == 1:  # ('Must be "*"': nothing to choose)
                only: Any = fld.enum[0]  # (the spec's enums are read as text: [true] is "True")
                if fld.type == "boolean":
                    only = only.lower() == "true"
                self.put(fld, only, counts=False)

    def _said_negated(self, choice: str) -> bool:
        base = lexicon.NEGATED_CHOICES.get(choice)
        return base is not None and lexicon.canonical(base) in self.request.negated

    def _written_as_is(self, matched: list[str]) -> list[str]:
        """'to manual_invitation, the auto invites r spamming': of the values the words
        say, the one written as the spec spells it is the one set."""
        written = [
            c for c in matched if "_" in c and _search(rf"\b{re.escape(c)}\b", self.request.raw)
        ]
        return written if len(written) == 1 else []

    def _tokens_kept(self) -> set[str]:
        """The request's words without those set aside: 'instead of an automatic
        invitation', 'from auto-invites to ...', 'not verified', 'doesn't want X anymore'."""
        raw = self.request.raw
        aside = " ".join(m.group(0) for m in _SET_ASIDE.finditer(raw))
        # (words the rewrite makes of a negation, "haven't responded" -> pending, stay)
        only_aside = set(lexicon.tokens(aside)) - set(lexicon.tokens(_SET_ASIDE.sub(" ", raw)))
        return self.request.tokens - only_aside

    def _set_aside(self, choice: str) -> bool:
        """'as reserved instead of verified': the choice said after 'instead of' is not it."""
        phrase = re.escape(choice.replace("_", " "))
        return bool(
            _search(rf"\b(?:instead of|rather than|not)\s+{phrase}", self.request.raw, re.I)
        )

    def _owns_choice(self, fld: Field, choice: str, chosen: list[tuple[Field, str]]) -> bool:
        """One value fitting two fields (email_/phone_..._status) goes to those whose own
        words the text says; if it says none of theirs, to all as before."""
        rivals = [f for f, c in chosen if c == choice]
        said = [f for f in rivals if self.mentioned(*_own_words(f, rivals))]
        return len(rivals) == 1 or not said or fld in said

    def _enum_matches(self, choice: str, said: set[str]) -> bool:
        cues = lexicon.ENUM_CUES.get(choice)
        if cues:
            return any(lexicon.canonical(c) in said for c in cues)
        words = lexicon.tokens(choice.replace("_", " "))
        if len(words) == 1:  # "activity" does not say "active"; "auto" says half a compound
            return words[0] in said
        return bool(words) and all(_word_said(w, said) for w in words)

    def _booleans(self) -> None:
        flags = [f for f in self.open_fields() if _is_flag(f) and f.name != "paginated"]
        found = [c for c in (self._flag_said(f, flags) for f in flags) if c is not None]
        for fld, hits, value, spread in found:
            if any(_loses_to(fld, hits, spread, other) for other in found):
                continue  # 'Block email subaddresses' names that flag, not `blocklist` too
            self.put(fld, value if fld.type == "boolean" else str(value).lower())
            self.out.used += len(hits) - 1  # a many-word name matched is strong evidence
        self._switched_state(flags)
        self._skipped(flags)

    def _flag_by_its_words(self) -> None:
        """An update of one small thing (an id's phone number, OAuth app) the text gave nothing
        to change, whose one flag it names in part: "the number must be used only for the
        second factor" (reserved_for_second_factor), "users should not see the screen
        anymore" (consent_screen_enabled). Said under a negation, it is turned off. (A last
        resort, kept from users and organizations, whose many flags share their words with
        the orders said of them: "make her admin" is no admin_delete_enabled.)"""
        body = [f for f in self.fields if f.location == "body"]
        flags = [f for f in body if f.type == "boolean"]
        if (
            self.endpoint.method != "PATCH"
            or not self.endpoint.path.endswith("}")
            or len(flags) > _FEW_FLAGS
            or self.open_fields("body") != body
        ):
            return
        named = set(lexicon.tokens(self.endpoint.path.replace("_", " ")))
        said = self.request.tokens - named - lexicon.GENERIC_VERBS - set(lexicon.ROLE_WORDS)
        scored = [(len(set(f.spoken_words) & said), f) for f in flags]
        best = max((n for n, _ in scored), default=0)
        chosen = [f for n, f in scored if n == best]
        if best and len(chosen) == 1:
            off = bool(self.request.negated) or self._switched_off()
            self.put(chosen[0], not off)
            return
        self._the_one_value_described(body, said)

    def _the_one_value_described(self, body: list[Field], said: set[str]) -> None:
        """ "new organizations should get role_set:x by default": the field with one value
        whose description says what that value does in the text's words ('Set to "initial"
        to make this the default role set for new organizations')."""
        scored = [
            (len(set(lexicon.tokens(f.description)) & said), f)
            for f in body
            if len(f.enum) == 1 and f.type == "string"
        ]
        best = max((n for n, _ in scored), default=0)
        chosen = [f for n, f in scored if n == best]
        if best >= _DESCRIBED_WORDS and len(chosen) == 1:
            self.put(chosen[0], chosen[0].enum[0])

    def _skipped(self, flags: list[Field]) -> None:
        """'no passwords', 'without a password': the spec's skip_<thing>_... flag is the one
        that says the thing is left out (the schema names it; the text only negates it)."""
        if self.endpoint.method != "POST":
            return
        skips = [
            f
            for f in flags
            if f.type == "boolean"
            and f.words[:1] == ["skip"]
            and len(f.words) >= 2
            and f.words[1] in self.request.negated
            and f.name not in self.out.values
        ]
        if len(skips) > 1:  # skip_password_checks or _requirement: the one whose description
            named = {f"`{f.name}`" for f in self.fields}  # says a field of the call is left out
            skips = [f for f in skips if any(n in f.description for n in named)]
        if len(skips) == 1:
            self.put(skips[0], True)

    def _flag_said(self, fld: Field, flags: list[Field]) -> _SaidFlag | None:
        """The flag, the words of its name said (and how tightly), and the value said."""
        said = self.request.tokens | set(self._sequence())
        negated = self.request.negated - said
        spellings = [
            [w for w in spelling if w not in ("enabl", "is", "allow")]
            # (spoken first: on a tie the name as requests say it wins, end_now as "now")
            for spelling in (fld.spoken_words, fld.words)
        ]
        words, hits = max(
            ((ws, [w for w in ws if w in said or w in negated]) for ws in spellings),
            key=lambda pair: len(pair[1]) - len(pair[0]),
        )
        includes = [f for f in flags if f.name.startswith("include_")]
        included = includes == [fld] and bool(
            _INCLUDING.search(f"{self.request.raw} {self.request.text}")
        )
        if included:
            hits = words  # "including revoked ones": the endpoint's one include_ flag
        if not words or len(hits) < len(words) - (1 if len(words) >= 4 else 0):
            return None
        spread = 0 if included else self._tightest(hits, negated, len(words))
        if spread > 2:
            return None  # words scattered over the request name no setting
        if self._creates_unasked():
            return None  # "lock the account that ..." is no new user created locked
        if (
            set(words) & lexicon.GENERIC_VERBS
            and not _BOOLEAN_CUE.search(f"{self.request.text} {self.request.raw.lower()}")
            and not _STOPPED_FROM.search(self.request.raw)
        ):
            return None  # "create an org" is not create_organization_enabled=true
        # ("disable org slugs": a flag named for the disabling, slug_disabled, is set by it)
        # ("disable org slugs and let org admins delete their orgs": the "disable" is the
        # slug flag's, never the other flag's)
        disable = lexicon.canonical("disable")
        disabling = disable in fld.words
        taken = any(
            f is not fld and disable in f.words and set(f.words) - {disable} <= said for f in flags
        )
        switched = self._switched_on() if disabling else self._switched_off() and not taken
        off = self._negated(fld) or set(hits) & negated or switched
        return fld, hits, not (off or self._forbidden(fld)), spread

    def _creates_unasked(self) -> bool:
        """A creation at a collection (POST /users) when the order is an action on something
        that exists ("lock the account that ..."), not a creation."""
        endpoint = self.endpoint
        collection = endpoint.method == "POST" and endpoint.path.count("/") == 1
        said = self.request.tokens
        acts = said & _ACTION_VERBS and lexicon.canonical("create") not in said
        return collection and bool(acts)

    def _tightest(self, hits: list[str], negated: set[str], wanted: int) -> int:
        """The spread of the flag's words, or of all but one of them when a long name may
        miss one ("notify the old primary address": 'email' said far away elsewhere)."""
        said = [w for w in hits if w not in negated]
        spread = self._spread(said)
        if wanted >= 4 and len(said) >= wanted - 1:
            spread = min([spread] + [self._spread([w for w in said if w != x]) for x in said])
        if wanted >= 3 and len(said) == wanted and self._said_first(said[0], said[1:]):
            spread = min(spread, self._spread(said[1:]))
        return spread

    def _said_first(self, verb: str, rest: list[str]) -> bool:
        """'Block disposable email domains and email subaddresses': a flag's first word
        (its verb) said once for a list of objects, before the rest of its name."""
        sequence = self._sequence()
        if verb not in sequence or not rest or rest[0] not in sequence:
            return False
        last_rest = len(sequence) - 1 - sequence[::-1].index(rest[0])
        return sequence.index(verb) < last_rest

    def _sequence(self) -> tuple[str, ...]:
        """The request's words in order, as flags are matched against them: role phrases
        kept ("the admins of org_x" names the admin_ of a flag) and quoted labels added
        ('Block email subaddresses' names a setting)."""
        words = self.slots.words_with_roles or self.slots.words
        return _said_in_order(words, tuple(self.slots.quoted))

    def _spread(self, hits: list[str]) -> int:
        """How many other words stand between a flag's words in the shortest stretch that
        says them all (0: side by side)."""
        if len(set(hits)) < 2:
            return 0
        sequence = self._sequence()
        places = [(i, w) for i, w in enumerate(sequence) if w in hits]
        wanted, best = set(hits), len(sequence)
        for n, (start, _) in enumerate(places):
            seen: set[str] = set()
            for i, w in places[n:]:
                seen.add(w)
                if seen == wanted:
                    best = min(best, i - start + 1 - len(wanted))
                    break
        return best

    def _forbidden(self, fld: Field) -> bool:
        """'don't let admins delete it', 'no longer allow ...': a permission switched off.
        'stop Clerk from delivering it': the flag whose name has the verb stopped is off."""
        stopped = {lexicon.canonical(m) for m in _STOPPED_FROM.findall(self.request.raw)}
        if stopped & set(fld.words):
            return True
        about_ability = set(fld.words) & ({"enabl", "allow"} | lexicon.GENERIC_VERBS)
        # (the rewritten text too: "shall not be able anymore to" reads as "forbid")
        said = (self.request.raw, self.request.text)
        return bool(about_ability) and any(_FORBIDS.search(text) for text in said)

    def _switched_state(self, flags: list[Field]) -> None:
        """'turn off entconn_x', 'enable the webhook': no flag was named, so the on/off order
        switches the resource's own `active`/`enabled` flag, when the update has one."""
        if self.endpoint.method not in ("PATCH", "PUT", "POST") or any(
            f.name in self.out.values for f in flags
        ):
            return
        state = [f for f in flags if f.name in ("active", "enabled") and f.location == "body"]
        said = self.request.tokens
        on, off = lexicon.canonical("enable") in said, lexicon.canonical("disable") in said
        if len(state) == 1 and on != off:
            self.put(state[0], on if state[0].type == "boolean" else str(on).lower())

    def _switched_off(self) -> bool:
        """ "... Turn that off.": the order switches off whatever flag the text describes."""
        said = self.request.tokens
        return lexicon.canonical("disable") in said and lexicon.canonical("enable") not in said

    def _switched_on(self) -> bool:
        said = self.request.tokens
        return lexicon.canonical("enable") in said and lexicon.canonical("disable") not in said

    def _negated(self, fld: Field) -> bool:
        first = fld.name.split("_")[0]
        index = self.request.text.find(first[:5])
        return index > 0 and bool(_NEGATION.search(self.request.text[:index]))

    def _order(self) -> None:
        fld = next((f for f in self.open_fields() if f.name == "order_by"), None)
        text = self.request.raw.lower()
        if fld is None or not _ORDER_CUE.search(text):
            return
        own = {f.name for f in self.fields}  # "starting_after" is a parameter, not a key
        keys = [k for k in sort_keys(fld.description) if k not in own]
        said = set(self.request.tokens)
        if _DIRECTION_FIRST.search(text):
            said.discard("first")  # "biggest first" says the direction, not first_name
        key = _sort_key(keys, said, bool(_TIME_CUE.search(text)))
        if key:
            self.put(fld, ("-" if _DESCENDING_CUE.search(text) else "+") + key)
            # a sort key named outright ("by member count") is as telling as a filter
            self.out.used += len(set(_field_words(key)) & said)
            self.out.sort_named = bool(set(_field_words(key)) & said)


# --------------------------------------------------------------------------- helpers


def _unwrapped(value: str) -> str:
    """'(key org:reports:export)', 'to crm-5512?': the value without the punctuation around
    it (a secret keeps its own: see _whole_token)."""
    quoted = re.fullmatch(r"([\"'])(.+)\1", value.strip())
    if quoted:  # ('Van Dijk B.V.': what the quotes hold, its own full stop too)
        return quoted.group(2)
    value = value.strip("\"'.,;?!")
    if value.endswith(")") and "(" not in value:
        value = value[:-1].rstrip("\"'.,;?!")
    return value


def _choices(fld: Field) -> tuple[str, ...]:
    """A field's enum, or the values its description lists in backticks or quotes
    (enrollment_mode). `-x` (exclude x) is a choice only when asked for by its sign."""
    if fld.enum:
        return tuple(v for v in fld.enum if not v.startswith("-"))
    if _search(r"(mode|type|status|strategy|kind)s?$", fld.name):
        listed = _BACKTICK.findall(fld.description) + _SINGLE_QUOTED.findall(fld.description)
        return tuple(v for v in dict.fromkeys(listed) if not v.startswith("-"))
    return ()


def _word_said(word: str, said: set[str]) -> bool:
    """'auto' says automatic, 'suggesting' says suggestion: one word begins the other."""
    if word in said:
        return True
    return any(
        min(len(word), len(w)) >= 4 and (word.startswith(w) or w.startswith(word)) for w in said
    )


# the parties a request acts for or on: their ids are never a token pasted ("add user_A to
# the new client org" verifies no client token), and a part of one named by its id (the
# pfp on user_x, the logo of org_x) is never the party itself (ranking)
PARTY_KINDS = frozenset({"user", "organization"})


def _names_a_party(value: str) -> bool:
    return bool(
        set(lexicon.ID_KINDS.get(lexicon.id_kind(value.split("_", 1)[0]), ())) & PARTY_KINDS
    )


def _by_own_words(choices: tuple[str, ...], said: set[str]) -> list[str]:
    """Choices whose own words (no other choice has them) were all said."""
    words = {c: set(lexicon.tokens(c.replace("_", " "))) for c in choices}
    found = []
    for choice, own in words.items():
        if len(own) < 2:
            continue  # a one-word choice is said whole or not at all ("activity" is no "active")
        own = own - set().union(*(ws for c, ws in words.items() if c != choice))
        if own and all(_word_said(w, said) for w in own):
            found.append(choice)
    return found


@functools.lru_cache(maxsize=256)  # (the same request is filled for every endpoint ranked)
def _said_in_order(words: str, quoted: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(lexicon.tokens(lexicon.rewrite(words))) + tuple(lexicon.tokens(" ".join(quoted)))


def _shaped_after(phrase: str, raw: str) -> str | None:
    """'username qa_tester_04', 'first name Hannah, last name Okafor-Brandt': right after the
    field's name, a token shaped like a value (digits, keeping their symbols: 'password
    Gx7!pLm2#vQ9'; or a capitalised name), or one word closing a list item ('username
    therrera, and ...')."""
    shaped = r"[^\s,;()\"']*[\d_|][^\s,;()\"']*|(?-i:[A-Z][\w'-]*)(?=[,.;:!?]?(?:\s|$))"
    shaped += r"|[\w.|-]+(?=\s*(?:[,;)]|\.(?:\s|$)|$|\s+and\b))"
    found = _search(rf"\b{phrase}\s*[:=]?\s+({shaped})", raw, re.I)
    value = _unwrapped(found.group(1)) if found else ""
    return value if _is_value(value) else None


def _is_secret(fld: Field) -> bool:
    """A password or token: every character of it counts, punctuation too."""
    return "password" in fld.name or fld.name in vocab.SECRET_FIELDS


def _whole_token(raw: str, start: int) -> str:
    """The token starting at `start`, up to the next space, without a comma or a sentence's
    full stop after it ('password Tr4il-Mix-2026!, then ...' -> 'Tr4il-Mix-2026!')."""
    token = raw[start:].split(maxsplit=1)[0] if raw[start:].strip() else ""
    return token.rstrip(",;").removesuffix(".") if len(token) > 1 else token


def _loses_to(fld: Field, hits: list[str], spread: int, other: _SaidFlag) -> bool:
    """Two flags said with shared words: the one said whole, or said more tightly, is meant.

    'Block email subaddresses' is not `blocklist` too; 'create a user ... skip password
    requirement' is skip_password_requirement, not skip_user_requirement, nor
    skip_password_checks (whose name the same words say all but one of).
    """
    other_hits, other_spread = set(other[1]), other[3]
    if set(hits) < other_hits:
        return True
    if set(hits) == other_hits and _unsaid(other[0], other_hits) < _unsaid(fld, set(hits)):
        return True
    return bool(set(hits) & other_hits) and other_spread < spread


def _unsaid(fld: Field, hits: set[str]) -> int:
    """How many words of the flag's name (as best spelled) the text did not say."""
    return min(len(set(spelling) - hits) for spelling in (fld.spoken_words, fld.words))


def _is_flag(fld: Field) -> bool:
    """A boolean, or a string that only takes "true"/"false" (GET /api_keys include_invalid)."""
    if fld.location == "path":
        return False
    if fld.type == "boolean" or set(fld.enum) == {"true", "false"}:
        return True
    # a string filter whose description says it takes "`true` or `false`" (the domains'
    # `verified`): the spec forgot its enum
    return fld.type == "string" and "`true` or `false`" in fld.description


_QUOTED_PAIR = re.compile(r"[\"'“]\s*([a-z][a-z0-9_]*)\s*[:=]\s*([^\"'”]+?)\s*[\"'”]", re.I)
_KEY = r"([a-z][\w-]*(?:\s+[a-z][\w-]*)?)"
# (the metadata object may be named before its key: "set their membership public metadata
# title to "CTO"" -- public_metadata and its kin are the spec's names, not English)
_WHICH_METADATA = r"(?:(?:\w+\s+)?(?:public|private|unsafe)\s+metadata\s+(?:key\s+)?)?"
_SET_KEY_TO = re.compile(
    rf"\b(?:{'|'.join(lexicon.METADATA_SET_VERBS)})\s+"
    rf"(?:(?:{'|'.join(lexicon.KEY_POSSESSIVES)})\s+|\S+'s\s+)?{_WHICH_METADATA}{_KEY}\s+(?:to|=)\s+"
    r"(?:\"([^\"]+)\"|'([^']+)'|“([^”]+)”|([\w.-]+))",
    re.IGNORECASE,
)
_MARK_KEY_AS = re.compile(
    rf"\bmark\s+(?:(?:{'|'.join(lexicon.KEY_POSSESSIVES)})\s+|\S+'s\s+)?{_KEY}\s+as\s+"
    rf"({'|'.join(sorted(lexicon.MARKED_STATES, key=len, reverse=True))})\b",
    re.IGNORECASE,
)


def _phrased_metadata(raw: str, fields: set[str]) -> dict[str, Any]:
    """Metadata keys said in Clerk's phrasing: a quoted "'role: admin'" pair, "set their
    plan to 'pro'", "mark onboarding as complete" (-> onboarding_complete: true). A key
    that is a field of the endpoint, or a metadata object itself, is no metadata key."""
    data: dict[str, Any] = {}
    for key, value in _QUOTED_PAIR.findall(raw):
        data[key] = _typed_word(value)
    for match in _SET_KEY_TO.finditer(raw):
        key = _metadata_key(match.group(1))
        value = next(g for g in match.groups()[1:] if g is not None)
        if key and key not in fields and _is_value(value):
            data.setdefault(key, _typed_word(value))
    for match in _MARK_KEY_AS.finditer(raw):
        ending, value = lexicon.MARKED_STATES[match.group(2).lower()]
        key = _metadata_key(match.group(1))
        if key and key not in fields:
            named = key if not ending or key.endswith(ending) else f"{key}_{ending}"
            data.setdefault(named, value)
    return data


def _metadata_key(said: str) -> str | None:
    """'onboarding' -> 'onboarding'; 'billing tier' -> 'billing_tier'; None for 'public
    metadata' or 'it' (words that name the object or nothing)."""
    words = [w for w in said.lower().split() if w not in lexicon.STOPWORDS]
    if not words or "metadata" in words or CLERK_ID.match(said):
        return None
    return "_".join(w.replace("-", "_") for w in words)


def _typed_word(value: str) -> Any:
    """'true' -> True, '5' -> 5, anything else as written."""
    lowered = value.strip().lower()
    if lowered in ("true", "false"):
        return lowered == "true"
    return int(lowered) if re.fullmatch(r"-?\d{1,9}", lowered) else value.strip()


def _is_value(word: str) -> bool:
    """'an email address under corp.io': a preposition is where the value starts, not it.

    An id-shaped token ("user_2x's") names an object; it never fills a free-text field.
    """
    lowered = word.lower()
    return (
        bool(word) and lowered not in lexicon.STOPWORDS | _PREPOSITIONS and not CLERK_ID.match(word)
    )


def _fits_shape(fld: Field, value: Any) -> bool:
    """A phone field takes a phone number, an email field an email: not any nearby word."""
    if not isinstance(value, str):
        return True
    if "phone" in fld.words:
        return bool(PHONE.fullmatch(value))
    if fld.name.startswith("email") and "query" not in fld.name:
        return bool(EMAIL.fullmatch(value))
    if fld.name == "code":  # a verification code has digits; "code to email" is no code
        return any(c.isdigit() for c in value)
    if fld.name == "identifier":  # an address, number, domain or wallet: "be free" is none
        return bool(EMAIL.fullmatch(value) or PHONE.fullmatch(value)) or not value.isalpha()
    return True


def sort_keys(description: str) -> list[str]:
    """The properties an `order_by` parameter's description says it sorts by."""
    found = [a or b for a, b in _SORT_KEY.findall(description)]
    return [k for k in dict.fromkeys(found) if k not in ("order_by", "asc", "desc")]


def _sort_key(keys: list[str], said: set[str], by_time: bool) -> str | None:
    """The key whose words the request says ("recently active" -> last_active_at).

    A time cue (newest, oldest, recent) picks among the timestamps, created_at by default.
    """
    if by_time:
        keys = [k for k in keys if k.endswith("_at")]
    words = {k: set(lexicon.tokens(k.replace("_", " "))) for k in keys}
    shared = Counter(w for ws in words.values() for w in ws)
    # Only words that tell the keys apart: "last" is in last_active_at and last_sign_in_at.
    scored = [(len({w for w in words[k] & said if shared[w] == 1}), k) for k in keys]
    best = max(scored, default=(0, ""), key=lambda pair: pair[0])
    if best[0]:
        return best[1]
    return "created_at" if by_time and "created_at" in keys else None


def _names_an_email(fld: Field) -> bool:
    """support_email, billing_email: a string field for an email that is not the identifier."""
    return fld.type == "string" and fld.name.endswith("_email") and fld.location == "body"


def _country_codes(text: str) -> list[str]:
    """Two-letter country codes written in capitals: "RU and NG", "Indonesia (ID)"."""
    return country_codes(text)


def _said_as_old(value: str, text: str) -> bool:
    """'the old one was x', 'her previous number x', 'currently x': x is what is replaced.

    So is what is removed: 'remove the email x from user_y' names the address to take
    away, and a write must never send it as the new one.
    """
    old = r"\b(?:old|previous|former|current|existing|currently)\b(?:\s+[\w']+){0,3}?"
    removed = r"\b(?:remove|delete|drop|unlink|detach|take|get rid of)\b(?:\s+[\w']+){0,3}?"
    said = rf"(?:{old}[\s,]*(?:was|is|:|=)?|{removed})[\s,]*{re.escape(value)}"
    return bool(_search(said, text, re.I))


def _own_words(fld: Field, rivals: list[Field]) -> list[str]:
    """The words of a field's name that its rivals' names do not share."""
    shared = set.intersection(*(set(f.words) for f in rivals))
    return [w for w in fld.words if w not in shared]


def _takes_id(fld: Field) -> bool:
    return (
        fld.name in lexicon.ANY_ID_FIELDS
        or fld.name.endswith(("_id", "_ids", "ID"))
        or (fld.name == "created_by")
    )


def _subject_of(fld: Field) -> str:
    """What an id field names, as one word: organization_role_id -> "organizationrole",
    apiKeyID -> "apikey"."""
    return re.sub(r"(_ids?|ID)$", "", fld.name).lower().replace("_", "")


def _names_another_thing(fld: Field, prefix: str, made: str) -> bool:
    """Does the field name a thing of the prefix's other kinds than the one made? idn_ ids
    name email addresses, phone numbers, passkeys ...: a phone number made is no
    email_address_id."""
    subject = _subject_of(fld)
    kinds = [kind.replace("_", "") for kind in lexicon.ID_KINDS.get(prefix, ())]
    made = made.replace("_", "")
    named = [kind for kind in kinds if subject.endswith(kind)]
    was_made = [kind for kind in kinds if made.endswith(kind) or kind.endswith(made)]
    # ("org" and "organization" are one thing said two ways)
    same = [
        (a, b)
        for a in named
        for b in was_made
        if vocab.abbreviates(a, b) or vocab.abbreviates(b, a)
    ]
    return bool(named and was_made) and not same


def creating_word(text: str, besides: list[str]) -> bool:
    """Is a creating verb said, other than the words `besides` ("invite" creates an
    invitation)?"""
    stems = {lexicon.stem(w) for w in re.findall(r"[a-z]+", text)}
    stems -= {lexicon.stem(w) for w in besides}
    return bool(stems & {lexicon.stem(v) for v in lexicon.CREATE_VERBS})


def _kind_unknown(value: str) -> bool:
    return lexicon.id_kind(value.split("_", 1)[0]) not in lexicon.ID_KINDS


def _id_fits(value: str, fld: Field) -> bool:
    """Does a Clerk id with this prefix belong in this field (by what the field names)?"""
    if not _takes_id(fld):
        return False
    prefix = lexicon.id_kind(value.split("_", 1)[0])
    if fld.name in lexicon.ANY_ID_FIELDS:
        return prefix in lexicon.ID_KINDS
    if fld.name == "created_by":
        return prefix == "user"
    # organization_role_id names a role, not an organization: compare the name's ending.
    subject = _subject_of(fld)
    if prefix not in lexicon.ID_KINDS:  # an unknown kind: `entconn`, `disc` abbreviate theirs
        # outside the path only a longer prefix: two letters abbreviate too many body fields
        long_enough = fld.location == "path" or len(prefix) >= 3
        return long_enough and vocab.abbreviates(prefix, subject)
    kinds = lexicon.ID_KINDS[prefix]
    # (a field named by the prefix itself, `org_id`, takes that kind too)
    return subject == prefix or any(subject.endswith(kind.replace("_", "")) for kind in kinds)


def _name_said(fld: Field, near: set[str]) -> int:
    """How many words of a field's name are said (0 unless all of it, or all but one of a
    name of three words or more): 'lifetime' names lifetime, 'clock skew' allowed_clock_skew."""
    best = 0
    for words in (fld.words, fld.spoken_words):
        hits = len(set(words) & near)
        if words and hits >= max(1, len(set(words)) - (1 if len(set(words)) >= 3 else 0)):
            best = max(best, hits)
    return best


def _root(word: str) -> str:
    """A word's first six letters: 'impersonate' meets 'impersonated' (as ranking does)."""
    return word[:6]


def _convert(value: float, unit: str, field_name: str) -> float:
    if unit != "seconds":
        return value
    if "days" in field_name:
        return value / 86400
    if "minutes" in field_name:
        return value / 60
    return value


@functools.lru_cache(maxsize=16384)
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _takes_a_slug(fld: Field) -> bool:
    """Does the spec say this id parameter also takes the slug ("The ID or slug of ...")?"""
    return "slug" in fld.description.lower()


def _search(pattern: str, text: str, flags: int = 0) -> re.Match[str] | None:
    """re.search with a cache big enough for the patterns built per field name (the re
    module keeps only 512, and planning one request builds a few thousand)."""
    return _compiled(pattern, flags).search(text)


def fill(endpoint: Endpoint, request: Request) -> Filled:
    return _Filler(endpoint, request).run()
