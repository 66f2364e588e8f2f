//! A small bank written for tests: three services' worth of questions over several domains.
#![allow(dead_code)]

use nimbus_learn::Bank;

pub fn question_toml(id: &str, domain: &str, answer: &str) -> String {
    format!(
        r##"
[[question]]
id = "{id}"
service = "s3"
domains = ["{domain}"]
kind = "single"
prompt = "Prompt of {id}?"
answer = ["{answer}"]
explanation = "Because."
doc = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/Welcome.html"
try_it = "#/s3"
choices = [
  {{ id = "a", text = "A", why = "why a" }},
  {{ id = "b", text = "B", why = "why b" }},
  {{ id = "c", text = "C", why = "why c" }},
]
"##
    )
}

pub const DOMAINS: [&str; 4] =
    ["saa-c03-secure", "saa-c03-resilient", "saa-c03-high-performing", "dva-c02-development"];

/// `n` questions cycling over four domains; question `i`'s answer is always "a".
pub fn bank(n: usize) -> Bank {
    let text: String = (0..n).map(|i| question_toml(&format!("q{i}"), DOMAINS[i % 4], "a")).collect();
    Bank::parse("test.toml", &text).expect("the test bank parses")
}

pub fn pick(id: &str) -> Vec<String> {
    vec![id.to_string()]
}
