//! The CloudFormation labs' stories say what the learner will find; these tests run each lab's
//! setup through the terminal and check that the World shows exactly that.

use nimbus_learn::content::source::report;
use nimbus_learn::Bank;
use nimbus_sim::cli::{run_line, CommandOutput, FileSystem, MemoryFs};
use nimbus_sim::World;

/// A World and working folder after the lab's setup.
fn after_setup(lab_id: &str) -> (World, MemoryFs) {
    let bank = Bank::load(nimbus_learn::content::CONTENT_FILES).unwrap_or_else(|e| panic!("{}", report(&e)));
    let lab = bank.labs.iter().find(|l| l.id == lab_id).unwrap_or_else(|| panic!("no lab {lab_id}"));
    let mut world = World::new(5);
    let mut fs = MemoryFs::new();
    for (name, text) in &lab.files {
        fs.write(name, text.as_bytes()).unwrap();
    }
    for line in &lab.setup {
        let out = run_line(&mut world, &mut fs, line);
        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
    }
    (world, fs)
}

fn run(world: &mut World, fs: &mut MemoryFs, line: &str) -> CommandOutput {
    run_line(world, fs, line)
}

#[test]
fn the_circular_template_is_refused_naming_both_resources() {
    let (mut w, mut fs) = after_setup("cfn-fix-circular-dependency");
    let out = run(&mut w, &mut fs, "aws cloudformation validate-template --template-body file://network.yaml");
    assert_ne!(out.exit_code, 0);
    assert!(out.stderr.contains("Circular dependency between resources"), "{}", out.stderr);
    assert!(out.stderr.contains("Vpc") && out.stderr.contains("WebSecurityGroup"), "{}", out.stderr);
    let create = run(
        &mut w,
        &mut fs,
        "aws cloudformation create-stack --stack-name network --template-body file://network.yaml",
    );
    assert_ne!(create.exit_code, 0, "nothing is created");
}

#[test]
fn the_shop_stack_is_rolled_back_and_its_events_name_the_taken_bucket() {
    let (mut w, mut fs) = after_setup("cfn-rollback-find-the-cause");
    let status =
        run(&mut w, &mut fs, "aws cloudformation describe-stacks --stack-name shop --query Stacks[0].StackStatus");
    assert_eq!(status.stdout.trim(), "\"ROLLBACK_COMPLETE\"");
    let events = run(&mut w, &mut fs, "aws cloudformation describe-stack-events --stack-name shop");
    assert!(events.stdout.contains("shop-assets already exists"), "{}", events.stdout);
    let update =
        run(&mut w, &mut fs, "aws cloudformation update-stack --stack-name shop --template-body file://shop.yaml");
    assert_ne!(update.exit_code, 0);
    assert!(update.stderr.contains("ROLLBACK_COMPLETE state and can not be updated"), "{}", update.stderr);
}

#[test]
fn renaming_the_archive_bucket_shows_as_a_replacement_in_the_change_set() {
    let (mut w, mut fs) = after_setup("cfn-update-without-replacement");
    let renamed = r#"aws cloudformation create-change-set --stack-name archive --change-set-name rename --template-body '{"Resources":{"Archive":{"Type":"AWS::S3::Bucket","Properties":{"BucketName":"orders-archive-lab-2"}}}}'"#;
    assert_eq!(run(&mut w, &mut fs, renamed).exit_code, 0);
    run(&mut w, &mut fs, "nimbus advance 1m");
    let preview =
        run(&mut w, &mut fs, "aws cloudformation describe-change-set --stack-name archive --change-set-name rename");
    assert!(preview.stdout.contains("\"Replacement\": \"True\""), "{}", preview.stdout);
}

#[test]
fn the_web_stack_times_out_because_its_signal_names_the_wrong_resource() {
    let (mut w, mut fs) = after_setup("cfn-signal-never-arrives");
    let status =
        run(&mut w, &mut fs, "aws cloudformation describe-stacks --stack-name web --query Stacks[0].StackStatus");
    assert_eq!(status.stdout.trim(), "\"ROLLBACK_COMPLETE\"");
    let events = run(&mut w, &mut fs, "aws cloudformation describe-stack-events --stack-name web");
    assert!(
        events.stdout.contains("Failed to receive 1 resource signal(s) within the specified duration"),
        "{}",
        events.stdout
    );
    let refused = w.trail().events().iter().find(|e| e.operation == "SignalResource").expect("the instance signalled");
    assert!(refused.why.contains("no resource with that logical id"), "{}", refused.why);
    let ran = w.trail().events().iter().find(|e| e.operation == "UserDataRan").expect("user data ran");
    assert!(ran.why.contains("Resource WebServer does not exist for stack web"), "{}", ran.why);
}
