//! `aws <service> <operation> --param value ...`: the line becomes a [`Request`] (through the
//! input's shape and the coercing deserializer), runs in the World, and prints like the AWS CLI.

use super::args::{self, STREAMING_FIELD};
use super::coerce::{self, CoerceError};
use super::fs::FileSystem;
use super::json::Json;
use super::names::kebab;
use super::output::{self, Format};
use super::query::Query;
use super::shape::{self, Shape};
use super::{help, s3_commands, CommandOutput};
use crate::bytes::Bytes;
use crate::services::{Request, ServiceInfo, SERVICES};
use crate::world::World;
use serde_json::{Map, Value};

/// Exit code of the AWS CLI for a service error.
pub const EXIT_SERVICE_ERROR: i32 = 254;
/// Exit code of the AWS CLI for a usage or parameter error.
pub const EXIT_USAGE: i32 = 252;

pub const USAGE: &str = "usage: aws [options] <command> <subcommand> [<subcommand> ...] [parameters]
To see help text, you can run:

  aws help
  aws <command> help
  aws <command> <subcommand> help
";

/// Options every command accepts, wherever they appear on the line.
#[derive(Clone, Debug, PartialEq)]
pub struct GlobalOptions {
    pub region: Option<String>,
    pub output: Format,
    pub query: Option<Query>,
    pub debug: bool,
}

impl Default for GlobalOptions {
    fn default() -> Self {
        GlobalOptions { region: None, output: Format::Json, query: None, debug: false }
    }
}

const VALUED_GLOBALS: &[&str] =
    &["--region", "--output", "--query", "--profile", "--endpoint-url", "--color", "--cli-read-timeout"];
const FLAG_GLOBALS: &[&str] =
    &["--no-cli-pager", "--debug", "--no-paginate", "--no-verify-ssl", "--no-sign-request", "--no-cli-auto-prompt"];

/// A failure before any call: the message for stderr and the exit code.
#[derive(Clone, Debug, PartialEq)]
pub struct Failure {
    pub message: String,
    pub exit_code: i32,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Self {
        Failure { message: message.into(), exit_code: EXIT_USAGE }
    }
    fn with_usage(line: &str) -> Self {
        Failure::usage(format!("{USAGE}\n{line}"))
    }
    pub fn into_output(self) -> CommandOutput {
        let mut message = self.message;
        if !message.ends_with('\n') {
            message.push('\n');
        }
        CommandOutput { stdout: String::new(), stderr: message, exit_code: self.exit_code }
    }
}

/// Takes the global options out of `words`.
pub fn take_globals(words: &[String]) -> Result<(GlobalOptions, Vec<String>), Failure> {
    let mut globals = GlobalOptions::default();
    let mut rest = Vec::new();
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        let (name, inline) = match word.split_once('=') {
            Some((n, v)) if word.starts_with("--") => (n, Some(v.to_string())),
            _ => (word.as_str(), None),
        };
        if FLAG_GLOBALS.contains(&name) {
            globals.debug |= name == "--debug";
            continue;
        }
        if !VALUED_GLOBALS.contains(&name) {
            rest.push(word.clone());
            continue;
        }
        let value = match inline {
            Some(v) => v,
            None if i < words.len() => {
                i += 1;
                words[i - 1].clone()
            }
            None => return Err(Failure::usage(format!("aws: error: argument {name}: expected one argument"))),
        };
        match name {
            "--region" => globals.region = Some(value),
            "--output" => globals.output = Format::parse(&value).map_err(Failure::usage)?,
            "--query" => globals.query = Some(Query::parse(&value).map_err(Failure::usage)?),
            _ => {}
        }
    }
    Ok((globals, rest))
}

pub fn find_service(cli_name: &str) -> Option<&'static ServiceInfo> {
    SERVICES.iter().find(|s| s.cli == cli_name)
}

pub fn find_operation(service: &ServiceInfo, word: &str) -> Option<&'static str> {
    service.operations.iter().copied().find(|op| kebab(op) == word)
}

fn invalid_choice(what: &str, choices: impl Iterator<Item = String>) -> Failure {
    let list: Vec<String> = choices.collect();
    Failure::with_usage(&format!(
        "aws: error: argument {what}: Invalid choice, valid choices are:\n\n{}",
        list.join(" | ")
    ))
}

/// One parsed service call.
#[derive(Clone, Debug)]
pub struct ServiceCall {
    pub service: &'static ServiceInfo,
    pub operation: &'static str,
    pub request: Request,
    /// Where a streaming output (get-object's body) goes.
    pub outfile: Option<String>,
}

/// What `aws <words>` (after the globals) asks for.
pub enum AwsCommand {
    Call(Box<ServiceCall>),
    Help(String),
    S3(Vec<String>),
    /// `aws <service> wait <waiter> …`: the service's CLI name and the words after `wait`.
    Wait(&'static str, Vec<String>),
}

/// Parses the words after `aws` (globals already taken out).
pub fn parse(words: &[String], fs: &dyn FileSystem) -> Result<AwsCommand, Failure> {
    let Some(first) = words.first() else {
        return Err(Failure::with_usage("aws: error: the following arguments are required: command"));
    };
    match first.as_str() {
        "help" => return Ok(AwsCommand::Help(help::general())),
        "--version" => return Ok(AwsCommand::Help("aws-cli/2.22.0 Nimbus Lab (simulated AWS)\n".into())),
        "s3" => return Ok(AwsCommand::S3(words[1..].to_vec())),
        _ => {}
    }
    let Some(service) = find_service(first) else {
        let choices = SERVICES.iter().map(|s| s.cli.to_string()).chain(["s3".to_string()]);
        return Err(invalid_choice("command", choices));
    };
    let Some(op_word) = words.get(1) else {
        return Err(Failure::with_usage("aws: error: the following arguments are required: operation"));
    };
    if op_word == "help" {
        return Ok(AwsCommand::Help(help::service(service)));
    }
    if op_word == "wait" && !super::wait::names(service.cli).is_empty() {
        return Ok(AwsCommand::Wait(service.cli, words[2..].to_vec()));
    }
    let Some(operation) = find_operation(service, op_word) else {
        return Err(invalid_choice("operation", service.operations.iter().map(|o| kebab(o))));
    };
    if words.get(2).is_some_and(|w| w == "help") {
        return Ok(AwsCommand::Help(help::operation(service, operation)));
    }
    let input_shape = shape::input_shape(service.id, operation);
    #[cfg(feature = "ec2")]
    let words = &ec2_count(service.id, operation, words)?;
    #[cfg(feature = "ec2")]
    let words = &ec2_acl_direction(service.id, operation, words);
    #[cfg(feature = "sns")]
    let words = &sns_notification_endpoint(service.id, operation, words);
    #[cfg(feature = "lambda")]
    let words = &lambda_zip_file(service.id, operation, words, fs)?;
    let parsed = args::parse_operation_args(&input_shape, &words[2..], fs).map_err(Failure::usage)?;
    let streams_output = shape::streams_output(service.id, operation);
    let mut positionals = parsed.positionals.into_iter();
    let outfile = if streams_output { positionals.next() } else { None };
    let mut unknown = parsed.unknown;
    unknown.extend(positionals);
    if !unknown.is_empty() {
        return Err(Failure::with_usage(&format!("Unknown options: {}", unknown.join(", "))));
    }
    let request = build_request(service, operation, &input_shape, parsed.input)?;
    if streams_output && outfile.is_none() {
        return Err(Failure::with_usage("aws: error: the following arguments are required: outfile"));
    }
    Ok(AwsCommand::Call(Box::new(ServiceCall { service, operation, request, outfile })))
}

/// `aws ec2 run-instances --count N` (or `N:M`): the AWS CLI's shorthand for MinCount and
/// MaxCount, which it sends as 1 and 1 when neither is given.
#[cfg(feature = "ec2")]
fn ec2_count(service: &str, operation: &str, words: &[String]) -> Result<Vec<String>, Failure> {
    let mut out = Vec::with_capacity(words.len() + 2);
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        let value = match word.strip_prefix("--count") {
            Some("") if service == "Ec2" && operation == "RunInstances" => match words.get(i) {
                Some(v) => {
                    i += 1;
                    v.clone()
                }
                None => return Err(Failure::usage("aws: error: argument --count: expected one argument")),
            },
            Some(rest) if service == "Ec2" && operation == "RunInstances" && rest.starts_with('=') => {
                rest[1..].to_string()
            }
            _ => {
                out.push(word.clone());
                continue;
            }
        };
        let (min, max) = value.split_once(':').unwrap_or((&value, &value));
        let ok = |n: &str| n.parse::<u32>().is_ok_and(|n| n >= 1);
        if !ok(min) || !ok(max) {
            return Err(Failure::usage(format!(
                "aws: error: argument --count: count must be a positive integer or a range MIN:MAX, not '{value}'"
            )));
        }
        out.extend(["--min-count".to_string(), min.to_string(), "--max-count".to_string(), max.to_string()]);
    }
    Ok(out)
}

/// `aws lambda create-function --zip-file fileb://f.zip`: the AWS CLI's way to give
/// `Code.ZipFile` from a file.
#[cfg(feature = "lambda")]
fn lambda_zip_file(
    service: &str,
    operation: &str,
    words: &[String],
    fs: &dyn FileSystem,
) -> Result<Vec<String>, Failure> {
    if service != "Lambda" || operation != "CreateFunction" {
        return Ok(words.to_vec());
    }
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let word = &words[i];
        i += 1;
        let value = match word.strip_prefix("--zip-file") {
            Some("") => match words.get(i) {
                Some(v) => {
                    i += 1;
                    v.clone()
                }
                None => return Err(Failure::usage("aws: error: argument --zip-file: expected one argument")),
            },
            Some(rest) if rest.starts_with('=') => rest[1..].to_string(),
            _ => {
                out.push(word.clone());
                continue;
            }
        };
        let path = value.strip_prefix("fileb://").unwrap_or(&value);
        let bytes = fs.read(path).map_err(|e| {
            Failure::usage(format!(
                "\nError parsing parameter '--zip-file': Unable to load paramfile {value}: [Errno 2] No such file or directory: '{path}' ({e})"
            ))
        })?;
        let code = serde_json::json!({ "ZipFile": crate::bytes::Bytes(bytes).to_base64() });
        out.extend(["--code".to_string(), code.to_string()]);
    }
    Ok(out)
}

/// `aws sns subscribe --notification-endpoint`: the AWS CLI's name for Subscribe's Endpoint.
#[cfg(feature = "sns")]
fn sns_notification_endpoint(service: &str, operation: &str, words: &[String]) -> Vec<String> {
    let subscribe = service == "Sns" && operation == "Subscribe";
    words
        .iter()
        .map(|w| match w.strip_prefix("--notification-endpoint") {
            Some(rest) if subscribe && (rest.is_empty() || rest.starts_with('=')) => format!("--endpoint{rest}"),
            _ => w.clone(),
        })
        .collect()
}

/// `--ingress` on the network ACL entry calls: the AWS CLI's opposite of `--egress` (the API has
/// only the Egress flag).
#[cfg(feature = "ec2")]
fn ec2_acl_direction(service: &str, operation: &str, words: &[String]) -> Vec<String> {
    let acl_entry = service == "Ec2" && operation.ends_with("NetworkAclEntry");
    words.iter().map(|w| if acl_entry && w == "--ingress" { "--no-egress".to_string() } else { w.clone() }).collect()
}

/// `{"S3": {"CreateBucket": input}}`.
fn wrap(service: &ServiceInfo, operation: &str, input: Value) -> Value {
    let mut op = Map::new();
    op.insert(operation.to_string(), input);
    let mut outer = Map::new();
    outer.insert(service.id.to_string(), Value::Object(op));
    Value::Object(outer)
}

fn build_request(
    service: &ServiceInfo,
    operation: &str,
    input_shape: &Shape,
    input: Map<String, Value>,
) -> Result<Request, Failure> {
    let given: Vec<String> = input.keys().cloned().collect();
    coerce::from_value::<Request>(&wrap(service, operation, Value::Object(input))).map_err(|e| match &e {
        CoerceError::Missing { .. } if e.path().is_empty() => {
            let mut missing: Vec<String> = required_fields(service, operation, input_shape)
                .into_iter()
                .filter(|f| !given.contains(f))
                .map(|f| format!("--{}", kebab(&f)))
                .collect();
            if missing.is_empty() {
                if let CoerceError::Missing { field, .. } = &e {
                    missing.push(format!("--{}", kebab(field)));
                }
            }
            Failure::with_usage(&format!("aws: error: the following arguments are required: {}", missing.join(", ")))
        }
        _ => Failure::usage(format!("\nParameter validation failed:\n{e}")),
    })
}

/// The input fields without which the input does not deserialize (serde's "missing field").
pub fn required_fields(service: &ServiceInfo, operation: &str, input_shape: &Shape) -> Vec<String> {
    let Value::Object(skeleton) = input_shape.skeleton() else { return Vec::new() };
    input_shape
        .fields()
        .iter()
        .map(|(f, _)| f)
        .filter(|f| {
            let mut without = skeleton.clone();
            without.remove(f.as_str());
            matches!(
                coerce::from_value::<Request>(&wrap(service, operation, Value::Object(without))),
                Err(CoerceError::Missing { field, .. }) if field == **f
            )
        })
        .cloned()
        .collect()
}

/// Parses an `aws ...` line into the request it makes (labs, reference solutions).
pub fn parse_aws_line(line: &str, fs: &dyn FileSystem) -> Result<(Request, Option<String>), String> {
    let words = super::tokenize::split_words(line)?;
    if words.first().map(String::as_str) != Some("aws") {
        return Err(format!("not an aws command: {line}"));
    }
    let (globals, rest) = take_globals(&words[1..]).map_err(|f| f.message)?;
    match parse(&rest, fs).map_err(|f| f.message.trim().to_string())? {
        AwsCommand::Call(call) => Ok((call.request, globals.region)),
        AwsCommand::Help(_) => Err("a help command makes no request".into()),
        AwsCommand::S3(_) => Err("`aws s3` commands make several requests; write the aws s3api calls".into()),
        AwsCommand::Wait(..) => Err("a waiter makes many requests while the clock advances".into()),
    }
}

/// Runs `aws ...` (the words after `aws`).
pub fn run(world: &mut World, fs: &mut dyn FileSystem, words: &[String]) -> CommandOutput {
    let (globals, rest) = match take_globals(words) {
        Ok(x) => x,
        Err(f) => return f.into_output(),
    };
    match parse(&rest, &*fs) {
        Err(f) => f.into_output(),
        Ok(AwsCommand::Help(text)) => CommandOutput::ok(text),
        Ok(AwsCommand::S3(words)) => s3_commands::run(world, fs, &globals, &words),
        Ok(AwsCommand::Wait(service, words)) => super::wait::run(world, fs, &globals, service, &words),
        Ok(AwsCommand::Call(call)) => run_call(world, fs, &globals, *call),
    }
}

/// `An error occurred (Code) when calling the Op operation: message`, as the CLI prints it.
pub fn service_error_line(operation: &str, e: &crate::ApiError) -> String {
    format!("An error occurred ({}) when calling the {operation} operation: {}", e.code, e.message)
}

fn run_call(world: &mut World, fs: &mut dyn FileSystem, globals: &GlobalOptions, call: ServiceCall) -> CommandOutput {
    let region = globals.region.clone().unwrap_or_else(|| world.default_region.clone());
    let mut stderr = String::new();
    if globals.debug {
        stderr.push_str(&format!(
            "DEBUG - Calling {}.{} in {region} with params: {}\n",
            call.service.id,
            call.operation,
            call.request.input_json()
        ));
    }
    let result = world.call_in(&region, call.request);
    if globals.debug {
        if let Some(event) = world.trail().last() {
            stderr.push_str(&format!("DEBUG - Nimbus Lab trail: {}\n", event.why));
        }
    }
    let response = match result {
        Ok(r) => r,
        Err(e) => {
            stderr.push_str(&format!("\n{}\n", service_error_line(call.operation, &e)));
            return CommandOutput { stdout: String::new(), stderr, exit_code: EXIT_SERVICE_ERROR };
        }
    };
    let mut output = Json::of(&response).unwrap_single(2);
    if let (Some(outfile), Json::Object(members)) = (&call.outfile, &mut output) {
        let body = members.iter().position(|(k, _)| k == STREAMING_FIELD).map(|i| members.remove(i).1);
        let bytes = body.as_ref().and_then(Json::as_str).and_then(|b| Bytes::from_base64(b).ok()).unwrap_or_default();
        if let Err(e) = fs.write(outfile, bytes.as_slice()) {
            stderr.push_str(&format!("\n[Errno 2] {e}\n"));
            return CommandOutput { stdout: String::new(), stderr, exit_code: 255 };
        }
    }
    let output = match &globals.query {
        Some(q) => q.apply(&output),
        None => output,
    };
    CommandOutput { stdout: output::render(&output, globals.output, call.operation), stderr, exit_code: 0 }
}
