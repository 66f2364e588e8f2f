//! ModifyInstanceAttribute from the terminal: the instance type and user data change only on a
//! stopped instance, security groups on a running one; one attribute a call.

mod common;

use common::ec2::Term;
use nimbus_sim::time::SimDuration;

fn running_instance(t: &mut Term) -> String {
    let id = t.text(
        "aws ec2 run-instances --image-id ami-0abcdef1234567890 --instance-type t3.micro \
         --query Instances[0].InstanceId",
    );
    t.world.advance(SimDuration::minutes(1));
    id
}

fn describe(t: &mut Term, id: &str, query: &str) -> String {
    t.text(&format!("aws ec2 describe-instances --instance-ids {id} --query Reservations[0].Instances[0].{query}"))
}

#[test]
fn the_type_changes_only_while_the_instance_is_stopped() {
    let mut t = Term::new(3);
    let id = running_instance(&mut t);
    let refused =
        t.fails(&format!("aws ec2 modify-instance-attribute --instance-id {id} --instance-type Value=t3.large"));
    assert!(refused.contains("(IncorrectInstanceState)"), "{refused}");
    assert!(refused.contains(&format!("The instance '{id}' is not in the 'stopped' state.")), "{refused}");
    assert_eq!(describe(&mut t, &id, "InstanceType"), "t3.micro");

    t.ok(&format!("aws ec2 stop-instances --instance-ids {id}"));
    // Still stopping: refused too.
    t.fails(&format!("aws ec2 modify-instance-attribute --instance-id {id} --instance-type Value=t3.large"));
    t.world.advance(SimDuration::minutes(1));
    t.ok(&format!("aws ec2 modify-instance-attribute --instance-id {id} --instance-type Value=t3.large"));
    assert_eq!(describe(&mut t, &id, "InstanceType"), "t3.large");
    // The older form names the attribute.
    t.ok(&format!("aws ec2 modify-instance-attribute --instance-id {id} --attribute instanceType --value m5.large"));
    assert_eq!(describe(&mut t, &id, "InstanceType"), "m5.large");
    let bad = t.fails(&format!("aws ec2 modify-instance-attribute --instance-id {id} --instance-type Value=huge"));
    assert!(bad.contains("Invalid value 'huge' for InstanceType."), "{bad}");

    t.ok(&format!("aws ec2 start-instances --instance-ids {id}"));
    t.world.advance(SimDuration::minutes(1));
    assert_eq!(describe(&mut t, &id, "State.Name"), "running");
    assert_eq!(describe(&mut t, &id, "InstanceType"), "m5.large");
}

#[test]
fn security_groups_change_on_a_running_instance() {
    let mut t = Term::new(4);
    let id = running_instance(&mut t);
    let vpc = describe(&mut t, &id, "VpcId");
    let sg = t.text(&format!(
        "aws ec2 create-security-group --group-name web --description web --vpc-id {vpc} --query GroupId"
    ));
    t.ok(&format!("aws ec2 modify-instance-attribute --instance-id {id} --groups {sg}"));
    assert_eq!(describe(&mut t, &id, "SecurityGroups[0].GroupId"), sg);
    assert_eq!(describe(&mut t, &id, "State.Name"), "running");
    let missing =
        t.fails(&format!("aws ec2 modify-instance-attribute --instance-id {id} --groups sg-0123456789abcdef0"));
    assert!(missing.contains("(InvalidGroup.NotFound)"), "{missing}");
}

#[test]
fn one_attribute_a_call_and_a_terminated_instance_refuses() {
    let mut t = Term::new(5);
    let id = running_instance(&mut t);
    t.ok(&format!("aws ec2 stop-instances --instance-ids {id}"));
    t.world.advance(SimDuration::minutes(1));
    let two = t.fails(&format!(
        "aws ec2 modify-instance-attribute --instance-id {id} --instance-type Value=t3.large --user-data Value=ZWNobyBoaQ=="
    ));
    assert!(two.contains("(InvalidParameterCombination)"), "{two}");
    assert!(two.contains("Fields for multiple attribute types specified: instanceType, userData"), "{two}");
    let none = t.fails(&format!("aws ec2 modify-instance-attribute --instance-id {id}"));
    assert!(none.contains("No attributes specified."), "{none}");
    t.ok(&format!("aws ec2 modify-instance-attribute --instance-id {id} --user-data Value=ZWNobyBoaQ=="));
    t.ok(&format!("aws ec2 terminate-instances --instance-ids {id}"));
    let gone = t.fails(&format!("aws ec2 modify-instance-attribute --instance-id {id} --groups sg-0123456789abcdef0"));
    assert!(gone.contains("(IncorrectInstanceState)"), "{gone}");
}
