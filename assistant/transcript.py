"""The audit transcript: one append-only, hash-chained, redacted JSONL file per session.

Every line is one record:

    {"seq": 3, "time": "2026-...Z", "kind": "request", "data": {...},
     "prev": "<hash of record 2>", "hash": "<sha256 of this record without 'hash'>"}

The hash is SHA-256 over the record's canonical JSON (sorted keys, no spaces, UTF-8)
without the `hash` field; the first record's `prev` is 64 zeros. Each record is written
with one `write` on a file opened for appending, then flushed and fsync'ed, so a killed
process loses at most the record it was writing and never an earlier one.

`verify` fails on an edited, dropped, reordered or cut-short record and names the first
bad one. The chain alone cannot tell a tail cut at a record boundary from a killed session,
nor a file rewritten with a fresh chain from the original; so every record's seq and hash
also go, before the record itself, to the transcript's anchor outside the file
(`anchors.py`), and `verify(path, anchors)` compares the two. The CLI passes a transcript
only when it is intact, closed (last record `session_end`) and exactly what its anchor
lists.

Every record's data is redacted and has lone surrogates escaped (`\\ud800` as text), so
anything a server or a terminal hands over can be recorded.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from . import __version__
from .anchors import AnchorCheck, AnchorLog, anchors_dir, compare, new_anchor_id
from .errors import ConfigError
from .models import Result
from .secret_text import redact_pairs
from .settings import Settings, transcripts_dir

if TYPE_CHECKING:
    from .spec import Catalog

GENESIS = "0" * 64
REDACTED = "[redacted]"
DECISIONS = ("yes", "no", "edited", "typed")
MAX_BODY_BYTES = 64 * 1024  # response bodies past this are cut, with their byte count
# The anchor is fsync'ed before these records (before anything goes on the wire, and at the
# ends of a session); in between, only a machine crash could leave it a few lines behind.
ANCHOR_SYNC_KINDS = frozenset({"session_start", "request", "session_end"})

# Strings shaped like secrets, wherever they appear.
SECRET_PATTERNS = (
    re.compile(r"\bsk_(?:live|test)_[A-Za-z0-9_\-]+"),
    re.compile(r"\bsk-ant-[A-Za-z0-9_\-]+"),
    re.compile(r"(?i)\bBearer\s+[A-Za-z0-9._~+/\-]+=*"),
    re.compile(r"\beyJ[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+\.[A-Za-z0-9_\-]+"),  # JWTs
)
# Query parameters carrying tickets or tokens (sign-in and actor token URLs, svix URLs).
SECRET_QUERY = re.compile(
    r"(?i)([?&](?:__clerk_ticket|ticket|token|[a-z_]*secret|[a-z_]*password|key)=)[^&#\s\"']+"
)
# Object keys whose string values are secrets: passwords in bodies, and what Clerk returns
# for sign-in, actor, testing, M2M and API-key tokens, client secrets and signing keys.
SECRET_KEY = re.compile(
    r"(?i)(^|_)(password|passwords|token|tokens|jwt|secret|private_key|signing_key|api_key|"
    r"backup_codes|authorization|cookie|svix_url)($|_)"
)
NOT_SECRET_KEY = re.compile(r"(?i)(_id|_ids|_type|_enabled|_at|_count|_hasher)$|^typed_token$")
# What a person types to confirm a delete is the resource id shown to them, not a secret.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


# --------------------------------------------------------------------------- redaction


def redact(value: Any, secrets: Iterable[str] = ()) -> Any:
    """A copy of `value` with every secret replaced by "[redacted]"."""
    known = tuple(s for s in secrets if s and len(s) >= 8)
    return _redact(value, known)


def _redact(value: Any, secrets: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        return redact_text(value, secrets)
    if isinstance(value, Mapping):
        return {str(k): _redact_field(str(k), v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_redact(v, secrets) for v in value]
    return value


def _redact_field(key: str, value: Any, secrets: tuple[str, ...]) -> Any:
    if value and is_secret_key(key) and _is_plain_text(value):
        return REDACTED
    return _redact(value, secrets)  # objects under such keys (a "sign_in_token") are walked


def _is_plain_text(value: Any) -> bool:
    if isinstance(value, list):
        return all(isinstance(item, str) for item in value)
    return isinstance(value, str)


def escape_surrogates(value: Any) -> Any:
    """`value` with every lone surrogate (from a response's `\\ud800`, or undecodable
    argv/stdin bytes) written as the text `\\ud800`: encodable, hashable, printable."""
    try:  # the common case, at C speed: nothing to escape, `value` itself is returned
        json.dumps(value, ensure_ascii=False, default=str).encode()
        return value
    except UnicodeEncodeError:
        return _escape_surrogates(value)


def _escape_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return LONE_SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", value)
    if isinstance(value, Mapping):
        return {_escape_surrogates(k): _escape_surrogates(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_escape_surrogates(v) for v in value]
    return value


def is_secret_key(key: str) -> bool:
    key = CAMEL_HUMP.sub("_", key)  # apiKey, clientSecret: camelCase keys count too
    return bool(SECRET_KEY.search(key)) and not NOT_SECRET_KEY.search(key)


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    for secret in secrets:
        text = text.replace(secret, REDACTED)
    for pattern in SECRET_PATTERNS:
        text = pattern.sub(REDACTED, text)
    text = SECRET_QUERY.sub(lambda m: m.group(1) + REDACTED, text)
    return redact_pairs(text, is_secret_key)  # `"password": "x"` inside text (a curl body)


def key_fingerprint(secret_key: str | None) -> str | None:
    """First 8 hex digits of SHA-256 of the key: tells keys apart, reveals nothing."""
    if not secret_key:
        return None
    return hashlib.sha256(secret_key.encode()).hexdigest()[:8]


# --------------------------------------------------------------------------- hashing


def canonical(record: Mapping[str, Any]) -> bytes:
    # default=str: a stray datetime or Path is written as its text, and reads back the same.
    options: dict[str, Any] = {"sort_keys": True, "separators": (",", ":"), "default": str}
    return json.dumps(record, ensure_ascii=False, **options).encode()


def record_hash(record: Mapping[str, Any]) -> str:
    return hashlib.sha256(canonical({k: v for k, v in record.items() if k != "hash"})).hexdigest()


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# --------------------------------------------------------------------------- writer


class Transcript:
    """An open transcript file. Use `Transcript.create`; `record` appends one event."""

    def __init__(self, path: Path, secrets: Iterable[str], seq: int = 0, prev: str = GENESIS):
        self.path = path
        self._secrets = tuple(s for s in secrets if s)
        self._seq, self._prev = seq, prev
        self._fd: int | None = None  # None before _open and after close
        self._anchor: AnchorLog | None = None  # each record's hash, kept outside the file

    @classmethod
    def create(
        cls, path: str | Path | None, settings: Settings, meta: Mapping[str, Any] | None = None
    ) -> Transcript:
        """Open (or continue) a transcript and write its session_start record."""
        target = Path(path) if path else new_transcript_path(settings)
        secrets = (
            settings.secret_key or "",
            settings.anthropic_api_key or "",
            settings.anthropic_auth_token or "",
        )
        transcript = cls(target, secrets)
        transcript._open()  # locked before reading the tail: no other writer can slip in
        folder = anchors_dir(settings)
        try:
            transcript._seq, transcript._prev, anchor_id = _chain_tail(target, folder)
            transcript._anchor = AnchorLog(folder, anchor_id)
            start = {**session_meta(settings), **dict(meta or {}), "anchor": anchor_id}
            transcript.record("session_start", start)
        except ConfigError:  # e.g. a full disk: said before anything is sent
            transcript._release()
            raise
        return transcript

    def _open(self) -> None:
        flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_BINARY", 0)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fd = os.open(self.path, flags, 0o600)  # transcripts hold customer data
        except OSError as exc:
            raise self._unwritable(exc.strerror or str(exc)) from None
        if not stat.S_ISREG(os.fstat(self._fd).st_mode):  # /dev/full, /dev/null, a FIFO
            self._release()
            raise self._unwritable("not a regular file, so nothing written there can be verified")
        _lock(self._fd, self.path)

    def record(self, kind: str, data: Mapping[str, Any]) -> dict[str, Any]:
        """Redact `data`, chain it, append it as one line and fsync; returns the record."""
        if self._fd is None:
            raise ConfigError(f"transcript {self.path} is closed")
        body = escape_surrogates(redact(dict(data), self._secrets))
        if kind == "response":
            body = bound_body(body)
        record: dict[str, Any] = {
            "seq": self._seq + 1,
            "time": utc_now(),
            "kind": kind,
            "data": body,
            "prev": self._prev,
        }
        record["hash"] = record_hash(record)
        if self._anchor is not None:  # anchored first: no record in the file is unanchored
            self._anchor.append(record["seq"], record["hash"], sync=kind in ANCHOR_SYNC_KINDS)
        self._append(self._fd, canonical(record) + b"\n")
        self._seq, self._prev = record["seq"], record["hash"]
        return record

    def _append(self, fd: int, line: bytes) -> None:
        """One write (a record is whole or absent), then fsync; a full disk is a clear error."""
        try:
            written = os.write(fd, line)
            os.fsync(fd)
        except OSError as exc:
            raise self._unwritable(exc.strerror or str(exc)) from None
        if written != len(line):
            raise self._unwritable(f"only {written} of {len(line)} bytes were written")

    def _unwritable(self, why: str) -> ConfigError:
        return ConfigError(
            f"cannot write the transcript {self.path}: {why}; nothing is sent without a "
            "record: choose another --transcript file or CLERK_ASSISTANT_TRANSCRIPTS_DIR"
        )

    def record_request(
        self, step: int, request: httpx.Request, attempt: int = 1, after: str | None = None
    ) -> dict[str, Any]:
        """The request as sent: method, URL, body; the Authorization value never.

        One record per wire attempt: a retry is recorded again with its `attempt` number
        and `after`, what the attempt before it got ("HTTP 429, waited 2 s")."""
        data = {
            "step": step,
            "method": request.method,
            "url": str(request.url),
            "body": _decoded_body(request.content),
            "headers": {k: v for k, v in request.headers.items() if k.lower() != "authorization"}
            | {"authorization": REDACTED},
        }
        if attempt > 1:
            data |= {"attempt": attempt, "after": after}
        return self.record("request", data)

    def record_decision(self, step: int, answer: str, by: str) -> dict[str, Any]:
        """answer: yes | no | edited | typed; by: person | flag (e.g. "--yes")."""
        if answer not in DECISIONS:
            raise ValueError(f"decision must be one of {', '.join(DECISIONS)}, not {answer!r}")
        return self.record("decision", {"step": step, "answer": answer, "by": by})

    def record_result(self, result: Result) -> dict[str, Any]:
        """A `response` record for a step that got an answer, else an `error` record."""
        data = {
            "step": result.step,
            "status": result.http_status,
            "duration_ms": result.duration_ms,
            "body": result.body,
        }
        if result.status == "ok":
            return self.record("response", data)
        return self.record("error", {**data, "outcome": result.status, "error": result.error})

    def close(self, reason: str = "done") -> None:
        """Write session_end (once) and close the file."""
        if self._fd is None:
            return
        self.record("session_end", {"reason": reason, "records": self._seq + 1})
        self._release()

    def _release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # also drops the lock
        self._fd = None
        if self._anchor is not None:
            self._anchor.close()

    def __enter__(self) -> Transcript:
        return self

    def __exit__(self, exc_type: object, *rest: object) -> None:
        self.close("error" if exc_type else "done")


def retry_recorder(transcript: Any, step: int) -> Callable[[httpx.Request, int, str], None]:
    """The executor's `on_retry` for `step`: every repeated wire attempt becomes a record."""

    def record_retry(request: httpx.Request, attempt: int, after: str) -> None:
        record_request = getattr(transcript, "record_request", None)
        if record_request is not None:
            record_request(step, request, attempt, after)
            return
        data = {"step": step, "method": request.method, "url": str(request.url)}
        transcript.record("request", data | {"attempt": attempt, "after": after})

    return record_retry


def spec_meta(catalog: Catalog) -> dict[str, Any]:
    """What session_start needs to know about the spec: `Transcript.create(..., meta=)`."""
    return {"spec_version": catalog.version, "spec_sha256": catalog.sha256}


def session_meta(settings: Settings) -> dict[str, Any]:
    return {
        "tool_version": __version__,
        "api_host": httpx.URL(settings.api_url).host,
        "key_fingerprint": key_fingerprint(settings.secret_key),
        "instance_kind": settings.instance_kind,
        "scopes": settings.scopes,
        "admin": settings.admin,
        "planner": settings.planner_name,
        "model": settings.model if settings.planner_name == "claude" else None,
        "spec_version": settings.spec_version,
    }


def new_transcript_path(settings: Settings) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    return transcripts_dir(settings) / f"{stamp}-{os.getpid()}-{os.urandom(2).hex()}.jsonl"


def _lock(fd: int, path: Path) -> None:
    """One writer per file: two sessions appending to one chain would break it."""
    try:
        import fcntl
    except ImportError:  # Windows: keeping one session per file is up to the person
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        raise ConfigError(
            f"{path} is being written by another session; choose another --transcript file"
        ) from None


def _chain_tail(path: Path, anchors: Path) -> tuple[int, str, str]:
    """Where an existing transcript's chain ends and its anchor id, so a new session
    continues both; a new file gets a new anchor."""
    if not path.exists() or path.stat().st_size == 0:
        return 0, GENESIS, new_anchor_id()
    report = verify(path, anchors)
    if not report.ok:
        raise ConfigError(f"{path} fails verification ({report.reason}); choose another file")
    if report.anchor is None or not report.anchor.ok:
        detail = report.anchor.detail if report.anchor else "no anchor"
        raise ConfigError(f"{path} does not match its anchor ({detail}); choose another file")
    assert report.anchor_id is not None  # a matching anchor has an id
    return report.records, report.last_hash, report.anchor_id


def bound_body(data: dict[str, Any]) -> dict[str, Any]:
    """Cut a response body past MAX_BODY_BYTES, keeping a preview and the byte count."""
    text = json.dumps(data.get("body"), ensure_ascii=False)
    size = len(text.encode())
    if size <= MAX_BODY_BYTES:
        return data
    preview = text.encode()[:MAX_BODY_BYTES].decode(errors="ignore")
    return {**data, "body": {"truncated": True, "bytes": size, "preview": preview}}


def _decoded_body(content: bytes) -> Any:
    if not content:
        return None
    try:
        return json.loads(content)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return content.decode("utf-8", errors="replace")


# --------------------------------------------------------------------------- verify


PROVES = (
    "proves: no record was edited, dropped, reordered, added or cut off since the session "
    "wrote it, and the session ended (session_end)"
)
CANNOT_PROVE = (
    "cannot prove: anything if the anchor store ({anchors}) was rewritten too (whoever can "
    "write both can forge both); that what the writing process recorded was true"
)


@dataclass(frozen=True, slots=True)
class VerifyReport:
    ok: bool  # the hash chain is intact
    records: int  # how many records verified before the first bad one
    first_bad: int | None = None  # 1-based line number of the first bad record
    reason: str = ""
    closed: bool = False  # the last record is session_end
    last_hash: str = GENESIS
    anchor: AnchorCheck | None = None  # None: not compared with an anchor
    anchor_id: str | None = None
    anchors: Path | None = None  # the anchor store compared with

    @property
    def passed(self) -> bool:
        """Intact, closed, and exactly the records the session anchored."""
        return self.ok and self.closed and self.anchor is not None and self.anchor.ok

    def summary(self, name: str) -> str:
        head = self._head(name)
        if self.anchors is None:
            return head
        if not self.passed:
            return f"{head}\n  compared with the anchor store {self.anchors}"
        lines = [head, "  " + PROVES, "  " + CANNOT_PROVE.format(anchors=self.anchors)]
        return "\n".join(lines)

    def _head(self, name: str) -> str:
        if not self.ok:
            return f"{name}: TAMPERED at record {self.first_bad}: {self.reason}"
        if self.anchor is not None and self.anchor.state in ("differs", "extra"):
            return f"{name}: TAMPERED: {self.anchor.detail}"
        if self.anchor is not None and self.anchor.state == "cut":
            return f"{name}: CUT: {self.anchor.detail}"
        if not self.closed:
            return (
                f"{name}: NOT CLOSED, {self.records} records: no session_end (the session was "
                "killed or is still running, or records after the last one were cut off)"
                + self._anchor_note()
            )
        return f"{name}: OK, {self.records} records, closed" + self._anchor_note()

    def _anchor_note(self) -> str:
        if self.anchor is None:
            return ""
        if self.anchor.ok:
            return ", every record matches its anchor"
        return f"; UNANCHORED: {self.anchor.detail}, so a cut tail or a rewrite cannot be ruled out"

    def state(self) -> str:
        """One word or two for `transcripts list`."""
        if not self.ok:
            return f"TAMPERED at record {self.first_bad}"
        if self.anchor is not None and not self.anchor.ok:
            return {"differs": "TAMPERED", "extra": "TAMPERED", "cut": "CUT"}.get(
                self.anchor.state, "unanchored"
            )
        return "closed" if self.closed else "not closed"


def verify(path: str | Path, anchors: Path | None = None) -> VerifyReport:
    """Check every record's hash, sequence number and link to the one before; with
    `anchors` (the anchor store), also that the file holds exactly the anchored records."""
    report = _verify_chain(Path(path).read_bytes())
    if anchors is None or not report.ok:
        return report
    pairs, anchor_id = _pairs_and_anchor(Path(path))
    check = compare(pairs, anchor_id, anchors)
    named = anchor_id if isinstance(anchor_id, str) else None
    return replace(report, anchor=check, anchor_id=named, anchors=anchors)


def _pairs_and_anchor(path: Path) -> tuple[list[tuple[int, str]], object]:
    records = read_records(path)
    anchor_id = (records[0].get("data") or {}).get("anchor") if records else None
    return [(r["seq"], r["hash"]) for r in records], anchor_id


def _verify_chain(data: bytes) -> VerifyReport:
    lines = data.split(b"\n")
    complete, partial = lines[:-1], lines[-1]
    prev, last_kind = GENESIS, None
    for number, line in enumerate(complete, start=1):
        problem = _check_line(line, number, prev)
        if problem:
            return VerifyReport(False, number - 1, number, problem, last_hash=prev)
        record = json.loads(line)
        prev, last_kind = record["hash"], record.get("kind")
    if partial:
        reason = f"record {len(complete) + 1} is cut short (the file was truncated)"
        return VerifyReport(False, len(complete), len(complete) + 1, reason, last_hash=prev)
    if not complete:
        return VerifyReport(False, 0, 1, "the transcript is empty")
    return VerifyReport(True, len(complete), closed=last_kind == "session_end", last_hash=prev)


def _check_line(line: bytes, number: int, prev: str) -> str | None:
    try:
        record = json.loads(line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return f"record {number} is not valid JSON (edited or truncated)"
    if not isinstance(record, dict) or not {"seq", "hash", "prev", "kind"} <= record.keys():
        return f"record {number} lacks seq/kind/prev/hash"
    if record["hash"] != record_hash(record):
        return f"record {number} was edited (its hash does not match its content)"
    if record["seq"] != number:
        return f"record {number} has seq {record['seq']}: a record was dropped or reordered"
    if record["prev"] != prev:
        return f"record {number} does not link to record {number - 1}: dropped or reordered"
    if number == 1 and record["kind"] != "session_start":
        return "record 1 is not a session_start: the beginning was dropped"
    return None


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """Every complete, parseable record (for show/export; verify is the integrity check)."""
    records = []
    for line in Path(path).read_bytes().split(b"\n"):
        try:
            records.append(json.loads(line))
        except (json.JSONDecodeError, UnicodeDecodeError):
            continue
    return [r for r in records if isinstance(r, dict)]
