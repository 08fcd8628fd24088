//! The subset of the `regex-cache` 0.2 API that the `phonenumber` crate uses, re-implemented so that
//! every pattern is compiled **once** and then shared lock-free.
//!
//! Why this exists: `phonenumber` builds its metadata database with `RegexCache::new(100)`, one LRU of
//! 100 compiled regexes behind a `Mutex`, shared by the ~5,000 patterns of libphonenumber's metadata.
//! Every `is_match` locks that mutex, SipHashes the pattern text and, once more than 100 patterns are
//! in play (any mixed-country list, or any `+1` number, which tries ~25 NANPA regions), recompiles
//! the pattern it just evicted. A callgrind profile of an import showed most of its instructions in
//! `regex_syntax` parsing and DFA construction. Here each `CachedRegex` owns a `OnceLock<Regex>`:
//! compiled on first use, then matched without locks (each thread through its own handle, see
//! `Compiled`), so two threads scale and nothing is rebuilt.
//!
//! Behaviour is the same as upstream: syntax validation in `build`/`new` (of the syntax tree, see
//! `check_syntax`), same options, same
//! `as_str` (the pattern verbatim), and a broken pattern panics on first use exactly like upstream's
//! `unwrap` did. `crates/contacts/tests/differential.rs` pins the numbers-level behaviour against
//! Python `phonenumbers`; the unit tests below pin this crate's own contract.
//!
//! GroupDrop extensions (not in upstream): `is_full_match`, `captures_at_start` and
//! `match_end_at_start`, the whole-number and `lookingAt` matches libphonenumber is specified
//! with, which `groupdrop-contacts` validates with (the crate's own prefix `find` accepts numbers
//! with extra digits).
//!
//! Measured (99,516 phone cells of the earlier benchmark CSV, default BR, one thread,
//! release, `phonenumber::parse` + `is_valid` + E.164 — the crate's own path): upstream
//! regex-cache 0.2.1 5.56 µs per number, this drop-in 4.00 µs (1.4×); metadata load 48 → 31 ms.
//! The import itself no longer takes that path (see `groupdrop-contacts`' `libphone`).

use std::borrow::Cow;
use std::fmt;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use regex::{Captures, Match, Replacer};
pub use regex::{Error, Regex, RegexBuilder};

/// Kept for API compatibility: `phonenumber` creates one and hands it to every builder. Patterns no
/// longer live in it; each `CachedRegex` keeps its own compiled form.
#[derive(Clone, Debug, Default)]
pub struct RegexCache {
    capacity: usize,
}

impl RegexCache {
    /// `capacity` is recorded but unused: compiled patterns are owned by their `CachedRegex`.
    pub fn new(capacity: usize) -> RegexCache {
        RegexCache { capacity }
    }

    /// The capacity the caller asked for.
    pub fn capacity(&self) -> usize {
        self.capacity
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Options {
    case_insensitive: bool,
    multi_line: bool,
    dot_matches_new_line: bool,
    swap_greed: bool,
    ignore_whitespace: bool,
    unicode: Option<bool>,
    size_limit: Option<usize>,
    dfa_size_limit: Option<usize>,
}

impl Options {
    /// Compiles `source` with ASCII classes (`(?-u:…)`) where that is a valid pattern, else as
    /// written. libphonenumber's metadata patterns are ASCII and match numbers already reduced to
    /// ASCII digits, but Unicode `\d` is a class of ~60 digit blocks: compiling it into each of the
    /// thousands of patterns was ~8% of a fresh-process import (perf, scripts/bench's 100k CSV),
    /// and the ASCII automata are smaller to search too.
    fn compile(&self, source: &str) -> Result<Regex, Error> {
        if self.unicode.is_none() {
            if let Ok(r) = self.compile_as_written(&format!("(?-u:{source})")) {
                return Ok(r);
            }
        }
        self.compile_as_written(source)
    }

    fn compile_as_written(&self, source: &str) -> Result<Regex, Error> {
        let mut b = RegexBuilder::new(source);
        b.case_insensitive(self.case_insensitive)
            .multi_line(self.multi_line)
            .dot_matches_new_line(self.dot_matches_new_line)
            .swap_greed(self.swap_greed)
            .ignore_whitespace(self.ignore_whitespace);
        if let Some(u) = self.unicode {
            b.unicode(u);
        }
        if let Some(l) = self.size_limit {
            b.size_limit(l);
        }
        if let Some(l) = self.dfa_size_limit {
            b.dfa_size_limit(l);
        }
        b.build()
    }
}

/// How many threads get their own handle on a compiled regex (see [`Compiled`]).
const THREAD_SLOTS: usize = 8;

static NEXT_THREAD_SLOT: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's slot, given out in order of first use.
    static THREAD_SLOT: usize = NEXT_THREAD_SLOT.fetch_add(1, Ordering::Relaxed) % THREAD_SLOTS;
}

/// A compiled regex plus per-thread handles on it. A `regex::Regex` keeps its search caches in a
/// pool whose fast path belongs to the first thread that used it; every other thread takes a
/// mutex-guarded slow path on each search (7% of an import in a profile, with the metadata
/// warmed on one thread and numbers matched on rayon's). A clone shares the compiled program
/// but has its own pool, so each thread (up to `THREAD_SLOTS`, then shared) gets a clone.
struct Compiled {
    base: Regex,
    copies: [OnceLock<Regex>; THREAD_SLOTS],
}

impl Compiled {
    fn new(base: Regex) -> Box<Compiled> {
        Box::new(Compiled {
            base,
            copies: Default::default(),
        })
    }

    fn for_this_thread(&self) -> &Regex {
        let slot = THREAD_SLOT.try_with(|s| *s).unwrap_or(0);
        self.copies[slot].get_or_init(|| self.base.clone())
    }
}

/// A regex compiled lazily on first use and kept for the life of the value.
#[derive(Clone)]
pub struct CachedRegex {
    source: Arc<str>,
    options: Options,
    compiled: Arc<OnceLock<Box<Compiled>>>,
    /// `^(?:source)$`, for [`CachedRegex::is_full_match`]; compiled on first use.
    full: Arc<OnceLock<Box<Compiled>>>,
    /// `^(?:source)`, for [`CachedRegex::captures_at_start`]; compiled on first use.
    start: Arc<OnceLock<Box<Compiled>>>,
}

/// The syntax check `build` promises, on the pattern's syntax tree only. The full parser also
/// translates to HIR, which expands every Unicode `\d` into its ~60 digit blocks: for the ~5,000
/// metadata patterns `phonenumber` builds at load that was over a third of the instructions of a
/// fresh-process 20k-row import (callgrind). Translation errors (an unknown Unicode class name)
/// do not occur in libphonenumber's metadata; they would still panic on first use, as upstream.
fn check_syntax(source: &str, options: &Options) -> Result<(), Error> {
    regex_syntax::ast::parse::ParserBuilder::new()
        .ignore_whitespace(options.ignore_whitespace)
        .build()
        .parse(source)
        .map(|_| ())
        .map_err(|e| Error::Syntax(e.to_string()))
}

impl CachedRegex {
    /// Check the syntax now, compile on first use.
    pub fn new(cache: Arc<Mutex<RegexCache>>, source: &str) -> Result<CachedRegex, Error> {
        CachedRegexBuilder::new(cache, source).build()
    }

    /// Compile on first use without checking the syntax first.
    pub fn new_unchecked(cache: Arc<Mutex<RegexCache>>, source: &str) -> CachedRegex {
        CachedRegexBuilder::new(cache, source).build_unchecked()
    }

    fn regex(&self) -> &Regex {
        self.compiled
            .get_or_init(|| {
                Compiled::new(
                    self.options
                        .compile(&self.source)
                        .unwrap_or_else(|e| panic!("invalid regex {:?}: {e}", self.source)),
                )
            })
            .for_this_thread()
    }

    fn anchored<'a>(&'a self, cell: &'a OnceLock<Box<Compiled>>, end: bool) -> &'a Regex {
        cell.get_or_init(|| {
            let wrapped = format!("^(?:{}){}", self.source, if end { "$" } else { "" });
            Compiled::new(
                self.options
                    .compile(&wrapped)
                    .unwrap_or_else(|e| panic!("invalid regex {:?}: {e}", self.source)),
            )
        })
        .for_this_thread()
    }

    /// GroupDrop extension, not in upstream regex-cache: whether the **whole** text matches, as
    /// Java's `Matcher.matches()` in libphonenumber. `phonenumber` itself only checks that a match
    /// starts at 0, which accepts numbers with extra trailing digits; `groupdrop-contacts`
    /// validates with this instead.
    pub fn is_full_match(&self, text: &str) -> bool {
        self.anchored(&self.full, true).is_match(text)
    }

    /// GroupDrop extension: captures of a match that starts at 0, as Java's `lookingAt()`.
    pub fn captures_at_start<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        self.anchored(&self.start, false).captures(text)
    }

    /// GroupDrop extension: the end of a match that starts at 0 (Java's `lookingAt()` +
    /// `end()`), without the cost of capture groups.
    pub fn match_end_at_start(&self, text: &str) -> Option<usize> {
        self.anchored(&self.start, false)
            .find(text)
            .map(|m| m.end())
    }

    /// Whether the pattern has been compiled yet (for tests and diagnostics).
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some()
    }

    /// Refer to `Regex::is_match`.
    pub fn is_match(&self, text: &str) -> bool {
        self.regex().is_match(text)
    }

    /// Refer to `Regex::find`.
    pub fn find<'t>(&self, text: &'t str) -> Option<Match<'t>> {
        self.regex().find(text)
    }

    /// Refer to `Regex::captures`.
    pub fn captures<'t>(&self, text: &'t str) -> Option<Captures<'t>> {
        self.regex().captures(text)
    }

    /// Refer to `Regex::replace`.
    pub fn replace<'t, R: Replacer>(&self, text: &'t str, rep: R) -> Cow<'t, str> {
        self.regex().replace(text, rep)
    }

    /// Refer to `Regex::replace_all`.
    pub fn replace_all<'t, R: Replacer>(&self, text: &'t str, rep: R) -> Cow<'t, str> {
        self.regex().replace_all(text, rep)
    }

    /// Refer to `Regex::shortest_match`.
    pub fn shortest_match(&self, text: &str) -> Option<usize> {
        self.regex().shortest_match(text)
    }

    /// Refer to `Regex::captures_len`.
    pub fn captures_len(&self) -> usize {
        self.regex().captures_len()
    }

    /// The pattern verbatim, as given to the builder.
    pub fn as_str(&self) -> &str {
        &self.source
    }
}

impl fmt::Debug for CachedRegex {
    /// Prints the pattern without forcing a compile.
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Debug::fmt(&*self.source, f)
    }
}

impl fmt::Display for CachedRegex {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        fmt::Display::fmt(&*self.source, f)
    }
}

/// A configurable builder for a `CachedRegex`.
#[derive(Clone, Debug)]
pub struct CachedRegexBuilder {
    source: String,
    options: Options,
}

impl CachedRegexBuilder {
    /// The cache argument is accepted for API compatibility and not used.
    pub fn new(_cache: Arc<Mutex<RegexCache>>, source: &str) -> CachedRegexBuilder {
        CachedRegexBuilder {
            source: source.to_owned(),
            options: Options::default(),
        }
    }

    /// Check the syntax, then return a regex that compiles on first use.
    pub fn build(&self) -> Result<CachedRegex, Error> {
        check_syntax(&self.source, &self.options)?;
        Ok(self.build_unchecked())
    }

    /// Return a regex that compiles on first use, without checking the syntax.
    pub fn build_unchecked(&self) -> CachedRegex {
        CachedRegex {
            source: Arc::from(self.source.as_str()),
            options: self.options,
            compiled: Arc::new(OnceLock::new()),
            full: Arc::new(OnceLock::new()),
            start: Arc::new(OnceLock::new()),
        }
    }

    pub fn case_insensitive(&mut self, yes: bool) -> &mut CachedRegexBuilder {
        self.options.case_insensitive = yes;
        self
    }

    pub fn multi_line(&mut self, yes: bool) -> &mut CachedRegexBuilder {
        self.options.multi_line = yes;
        self
    }

    pub fn dot_matches_new_line(&mut self, yes: bool) -> &mut CachedRegexBuilder {
        self.options.dot_matches_new_line = yes;
        self
    }

    pub fn swap_greed(&mut self, yes: bool) -> &mut CachedRegexBuilder {
        self.options.swap_greed = yes;
        self
    }

    pub fn ignore_whitespace(&mut self, yes: bool) -> &mut CachedRegexBuilder {
        self.options.ignore_whitespace = yes;
        self
    }

    pub fn unicode(&mut self, yes: bool) -> &mut CachedRegexBuilder {
        self.options.unicode = Some(yes);
        self
    }

    pub fn size_limit(&mut self, limit: usize) -> &mut CachedRegexBuilder {
        self.options.size_limit = Some(limit);
        self
    }

    pub fn dfa_size_limit(&mut self, limit: usize) -> &mut CachedRegexBuilder {
        self.options.dfa_size_limit = Some(limit);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache() -> Arc<Mutex<RegexCache>> {
        Arc::new(Mutex::new(RegexCache::new(1)))
    }

    #[test]
    fn compiles_lazily_once_and_matches() {
        let re = CachedRegexBuilder::new(cache(), r"^ \d{2} $")
            .ignore_whitespace(true)
            .build()
            .unwrap();
        assert!(!re.is_compiled());
        assert!(re.is_match("42"));
        assert!(re.is_compiled());
        assert!(!re.is_match("4 2"));
        // A clone shares the compiled form.
        assert!(re.clone().is_compiled());
        assert_eq!(re.as_str(), r"^ \d{2} $");
    }

    #[test]
    fn syntax_errors_are_reported_at_build() {
        assert!(CachedRegex::new(cache(), "(unclosed").is_err());
        // Whitespace-insensitive patterns are validated with that flag.
        let ok = CachedRegexBuilder::new(cache(), "a b # comment")
            .ignore_whitespace(true)
            .build();
        assert!(ok.is_ok());
    }

    #[test]
    fn more_patterns_than_capacity_stay_compiled() {
        let c = cache();
        let pats: Vec<_> = (0..300)
            .map(|i| CachedRegex::new(c.clone(), &format!("^{i}$")).unwrap())
            .collect();
        for (i, p) in pats.iter().enumerate() {
            assert!(p.is_match(&i.to_string()));
        }
        assert!(pats.iter().all(CachedRegex::is_compiled));
    }

    #[test]
    fn full_and_start_anchored_matches() {
        // Alternation order must not matter for a full match: leftmost-first `find` stops at "7".
        let re = CachedRegexBuilder::new(cache(), "7|79 \\d")
            .ignore_whitespace(true)
            .build()
            .unwrap();
        assert_eq!(re.find("791").unwrap().as_str(), "7");
        assert!(re.is_full_match("791"));
        assert!(!re.is_full_match("7912"));
        assert!(!re.is_full_match("x791"));
        let prefix = CachedRegex::new(cache(), r"0(1[245])?").unwrap();
        assert_eq!(&prefix.captures_at_start("01211").unwrap()[1], "12");
        assert_eq!(prefix.match_end_at_start("01211"), Some(3));
        assert_eq!(prefix.match_end_at_start("1012"), None);
        assert!(prefix.captures_at_start("1012").is_none());
    }

    #[test]
    fn threads_share_the_compiled_pattern() {
        let re = CachedRegex::new(cache(), r"^\d+$").unwrap();
        let hits: usize = std::thread::scope(|s| {
            let handles: Vec<_> = (0..THREAD_SLOTS + 3)
                .map(|i| {
                    let re = &re;
                    s.spawn(move || {
                        usize::from(re.is_match(&i.to_string())) + usize::from(!re.is_match("x"))
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        assert_eq!(hits, 2 * (THREAD_SLOTS + 3));
    }

    #[test]
    fn captures_replace_and_find() {
        let re = CachedRegex::new(cache(), r"(\d)(\d)").unwrap();
        assert_eq!(&re.captures("x12").unwrap()[2], "2");
        assert_eq!(re.replace("12", "$2$1"), "21");
        assert_eq!(re.replace_all("1234", "$2$1"), "2143");
        assert_eq!(re.find("ab34").unwrap().start(), 2);
        assert_eq!(re.captures_len(), 3);
        assert_eq!(re.shortest_match("12"), Some(2));
    }
}
