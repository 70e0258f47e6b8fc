"""Signed tree heads (checkpoints) kept outside the database, in the witness directory.

A checkpoint is a C2SP signed note (https://c2sp.org/tlog-checkpoint): the origin line, the tree
size, the base64 root, two extension lines (last log position, UTC time), a blank line and an
Ed25519 signature line. The key file lives outside the database (SODANG_SIGNING_KEY_FILE); the
witness directory (SODANG_WITNESS_DIR) is a place the database's insiders cannot rewrite: a
directory synchronised to a second machine, or mounted append-only. Each checkpoint is a new
file, created exclusively, never rewritten; `keys` there lists every public key ever used, so
checkpoints signed before a key rotation still verify.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from services.config import Settings
from services.integrity.leaves import TreeHead

log = logging.getLogger("sodang.tamper")
KEYS_FILE = "keys"
DAY = timedelta(days=1)


class CheckpointError(Exception):
    """A checkpoint that cannot be read or whose signature does not verify."""


@dataclass(frozen=True)
class Checkpoint:
    origin: str
    size: int
    root: bytes
    position: int
    time: datetime
    key_name: str
    path: Path | None = None

    def body(self) -> bytes:
        return (
            f"{self.origin}\n{self.size}\n{base64.b64encode(self.root).decode()}\n"
            f"position {self.position}\ntime {self.time.strftime('%Y-%m-%dT%H:%M:%SZ')}\n"
        ).encode()


def origin_of(settings: Settings) -> str:
    return f"sodang/{re.sub(r'[^A-Za-z0-9._-]', '_', settings.deployment)}"


def key_hash(name: str, public: Ed25519PublicKey) -> bytes:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(name.encode() + b"\n\x01" + raw).digest()[:4]


def vkey(name: str, public: Ed25519PublicKey) -> str:
    """The note verifier key: name+hash+base64(0x01 || public key)."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    encoded = base64.b64encode(b"\x01" + raw).decode()
    return f"{name}+{key_hash(name, public).hex()}+{encoded}"


def parse_vkey(text: str) -> tuple[str, Ed25519PublicKey]:
    name, _, encoded = text.strip().split("+", 2)
    raw = base64.b64decode(encoded)
    if raw[:1] != b"\x01" or len(raw) != 33:
        raise CheckpointError(f"not an Ed25519 verifier key: {text.strip()[:40]}")
    return name, Ed25519PublicKey.from_public_bytes(raw[1:])


# -- the signing key ------------------------------------------------------------------------------


def key_name(settings: Settings, public: Ed25519PublicKey) -> str:
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return f"{origin_of(settings)}-{hashlib.sha256(raw).hexdigest()[:8]}"


def load_key(settings: Settings) -> Ed25519PrivateKey | None:
    path = settings.signing_key_file
    if not path.exists():
        return None
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(f"{path} does not hold an Ed25519 private key")
    return key


def create_key(settings: Settings, replace: bool = False) -> Ed25519PrivateKey:
    """A new signing key, written 0600; its public key is added to the witness's `keys`."""
    path = settings.signing_key_file
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # A name of this process's own, then an atomic link: workers starting together each make a
    # key, exactly one lands, and the others load it (they never overwrite one another's).
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{secrets.token_hex(4)}.new")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
    try:
        if replace:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)
            except FileExistsError:
                raise CheckpointError(f"{path} exists already") from None
    finally:
        temporary.unlink(missing_ok=True)
    publish_key(settings, key.public_key())
    return key


def ensure_key(settings: Settings) -> Ed25519PrivateKey:
    key = load_key(settings)
    if key is not None:
        return key
    try:
        return create_key(settings)
    except CheckpointError:
        # A sibling process (another worker starting at the same moment) made it first.
        made = load_key(settings)
        if made is None:
            raise
        return made


def publish_key(settings: Settings, public: Ed25519PublicKey) -> None:
    settings.witness_dir.mkdir(parents=True, exist_ok=True)
    line = vkey(key_name(settings, public), public)
    keys = settings.witness_dir / KEYS_FILE
    if keys.exists() and line in keys.read_text().split():
        return
    with keys.open("a") as out:
        out.write(line + "\n")


def trusted_keys(settings: Settings) -> dict[str, Ed25519PublicKey]:
    found: dict[str, Ed25519PublicKey] = {}
    keys = settings.witness_dir / KEYS_FILE
    if keys.exists():
        for line in keys.read_text().splitlines():
            if line.strip():
                name, public = parse_vkey(line)
                found[name] = public
    key = load_key(settings)
    if key is not None:
        found[key_name(settings, key.public_key())] = key.public_key()
    return found


# -- writing and reading checkpoints -------------------------------------------------------------


def sign(settings: Settings, key: Ed25519PrivateKey, head: TreeHead, now: datetime) -> str:
    name = key_name(settings, key.public_key())
    checkpoint = Checkpoint(origin_of(settings), head.size, head.root, head.position, now, name)
    body = checkpoint.body()
    signature = key_hash(name, key.public_key()) + key.sign(body)
    line = "\u2014 " + name + " " + base64.b64encode(signature).decode()
    return body.decode() + "\n" + line + "\n"


def write(settings: Settings, head: TreeHead, now: datetime | None = None) -> Path:
    """Sign the tree head and store it as a new file in the witness directory."""
    moment = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    text = sign(settings, ensure_key(settings), head, moment)
    folder = settings.witness_dir
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{head.size:012d}-{moment.strftime('%Y%m%dT%H%M%SZ')}.checkpoint"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o444)
    except FileExistsError:
        return path  # the same head at the same second: written already
    with os.fdopen(fd, "w") as out:
        out.write(text)
    return path


def parse(text: str, keys: dict[str, Ed25519PublicKey], path: Path | None = None) -> Checkpoint:
    """Read a checkpoint and check its signature against the trusted keys."""
    where = path.name if path else "checkpoint"
    body, sep, signatures = text.partition("\n\n")
    lines = body.split("\n")
    if not sep or len(lines) < 5:
        raise CheckpointError(f"{where}: not a checkpoint")
    try:
        extensions = dict(line.split(" ", 1) for line in lines[3:5])
        checkpoint = Checkpoint(
            origin=lines[0],
            size=int(lines[1]),
            root=base64.b64decode(lines[2], validate=True),
            position=int(extensions["position"]),
            time=datetime.strptime(extensions["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC),
            key_name="",
            path=path,
        )
    except (ValueError, KeyError) as error:
        raise CheckpointError(f"{where}: unreadable ({error})") from None
    signed = (body + "\n").encode()
    for line in signatures.splitlines():
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] != "\u2014" or parts[1] not in keys:
            continue
        raw = base64.b64decode(parts[2])
        public = keys[parts[1]]
        if raw[:4] != key_hash(parts[1], public):
            continue
        try:
            public.verify(raw[4:], signed)
        except InvalidSignature:
            raise CheckpointError(f"{where}: the signature does not verify") from None
        return Checkpoint(**{**checkpoint.__dict__, "key_name": parts[1]})
    raise CheckpointError(f"{where}: not signed by any trusted key")


def read(path: Path, settings: Settings) -> Checkpoint:
    return parse(path.read_text(), trusted_keys(settings), path)


def witnessed(settings: Settings) -> list[Checkpoint]:
    """Every checkpoint of this deployment in the witness directory, by size (an unverifiable
    one raises). A witness directory may keep several provinces' checkpoints (one second
    machine for all): another origin's tree heads say nothing of this log, so they are left
    out rather than read as a log cut short."""
    folder = settings.witness_dir
    if not folder.is_dir():
        return []
    keys = trusted_keys(settings)
    origin = origin_of(settings)
    found = [parse(p.read_text(), keys, p) for p in sorted(folder.glob("*.checkpoint"))]
    return sorted((c for c in found if c.origin == origin), key=lambda c: (c.size, c.time))


def latest(settings: Settings) -> Checkpoint | None:
    """This deployment's newest checkpoint: the largest tree of its origin."""
    folder = settings.witness_dir
    names = sorted(folder.glob("*.checkpoint")) if folder.is_dir() else []
    origin = origin_of(settings)
    for name in reversed(names):  # names sort by tree size, then time: usually the first
        checkpoint = read(name, settings)
        if checkpoint.origin == origin:
            return checkpoint
    return None


def due(last: Checkpoint | None, head: TreeHead, every: int, now: datetime) -> bool:
    """A checkpoint is due every `every` events and at least daily while the log grows."""
    if head.size == 0:
        return False
    if last is None:
        return True
    if head.size // every > last.size // every:
        return True
    return head.size > last.size and now - last.time >= DAY
