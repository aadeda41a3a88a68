#!/usr/bin/env python3
"""Writes a fleet of IoT device certificates for the fleet benchmark (scripts/bench_fleet.sh).

One RSA-2048 CA (`CN=certpreflight Fleet CA`), N device certificates (default 100,000)
signed by it with sha256WithRSAEncryption. Device keys are EC P-256; 16 keys are generated
and reused, since only the CA's signature over each device is what the checker verifies.
Dates are fixed (evaluate at 2026-06-01T00:00:00Z): every device starts 2026-01-01 and
device i ends 2026-05-22 + (i mod 1000) days, so a few are expired (days left < 0), some
are near expiry, most are fine. Serial numbers are 0x100000 + i.

Output (not checked in): target/fleet/ca.pem, target/fleet/ca_key.pem,
target/fleet/devices.pem (one bundle, all N PEM blocks). Signing runs on every core.

Usage: python3 scripts/make_fleet.py [N] [OUTDIR]
"""
import datetime as dt
import multiprocessing as mp
import os
import sys

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

UTC = dt.timezone.utc
START = dt.datetime(2026, 1, 1, tzinfo=UTC)
FIRST_END = dt.datetime(2026, 5, 22, tzinfo=UTC)
CA_NAME = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "certpreflight Fleet CA")])

_ca_key = None
_device_keys = None


def _init(ca_key_pem, device_key_pems):
    global _ca_key, _device_keys
    _ca_key = serialization.load_pem_private_key(ca_key_pem, None)
    _device_keys = [serialization.load_pem_private_key(k, None).public_key() for k in device_key_pems]


def _device(i):
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"thing-{i:06d}")]))
        .issuer_name(CA_NAME)
        .public_key(_device_keys[i % len(_device_keys)])
        .serial_number(0x100000 + i)
        .not_valid_before(START)
        .not_valid_after(FIRST_END + dt.timedelta(days=i % 1000))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), critical=False)
        .sign(_ca_key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    out = sys.argv[2] if len(sys.argv) > 2 else "target/fleet"
    os.makedirs(out, exist_ok=True)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca = (
        x509.CertificateBuilder()
        .subject_name(CA_NAME)
        .issuer_name(CA_NAME)
        .public_key(ca_key.public_key())
        .serial_number(0x6F00)
        .not_valid_before(dt.datetime(2025, 1, 1, tzinfo=UTC))
        .not_valid_after(dt.datetime(2045, 1, 1, tzinfo=UTC))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
        .sign(ca_key, hashes.SHA256())
    )
    ca_key_pem = ca_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    device_keys = [
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
        for _ in range(16)
    ]
    with open(os.path.join(out, "ca.pem"), "wb") as f:
        f.write(ca.public_bytes(serialization.Encoding.PEM))
    with open(os.path.join(out, "ca_key.pem"), "wb") as f:
        f.write(ca_key_pem)
    tmp = os.path.join(out, "devices.pem.tmp")
    with mp.Pool(initializer=_init, initargs=(ca_key_pem, device_keys)) as pool, open(tmp, "wb") as f:
        for pem in pool.imap(_device, range(n), chunksize=500):
            f.write(pem)
    os.replace(tmp, os.path.join(out, "devices.pem"))
    print(f"wrote {n} device certificates to {out}/devices.pem, CA in {out}/ca.pem")


if __name__ == "__main__":
    main()
