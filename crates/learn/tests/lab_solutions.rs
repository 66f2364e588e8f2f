//! Every lab's reference solution, run from its setup in a fresh World through the terminal's
//! CLI, reaches every goal, each line exits 0, and the goals are not met by the setup alone.
//! Every demo's lines run too.

use nimbus_learn::cli_lines::check_runnable;
use nimbus_learn::content::source::report;
use nimbus_learn::Bank;

#[test]
fn every_lab_solution_reaches_its_goals_and_every_demo_runs() {
    let bank = Bank::load(nimbus_learn::content::CONTENT_FILES).unwrap_or_else(|e| panic!("{}", report(&e)));
    let errors = check_runnable(&bank);
    assert!(errors.is_empty(), "{}", report(&errors));
}

#[test]
fn a_lab_whose_setup_already_meets_the_goals_is_refused_at_its_line() {
    let text = r##"
[[lab]]
id = "too-easy"
service = "s3"
title = "Already done"
story = "Nothing to do."
setup = ["aws s3api create-bucket --bucket already-there"]
hints = ["None needed."]
solution = ["aws s3api head-bucket --bucket already-there"]

[[lab.goal]]
description = "The bucket exists"
check = { bucket_exists = "already-there" }

[[lab]]
id = "unreachable"
service = "s3"
title = "Broken solution"
story = "The solution misses the goal."
hints = ["None."]
solution = ["aws s3api create-bucket --bucket some-other-name"]

[[lab.goal]]
description = "The right bucket exists"
check = { bucket_exists = "right-name" }
"##;
    let bank = Bank::load(&[("labs.toml", text)]).unwrap();
    let errors = check_runnable(&bank);
    let text_of = report(&errors);
    let line_of = |needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let setup_line = line_of("setup = [\"aws s3api create-bucket --bucket already-there");
    let goal_line = line_of("description = \"The right bucket exists");
    assert!(
        text_of.contains(&format!("labs.toml:{setup_line}: lab 'too-easy': every goal is already met")),
        "{text_of}"
    );
    assert!(
        text_of.contains(&format!(
            "labs.toml:{goal_line}: lab 'unreachable': the solution does not reach goal 'The right bucket exists'"
        )),
        "{text_of}"
    );
}

#[test]
fn a_demo_step_that_should_fail_but_succeeds_is_reported() {
    let text = r##"
[[demo]]
id = "no-refusal"
service = "s3"
title = "A refusal that does not happen"

[[demo.step]]
narration = "Create a bucket."
cli = "aws s3api create-bucket --bucket fine"

[[demo.step]]
narration = "This should be refused, but it works."
cli = "aws s3api head-bucket --bucket fine"
expect_error = "NoSuchBucket"

[[demo.step]]
narration = "A line that fails as expected is fine."
cli = "aws s3api head-bucket --bucket missing"
expect_error = "404"
"##;
    let bank = Bank::load(&[("demo.toml", text)]).unwrap_or_else(|e| panic!("{}", report(&e)));
    let errors = check_runnable(&bank);
    assert_eq!(errors.len(), 1, "{}", report(&errors));
    assert!(
        report(&errors)
            .contains("step 2 `aws s3api head-bucket --bucket fine` should fail with NoSuchBucket but succeeded"),
        "{}",
        report(&errors)
    );
}
