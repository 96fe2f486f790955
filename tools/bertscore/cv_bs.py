"""Leave-one-article-pair-out CV of LR / GB / RF on the gold dump, with and without the
BERTScore features of bertscore.py (bsfeat.pkl). Feature sets: gold_ceiling.features(r, True)
('base') and that plus lr.py's position features ('base+pos').
Reported per run:
  nested-in : threshold chosen on the model's own training-pair predictions (as lr.py does)
  nested-cv : threshold chosen on inner leave-one-pair-out predictions over the 9 training pairs
  pooled    : best single threshold on the pooled out-of-fold probabilities (flatters a little)
usage: python3 cv_bs.py [model ...]"""
import sys, json, pickle, collections, itertools, time
import numpy as np
sys.path.insert(0, 'tools')
import gold_ceiling as g
from sklearn.ensemble import GradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.preprocessing import StandardScaler
from sklearn.pipeline import make_pipeline

rows = g.load('/tmp/sem.tsv')
bs = pickle.load(open('/tmp/parallax-bertscore/bsfeat.pkl', 'rb'))
for r in rows:
    r.update(bs[(r['k'], r['i'], r['j'])])
# best-of-row/column and gap for bsi_F, the way gold_ceiling does it for lex/sem
by = collections.defaultdict(list)
for r in rows:
    by[(r['k'], 'L', r['i'])].append(r); by[(r['k'], 'R', r['j'])].append(r)
for f in ['bsi_F']:
    for key, grp in by.items():
        s = sorted(grp, key=lambda r: -r[f])
        for n_, r in enumerate(s):
            r.setdefault(f + '_best', {})[key[1]] = float(n_ == 0)
            other = s[1][f] if n_ == 0 and len(s) > 1 else s[0][f]
            r.setdefault(f + '_gap', {})[key[1]] = min(r[f] - other, 0.2)
n = collections.defaultdict(lambda: [0, 0])
for r in rows:
    n[r['k']][0] = max(n[r['k']][0], r['i'] + 1); n[r['k']][1] = max(n[r['k']][1], r['j'] + 1)

def pos(r):  # lr.py extra_l(..., ('pos',))
    i, j = r['i'], r['j']; nl, nr = n[r['k']]
    return [abs(i / nl - j / nr), float(i == 0 and j == 0), min(i / nl, j / nr)]
rank = lambda r: [r['bsi_F_best']['L'], r['bsi_F_best']['R'], r['bsi_F_gap']['L'], r['bsi_F_gap']['R']]
BS = {
    'none': lambda r: [],
    'F': lambda r: [r['bs_F']],
    'Fidf': lambda r: [r['bsi_F']],
    'sentFidf': lambda r: [r['bssi_F']],
    'mixFidf': lambda r: [r['bsmixi_F']],
    'Fidf+rank': lambda r: [r['bsi_F']] + rank(r),
    'all': lambda r: [r[x] for x in ['bs_P', 'bs_R', 'bs_F', 'bsi_P', 'bsi_R', 'bsi_F', 'bss_F', 'bssi_F']] + rank(r),
}
BASES = {'base': lambda r: g.features(r, True), 'base+pos': lambda r: g.features(r, True) + pos(r)}
MODELS = {'lr': lambda: make_pipeline(StandardScaler(), LogisticRegression(C=1, max_iter=5000)),
          'gb': lambda: GradientBoostingClassifier(max_depth=2, random_state=0),
          'rf': lambda: RandomForestClassifier(300, min_samples_leaf=3, random_state=0, n_jobs=1)}
lab = np.array([r['lab'] for r in rows]); y = lab == 'C'; group = np.array([r['k'] for r in rows])
K = sorted(set(group)); ts = np.arange(0.05, 0.95, 0.025)
best_t = lambda p, l: max(ts, key=lambda t: g.prf(p >= t, l)[2])

def run(X, make):
    fits = {}
    for ex in [(k,) for k in K] + list(itertools.combinations(K, 2)):
        tr = ~np.isin(group, ex) & (lab != 'R')
        fits[ex] = make().fit(X[tr], y[tr])
    prob = np.zeros(len(rows)); pin = np.zeros(len(rows), bool); pcv = np.zeros(len(rows), bool)
    for k in K:
        te = group == k; trall = group != k
        m = fits[(k,)]
        prob[te] = m.predict_proba(X[te])[:, 1]
        t_in = best_t(m.predict_proba(X[trall])[:, 1], lab[trall])
        inner = np.zeros(len(rows))
        for k2 in K:
            if k2 == k: continue
            te2 = group == k2
            inner[te2] = fits[tuple(sorted((k, k2)))].predict_proba(X[te2])[:, 1]
        t_cv = best_t(inner[trall], lab[trall])
        pin[te] = prob[te] >= t_in; pcv[te] = prob[te] >= t_cv
    t2 = best_t(prob, lab)
    return g.prf(pin, lab), g.prf(pcv, lab), g.prf(prob >= t2, lab), t2

if __name__ == '__main__':
    for mname in sys.argv[1:] or list(MODELS):
        for bname, fb in BASES.items():
            import os
            only = os.environ.get('BSSET')
            for sname, fs in BS.items():
                if only and sname not in only.split(','): continue
                X = np.array([fb(r) + fs(r) for r in rows]); t0 = time.time()
                a, b, c, t2 = run(X, MODELS[mname])
                print(f"{mname} {bname:8} +{sname:10} nested-in P {a[0]:.3f} R {a[1]:.3f} F1 {a[2]:.3f} | "
                      f"nested-cv P {b[0]:.3f} R {b[1]:.3f} F1 {b[2]:.3f} | pooled P {c[0]:.3f} R {c[1]:.3f} "
                      f"F1 {c[2]:.3f} t {t2:.3f}  ({time.time()-t0:.0f}s)", flush=True)
