//! `--query`: the part of JMESPath people use with the AWS CLI. Fields (`Buckets`), sub-fields
//! (`Owner.ID`), indexes (`[0]`, `[-1]`), projections (`Buckets[].Name`, `[*]`, `.*`), filters
//! (`Contents[?Size > \`100\`].Key`), multiselect (`[Name, CreationDate]`, `{N: Name}`), pipes,
//! `&&`, `||`, `!`, comparisons, literals (`` `10` ``, `'raw'`) and the functions `length`,
//! `keys`, `values`, `contains`, `starts_with`, `sort`, `max`, `min`, `sum`.

use super::json::Json;

#[derive(Clone, Debug, PartialEq)]
enum Expr {
    Current,
    Field(String),
    Literal(Json),
    Index(Box<Expr>, i64),
    Sub(Box<Expr>, Box<Expr>),
    Project { base: Box<Expr>, kind: Projection, rhs: Box<Expr> },
    MultiList(Vec<Expr>),
    MultiHash(Vec<(String, Expr)>),
    Call(String, Vec<Expr>),
    Compare(Cmp, Box<Expr>, Box<Expr>),
    And(Box<Expr>, Box<Expr>),
    Or(Box<Expr>, Box<Expr>),
    Not(Box<Expr>),
    Pipe(Box<Expr>, Box<Expr>),
}

#[derive(Clone, Debug, PartialEq)]
enum Projection {
    Flatten,
    List,
    Values,
    Filter(Box<Expr>),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Cmp {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

/// A compiled `--query` expression.
#[derive(Clone, Debug, PartialEq)]
pub struct Query(Expr);

impl Query {
    pub fn parse(text: &str) -> Result<Query, String> {
        let mut p = Parser { chars: text.chars().collect(), pos: 0 };
        let expr = p.pipe()?;
        p.ws();
        match p.peek() {
            None => Ok(Query(expr)),
            Some(c) => Err(p.error(&format!("unexpected '{c}'"))),
        }
    }

    pub fn apply(&self, value: &Json) -> Json {
        eval(&self.0, value)
    }
}

fn truthy(v: &Json) -> bool {
    match v {
        Json::Null | Json::Bool(false) => false,
        Json::String(s) => !s.is_empty(),
        Json::Array(a) => !a.is_empty(),
        Json::Object(m) => !m.is_empty(),
        _ => true,
    }
}

fn number(v: &Json) -> Option<f64> {
    match v {
        Json::Number(n) => n.as_f64(),
        _ => None,
    }
}

fn eval(expr: &Expr, v: &Json) -> Json {
    match expr {
        Expr::Current => v.clone(),
        Expr::Field(name) => v.get(name).cloned().unwrap_or(Json::Null),
        Expr::Literal(j) => j.clone(),
        Expr::Index(base, i) => match eval(base, v) {
            Json::Array(items) => {
                let idx = if *i < 0 { items.len() as i64 + i } else { *i };
                usize::try_from(idx).ok().and_then(|i| items.get(i).cloned()).unwrap_or(Json::Null)
            }
            _ => Json::Null,
        },
        Expr::Sub(l, r) => match eval(l, v) {
            Json::Null => Json::Null,
            left => eval(r, &left),
        },
        Expr::Project { base, kind, rhs } => {
            let base = eval(base, v);
            let elements: Vec<Json> = match (kind, base) {
                (Projection::Flatten, Json::Array(items)) => items
                    .into_iter()
                    .flat_map(|i| match i {
                        Json::Array(inner) => inner,
                        other => vec![other],
                    })
                    .collect(),
                (Projection::List, Json::Array(items)) => items,
                (Projection::Values, Json::Object(m)) => m.into_iter().map(|(_, v)| v).collect(),
                (Projection::Filter(cond), Json::Array(items)) => {
                    items.into_iter().filter(|i| truthy(&eval(cond, i))).collect()
                }
                _ => return Json::Null,
            };
            Json::Array(elements.iter().map(|e| eval(rhs, e)).filter(|r| *r != Json::Null).collect())
        }
        Expr::MultiList(items) if *v != Json::Null => Json::Array(items.iter().map(|e| eval(e, v)).collect()),
        Expr::MultiHash(items) if *v != Json::Null => {
            Json::Object(items.iter().map(|(k, e)| (k.clone(), eval(e, v))).collect())
        }
        Expr::MultiList(_) | Expr::MultiHash(_) => Json::Null,
        Expr::Call(name, args) => call(name, &args.iter().map(|a| eval(a, v)).collect::<Vec<_>>()),
        Expr::Compare(op, l, r) => compare(*op, &eval(l, v), &eval(r, v)),
        Expr::And(l, r) => {
            let left = eval(l, v);
            if truthy(&left) {
                eval(r, v)
            } else {
                left
            }
        }
        Expr::Or(l, r) => {
            let left = eval(l, v);
            if truthy(&left) {
                left
            } else {
                eval(r, v)
            }
        }
        Expr::Not(e) => Json::Bool(!truthy(&eval(e, v))),
        Expr::Pipe(l, r) => eval(r, &eval(l, v)),
    }
}

fn compare(op: Cmp, l: &Json, r: &Json) -> Json {
    match op {
        Cmp::Eq => Json::Bool(l == r),
        Cmp::Ne => Json::Bool(l != r),
        _ => match (number(l), number(r)) {
            (Some(a), Some(b)) => Json::Bool(match op {
                Cmp::Lt => a < b,
                Cmp::Le => a <= b,
                Cmp::Gt => a > b,
                _ => a >= b,
            }),
            _ => Json::Null,
        },
    }
}

fn call(name: &str, args: &[Json]) -> Json {
    let num = |f: f64| serde_json::Number::from_f64(f).map(Json::Number).unwrap_or(Json::Null);
    let int = |n: usize| Json::Number((n as u64).into());
    match (name, args) {
        ("length", [Json::String(s)]) => int(s.chars().count()),
        ("length", [Json::Array(a)]) => int(a.len()),
        ("length", [Json::Object(m)]) => int(m.len()),
        ("keys", [Json::Object(m)]) => Json::Array(m.iter().map(|(k, _)| Json::String(k.clone())).collect()),
        ("values", [Json::Object(m)]) => Json::Array(m.iter().map(|(_, v)| v.clone()).collect()),
        ("contains", [Json::Array(a), x]) => Json::Bool(a.contains(x)),
        ("contains", [Json::String(s), Json::String(x)]) => Json::Bool(s.contains(x.as_str())),
        ("starts_with", [Json::String(s), Json::String(p)]) => Json::Bool(s.starts_with(p.as_str())),
        ("sort", [Json::Array(a)]) => {
            let mut items = a.clone();
            crate::sort::sort_by(&mut items, |x, y| match (number(x), number(y), x, y) {
                (Some(p), Some(q), _, _) => p.total_cmp(&q),
                (_, _, Json::String(p), Json::String(q)) => p.cmp(q),
                _ => std::cmp::Ordering::Equal,
            });
            Json::Array(items)
        }
        ("sum", [Json::Array(a)]) => num(a.iter().filter_map(number).sum()),
        ("max", [Json::Array(a)]) => a.iter().filter_map(number).reduce(f64::max).map_or(Json::Null, num),
        ("min", [Json::Array(a)]) => a.iter().filter_map(number).reduce(f64::min).map_or(Json::Null, num),
        _ => Json::Null,
    }
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn error(&self, what: &str) -> String {
        let text: String = self.chars.iter().collect();
        format!("Bad value for --query {text}: {what} at position {}", self.pos)
    }
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }
    fn ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }
    fn eat(&mut self, token: &str) -> bool {
        self.ws();
        let t: Vec<char> = token.chars().collect();
        if self.chars.get(self.pos..self.pos + t.len()) == Some(&t[..]) {
            self.pos += t.len();
            true
        } else {
            false
        }
    }
    fn expect(&mut self, token: &str) -> Result<(), String> {
        if self.eat(token) {
            Ok(())
        } else {
            Err(self.error(&format!("expected '{token}'")))
        }
    }

    fn pipe(&mut self) -> Result<Expr, String> {
        let mut e = self.or()?;
        while !self.lookahead("||") && self.eat("|") {
            e = Expr::Pipe(Box::new(e), Box::new(self.or()?));
        }
        Ok(e)
    }
    fn lookahead(&mut self, token: &str) -> bool {
        let save = self.pos;
        let found = self.eat(token);
        self.pos = save;
        found
    }
    fn or(&mut self) -> Result<Expr, String> {
        let mut e = self.and()?;
        while self.eat("||") {
            e = Expr::Or(Box::new(e), Box::new(self.and()?));
        }
        Ok(e)
    }
    fn and(&mut self) -> Result<Expr, String> {
        let mut e = self.not()?;
        while self.eat("&&") {
            e = Expr::And(Box::new(e), Box::new(self.not()?));
        }
        Ok(e)
    }
    fn not(&mut self) -> Result<Expr, String> {
        if !self.lookahead("!=") && self.eat("!") {
            return Ok(Expr::Not(Box::new(self.not()?)));
        }
        self.comparison()
    }
    fn comparison(&mut self) -> Result<Expr, String> {
        let left = self.chain()?;
        let ops = [("==", Cmp::Eq), ("!=", Cmp::Ne), ("<=", Cmp::Le), (">=", Cmp::Ge), ("<", Cmp::Lt), (">", Cmp::Gt)];
        for (token, op) in ops {
            if self.eat(token) {
                return Ok(Expr::Compare(op, Box::new(left), Box::new(self.chain()?)));
            }
        }
        Ok(left)
    }

    fn chain(&mut self) -> Result<Expr, String> {
        let start = self.primary()?;
        self.postfixes(start)
    }

    /// `.field`, `[n]`, and the projections, whose right-hand side is everything after them.
    fn postfixes(&mut self, mut e: Expr) -> Result<Expr, String> {
        loop {
            self.ws();
            if self.lookahead(".") {
                self.eat(".");
                if self.eat("*") {
                    let rhs = self.postfixes(Expr::Current)?;
                    return Ok(Expr::Project { base: Box::new(e), kind: Projection::Values, rhs: Box::new(rhs) });
                }
                let right = self.primary()?;
                e = Expr::Sub(Box::new(e), Box::new(right));
            } else if self.peek() == Some('[') && self.bracket_is_postfix() {
                self.eat("[");
                let kind = if self.eat("]") {
                    Projection::Flatten
                } else if self.eat("*") {
                    self.expect("]")?;
                    Projection::List
                } else if self.eat("?") {
                    let cond = self.pipe()?;
                    self.expect("]")?;
                    Projection::Filter(Box::new(cond))
                } else {
                    let n = self.integer()?;
                    self.expect("]")?;
                    e = Expr::Index(Box::new(e), n);
                    continue;
                };
                let rhs = self.postfixes(Expr::Current)?;
                return Ok(Expr::Project { base: Box::new(e), kind, rhs: Box::new(rhs) });
            } else {
                return Ok(e);
            }
        }
    }

    /// `[` followed by `]`, `*`, `?` or a number indexes or projects; otherwise it is a list.
    fn bracket_is_postfix(&self) -> bool {
        let mut i = self.pos + 1;
        while self.chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        matches!(self.chars.get(i), Some(']' | '*' | '?' | '-' | '0'..='9'))
    }

    fn integer(&mut self) -> Result<i64, String> {
        self.ws();
        let start = self.pos;
        if self.peek() == Some('-') {
            self.pos += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.pos += 1;
        }
        let text: String = self.chars[start..self.pos].iter().collect();
        text.parse().map_err(|_| self.error("expected a number"))
    }

    fn primary(&mut self) -> Result<Expr, String> {
        self.ws();
        match self.peek() {
            Some('@') => {
                self.pos += 1;
                Ok(Expr::Current)
            }
            Some('(') => {
                self.pos += 1;
                let e = self.pipe()?;
                self.expect(")")?;
                Ok(e)
            }
            Some('[') if self.bracket_is_postfix() => Ok(Expr::Current),
            Some('[') => {
                self.pos += 1;
                let mut items = vec![self.pipe()?];
                while self.eat(",") {
                    items.push(self.pipe()?);
                }
                self.expect("]")?;
                Ok(Expr::MultiList(items))
            }
            Some('{') => {
                self.pos += 1;
                let mut members = Vec::new();
                loop {
                    self.ws();
                    let key = self.identifier()?;
                    self.expect(":")?;
                    members.push((key, self.pipe()?));
                    if !self.eat(",") {
                        break;
                    }
                }
                self.expect("}")?;
                Ok(Expr::MultiHash(members))
            }
            Some('*') => {
                self.pos += 1;
                let rhs = self.postfixes(Expr::Current)?;
                Ok(Expr::Project { base: Box::new(Expr::Current), kind: Projection::Values, rhs: Box::new(rhs) })
            }
            Some('`') => {
                self.pos += 1;
                let text = self.until('`')?;
                let json = serde_json::from_str::<serde_json::Value>(&text)
                    .map(Json::from)
                    .unwrap_or_else(|_| Json::String(text.trim().to_string()));
                Ok(Expr::Literal(json))
            }
            Some('\'') => {
                self.pos += 1;
                Ok(Expr::Literal(Json::String(self.until('\'')?)))
            }
            _ => {
                let name = self.identifier()?;
                if self.peek() == Some('(') {
                    self.pos += 1;
                    let mut args = Vec::new();
                    if !self.eat(")") {
                        args.push(self.pipe()?);
                        while self.eat(",") {
                            args.push(self.pipe()?);
                        }
                        self.expect(")")?;
                    }
                    return Ok(Expr::Call(name, args));
                }
                Ok(Expr::Field(name))
            }
        }
    }

    fn until(&mut self, end: char) -> Result<String, String> {
        let mut s = String::new();
        loop {
            match self.peek() {
                Some('\\') if self.chars.get(self.pos + 1) == Some(&end) => {
                    s.push(end);
                    self.pos += 2;
                }
                Some(c) if c == end => {
                    self.pos += 1;
                    return Ok(s);
                }
                Some(c) => {
                    s.push(c);
                    self.pos += 1;
                }
                None => return Err(self.error(&format!("missing closing {end}"))),
            }
        }
    }

    fn identifier(&mut self) -> Result<String, String> {
        self.ws();
        if self.peek() == Some('"') {
            self.pos += 1;
            return self.until('"');
        }
        let start = self.pos;
        while self.peek().is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            self.pos += 1;
        }
        if start == self.pos || self.chars[start].is_ascii_digit() {
            return Err(self.error("expected a field name"));
        }
        Ok(self.chars[start..self.pos].iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn data() -> Json {
        Json::from(serde_json::json!({
            "Buckets": [
                {"Name": "alpha", "CreationDate": "2026-01-01", "Size": 5},
                {"Name": "beta", "CreationDate": "2026-01-02", "Size": 50}
            ],
            "Owner": {"DisplayName": "me", "ID": "42"}
        }))
    }

    fn q(text: &str) -> serde_json::Value {
        serde_json::from_str(&Query::parse(text).unwrap().apply(&data()).pretty()).unwrap()
    }

    #[test]
    fn the_usual_queries() {
        use serde_json::json;
        assert_eq!(q("Buckets[].Name"), json!(["alpha", "beta"]));
        assert_eq!(q("Buckets[0].Name"), json!("alpha"));
        assert_eq!(q("Buckets[-1].Name"), json!("beta"));
        assert_eq!(q("Owner.ID"), json!("42"));
        assert_eq!(q("length(Buckets)"), json!(2));
        assert_eq!(q("Buckets[?Size > `10`].Name"), json!(["beta"]));
        assert_eq!(q("Buckets[?Name == 'alpha'] | [0].Size"), json!(5));
        assert_eq!(q("Buckets[*].[Name, Size]"), json!([["alpha", 5], ["beta", 50]]));
        assert_eq!(q("Buckets[].{N: Name}"), json!([{"N": "alpha"}, {"N": "beta"}]));
        assert_eq!(q("Owner.*"), json!(["me", "42"]));
        assert_eq!(q("Nothing.here"), json!(null));
        assert_eq!(q("sort(Buckets[].Name)"), json!(["alpha", "beta"]));
        assert_eq!(q("Buckets[?starts_with(Name, 'b') && Size >= `50`].Name"), json!(["beta"]));
    }

    #[test]
    fn bad_queries_are_errors() {
        for bad in ["Buckets[", "Buckets[?", "{a b}", "'open", "Buckets]", ".x"] {
            assert!(Query::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn never_panics(text in "[\\[\\]{}()?*.@|&!=<>`'\",: a-zA-Z0-9-]{0,30}") {
            if let Ok(query) = Query::parse(&text) {
                let _ = query.apply(&data());
            }
        }
    }
}
