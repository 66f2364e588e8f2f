//! CloudFormation "predict the outcome" generators: what CreateStack checks before it starts
//! (the stack name, a name already in use, references to resources the template does not
//! declare).

use super::lines::LineBuilder;
use super::{build_question, GeneratedQuestion, Template};
use crate::domain::Domain;
use crate::seeded::SeededRng;

const DOC_CREATE: &str = "https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_CreateStack.html";
const QUEUE: &str = r#"'{"Resources":{"Jobs":{"Type":"AWS::SQS::Queue"}}}'"#;
const BAD_REF: &str =
    r#"'{"Resources":{"Jobs":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":{"Ref":"JobsName"}}}}}'"#;
const BAD_GETATT: &str = r#"'{"Resources":{"Jobs":{"Type":"AWS::SQS::Queue","Properties":{"RedrivePolicy":{"deadLetterTargetArn":{"Fn::GetAtt":["Failed","Arn"]},"maxReceiveCount":3}}}}}'"#;
const GOOD_GETATT: &str = r#"'{"Resources":{"Failed":{"Type":"AWS::SQS::Queue"},"Jobs":{"Type":"AWS::SQS::Queue","Properties":{"RedrivePolicy":{"deadLetterTargetArn":{"Fn::GetAtt":["Failed","Arn"]},"maxReceiveCount":3}}}}}'"#;

pub const GENERATORS: &[(&str, super::s3::Generator)] = &[("create-stack", create_stack)];

/// CreateStack after a stack called `jobs` was created, with one of several names and templates.
pub fn create_stack(seed: u64) -> Result<GeneratedQuestion, String> {
    let mut rng = SeededRng::new(seed);
    let mut b = LineBuilder::new(seed);
    b.run(&format!("aws cloudformation create-stack --stack-name jobs --template-body {QUEUE}"))?;
    let (name, template) = match rng.below(6) {
        0 => ("jobs", QUEUE),
        1 => ("jobs-2", QUEUE),
        2 => ("2nd-jobs", QUEUE),
        3 => ("reports", BAD_REF),
        4 => ("reports", BAD_GETATT),
        _ => ("reports", GOOD_GETATT),
    };
    let scenario = b.finish(
        &format!("aws cloudformation create-stack --stack-name {name} --template-body {template}"),
        &[
            "Succeeds",
            "Fails with AlreadyExistsException",
            "Fails with ValidationError",
            "Fails with InsufficientCapabilitiesException",
            "Fails with LimitExceededException",
        ],
    )?;
    let template = Template {
        id: format!("gen-cloudformation-create-stack-{seed}"),
        service: "cloudformation",
        domains: vec![Domain::DvaC02Deployment, Domain::DvaC02Troubleshooting],
        intro: "A stack named jobs, holding one SQS queue, was created a minute ago.".into(),
        doc: DOC_CREATE,
    };
    build_question(template, scenario, seed)
}
