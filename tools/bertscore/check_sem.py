# dump: sem = ((para_cos + best_sentence_cos)/2 + 1)/2 ; semsent = (cos+1)/2  (scorer.rs with_range(-1,1))
import json, pickle, numpy as np
cache = pickle.load(open('/tmp/parallax-bertscore/tokcache.pkl', 'rb'))
pairs = json.load(open('tests/gold/seeds.json'))['pairs']
byname = {c['path'].split('/')[-1]: c for c in cache}
d = []; ds = []
for line in open('/tmp/sem.tsv'):
    k, i, j, lab, kinds, lex, sem, ls, ss = line.rstrip('\n').split('\t')
    k, i, j = int(k), int(i), int(j)
    A, B = byname[pairs[k]['left']]['paras'][i], byname[pairs[k]['right']]['paras'][j]
    ss = json.loads(ss)
    whole = float(A['emb'] @ B['emb'])
    best = max(float(x['emb'] @ y['emb']) for x in A['sents'] for y in B['sents']) if A['sents'] and B['sents'] else None
    cos = whole if best is None else (whole + best) / 2
    d.append((cos + 1) / 2 - float(sem))
    for a, row in enumerate(ss):
        for b, v in enumerate(row):
            ds.append((float(A['sents'][a]['emb'] @ B['sents'][b]['emb']) + 1) / 2 - v)
d = np.abs(d); ds = np.abs(ds)
print('paragraph sem: n', len(d), 'max |diff|', d.max(), 'mean', d.mean(), '#>0.01', (d > 0.01).sum())
print('sentence sem : n', len(ds), 'max |diff|', ds.max(), 'mean', ds.mean(), '#>0.01', (ds > 0.01).sum())
