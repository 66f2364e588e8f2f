//! The `aws ...` line equivalent to a request, shown under console forms so a student sees the
//! CLI for every console action. Structures print as shorthand when they can, JSON otherwise;
//! parsing the line gives the same request back (blobs aside: a body shows as `--body <file>`).

use super::args::STREAMING_FIELD;
use super::json::Json;
use super::names::kebab;
use super::shape::{self, Shape};
use super::shorthand;
use super::tokenize::quote;
use crate::services::{Request, SERVICES};

pub fn cli_line_for(request: &Request) -> String {
    let Json::Object(outer) = Json::of(request) else { return String::new() };
    let Some((service_id, Json::Object(op))) = outer.into_iter().next() else { return String::new() };
    let Some((operation, input)) = op.into_iter().next() else { return String::new() };
    let cli = SERVICES.iter().find(|s| s.id == service_id).map_or("unknown", |s| s.cli);
    let input_shape = shape::input_shape(&service_id, &operation);
    let mut words = vec!["aws".to_string(), cli.to_string(), kebab(&operation)];
    if let Json::Object(members) = &input {
        for (field, value) in members {
            let field_shape = input_shape.field(field).cloned().unwrap_or(Shape::Any);
            words.extend(param_words(field, &field_shape, value));
        }
    }
    if shape::streams_output(&service_id, &operation) {
        let name = input.get("Key").and_then(Json::as_str).and_then(|k| k.rsplit('/').next()).unwrap_or("");
        let plain = !name.is_empty() && !name.starts_with('-') && quote(name) == name;
        words.push(if plain { name.to_string() } else { "outfile".to_string() });
    }
    words.join(" ")
}

fn to_value(json: &Json) -> serde_json::Value {
    serde_json::to_value(json).unwrap_or_default()
}

/// One value as one word: `--name value`, or `--name=value` when the value starts with `-`.
fn option_with(flag: &str, text: &str) -> Vec<String> {
    if text.starts_with('-') {
        vec![quote(&format!("{flag}={text}"))]
    } else {
        vec![flag.to_string(), quote(text)]
    }
}

fn json_text(json: &Json) -> String {
    serde_json::to_string(json).unwrap_or_default()
}

fn param_words(field: &str, shape: &Shape, value: &Json) -> Vec<String> {
    let flag = format!("--{}", kebab(field));
    if *value == Json::Null {
        return Vec::new();
    }
    match shape.required() {
        Shape::Boolean => match value {
            Json::Bool(false) => vec![format!("--no-{}", kebab(field))],
            _ => vec![flag],
        },
        Shape::Blob if field == STREAMING_FIELD => match value.as_str() {
            Some("") => Vec::new(),
            _ => vec![flag, "<file>".to_string()],
        },
        Shape::Struct(_) | Shape::Map(_) => {
            let text = shorthand::render(&to_value(value)).unwrap_or_else(|| json_text(value));
            option_with(&flag, &text)
        }
        Shape::List(element) => list_words(&flag, element, value),
        Shape::Any => option_with(&flag, &value.as_str().map_or_else(|| json_text(value), str::to_string)),
        _ => option_with(&flag, &value.scalar_text()),
    }
}

fn list_words(flag: &str, element: &Shape, value: &Json) -> Vec<String> {
    let Json::Array(items) = value else { return option_with(flag, &json_text(value)) };
    let plain_scalar = |j: &Json| {
        let t = j.scalar_text();
        j.is_scalar()
            && *j != Json::Null
            && !t.is_empty()
            && t.trim() == t
            && !t.contains(',')
            && !t.starts_with(['-', '[', '{'])
    };
    let words: Option<Vec<String>> = match element.required() {
        _ if items.is_empty() => None,
        Shape::Struct(_) | Shape::Map(_) => items
            .iter()
            .map(|i| shorthand::render(&to_value(i)).filter(|s| !s.starts_with('-')).map(|s| quote(&s)))
            .collect(),
        _ => items.iter().map(|i| plain_scalar(i).then(|| quote(&i.scalar_text()))).collect(),
    };
    match words {
        Some(words) => std::iter::once(flag.to_string()).chain(words).collect(),
        None => option_with(flag, &json_text(value)),
    }
}
