"""Signatures of a bundle, per WACZ Signing and Verification 0.1.0.

A signed WACZ's ``datapackage-digest.json`` holds, beside the hash of ``datapackage.json``,
``signedData``: that same hash signed with an ECDSA key. The spec's *anonymous* form carries
the public key itself (``publicKey``, base64 DER SubjectPublicKeyInfo) and the signature of
the hash string (``signature``, base64, IEEE P1363 ``r || s`` as WebCrypto and ArchiveWeb.page
make it; a DER signature is accepted too). Two ways to sign here, both in that form:

- a local key pair (``provenance keys new``): the same key signs every bundle, so its
  fingerprint (the sha256 of its public key) is an identity a reader can compare with the
  one the signer publishes elsewhere. It is domain-less: nothing ties the key to a person,
  a newsroom or a domain, and the ``created`` time is the signer's own clock, not a
  timestamp authority's;
- anonymous (``--sign-anonymous``): a key made for this bundle and thrown away. It shows
  the bundle is whole since it was signed, and nothing about who signed it.

The spec's other form, a domain certificate with an RFC 3161 timestamp, needs a certificate
authority and a timestamp server; bundles signed so elsewhere are checked here as far as
their own certificate goes (the signature of the hash), not their chain of trust.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from provenance.errors import ProvenanceError

__all__ = ["KeyPair", "Signature", "check_signature", "fingerprint", "load_signing_key",
           "new_key_pair", "new_signer", "public_key_fingerprint", "sign_hash"]

SPEC_VERSION = "0.1.0"  # WACZ Signing and Verification
PRIVATE_NAME = "provenance-signing-key.pem"
PUBLIC_NAME = "provenance-signing-key.pub.pem"

try:  # the cryptography package comes with the wacz extra, as bundles do
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import (
        decode_dss_signature,
        encode_dss_signature,
    )
except ImportError:  # pragma: no cover - the extra is in the test set
    ec = None  # type: ignore[assignment]


@dataclass(frozen=True, slots=True)
class KeyPair:
    """The files ``new_key_pair`` wrote and the key's fingerprint."""

    private: Path
    public: Path
    fingerprint: str  # "sha256:<hex of the DER public key>"


@dataclass(frozen=True, slots=True)
class Signature:
    """What a bundle's ``signedData`` says and whether it holds."""

    kind: str  # "key" (anonymous form: a public key) or "domain" (a certificate)
    signer: str  # the key's fingerprint, or the certificate's domain
    created: str  # ISO 8601, as the signer gave it
    software: str
    problem: str = ""  # empty when the signature holds

    @property
    def ok(self) -> bool:
        return not self.problem


def _need_crypto() -> None:
    if ec is None:
        raise ProvenanceError("signing needs the cryptography package: "
                              "pip install 'provenance[wacz]'")


def new_key_pair(folder: Path, *, overwrite: bool = False) -> KeyPair:
    """Make an ECDSA P-256 key pair in ``folder``: the private key readable by its owner
    only, the public key for anyone. An existing pair is kept unless ``overwrite``."""
    _need_crypto()
    private, public = folder / PRIVATE_NAME, folder / PUBLIC_NAME
    if not overwrite and (private.exists() or public.exists()):
        raise ProvenanceError(f"{private} already exists: a new pair would replace the key "
                              "earlier bundles were signed with (give another folder)")
    key = ec.generate_private_key(ec.SECP256R1())
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # Created 0600 from the start: the private key is never readable by others.
        fd = os.open(private, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
        public.write_bytes(key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo))
    except OSError as exc:
        raise ProvenanceError(f"cannot write a key pair in {folder}: "
                              f"{exc.strerror or exc}") from exc
    return KeyPair(private, public, fingerprint(_spki(key.public_key())))


def load_signing_key(path: Path) -> Any:
    """The private key in the PEM file at ``path`` (from ``provenance keys new``)."""
    _need_crypto()
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as exc:
        raise ProvenanceError(f"cannot read the signing key {path}: "
                              f"{exc.strerror or exc}") from exc
    except (ValueError, TypeError) as exc:
        raise ProvenanceError(f"{path}: not an unencrypted PEM private key ({exc})") from exc
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ProvenanceError(f"{path}: not an ECDSA key; WACZ signatures are ECDSA "
                              "(make one with provenance keys new)")
    return key


def new_signer() -> Any:
    """A key for one anonymous signature, never written anywhere."""
    _need_crypto()
    return ec.generate_private_key(ec.SECP256R1())


def sign_hash(key: Any, digest: str, created: str, software: str) -> dict[str, str]:
    """The anonymous ``signedData`` of ``digest`` (the "sha256:..." of datapackage.json)."""
    der = key.sign(digest.encode("ascii"), ec.ECDSA(hashes.SHA256()))
    r, s = decode_dss_signature(der)
    size = (key.curve.key_size + 7) // 8
    return {
        "hash": digest,
        "created": created,
        "software": software,
        "version": SPEC_VERSION,
        "signature": base64.b64encode(r.to_bytes(size, "big") + s.to_bytes(size, "big"))
        .decode("ascii"),
        "publicKey": base64.b64encode(_spki(key.public_key())).decode("ascii"),
    }


def fingerprint(spki_der: bytes) -> str:
    return "sha256:" + hashlib.sha256(spki_der).hexdigest()


def public_key_fingerprint(path: Path) -> str:
    """The fingerprint of the public (or private) key in the PEM file at ``path``."""
    _need_crypto()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ProvenanceError(f"cannot read the key {path}: {exc.strerror or exc}") from exc
    try:
        public = serialization.load_pem_public_key(data)
    except ValueError:
        public = load_signing_key(path).public_key()
    return fingerprint(_spki(public))


def check_signature(signed: Any, digest: str, created: str) -> Signature:
    """Whether ``signed`` (a ``signedData`` object) signs ``digest``, the hash of the
    bundle's datapackage.json, at ``created``, the package's own creation time."""
    if not isinstance(signed, dict):
        return Signature("key", "", "", "", "signedData is not an object")
    when, software = str(signed.get("created", "")), str(signed.get("software", ""))
    kind = "domain" if signed.get("domainCert") else "key"
    if ec is None:  # pragma: no cover - the extra is in the test set
        return Signature(kind, "", when, software,
                         "checking a signature needs pip install 'provenance[wacz]'")
    try:
        if kind == "domain":
            public, names = _certificate_key(str(signed["domainCert"]))
            signer = str(signed.get("domain", ""))
        else:
            spki = base64.b64decode(str(signed["publicKey"]), validate=True)
            public, signer = serialization.load_der_public_key(spki), fingerprint(spki)
        raw = base64.b64decode(str(signed["signature"]), validate=True)
    except (KeyError, ValueError, TypeError, binascii.Error) as exc:
        return Signature(kind, "", when, software, f"signedData cannot be read ({exc})")
    sig = Signature(kind, signer, when, software)
    if kind == "domain" and signer not in names:
        return _failed(sig, f"the domain {signer!r} is not the certificate's "
                            f"({', '.join(names) or 'none'})")
    if signed.get("hash") != digest:
        return _failed(sig, "the signed hash is not the hash of datapackage.json")
    if when != created:
        return _failed(sig, f"the signature's time ({when}) is not the package's "
                            f"created time ({created})")
    if not isinstance(public, ec.EllipticCurvePublicKey):
        return _failed(sig, "the key is not an ECDSA key")
    try:
        public.verify(_der_signature(raw, public), digest.encode("ascii"),
                      ec.ECDSA(hashes.SHA256()))
    except (InvalidSignature, ValueError):
        return _failed(sig, "the signature does not match the signed hash and key")
    return sig


def _failed(sig: Signature, problem: str) -> Signature:
    return Signature(sig.kind, sig.signer, sig.created, sig.software, problem)


def _der_signature(raw: bytes, public: Any) -> bytes:
    size = (public.curve.key_size + 7) // 8
    if len(raw) == 2 * size:  # IEEE P1363, as WebCrypto makes it
        return encode_dss_signature(int.from_bytes(raw[:size], "big"),
                                    int.from_bytes(raw[size:], "big"))
    return raw  # DER, as authsign makes it


def _certificate_key(pem: str) -> tuple[Any, list[str]]:
    """The first certificate's key and the names it is for (common name, DNS names)."""
    # Imported here: only a domain signature has a certificate, and the module takes
    # longer to import than all the rest of signing, which every command imports.
    from cryptography import x509

    cert = x509.load_pem_x509_certificate(pem.encode("ascii"))
    names = [str(a.value) for a in
             cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)]
    try:
        alt = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName)
        names += alt.value.get_values_for_type(x509.DNSName)
    except x509.ExtensionNotFound:
        pass
    return cert.public_key(), names


def _spki(public: Any) -> bytes:
    return bytes(public.public_bytes(serialization.Encoding.DER,
                                     serialization.PublicFormat.SubjectPublicKeyInfo))
