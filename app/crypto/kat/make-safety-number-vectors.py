#!/usr/bin/env python3
"""Independent known-answer vectors for app/crypto/safety-number.ts (decision 014).
Run: python3 app/crypto/kat/make-safety-number-vectors.py — prints the JSON that
safety-number.test.ts hard-codes. BLAKE2b from Python's hashlib, no libsodium; the
X25519 public key of the second vector from `cryptography`.

  d = BLAKE2b-512(key = "tongxing.safety-number.v1", message = public key)
  5200 times: d = BLAKE2b-512(key = "tongxing.safety-number.v1", message = d || public key)
  group i (0..5) = big-endian integer of d[5i : 5i+5] mod 100000, as 5 digits
"""
import base64, hashlib, json
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives import serialization

KEY = b"tongxing.safety-number.v1"
ITERATIONS = 5200

def b64(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

def safety_number(public_key):
    d = hashlib.blake2b(public_key, key=KEY, digest_size=64).digest()
    for _ in range(ITERATIONS):
        d = hashlib.blake2b(d + public_key, key=KEY, digest_size=64).digest()
    return " ".join(f"{int.from_bytes(d[5 * i:5 * i + 5], 'big') % 100000:05d}" for i in range(6))

counting = bytes(range(32))
private = bytes(range(0x20, 0x40))  # the owner key of make-vault-vectors.py
public = X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
print(json.dumps({
    "counting": {"publicKey": b64(counting), "safetyNumber": safety_number(counting)},
    "owner": {"privateKey": b64(private), "publicKey": b64(public), "safetyNumber": safety_number(public)},
    "zeros": {"publicKey": b64(bytes(32)), "safetyNumber": safety_number(bytes(32))},
}, indent=2))
