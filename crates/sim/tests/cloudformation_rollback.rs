//! CancelUpdateStack rolls a running update back ("User Initiated"); a rollback that cannot put
//! a resource back (deleted by hand) ends in UPDATE_ROLLBACK_FAILED, and ContinueUpdateRollback
//! with ResourcesToSkip finishes it.

mod common;

use common::ec2::Term;
use nimbus_sim::cli::FileSystem;
use nimbus_sim::time::SimDuration;

/// The shared terminal, with what these tests read from a stack.
struct Lab {
    t: Term,
}

impl Lab {
    fn new() -> Self {
        Lab { t: Term::new(31) }
    }

    fn file(&mut self, name: &str, body: &str) {
        self.t.fs.write(name, body.as_bytes()).unwrap();
    }

    fn settle(&mut self) {
        self.t.world.advance(SimDuration::minutes(30));
    }

    fn stack(&mut self) -> (String, String) {
        let s = &self.t.json("aws cloudformation describe-stacks --stack-name app")["Stacks"][0];
        (
            s["StackStatus"].as_str().unwrap().to_string(),
            s["StackStatusReason"].as_str().unwrap_or_default().to_string(),
        )
    }

    fn resource_status(&mut self, logical_id: &str) -> String {
        let r = self.t.json(&format!(
            "aws cloudformation describe-stack-resources --stack-name app --logical-resource-id {logical_id}"
        ));
        r["StackResources"][0]["ResourceStatus"].as_str().unwrap().to_string()
    }
}

const V1: &str = "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties: {BucketName: app-data-rollback}\n";

#[test]
fn cancel_update_stack_rolls_back_what_was_in_flight() {
    let mut lab = Lab::new();
    lab.file("v1.yaml", V1);
    lab.file(
        "v2.yaml",
        &format!("{V1}  Web:\n    Type: AWS::EC2::Instance\n    Properties: {{ImageId: ami-0abcdef1234567890}}\n"),
    );
    let early = lab.t.run("aws cloudformation cancel-update-stack --stack-name app");
    assert!(early.stderr.contains("Stack with id app does not exist"), "{}", early.stderr);
    lab.t.ok("aws cloudformation create-stack --stack-name app --template-body file://v1.yaml");
    lab.settle();
    let idle = lab.t.run("aws cloudformation cancel-update-stack --stack-name app");
    assert!(
        idle.stderr.contains("(ValidationError) when calling the CancelUpdateStack operation: CancelUpdateStack cannot be called from current stack status"),
        "{}",
        idle.stderr
    );
    lab.t.ok("aws cloudformation update-stack --stack-name app --template-body file://v2.yaml");
    lab.t.world.advance(SimDuration::seconds(10));
    assert_eq!(lab.resource_status("Web"), "CREATE_IN_PROGRESS");
    lab.t.ok("aws cloudformation cancel-update-stack --stack-name app");
    // Nothing was changed in place, so the rollback goes straight to deleting what the update
    // made; the events say why it rolled back.
    assert_eq!(lab.stack().0, "UPDATE_ROLLBACK_COMPLETE_CLEANUP_IN_PROGRESS");
    let events = lab.t.json("aws cloudformation describe-stack-events --stack-name app")["StackEvents"].clone();
    let reason_of = |logical: &str, status: &str| {
        events.as_array().unwrap().iter().find_map(|e| {
            (e["LogicalResourceId"] == logical && e["ResourceStatus"] == status)
                .then(|| e["ResourceStatusReason"].as_str().unwrap_or_default().to_string())
        })
    };
    assert_eq!(reason_of("app", "UPDATE_ROLLBACK_IN_PROGRESS").as_deref(), Some("User Initiated"));
    assert_eq!(reason_of("Web", "CREATE_FAILED").as_deref(), Some("Resource creation cancelled"));
    lab.settle();
    assert_eq!(lab.stack().0, "UPDATE_ROLLBACK_COMPLETE");
    let d = lab.t.json("aws ec2 describe-instances");
    assert_eq!(d["Reservations"][0]["Instances"][0]["State"]["Name"], "terminated");
    let resources = lab.t.json("aws cloudformation describe-stack-resources --stack-name app");
    assert_eq!(resources["StackResources"].as_array().unwrap().len(), 1);
}

#[test]
fn a_rollback_that_cannot_restore_a_deleted_bucket_fails_until_it_is_skipped() {
    let mut lab = Lab::new();
    lab.file("v1.yaml", V1);
    // The update turns versioning on, then a queue marked to fail makes it roll back.
    lab.file(
        "v2.yaml",
        "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: app-data-rollback\n      VersioningConfiguration: {Status: Enabled}\n  Jobs:\n    Type: AWS::SQS::Queue\n    DependsOn: Data\n    Metadata: {Nimbus: {Fail: true}}\n",
    );
    lab.t.ok("aws cloudformation create-stack --stack-name app --template-body file://v1.yaml");
    lab.settle();
    lab.t.ok("aws cloudformation update-stack --stack-name app --template-body file://v2.yaml");
    // Someone deletes the bucket by hand while the update runs.
    lab.t.ok("aws s3api delete-bucket --bucket app-data-rollback");
    lab.settle();
    let (status, reason) = lab.stack();
    assert_eq!(status, "UPDATE_ROLLBACK_FAILED");
    assert!(reason.contains("The following resource(s) failed to update: [Data]"), "{reason}");
    assert_eq!(lab.resource_status("Data"), "UPDATE_FAILED");
    let refused = lab.t.run("aws cloudformation update-stack --stack-name app --template-body file://v1.yaml");
    assert_ne!(refused.exit_code, 0);
    let bad_skip = lab.t.run("aws cloudformation continue-update-rollback --stack-name app --resources-to-skip Jobs");
    assert!(bad_skip.stderr.contains("Resource Jobs cannot be skipped"), "{}", bad_skip.stderr);
    // Trying again without skipping fails the same way.
    lab.t.ok("aws cloudformation continue-update-rollback --stack-name app");
    assert_eq!(lab.stack().0, "UPDATE_ROLLBACK_FAILED");
    lab.t.ok("aws cloudformation continue-update-rollback --stack-name app --resources-to-skip Data");
    lab.settle();
    assert_eq!(lab.stack().0, "UPDATE_ROLLBACK_COMPLETE");
    assert_eq!(lab.resource_status("Data"), "UPDATE_COMPLETE");
    let again = lab.t.run("aws cloudformation continue-update-rollback --stack-name app");
    assert!(again.stderr.contains("ContinueUpdateRollback cannot be called from current stack status"));
}
