"""The aligner's hand rule as replayed by tools/bertscore/rule.py (its code, exec'd unchanged apart
from the dump path), on the MiniLM dump and on the MPNet one (sem_mpnet.tsv), with the current
calibration of the cosine (z=.4, o=1) and the best of a small grid of (z, o) for each model
(MPNet's cosines sit higher, so its calibration must be re-tuned; best-of-grid flatters both equally)."""
import itertools
src = open('tools/bertscore/rule.py').read()
src = src[:src.index("print('lexical'")]
for name, path in [('MiniLM', '/tmp/sem.tsv'), ('MPNet', '/tmp/parallax-mpnet/sem_mpnet.tsv')]:
    ns = {}
    exec(src.replace("'/tmp/sem.tsv'", repr(path)), ns)
    run, current = ns['run'], ns['current']
    p, r, f = run(current)
    print(f'{name:6} current calibration (z .4, o 1): P {p:.3f} R {r:.3f} F1 {f:.3f}')
    res = []
    for z, o in itertools.product([0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55], [0.8, 0.85, 0.9, 0.95, 1.0]):
        res.append((run(lambda x: current(x, z, o)), z, o))
    res.sort(key=lambda x: -x[0][2])
    for (p, r, f), z, o in res[:3]:
        print(f'{name:6} grid z {z:.2f} o {o:.2f}: P {p:.3f} R {r:.3f} F1 {f:.3f}')

# nested: (z, o) chosen on the other 9 article pairs, applied to the held-out one, counts summed
print('nested calibration (leave one article pair out):')
for name, path in [('MiniLM', '/tmp/sem.tsv'), ('MPNet', '/tmp/parallax-mpnet/sem_mpnet.tsv')]:
    ns = {}
    exec(src.replace("'/tmp/sem.tsv'", repr(path)), ns)
    allrows = ns['rows']; grid = list(itertools.product([0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55], [0.8, 0.85, 0.9, 0.95, 1.0]))
    tp = fp = fn = 0; chosen = []
    for k in range(10):
        ns['rows'] = [r for r in allrows if r['k'] != k]
        z, o = max(grid, key=lambda zo: ns['run'](lambda x: ns['current'](x, *zo))[2])
        chosen.append((z, o))
        ns['rows'] = [r for r in allrows if r['k'] == k]
        p, r, f = ns['run'](lambda x: ns['current'](x, z, o))
        assert p > 0, (name, k)
        nc = sum(x['lab'] == 'C' for x in ns['rows']); t = round(r * nc)
        tp += t; fn += nc - t; fp += round(t / p - t) if p > 0 else 0  # (p == 0 only if t == 0; fp then unknown, assumed 0)
    p, r = tp / (tp + fp), tp / (tp + fn)
    print(f'{name:6} nested: P {p:.3f} R {r:.3f} F1 {2*p*r/(p+r):.3f}  chosen (z,o) {sorted(set(chosen))}')
