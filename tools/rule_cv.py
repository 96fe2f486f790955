"""How well the hand rule's four constants (FLOOR, SURE, SENTENCE_EVIDENCE, MAX_SHIFT) generalise:
each article pair of the gold is scored with the constants that are best on the other nine
(a grid around the shipped values), replaying the rule as tools/bertscore/rule.py does.
Needs /tmp/sem.tsv and /tmp/parallax-bertscore/bsfeat.pkl (see tools/bertscore/README.md)."""
import itertools, collections
ns = {}
exec(open('tools/bertscore/rule.py').read().split("print('lexical'")[0], ns)
rows, size, cal = ns['rows'], ns['size'], ns['cal']
def counts(par, FLOOR, SURE, SE, SHIFT, ks):
    by=collections.defaultdict(list)
    for r in rows:
        if r['k'] in ks: by[r['k']].append((r,)+tuple(par(r)))
    tp=fp=fn=0
    for k,c in by.items():
        bl=collections.defaultdict(float); br=collections.defaultdict(float)
        for r,s,_ in c: bl[r['i']]=max(bl[r['i']],s); br[r['j']]=max(br[r['j']],s)
        nl,nr=size[k]
        for r,s,sents in c:
            ok=False
            if s>=FLOOR and not (s<1 and (bl[r['i']]>=1 or br[r['j']]>=1)):
                if s>=SURE: ok=True
                elif abs((r['i']+.5)/nl-(r['j']+.5)/nr)<=SHIFT:
                    b=max([x for row in sents for x in row] or [0])
                    ok=(s>=bl[r['i']] or s>=br[r['j']]) and b>=SE
            tp+=ok and r['lab']=='C'; fp+=ok and r['lab']=='-'; fn+=(not ok) and r['lab']=='C'
    return tp,fp,fn
def f1(t):
    tp,fp,fn=t; p=tp/max(1,tp+fp); r=tp/max(1,tp+fn); return 2*p*r/max(1e-9,p+r)
grid=list(itertools.product([0.10,0.12,0.14],[0.20,0.22,0.25,0.28,0.32],[0.12,0.15,0.18],[0.3,0.4,0.5,9.0]))
for name,par in [('lexical',ns['lexonly']),('lexical+semantic',ns['current'])]:
    # cache per-k counts per setting
    per={g:{k:counts(par,*g,{k}) for k in range(10)} for g in grid}
    tot=[0,0,0]; chosen=[]
    for k in range(10):
        best=max(grid,key=lambda g: f1([sum(per[g][kk][x] for kk in range(10) if kk!=k) for x in range(3)]))
        chosen.append(best)
        for x in range(3): tot[x]+=per[best][k][x]
    tp,fp,fn=tot; p=tp/(tp+fp); r=tp/(tp+fn)
    allbest=max(grid,key=lambda g: f1([sum(per[g][kk][x] for kk in range(10)) for x in range(3)]))
    shipped=(0.12,0.25,0.15,0.4)
    print(f"{name}: leave-one-pair-out tuned P {p:.3f} R {r:.3f} F1 {2*p*r/(p+r):.3f}; shipped {f1([sum(per[shipped][kk][x] for kk in range(10)) for x in range(3)]):.3f}; in-sample best {allbest} {f1([sum(per[allbest][kk][x] for kk in range(10)) for x in range(3)]):.3f}")
    print("  chosen:", collections.Counter(chosen).most_common(4))
