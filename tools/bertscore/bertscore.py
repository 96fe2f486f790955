"""BERTScore-style features for every paragraph pair of the gold dump (/tmp/sem.tsv).
Token states: last layer of all-MiniLM-L6-v2 (numpy forward pass in bert.py, on Parallax's
normalised text), [CLS]/[SEP] dropped, each token L2-normalised. Writes /tmp/parallax-bertscore/bsfeat.pkl
and prints the ROC AUC of C vs '-' for each signal."""
import json, pickle, collections, math
import numpy as np
from sklearn.metrics import roc_auc_score

cache = pickle.load(open('/tmp/parallax-bertscore/tokcache.pkl', 'rb'))
pairs = json.load(open('tests/gold/seeds.json'))['pairs']
byname = {c['path'].split('/')[-1]: c for c in cache}

# IDF of word pieces over all paragraphs of the 5 articles (document = paragraph)
paras = [p for c in cache for p in c['paras']]
N = len(paras)
df = collections.Counter(t for p in paras for t in set(p['ids']))
def idf(ids):
    return np.array([math.log((N + 1) / (df.get(t, 0) + 1)) for t in ids])

def bscore(A, B):
    """returns (P, R, F, Pidf, Ridf, Fidf); A = left, B = right; R = over left tokens"""
    if len(A['ids']) == 0 or len(B['ids']) == 0:
        return (0.0,) * 6
    S = A['X'] @ B['X'].T                     # cosines left tokens x right tokens
    rl, pr = S.max(1), S.max(0)               # best match of each left / right token
    R, P = rl.mean(), pr.mean()
    wl, wr = idf(A['ids']), idf(B['ids'])
    Ri = (rl * wl).sum() / max(wl.sum(), 1e-9); Pi = (pr * wr).sum() / max(wr.sum(), 1e-9)
    f = lambda p, r: 2 * p * r / (p + r) if p + r > 0 else 0.0
    return (P, R, f(P, R), Pi, Ri, f(Pi, Ri))

feat = {}
for line in open('/tmp/sem.tsv'):
    k, i, j = map(int, line.split('\t')[:3])
    A = byname[pairs[k]['left']]['paras'][i]; B = byname[pairs[k]['right']]['paras'][j]
    P, R, F, Pi, Ri, Fi = bscore(A, B)
    sF = [bscore(x, y) for x in A['sents'] for y in B['sents']]
    sbest = max(s[2] for s in sF) if sF else F
    sbesti = max(s[5] for s in sF) if sF else Fi
    feat[(k, i, j)] = dict(bs_P=P, bs_R=R, bs_F=F, bs_Fmin=min(P, R), bs_Fmax=max(P, R),
                           bsi_P=Pi, bsi_R=Ri, bsi_F=Fi,
                           bss_F=sbest, bssi_F=sbesti,
                           bsmix_F=(F + sbest) / 2, bsmixi_F=(Fi + sbesti) / 2)

# baseline rescaling: BERTScore's (x - b) / (1 - b), with b = mean bs_F over all pairs here.
# It is a monotone linear map, so it changes neither AUC nor any model below: not used further.

pickle.dump(feat, open('/tmp/parallax-bertscore/bsfeat.pkl', 'wb'))

if __name__ == '__main__':
    import sys; sys.path.insert(0, 'tools')
    import gold_ceiling as g
    rows = g.load('/tmp/sem.tsv')
    lab = np.array([r['lab'] for r in rows]); m = lab != 'R'; y = lab[m] == 'C'
    sig = {'lex': [r['lex'] for r in rows], 'bls (best lex sent)': [r['bls'] for r in rows],
           'sem (dump: mean para+best sent cos)': [r['sem'] for r in rows],
           'bss (best sem sent)': [r['bss'] for r in rows]}
    print(f"pairs: C {int((lab=='C').sum())}  R {int((lab=='R').sum())}  - {int((lab=='-').sum())}")
    for name in feat[(0, 0, 0)]:
        sig[name] = [feat[(r['k'], r['i'], r['j'])][name] for r in rows]
    for name, v in sig.items():
        v = np.array(v)[m]
        print(f"AUC C vs '-'  {name:38} {roc_auc_score(y, v):.4f}")
    # per-article-pair AUC (mean), closer to what a within-pair decision sees
    grp = np.array([r['k'] for r in rows])[m]
    for name in ['lex', 'sem (dump: mean para+best sent cos)', 'bs_F', 'bsi_F', 'bss_F', 'bsmixi_F']:
        v = np.array(sig[name])[m]
        a = [roc_auc_score(y[grp == k], v[grp == k]) for k in range(10)]
        print(f"mean per-pair AUC  {name:38} {np.mean(a):.4f}")
