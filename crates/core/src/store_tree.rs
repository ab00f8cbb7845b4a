//! The store's namespaces as a tree: every namespace and each prefix above it, once, in order,
//! each a row with its depth — so `users.alice` and `users.bob` sit under one `users`.

/// One row of the tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamespaceRow {
    /// The whole path down to this row.
    pub path: Vec<String>,
    /// Whether the store has this namespace itself (else it is only a prefix of others).
    pub own: bool,
}

impl NamespaceRow {
    /// How deep it sits (0: a root).
    pub fn depth(&self) -> usize {
        self.path.len().saturating_sub(1)
    }

    /// The last part: what the row is called under its parent.
    pub fn label(&self) -> &str {
        self.path.last().map_or("", String::as_str)
    }
}

/// Levels of the tree drawn at most: a deeper namespace is a row at this depth (its path cut there).
pub const MAX_DEPTH: usize = 16;

/// The rows for `namespaces` (any order, repeats allowed): sorted by path, a prefix before what
/// is under it. At most `limit` rows, [`MAX_DEPTH`] levels.
pub fn namespace_rows(namespaces: &[Vec<String>], limit: usize) -> Vec<NamespaceRow> {
    let mut all: Vec<&[String]> = namespaces
        .iter()
        .filter(|n| !n.is_empty())
        .map(|n| &n[..n.len().min(MAX_DEPTH)])
        .collect();
    all.sort();
    all.dedup();
    let mut rows: Vec<NamespaceRow> = Vec::new();
    for ns in all {
        for depth in 1..=ns.len() {
            let path = &ns[..depth];
            let own = depth == ns.len();
            match rows.iter_mut().rev().find(|r| r.path == path) {
                Some(r) => r.own |= own,
                None => {
                    if rows.len() == limit {
                        return rows;
                    }
                    rows.push(NamespaceRow {
                        path: path.to_vec(),
                        own,
                    });
                }
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ns(s: &str) -> Vec<String> {
        s.split('.').map(str::to_owned).collect()
    }

    #[test]
    fn prefixes_are_rows_once_and_above_what_is_under_them() {
        let rows = namespace_rows(
            &[
                ns("users.bob"),
                ns("notes"),
                ns("users.alice"),
                ns("users"),
                ns("a.b.c"),
                ns("users.bob"),
            ],
            100,
        );
        let shown: Vec<(String, usize, bool)> = rows
            .iter()
            .map(|r| (r.path.join("."), r.depth(), r.own))
            .collect();
        assert_eq!(
            shown,
            [
                ("a".into(), 0, false),
                ("a.b".into(), 1, false),
                ("a.b.c".into(), 2, true),
                ("notes".into(), 0, true),
                ("users".into(), 0, true),
                ("users.alice".into(), 1, true),
                ("users.bob".into(), 1, true),
            ]
        );
        assert_eq!(rows[5].label(), "alice");
        assert_eq!(namespace_rows(&[ns("a.b.c")], 2).len(), 2, "bounded");
        assert!(namespace_rows(&[Vec::new()], 10).is_empty());
        let deep: Vec<String> = (0..5_000).map(|i| i.to_string()).collect();
        let rows = namespace_rows(&[deep], 100_000);
        assert_eq!(rows.len(), MAX_DEPTH, "a hostile depth is cut");
    }
}
