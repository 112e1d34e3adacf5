//! Which rows of the source frame a design (and a fit) uses: all of them — the common case,
//! kept as a count, so a 10-million-row fit holds no 80 MB list of row numbers — or a list.

/// Rows of the source frame used, in order.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Rows {
    /// Rows `0..n`, every row of the frame.
    All(usize),
    /// These rows (increasing for a design; one per pair or entity after a transform).
    List(Vec<usize>),
}

impl Rows {
    /// Number of rows.
    pub fn len(&self) -> usize {
        match self {
            Rows::All(n) => *n,
            Rows::List(v) => v.len(),
        }
    }

    /// The frame row of position `i`.
    pub fn get(&self, i: usize) -> usize {
        match self {
            Rows::All(_) => i,
            Rows::List(v) => v[i],
        }
    }

    /// The frame rows in order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        let (n, list) = match self {
            Rows::All(n) => (*n, None),
            Rows::List(v) => (v.len(), Some(v)),
        };
        (0..n).map(move |i| list.map_or(i, |v| v[i]))
    }

    /// The list, when not every row is used.
    pub fn list(&self) -> Option<&[usize]> {
        match self {
            Rows::All(_) => None,
            Rows::List(v) => Some(v),
        }
    }

    /// The rows of positions `keep`.
    pub fn select(&self, keep: &[usize]) -> Rows {
        Rows::List(keep.iter().map(|&i| self.get(i)).collect())
    }

    /// The frame rows as a vector.
    pub fn to_vec(&self) -> Vec<usize> {
        self.iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_rows_are_a_count_and_a_subset_is_a_list() {
        let all = Rows::All(4);
        assert_eq!(all.to_vec(), vec![0, 1, 2, 3]);
        assert_eq!(all.len(), 4);
        let some = Rows::List(vec![1, 3]);
        assert_eq!(some.list(), Some(&[1, 3][..]));
        assert_eq!(some.get(1), 3);
        assert_eq!(all.select(&[2, 3]).to_vec(), vec![2, 3]);
        assert_eq!(some.select(&[1]).to_vec(), vec![3]);
        assert_eq!(some.iter().collect::<Vec<_>>(), vec![1, 3]);
    }
}
