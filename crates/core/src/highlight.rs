//! A light syntax highlighting of code blocks in agent output: keywords, strings, comments, numbers
//! and literals for the languages replies use most. It only splits the code into pieces — joined,
//! they are the code exactly — so copying a block and its text content stay the code as written.
//! Linear in the code's length; an unknown language is one plain piece.

use std::ops::Range;

/// What a piece of code is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tok {
    Plain,
    Keyword,
    String,
    Comment,
    Number,
    /// `true`, `false`, `null`, `None` …
    Literal,
}

impl Tok {
    /// The CSS class the view gives a piece (`None`: a plain text node).
    pub fn class(self) -> Option<&'static str> {
        match self {
            Tok::Plain => None,
            Tok::Keyword => Some("ac-tok-kw"),
            Tok::String => Some("ac-tok-str"),
            Tok::Comment => Some("ac-tok-com"),
            Tok::Number => Some("ac-tok-num"),
            Tok::Literal => Some("ac-tok-lit"),
        }
    }
}

struct Lang {
    keywords: &'static [&'static str],
    literals: &'static [&'static str],
    line_comment: &'static [&'static str],
    block_comment: Option<(&'static str, &'static str)>,
    quotes: &'static [char],
    /// Python's `"""` / `'''` strings.
    triple_quotes: bool,
    /// Rust: `'a` is a lifetime unless a char literal closes it (`'a'`, `'\n'`).
    lifetimes: bool,
}

const RUST: Lang = Lang {
    keywords: &[
        "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum",
        "extern", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
        "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "type",
        "unsafe", "use", "where", "while",
    ],
    literals: &["true", "false", "None", "Some", "Ok", "Err"],
    line_comment: &["//"],
    block_comment: Some(("/*", "*/")),
    quotes: &['"', '\''],
    triple_quotes: false,
    lifetimes: true,
};

const PYTHON: Lang = Lang {
    keywords: &[
        "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is",
        "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while", "with",
        "yield",
    ],
    literals: &["True", "False", "None"],
    line_comment: &["#"],
    block_comment: None,
    quotes: &['"', '\''],
    triple_quotes: true,
    lifetimes: false,
};

const JS: Lang = Lang {
    keywords: &[
        "async",
        "await",
        "break",
        "case",
        "catch",
        "class",
        "const",
        "continue",
        "default",
        "delete",
        "do",
        "else",
        "export",
        "extends",
        "finally",
        "for",
        "from",
        "function",
        "if",
        "import",
        "in",
        "instanceof",
        "interface",
        "let",
        "new",
        "of",
        "return",
        "static",
        "switch",
        "this",
        "throw",
        "try",
        "type",
        "typeof",
        "var",
        "void",
        "while",
        "yield",
    ],
    literals: &["true", "false", "null", "undefined", "NaN"],
    line_comment: &["//"],
    block_comment: Some(("/*", "*/")),
    quotes: &['"', '\'', '`'],
    triple_quotes: false,
    lifetimes: false,
};

const C_LIKE: Lang = Lang {
    keywords: &[
        "auto",
        "break",
        "case",
        "chan",
        "char",
        "class",
        "const",
        "continue",
        "default",
        "defer",
        "do",
        "double",
        "else",
        "enum",
        "extends",
        "final",
        "float",
        "for",
        "func",
        "go",
        "if",
        "implements",
        "import",
        "int",
        "interface",
        "long",
        "map",
        "namespace",
        "new",
        "package",
        "private",
        "protected",
        "public",
        "range",
        "return",
        "select",
        "short",
        "static",
        "struct",
        "switch",
        "template",
        "this",
        "throw",
        "try",
        "catch",
        "type",
        "typedef",
        "var",
        "void",
        "while",
    ],
    literals: &["true", "false", "null", "nil", "nullptr", "NULL"],
    line_comment: &["//"],
    block_comment: Some(("/*", "*/")),
    quotes: &['"', '\''],
    triple_quotes: false,
    lifetimes: false,
};

const SHELL: Lang = Lang {
    keywords: &[
        "if", "then", "else", "elif", "fi", "for", "while", "do", "done", "case", "esac", "in",
        "function", "return", "export", "local", "source", "echo", "cd", "set",
    ],
    literals: &["true", "false"],
    line_comment: &["#"],
    block_comment: None,
    quotes: &['"', '\''],
    triple_quotes: false,
    lifetimes: false,
};

const JSON: Lang = Lang {
    keywords: &[],
    literals: &["true", "false", "null"],
    line_comment: &[],
    block_comment: None,
    quotes: &['"'],
    triple_quotes: false,
    lifetimes: false,
};

const SQL: Lang = Lang {
    keywords: &[
        "select", "from", "where", "and", "or", "not", "insert", "into", "values", "update", "set",
        "delete", "create", "table", "join", "left", "right", "inner", "outer", "on", "group",
        "by", "order", "limit", "as", "having", "distinct", "union", "SELECT", "FROM", "WHERE",
        "AND", "OR", "NOT", "INSERT", "INTO", "VALUES", "UPDATE", "SET", "DELETE", "CREATE",
        "TABLE", "JOIN", "LEFT", "RIGHT", "INNER", "OUTER", "ON", "GROUP", "BY", "ORDER", "LIMIT",
        "AS", "HAVING", "DISTINCT", "UNION",
    ],
    literals: &["NULL", "TRUE", "FALSE", "null", "true", "false"],
    line_comment: &["--"],
    block_comment: Some(("/*", "*/")),
    quotes: &['"', '\''],
    triple_quotes: false,
    lifetimes: false,
};

const TOML_YAML: Lang = Lang {
    keywords: &[],
    literals: &["true", "false", "null", "yes", "no"],
    line_comment: &["#"],
    block_comment: None,
    quotes: &['"', '\''],
    triple_quotes: false,
    lifetimes: false,
};

fn lang(name: &str) -> Option<&'static Lang> {
    Some(match name.to_ascii_lowercase().as_str() {
        "rust" | "rs" => &RUST,
        "python" | "py" | "python3" => &PYTHON,
        "javascript" | "js" | "jsx" | "typescript" | "ts" | "tsx" | "mjs" => &JS,
        "c" | "h" | "cpp" | "c++" | "cc" | "java" | "go" | "golang" | "csharp" | "cs"
        | "kotlin" | "swift" => &C_LIKE,
        "bash" | "sh" | "shell" | "zsh" | "console" => &SHELL,
        "json" | "jsonc" => &JSON,
        "sql" => &SQL,
        "toml" | "yaml" | "yml" | "ini" => &TOML_YAML,
        _ => return None,
    })
}

/// Whether `language` (a code block's info string) is one [`highlight`] knows.
pub fn known(language: &str) -> bool {
    lang(language).is_some()
}

/// `code` split into pieces for `language`; the pieces cover it, in order, with no gap.
pub fn highlight(language: &str, code: &str) -> Vec<(Tok, Range<usize>)> {
    let Some(l) = lang(language) else {
        return if code.is_empty() {
            Vec::new()
        } else {
            vec![(Tok::Plain, 0..code.len())]
        };
    };
    let b = code.as_bytes();
    let mut out: Vec<(Tok, Range<usize>)> = Vec::new();
    let mut push = |tok: Tok, r: Range<usize>| {
        if r.is_empty() {
            return;
        }
        match out.last_mut() {
            Some((t, last)) if *t == tok && last.end == r.start => last.end = r.end,
            _ => out.push((tok, r)),
        }
    };
    let mut i = 0;
    while i < b.len() {
        let rest = &code[i..];
        if l.line_comment.iter().any(|c| rest.starts_with(*c)) {
            let end = rest.find('\n').map_or(code.len(), |n| i + n);
            push(Tok::Comment, i..end);
            i = end;
            continue;
        }
        if let Some((open, close)) = l.block_comment {
            if let Some(inside) = rest.strip_prefix(open) {
                let end = inside
                    .find(close)
                    .map_or(code.len(), |n| i + open.len() + n + close.len());
                push(Tok::Comment, i..end);
                i = end;
                continue;
            }
        }
        let c = b[i] as char;
        if l.quotes.contains(&c) {
            if l.lifetimes && c == '\'' && !char_literal(rest) {
                push(Tok::Plain, i..i + 1);
                i += 1;
                continue;
            }
            let end = string_end(code, i, c, l.triple_quotes);
            push(Tok::String, i..end);
            i = end;
            continue;
        }
        if c.is_ascii_digit() && !prev_is_word(b, i) {
            let mut end = i + 1;
            while end < b.len()
                && (b[end].is_ascii_alphanumeric() || b[end] == b'.' || b[end] == b'_')
            {
                end += 1;
            }
            push(Tok::Number, i..end);
            i = end;
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let mut end = i + 1;
            while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
                end += 1;
            }
            let word = &code[i..end];
            let tok = if l.keywords.contains(&word) {
                Tok::Keyword
            } else if l.literals.contains(&word) {
                Tok::Literal
            } else {
                Tok::Plain
            };
            push(tok, i..end);
            i = end;
            continue;
        }
        // Anything else (punctuation, spaces, non-ASCII) is plain, a whole UTF-8 character at a time.
        let len = rest.chars().next().map_or(1, char::len_utf8);
        push(Tok::Plain, i..i + len);
        i += len;
    }
    out
}

fn prev_is_word(b: &[u8], i: usize) -> bool {
    i > 0 && (b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')
}

/// `'x'` or `'\n'`/`'\u{..}'` at the start of `rest` (a Rust char literal, not a lifetime).
fn char_literal(rest: &str) -> bool {
    let mut cs = rest.chars().skip(1);
    match cs.next() {
        Some('\\') => true,
        Some(_) => cs.next() == Some('\''),
        None => false,
    }
}

/// Where the string opened by `quote` at `start` ends (after its closing quote; a backslash escapes
/// the next character). An unclosed string runs to the end of its line (a triple-quoted one, of the
/// code).
fn string_end(code: &str, start: usize, quote: char, triple: bool) -> usize {
    let q = quote.to_string().repeat(3);
    if triple && code[start..].starts_with(&q) {
        return code[start + 3..]
            .find(&q)
            .map_or(code.len(), |n| start + 3 + n + 3);
    }
    let mut escaped = false;
    for (n, c) in code[start + 1..].char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '\\' => escaped = true,
            '\n' if quote != '`' => return start + 1 + n,
            c if c == quote => return start + 1 + n + 1,
            _ => {}
        }
    }
    code.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn pieces(lang: &str, code: &str) -> Vec<(Tok, String)> {
        highlight(lang, code)
            .into_iter()
            .map(|(t, r)| (t, code[r].to_owned()))
            .collect()
    }

    fn of(lang: &str, code: &str, tok: Tok) -> Vec<String> {
        pieces(lang, code)
            .into_iter()
            .filter(|(t, _)| *t == tok)
            .map(|(_, s)| s)
            .collect()
    }

    #[test]
    fn rust_keywords_strings_comments_numbers_and_lifetimes() {
        let code = "fn main<'a>() { let s = \"a \\\" b\"; // note\n let c = 'x'; 42 }";
        assert_eq!(of("rust", code, Tok::Keyword), ["fn", "let", "let"]);
        assert_eq!(of("rust", code, Tok::String), ["\"a \\\" b\"", "'x'"]);
        assert_eq!(of("rust", code, Tok::Comment), ["// note"]);
        assert_eq!(of("rust", code, Tok::Number), ["42"]);
        // The lifetime is not a string: `main<'a>()` stays plain around it.
        assert!(pieces("rust", code)
            .iter()
            .any(|(t, s)| *t == Tok::Plain && s.contains("'a>")));
    }

    #[test]
    fn python_json_shell_and_unknown_languages() {
        let py = "def f(x):\n    \"\"\"doc\nmore\"\"\"\n    return None  # done";
        assert_eq!(of("python", py, Tok::Keyword), ["def", "return"]);
        assert_eq!(of("py", py, Tok::String), ["\"\"\"doc\nmore\"\"\""]);
        assert_eq!(of("python", py, Tok::Literal), ["None"]);
        assert_eq!(of("python", py, Tok::Comment), ["# done"]);
        let json = r#"{"a": [1, 2.5, true, null]}"#;
        assert_eq!(of("json", json, Tok::String), ["\"a\""]);
        assert_eq!(of("json", json, Tok::Number), ["1", "2.5"]);
        assert_eq!(of("json", json, Tok::Literal), ["true", "null"]);
        assert_eq!(of("bash", "echo \"hi\" # x", Tok::Comment), ["# x"]);
        assert_eq!(
            pieces("brainfuck", "+[-]"),
            [(Tok::Plain, "+[-]".to_owned())]
        );
        assert!(known("TypeScript") && !known("cobol"));
        // An empty block is no pieces, whatever its language.
        assert!(highlight("cobol", "").is_empty() && highlight("rust", "").is_empty());
        // A word with digits is not a number; an unclosed string ends at its line.
        assert!(of("js", "let x1 = 'open\nnext", Tok::Number).is_empty());
        assert_eq!(of("js", "let x1 = 'open\nnext", Tok::String), ["'open"]);
    }

    proptest! {
        #[test]
        fn pieces_cover_the_code_exactly(code in "\\PC{0,200}", lang in prop::sample::select(vec!["rust", "python", "js", "go", "bash", "json", "sql", "toml", "x"])) {
            let ps = highlight(lang, &code);
            let mut at = 0;
            for (_, r) in &ps {
                prop_assert_eq!(r.start, at);
                prop_assert!(r.end > r.start);
                at = r.end;
            }
            prop_assert_eq!(at, code.len());
        }
    }
}
