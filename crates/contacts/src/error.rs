//! Why a whole file could not be imported. Row-level problems are not errors: they are
//! [`crate::RejectedRow`]s in an otherwise successful report.

/// A file that could not be read at all. `Display` is a complete sentence for a non-technical user
/// (what is wrong, and what to do); [`ContactsError::kind`] is stable so the UI can translate it.
#[derive(Debug, thiserror::Error)]
pub enum ContactsError {
    #[error("\"{file}\" was not found: it may have been moved, renamed or deleted. Choose the file again.")]
    NotFound { file: String },

    #[error("\"{file}\" could not be opened ({detail}). Check that it is a file you can open, then try again.")]
    CannotOpen { file: String, detail: String },

    #[error("\"{file}\" is empty. Export your contacts again and choose the new file.")]
    Empty { file: String },

    #[error("\"{file}\" is {size_mb} MB, more than the {limit_mb} MB GroupDrop reads. Split it into smaller files.")]
    TooLarge {
        file: String,
        size_mb: u64,
        limit_mb: u64,
    },

    #[error("\"{file}\" unpacks to more than {limit_mb} MB of spreadsheet data, more than GroupDrop reads. Save the contacts as CSV, or split them into smaller files.")]
    UnpacksTooLarge { file: String, limit_mb: u64 },

    #[error("A sheet in \"{file}\" spans {cells} cells, more than the {limit} GroupDrop reads. If your contacts fill only part of it, delete anything far below or to the right of them (or copy the contacts to a new sheet), save, and choose the file again.")]
    TooManyCells {
        file: String,
        cells: u64,
        limit: u64,
    },

    #[error("\"{file}\" is not a contact list (it holds binary data). Export your contacts as CSV, Excel (.xlsx) or vCard (.vcf).")]
    Binary { file: String },

    #[error("\"{file}\" looks like {what}, which GroupDrop cannot read. Save or export it as CSV, Excel (.xlsx, .xls), OpenDocument (.ods) or vCard (.vcf).")]
    Unsupported { file: String, what: String },

    #[error("The text in \"{file}\" could not be decoded ({detail}). Save it again as CSV UTF-8 and choose the new file.")]
    Encoding { file: String, detail: String },

    #[error("\"{file}\" is protected with a password. Open it, remove the password (or save an unprotected copy), then choose that file.")]
    PasswordProtected { file: String },

    #[error("\"{file}\" could not be read as {format}: it looks damaged or is not really that kind of file. Open it in Excel or LibreOffice, save it again, then choose it again.")]
    Unreadable {
        file: String,
        format: String,
        /// The library's own words, for logs; never shown to a user.
        detail: String,
    },

    #[error("No column of phone numbers was found in \"{file}\". Its columns are: {columns}. Choose the phone column by name or letter.")]
    NoPhoneColumn { file: String, columns: String },

    #[error("There is no column \"{column}\" in \"{file}\". Its columns are: {columns}. Use one of these names, or a column letter such as C.")]
    ColumnNotFound {
        file: String,
        column: String,
        columns: String,
    },

    #[error("\"{file}\" is a vCard file: it has no column \"{column}\" to make groups by. Export the contacts as a spreadsheet or CSV with that column.")]
    NoColumns { file: String, column: String },

    #[error("There is no sheet \"{sheet}\" in \"{file}\". Its sheets are: {sheets}.")]
    SheetNotFound {
        file: String,
        sheet: String,
        sheets: String,
    },

    #[error("\"{country}\" is not a country GroupDrop knows. Use a two-letter country code such as BR, IN or US.")]
    UnknownCountry { country: String },
}

impl ContactsError {
    /// A stable, closed identifier of the error, for the UI to switch on and translate.
    pub fn kind(&self) -> &'static str {
        match self {
            ContactsError::NotFound { .. } => "not_found",
            ContactsError::CannotOpen { .. } => "cannot_open",
            ContactsError::Empty { .. } => "empty",
            ContactsError::TooLarge { .. } => "too_large",
            ContactsError::UnpacksTooLarge { .. } => "unpacks_too_large",
            ContactsError::TooManyCells { .. } => "too_many_cells",
            ContactsError::Binary { .. } => "binary",
            ContactsError::Unsupported { .. } => "unsupported",
            ContactsError::Encoding { .. } => "encoding",
            ContactsError::PasswordProtected { .. } => "password_protected",
            ContactsError::Unreadable { .. } => "unreadable",
            ContactsError::NoPhoneColumn { .. } => "no_phone_column",
            ContactsError::ColumnNotFound { .. } => "column_not_found",
            ContactsError::NoColumns { .. } => "no_columns",
            ContactsError::SheetNotFound { .. } => "sheet_not_found",
            ContactsError::UnknownCountry { .. } => "unknown_country",
        }
    }

    /// Every value [`ContactsError::kind`] can return, so a UI catalogue can be checked for gaps.
    pub const KINDS: &'static [&'static str] = &[
        "not_found",
        "cannot_open",
        "empty",
        "too_large",
        "unpacks_too_large",
        "too_many_cells",
        "binary",
        "unsupported",
        "encoding",
        "password_protected",
        "unreadable",
        "no_phone_column",
        "column_not_found",
        "no_columns",
        "sheet_not_found",
        "unknown_country",
    ];
}
