//! Turns every `content/*.toml` into JSON in OUT_DIR, so the runtime reads content with
//! serde_json (which the app already links) instead of a TOML parser. The conversion is
//! generic (TOML value -> JSON value); the validator still reads the TOML itself, with line
//! numbers, under the `toml-source` feature.

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn to_json(value: toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match value {
        toml::Value::String(s) => J::String(s),
        toml::Value::Integer(i) => J::from(i),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(J::Null, J::Number),
        toml::Value::Boolean(b) => J::Bool(b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(items) => J::Array(items.into_iter().map(to_json).collect()),
        toml::Value::Table(table) => J::Object(table.into_iter().map(|(k, v)| (k, to_json(v))).collect()),
    }
}

fn main() {
    let manifest = env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let out = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let content = Path::new(&manifest).join("content");
    println!("cargo:rerun-if-changed={}", content.display());
    let mut names: Vec<String> = fs::read_dir(&content)
        .expect("crates/learn/content exists")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    names.sort();
    let mut json_list = String::new();
    let mut toml_list = String::new();
    for name in &names {
        let path = content.join(name);
        println!("cargo:rerun-if-changed={}", path.display());
        let text = fs::read_to_string(&path).expect("content files are UTF-8");
        let shown = format!("crates/learn/content/{name}");
        // A file that does not parse becomes `{}` here; the validator's tests report it with its line.
        let json = match text.parse::<toml::Table>() {
            Ok(table) => to_json(toml::Value::Table(table)).to_string(),
            Err(_) => "{}".to_string(),
        };
        let json_name = format!("{}.json", name.trim_end_matches(".toml"));
        fs::write(Path::new(&out).join(&json_name), json).expect("OUT_DIR is writable");
        let _ = writeln!(json_list, "    ({shown:?}, include_str!(concat!(env!(\"OUT_DIR\"), \"/{json_name}\"))),");
        let _ = writeln!(toml_list, "    ({shown:?}, include_str!({:?})),", path.display().to_string());
    }
    let code = format!(
        "/// The content files as JSON (made by build.rs): (path of the TOML source, JSON text).\n\
         pub const CONTENT_JSON: &[(&str, &str)] = &[\n{json_list}];\n\n\
         /// The content files built into Nimbus Lab: (path shown in errors, TOML text).\n\
         #[cfg(feature = \"toml-source\")]\n\
         pub const CONTENT_FILES: &[(&str, &str)] = &[\n{toml_list}];\n"
    );
    fs::write(Path::new(&out).join("content_files.rs"), code).expect("OUT_DIR is writable");
}
