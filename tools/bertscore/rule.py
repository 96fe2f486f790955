"""The aligner's decision rule (src/align/pair.rs, with the position gate) replayed on the gold
dump, with the semantic paragraph score as now and with IDF-weighted BERTScore in its place or
blended in, over a small grid of calibrations. Prints P, R, F1."""
import json, collections, pickle, itertools
import numpy as np
bs = pickle.load(open('/tmp/parallax-bertscore/bsfeat.pkl','rb'))
rows=[]
for line in open('/tmp/sem.tsv'):
    k,i,j,lab,kinds,lex,sem,ls,ss = line.rstrip('\n').split('\t')
    rows.append(dict(k=int(k),i=int(i),j=int(j),lab=lab,kinds=kinds,lex=float(lex),sem=float(sem),ls=json.loads(ls),ss=json.loads(ss)))
size=collections.defaultdict(lambda:[0,0])
for r in rows:
    size[r['k']][0]=max(size[r['k']][0],r['i']+1); size[r['k']][1]=max(size[r['k']][1],r['j']+1)
cal=lambda c,z,o: min(1,max(0,(c-z)/(o-z)))
def counts(par, FLOOR=.12, SURE=.25, SE=.15, SHIFT=.4, ks=None):
    """(tp, fp, fn) of the rule over the article pairs `ks` (all when None)."""
    by=collections.defaultdict(list)
    for r in rows:
        if ks is None or r['k'] in ks:
            s, sents = par(r)
            by[r['k']].append((r, s, sents))
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
                    bests=max([x for row in sents for x in row] or [0])
                    ok=(s>=bl[r['i']] or s>=br[r['j']]) and bests>=SE
            if ok and r['lab']=='C': tp+=1
            elif ok and r['lab']=='-': fp+=1
            elif not ok and r['lab']=='C': fn+=1
    return tp,fp,fn
def prf(t):
    tp,fp,fn=t; p=tp/max(1,tp+fp); rr=tp/max(1,tp+fn); return p,rr,2*p*rr/max(1e-9,p+rr)
def run(par, FLOOR=.12, SURE=.25, SE=.15, SHIFT=.4):
    return prf(counts(par, FLOOR, SURE, SE, SHIFT))
def lexonly(r):
    return r['lex'], r['ls']
def current(r, z=.4, o=1.0):
    if r['lex']==1.0: return 1.0, r['ls']
    hm = r['kinds'] in ('HeadingParagraph','ParagraphHeading')
    if r['lex']==0 and hm: return 0.0, r['ls']
    sem=cal(2*r['sem']-1,z,o)
    sents=[[ (a+cal(2*b-1,z,o))/2 for a,b in zip(ra,rb)] for ra,rb in zip(r['ls'],r['ss'])]
    return (r['lex']+sem)/2, sents
def withbs(r, z=.4, o=1.0, bz=.3, bo=.9, var='bsi_F', mix=1.0):
    if r['lex']==1.0: return 1.0, r['ls']
    hm = r['kinds'] in ('HeadingParagraph','ParagraphHeading')
    if r['lex']==0 and hm: return 0.0, r['ls']
    b=bs[(r['k'],r['i'],r['j'])][var]
    semc = cal(2*r['sem']-1,z,o)
    sem = mix*cal(b,bz,bo) + (1-mix)*semc
    sents=[[ (a+cal(2*x-1,z,o))/2 for a,x in zip(ra,rb)] for ra,rb in zip(r['ls'],r['ss'])]
    return (r['lex']+sem)/2, sents
print('lexical', run(lexonly))
print('current', run(current))
res=[]
for var in ['bsi_F','bs_F','bsmixi_F']:
  for bz in [0.2,0.3,0.4,0.5]:
    for bo in [0.7,0.8,0.9,1.0]:
      for mix in [1.0,0.5]:
        res.append((run(lambda r: withbs(r,bz=bz,bo=bo,var=var,mix=mix)), var,bz,bo,mix))
res.sort(key=lambda x:-x[0][2])
for x in res[:12]: print(x)
