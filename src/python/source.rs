//! Positions and tokens of one decoded source file: byte offsets to 1-based line and column,
//! comments, and the normalised text of a statement or value (a finding's host in its key).

use ruff_python_ast::token::{Token, TokenKind, Tokens};
use ruff_text_size::{Ranged, TextRange, TextSize};

use crate::finding::{Position, Span};

/// Maps byte offsets of a text to 1-based lines and character columns.
#[derive(Debug)]
pub struct LineIndex {
    line_starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`. A line ends at `\n`; a `\r` before it belongs to the line ending.
    pub fn new(text: &str) -> LineIndex {
        let mut line_starts = vec![0];
        line_starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, byte)| *byte == b'\n')
                .map(|(index, _)| index + 1),
        );
        LineIndex { line_starts }
    }

    /// The 0-based line holding byte `offset`.
    fn line_of(&self, offset: usize) -> usize {
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// The 1-based line and column of byte `offset` in `text`.
    pub fn position(&self, text: &str, offset: TextSize) -> Position {
        let offset = usize::from(offset).min(text.len());
        let line = self.line_of(offset);
        let start = self.line_starts[line];
        let column = text
            .get(start..offset)
            .map_or(offset - start, |prefix| prefix.chars().count());
        Position {
            line: to_u32(line + 1),
            column: to_u32(column + 1),
        }
    }

    /// The span of a text range.
    pub fn span(&self, text: &str, range: TextRange) -> Span {
        Span {
            start: self.position(text, range.start()),
            end: self.position(text, range.end()),
        }
    }

    /// The 1-based line of byte `offset`.
    pub fn line(&self, offset: TextSize) -> u32 {
        to_u32(self.line_of(usize::from(offset)) + 1)
    }
}

fn to_u32(value: usize) -> u32 {
    u32::try_from(value).unwrap_or(u32::MAX)
}

/// A `#` comment of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    /// 1-based line of the comment.
    pub line: u32,
    /// The comment's text, `#` included.
    pub text: String,
    /// True when nothing but whitespace precedes the comment on its line.
    pub own_line: bool,
}

/// Every comment of the file, from the token stream (so `#` inside strings is not a comment).
pub fn comments(text: &str, tokens: &Tokens, lines: &LineIndex) -> Vec<Comment> {
    tokens
        .iter()
        .filter(|token| token.kind() == TokenKind::Comment)
        .map(|token| {
            let start = usize::from(token.start());
            let line_start = text
                .get(..start)
                .and_then(|before| before.rfind('\n'))
                .map_or(0, |newline| newline + 1);
            Comment {
                line: lines.line(token.start()),
                text: text[token.range()].to_owned(),
                own_line: text
                    .get(line_start..start)
                    .is_some_and(|before| before.trim().is_empty()),
            }
        })
        .collect()
}

/// A string literal with the quote style a formatter would choose: `'x'` becomes `"x"` when the
/// body has no quotes or escapes that the swap would change, and the prefix is lower-cased.
pub(crate) fn canonical_string(literal: &str) -> String {
    let prefix_length = literal.find(['\'', '"']).unwrap_or(literal.len());
    let (prefix, quoted) = literal.split_at(prefix_length);
    let prefix = prefix.to_ascii_lowercase();
    if let Some(body) = quoted
        .strip_prefix('\'')
        .and_then(|rest| rest.strip_suffix('\''))
        .filter(|body| !body.starts_with("''") && !body.contains(['"', '\\', '\'']))
    {
        return format!("{prefix}\"{body}\"");
    }
    format!("{prefix}{quoted}")
}

/// A value's text as written (an origin: `"0.0.0.0"`, `'::'`, `None`), normalised like
/// [`normalized_text`] so that reformatting it (quotes, spaces, parentheses, line breaks) does
/// not change a finding's key. Text that does not parse alone, or is too long to be worth
/// parsing, keeps its characters other than whitespace.
pub fn normalized_value(written: &str) -> String {
    const MAX_PARSED: usize = 1_000;
    let trimmed = written.trim();
    if trimmed.len() <= MAX_PARSED {
        if let Ok(parsed) = ruff_python_parser::parse_expression(trimmed) {
            let range = TextRange::up_to(TextSize::try_from(trimmed.len()).unwrap_or_default());
            return normalized_text(trimmed, parsed.tokens(), range);
        }
        // An argument that a formatter wrapped across lines inside its call's brackets
        // (`TEMPLATE\n    % (a, b)`) parses only inside brackets of its own; those are
        // redundant, so the key is the one the unwrapped argument gets.
        let bracketed = format!("({trimmed})");
        if let Ok(parsed) = ruff_python_parser::parse_expression(&bracketed) {
            let range = TextRange::up_to(TextSize::try_from(bracketed.len()).unwrap_or_default());
            return normalized_text(&bracketed, parsed.tokens(), range);
        }
    }
    trimmed.split_whitespace().collect()
}

/// The text of the tokens in `range` with whitespace, comments, line breaks and redundant
/// parentheses removed: the key that identifies a statement across reformatting (SPEC 4).
pub fn normalized_text(text: &str, tokens: &Tokens, range: TextRange) -> String {
    let significant: Vec<&Token> = tokens
        .in_range(range)
        .iter()
        .filter(|token| {
            !matches!(
                token.kind(),
                TokenKind::Comment
                    | TokenKind::Newline
                    | TokenKind::NonLogicalNewline
                    | TokenKind::Indent
                    | TokenKind::Dedent
                    | TokenKind::EndOfFile
            )
        })
        .collect();
    let redundant = redundant_parentheses(text, &significant);
    let mut normalized = String::new();
    for (token, redundant) in significant.iter().zip(redundant) {
        if redundant {
            continue;
        }
        match token.kind() {
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                // A formatter adds or drops the "magic trailing comma" when it wraps a call.
                if normalized.ends_with(',') {
                    normalized.pop();
                }
                normalized.push_str(&text[token.range()]);
            }
            TokenKind::String => normalized.push_str(&canonical_string(&text[token.range()])),
            _ => normalized.push_str(&text[token.range()]),
        }
    }
    if normalized.is_empty() {
        // The tokens did not line up with the range (error recovery): fall back to the raw text
        // without whitespace, which is still stable under reformatting.
        normalized = text
            .get(range.to_std_range())
            .unwrap_or_default()
            .chars()
            .filter(|character| !character.is_whitespace())
            .collect();
    }
    normalized
}

/// For each token, whether it is a parenthesis of a pair that only groups a whole slot: a
/// right-hand side, an argument, an element, a key or value, a returned value
/// (`server = (\n    create_server(...)\n)`, as a formatter wraps a long line). Such
/// parentheses never change what the code means, so a key without them stays the same when a
/// formatter adds or removes them. A pair that holds a top-level comma (a tuple), nothing
/// (`()`), or that opens or closes next to an operator (`(a + b) * c`, `await (x)`) is kept.
fn redundant_parentheses(text: &str, tokens: &[&Token]) -> Vec<bool> {
    let opens_slot = |index: usize| {
        let Some(previous) = index.checked_sub(1).map(|previous| tokens[previous]) else {
            return true;
        };
        let written = &text[previous.range()];
        matches!(
            previous.kind(),
            TokenKind::Lpar
                | TokenKind::Lsqb
                | TokenKind::Lbrace
                | TokenKind::Comma
                | TokenKind::Colon
                | TokenKind::Return
                | TokenKind::Yield
        ) || (written.ends_with('=') && !matches!(written, "==" | "!=" | "<=" | ">="))
    };
    let closes_slot = |index: usize| {
        tokens.get(index + 1).is_none_or(|next| {
            matches!(
                next.kind(),
                TokenKind::Rpar
                    | TokenKind::Rsqb
                    | TokenKind::Rbrace
                    | TokenKind::Comma
                    | TokenKind::Colon
                    | TokenKind::Equal
            )
        })
    };
    let mut redundant = vec![false; tokens.len()];
    // Open brackets: the kind, where, and whether a comma stands at their top level.
    let mut open: Vec<(TokenKind, usize, bool)> = Vec::new();
    for (index, token) in tokens.iter().enumerate() {
        match token.kind() {
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => {
                open.push((token.kind(), index, false));
            }
            TokenKind::Comma => {
                if let Some((_, _, comma)) = open.last_mut() {
                    *comma = true;
                }
            }
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace => {
                if let Some((kind, start, comma)) = open.pop()
                    && kind == TokenKind::Lpar
                    && token.kind() == TokenKind::Rpar
                    && !comma
                    && index > start + 1
                    && opens_slot(start)
                    && closes_slot(index)
                {
                    redundant[start] = true;
                    redundant[index] = true;
                }
            }
            _ => {}
        }
    }
    redundant
}

#[cfg(test)]
mod tests {
    use super::*;
    use ruff_python_ast::PySourceType;
    use ruff_python_parser::parse_unchecked_source;

    #[test]
    fn positions_count_characters_and_lines_from_one() {
        let text = "a = 'é'\nbb = 1\n";
        let index = LineIndex::new(text);
        assert_eq!(
            index.position(text, TextSize::new(10)),
            Position { line: 2, column: 2 }
        );
        // 'é' is two bytes, one column.
        assert_eq!(
            index.position(text, TextSize::new(7)),
            Position { line: 1, column: 7 }
        );
    }

    #[test]
    fn normalisation_ignores_layout_and_comments() {
        let one = "s.bind((HOST, PORT))\n";
        let other = "s.bind(  # why\n    (HOST,\n     PORT),\n)\n";
        assert_eq!(key(one), "s.bind((HOST,PORT))");
        assert_eq!(key(other), "s.bind((HOST,PORT))");
        assert_eq!(
            key("s.bind(('0.0.0.0', 80))\n"),
            key("s.bind((\"0.0.0.0\", 80))\n")
        );
    }

    #[test]
    fn values_normalise_quotes_spaces_and_parentheses() {
        assert_eq!(normalized_value("'0.0.0.0'"), "\"0.0.0.0\"");
        assert_eq!(normalized_value(" ( \"0.0.0.0\" ) "), "\"0.0.0.0\"");
        assert_eq!(normalized_value("None"), "None");
        assert_ne!(normalized_value("'0.0.0.0'"), normalized_value("'::'"));
        // Not an expression alone: kept without its whitespace.
        assert_eq!(normalized_value("host = "), "host=");
        // Wrapped by a formatter inside the call's parentheses: not an expression on its own.
        assert_eq!(
            normalized_value("TEMPLATE\n        % (\n            a,\n            b,\n        )"),
            normalized_value("TEMPLATE % (a,\n b,)"),
        );
        assert_eq!(
            normalized_value("TEMPLATE\n % (a, b)"),
            normalized_value("TEMPLATE % (a, b)")
        );
        assert_ne!(
            normalized_value("TEMPLATE\n % (a, b)"),
            normalized_value("OTHER % (a, b)")
        );
    }

    fn key(source: &str) -> String {
        let parsed = parse_unchecked_source(source, PySourceType::Python);
        let range = TextRange::new(
            TextSize::new(0),
            TextSize::try_from(source.trim_end().len()).unwrap_or_default(),
        );
        normalized_text(source, parsed.tokens(), range)
    }

    #[test]
    fn parentheses_that_only_group_a_whole_slot_are_left_out() {
        let plain = "server = socket.create_server(('0.0.0.0', 80))\n";
        for wrapped in [
            "server = (\n    socket.create_server(('0.0.0.0', 80))\n)\n",
            "server = ((socket.create_server((('0.0.0.0'), (80)))))\n",
        ] {
            assert_eq!(key(wrapped), key(plain), "{wrapped}");
        }
        assert_eq!(key("return (\n    f(x)\n)\n"), key("return f(x)\n"));
        assert_eq!(key("f(a, (b), c=(d))\n"), key("f(a, b, c=d)\n"));
        assert_eq!(key("x = {(k): (v)}\n"), key("x = {k: v}\n"));
        assert_eq!(key("x += (y)\n"), key("x += y\n"));
    }

    #[test]
    fn parentheses_that_mean_something_are_kept() {
        // Precedence, calls, tuples and the empty tuple.
        assert_ne!(key("x = (a + b) * c\n"), key("x = a + b * c\n"));
        assert_ne!(key("x = f(await (a + b))\n"), key("x = f(await a + b)\n"));
        assert_ne!(key("x = (a, b)\n"), key("x = a, b\n"));
        assert_eq!(key("x = ()\n"), "x=()");
        assert_eq!(key("x = (a)(b)\n"), "x=(a)(b)");
        assert_eq!(key("x = -(a)\n"), "x=-(a)");
    }

    #[test]
    fn comments_know_whether_they_stand_alone() {
        let source = "# alone\nx = 1  # trailing\ns = '# not a comment'\n";
        let parsed = parse_unchecked_source(source, PySourceType::Python);
        let index = LineIndex::new(source);
        let found = comments(source, parsed.tokens(), &index);
        assert_eq!(found.len(), 2);
        assert!(found[0].own_line);
        assert_eq!(found[1].line, 2);
        assert!(!found[1].own_line);
    }
}
