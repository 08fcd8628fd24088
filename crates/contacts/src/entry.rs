//! What every reader hands to the normaliser: one contact-shaped record per row or card.

/// A row (or vCard) with its name and the raw phone cells chosen for it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Entry {
    /// The row number the user sees (or the card's 1-based index).
    pub row: u32,
    pub name: Option<String>,
    /// The raw texts of the chosen cells, one per line (one string, not a vector of them: one
    /// allocation per row fewer); a cell may itself hold several numbers (see
    /// `cells::split_numbers`, which also splits at line breaks).
    pub phones: String,
}
