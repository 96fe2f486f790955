"""Numpy forward pass of sentence-transformers/all-mpnet-base-v2 (HF MPNetModel) + mean pooling,
following tools/bertscore/bert.py's conventions. Embeds every paragraph and sentence of
/tmp/show.json (Parallax-normalised text) and writes /tmp/parallax-mpnet/embcache.pkl in the same
layout as bert.py's tokcache.pkl (path, paras[emb, sents[emb]]).

HF MPNet (modeling_mpnet.py), as ported here:
  embeddings: word[ids] + position[arange(T) + padding_idx + 1] (no token types), LayerNorm(eps 1e-5)
  position bias: T5 bidirectional buckets of (key pos - query pos), 32 buckets, max_distance 128,
      encoder.relative_attention_bias (32, heads) -> (heads, T, T), computed once, added in every layer
  layer: s = q k^T / sqrt(dh) + bias; softmax; o(attn v); LN(x + .)  (attention.LayerNorm)
         LN(h + output.dense(gelu(intermediate.dense(h))))           (output.LayerNorm)
  no final encoder LN; pooler unused (sentence-transformers takes last_hidden_state)
  pooling: mean over tokens (incl. <s>, </s>), L2 normalise; truncation 384 tokens (sentence_bert_config)
"""
import json, os, sys, pickle, math
import numpy as np
from safetensors.numpy import load_file
from tokenizers import Tokenizer
from scipy.special import erf

sys.path.insert(0, 'tools/bertscore')
# bert.py loads the MiniLM model at import; we only want its normalise port, so copy it by exec of the source slice
_src = open('tools/bertscore/bert.py').read()
_ns = {}
exec(_src[_src.index('import unicodedata'):_src.index('def encode')], _ns)
normalise = _ns['normalise']

D = '/tmp/parallax-mpnet/all-mpnet-base-v2'
DT = np.float64 if os.environ.get('MPNET_F32') is None else np.float32
W = {k: v.astype(DT) if v.dtype == np.float32 else v for k, v in load_file(D + '/model.safetensors').items()}
CFG = json.load(open(D + '/config.json'))
MAXLEN = json.load(open(D + '/sentence_bert_config.json'))['max_seq_length']
TOK = Tokenizer.from_file(D + '/tokenizer.json')
TOK.no_padding()
TOK.enable_truncation(MAXLEN)
H, NH, L, EPS = CFG['hidden_size'], CFG['num_attention_heads'], CFG['num_hidden_layers'], CFG['layer_norm_eps']
PAD = CFG['pad_token_id']
NB = CFG.get('relative_attention_num_buckets', 32)


def ln(x, p):
    m = x.mean(-1, keepdims=True); v = ((x - m) ** 2).mean(-1, keepdims=True)
    return (x - m) / np.sqrt(v + EPS) * W[p + '.weight'] + W[p + '.bias']


def lin(x, p):
    return x @ W[p + '.weight'].T + W[p + '.bias']


def rel_bucket(rel, num_buckets=32, max_distance=128):
    """HF MPNetEncoder.relative_position_bucket (T5-style, bidirectional)."""
    ret = np.zeros_like(rel)
    n = -rel
    num_buckets //= 2
    ret += (n < 0).astype(np.int64) * num_buckets
    n = np.abs(n)
    max_exact = num_buckets // 2
    is_small = n < max_exact
    with np.errstate(divide='ignore', invalid='ignore'):  # n=0 -> log 0; masked by is_small
        large = max_exact + (np.log(n.astype(np.float32) / max_exact) / math.log(max_distance / max_exact)
                             * (num_buckets - max_exact)).astype(np.int64)  # torch .to(long) truncates
    large = np.minimum(large, num_buckets - 1)
    ret += np.where(is_small, n, large)
    return ret


def position_bias(T):
    pos = np.arange(T)
    rel = pos[None, :] - pos[:, None]           # memory - context
    b = rel_bucket(rel, NB)
    return W['encoder.relative_attention_bias.weight'][b].transpose(2, 0, 1)  # (heads, T, T)


def forward(ids):
    ids = np.asarray(ids); T = len(ids)
    x = W['embeddings.word_embeddings.weight'][ids] + W['embeddings.position_embeddings.weight'][np.arange(T) + PAD + 1]
    x = ln(x, 'embeddings.LayerNorm')
    dh = H // NH
    bias = position_bias(T)
    for l in range(L):
        p = f'encoder.layer.{l}.'
        q = lin(x, p + 'attention.attn.q').reshape(T, NH, dh).transpose(1, 0, 2)
        k = lin(x, p + 'attention.attn.k').reshape(T, NH, dh).transpose(1, 0, 2)
        v = lin(x, p + 'attention.attn.v').reshape(T, NH, dh).transpose(1, 0, 2)
        a = q @ k.transpose(0, 2, 1) / math.sqrt(dh) + bias
        a = np.exp(a - a.max(-1, keepdims=True)); a /= a.sum(-1, keepdims=True)
        c = (a @ v).transpose(1, 0, 2).reshape(T, H)
        x = ln(x + lin(c, p + 'attention.attn.o'), p + 'attention.LayerNorm')
        h = lin(x, p + 'intermediate.dense'); h = 0.5 * h * (1 + erf(h / math.sqrt(2)))
        x = ln(x + lin(h, p + 'output.dense'), p + 'output.LayerNorm')
    return x


def embed(text, norm=True):
    e = TOK.encode(normalise(text) if norm else text)
    v = forward(e.ids).mean(0)
    return v / np.linalg.norm(v), len(e.ids)


if __name__ == '__main__':
    arts = json.load(open('/tmp/show.json'))
    cache = []
    for a in arts:
        ap = []
        for p in a['paragraphs']:
            emb, nt = embed(p['text'])
            sents = [dict(emb=embed(s['text'])[0]) for s in p['sentences']]
            ap.append(dict(emb=emb, ntok=nt, sents=sents))
        cache.append(dict(path=a['path'], paras=ap))
        print(a['path'], len(ap), 'max tokens', max(x['ntok'] for x in ap), flush=True)
    pickle.dump(cache, open('/tmp/parallax-mpnet/embcache.pkl', 'wb'))
