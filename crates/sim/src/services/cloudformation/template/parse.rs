//! One tree for both template languages. YAML is read with `saphyr-parser` (the event layer of
//! saphyr), which keeps tags and positions; JSON with a small reader here, so a JSON error points
//! at its line and column too. Short-form tags become the long form while the tree is built
//! (`!Ref X` is `{"Ref": "X"}`, `!GetAtt A.B` is `{"Fn::GetAtt": ["A", "B"]}`), so everything after
//! this file sees one shape.

use saphyr_parser::{Event, Parser, ScanError, Span};
use std::collections::HashMap;
use std::fmt;

/// A place in the template: 1-based line and column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u32,
    pub col: u32,
}

impl fmt::Display for Pos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.col)
    }
}

/// A template value and where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub v: V,
}

#[derive(Clone, Debug, PartialEq)]
pub enum V {
    /// `null`, `~`, or nothing after a key.
    Null,
    /// Every scalar is kept as text (CloudFormation treats numbers and booleans as strings).
    Str(String),
    List(Vec<Node>),
    /// Keys in template order.
    Map(Vec<(Key, Node)>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Key {
    pub name: String,
    pub pos: Pos,
}

impl Node {
    pub fn new(pos: Pos, v: V) -> Self {
        Node { pos, v }
    }
    pub fn str(pos: Pos, s: impl Into<String>) -> Self {
        Node { pos, v: V::Str(s.into()) }
    }
    pub fn as_str(&self) -> Option<&str> {
        match &self.v {
            V::Str(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_list(&self) -> Option<&[Node]> {
        match &self.v {
            V::List(l) => Some(l),
            _ => None,
        }
    }
    pub fn as_map(&self) -> Option<&[(Key, Node)]> {
        match &self.v {
            V::Map(m) => Some(m),
            _ => None,
        }
    }
    /// The value of `key` in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.as_map()?.iter().find(|(k, _)| k.name == key).map(|(_, v)| v)
    }
    /// `Some((name, argument))` when this node is a one-key mapping, the shape of a function call.
    pub fn single_key(&self) -> Option<(&Key, &Node)> {
        match &self.v {
            V::Map(m) if m.len() == 1 => Some((&m[0].0, &m[0].1)),
            _ => None,
        }
    }
    /// How many nodes the tree holds (aliases count every time they are used).
    pub fn count(&self) -> usize {
        match &self.v {
            V::List(l) => 1 + l.iter().map(Node::count).sum::<usize>(),
            V::Map(m) => 1 + m.iter().map(|(_, v)| v.count()).sum::<usize>(),
            _ => 1,
        }
    }
    /// The value as plain JSON (scalars as strings), for GetTemplate summaries and metadata.
    pub fn to_json(&self) -> serde_json::Value {
        match &self.v {
            V::Null => serde_json::Value::Null,
            V::Str(s) => serde_json::Value::String(s.clone()),
            V::List(l) => serde_json::Value::Array(l.iter().map(Node::to_json).collect()),
            V::Map(m) => serde_json::Value::Object(m.iter().map(|(k, v)| (k.name.clone(), v.to_json())).collect()),
        }
    }
}

/// A template that could not be read: AWS's message, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct ParseError {
    pub message: String,
    pub pos: Pos,
    /// What exactly was wrong, for the trail's "why" (AWS's own message does not say).
    pub detail: String,
}

/// Deepest nesting accepted; deeper templates are refused instead of risking the stack.
pub const MAX_DEPTH: usize = 100;
/// Most nodes a template may expand to (aliases can multiply a small text).
pub const MAX_NODES: usize = 200_000;

/// Reads a template body: JSON when it starts with `{`, YAML otherwise.
pub fn parse(body: &str) -> Result<Node, ParseError> {
    if body.trim_start().starts_with('{') {
        parse_json(body)
    } else {
        parse_yaml(body)
    }
}

// ------------------------------------------------------------------------------------- YAML

fn yaml_error(pos: Pos, detail: impl Into<String>) -> ParseError {
    ParseError { message: format!("Template format error: YAML not well-formed. ({pos})"), pos, detail: detail.into() }
}

fn pos_of(span: &Span) -> Pos {
    Pos { line: span.start.line() as u32, col: span.start.col() as u32 + 1 }
}

/// The long-form name a short-form tag stands for.
fn tag_function(suffix: &str) -> Option<&'static str> {
    Some(match suffix {
        "Ref" => "Ref",
        "Condition" => "Condition",
        "GetAtt" => "Fn::GetAtt",
        "Sub" => "Fn::Sub",
        "Join" => "Fn::Join",
        "Select" => "Fn::Select",
        "Split" => "Fn::Split",
        "FindInMap" => "Fn::FindInMap",
        "If" => "Fn::If",
        "Equals" => "Fn::Equals",
        "And" => "Fn::And",
        "Or" => "Fn::Or",
        "Not" => "Fn::Not",
        "ImportValue" => "Fn::ImportValue",
        "GetAZs" => "Fn::GetAZs",
        "Base64" => "Fn::Base64",
        "Cidr" => "Fn::Cidr",
        "Transform" => "Fn::Transform",
        "Length" => "Fn::Length",
        "ToJsonString" => "Fn::ToJsonString",
        _ => return None,
    })
}

/// Wraps `node` in the function its tag names. Core-schema tags (`!!str`) change nothing.
fn apply_tag(tag: Option<(String, String)>, node: Node, pos: Pos) -> Result<Node, ParseError> {
    let Some((handle, suffix)) = tag else { return Ok(node) };
    if handle == "!!" || handle.starts_with("tag:yaml.org") {
        return Ok(node);
    }
    let Some(function) = tag_function(&suffix) else {
        return Err(yaml_error(pos, format!("unknown tag {handle}{suffix}")));
    };
    let arg = match (function, node.v) {
        // `!GetAtt Bucket.Arn` splits at the first dot (`Stack.Outputs.Name` keeps the rest).
        ("Fn::GetAtt", V::Str(s)) => match s.split_once('.') {
            Some((id, attr)) => Node::new(node.pos, V::List(vec![Node::str(node.pos, id), Node::str(node.pos, attr)])),
            None => Node::str(node.pos, s),
        },
        (_, v) => Node::new(node.pos, v),
    };
    Ok(Node::new(pos, V::Map(vec![(Key { name: function.to_string(), pos }, arg)])))
}

enum Frame {
    List { pos: Pos, anchor: usize, tag: Option<(String, String)>, items: Vec<Node> },
    Map { pos: Pos, anchor: usize, tag: Option<(String, String)>, entries: Vec<(Key, Node)>, key: Option<Key> },
}

fn tag_parts(tag: Option<std::borrow::Cow<'_, saphyr_parser::Tag>>) -> Option<(String, String)> {
    tag.map(|t| (t.handle.clone(), t.suffix.clone()))
}

fn scan_error(e: &ScanError) -> ParseError {
    let m = e.marker();
    yaml_error(Pos { line: m.line() as u32, col: m.col() as u32 + 1 }, e.info().to_string())
}

fn parse_yaml(body: &str) -> Result<Node, ParseError> {
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    let mut documents = 0;
    for item in Parser::new_from_str(body) {
        let (event, span) = item.map_err(|e| scan_error(&e))?;
        let pos = pos_of(&span);
        let finished: Option<(Node, usize)> = match event {
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => None,
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(yaml_error(pos, "a template is one YAML document; found a second '---'"));
                }
                None
            }
            Event::Alias(id) => {
                let node = anchors.get(&id).cloned().ok_or_else(|| yaml_error(pos, "alias to an unknown anchor"))?;
                nodes += node.count();
                Some((node, 0))
            }
            Event::Scalar(text, style, anchor, tag) => {
                nodes += 1;
                let tag = tag_parts(tag);
                let plain = matches!(style, saphyr_parser::ScalarStyle::Plain);
                let v = if plain && tag.is_none() && matches!(text.as_ref(), "" | "~" | "null" | "Null" | "NULL") {
                    V::Null
                } else {
                    V::Str(text.into_owned())
                };
                // A key is never a function call; tags are only read on values.
                let is_key = matches!(stack.last(), Some(Frame::Map { key: None, .. }));
                if is_key {
                    if tag.is_some() {
                        return Err(yaml_error(pos, "a mapping key cannot carry a tag"));
                    }
                    let name = match v {
                        V::Str(s) => s,
                        _ => text_of_null(),
                    };
                    if let Some(Frame::Map { entries, key, .. }) = stack.last_mut() {
                        if entries.iter().any(|(k, _)| k.name == name) {
                            return Err(yaml_error(pos, format!("duplicate key '{name}'")));
                        }
                        *key = Some(Key { name, pos });
                    }
                    None
                } else {
                    Some((apply_tag(tag, Node::new(pos, v), pos)?, anchor))
                }
            }
            Event::SequenceStart(anchor, tag) => {
                nodes += 1;
                if matches!(stack.last(), Some(Frame::Map { key: None, .. })) {
                    return Err(yaml_error(pos, "a mapping key must be a plain value"));
                }
                stack.push(Frame::List { pos, anchor, tag: tag_parts(tag), items: Vec::new() });
                None
            }
            Event::MappingStart(anchor, tag) => {
                nodes += 1;
                if matches!(stack.last(), Some(Frame::Map { key: None, .. })) {
                    return Err(yaml_error(pos, "a mapping key must be a plain value"));
                }
                stack.push(Frame::Map { pos, anchor, tag: tag_parts(tag), entries: Vec::new(), key: None });
                None
            }
            Event::SequenceEnd => match stack.pop() {
                Some(Frame::List { pos, anchor, tag, items }) => {
                    Some((apply_tag(tag, Node::new(pos, V::List(items)), pos)?, anchor))
                }
                _ => return Err(yaml_error(pos, "unbalanced sequence")),
            },
            Event::MappingEnd => match stack.pop() {
                Some(Frame::Map { pos, anchor, tag, entries, .. }) => {
                    Some((apply_tag(tag, Node::new(pos, V::Map(entries)), pos)?, anchor))
                }
                _ => return Err(yaml_error(pos, "unbalanced mapping")),
            },
        };
        if stack.len() > MAX_DEPTH {
            return Err(yaml_error(pos, format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        if nodes > MAX_NODES {
            return Err(yaml_error(pos, format!("the template expands to more than {MAX_NODES} values")));
        }
        if let Some((node, anchor)) = finished {
            if anchor > 0 {
                anchors.insert(anchor, node.clone());
            }
            match stack.last_mut() {
                None => root = Some(node),
                Some(Frame::List { items, .. }) => items.push(node),
                Some(Frame::Map { entries, key, .. }) => match key.take() {
                    Some(k) => entries.push((k, node)),
                    None => return Err(yaml_error(node.pos, "a mapping key must be a plain value")),
                },
            }
        }
    }
    Ok(root.unwrap_or(Node::new(Pos { line: 1, col: 1 }, V::Null)))
}

fn text_of_null() -> String {
    "null".to_string()
}

// ------------------------------------------------------------------------------------- JSON

fn json_error(pos: Pos, detail: impl Into<String>) -> ParseError {
    ParseError { message: format!("Template format error: JSON not well-formed. ({pos})"), pos, detail: detail.into() }
}

struct JsonReader<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
    line: u32,
    col: u32,
    depth: usize,
}

impl JsonReader<'_> {
    fn pos(&self) -> Pos {
        Pos { line: self.line, col: self.col }
    }
    fn bump(&mut self) -> Option<char> {
        let c = self.chars.next()?;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }
    fn skip_ws(&mut self) {
        while matches!(self.chars.peek(), Some(' ' | '\t' | '\n' | '\r')) {
            self.bump();
        }
    }
    fn expect(&mut self, want: char) -> Result<(), ParseError> {
        self.skip_ws();
        let pos = self.pos();
        match self.bump() {
            Some(c) if c == want => Ok(()),
            Some(c) => Err(json_error(pos, format!("expected '{want}', found '{c}'"))),
            None => Err(json_error(pos, format!("expected '{want}', found the end of the template"))),
        }
    }
    fn value(&mut self) -> Result<Node, ParseError> {
        self.skip_ws();
        let pos = self.pos();
        match self.chars.peek().copied() {
            Some('{') => {
                self.enter(pos)?;
                self.bump();
                let mut entries: Vec<(Key, Node)> = Vec::new();
                self.skip_ws();
                if self.chars.peek() == Some(&'}') {
                    self.bump();
                } else {
                    loop {
                        self.skip_ws();
                        let kpos = self.pos();
                        if self.chars.peek() != Some(&'"') {
                            return Err(json_error(kpos, "expected a quoted key"));
                        }
                        let name = self.string()?;
                        if entries.iter().any(|(k, _)| k.name == name) {
                            return Err(json_error(kpos, format!("duplicate key '{name}'")));
                        }
                        self.expect(':')?;
                        let v = self.value()?;
                        entries.push((Key { name, pos: kpos }, v));
                        self.skip_ws();
                        let p = self.pos();
                        match self.bump() {
                            Some(',') => continue,
                            Some('}') => break,
                            _ => return Err(json_error(p, "expected ',' or '}'")),
                        }
                    }
                }
                self.depth -= 1;
                Ok(Node::new(pos, V::Map(entries)))
            }
            Some('[') => {
                self.enter(pos)?;
                self.bump();
                let mut items = Vec::new();
                self.skip_ws();
                if self.chars.peek() == Some(&']') {
                    self.bump();
                } else {
                    loop {
                        items.push(self.value()?);
                        self.skip_ws();
                        let p = self.pos();
                        match self.bump() {
                            Some(',') => continue,
                            Some(']') => break,
                            _ => return Err(json_error(p, "expected ',' or ']'")),
                        }
                    }
                }
                self.depth -= 1;
                Ok(Node::new(pos, V::List(items)))
            }
            Some('"') => Ok(Node::str(pos, self.string()?)),
            Some(c) if c == '-' || c.is_ascii_digit() => {
                let mut text = String::new();
                while let Some(&c) = self.chars.peek() {
                    if c.is_ascii_digit() || matches!(c, '-' | '+' | '.' | 'e' | 'E') {
                        text.push(c);
                        self.bump();
                    } else {
                        break;
                    }
                }
                if text.parse::<f64>().is_err() {
                    return Err(json_error(pos, format!("'{text}' is not a number")));
                }
                Ok(Node::str(pos, text))
            }
            Some(c) if c.is_ascii_alphabetic() => {
                let mut word = String::new();
                while let Some(&c) = self.chars.peek() {
                    if c.is_ascii_alphabetic() {
                        word.push(c);
                        self.bump();
                    } else {
                        break;
                    }
                }
                match word.as_str() {
                    "true" | "false" => Ok(Node::str(pos, word)),
                    "null" => Ok(Node::new(pos, V::Null)),
                    _ => Err(json_error(pos, format!("unexpected word '{word}'"))),
                }
            }
            Some(c) => Err(json_error(pos, format!("unexpected character '{c}'"))),
            None => Err(json_error(pos, "unexpected end of the template")),
        }
    }
    fn enter(&mut self, pos: Pos) -> Result<(), ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(json_error(pos, format!("nesting deeper than {MAX_DEPTH} levels")));
        }
        Ok(())
    }
    fn hex4(&mut self) -> Result<u32, ParseError> {
        let pos = self.pos();
        let mut n = 0;
        for _ in 0..4 {
            let d = self.bump().and_then(|c| c.to_digit(16)).ok_or_else(|| json_error(pos, "bad \\u escape"))?;
            n = n * 16 + d;
        }
        Ok(n)
    }
    fn string(&mut self) -> Result<String, ParseError> {
        let start = self.pos();
        self.bump(); // the opening quote
        let mut out = String::new();
        loop {
            let pos = self.pos();
            match self.bump() {
                None => return Err(json_error(start, "unterminated string")),
                Some('"') => return Ok(out),
                Some('\\') => match self.bump() {
                    Some('"') => out.push('"'),
                    Some('\\') => out.push('\\'),
                    Some('/') => out.push('/'),
                    Some('b') => out.push('\u{8}'),
                    Some('f') => out.push('\u{c}'),
                    Some('n') => out.push('\n'),
                    Some('r') => out.push('\r'),
                    Some('t') => out.push('\t'),
                    Some('u') => {
                        let hi = self.hex4()?;
                        let code = if (0xD800..0xDC00).contains(&hi) {
                            if self.bump() != Some('\\') || self.bump() != Some('u') {
                                return Err(json_error(pos, "lone surrogate in \\u escape"));
                            }
                            let lo = self.hex4()?;
                            if !(0xDC00..0xE000).contains(&lo) {
                                return Err(json_error(pos, "lone surrogate in \\u escape"));
                            }
                            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                        } else {
                            hi
                        };
                        out.push(char::from_u32(code).ok_or_else(|| json_error(pos, "bad \\u escape"))?);
                    }
                    _ => return Err(json_error(pos, "bad escape")),
                },
                Some(c) if (c as u32) < 0x20 => return Err(json_error(pos, "control character in a string")),
                Some(c) => out.push(c),
            }
        }
    }
}

fn parse_json(body: &str) -> Result<Node, ParseError> {
    let mut r = JsonReader { chars: body.chars().peekable(), line: 1, col: 1, depth: 0 };
    let node = r.value()?;
    r.skip_ws();
    if r.chars.peek().is_some() {
        return Err(json_error(r.pos(), "text after the end of the template"));
    }
    Ok(node)
}
