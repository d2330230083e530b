"""A throwaway certificate authority and signer, made with ``cryptography`` for the tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PASSWORD = "mật-khẩu 123"


def _name(common: str, org: str = "Sở Khoa học và Công nghệ") -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def issue(
    subject: x509.Name,
    public_key,
    issuer: x509.Name,
    issuer_key,
    *,
    ca: bool,
    days: int = 365,
    eku: list | None = None,
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                content_commitment=not ca,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
    )
    if not ca:
        usages = eku or [ExtendedKeyUsageOID.EMAIL_PROTECTION]
        builder = builder.add_extension(x509.ExtendedKeyUsage(usages), critical=eku is not None)
    return builder.sign(issuer_key, hashes.SHA256())


@dataclass
class Pki:
    folder: Path
    ca_cert: x509.Certificate
    ca_key: rsa.RSAPrivateKey
    signer_cert: x509.Certificate
    signer_key: rsa.RSAPrivateKey

    @property
    def ca_pem(self) -> Path:
        return self.folder / "ca.pem"

    @property
    def p12(self) -> Path:
        return self.folder / "nguoi-ky.p12"


def make_pki(folder: Path, signer: str = "Nguyễn Văn An", ca_name: str = "CA Thử nghiệm") -> Pki:
    folder.mkdir(parents=True, exist_ok=True)
    ca_key = key()
    ca_cert = issue(
        _name(ca_name, "CA Thử nghiệm"),
        ca_key.public_key(),
        _name(ca_name, "CA Thử nghiệm"),
        ca_key,
        ca=True,
        days=3650,
    )
    signer_key = key()
    signer_cert = issue(_name(signer), signer_key.public_key(), ca_cert.subject, ca_key, ca=False)
    pki = Pki(folder, ca_cert, ca_key, signer_cert, signer_key)
    pki.ca_pem.write_bytes(ca_cert.public_bytes(serialization.Encoding.PEM))
    pki.p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"signer",
            signer_key,
            signer_cert,
            [ca_cert],
            serialization.BestAvailableEncryption(PASSWORD.encode()),
        )
    )
    return pki
