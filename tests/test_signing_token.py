"""Signing with a PKCS#11 token: SoftHSM stands in for a certificate authority's USB token.

Skipped when SoftHSM is not installed (``apt-get install softhsm2``; ``.ci/run`` installs it where
apt works). The token is made afresh in a temporary folder: a key pair generated on it, the
certificate issued by the throwaway CA and stored beside the key, as the CAs deliver tokens.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from pki import issue, make_pki

MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
    "/usr/local/lib/softhsm/libsofthsm2.so",
)
MODULE = next((m for m in MODULES if Path(m).is_file()), None)
PIN = "123456"
LABEL = "nguoi-ky"

pytestmark = pytest.mark.skipif(
    MODULE is None or shutil.which("softhsm2-util") is None,
    reason="SoftHSM (softhsm2) is not installed",
)


@pytest.fixture(scope="module")
def token(tmp_path_factory: pytest.TempPathFactory):
    """A SoftHSM token holding a signing key and its certificate; yields the throwaway PKI."""
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    patch = pytest.MonkeyPatch()
    patch.setenv("SOFTHSM2_CONF", str(conf))
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", "madinhdanh",
         "--pin", PIN, "--so-pin", "654321"],
        check=True, capture_output=True,
    )  # fmt: skip
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509 import Name, NameAttribute
    from cryptography.x509.oid import NameOID
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    pki = make_pki(folder / "pki")
    lib = pkcs11.lib(MODULE)
    with lib.get_token(token_label="madinhdanh").open(rw=True, user_pin=PIN) as session:
        public, _ = session.generate_keypair(KeyType.RSA, 2048, store=True, label=LABEL, id=b"\x01")
        numbers = rsa.RSAPublicNumbers(
            int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
            int.from_bytes(public[Attribute.MODULUS], "big"),
        )
        subject = Name([NameAttribute(NameOID.COMMON_NAME, "Trần Thị Bình")])
        cert = issue(subject, numbers.public_key(), pki.ca_cert.subject, pki.ca_key, ca=False)
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: LABEL,
                Attribute.ID: b"\x01",
                Attribute.SUBJECT: subject.public_bytes(),
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            }
        )
    yield pki
    patch.undo()


def test_a_report_signed_on_the_token_verifies(
    token, cli, official_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    assert cli("sign-settings", f"pkcs11_module={MODULE}")[0] == 0
    monkeypatch.setenv("MADINHDANH_PKCS11_PIN", PIN)
    target = tmp_path / "tree.pdf"
    rc, out, err = cli("--db", str(official_db), "report", "--token", str(target))
    assert rc == 0, err
    assert "Đã ký số: Trần Thị Bình" in out
    rc, out, _ = cli(
        "--db", str(official_db), "verify-pdf", str(target), "--trust", str(token.ca_pem),
        "--json",
    )  # fmt: skip
    result = json.loads(out)
    assert rc == 0 and result["ok"], result["verdict"]
    assert result["signatures"][0]["signer"] == "Trần Thị Bình"
    assert result["registry"][0]["signer"] == "Trần Thị Bình"


def test_a_wrong_pin_is_bad_input_and_nothing_is_written(
    token, cli, official_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    assert cli("sign-settings", f"pkcs11_module={MODULE}")[0] == 0
    monkeypatch.setenv("MADINHDANH_PKCS11_PIN", "000000")
    rc, _, err = cli("--db", str(official_db), "report", "--token", str(tmp_path / "t.pdf"))
    assert rc == 2 and "sai mã PIN" in err
    assert [p.name for p in tmp_path.iterdir()] == [official_db.name]


def test_a_token_with_two_certificates_needs_the_key_label(
    token, cli, official_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509 import Name, NameAttribute
    from cryptography.x509.oid import NameOID
    from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass

    with (
        pkcs11.lib(MODULE)
        .get_token(token_label="madinhdanh")
        .open(rw=True, user_pin=PIN) as session
    ):
        public, _ = session.generate_keypair(
            KeyType.RSA, 2048, store=True, label="ma-hoa", id=b"\x02"
        )
        numbers = rsa.RSAPublicNumbers(
            int.from_bytes(public[Attribute.PUBLIC_EXPONENT], "big"),
            int.from_bytes(public[Attribute.MODULUS], "big"),
        )
        subject = Name([NameAttribute(NameOID.COMMON_NAME, "Lê Văn Cường")])
        cert = issue(subject, numbers.public_key(), token.ca_cert.subject, token.ca_key, ca=False)
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: "chung-thu-2",  # labelled unlike its key: matched by id
                Attribute.ID: b"\x02",
                Attribute.SUBJECT: subject.public_bytes(),
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
            }
        )
    monkeypatch.setenv("MADINHDANH_PKCS11_PIN", PIN)
    assert cli("sign-settings", f"pkcs11_module={MODULE}")[0] == 0
    rc, _, err = cli("--db", str(official_db), "report", "--token", str(tmp_path / "a.pdf"))
    assert rc == 2 and "key_label" in err and "chung-thu-2" in err
    assert cli("sign-settings", "key_label=chung-thu-2")[0] == 0
    rc, out, err = cli("--db", str(official_db), "report", "--token", str(tmp_path / "b.pdf"))
    assert rc == 0, err
    assert "Đã ký số: Lê Văn Cường" in out
