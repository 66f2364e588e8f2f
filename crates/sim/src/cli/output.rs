//! How results print: `--output json` (the default; four-space indent like the AWS CLI),
//! `--output text` (tab-separated, the CLI's rules) and `--output table` (boxed, simplified),
//! after an optional `--query`.

use super::json::Json;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Json,
    Text,
    Table,
}

impl Format {
    pub fn parse(text: &str) -> Result<Format, String> {
        match text {
            "json" => Ok(Format::Json),
            "text" => Ok(Format::Text),
            "table" => Ok(Format::Table),
            other => Err(format!(
                "aws: error: argument --output: Invalid choice, valid choices are:\n\njson                                     | text\ntable\n\n(got '{other}')"
            )),
        }
    }
}

/// The printed form of `value` (with a trailing newline), or nothing for an empty result.
pub fn render(value: &Json, format: Format, title: &str) -> String {
    if value.is_empty_object() {
        return String::new();
    }
    match format {
        Format::Json => format!("{}\n", value.pretty()),
        Format::Text => {
            let mut out = String::new();
            text(value, None, None, &mut out);
            out
        }
        Format::Table => table(value, title),
    }
}

// ---------------------------------------------------------------- text (awscli/text.py)

fn text(value: &Json, identifier: Option<&str>, scalar_keys: Option<&[String]>, out: &mut String) {
    match value {
        Json::Object(members) => text_dict(members, identifier, scalar_keys, out),
        Json::Array(items) => text_list(items, identifier, out),
        scalar => {
            out.push_str(&scalar.scalar_text());
            out.push('\n');
        }
    }
}

fn text_list(items: &[Json], identifier: Option<&str>, out: &mut String) {
    if items.is_empty() {
        return;
    }
    if items.iter().any(|i| matches!(i, Json::Object(_))) {
        let mut keys: Vec<String> = items
            .iter()
            .filter_map(|i| match i {
                Json::Object(m) => Some(m.iter().filter(|(_, v)| v.is_scalar()).map(|(k, _)| k.clone())),
                _ => None,
            })
            .flatten()
            .collect();
        crate::sort::sort(&mut keys);
        keys.dedup();
        for item in items {
            text(item, identifier, Some(&keys), out);
        }
    } else if items.iter().any(|i| matches!(i, Json::Array(_))) {
        let (scalars, nested): (Vec<&Json>, Vec<&Json>) = items.iter().partition(|i| i.is_scalar());
        if !scalars.is_empty() {
            scalar_list(&scalars, identifier, out);
        }
        for n in nested {
            text(n, identifier, None, out);
        }
    } else {
        scalar_list(&items.iter().collect::<Vec<_>>(), identifier, out);
    }
}

fn scalar_list(items: &[&Json], identifier: Option<&str>, out: &mut String) {
    match identifier {
        Some(id) => {
            for i in items {
                out.push_str(&format!("{}\t{}\n", id.to_ascii_uppercase(), i.scalar_text()));
            }
        }
        None => {
            out.push_str(&items.iter().map(|i| i.scalar_text()).collect::<Vec<_>>().join("\t"));
            out.push('\n');
        }
    }
}

fn text_dict(members: &[(String, Json)], identifier: Option<&str>, scalar_keys: Option<&[String]>, out: &mut String) {
    let mut sorted: Vec<&(String, Json)> = members.iter().collect();
    crate::sort::sort_by(&mut sorted, |a, b| a.0.cmp(&b.0));
    let (mut scalars, non_scalars): (Vec<String>, Vec<(&str, &Json)>) = match scalar_keys {
        None => (
            sorted.iter().filter(|(_, v)| v.is_scalar()).map(|(_, v)| v.scalar_text()).collect(),
            sorted.iter().filter(|(_, v)| !v.is_scalar()).map(|(k, v)| (k.as_str(), v)).collect(),
        ),
        Some(keys) => (
            keys.iter()
                .map(|k| members.iter().find(|(m, _)| m == k).map(|(_, v)| v.scalar_text()).unwrap_or_default())
                .collect(),
            sorted.iter().filter(|(k, _)| !keys.contains(k)).map(|(k, v)| (k.as_str(), v)).collect(),
        ),
    };
    if !scalars.is_empty() {
        if let Some(id) = identifier {
            scalars.insert(0, id.to_ascii_uppercase());
        }
        out.push_str(&scalars.join("\t"));
        out.push('\n');
    }
    for (k, v) in non_scalars {
        text(v, Some(k), None, out);
    }
}

// ---------------------------------------------------------------- table

/// A boxed table: the title, then `key | value` rows for scalars, a column table for lists of
/// structures, and a sub-table for each nested structure.
fn table(value: &Json, title: &str) -> String {
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut sections = Vec::new();
    match value {
        Json::Object(members) => {
            for (k, v) in members {
                match v {
                    Json::Array(items) if items.iter().all(|i| matches!(i, Json::Object(_))) => {
                        sections.push(column_table(k, items))
                    }
                    Json::Object(_) | Json::Array(_) => sections.push(table(v, k)),
                    scalar => rows.push(vec![k.clone(), scalar.scalar_text()]),
                }
            }
        }
        Json::Array(items) if items.iter().all(|i| matches!(i, Json::Object(_))) => {
            return column_table(title, items);
        }
        Json::Array(items) => rows.extend(items.iter().map(|i| vec![i.scalar_text()])),
        scalar => rows.push(vec![scalar.scalar_text()]),
    }
    let mut out = boxed(title, None, &rows);
    for s in sections {
        out.push_str(&s);
    }
    out
}

fn column_table(title: &str, items: &[Json]) -> String {
    let mut headers: Vec<String> = Vec::new();
    for item in items {
        if let Json::Object(m) = item {
            for (k, v) in m {
                if v.is_scalar() && !headers.contains(k) {
                    headers.push(k.clone());
                }
            }
        }
    }
    let rows: Vec<Vec<String>> = items
        .iter()
        .map(|i| headers.iter().map(|h| i.get(h).map(Json::scalar_text).unwrap_or_default()).collect())
        .collect();
    boxed(title, Some(&headers), &rows)
}

fn boxed(title: &str, headers: Option<&[String]>, rows: &[Vec<String>]) -> String {
    let columns = headers.map(|h| h.len()).unwrap_or_else(|| rows.iter().map(Vec::len).max().unwrap_or(0));
    let width_of = |s: &str| s.chars().count();
    let mut widths = vec![0usize; columns];
    for row in headers.into_iter().map(|h| h.to_vec()).chain(rows.iter().cloned()) {
        for (i, cell) in row.iter().enumerate().take(columns) {
            widths[i] = widths[i].max(width_of(cell));
        }
    }
    let inner = widths.iter().map(|w| w + 2).sum::<usize>() + columns.saturating_sub(1);
    let inner = inner.max(width_of(title) + 2);
    let line = |l: char, r: char| format!("{l}{}{r}\n", "-".repeat(inner));
    let mut out = line('-', '-');
    out.push_str(&format!("|{:^inner$}|\n", title));
    out.push_str(&line('+', '+'));
    let render_row = |row: &[String]| {
        let cells: Vec<String> = (0..columns)
            .map(|i| format!(" {:<w$} ", row.get(i).map(String::as_str).unwrap_or(""), w = widths[i]))
            .collect();
        let body = cells.join("|");
        format!("|{body:<inner$}|\n")
    };
    if let Some(h) = headers {
        out.push_str(&render_row(h));
        out.push_str(&line('+', '+'));
    }
    for row in rows {
        out.push_str(&render_row(row));
    }
    out.push_str(&line('+', '+'));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buckets() -> Json {
        Json::from(serde_json::json!({
            "Buckets": [{"Name": "a", "CreationDate": "2026-01-01T00:00:00+00:00"}],
            "Owner": {"DisplayName": "me", "ID": "42"}
        }))
    }

    #[test]
    fn text_follows_the_cli() {
        assert_eq!(
            render(&buckets(), Format::Text, "ListBuckets"),
            "BUCKETS\t2026-01-01T00:00:00+00:00\ta\nOWNER\tme\t42\n"
        );
        let list = Json::from(serde_json::json!(["a", "b"]));
        assert_eq!(render(&list, Format::Text, ""), "a\tb\n");
    }

    #[test]
    fn empty_output_prints_nothing() {
        assert_eq!(render(&Json::Object(vec![]), Format::Json, "x"), "");
        assert_eq!(render(&Json::String("x".into()), Format::Json, "x"), "\"x\"\n");
    }

    #[test]
    fn tables_box_their_rows() {
        let t = render(&buckets(), Format::Table, "ListBuckets");
        assert!(t.contains("ListBuckets"), "{t}");
        assert!(t.contains("| a "), "{t}");
        let widths: Vec<usize> = t.lines().map(|l| l.chars().count()).collect();
        assert!(t.lines().all(|l| l.starts_with(['|', '-', '+'])), "{t}");
        assert!(widths.iter().all(|w| *w >= 3), "{t}");
    }
}
