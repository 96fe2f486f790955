"""Rough single-thread timing of the numpy forward passes (MiniLM from tools/bertscore/bert.py,
MPNet from mpnet.py) over the 132 sentences of /tmp/show.json, float32 and float64.
Run with OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1."""
import os, json, time, math
import numpy as np
import sys
sys.path.insert(0, 'tools/bertscore')
import bert as B            # MiniLM numpy pass (loads ~/.local/share/parallax/models/all-MiniLM-L6-v2)
import mpnet as M

sents = [s['text'] for a in json.load(open('/tmp/show.json')) for p in a['paragraphs'] for s in p['sentences']]
idsB = [B.TOK.encode(B.normalise(s)).ids for s in sents]
idsM = [M.TOK.encode(M.normalise(s)).ids for s in sents]
print(f'{len(sents)} sentences; mean tokens MiniLM {np.mean([len(i) for i in idsB]):.1f}, MPNet {np.mean([len(i) for i in idsM]):.1f}')


def minilm_forward(ids, dt):
    W = B.W; ids = np.asarray(ids); T = len(ids); H, NH = B.H, B.NH; dh = H // NH
    ln = lambda x, p: ((x - x.mean(-1, keepdims=True)) / np.sqrt(x.var(-1, keepdims=True) + B.EPS)) * W[p + '.weight'] + W[p + '.bias']
    lin = lambda x, p: x @ W[p + '.weight'].T + W[p + '.bias']
    x = W['embeddings.word_embeddings.weight'][ids] + W['embeddings.position_embeddings.weight'][:T] + W['embeddings.token_type_embeddings.weight'][0]
    x = ln(x, 'embeddings.LayerNorm')
    for l in range(B.L):
        p = f'encoder.layer.{l}.'
        q, k, v = (lin(x, p + 'attention.self.' + n).reshape(T, NH, dh).transpose(1, 0, 2) for n in ('query', 'key', 'value'))
        a = q @ k.transpose(0, 2, 1) / math.sqrt(dh)
        a = np.exp(a - a.max(-1, keepdims=True)); a /= a.sum(-1, keepdims=True)
        x = ln(x + lin((a @ v).transpose(1, 0, 2).reshape(T, H), p + 'attention.output.dense'), p + 'attention.output.LayerNorm')
        h = lin(x, p + 'intermediate.dense'); h = 0.5 * h * (1 + M.erf(h / math.sqrt(2)))
        x = ln(x + lin(h, p + 'output.dense'), p + 'output.LayerNorm')
    return x


def bench(fn, ids, reps=2):
    fn(ids[0])
    best = 1e9
    for _ in range(reps):
        t0 = time.perf_counter()
        for i in ids: fn(i)
        best = min(best, time.perf_counter() - t0)
    return best / len(ids)


for dt in [np.float32, np.float64]:
    B.W = {k: v.astype(dt) if v.dtype.kind == 'f' else v for k, v in B.W.items()}
    M.W = {k: v.astype(dt) if v.dtype.kind == 'f' else v for k, v in M.W.items()}
    tb = bench(lambda i: minilm_forward(i, dt), idsB)
    tm = bench(M.forward, idsM)
    print(f'{dt.__name__}: MiniLM {tb*1e3:.2f} ms/sentence ({1/tb:.0f}/s), MPNet {tm*1e3:.2f} ms/sentence ({1/tm:.0f}/s), ratio {tm/tb:.1f}x')
