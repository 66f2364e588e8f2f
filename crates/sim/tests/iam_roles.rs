//! IAM through the terminal: roles and their trust policies, inline and managed policies,
//! instance profiles, and the conflicts that keep a role until its policies are gone.

mod common;

use common::ec2::Term;
use nimbus_sim::cli::FileSystem;
use serde_json::json;

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
const READ: &str =
    r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}"#;

fn term() -> Term {
    let mut t = Term::new(21);
    t.fs.write("trust.json", TRUST.as_bytes()).unwrap();
    t.fs.write("read.json", READ.as_bytes()).unwrap();
    t
}

#[test]
fn a_role_is_created_listed_and_found_by_name() {
    let mut t = term();
    let r = t.json("aws iam create-role --role-name web --assume-role-policy-document file://trust.json --description 'web servers'");
    let role = &r["Role"];
    assert_eq!(role["Arn"], "arn:aws:iam::123456789012:role/web");
    assert_eq!(role["Path"], "/");
    assert!(role["RoleId"].as_str().unwrap().starts_with("AROA"));
    assert_eq!(role["MaxSessionDuration"], 3600);
    assert_eq!(
        role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"],
        json!({"Service": "ec2.amazonaws.com"}),
        "documents print as JSON"
    );
    assert_eq!(
        t.fails("aws iam create-role --role-name WEB --assume-role-policy-document file://trust.json"),
        "An error occurred (EntityAlreadyExists) when calling the CreateRole operation: Role with name WEB already exists."
    );
    assert_eq!(
        t.fails("aws iam get-role --role-name nope"),
        "An error occurred (NoSuchEntity) when calling the GetRole operation: The role with name nope cannot be found."
    );
    assert!(t
        .fails("aws iam create-role --role-name bad --assume-role-policy-document '{'")
        .contains("(MalformedPolicyDocument)"));
    assert!(t
        .fails("aws iam create-role --role-name 'a b' --assume-role-policy-document file://trust.json")
        .contains("(ValidationError)"));
    t.ok("aws iam create-role --role-name app --path /apps/ --assume-role-policy-document file://trust.json");
    assert_eq!(t.text("aws iam list-roles --query Roles[].RoleName"), "app\tweb");
    assert_eq!(
        t.text("aws iam list-roles --path-prefix /apps/ --query Roles[].Arn"),
        "arn:aws:iam::123456789012:role/apps/app"
    );
    assert_eq!(
        t.ok("aws iam get-role --role-name app --region eu-west-1 --query Role.RoleName --output text").trim(),
        "app",
        "IAM is global"
    );
}

#[test]
fn a_role_with_policies_cannot_be_deleted() {
    let mut t = term();
    t.ok("aws iam create-role --role-name web --assume-role-policy-document file://trust.json");
    assert_eq!(
        t.ok("aws iam put-role-policy --role-name web --policy-name read --policy-document file://read.json"),
        ""
    );
    assert_eq!(
        t.json("aws iam get-role-policy --role-name web --policy-name read")["PolicyDocument"]["Statement"][0]
            ["Action"],
        "s3:GetObject"
    );
    t.ok(
        "aws iam attach-role-policy --role-name web --policy-arn arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    );
    assert!(t
        .fails("aws iam attach-role-policy --role-name web --policy-arn arn:aws:iam::aws:policy/NoSuchPolicy")
        .ends_with("Policy arn:aws:iam::aws:policy/NoSuchPolicy does not exist or is not attachable."));
    let del = "aws iam delete-role --role-name web";
    assert_eq!(t.fails(del), "An error occurred (DeleteConflict) when calling the DeleteRole operation: Cannot delete entity, must delete policies first.");
    t.ok("aws iam delete-role-policy --role-name web --policy-name read");
    assert!(t.fails(del).ends_with("Cannot delete entity, must detach all policies first."));
    t.ok(
        "aws iam detach-role-policy --role-name web --policy-arn arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
    );

    // A customer managed policy.
    let p = t.json("aws iam create-policy --policy-name read-s3 --policy-document file://read.json");
    let arn = p["Policy"]["Arn"].as_str().unwrap().to_string();
    assert_eq!(arn, "arn:aws:iam::123456789012:policy/read-s3");
    t.ok(&format!("aws iam attach-role-policy --role-name web --policy-arn {arn}"));
    assert_eq!(
        t.text("aws iam list-attached-role-policies --role-name web --query AttachedPolicies[0].PolicyName"),
        "read-s3"
    );
    assert!(t.fails(&format!("aws iam delete-policy --policy-arn {arn}")).contains("(DeleteConflict)"));
    t.ok(&format!("aws iam detach-role-policy --role-name web --policy-arn {arn}"));

    // An instance profile holds one role and keeps it from being deleted.
    let ip = t.json("aws iam create-instance-profile --instance-profile-name web");
    assert!(ip["InstanceProfile"]["InstanceProfileId"].as_str().unwrap().starts_with("AIPA"));
    assert_eq!(ip["InstanceProfile"]["Roles"], json!([]));
    t.ok("aws iam add-role-to-instance-profile --instance-profile-name web --role-name web");
    t.ok("aws iam create-role --role-name other --assume-role-policy-document file://trust.json");
    assert_eq!(
        t.fails("aws iam add-role-to-instance-profile --instance-profile-name web --role-name other"),
        "An error occurred (LimitExceeded) when calling the AddRoleToInstanceProfile operation: Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"
    );
    assert_eq!(
        t.text("aws iam get-instance-profile --instance-profile-name web --query InstanceProfile.Roles[0].RoleName"),
        "web"
    );
    assert!(t.fails(del).ends_with("Cannot delete entity, must remove roles from instance profile first."));
    assert!(t.fails("aws iam delete-instance-profile --instance-profile-name web").contains("(DeleteConflict)"));
    t.ok("aws iam remove-role-from-instance-profile --instance-profile-name web --role-name web");
    t.ok("aws iam delete-instance-profile --instance-profile-name web");
    assert_eq!(t.ok(del), "");
    assert!(t
        .fails("aws iam get-instance-profile --instance-profile-name web")
        .ends_with("Instance Profile web cannot be found."));
}

#[test]
fn instances_take_an_instance_profile_that_exists() {
    let mut t = term();
    let ami = "ami-0abcdef1234567890";
    assert!(t
        .fails(&format!("aws ec2 run-instances --image-id {ami} --iam-instance-profile Name=ghost"))
        .contains("Value (ghost) for parameter iamInstanceProfile.name is invalid. Invalid IAM Instance Profile name"));
    t.ok("aws iam create-instance-profile --instance-profile-name app");
    let arn = t.text(&format!("aws ec2 run-instances --image-id {ami} --iam-instance-profile Name=app --query Instances[0].IamInstanceProfile.Arn"));
    assert_eq!(arn, "arn:aws:iam::123456789012:instance-profile/app");
}
