#!/usr/bin/env python3
"""Independent known-answer vectors for app/crypto/messages.ts (decision 028).
Run: python3 app/crypto/kat/make-message-vectors.py > app/crypto/kat/message-vectors.json —
the JSON that messages.test.ts reads.

Computed without libsodium (crypto_box from box_reference.py). A message, version 1:
  header = 0x01 || conversation id || sender id || recipient id (16 bytes each)
           || sequence || sent at, ms since 1970 UTC (8 bytes each, big-endian)
  plaintext = header || text (UTF-8), padded as sodium_pad does (0x80, then zeros) to a
              multiple of 256 bytes
  ciphertext = crypto_box_easy(plaintext, nonce, recipient pk, sender sk)
"""
import json, struct, uuid
from box_reference import b64, box_easy, sodium_pad, x25519_pub

conversation_id = "5e0c7a1d-2b3f-4a6e-8c9d-0f1e2d3c4b5a"
mentor = {"userId": "a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d", "privateKey": bytes(range(0x10, 0x30))}
mentee = {"userId": "0f9e8d7c-6b5a-4c3d-9e2f-1a0b9c8d7e6f", "privateKey": bytes(range(0x50, 0x70))}
for party in (mentor, mentee):
    party["publicKey"] = x25519_pub(party["privateKey"])

def message(sender, recipient, sequence, sent_at, text, nonce):
    header = bytes([1]) + b"".join(uuid.UUID(i).bytes for i in (conversation_id, sender["userId"], recipient["userId"]))
    plaintext = sodium_pad(header + struct.pack(">QQ", sequence, sent_at) + text.encode(), 256)
    return {
        "senderId": sender["userId"], "recipientId": recipient["userId"],
        "sequence": sequence, "sentAt": sent_at, "text": text, "plaintext": b64(plaintext),
        "envelope": {"version": 1, "nonce": b64(nonce),
                     "ciphertext": b64(box_easy(plaintext, nonce, recipient["publicKey"], sender["privateKey"]))},
    }

def keys(party):
    return {"userId": party["userId"], "publicKey": b64(party["publicKey"]), "privateKey": b64(party["privateKey"])}

print(json.dumps({
    "conversationId": conversation_id, "mentor": keys(mentor), "mentee": keys(mentee),
    "mentorToMentee": message(mentor, mentee, 1, 1764806400000, "你好，我是你的同行者。今天过得怎么样？", bytes(range(0x01, 0x19))),
    "menteeToMentor": message(mentee, mentor, 2, 1764806460123, "还行。\n谢谢你 🙏 — Zoë", bytes(range(0x31, 0x49))),
}, ensure_ascii=False, indent=2))
