// TEMPORARY (not committed): stands in for nimbus_sim::cli until it lands.
use nimbus_sim::{Bytes, Request, World};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
pub struct CommandOutput {
    pub stdout: String,
    pub stderr: String,
    pub exit_code: i32,
}
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemoryFs {
    pub files: BTreeMap<String, Bytes>,
}
pub fn run_line(world: &mut World, _fs: &mut MemoryFs, line: &str) -> CommandOutput {
    if line == "aws s3api list-buckets" {
        let r = world.call(Request::S3(nimbus_sim::services::s3::S3Request::ListBuckets(Default::default())));
        return CommandOutput {
            stdout: format!("{:?}", r.map(|r| r.output_json().to_string())),
            stderr: String::new(),
            exit_code: 0,
        };
    }
    CommandOutput { stdout: String::new(), stderr: format!("shim: {line}"), exit_code: 1 }
}
pub fn complete(line: &str) -> Vec<String> {
    vec![format!("{line}-bucket"), format!("{line}-object")]
}
pub fn cli_line_for(r: &Request) -> String {
    format!("aws s3api {} --shim", r.operation())
}
