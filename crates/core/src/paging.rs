//! Paging by opaque tokens, forward and back: the server only says where the next page starts, so the
//! way back is the stack of tokens that opened each page visited.

use crate::domain::PageCursor;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenPager {
    /// The token that opened each page visited; the first page has none. The last is the shown page's.
    opened_by: Vec<Option<String>>,
    /// What the shown page said about the next one.
    next: PageCursor,
}

impl Default for TokenPager {
    fn default() -> Self {
        Self::new()
    }
}

impl TokenPager {
    pub fn new() -> Self {
        Self {
            opened_by: vec![None],
            next: PageCursor::End,
        }
    }

    /// 1-based number of the shown page.
    pub fn page(&self) -> usize {
        self.opened_by.len()
    }

    /// The token of the shown page (for a reload).
    pub fn current(&self) -> Option<String> {
        self.opened_by.last().cloned().flatten()
    }

    pub fn has_prev(&self) -> bool {
        self.opened_by.len() > 1
    }

    pub fn has_next(&self) -> bool {
        matches!(self.next, PageCursor::Token(_))
    }

    /// The token that opens the next page, if there is one.
    pub fn next_token(&self) -> Option<String> {
        match &self.next {
            PageCursor::Token(t) => Some(t.clone()),
            _ => None,
        }
    }

    /// The token that opens the previous page (`Some(None)` = the first page), if there is one.
    pub fn prev_token(&self) -> Option<Option<String>> {
        self.has_prev()
            .then(|| self.opened_by[self.opened_by.len() - 2].clone())
    }

    /// A page opened by `token` arrived (after `next_token`); `next` is what it says follows.
    pub fn went_forward(&mut self, token: String, next: PageCursor) {
        self.opened_by.push(Some(token));
        self.next = next;
    }

    /// The previous page arrived (after `prev_token`).
    pub fn went_back(&mut self, next: PageCursor) {
        if self.has_prev() {
            self.opened_by.pop();
        }
        self.next = next;
    }

    /// The shown page was loaded again, or the first page (after [`TokenPager::new`]).
    pub fn reloaded(&mut self, next: PageCursor) {
        self.next = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forward_three_pages_and_back_to_the_first() {
        let mut p = TokenPager::new();
        p.reloaded(PageCursor::Token("b".into()));
        assert_eq!((p.page(), p.has_prev(), p.has_next()), (1, false, true));
        let t = p.next_token().unwrap();
        p.went_forward(t, PageCursor::Token("c".into()));
        let t = p.next_token().unwrap();
        p.went_forward(t, PageCursor::End);
        assert_eq!((p.page(), p.has_next()), (3, false));
        assert_eq!(p.current().as_deref(), Some("c"));
        assert_eq!(p.prev_token(), Some(Some("b".into())));
        p.went_back(PageCursor::Token("c".into()));
        assert_eq!(p.prev_token(), Some(None));
        p.went_back(PageCursor::Token("b".into()));
        assert_eq!((p.page(), p.has_prev(), p.current()), (1, false, None));
        assert_eq!(p.prev_token(), None);
    }
}
