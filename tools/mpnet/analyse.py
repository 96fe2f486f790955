"""MiniLM (dump's sem/semsent) vs all-mpnet-base-v2 (embcache.pkl from mpnet.py) as the semantic signal
of the gold dump /tmp/sem.tsv.
  sem      = ((paragraph cos + best sentence-pair cos)/2 + 1)/2   (dump, MiniLM)
  sem_mpnet: same formula with the MPNet embeddings; semsent entries (cos+1)/2
Writes /tmp/parallax-mpnet/sem_mpnet.tsv (the dump with sem/semsent replaced) and prints:
  AUC C vs '-'; single-threshold F1 (pooled best; nested = threshold chosen on the other 9
  article pairs); median raw paragraph cosine of C and '-' pairs; and with `cv` as argument the
  leave-one-article-pair-out combiners of tools/bertscore/cv_bs.py (run()) on
  gold_ceiling.features(r, True, position) built from either dump.
usage: python3 analyse.py [cv]"""
import sys, json, pickle, time
import numpy as np
from sklearn.metrics import roc_auc_score
sys.path.insert(0, 'tools'); sys.path.insert(0, 'tools/bertscore')
import gold_ceiling as g

pairs = json.load(open('tests/gold/seeds.json'))['pairs']
caches = {'minilm': pickle.load(open('/tmp/parallax-bertscore/tokcache.pkl', 'rb')),
          'mpnet': pickle.load(open('/tmp/parallax-mpnet/embcache.pkl', 'rb'))}
byname = {m: {c['path'].split('/')[-1]: c for c in cache} for m, cache in caches.items()}


def scores(m, k, i, j):
    A = byname[m][pairs[k]['left']]['paras'][i]; B = byname[m][pairs[k]['right']]['paras'][j]
    whole = float(A['emb'] @ B['emb'])
    S = [[float(x['emb'] @ y['emb']) for y in B['sents']] for x in A['sents']]
    flat = [v for r in S for v in r]
    cos = whole if not flat else (whole + max(flat)) / 2
    return whole, (cos + 1) / 2, [[(v + 1) / 2 for v in r] for r in S]


lines = [l.rstrip('\n').split('\t') for l in open('/tmp/sem.tsv')]
out = open('/tmp/parallax-mpnet/sem_mpnet.tsv', 'w')
info = []; dmax = 0
for f in lines:
    k, i, j = int(f[0]), int(f[1]), int(f[2])
    wl, sl, ssl = scores('minilm', k, i, j)
    wm, sm, ssm = scores('mpnet', k, i, j)
    dmax = max(dmax, abs(sl - float(f[6])))  # our MiniLM recomputation vs the dump
    assert [len(r) for r in ssm] == [len(r) for r in json.loads(f[8])] or json.loads(f[8]) == []
    out.write('\t'.join(f[:6] + [repr(sm), f[7], json.dumps(ssm)]) + '\n')
    info.append(dict(lab=f[3], k=k, cos_minilm=wl, cos_mpnet=wm, sem=float(f[6]), sem_mpnet=sm,
                     bss=max([v for r in json.loads(f[8]) for v in r] or [0.0]),
                     bss_mpnet=max([v for r in ssm for v in r] or [0.0])))
out.close()
print(f'MiniLM recomputed from tokcache vs dump sem: max |diff| {dmax:.2e}')

lab = np.array([r['lab'] for r in info]); grp = np.array([r['k'] for r in info])
m = lab != 'R'; y = lab == 'C'
print(f"pairs: C {int(y.sum())}  R {int((lab=='R').sum())}  - {int((lab=='-').sum())}")


def best_t(v, l, cand):
    return max(cand, key=lambda t: g.prf(v >= t, l)[2])


def one_threshold(v):
    cand = np.unique(v)
    t = best_t(v, lab, cand); pooled = g.prf(v >= t, lab)
    pred = np.zeros(len(v), bool)
    for k in sorted(set(grp)):
        te = grp == k
        tk = best_t(v[~te], lab[~te], np.unique(v[~te]))
        pred[te] = v[te] >= tk
    return pooled, g.prf(pred, lab), t


print(f"{'signal':22} {'AUC C/-':>8} {'pair-AUC':>8} | {'pooled-best P/R/F1 (t)':30} | nested P/R/F1")
for name in ['sem', 'sem_mpnet', 'bss', 'bss_mpnet', 'cos_minilm', 'cos_mpnet']:
    v = np.array([r[name] for r in info])
    auc = roc_auc_score(y[m], v[m])
    pa = np.mean([roc_auc_score(y[m & (grp == k)], v[m & (grp == k)]) for k in range(10)])
    (p, r_, f1), (np_, nr, nf), t = one_threshold(v)
    print(f"{name:22} {auc:8.4f} {pa:8.4f} | {p:.3f} {r_:.3f} {f1:.3f} ({t:.3f})      | {np_:.3f} {nr:.3f} {nf:.3f}")
for mod in ['minilm', 'mpnet']:
    c = np.array([r['cos_' + mod] for r in info])
    print(f"median paragraph cosine {mod:6}: C {np.median(c[lab=='C']):.3f}  R {np.median(c[lab=='R']):.3f}  "
          f"- {np.median(c[lab=='-']):.3f}  (gap C-minus-'-' {np.median(c[lab=='C'])-np.median(c[lab=='-']):.3f}; "
          f"'-' 95th pct {np.percentile(c[lab=='-'], 95):.3f}, C 25th pct {np.percentile(c[lab=='C'], 25):.3f})")
    s = np.array([r['sem' if mod == 'minilm' else 'sem_mpnet'] for r in info])
    print(f"median sem              {mod:6}: C {np.median(s[lab=='C']):.3f}  - {np.median(s[lab=='-']):.3f}")

if len(sys.argv) > 1 and sys.argv[1] == 'cv':
    import cv_bs  # loads /tmp/sem.tsv rows in the same order (its bsfeat part is unused here)
    rows = {'minilm': g.load('/tmp/sem.tsv'), 'mpnet': g.load('/tmp/parallax-mpnet/sem_mpnet.tsv')}
    assert all((a['k'], a['i'], a['j']) == (b['k'], b['i'], b['j']) for a, b in zip(rows['minilm'], cv_bs.rows))
    sel = sys.argv[2].split(',') if len(sys.argv) > 2 else ['lr', 'gb']
    for mname in sel:
        for position in [False, True]:
            variants = [('lexical only', lambda: [g.features(r, False, position) for r in rows['minilm']]),
                        ('MiniLM', lambda: [g.features(r, True, position) for r in rows['minilm']]),
                        ('MPNet', lambda: [g.features(r, True, position) for r in rows['mpnet']]),
                        ('MiniLM+MPNet', lambda: [g.features(a, True, position) + g.features(b, True)[9:]
                                                 for a, b in zip(rows['minilm'], rows['mpnet'])])]
            for vname, fx in variants:
                X = np.array(fx()); t0 = time.time()
                a, b, c, t2 = cv_bs.run(X, cv_bs.MODELS[mname])
                print(f"{mname} pos={str(position):5} {vname:13} nested-in F1 {a[2]:.3f} | nested-cv P {b[0]:.3f} "
                      f"R {b[1]:.3f} F1 {b[2]:.3f} | pooled P {c[0]:.3f} R {c[1]:.3f} F1 {c[2]:.3f} "
                      f"t {t2:.3f} ({time.time()-t0:.0f}s)", flush=True)
