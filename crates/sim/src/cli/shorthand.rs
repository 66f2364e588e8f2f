//! The AWS CLI's shorthand syntax for structures: `Key=Value,Key2=Value2`, nested
//! `Key={A=b,C=d}`, lists `Key=[a,b]` or `Key=a,b`, and quoted values `Key="a, b"`.
//! Every scalar is read as a string; the coercing deserializer turns it into a number or a
//! boolean when the field asks for one.

use serde_json::{Map, Value};

/// Characters that end or structure an unquoted value.
const SPECIAL: &str = ",=[]{}\\'\"";

/// Parses `Key=Value,...` into a JSON object.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut parser = Parser { chars: text.chars().collect(), pos: 0 };
    let value = parser.keyvals(None)?;
    parser.skip_ws();
    match parser.peek() {
        None => Ok(value),
        Some(c) => Err(parser.error(&format!("unexpected '{c}'"))),
    }
}

/// Renders a JSON object in shorthand when it can be (`None` for nulls, empty objects and keys
/// shorthand cannot spell); [`parse`] reads the result back to the same object (every scalar
/// as a string).
pub fn render(value: &Value) -> Option<String> {
    match value {
        Value::Object(map) if !map.is_empty() => render_keyvals(map),
        _ => None,
    }
}

fn render_keyvals(map: &Map<String, Value>) -> Option<String> {
    let key_ok = |k: &str| !k.is_empty() && k.chars().all(|c| !c.is_whitespace() && !SPECIAL.contains(c));
    let parts: Option<Vec<String>> =
        map.iter().map(|(k, v)| if key_ok(k) { Some(format!("{k}={}", render_value(v)?)) } else { None }).collect();
    Some(parts?.join(","))
}

fn render_value(value: &Value) -> Option<String> {
    Some(match value {
        Value::Null => return None,
        Value::String(s) => render_scalar(s),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => {
            let parts: Option<Vec<String>> = items.iter().map(render_value).collect();
            format!("[{}]", parts?.join(","))
        }
        Value::Object(map) if map.is_empty() => "{}".to_string(),
        Value::Object(map) => format!("{{{}}}", render_keyvals(map)?),
    })
}

fn render_scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.trim() == s
        && !s.chars().any(|c| SPECIAL.contains(c) || c.is_control())
        && !s.starts_with(['[', '{']);
    if plain {
        s.to_string()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.peek();
        self.pos += usize::from(c.is_some());
        c
    }
    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }
    fn error(&self, what: &str) -> String {
        let text: String = self.chars.iter().collect();
        format!("Error parsing parameter: Expected: '=', received: {what} at position {} in '{text}'", self.pos)
    }

    /// `key=value,key=value` up to `closing` (or the end of the text at the top level).
    fn keyvals(&mut self, closing: Option<char>) -> Result<Value, String> {
        let mut map = Map::new();
        loop {
            self.skip_ws();
            if closing.is_some() && self.peek() == closing {
                self.bump();
                return Ok(Value::Object(map));
            }
            let key = self.key()?;
            let value = self.value()?;
            map.insert(key, value);
            self.skip_ws();
            match (self.bump(), closing) {
                (Some(','), _) => continue,
                (None, None) => return Ok(Value::Object(map)),
                (Some(c), Some(close)) if c == close => return Ok(Value::Object(map)),
                (None, Some(close)) => return Err(self.error(&format!("end of text before '{close}'"))),
                (Some(c), _) => return Err(self.error(&format!("'{c}'"))),
            }
        }
    }

    fn key(&mut self) -> Result<String, String> {
        let mut key = String::new();
        loop {
            match self.bump() {
                Some('=') => break,
                Some(c) if !SPECIAL.contains(c) => key.push(c),
                Some(c) => return Err(self.error(&format!("'{c}' in a key"))),
                None => return Err(self.error("end of text")),
            }
        }
        let key = key.trim().to_string();
        if key.is_empty() {
            return Err(self.error("an empty key"));
        }
        Ok(key)
    }

    /// After `key=`: a list, a structure, or a scalar (several scalars separated by commas
    /// make a list, unless what follows the comma is the next `key=`).
    fn value(&mut self) -> Result<Value, String> {
        self.skip_ws();
        match self.peek() {
            Some('[') => self.list(),
            Some('{') => {
                self.bump();
                self.keyvals(Some('}'))
            }
            _ => {
                let first = self.scalar()?;
                let mut items = vec![first];
                while self.peek() == Some(',') && !self.next_is_key() {
                    self.bump();
                    items.push(self.scalar()?);
                }
                Ok(if items.len() == 1 { items.remove(0) } else { Value::Array(items) })
            }
        }
    }

    /// Whether the text after the comma at `pos` starts with `key=`.
    fn next_is_key(&self) -> bool {
        for &c in &self.chars[self.pos + 1..] {
            match c {
                '=' => return true,
                c if SPECIAL.contains(c) => return false,
                _ => {}
            }
        }
        false
    }

    fn list(&mut self) -> Result<Value, String> {
        self.bump();
        let mut items = Vec::new();
        self.skip_ws();
        if self.peek() == Some(']') {
            self.bump();
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_ws();
            let item = match self.peek() {
                Some('[') => self.list()?,
                Some('{') => {
                    self.bump();
                    self.keyvals(Some('}'))?
                }
                _ => self.scalar()?,
            };
            items.push(item);
            self.skip_ws();
            match self.bump() {
                Some(',') => continue,
                Some(']') => return Ok(Value::Array(items)),
                Some(c) => return Err(self.error(&format!("'{c}' in a list"))),
                None => return Err(self.error("end of text before ']'")),
            }
        }
    }

    fn scalar(&mut self) -> Result<Value, String> {
        self.skip_ws();
        if let Some(q @ ('"' | '\'')) = self.peek() {
            self.bump();
            let mut s = String::new();
            loop {
                match self.bump() {
                    Some('\\') => match self.bump() {
                        Some(c) => s.push(c),
                        None => return Err(self.error("end of text after '\\'")),
                    },
                    Some(c) if c == q => break,
                    Some(c) => s.push(c),
                    None => return Err(self.error(&format!("end of text before the closing {q}"))),
                }
            }
            self.skip_ws();
            return Ok(Value::String(s));
        }
        let mut s = String::new();
        while let Some(c) = self.peek() {
            match c {
                ',' | ']' | '}' => break,
                '\\' => {
                    self.bump();
                    if let Some(c) = self.bump() {
                        s.push(c);
                    }
                }
                _ => {
                    self.bump();
                    s.push(c);
                }
            }
        }
        Ok(Value::String(s.trim().to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    #[test]
    fn structures_lists_and_quotes() {
        assert_eq!(parse("LocationConstraint=eu-west-1").unwrap(), json!({"LocationConstraint": "eu-west-1"}));
        assert_eq!(parse("Key=a,Value=b").unwrap(), json!({"Key": "a", "Value": "b"}));
        assert_eq!(
            parse("IndexDocument={Suffix=index.html},ErrorDocument={Key=error.html}").unwrap(),
            json!({"IndexDocument": {"Suffix": "index.html"}, "ErrorDocument": {"Key": "error.html"}})
        );
        assert_eq!(
            parse("TagSet=[{Key=env,Value=prod},{Key=team,Value=web}]").unwrap(),
            json!({"TagSet": [{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "web"}]})
        );
        assert_eq!(parse("Values=a,b,c,Name=x").unwrap(), json!({"Values": ["a", "b", "c"], "Name": "x"}));
        assert_eq!(parse(r#"Value="a, b",Other='c=d'"#).unwrap(), json!({"Value": "a, b", "Other": "c=d"}));
        assert_eq!(parse("Empty=,List=[]").unwrap(), json!({"Empty": "", "List": []}));
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(parse("justaword").is_err());
        assert!(parse("Key={a=b").is_err());
        assert!(parse("Key=[a,b").is_err());
        assert!(parse("=x").is_err());
        assert!(parse("Key=\"open").is_err());
    }

    fn value_tree() -> impl Strategy<Value = Value> {
        let leaf = "\\PC{0,10}".prop_map(Value::String);
        leaf.prop_recursive(3, 24, 4, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                proptest::collection::btree_map("[A-Za-z0-9_-]{1,8}", inner, 0..4)
                    .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    proptest! {
        #[test]
        fn never_panics(text in "\\PC{0,60}") {
            let _ = parse(&text);
        }

        #[test]
        fn render_then_parse_round_trips(
            map in proptest::collection::btree_map("[A-Za-z0-9_-]{1,8}", value_tree(), 1..5)
        ) {
            let value = Value::Object(map.into_iter().collect());
            let text = render(&value).expect("string trees always render");
            prop_assert_eq!(parse(&text).unwrap(), value, "{}", text);
        }
    }
}
