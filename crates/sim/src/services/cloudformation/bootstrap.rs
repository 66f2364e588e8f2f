//! What a simulated instance's user data does for CloudFormation: its `cfn-signal` lines. The
//! script is not a shell: each line is one command that succeeds, except `false` (status 1),
//! `exit N` (ends the script) and `cfn-signal` itself. `$?` is the status of the line before,
//! so the usual `cfn-init ...` then `cfn-signal -e $? ...` signals SUCCESS, and a learner who
//! writes `false` before it, or `-e 1`, sees the FAILURE path.

use super::signals::{self, Signal, SignalStatus};
use crate::services::cloudformation::ops::SignalResourceRequest;
use crate::services::{cloudformation::CloudFormationRequest, Request};
use crate::world::World;

/// Where a `cfn-signal` line sends its signal.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    /// `--stack S --resource R [--region X]`: SignalResource.
    Resource { stack: String, resource: String, region: Option<String> },
    /// A wait condition handle's URL.
    Handle(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct OutgoingSignal {
    pub target: Target,
    pub status: SignalStatus,
    pub reason: Option<String>,
    pub data: Option<String>,
    /// `-i`/`--id`; the instance id when absent.
    pub unique_id: Option<String>,
}

/// User data as the instance reads it (EC2's own reading, shared with what listens on it).
pub use crate::services::ec2::reach::script_text;

/// The signals a script sends, in order. Lines `cfn-signal` cannot read (a missing target, an
/// exit code that is not a number) send nothing, as the real helper exits with a usage error.
pub fn signals_of(script: &str) -> Vec<OutgoingSignal> {
    let joined = script.replace("\\\r\n", " ").replace("\\\n", " ");
    let mut status = 0;
    let mut out = Vec::new();
    for line in joined.lines() {
        let Ok(words) = crate::cli::tokenize::parse_command(line.trim()).map(|c| c.words) else {
            status = 0;
            continue;
        };
        let Some(first) = words.first() else { continue };
        let program = first.rsplit('/').next().unwrap_or(first);
        status = match program {
            "cfn-signal" => {
                if let Some(signal) = cfn_signal(&words[1..], status) {
                    out.push(signal);
                }
                0
            }
            "false" => 1,
            "exit" => break,
            _ => 0,
        };
    }
    out
}

/// One `cfn-signal` invocation's options.
fn cfn_signal(args: &[String], last_status: i32) -> Option<OutgoingSignal> {
    let mut exit_code: Option<i32> = None;
    let mut success: Option<bool> = None;
    let (mut stack, mut resource, mut region, mut reason, mut data, mut id, mut url) =
        (None, None, None, None, None, None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if !arg.starts_with('-') {
            url = Some(arg.clone());
            continue;
        }
        // Every option cfn-signal knows takes a value, as `--opt value` or `--opt=value`.
        let (flag, value) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, v.to_string()),
            _ => (arg.as_str(), args.next()?.clone()),
        };
        match flag {
            "-e" | "--exit-code" => exit_code = Some(if value == "$?" { last_status } else { value.parse().ok()? }),
            "-s" | "--success" => success = Some(value.eq_ignore_ascii_case("true")),
            "--stack" => stack = Some(value),
            "--resource" => resource = Some(value),
            "--region" => region = Some(value),
            "-r" | "--reason" => reason = Some(value),
            "-d" | "--data" => data = Some(value),
            "-i" | "--id" => id = Some(value),
            "--url" | "--role" | "--https-proxy" | "--access-key" | "--secret-key" | "--credential-file" => {}
            _ => return None,
        }
    }
    let ok = success.unwrap_or(true) && exit_code.unwrap_or(0) == 0;
    let target = match (stack, resource, url) {
        (Some(stack), Some(resource), _) => Target::Resource { stack, resource, region },
        (_, _, Some(url)) => Target::Handle(url),
        _ => return None,
    };
    Some(OutgoingSignal {
        target,
        status: if ok { SignalStatus::Success } else { SignalStatus::Failure },
        reason,
        data,
        unique_id: id,
    })
}

/// Runs the `cfn-signal` lines of an instance's user data now: each signal goes where it
/// names, and the answer (or refusal) is returned for the trail, one line per signal.
pub(crate) fn run_user_data(world: &mut World, instance_id: &str, region: &str, user_data: &str) -> Vec<String> {
    let mut report = Vec::new();
    for s in signals_of(&script_text(user_data)) {
        let unique_id = s.unique_id.clone().unwrap_or_else(|| instance_id.to_string());
        let status = s.status.as_str();
        match s.target {
            Target::Resource { stack, resource, region: to } => {
                let request = Request::CloudFormation(CloudFormationRequest::SignalResource(SignalResourceRequest {
                    stack_name: stack.clone(),
                    logical_resource_id: resource.clone(),
                    unique_id,
                    status: s.status,
                }));
                let answer = match world.call_in(to.as_deref().unwrap_or(region), request) {
                    Ok(_) => "accepted".to_string(),
                    Err(e) => format!("{}: {}", e.code, e.message),
                };
                report.push(format!("cfn-signal {status} to {stack}/{resource}: {answer}"));
            }
            Target::Handle(url) => {
                let signal = Signal { unique_id, status: s.status, reason: s.reason, data: s.data, at: world.now() };
                let answer = signals::signal_handle(world, &url, signal).unwrap_or_else(|e| e);
                report.push(format!("cfn-signal {status} to a wait condition handle: {answer}"));
            }
        }
    }
    report
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(stack: &str, resource: &str) -> Target {
        Target::Resource { stack: stack.into(), resource: resource.into(), region: Some("us-east-1".into()) }
    }

    #[test]
    fn cfn_init_then_signal_with_its_status_is_a_success() {
        let script = "#!/bin/bash -xe\nyum update -y aws-cfn-bootstrap\n/opt/aws/bin/cfn-init -v --stack web \\\n  --resource Server --region us-east-1\n/opt/aws/bin/cfn-signal -e $? --stack web --resource Server --region us-east-1\n";
        let s = signals_of(script);
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].target, resource("web", "Server"));
        assert_eq!(s[0].status, SignalStatus::Success);
    }

    #[test]
    fn a_failing_line_before_signal_sends_failure() {
        let s = signals_of("false\ncfn-signal -e $? --stack web --resource Server");
        assert_eq!(s[0].status, SignalStatus::Failure);
        let s = signals_of("cfn-signal --exit-code=3 --stack web --resource Server");
        assert_eq!(s[0].status, SignalStatus::Failure);
        let s = signals_of("cfn-signal --success false --stack web --resource Server");
        assert_eq!(s[0].status, SignalStatus::Failure);
    }

    #[test]
    fn handle_urls_reason_data_and_id_are_read() {
        let s = signals_of("cfn-signal -e 1 -r 'Configuration failed.' -d done -i node1 'https://h.example/x?y=1'");
        assert_eq!(s[0].target, Target::Handle("https://h.example/x?y=1".into()));
        assert_eq!(s[0].reason.as_deref(), Some("Configuration failed."));
        assert_eq!(s[0].data.as_deref(), Some("done"));
        assert_eq!(s[0].unique_id.as_deref(), Some("node1"));
    }

    #[test]
    fn exit_ends_the_script_and_unreadable_lines_send_nothing() {
        assert!(signals_of("exit 1\ncfn-signal -e 0 --stack a --resource B").is_empty());
        assert!(signals_of("cfn-signal -e notanumber --stack a --resource B").is_empty());
        assert!(signals_of("cfn-signal -e 0").is_empty());
        assert!(signals_of("cfn-signal --bogus --stack a --resource B").is_empty());
    }

    #[test]
    fn base64_user_data_is_decoded() {
        use base64::Engine;
        let encoded = base64::engine::general_purpose::STANDARD.encode("cfn-signal -e 0 --stack a --resource B");
        assert_eq!(signals_of(&script_text(&encoded)).len(), 1);
        assert_eq!(script_text("echo plain"), "echo plain");
    }

    proptest::proptest! {
        #[test]
        fn scripts_never_panic(script in "(cfn-signal|false|exit| -e| \\$\\?| --stack| x| '|\"|=|\\\\|\n){0,30}") {
            let _ = signals_of(&script);
        }
    }
}
