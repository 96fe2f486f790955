"""Compare the numpy MPNet pass with torch reference figures quoted in a public test
(Kjarni MpnetBaseV2Tests: 'These are torch's values'): 'Hello world' first 5 dims and 4 pair cosines."""
import numpy as np, mpnet as M
e = M.embed("Hello world", norm=False)[0]
ref = np.array([0.0262497, 0.0133956, -0.0045332, -0.0217914, 0.0545519])
print('Hello world[:5]', e[:5].round(7), 'ref', ref, 'max|diff|', np.abs(e[:5] - ref).max())
for a, b, r in [("dog", "puppy", 0.778325), ("dog", "cat", 0.608123), ("dog", "car", 0.390585), ("dog", "quantum physics", 0.250894)]:
    c = float(M.embed(a, norm=False)[0] @ M.embed(b, norm=False)[0]); print(f'{a}/{b}: {c:.6f} ref {r} diff {c-r:+.1e}')
