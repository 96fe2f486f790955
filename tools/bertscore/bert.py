"""Numpy forward pass of all-MiniLM-L6-v2 (BERT) + token-state cache for the 5 seed articles."""
import json, os, pickle, math
import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer
try:
    from scipy.special import erf
except ImportError:
    erf = np.vectorize(math.erf)

D = os.path.expanduser('~/.local/share/parallax/models/all-MiniLM-L6-v2')
W = load_file(D + '/model.safetensors')
CFG = json.load(open(D + '/config.json'))
TOK = Tokenizer.from_file(D + '/tokenizer.json')
TOK.no_padding()
TOK.enable_truncation(256)
H, NH, L, EPS = CFG['hidden_size'], CFG['num_attention_heads'], CFG['num_hidden_layers'], CFG['layer_norm_eps']

def ln(x, p):
    m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + EPS) * W[p + '.weight'] + W[p + '.bias']

def lin(x, p):
    return x @ W[p + '.weight'].T + W[p + '.bias']

def forward(ids):
    """ids: list of token ids (single sequence, no padding). Returns last hidden states (T, H)."""
    ids = np.asarray(ids); T = len(ids)
    x = W['embeddings.word_embeddings.weight'][ids] + W['embeddings.position_embeddings.weight'][:T] \
        + W['embeddings.token_type_embeddings.weight'][0]
    x = ln(x.astype(np.float64), 'embeddings.LayerNorm')
    dh = H // NH
    for l in range(L):
        p = f'encoder.layer.{l}.'
        q = lin(x, p + 'attention.self.query').reshape(T, NH, dh).transpose(1, 0, 2)
        k = lin(x, p + 'attention.self.key').reshape(T, NH, dh).transpose(1, 0, 2)
        v = lin(x, p + 'attention.self.value').reshape(T, NH, dh).transpose(1, 0, 2)
        a = q @ k.transpose(0, 2, 1) / math.sqrt(dh)
        a = np.exp(a - a.max(-1, keepdims=True)); a /= a.sum(-1, keepdims=True)
        c = (a @ v).transpose(1, 0, 2).reshape(T, H)
        x = ln(x + lin(c, p + 'attention.output.dense'), p + 'attention.output.LayerNorm')
        h = lin(x, p + 'intermediate.dense'); h = 0.5 * h * (1 + erf(h / math.sqrt(2)))
        x = ln(x + lin(h, p + 'output.dense'), p + 'output.LayerNorm')
    return x

import unicodedata
FOLD = {}
for c in '\u2018\u2019\u201A\u201B\u2032\u02BC': FOLD[c] = "'"
for c in '\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB': FOLD[c] = '"'
for c in '\u2010\u2011\u2012\u2013\u2014\u2015\u2212': FOLD[c] = '-'
for c in '\u00A0\u2007\u202F\u200B': FOLD[c] = ' '
FOLD['\u2026'] = '.'

def normalise(text):
    """Python port of Parallax src/normalise.rs (NFKC, fold quotes/dashes, lowercase, collapse ws)."""
    out = []; pending = False
    for c in unicodedata.normalize('NFKC', text):
        c = FOLD.get(c, c)
        if c.isspace():
            pending = bool(out); continue
        if pending: out.append(' '); pending = False
        out.append(c.lower())
    return ''.join(out)

def encode(text):
    e = TOK.encode(normalise(text))
    hs = forward(e.ids)
    return e.ids, hs

def sent_embed(hs):
    v = hs.mean(0); return v / np.linalg.norm(v)

def tokstates(ids, hs):
    """token states without [CLS]/[SEP], L2-normalised per token"""
    keep = [t for t, i in enumerate(ids) if i not in (101, 102)]
    X = hs[keep]; return [ids[t] for t in keep], X / np.linalg.norm(X, axis=1, keepdims=True)

if __name__ == '__main__':
    os.makedirs('/tmp/parallax-bertscore', exist_ok=True)
    arts = json.load(open('/tmp/show.json'))
    cache = []
    for a in arts:
        ap = []
        for p in a['paragraphs']:
            ids, hs = encode(p['text'])
            tid, tx = tokstates(ids, hs)
            sents = []
            for s in p['sentences']:
                sid, shs = encode(s['text'])
                stid, stx = tokstates(sid, shs)
                sents.append(dict(ids=stid, X=stx.astype(np.float32), emb=sent_embed(shs)))
            ap.append(dict(ids=tid, X=tx.astype(np.float32), emb=sent_embed(hs), ntok=len(ids), sents=sents))
        cache.append(dict(path=a['path'], paras=ap))
        print(a['path'], len(ap), 'max tokens', max(x['ntok'] for x in ap), flush=True)
    pickle.dump(cache, open('/tmp/parallax-bertscore/tokcache.pkl', 'wb'))
