//! Splitting a shell command string into words, as `shlex.split` and a POSIX shell do.
//!
//! `os.system("flask run --host=0.0.0.0")` and `subprocess.run("uvicorn app:app --host
//! 0.0.0.0", shell=True)` hand a string to a shell; the analysis reads the server command line
//! in it word by word. This module owns only the text: quoting (`'...'` literally, `"..."`
//! with backslash escapes of `\`, `"`, `$`, `` ` `` and a line break), backslashes outside
//! quotes, and the control operators (`;`, `&`, `&&`, `|`, `||`, a line break) that separate
//! one command from the next. Everything else a shell does (expansions, redirections,
//! subshells) is left as written: a word holding `$HOST` is simply not an address the
//! analysis knows.

/// One word of a command, with where it was written in the string (byte offsets of its first
/// and one past its last character, quotes included).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Word {
    /// The word after quote removal.
    pub text: String,
    /// Byte offset in the string where the word starts.
    pub start: usize,
    /// Byte offset in the string where the word ends.
    pub end: usize,
}

/// Splits a shell string into its commands (separated by control operators), each a list of
/// words. An unterminated quote ends at the end of the string, as the words so far are still
/// the best reading of it.
pub fn split_commands(text: &str) -> Vec<Vec<Word>> {
    let mut commands: Vec<Vec<Word>> = Vec::new();
    let mut words: Vec<Word> = Vec::new();
    let mut current: Option<Word> = None;
    let mut characters = text.char_indices().peekable();
    let finish = |current: &mut Option<Word>, words: &mut Vec<Word>, end: usize| {
        if let Some(mut word) = current.take() {
            word.end = end;
            words.push(word);
        }
    };
    while let Some((index, character)) = characters.next() {
        match character {
            ' ' | '\t' | '\r' => finish(&mut current, &mut words, index),
            '\n' | ';' | '&' | '|' => {
                finish(&mut current, &mut words, index);
                if !words.is_empty() {
                    commands.push(std::mem::take(&mut words));
                }
            }
            '\'' => {
                let word = current.get_or_insert_with(|| empty_word(index));
                for (_, quoted) in characters.by_ref() {
                    if quoted == '\'' {
                        break;
                    }
                    word.text.push(quoted);
                }
            }
            '"' => {
                let word = current.get_or_insert_with(|| empty_word(index));
                while let Some((_, quoted)) = characters.next() {
                    match quoted {
                        '"' => break,
                        '\\' => match characters.peek() {
                            Some(&(_, escaped @ ('\\' | '"' | '$' | '`'))) => {
                                word.text.push(escaped);
                                characters.next();
                            }
                            Some(&(_, '\n')) => {
                                characters.next();
                            }
                            _ => word.text.push('\\'),
                        },
                        other => word.text.push(other),
                    }
                }
            }
            '\\' => match characters.next() {
                // A backslash and a line break join two lines.
                Some((_, '\n')) => {}
                Some((_, escaped)) => current
                    .get_or_insert_with(|| empty_word(index))
                    .text
                    .push(escaped),
                None => {}
            },
            other => current
                .get_or_insert_with(|| empty_word(index))
                .text
                .push(other),
        }
    }
    finish(&mut current, &mut words, text.len());
    if !words.is_empty() {
        commands.push(words);
    }
    commands
}

fn empty_word(start: usize) -> Word {
    Word {
        text: String::new(),
        start,
        end: start,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str) -> Vec<Vec<String>> {
        split_commands(text)
            .into_iter()
            .map(|words| words.into_iter().map(|word| word.text).collect())
            .collect()
    }

    #[test]
    fn splits_on_whitespace() {
        assert_eq!(
            texts("uvicorn  app:app --host 0.0.0.0"),
            vec![vec!["uvicorn", "app:app", "--host", "0.0.0.0"]]
        );
    }

    #[test]
    fn quotes_are_removed_and_keep_spaces() {
        assert_eq!(
            texts(r#"flask run --host='0.0.0.0' "a b" c\ d"#),
            vec![vec!["flask", "run", "--host=0.0.0.0", "a b", "c d"]]
        );
        assert_eq!(
            texts(r#""a\"b\x""#),
            vec![vec![r#"a"bx"#.replace('x', "\\x")]]
        );
    }

    #[test]
    fn control_operators_separate_commands() {
        assert_eq!(
            texts("cd /srv && gunicorn -b :80 app; echo done | tee log"),
            vec![
                vec!["cd", "/srv"],
                vec!["gunicorn", "-b", ":80", "app"],
                vec!["echo", "done"],
                vec!["tee", "log"],
            ]
        );
    }

    #[test]
    fn word_offsets_cover_the_written_word() {
        let text = "a --host '0.0.0.0'";
        let words = &split_commands(text)[0];
        assert_eq!(&text[words[2].start..words[2].end], "'0.0.0.0'");
        assert_eq!(&text[words[1].start..words[1].end], "--host");
    }

    #[test]
    fn unterminated_quotes_and_trailing_backslashes_do_not_panic() {
        assert_eq!(texts("a 'b c"), vec![vec!["a", "b c"]]);
        assert_eq!(texts("a \"b\\"), vec![vec!["a", "b\\"]]);
        assert_eq!(texts("a \\"), vec![vec!["a"]]);
        assert!(texts("").is_empty());
        assert!(texts(" ; && ").is_empty());
        assert_eq!(texts("é 'ü'"), vec![vec!["é", "ü"]]);
    }
}
