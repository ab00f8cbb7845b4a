//! TeX math in agent output (`$…$`, `$$…$$`) turned into a small MathML tree the views build as
//! MathML elements — the browser typesets it natively, with no font download and no HTML string.
//!
//! The subset most replies use: identifiers, numbers, operators, `^` and `_`, groups, `\frac`,
//! `\sqrt` (with an index), `\left … \right`, Greek letters, common symbols and big operators,
//! function names (`\sin`, `\log` …), `\text`, `\mathrm`, `\mathbf`, `\operatorname`. Nothing is
//! lost: an unknown command is shown as written (`\foo` in an `<mtext>`), an unbalanced brace ends
//! its group, and nesting deeper than [`MAX_DEPTH`] is shown as its source text.

/// A MathML element, by its tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MathTag {
    Mi,
    Mn,
    Mo,
    Mtext,
    Mrow,
    Mfrac,
    Msqrt,
    Mroot,
    Msub,
    Msup,
    Msubsup,
    Munderover,
    Munder,
    Mover,
}

impl MathTag {
    pub fn as_str(self) -> &'static str {
        match self {
            MathTag::Mi => "mi",
            MathTag::Mn => "mn",
            MathTag::Mo => "mo",
            MathTag::Mtext => "mtext",
            MathTag::Mrow => "mrow",
            MathTag::Mfrac => "mfrac",
            MathTag::Msqrt => "msqrt",
            MathTag::Mroot => "mroot",
            MathTag::Msub => "msub",
            MathTag::Msup => "msup",
            MathTag::Msubsup => "msubsup",
            MathTag::Munderover => "munderover",
            MathTag::Munder => "munder",
            MathTag::Mover => "mover",
        }
    }
}

/// One node: a token (`mi`, `mn`, `mo`, `mtext`) holds text, the others hold children in MathML's
/// order (`mfrac`: numerator, denominator; `msubsup`: base, sub, sup; `mroot`: base, index).
#[derive(Debug, Clone, PartialEq)]
pub struct MathNode {
    pub tag: MathTag,
    pub text: String,
    /// `mathvariant` (`normal` for a function name or `\mathrm`, `bold` for `\mathbf`).
    pub variant: Option<&'static str>,
    pub children: Vec<MathNode>,
}

impl MathNode {
    fn token(tag: MathTag, text: impl Into<String>) -> Self {
        MathNode {
            tag,
            text: text.into(),
            variant: None,
            children: Vec::new(),
        }
    }

    fn with(tag: MathTag, children: Vec<MathNode>) -> Self {
        MathNode {
            tag,
            text: String::new(),
            variant: None,
            children,
        }
    }

    fn variant(mut self, v: &'static str) -> Self {
        self.variant = Some(v);
        self
    }

    /// The text the node shows, for tests and labels.
    pub fn text_content(&self) -> String {
        let mut s = self.text.clone();
        for c in &self.children {
            s.push_str(&c.text_content());
        }
        s
    }
}

/// Groups nested deeper than this are shown as their source (agent output is untrusted: a
/// thousand `{` must not exhaust the stack).
pub const MAX_DEPTH: usize = 48;

/// The expression `tex` as one `mrow`.
pub fn to_mathml(tex: &str) -> MathNode {
    let mut p = Parser {
        tokens: tokenize(tex),
        at: 0,
        depth: 0,
    };
    let mut row = Vec::new();
    // A stray `}` or `\right` at the top ends nothing: shown, and parsing goes on.
    loop {
        row.extend(p.row());
        match p.next() {
            None => break,
            Some(Tok::Command(c)) => row.push(p.fenced(&c)),
            Some(t) => row.push(MathNode::token(MathTag::Mo, t.source())),
        }
    }
    MathNode::with(MathTag::Mrow, row)
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    /// `\name` (letters) or `\` and one other character.
    Command(String),
    Open,
    Close,
    Sup,
    Sub,
    Number(String),
    Letter(char),
    Other(char),
    /// The braced argument of a text command, as written (spaces kept).
    Raw(String),
}

impl Tok {
    fn source(&self) -> String {
        match self {
            Tok::Command(c) => format!("\\{c}"),
            Tok::Open => "{".into(),
            Tok::Close => "}".into(),
            Tok::Sup => "^".into(),
            Tok::Sub => "_".into(),
            Tok::Number(n) => n.clone(),
            Tok::Letter(c) | Tok::Other(c) => c.to_string(),
            Tok::Raw(r) => format!("{{{r}}}"),
        }
    }
}

/// Commands whose braced argument is text, not math.
const TEXT_COMMANDS: &[&str] = &[
    "text",
    "textrm",
    "mbox",
    "mathrm",
    "operatorname",
    "mathbf",
    "boldsymbol",
];

fn tokenize(tex: &str) -> Vec<Tok> {
    let mut out = Vec::new();
    let mut chars = tex.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let mut name = String::new();
                while let Some(&n) = chars.peek() {
                    if n.is_ascii_alphabetic() {
                        name.push(n);
                        chars.next();
                    } else {
                        break;
                    }
                }
                if name.is_empty() {
                    if let Some(n) = chars.next() {
                        name.push(n);
                    }
                }
                let text = TEXT_COMMANDS.contains(&name.as_str());
                out.push(Tok::Command(name));
                if text {
                    while chars.peek().is_some_and(|c| c.is_whitespace()) {
                        chars.next();
                    }
                    if chars.peek() == Some(&'{') {
                        chars.next();
                        let (mut depth, mut raw) = (1usize, String::new());
                        for c in chars.by_ref() {
                            match c {
                                '{' => depth += 1,
                                '}' => depth -= 1,
                                _ => {}
                            }
                            if depth == 0 {
                                break;
                            }
                            raw.push(c);
                        }
                        out.push(Tok::Raw(raw));
                    }
                }
            }
            '{' => out.push(Tok::Open),
            '}' => out.push(Tok::Close),
            '^' => out.push(Tok::Sup),
            '_' => out.push(Tok::Sub),
            c if c.is_ascii_digit() => {
                let mut n = c.to_string();
                while let Some(&d) = chars.peek() {
                    if d.is_ascii_digit() || d == '.' {
                        n.push(d);
                        chars.next();
                    } else {
                        break;
                    }
                }
                out.push(Tok::Number(n));
            }
            c if c.is_whitespace() => {}
            c if c.is_alphabetic() => out.push(Tok::Letter(c)),
            c => out.push(Tok::Other(c)),
        }
    }
    out
}

struct Parser {
    tokens: Vec<Tok>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.tokens.get(self.at).cloned();
        self.at += usize::from(t.is_some());
        t
    }

    /// Atoms with their scripts up to a `}`, a `\right` or the end (not consumed).
    fn row(&mut self) -> Vec<MathNode> {
        let mut row = Vec::new();
        while let Some(t) = self.peek() {
            if *t == Tok::Close || matches!(t, Tok::Command(c) if c == "right") {
                break;
            }
            let base = self.atom();
            row.push(self.scripts(base));
        }
        row
    }

    /// `base`, then any `_x` and `^y` after it.
    fn scripts(&mut self, base: MathNode) -> MathNode {
        let (mut sub, mut sup) = (None, None);
        loop {
            match self.peek() {
                Some(Tok::Sub) if sub.is_none() => {
                    self.next();
                    sub = Some(self.argument());
                }
                Some(Tok::Sup) if sup.is_none() => {
                    self.next();
                    sup = Some(self.argument());
                }
                _ => break,
            }
        }
        // Big operators and limits take their scripts under and over (`\sum_{i=1}^n`).
        let limits = (base.tag == MathTag::Mo
            && ["∑", "∏", "⋃", "⋂"].contains(&base.text.as_str()))
            || (base.variant == Some("normal") && base.text == "lim");
        let tag = match (&sub, &sup, limits) {
            (None, None, _) => return base,
            (Some(_), None, false) => MathTag::Msub,
            (None, Some(_), false) => MathTag::Msup,
            (Some(_), Some(_), false) => MathTag::Msubsup,
            (Some(_), None, true) => MathTag::Munder,
            (None, Some(_), true) => MathTag::Mover,
            (Some(_), Some(_), true) => MathTag::Munderover,
        };
        let mut children = vec![base];
        children.extend(sub);
        children.extend(sup);
        MathNode::with(tag, children)
    }

    /// One argument: a `{group}` or a single atom (`x^2`, `\frac12`: one digit, as in TeX).
    fn argument(&mut self) -> MathNode {
        if let Some(Tok::Number(n)) = self.tokens.get(self.at) {
            let mut cs = n.chars();
            if let Some(first) = cs.next() {
                let rest: String = cs.collect();
                if !rest.is_empty() {
                    self.tokens[self.at] = Tok::Number(rest);
                    return MathNode::token(MathTag::Mn, first.to_string());
                }
            }
        }
        match self.peek() {
            None | Some(Tok::Close) => MathNode::with(MathTag::Mrow, Vec::new()),
            _ => self.atom(),
        }
    }

    /// `{ … }` as one `mrow`; the `{` is the current token.
    fn group(&mut self) -> MathNode {
        self.next();
        if self.depth >= MAX_DEPTH {
            return MathNode::token(MathTag::Mtext, self.source_of_group());
        }
        self.depth += 1;
        let row = self.row();
        self.depth -= 1;
        if self.peek() == Some(&Tok::Close) {
            self.next();
        }
        MathNode::with(MathTag::Mrow, row)
    }

    /// The source of the rest of a group too deep to parse (the `{` taken), up to its `}`.
    fn source_of_group(&mut self) -> String {
        let mut depth = 1usize;
        let mut s = String::from("{");
        while let Some(t) = self.next() {
            match t {
                Tok::Open => depth += 1,
                Tok::Close => depth -= 1,
                _ => {}
            }
            s.push_str(&t.source());
            if depth == 0 {
                break;
            }
        }
        s
    }

    /// A text command's argument as written (a command with no braces takes the next token).
    fn raw_group(&mut self) -> String {
        match self.next() {
            Some(Tok::Raw(r)) => r,
            Some(t) => t.source(),
            None => String::new(),
        }
    }

    fn atom(&mut self) -> MathNode {
        let Some(t) = self.peek().cloned() else {
            return MathNode::with(MathTag::Mrow, Vec::new());
        };
        if t == Tok::Open {
            return self.group();
        }
        self.next();
        match t {
            Tok::Number(n) => MathNode::token(MathTag::Mn, n),
            Tok::Letter(c) => MathNode::token(MathTag::Mi, c.to_string()),
            Tok::Other(c) => MathNode::token(MathTag::Mo, c.to_string()),
            // A script with no base, or a stray brace: shown as written.
            Tok::Sup | Tok::Sub | Tok::Close | Tok::Open => {
                MathNode::token(MathTag::Mo, t.source())
            }
            Tok::Raw(r) => MathNode::token(MathTag::Mtext, r),
            // A command's arguments nest without braces (`\sqrt\sqrt\sqrt…x`): counted like groups.
            Tok::Command(c) if self.depth >= MAX_DEPTH => {
                MathNode::token(MathTag::Mtext, self.rest_as_written(&c))
            }
            Tok::Command(c) => {
                self.depth += 1;
                let node = self.command(&c);
                self.depth -= 1;
                node
            }
        }
    }

    /// The command `c` (already taken) and everything after it, as written: what is nested too
    /// deeply to parse is shown as its source.
    fn rest_as_written(&mut self, c: &str) -> String {
        let mut s = Tok::Command(c.to_owned()).source();
        while let Some(t) = self.next() {
            s.push_str(&t.source());
        }
        s
    }

    fn command(&mut self, c: &str) -> MathNode {
        match c {
            "frac" | "dfrac" | "tfrac" | "cfrac" => {
                let num = self.argument();
                let den = self.argument();
                MathNode::with(MathTag::Mfrac, vec![num, den])
            }
            "sqrt" => {
                if self.peek() == Some(&Tok::Other('[')) {
                    self.next();
                    let mut index = Vec::new();
                    while let Some(t) = self.peek() {
                        if *t == Tok::Other(']') {
                            self.next();
                            break;
                        }
                        let a = self.atom();
                        index.push(self.scripts(a));
                    }
                    let base = self.argument();
                    MathNode::with(
                        MathTag::Mroot,
                        vec![base, MathNode::with(MathTag::Mrow, index)],
                    )
                } else {
                    let base = self.argument();
                    MathNode::with(MathTag::Msqrt, vec![base])
                }
            }
            "text" | "textrm" | "mbox" => MathNode::token(MathTag::Mtext, self.raw_group()),
            "mathrm" | "operatorname" => {
                MathNode::token(MathTag::Mi, self.raw_group()).variant("normal")
            }
            "mathbf" | "boldsymbol" => {
                MathNode::token(MathTag::Mi, self.raw_group()).variant("bold")
            }
            "left" | "right" | "big" | "Big" | "bigl" | "bigr" | "Bigl" | "Bigr" => self.fenced(c),
            _ => {
                if let Some(g) = greek(c) {
                    // Capital Greek letters are upright, as TeX sets them.
                    let upright = g.chars().next().is_some_and(char::is_uppercase);
                    let n = MathNode::token(MathTag::Mi, g);
                    return if upright { n.variant("normal") } else { n };
                }
                if let Some(s) = symbol(c) {
                    return MathNode::token(MathTag::Mo, s);
                }
                if FUNCTIONS.contains(&c) {
                    return MathNode::token(MathTag::Mi, c).variant("normal");
                }
                // Spacing commands show as a space; anything else as written.
                match c {
                    "," | ";" | ":" | " " | "quad" | "qquad" | "!" => {
                        MathNode::token(MathTag::Mtext, " ")
                    }
                    "\\" => MathNode::token(MathTag::Mtext, " "),
                    "{" | "}" | "$" | "%" | "&" | "#" | "_" => MathNode::token(MathTag::Mo, c),
                    _ => MathNode::token(MathTag::Mtext, format!("\\{c}")),
                }
            }
        }
    }

    /// `\left( … \right)`: the fences as stretchy operators around the row between them. A
    /// `\right` with no `\left`, and `\big` sizes, are just their delimiter.
    fn fenced(&mut self, c: &str) -> MathNode {
        let delim = |p: &mut Self| match p.next() {
            Some(Tok::Other('.')) => String::new(),
            Some(Tok::Command(d)) => symbol(&d).map(str::to_owned).unwrap_or(match d.as_str() {
                "{" => "{".to_owned(),
                "}" => "}".to_owned(),
                "|" => "‖".to_owned(),
                _ => format!("\\{d}"),
            }),
            Some(t) => t.source(),
            None => String::new(),
        };
        let open = delim(self);
        if c != "left" || self.depth >= MAX_DEPTH {
            return MathNode::token(MathTag::Mo, open);
        }
        self.depth += 1;
        let inner = self.row();
        self.depth -= 1;
        let mut row = vec![MathNode::token(MathTag::Mo, open)];
        row.extend(inner);
        if matches!(self.peek(), Some(Tok::Command(r)) if r == "right") {
            self.next();
            row.push(MathNode::token(MathTag::Mo, delim(self)));
        }
        row.retain(|n| !(n.tag == MathTag::Mo && n.text.is_empty()));
        MathNode::with(MathTag::Mrow, row)
    }
}

const FUNCTIONS: &[&str] = &[
    "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh",
    "log", "ln", "lg", "exp", "lim", "max", "min", "sup", "inf", "det", "dim", "ker", "deg", "gcd",
    "arg", "Pr",
];

fn greek(name: &str) -> Option<&'static str> {
    Some(match name {
        "alpha" => "α",
        "beta" => "β",
        "gamma" => "γ",
        "delta" => "δ",
        "epsilon" => "ϵ",
        "varepsilon" => "ε",
        "zeta" => "ζ",
        "eta" => "η",
        "theta" => "θ",
        "vartheta" => "ϑ",
        "iota" => "ι",
        "kappa" => "κ",
        "lambda" => "λ",
        "mu" => "μ",
        "nu" => "ν",
        "xi" => "ξ",
        "pi" => "π",
        "varpi" => "ϖ",
        "rho" => "ρ",
        "sigma" => "σ",
        "tau" => "τ",
        "upsilon" => "υ",
        "phi" => "ϕ",
        "varphi" => "φ",
        "chi" => "χ",
        "psi" => "ψ",
        "omega" => "ω",
        "Gamma" => "Γ",
        "Delta" => "Δ",
        "Theta" => "Θ",
        "Lambda" => "Λ",
        "Xi" => "Ξ",
        "Pi" => "Π",
        "Sigma" => "Σ",
        "Upsilon" => "Υ",
        "Phi" => "Φ",
        "Psi" => "Ψ",
        "Omega" => "Ω",
        _ => return None,
    })
}

fn symbol(name: &str) -> Option<&'static str> {
    Some(match name {
        "sum" => "∑",
        "prod" => "∏",
        "int" => "∫",
        "iint" => "∬",
        "oint" => "∮",
        "bigcup" => "⋃",
        "bigcap" => "⋂",
        "infty" => "∞",
        "partial" => "∂",
        "nabla" => "∇",
        "cdot" => "⋅",
        "cdots" => "⋯",
        "ldots" | "dots" => "…",
        "times" => "×",
        "div" => "÷",
        "pm" => "±",
        "mp" => "∓",
        "le" | "leq" => "≤",
        "ge" | "geq" => "≥",
        "ne" | "neq" => "≠",
        "approx" => "≈",
        "equiv" => "≡",
        "sim" => "∼",
        "propto" => "∝",
        "to" | "rightarrow" => "→",
        "leftarrow" | "gets" => "←",
        "Rightarrow" | "implies" => "⇒",
        "Leftarrow" => "⇐",
        "Leftrightarrow" | "iff" => "⇔",
        "mapsto" => "↦",
        "in" => "∈",
        "notin" => "∉",
        "subset" => "⊂",
        "subseteq" => "⊆",
        "supset" => "⊃",
        "cup" => "∪",
        "cap" => "∩",
        "emptyset" | "varnothing" => "∅",
        "forall" => "∀",
        "exists" => "∃",
        "neg" | "lnot" => "¬",
        "land" | "wedge" => "∧",
        "lor" | "vee" => "∨",
        "langle" => "⟨",
        "rangle" => "⟩",
        "lfloor" => "⌊",
        "rfloor" => "⌋",
        "lceil" => "⌈",
        "rceil" => "⌉",
        "circ" => "∘",
        "ast" => "∗",
        "star" => "⋆",
        "prime" => "′",
        "mid" => "∣",
        "vert" => "|",
        "Vert" => "‖",
        "|" => "‖",
        "hbar" => "ℏ",
        "ell" => "ℓ",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree as `tag(text|children…)`, compact enough to compare whole.
    fn shape(n: &MathNode) -> String {
        let inner = if n.children.is_empty() {
            n.text.clone()
        } else {
            n.children.iter().map(shape).collect::<Vec<_>>().join(" ")
        };
        let v = n.variant.map(|v| format!("[{v}]")).unwrap_or_default();
        format!("{}{v}({inner})", n.tag.as_str())
    }

    fn m(tex: &str) -> String {
        shape(&to_mathml(tex))
    }

    #[test]
    fn scripts_fractions_and_roots() {
        assert_eq!(
            m("x^2 + y_1"),
            "mrow(msup(mi(x) mn(2)) mo(+) msub(mi(y) mn(1)))"
        );
        assert_eq!(
            m("a_i^{n+1}"),
            "mrow(msubsup(mi(a) mi(i) mrow(mi(n) mo(+) mn(1))))"
        );
        assert_eq!(m("x^23"), "mrow(msup(mi(x) mn(2)) mn(3))");
        assert_eq!(m("\\frac{1}{2}"), "mrow(mfrac(mrow(mn(1)) mrow(mn(2))))");
        assert_eq!(m("\\frac12"), "mrow(mfrac(mn(1) mn(2)))");
        assert_eq!(m("\\sqrt{x}"), "mrow(msqrt(mrow(mi(x))))");
        assert_eq!(m("\\sqrt[3]{8}"), "mrow(mroot(mrow(mn(8)) mrow(mn(3))))");
    }

    #[test]
    fn symbols_letters_functions_and_limits() {
        assert_eq!(
            m("\\sum_{i=1}^n i"),
            "mrow(munderover(mo(∑) mrow(mi(i) mo(=) mn(1)) mi(n)) mi(i))"
        );
        assert_eq!(m("\\alpha \\le \\Omega"), "mrow(mi(α) mo(≤) mi[normal](Ω))");
        assert_eq!(m("\\sin x"), "mrow(mi[normal](sin) mi(x))");
        assert_eq!(
            m("\\lim_{x \\to 0}"),
            "mrow(munder(mi[normal](lim) mrow(mi(x) mo(→) mn(0))))"
        );
        assert!(m("E = mc^2").contains("msup(mi(c) mn(2))"));
        assert_eq!(m("\\text{if } x"), "mrow(mtext(if ) mi(x))");
        assert_eq!(m("\\text {two words}"), "mrow(mtext(two words))");
        assert_eq!(m("\\mathbf{v}"), "mrow(mi[bold](v))");
    }

    #[test]
    fn fences() {
        assert_eq!(
            m("\\left( \\frac{a}{b} \\right)"),
            "mrow(mrow(mo(() mfrac(mrow(mi(a)) mrow(mi(b))) mo())))"
        );
        assert_eq!(m("\\left. x \\right|"), "mrow(mrow(mi(x) mo(|)))");
    }

    #[test]
    fn nothing_is_lost_from_malformed_or_unknown_input() {
        assert_eq!(m("\\foo x"), "mrow(mtext(\\foo) mi(x))");
        assert_eq!(m("x}"), "mrow(mi(x) mo(}))");
        assert_eq!(m("{x"), "mrow(mrow(mi(x)))");
        assert_eq!(m("^2"), "mrow(mo(^) mn(2))");
        assert_eq!(m("\\right)"), "mrow(mo()))");
        assert_eq!(m("x^"), "mrow(msup(mi(x) mrow()))");
        // Deep nesting stops at MAX_DEPTH and shows the rest as its source.
        let deep = format!("{}x{}", "{".repeat(5000), "}".repeat(5000));
        let tree = to_mathml(&deep);
        assert!(tree.text_content().contains('x'));
        assert!(tree.text_content().len() > 5000);
    }
}
