"""Noise check: leave-one-article-pair-out out-of-fold probabilities (cv_bs models, features
gold_ceiling.features(r, True, position)) for MiniLM vs MPNet dumps; per-article-pair F1 at each
model's pooled-best threshold, and a bootstrap over the 10 article pairs of the pooled F1 difference
(MPNet - MiniLM), thresholds re-chosen inside each resample (flatters both equally).
usage: python3 boot.py lr|gb"""
import sys
import numpy as np
sys.path.insert(0, 'tools'); sys.path.insert(0, 'tools/bertscore')
import gold_ceiling as g, cv_bs

mname = sys.argv[1] if len(sys.argv) > 1 else 'lr'
rows = {'minilm': g.load('/tmp/sem.tsv'), 'mpnet': g.load('/tmp/parallax-mpnet/sem_mpnet.tsv')}
lab = np.array([r['lab'] for r in rows['minilm']]); y = lab == 'C'; grp = np.array([r['k'] for r in rows['minilm']])
K = sorted(set(grp)); ts = np.arange(0.05, 0.95, 0.025)


def oof(X):
    p = np.zeros(len(X))
    for k in K:
        tr = (grp != k) & (lab != 'R')
        p[grp == k] = cv_bs.MODELS[mname]().fit(X[tr], y[tr]).predict_proba(X[grp == k])[:, 1]
    return p


def counts(pred, sel):
    l = lab[sel]; pr = pred[sel]
    return np.array([(pr & (l == 'C')).sum(), (pr & (l == '-')).sum(), (~pr & (l == 'C')).sum()])


f1 = lambda c: 2 * c[0] / max(1, 2 * c[0] + c[1] + c[2])
rng = np.random.default_rng(0)
for position in [False, True]:
    P = {m: oof(np.array([g.features(r, True, position) for r in rows[m]])) for m in rows}
    # per-pair counts at each threshold, for fast resampling
    C = {m: np.array([[counts(P[m] >= t, grp == k) for t in ts] for k in K]) for m in P}  # (K, T, 3)
    best = {m: int(np.argmax([f1(C[m][:, ti].sum(0)) for ti in range(len(ts))])) for m in P}
    per = {m: [f1(C[m][ki, best[m]]) for ki in range(len(K))] for m in P}
    wins = sum(a > b for a, b in zip(per['mpnet'], per['minilm'])); losses = sum(a < b for a, b in zip(per['mpnet'], per['minilm']))
    print(f"{mname} pos={position}: per-article-pair F1 MiniLM {np.round(per['minilm'], 2).tolist()}")
    print(f"{mname} pos={position}: per-article-pair F1 MPNet  {np.round(per['mpnet'], 2).tolist()}  (MPNet better in {wins}, worse in {losses})")
    d = []
    for _ in range(2000):
        s = rng.integers(0, len(K), len(K))
        fm = {m: max(f1(C[m][s, ti].sum(0)) for ti in range(len(ts))) for m in C}
        d.append(fm['mpnet'] - fm['minilm'])
    d = np.array(d)
    full = {m: f1(C[m][:, best[m]].sum(0)) for m in C}
    print(f"{mname} pos={position}: pooled F1 MiniLM {full['minilm']:.3f} MPNet {full['mpnet']:.3f}; bootstrap over article pairs "
          f"of the difference: median {np.median(d):+.3f}, 90% interval [{np.percentile(d, 5):+.3f}, {np.percentile(d, 95):+.3f}], P(diff<=0) {np.mean(d <= 0):.2f}", flush=True)
