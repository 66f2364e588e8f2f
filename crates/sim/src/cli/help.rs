//! `help`, `aws help`, `aws <service> help`, `aws <service> <operation> help`: what Nimbus Lab
//! simulates, read from the services list and the operations' own types.

use super::aws::required_fields;
use super::names::kebab;
use super::shape::{self, Shape};
use crate::services::{ServiceInfo, SERVICES};

/// The terminal's own help (`help`).
pub fn terminal() -> String {
    let text = TERMINAL_HELP.to_string();
    #[cfg(feature = "route53")]
    let text = text.replace(
        "  echo text > file",
        "  dig [@resolver] <name> [type] [+client=<region|lat,lon|ip>] [+short]
                                   DNS through a caching resolver (Route 53 zones)
  echo text > file",
    );
    #[cfg(feature = "route53")]
    let text = text.replace(
        "  clear ",
        "  nimbus resolvers [flush [NAME]]  the caching resolvers, what each holds and for how long
  clear ",
    );
    #[cfg(feature = "cloudhsm")]
    let text = {
        let hsm = "  cloudhsm-cli <command>           the CloudHSM client: activate a cluster, users, keys\n\
                                   (cloudhsm-cli help for its commands)\n";
        let at = text.find("  clear").unwrap_or(text.len());
        format!("{}{hsm}{}", &text[..at], &text[at..])
    };
    text
}

const TERMINAL_HELP: &str = "Nimbus Lab terminal: the AWS CLI against a simulated account, on a simulated clock.

  aws help                         services you can call (aws <service> help for operations)
  aws s3api create-bucket --bucket my-bucket
  aws s3 ls | mb | rb | cp | sync | rm
                                   the high-level S3 commands (cp --recursive, sync --delete)
  curl [-i] [-v] [-s] [-X METHOD] [--dns-servers <resolver>] <url>
                                   HTTP over the simulated network (S3 websites...)
  echo text > file, echo more >> file, cat file, ls, rm file
                                   files for --body, file:// and aws s3 cp
  nimbus time                      the simulated time and the next scheduled event
  nimbus advance 30d               move the clock (s, m, h, d, w, y) and see what ran
  nimbus trail [-n 10]             the last events, with why each ended as it did
  nimbus seed | nimbus reset [--seed N]
  clear                            clear the screen

Global options: --region <region>, --output json|text|table, --query <JMESPath>, --debug.
Tab completes services, operations and parameters.
";

/// `aws help`.
pub fn general() -> String {
    let mut out = String::from("AWS CLI (simulated by Nimbus Lab)\n\nSERVICES\n");
    for s in SERVICES {
        out.push_str(&format!("  {:<24} {} ({} operations)\n", s.cli, s.title, s.operations.len()));
    }
    out.push_str("  s3                       Amazon S3 high-level commands: ls, mb, rb, cp, rm, website\n");
    out.push_str("\nRun `aws <service> help` for its operations.\n");
    out
}

/// `aws <service> help`.
pub fn service(service: &ServiceInfo) -> String {
    let mut out = format!("{} (aws {})\n\nAVAILABLE COMMANDS\n", service.title, service.cli);
    let mut ops: Vec<String> = service.operations.iter().map(|o| kebab(o)).collect();
    crate::sort::sort(&mut ops);
    for op in ops {
        out.push_str(&format!("  o {op}\n"));
    }
    let waiters = super::wait::names(service.cli);
    if !waiters.is_empty() {
        out.push_str("  o wait\n\nWAITERS (aws ");
        out.push_str(service.cli);
        out.push_str(" wait <waiter> ...; they advance the simulated clock between polls)\n");
        for w in waiters {
            out.push_str(&format!("  o {w}\n"));
        }
    }
    out.push_str(&format!("\nRun `aws {} <command> help` for its parameters.\n", service.cli));
    out
}

/// How a shape is written on the command line.
fn syntax(shape: &Shape, depth: usize) -> String {
    match shape.required() {
        Shape::Struct(fields) if depth < 3 => {
            let inner: Vec<String> = fields.iter().map(|(f, s)| format!("{f}={}", syntax(s, depth + 1))).collect();
            if depth == 0 {
                inner.join(",")
            } else {
                format!("{{{}}}", inner.join(","))
            }
        }
        Shape::Struct(_) => "{...}".into(),
        Shape::List(element) => match element.required() {
            Shape::Struct(_) => format!("[{},...]", syntax(element, depth + 1)),
            other => format!("{},{}", other.type_name(), other.type_name()),
        },
        Shape::Map(value) => format!("KeyName1={},KeyName2={}", value.type_name(), value.type_name()),
        Shape::Enum(variants) => variants.join("|"),
        other => other.type_name().into(),
    }
}

/// `aws <service> <operation> help`.
pub fn operation(service: &ServiceInfo, operation: &str) -> String {
    let input = shape::input_shape(service.id, operation);
    let required = required_fields(service, operation, &input);
    let op = kebab(operation);
    let mut out = format!(
        "aws {} {op}\n\n{} {operation}, as Nimbus Lab simulates it.\n\nSYNOPSIS\n  {op}\n",
        service.cli, service.title
    );
    for (field, shape) in input.fields() {
        let flag = format!("--{}", kebab(field));
        let line = match shape.required() {
            Shape::Boolean => format!("{flag} | --no-{}", kebab(field)),
            _ => format!("{flag} <value>"),
        };
        if required.contains(field) {
            out.push_str(&format!("  {line}\n"));
        } else {
            out.push_str(&format!("  [{line}]\n"));
        }
    }
    if shape::streams_output(service.id, operation) {
        out.push_str("  <outfile>\n");
    }
    out.push_str("\nOPTIONS\n");
    for (field, shape) in input.fields() {
        let mut line = format!("  --{} ({})", kebab(field), shape.type_name());
        if required.contains(field) {
            line.push_str(" [required]");
        }
        match shape.required() {
            Shape::Struct(_) | Shape::Map(_) | Shape::List(_) | Shape::Enum(_) => {
                line.push_str(&format!("\n      Syntax: {}", syntax(shape, 0)))
            }
            Shape::Blob if field == super::args::STREAMING_FIELD => {
                line.push_str("\n      A file name: its bytes are sent")
            }
            Shape::Blob => line.push_str("\n      Base64 text, or fileb://<file>"),
            _ => {}
        }
        out.push_str(&line);
        out.push('\n');
    }
    #[cfg(feature = "output-shapes")]
    {
        let output = shape::output_shape(service.id, operation);
        let outputs: Vec<&str> = output.fields().iter().map(|(f, _)| f.as_str()).collect();
        if !outputs.is_empty() {
            out.push_str(&format!("\nOUTPUT\n  {}\n", outputs.join(", ")));
        }
    }
    out
}

/// The services and operations a line can start with, for completion.
pub fn commands() -> Vec<&'static str> {
    let mut commands = vec!["aws", "curl", "echo", "cat", "ls", "rm", "nimbus", "help", "clear"];
    if cfg!(feature = "route53") {
        commands.insert(2, "dig");
    }
    if cfg!(feature = "cloudhsm") {
        commands.push("cloudhsm-cli");
    }
    commands
}
