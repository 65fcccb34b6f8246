#!/usr/bin/env python3
"""Independent known-answer vector for app/crypto/vault.ts (decisions 003, 011 and 014).
Run: python3 app/crypto/kat/make-vault-vectors.py > app/crypto/kat/vault-vectors.json — the
JSON that vault.test.ts reads (kept in a file: the padded ciphertext alone is 5,525 characters).

Computed without libsodium: X25519 and Poly1305 and ChaCha20-Poly1305 from `cryptography`,
BLAKE2b from hashlib, Salsa20/HSalsa20 written out in box_reference.py, HChaCha20 below.
crypto_box_seal(m, pk) = epk || crypto_box_easy(m, nonce = BLAKE2b-192(epk || pk), pk, esk),
crypto_box_easy(m, n, pk, sk) = XSalsa20-Poly1305 under HSalsa20(X25519(sk, pk), 0^16).
The owner's copy (decision 011) is nonce || crypto_box_easy(data key, nonce, owner pk, owner sk);
the plaintext (version 2: fields and key pins, decision 014) is padded as sodium_pad does
(0x80, then zeros) to 4096 bytes.
"""
import json, struct
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from box_reference import M32, b64, box_easy, box_seal, rotl, sodium_pad, x25519_pub

# --- XChaCha20-Poly1305 (as in make-vectors.py) ----------------------------------------
def hchacha20(key, nonce16):
    s = [0x61707865, 0x3320646e, 0x79622d32, 0x6b206574] + list(struct.unpack("<8I", key)) + list(struct.unpack("<4I", nonce16))
    def qr(a, b, c, d):
        s[a] = (s[a] + s[b]) & M32; s[d] = rotl(s[d] ^ s[a], 16)
        s[c] = (s[c] + s[d]) & M32; s[b] = rotl(s[b] ^ s[c], 12)
        s[a] = (s[a] + s[b]) & M32; s[d] = rotl(s[d] ^ s[a], 8)
        s[c] = (s[c] + s[d]) & M32; s[b] = rotl(s[b] ^ s[c], 7)
    for _ in range(10):
        qr(0, 4, 8, 12); qr(1, 5, 9, 13); qr(2, 6, 10, 14); qr(3, 7, 11, 15)
        qr(0, 5, 10, 15); qr(1, 6, 11, 12); qr(2, 7, 8, 13); qr(3, 4, 9, 14)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))
def envelope(key, nonce, plaintext, ad):
    ct = ChaCha20Poly1305(hchacha20(key, nonce[:16])).encrypt(bytes(4) + nonce[16:], plaintext, ad)
    return f"v1.xc20p.{b64(nonce)}.{b64(ct)}"

# The TypeScript test opens this vector with libsodium (crypto_box_open_easy or
# crypto_box_seal_open, sodium_unpad, then the envelope), so any slip in the code above
# shows up there as a failed known answer.

owner_id = "3f1c2a9e-5b7d-4c1e-9a2b-0123456789ab"
staff_id = "7d2e4f60-8a1b-4c3d-9e5f-a0b1c2d3e4f5"
owner_sk = bytes(range(0x20, 0x40)); owner_pk = x25519_pub(owner_sk)
staff_sk = bytes(range(0x60, 0x80)); staff_pk = x25519_pub(staff_sk)
data_key = bytes(range(0xC0, 0xE0))
nonce = bytes(range(0x01, 0x19))
owner_box_nonce = bytes(range(0x40, 0x58))
planter_sk = bytes(range(0x80, 0xA0))  # someone else's key pair, e.g. the server's
fields = {"legalName": "阿依古丽·买买提", "phone": "+86 138 0013 8000", "nationalId": "11010519491231002X",
          "address": "北京市朝阳区建国路 88 号", "dateOfBirth": "1949-12-31",
          "emergencyContactName": "Zoë O'Brien", "emergencyContactPhone": "010-12345678-8001"}
pins = {staff_id: b64(staff_pk)}  # the staff member's key, pinned when the owner shared with them
plaintext = json.dumps({"v": 2, "fields": fields, "pins": pins}, ensure_ascii=False, separators=(",", ":"))
ad = f"tongxing.identity-vault.v2:{owner_id}:7"
padded = sodium_pad(plaintext.encode(), 4096)
assert len(padded) == 4096
out = {
    "ownerId": owner_id, "keyVersion": 7,
    "owner": {"publicKey": b64(owner_pk), "privateKey": b64(owner_sk)},
    "staff": {"userId": staff_id, "publicKey": b64(staff_pk), "privateKey": b64(staff_sk)},
    "dataKey": b64(data_key), "plaintext": plaintext, "fields": fields, "pins": pins,
    "ciphertext": envelope(data_key, nonce, padded, ad.encode()),
    "ownerKey": "v2.box." + b64(owner_box_nonce + box_easy(data_key, owner_box_nonce, owner_pk, owner_sk)),
    "staffSealedKey": "v1.sealed." + b64(box_seal(data_key, staff_pk, bytes(range(0xE0, 0x100)))),
    # What a planter who knows only the owner's public key can make: refused by the owner.
    "plantedSealedOwnerKey": "v1.sealed." + b64(box_seal(data_key, owner_pk, bytes(range(0xA0, 0xC0)))),
    "plantedBoxOwnerKey": "v2.box." + b64(owner_box_nonce + box_easy(data_key, owner_box_nonce, owner_pk, planter_sk)),
}
print(json.dumps(out, ensure_ascii=False, indent=2))
