import numpy as np, time
import mpnet as M
print(M.TOK.encode("hello world, it's a test").tokens, M.TOK.encode("hello world").ids)
print('buckets row 0..', M.rel_bucket(np.arange(-40, 41)[None, :] , 32)[0].tolist())
S = ["The weather is lovely today.", "It's so sunny outside!", "He drove to the stadium.",
     "A man is eating food.", "A man is eating a piece of bread.", "The girl is carrying a baby.",
     "The cabinet approved the budget on Tuesday.", "Ministers signed off the spending plan this week."]
E = np.array([M.embed(s, norm=False)[0] for s in S])
np.set_printoptions(precision=4, suppress=True)
print(E @ E.T)
