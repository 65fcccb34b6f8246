#!/usr/bin/env python3
"""Independent known-answer vectors for app/crypto (decision 001).

Computed without libsodium: Argon2id from the reference C library (libargon2.so.1,
Debian package libargon2-1), BLAKE2b from Python's hashlib, XChaCha20-Poly1305 as
HChaCha20 (written out below) + ChaCha20-Poly1305 IETF from `cryptography`, X25519
from `cryptography`. Run: python3 app/crypto/kat/make-vectors.py  — it prints the JSON
that account-keys.test.ts and envelope.test.ts hard-code.
"""
import base64, ctypes, hashlib, json, struct, unicodedata
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives import serialization

argon2 = ctypes.CDLL("libargon2.so.1")
ARGON2_ID, ARGON2_VERSION_13 = 2, 0x13

def b64(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()

def argon2id(password, salt, opslimit, memlimit):
    out = ctypes.create_string_buffer(32)
    rc = argon2.argon2_hash(ctypes.c_uint32(opslimit), ctypes.c_uint32(memlimit // 1024), ctypes.c_uint32(1),
                            password, ctypes.c_size_t(len(password)), salt, ctypes.c_size_t(len(salt)),
                            out, ctypes.c_size_t(32), None, ctypes.c_size_t(0), ARGON2_ID, ARGON2_VERSION_13)
    assert rc == 0, rc
    return out.raw

def kdf(master, subkey_id, ctx):  # crypto_kdf_derive_from_key (BLAKE2b)
    return hashlib.blake2b(b"", key=master, salt=struct.pack("<Q", subkey_id) + bytes(8),
                           person=ctx.encode() + bytes(8), digest_size=32).digest()

def rotl(v, c): return ((v << c) & 0xffffffff) | (v >> (32 - c))
def hchacha20(key, nonce16):
    s = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574] + list(struct.unpack("<8I", key)) + list(struct.unpack("<4I", nonce16))
    def qr(a, b, c, d):
        s[a] = (s[a] + s[b]) & 0xffffffff; s[d] = rotl(s[d] ^ s[a], 16)
        s[c] = (s[c] + s[d]) & 0xffffffff; s[b] = rotl(s[b] ^ s[c], 12)
        s[a] = (s[a] + s[b]) & 0xffffffff; s[d] = rotl(s[d] ^ s[a], 8)
        s[c] = (s[c] + s[d]) & 0xffffffff; s[b] = rotl(s[b] ^ s[c], 7)
    for _ in range(10):
        qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15)
        qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))

def xchacha20poly1305(key, nonce24, plaintext, ad):
    return ChaCha20Poly1305(hchacha20(key, nonce24[:16])).encrypt(bytes(4) + nonce24[16:], plaintext, ad)

def envelope(key, nonce, plaintext, ad): return f"v1.xc20p.{b64(nonce)}.{b64(xchacha20poly1305(key, nonce, plaintext, ad))}"

CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
def crockford(b): return base64.b32encode(b).decode().translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", CROCKFORD))

out = {}
# Account keys: a passphrase with full-width letters (NFKC folds them) and CJK.
passphrase = "Ｔｏｎｇｘｉｎｇ 同行 correct horse"
salt = bytes(range(16))
for name, ops, mem in [("small", 2, 64 * 1024), ("v1", 3, 64 * 1024 * 1024)]:
    master = argon2id(unicodedata.normalize("NFKC", passphrase).encode(), salt, ops, mem)
    out["account_" + name] = {"passphrase": passphrase, "kdfSalt": b64(salt), "opslimit": ops, "memlimit": mem,
                              "authKey": b64(kdf(master, 1, "txacct__")), "wrapKey": b64(kdf(master, 2, "txacct__"))}

# Recovery code.
code = bytes(range(0xA0, 0xB4))
rmaster = hashlib.blake2b(code, key=b"tongxing.recovery.v1", digest_size=32).digest()
out["recovery"] = {"code": crockford(code), "authKey": b64(kdf(rmaster, 1, "txrecov_")), "wrapKey": b64(kdf(rmaster, 2, "txrecov_"))}

# Envelope and private-key wrapping.
key = bytes(range(0x80, 0xA0)); nonce = bytes(range(0x40, 0x58))
out["envelope"] = {"key": b64(key), "ad": "tongxing.test.v1", "plaintext": "同行 envelope",
                   "envelope": envelope(key, nonce, "同行 envelope".encode(), b"tongxing.test.v1")}
private = bytes(range(0x10, 0x30))
public = X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
wrap_key = base64.urlsafe_b64decode(out["account_small"]["wrapKey"] + "=")
out["wrapping"] = {"privateKey": b64(private), "publicKey": b64(public),
                   "passphraseWrapped": envelope(wrap_key, nonce, private, b"tongxing.private-key.passphrase.v1")}

# Server hash made by the reference library (PHC string), for verifyAuthKey interop.
encoded = ctypes.create_string_buffer(256)
auth_key = out["account_small"]["authKey"].encode()
rc = argon2.argon2_hash(ctypes.c_uint32(2), ctypes.c_uint32(19 * 1024), ctypes.c_uint32(1), auth_key, ctypes.c_size_t(len(auth_key)),
                        bytes(range(16)), ctypes.c_size_t(16), None, ctypes.c_size_t(32), encoded, ctypes.c_size_t(256), ARGON2_ID, ARGON2_VERSION_13)
assert rc == 0, rc
out["authKeyHash"] = {"authKey": auth_key.decode(), "hash": encoded.value.decode()}
print(json.dumps(out, ensure_ascii=False, indent=2))
