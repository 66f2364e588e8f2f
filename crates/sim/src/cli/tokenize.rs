//! Shell-like splitting of a command line into words: spaces separate words, `'single'` quotes
//! keep everything, `"double"` quotes allow `\"` `\\` `\$` escapes, a backslash outside quotes
//! escapes the next character, `#` starts a comment, and `> file` / `>> file` redirect stdout.

/// One parsed command line.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandLine {
    pub words: Vec<String>,
    pub redirect: Option<Redirect>,
}

/// `> path` (replace) or `>> path` (append).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Redirect {
    pub path: String,
    pub append: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Token {
    Word(String),
    Redirect { append: bool },
}

/// Splits a line into words and an optional redirection; errors read like bash's.
pub fn parse_command(line: &str) -> Result<CommandLine, String> {
    let mut command = CommandLine::default();
    let mut tokens = split_tokens(line)?.into_iter();
    while let Some(token) = tokens.next() {
        match token {
            Token::Word(w) => command.words.push(w),
            Token::Redirect { append } => match tokens.next() {
                Some(Token::Word(path)) => command.redirect = Some(Redirect { path, append }),
                Some(Token::Redirect { append }) => {
                    return Err(format!("syntax error near unexpected token `{}'", if append { ">>" } else { ">" }))
                }
                None => return Err("syntax error near unexpected token `newline'".into()),
            },
        }
    }
    Ok(command)
}

/// Just the words (a `>` is an error here): for lines that must be one command.
pub fn split_words(line: &str) -> Result<Vec<String>, String> {
    let command = parse_command(line)?;
    match command.redirect {
        Some(_) => Err("redirection is not allowed here".into()),
        None => Ok(command.words),
    }
}

fn split_tokens(line: &str) -> Result<Vec<Token>, String> {
    let mut tokens = Vec::new();
    let mut chars = line.chars().peekable();
    // The word being built; `None` between words (so `''` still makes an empty word).
    let mut word: Option<String> = None;
    while let Some(c) = chars.next() {
        match c {
            c if c.is_whitespace() => {
                if let Some(w) = word.take() {
                    tokens.push(Token::Word(w));
                }
            }
            '#' if word.is_none() => break,
            '>' => {
                if let Some(w) = word.take() {
                    tokens.push(Token::Word(w));
                }
                let append = chars.next_if_eq(&'>').is_some();
                tokens.push(Token::Redirect { append });
            }
            '\'' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(ch) => w.push(ch),
                        None => return Err("unexpected EOF while looking for matching `''".into()),
                    }
                }
            }
            '"' => {
                let w = word.get_or_insert_with(String::new);
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(ch @ ('"' | '\\' | '$' | '`')) => w.push(ch),
                            Some('\n') => {}
                            Some(ch) => {
                                w.push('\\');
                                w.push(ch);
                            }
                            None => return Err("unexpected EOF while looking for matching `\"'".into()),
                        },
                        Some(ch) => w.push(ch),
                        None => return Err("unexpected EOF while looking for matching `\"'".into()),
                    }
                }
            }
            '\\' => {
                let w = word.get_or_insert_with(String::new);
                match chars.next() {
                    Some('\n') | None => {}
                    Some(ch) => w.push(ch),
                }
            }
            ch => word.get_or_insert_with(String::new).push(ch),
        }
    }
    if let Some(w) = word {
        tokens.push(Token::Word(w));
    }
    Ok(tokens)
}

/// Quotes a word so that [`parse_command`] reads it back unchanged (single quotes, with `'\''`
/// for a quote inside); plain words stay as they are.
pub fn quote(word: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "-_./:=,@%+".contains(c);
    if !word.is_empty() && word.chars().all(plain) {
        return word.to_string();
    }
    format!("'{}'", word.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn words(line: &str) -> Vec<String> {
        parse_command(line).unwrap().words
    }

    #[test]
    fn quotes_and_escapes() {
        assert_eq!(words(r#"aws s3api put-object --key "a b" --body 'x y'"#)[4..], ["a b", "--body", "x y"]);
        assert_eq!(words(r"echo a\ b"), ["echo", "a b"]);
        assert_eq!(words(r#"echo "say \"hi\"" ''"#), ["echo", "say \"hi\"", ""]);
        assert_eq!(words("echo hi # a comment"), ["echo", "hi"]);
    }

    #[test]
    fn redirection() {
        let c = parse_command("echo hello > index.html").unwrap();
        assert_eq!(c.words, ["echo", "hello"]);
        assert_eq!(c.redirect, Some(Redirect { path: "index.html".into(), append: false }));
        let c = parse_command("echo more>>f").unwrap();
        assert_eq!(c.words, ["echo", "more"]);
        assert_eq!(c.redirect, Some(Redirect { path: "f".into(), append: true }));
        assert!(parse_command("echo >").is_err());
        assert_eq!(parse_command("echo '>' x").unwrap().words, ["echo", ">", "x"]);
    }

    #[test]
    fn unterminated_quotes_are_errors() {
        assert!(parse_command("echo 'abc").is_err());
        assert!(parse_command("echo \"abc").is_err());
    }

    #[test]
    fn comments() {
        assert!(words("# nothing here").is_empty());
        assert_eq!(words("echo a#b"), ["echo", "a#b"]);
    }

    proptest! {
        #[test]
        fn never_panics(line in "\\PC{0,80}") {
            let _ = parse_command(&line);
        }

        #[test]
        fn quoted_words_read_back(ws in proptest::collection::vec("\\PC{0,12}", 0..6)) {
            let line: Vec<String> = ws.iter().map(|w| quote(w)).collect();
            prop_assert_eq!(words(&line.join(" ")), ws);
        }
    }
}
