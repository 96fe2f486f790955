"""How well the hand rule's four constants (FLOOR, SURE, SENTENCE_EVIDENCE, MAX_SHIFT) generalise:
each article pair of the gold is scored with the constants that are best on the other nine
(a grid around the shipped values), replaying the rule as tools/bertscore/rule.py does.
Needs /tmp/sem.tsv and /tmp/parallax-bertscore/bsfeat.pkl (see tools/bertscore/README.md)."""
import collections, itertools
ns = {}
exec(open('tools/bertscore/rule.py').read().split("print('lexical'")[0], ns)
counts = ns['counts']
def f1(t):
    return ns['prf'](t)[2]
grid=list(itertools.product([0.10,0.12,0.14],[0.20,0.22,0.25,0.28,0.32],[0.12,0.15,0.18],[0.3,0.4,0.5,9.0]))
for name,par in [('lexical',ns['lexonly']),('lexical+semantic',ns['current'])]:
    # cache per-k counts per setting
    per={g:{k:counts(par,*g,ks={k}) for k in range(10)} for g in grid}
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
