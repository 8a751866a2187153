"""Signed bundles (WACZ Signing and Verification 0.1.0): a signature that holds says which
key signed and when; a bundle with any byte changed, signature included, fails to verify."""

from __future__ import annotations

import base64
import hashlib
import json
import stat
import zipfile
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from provenance.cache.bundle import verify_bundle
from provenance.cache.signing import PRIVATE_NAME, PUBLIC_NAME
from provenance.cache.zip_framing import canonical_info
from provenance.cli import main
from tests.integration.test_bundle import bundle, checked, wacz_validate

pytest.importorskip("cdxj_indexer")
pytest.importorskip("cryptography")

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def keys(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, str]:
    """A new key pair: private, public, and the fingerprint the command printed."""
    capsys.readouterr()
    assert main(["keys", "new", "--out", str(folder)]) == 0
    printed = capsys.readouterr().out.split()[-1]
    return folder / PRIVATE_NAME, folder / PUBLIC_NAME, printed


def verify(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["bundle", "--verify", str(path), *extra])
    return code, capsys.readouterr().out


def digest_of(path: Path) -> dict:
    with zipfile.ZipFile(path) as wacz:
        return json.loads(wacz.read("datapackage-digest.json"))


def test_a_key_pair_is_made_once_with_a_private_file_only_its_owner_reads(
        tmp_path: Path, capsys) -> None:
    private, public, fingerprint = keys(tmp_path / "k", capsys)
    assert stat.S_IMODE(private.stat().st_mode) == 0o600
    der = serialization.load_pem_public_key(public.read_bytes()).public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    assert fingerprint == "sha256:" + hashlib.sha256(der).hexdigest()
    assert main(["keys", "show", str(private)]) == 0
    assert capsys.readouterr().out.strip() == fingerprint
    before = private.read_bytes()
    assert main(["keys", "new", "--out", str(tmp_path / "k")]) == 2
    assert "already exists" in capsys.readouterr().err
    assert private.read_bytes() == before  # the key earlier bundles were signed with stays


def test_a_bundle_signed_with_a_local_key_verifies_and_names_the_key_and_time(
        tmp_path: Path, httpserver: HTTPServer, capsys) -> None:
    private, public, fingerprint = keys(tmp_path / "k", capsys)
    out = bundle(tmp_path, checked(tmp_path, httpserver), "--sign", str(private))
    signed = digest_of(out)["signedData"]
    with zipfile.ZipFile(out) as wacz:
        package = wacz.read("datapackage.json")
    created = json.loads(package)["created"]
    assert signed["hash"] == "sha256:" + hashlib.sha256(package).hexdigest()
    assert signed["created"] == created  # the spec's verifiers require the package's time
    code, said = verify(out, capsys)
    assert code == 0, said
    assert f"signed {created} by key {fingerprint}" in said
    assert "not whose it is" in said
    code, said = verify(out, capsys, "--key", str(public))
    assert code == 0, said
    assert "the key is the one given with --key" in said


def test_the_signature_is_the_specs_anonymous_form_checked_here_without_our_code(
        tmp_path: Path, httpserver: HTTPServer) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver), "--sign-anonymous")
    signed = digest_of(out)["signedData"]
    assert set(signed) == {"hash", "created", "software", "version", "signature", "publicKey"}
    public = serialization.load_der_public_key(base64.b64decode(signed["publicKey"]))
    assert isinstance(public, ec.EllipticCurvePublicKey)
    raw = base64.b64decode(signed["signature"])
    half = len(raw) // 2  # IEEE P1363 r || s, as WebCrypto signs and verifies
    public.verify(encode_dss_signature(int.from_bytes(raw[:half], "big"),
                                       int.from_bytes(raw[half:], "big")),
                  signed["hash"].encode(), ec.ECDSA(hashes.SHA256()))


def test_wacz_validate_accepts_signed_bundles(tmp_path: Path, httpserver: HTTPServer,
                                              capsys) -> None:
    private, _, _ = keys(tmp_path / "k", capsys)
    report = checked(tmp_path, httpserver)
    for extra in (["--sign", str(private)], ["--sign-anonymous"]):
        out = bundle(tmp_path, report, *extra)
        result = wacz_validate(out)
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Validation succeeded" in result.stdout


def _data_offset(path: Path, member: str) -> tuple[int, int]:
    """Where ``member``'s bytes start in the ZIP file, and how many there are."""
    with zipfile.ZipFile(path) as wacz:
        info = wacz.getinfo(member)
    return info.header_offset + 30 + len(info.orig_filename.encode()), info.compress_size


def _flip(path: Path, at: int) -> None:
    data = bytearray(path.read_bytes())
    data[at] ^= 0x01
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("member", ["archive", "datapackage.json", "datapackage-digest.json",
                                    "indexes/index.cdx", "report/story.json"])
@pytest.mark.parametrize("where", [0.0, 0.5, 1.0])
def test_one_bit_changed_in_any_member_of_a_signed_bundle_fails(
        tmp_path: Path, httpserver: HTTPServer, capsys, member: str, where: float) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver), "--sign-anonymous")
    if member == "archive":
        with zipfile.ZipFile(out) as wacz:
            member = next(n for n in wacz.namelist() if n.startswith("archive/"))
    start, size = _data_offset(out, member)
    _flip(out, start + min(size - 1, int(size * where)))
    code, said = verify(out, capsys)
    assert code == 1
    assert "NOT verified" in said
    assert member in said or "not a readable WACZ file" in said


def _rezip(path: Path, change: str, data: bytes) -> None:
    """The bundle as written, but with ``change``'s bytes replaced: a well-formed ZIP in the
    bundle's own form, so only the hashes and the signature can tell."""
    with zipfile.ZipFile(path) as wacz:
        members = [(name, wacz.read(name)) for name in wacz.namelist()]
    with zipfile.ZipFile(path, "w") as wacz:
        for name, old in members:
            wacz.writestr(canonical_info(name), data if name == change else old)


def test_the_signature_itself_changed_fails(tmp_path: Path, httpserver: HTTPServer,
                                            capsys) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver), "--sign-anonymous")
    digest = digest_of(out)
    signature = bytearray(base64.b64decode(digest["signedData"]["signature"]))
    signature[5] ^= 0x01
    digest["signedData"]["signature"] = base64.b64encode(bytes(signature)).decode()
    _rezip(out, "datapackage-digest.json", json.dumps(digest, indent=2).encode())
    code, said = verify(out, capsys)
    assert code == 1
    assert "datapackage-digest.json: the signature does not hold: the signature does not " \
        "match the signed hash and key" in said
    assert said.count("\n") == 2  # that problem alone, then the verdict


def test_a_signature_moved_to_another_time_fails(tmp_path: Path, httpserver: HTTPServer,
                                                 capsys) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver), "--sign-anonymous")
    digest = digest_of(out)
    digest["signedData"]["created"] = "2001-01-01T00:00:00Z"
    _rezip(out, "datapackage-digest.json", json.dumps(digest, indent=2).encode())
    code, said = verify(out, capsys)
    assert code == 1
    assert "the signature's time (2001-01-01T00:00:00Z) is not the package's created" in said


def test_a_bundle_changed_and_signed_again_by_another_key_fails_against_the_signers_key(
        tmp_path: Path, httpserver: HTTPServer, capsys) -> None:
    mine, my_public, my_print = keys(tmp_path / "mine", capsys)
    theirs, _, their_print = keys(tmp_path / "theirs", capsys)
    report = checked(tmp_path, httpserver)
    out = bundle(tmp_path, report, "--sign", str(mine))
    # Someone edits the report and bundles it again with their own key: every hash holds and
    # so does their signature; only the expected key tells.
    text = report.read_text(encoding="utf-8").replace('"missing"', '"found"', 1)
    report.write_text(text, encoding="utf-8")
    out = bundle(tmp_path, report, "--sign", str(theirs))
    code, said = verify(out, capsys)
    assert code == 0 and their_print in said
    code, said = verify(out, capsys, "--key", str(my_public))
    assert code == 1
    assert f"signed with key {their_print}, not with {my_public} ({my_print})" in said
    unsigned = bundle(tmp_path, report)
    code, said = verify(unsigned, capsys, "--key", str(my_public))
    assert code == 1 and "not signed, but" in said


def test_a_bad_key_file_is_a_clear_error(tmp_path: Path, httpserver: HTTPServer,
                                         capsys) -> None:
    report = checked(tmp_path, httpserver)
    bogus = tmp_path / "bogus.pem"
    bogus.write_text("not a key\n", encoding="utf-8")
    capsys.readouterr()
    for key in (bogus, tmp_path / "absent.pem"):
        assert main(["bundle", str(report), "--out", str(tmp_path / "x.wacz"), "--cache",
                     str(tmp_path / "cache"), "--sign", str(key)]) == 2
        err = capsys.readouterr().err
        assert str(key) in err and "Traceback" not in err
    assert not (tmp_path / "x.wacz").exists()


def _every_byte_fails(path: Path, step: int) -> list[int]:
    original = path.read_bytes()
    passed = []
    for at in range(0, len(original), step):
        data = bytearray(original)
        data[at] ^= 0x01
        path.write_bytes(bytes(data))
        if verify_bundle(path).ok:
            passed.append(at)
    path.write_bytes(original)
    return passed


def test_a_bit_changed_anywhere_in_the_file_fails_sampled(tmp_path: Path,
                                                          httpserver: HTTPServer) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver), "--sign-anonymous")
    assert verify_bundle(out).ok
    assert _every_byte_fails(out, 37) == []  # ZIP framing included


@pytest.mark.slow
def test_a_bit_changed_anywhere_in_the_file_fails_every_byte(tmp_path: Path,
                                                             httpserver: HTTPServer) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver), "--sign-anonymous")
    assert _every_byte_fails(out, 1) == []


def test_a_wacz_from_another_tool_is_checked_by_its_hashes_not_our_zip_form(
        tmp_path: Path, httpserver: HTTPServer, capsys) -> None:
    out = bundle(tmp_path, checked(tmp_path, httpserver))
    with zipfile.ZipFile(out) as wacz:
        members = {name: wacz.read(name) for name in wacz.namelist()}
    package = json.loads(members["datapackage.json"])
    package["software"] = "another archiving tool 1.0"
    members["datapackage.json"] = json.dumps(package).encode()
    members["datapackage-digest.json"] = json.dumps({
        "path": "datapackage.json",
        "hash": "sha256:" + hashlib.sha256(members["datapackage.json"]).hexdigest()}).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as wacz:  # deflated, dated now
        for name, data in members.items():
            wacz.writestr(name, data)
    code, said = verify(out, capsys)
    assert code == 0, said
    assert "by another archiving tool 1.0" in said and "not signed" in said
    package["software"] = "provenance 0.1.0"  # the same file, claiming to be ours
    members["datapackage.json"] = json.dumps(package).encode()
    members["datapackage-digest.json"] = json.dumps({
        "path": "datapackage.json",
        "hash": "sha256:" + hashlib.sha256(members["datapackage.json"]).hexdigest()}).encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as wacz:
        for name, data in members.items():
            wacz.writestr(name, data)
    code, said = verify(out, capsys)
    assert code == 1 and "its ZIP directory entry is not as written" in said


@pytest.mark.parametrize(("argv", "said"), [
    (["keys", "show"], "keys show: give the key file"),
    (["keys", "show", "absent.pem"], "cannot read the key absent.pem"),
    (["bundle", "--verify", "x.wacz", "--sign-anonymous"], "--sign and --sign-anonymous sign"),
    (["bundle", "--import", "x.wacz", "--sign", "k.pem"], "--sign and --sign-anonymous sign"),
    (["bundle", "--key", "k.pub.pem"], "--key names the key expected"),
])
def test_key_and_signing_options_misused_say_why(argv: list[str], said: str, capsys,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert said in err and "Traceback" not in err


@pytest.mark.parametrize("curve", [ec.SECP256R1(), ec.SECP384R1()], ids=["P-256", "P-384"])
@pytest.mark.parametrize("encoding", ["p1363", "der"])
def test_signatures_other_tools_make_are_checked(curve: ec.EllipticCurve, encoding: str) -> None:
    """ArchiveWeb.page signs with WebCrypto (P-384, r || s); authsign with DER signatures."""
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    from provenance.cache.signing import check_signature, fingerprint

    key = ec.generate_private_key(curve)
    digest = "sha256:" + hashlib.sha256(b"a synthetic datapackage.json").hexdigest()
    der = key.sign(digest.encode(), ec.ECDSA(hashes.SHA256()))
    if encoding == "p1363":
        size = (curve.key_size + 7) // 8
        r, s = decode_dss_signature(der)
        raw = r.to_bytes(size, "big") + s.to_bytes(size, "big")
    else:
        raw = der
    spki = key.public_key().public_bytes(serialization.Encoding.DER,
                                         serialization.PublicFormat.SubjectPublicKeyInfo)
    signed = {"hash": digest, "created": "2026-01-01T00:00:00Z", "software": "another tool",
              "signature": base64.b64encode(raw).decode(),
              "publicKey": base64.b64encode(spki).decode()}
    sig = check_signature(signed, digest, "2026-01-01T00:00:00Z")
    assert sig.ok, sig.problem
    assert sig.signer == fingerprint(spki) and sig.software == "another tool"
    other = "sha256:" + hashlib.sha256(b"another datapackage.json").hexdigest()
    assert "the signed hash is not the hash" in check_signature(
        signed, other, "2026-01-01T00:00:00Z").problem
    assert "does not match" in check_signature(
        dict(signed, hash=other), other, "2026-01-01T00:00:00Z").problem


def test_a_domain_signature_is_checked_against_its_own_certificate(
        tmp_path: Path, httpserver: HTTPServer, capsys) -> None:
    """The spec's domain form, as authsign makes it (a certificate from a local test CA
    here): the signature is checked with the certificate's key and the domain against the
    certificate; the chain's trust and the timestamp are said to be left unchecked."""
    trustme = pytest.importorskip("trustme")
    leaf = trustme.CA().issue_cert("archive.example.test")
    key = serialization.load_pem_private_key(leaf.private_key_pem.bytes(), password=None)
    out = bundle(tmp_path, checked(tmp_path, httpserver))
    digest = digest_of(out)
    with zipfile.ZipFile(out) as wacz:
        created = json.loads(wacz.read("datapackage.json"))["created"]
    chain = "".join(pem.bytes().decode() for pem in leaf.cert_chain_pems)
    signed = {"hash": digest["hash"], "created": created, "software": "authsign 0.5",
              "version": "0.1.0", "domain": "archive.example.test", "domainCert": chain,
              "signature": base64.b64encode(key.sign(digest["hash"].encode(),
                                                     ec.ECDSA(hashes.SHA256()))).decode(),
              "timeSignature": "", "timestampCert": ""}
    _rezip(out, "datapackage-digest.json",
           json.dumps(dict(digest, signedData=signed)).encode())
    code, said = verify(out, capsys)
    assert code == 0, said
    assert "for the domain archive.example.test" in said
    assert "the certificate's chain and the timestamp are not checked here" in said
    _rezip(out, "datapackage-digest.json", json.dumps(dict(
        digest, signedData=dict(signed, domain="news.example.test"))).encode())
    code, said = verify(out, capsys)
    assert code == 1
    assert "the domain 'news.example.test' is not the certificate's" in said
