"""crypto_box written out without libsodium, for the known-answer scripts here
(make-vault-vectors.py, make-message-vectors.py): X25519 and Poly1305 from `cryptography`,
BLAKE2b from hashlib, Salsa20/HSalsa20 written out below.

crypto_box_easy(m, n, pk, sk) = XSalsa20-Poly1305 under HSalsa20(X25519(sk, pk), 0^16),
crypto_box_seal(m, pk) = epk || crypto_box_easy(m, nonce = BLAKE2b-192(epk || pk), pk, esk).
"""
import base64, hashlib, struct
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.poly1305 import Poly1305
from cryptography.hazmat.primitives import serialization

def b64(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
M32 = 0xffffffff
def rotl(v, c): return ((v << c) & M32) | (v >> (32 - c))

# --- Salsa20 family -------------------------------------------------------------------
SIGMA = struct.unpack("<4I", b"expand 32-byte k")
def salsa_rounds(x):
    x = list(x)
    def qr(a, b, c, d):
        x[b] ^= rotl((x[a] + x[d]) & M32, 7); x[c] ^= rotl((x[b] + x[a]) & M32, 9)
        x[d] ^= rotl((x[c] + x[b]) & M32, 13); x[a] ^= rotl((x[d] + x[c]) & M32, 18)
    for _ in range(10):
        qr(0, 4, 8, 12); qr(5, 9, 13, 1); qr(10, 14, 2, 6); qr(15, 3, 7, 11)
        qr(0, 1, 2, 3); qr(5, 6, 7, 4); qr(10, 11, 8, 9); qr(15, 12, 13, 14)
    return x
def salsa_state(key, in16):
    k = struct.unpack("<8I", key); n = struct.unpack("<4I", in16)
    return [SIGMA[0], k[0], k[1], k[2], k[3], SIGMA[1], n[0], n[1], n[2], n[3], SIGMA[2], k[4], k[5], k[6], k[7], SIGMA[3]]
def hsalsa20(key, nonce16):
    x = salsa_rounds(salsa_state(key, nonce16))
    return struct.pack("<8I", *[x[i] for i in (0, 5, 10, 15, 6, 7, 8, 9)])
def salsa20_block(key, nonce8, counter):
    s = salsa_state(key, nonce8 + struct.pack("<Q", counter))
    x = salsa_rounds(s)
    return struct.pack("<16I", *[(a + b) & M32 for a, b in zip(x, s)])
def salsa20_stream(key, nonce8, length):
    out = b""; counter = 0
    while len(out) < length:
        out += salsa20_block(key, nonce8, counter); counter += 1
    return out[:length]
def xsalsa20poly1305(key, nonce24, m):  # crypto_secretbox_easy: mac || c
    subkey = hsalsa20(key, nonce24[:16])
    stream = salsa20_stream(subkey, nonce24[16:], 32 + len(m))
    c = bytes(a ^ b for a, b in zip(m, stream[32:]))
    return Poly1305.generate_tag(stream[:32], c) + c

def x25519_pub(sk): return X25519PrivateKey.from_private_bytes(sk).public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
def box_easy(m, nonce, pk, sk):
    shared = X25519PrivateKey.from_private_bytes(sk).exchange(X25519PublicKey.from_public_bytes(pk))
    return xsalsa20poly1305(hsalsa20(shared, bytes(16)), nonce, m)
def box_seal(m, pk, esk):
    epk = x25519_pub(esk)
    return epk + box_easy(m, hashlib.blake2b(epk + pk, digest_size=24).digest(), pk, esk)
def sodium_pad(m, blocksize):  # ISO/IEC 7816-4: 0x80, then zeros up to the next multiple (always at least one byte)
    return m + b"\x80" + bytes(blocksize - 1 - len(m) % blocksize)

