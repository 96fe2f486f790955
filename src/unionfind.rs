//! Disjoint sets over `0..n`: what puts paragraphs into groups and quotes into lineups (and
//! articles into stories and copy families). A joined set is rooted at its smallest root, so
//! the sets, and anything numbered by root, depend only on the order of the joins.

/// Union-find with path halving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    /// `n` sets of one element each.
    pub fn new(n: usize) -> UnionFind {
        UnionFind {
            parent: (0..n).collect(),
        }
    }

    /// The root of `k`'s set.
    pub fn root(&mut self, mut k: usize) -> usize {
        while self.parent[k] != k {
            self.parent[k] = self.parent[self.parent[k]];
            k = self.parent[k];
        }
        k
    }

    /// Join the sets of `x` and `y` under the smaller root; false if they were one already.
    pub fn join(&mut self, x: usize, y: usize) -> bool {
        let (rx, ry) = (self.root(x), self.root(y));
        if rx == ry {
            return false;
        }
        self.merge_into(rx.max(ry), rx.min(ry));
        true
    }

    /// Put the set rooted at `gone` under the root `keep` (both roots), for a caller that
    /// chooses which root stays.
    pub fn merge_into(&mut self, gone: usize, keep: usize) {
        self.parent[gone] = keep;
    }

    /// Each element's root, in element order: the sets as labels, for a caller that keeps
    /// them after the joins are done.
    pub fn roots(&mut self) -> Vec<usize> {
        (0..self.parent.len()).map(|k| self.root(k)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn joined_sets_share_the_smallest_root_and_the_rest_stay_apart() {
        let mut u = UnionFind::new(6);
        assert!(u.join(4, 2));
        assert!(u.join(2, 5));
        assert!(!u.join(5, 4));
        assert_eq!([u.root(2), u.root(4), u.root(5)], [2, 2, 2]);
        assert_eq!([u.root(0), u.root(1), u.root(3)], [0, 1, 3]);
        u.merge_into(1, 3);
        assert_eq!(u.root(1), 3);
    }

    #[test]
    fn roots_label_every_element_by_its_set_even_along_a_chain() {
        let mut u = UnionFind::new(5);
        // The chain 4 -> 3 -> 2 -> 0: the deepest element is three steps from its root.
        u.merge_into(4, 3);
        u.merge_into(3, 2);
        u.merge_into(2, 0);
        assert_eq!(u.roots(), vec![0, 1, 0, 0, 0]);
        assert_eq!(UnionFind::new(0).roots(), Vec::<usize>::new());
    }
}
