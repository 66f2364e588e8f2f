//! `aws cloudformation wait …`: the CLI's waiters poll on the simulated clock until the stack
//! settles, and fail as the CLI does when it ends in a failure state.

use nimbus_sim::cli::{run_line, CommandOutput, FileSystem, MemoryFs};
use nimbus_sim::World;

const TEMPLATE: &str = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: wait-demo-bucket\n";

struct Term {
    world: World,
    fs: MemoryFs,
}

impl Term {
    fn new() -> Self {
        let mut fs = MemoryFs::new();
        fs.write("stack.yaml", TEMPLATE.as_bytes()).unwrap();
        Term { world: World::new(5), fs }
    }
    fn run(&mut self, line: &str) -> CommandOutput {
        run_line(&mut self.world, &mut self.fs, line)
    }
    fn ok(&mut self, line: &str) -> String {
        let out = self.run(line);
        assert_eq!(out.exit_code, 0, "{line}\n{out:?}");
        out.stdout
    }
    fn status(&mut self, stack: &str) -> String {
        self.ok(&format!(
            "aws cloudformation describe-stacks --stack-name {stack} --query Stacks[0].StackStatus --output text"
        ))
        .trim()
        .to_string()
    }
}

#[test]
fn stack_create_complete_advances_the_clock_until_the_stack_is_created() {
    let mut t = Term::new();
    let start = t.world.now();
    t.ok("aws cloudformation create-stack --stack-name app --template-body file://stack.yaml");
    assert_eq!(t.status("app"), "CREATE_IN_PROGRESS");
    let out = t.run("aws cloudformation wait stack-create-complete --stack-name app");
    assert_eq!((out.exit_code, out.stdout.as_str(), out.stderr.as_str()), (0, "", ""));
    assert_eq!(t.status("app"), "CREATE_COMPLETE");
    let waited = (t.world.now() - start).as_seconds();
    assert!(waited > 0 && waited % 30 == 0, "the waiter polls every 30 s; waited {waited} s");
    t.ok("aws cloudformation delete-stack --stack-name app");
    t.ok("aws cloudformation wait stack-delete-complete --stack-name app");
    let gone = t.run("aws cloudformation describe-stacks --stack-name app");
    assert!(gone.stderr.contains("ValidationError"), "{}", gone.stderr);
}

#[test]
fn a_stack_that_rolls_back_fails_the_waiter_as_the_cli_does() {
    let mut t = Term::new();
    t.ok("aws s3api create-bucket --bucket wait-demo-bucket");
    t.ok("aws cloudformation create-stack --stack-name clash --template-body file://stack.yaml");
    let out = t.run("aws cloudformation wait stack-create-complete --stack-name clash");
    assert_eq!(out.exit_code, 255, "{out:?}");
    assert_eq!(
        out.stderr,
        "\nWaiter StackCreateComplete failed: Waiter encountered a terminal failure state: For expression \
         \"Stacks[].StackStatus\" we matched expected path: \"ROLLBACK_COMPLETE\" at least once\n"
    );
    assert_eq!(t.status("clash"), "ROLLBACK_COMPLETE");
}

#[test]
fn waiters_on_missing_stacks_and_unknown_waiters() {
    let mut t = Term::new();
    let out = t.run("aws cloudformation wait stack-create-complete --stack-name nope");
    assert_eq!(out.exit_code, 255);
    assert!(out.stderr.ends_with("Matched expected service error code: ValidationError\n"), "{}", out.stderr);
    let start = t.world.now();
    let out = t.run("aws cloudformation wait stack-exists --stack-name nope");
    assert_eq!((out.exit_code, out.stderr.as_str()), (255, "\nWaiter StackExists failed: Max attempts exceeded\n"));
    assert_eq!((t.world.now() - start).as_seconds(), 19 * 5, "20 attempts, 5 s apart");
    let out = t.run("aws cloudformation wait stack-party --stack-name nope");
    assert_eq!(out.exit_code, 252);
    assert!(out.stderr.contains("stack-create-complete | stack-update-complete"), "{}", out.stderr);
    // Without a name, describe-stacks lists every stack: none ever completes, as with the CLI.
    let start = t.world.now();
    let out = t.run("aws cloudformation wait stack-create-complete");
    assert_eq!(
        (out.exit_code, out.stderr.as_str()),
        (255, "\nWaiter StackCreateComplete failed: Max attempts exceeded\n")
    );
    assert_eq!((t.world.now() - start).as_seconds(), 119 * 30);
}

#[test]
fn change_set_create_complete_waits_for_the_change_set() {
    let mut t = Term::new();
    t.ok("aws cloudformation create-change-set --stack-name fresh --change-set-name first --change-set-type CREATE --template-body file://stack.yaml");
    t.ok("aws cloudformation wait change-set-create-complete --stack-name fresh --change-set-name first");
    let status = t.ok("aws cloudformation describe-change-set --stack-name fresh --change-set-name first --query Status --output text");
    assert_eq!(status.trim(), "CREATE_COMPLETE");
    t.ok("aws cloudformation execute-change-set --stack-name fresh --change-set-name first");
    t.ok("aws cloudformation wait stack-create-complete --stack-name fresh");
    assert_eq!(t.status("fresh"), "CREATE_COMPLETE");
}

#[test]
fn the_service_help_lists_the_waiters() {
    let mut t = Term::new();
    let help = t.ok("aws cloudformation help");
    assert!(help.contains("  o wait\n") && help.contains("  o stack-delete-complete\n"), "{help}");
}
