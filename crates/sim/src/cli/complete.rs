//! Tab completion: whole-line candidates for commands, services, operations and parameters.

use super::aws::{find_operation, find_service, take_globals};
use super::names::{kebab, same_name};
use super::shape::{self, Shape};
use super::tokenize::split_words;
use crate::services::SERVICES;

const S3_SUBCOMMANDS: &[&str] = &["ls", "mb", "rb", "cp", "rm", "website"];
const NIMBUS_SUBCOMMANDS: &[&str] = &["time", "advance", "trail", "seed", "reset", "resolvers"];

/// Every full line the partial last word of `line` can complete to (each ending in a space),
/// sorted; empty when nothing fits.
pub fn complete(line: &str) -> Vec<String> {
    let (head, partial) = match line.char_indices().rev().find(|(_, c)| c.is_whitespace()) {
        Some((i, c)) => line.split_at(i + c.len_utf8()),
        None => ("", line),
    };
    let Ok(words) = split_words(head) else { return Vec::new() };
    let mut candidates: Vec<String> = candidates_after(&words).into_iter().filter(|c| c.starts_with(partial)).collect();
    crate::sort::sort(&mut candidates);
    candidates.dedup();
    candidates.into_iter().map(|c| format!("{head}{c} ")).collect()
}

fn owned(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

fn candidates_after(words: &[String]) -> Vec<String> {
    let Some(first) = words.first() else { return owned(&super::help::commands()) };
    match first.as_str() {
        "nimbus" if words.len() == 1 => owned(NIMBUS_SUBCOMMANDS),
        #[cfg(feature = "route53")]
        "dig" if words.len() > 1 => owned(super::dig::OPTIONS),
        "aws" => aws_candidates(&words[1..]),
        _ => Vec::new(),
    }
}

fn aws_candidates(words: &[String]) -> Vec<String> {
    let Ok((_, words)) = take_globals(words) else { return Vec::new() };
    match words.as_slice() {
        [] => SERVICES.iter().map(|s| s.cli.to_string()).chain(owned(&["s3", "help"])).collect(),
        [s3] if s3 == "s3" => owned(S3_SUBCOMMANDS),
        [service] => match find_service(service) {
            Some(info) => info.operations.iter().map(|o| kebab(o)).chain(["help".to_string()]).collect(),
            None => Vec::new(),
        },
        [service, op, given @ ..] => {
            let Some(info) = find_service(service) else { return Vec::new() };
            let Some(operation) = find_operation(info, op) else { return Vec::new() };
            let input = shape::input_shape(info.id, operation);
            let is_given = |field: &str| {
                given
                    .iter()
                    .any(|g| g.strip_prefix("--").is_some_and(|g| same_name(g.split('=').next().unwrap_or(""), field)))
            };
            input
                .fields()
                .iter()
                .filter(|(f, _)| !is_given(f))
                .flat_map(|(f, s)| {
                    let mut flags = vec![format!("--{}", kebab(f))];
                    if *s.required() == Shape::Boolean {
                        flags.push(format!("--no-{}", kebab(f)));
                    }
                    flags
                })
                .collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn services_operations_and_parameters() {
        assert_eq!(complete("aws s3a"), ["aws s3api "]);
        assert_eq!(complete("aws s3api cr"), ["aws s3api create-bucket "]);
        assert!(complete("a").contains(&"aws ".to_string()));
        let params = complete("aws s3api put-object --bucket b ");
        assert!(params.contains(&"aws s3api put-object --bucket b --key ".to_string()), "{params:?}");
        assert!(!params.iter().any(|p| p.ends_with("--bucket ")), "{params:?}");
        assert_eq!(complete("aws s3api list-objects-v2 --fe"), ["aws s3api list-objects-v2 --fetch-owner "]);
        assert_eq!(complete("nimbus adv"), ["nimbus advance "]);
        assert_eq!(complete("aws s3 m"), ["aws s3 mb "]);
        assert!(complete("aws nope ").is_empty());
        // A non-breaking space is a multi-byte separator.
        assert_eq!(complete("aws\u{a0}s3a"), ["aws\u{a0}s3api "]);
    }

    proptest! {
        #[test]
        fn never_panics(line in "\\PC{0,40}") {
            for c in complete(&line) {
                prop_assert!(c.ends_with(' '));
            }
        }
    }
}
