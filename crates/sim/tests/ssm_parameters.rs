//! Parameter Store through the terminal, and CloudFormation resolving
//! `AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>` parameters from it.

mod common;

use common::ec2::Term;
use nimbus_sim::cli::FileSystem;
use nimbus_sim::SimDuration;

const AL2023: &str = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

#[test]
fn public_ami_parameters_answer_in_every_region() {
    let mut t = Term::new(31);
    let p = t.json(&format!("aws ssm get-parameter --name {AL2023}"));
    let p = &p["Parameter"];
    assert_eq!(p["Name"], AL2023);
    assert_eq!(p["Type"], "String");
    assert_eq!(p["DataType"], "aws:ec2:image");
    assert_eq!(p["ARN"], format!("arn:aws:ssm:us-east-1::parameter{AL2023}"));
    let ami = p["Value"].as_str().unwrap().to_string();
    assert!(ami.starts_with("ami-0") && ami.len() == 21, "{ami}");
    let eu = t.text(&format!("aws ssm get-parameter --name {AL2023} --region eu-west-1 --query Parameter.Value"));
    assert_ne!(eu, ami, "each Region has its own AMI ids");
    let listed = t.json("aws ssm get-parameters-by-path --path /aws/service/ami-amazon-linux-latest");
    assert_eq!(listed["Parameters"].as_array().unwrap().len(), 6);
    // The id launches.
    let state = t.text(&format!("aws ec2 run-instances --image-id {ami} --query Instances[0].State.Name"));
    assert_eq!(state, "pending");
}

#[test]
fn parameters_have_versions_and_aws_errors() {
    let mut t = Term::new(32);
    assert_eq!(
        t.json("aws ssm put-parameter --name /app/db/host --value db.internal --type String"),
        serde_json::json!({"Version": 1, "Tier": "Standard"})
    );
    assert_eq!(
        t.fails("aws ssm put-parameter --name /app/db/host --value other --type String"),
        "An error occurred (ParameterAlreadyExists) when calling the PutParameter operation: The parameter already exists. To overwrite this value, set the overwrite option in the request to true."
    );
    assert_eq!(t.json("aws ssm put-parameter --name /app/db/host --value db2.internal --overwrite")["Version"], 2);
    let got = t.json("aws ssm get-parameter --name /app/db/host");
    assert_eq!(
        (got["Parameter"]["Value"].as_str(), got["Parameter"]["Version"].as_i64()),
        (Some("db2.internal"), Some(2))
    );
    t.ok("aws ssm put-parameter --name /app/db/password --value s3cret --type SecureString");
    let hidden = t.text("aws ssm get-parameter --name /app/db/password --query Parameter.Value");
    assert_ne!(hidden, "s3cret", "a SecureString is shown encrypted");
    assert_eq!(
        t.text("aws ssm get-parameter --name /app/db/password --with-decryption --query Parameter.Value"),
        "s3cret"
    );
    assert_eq!(t.text("aws ssm get-parameters-by-path --path /app --query Parameters[].Name"), "", "one level only");
    assert_eq!(
        t.text("aws ssm get-parameters-by-path --path /app --recursive --query Parameters[].Name"),
        "/app/db/host\t/app/db/password"
    );
    let some = t.json("aws ssm get-parameters --names /app/db/host /nope");
    assert_eq!(some["InvalidParameters"], serde_json::json!(["/nope"]));
    assert_eq!(
        t.fails("aws ssm get-parameter --name /nope"),
        "An error occurred (ParameterNotFound) when calling the GetParameter operation:"
    );
    assert!(t
        .fails("aws ssm put-parameter --name /aws/mine --value x --type String")
        .contains("can't be prefixed with \"aws\" or \"ssm\""));
    t.ok("aws ssm delete-parameter --name /app/db/host");
    assert!(t.fails("aws ssm delete-parameter --name /app/db/host").contains("(ParameterNotFound)"));
}

const TEMPLATE: &str = r#"
Parameters:
  LatestAmi:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
Resources:
  Web:
    Type: AWS::EC2::Instance
    Properties: {ImageId: !Ref LatestAmi, InstanceType: t3.micro}
Outputs:
  Ami: {Value: !Ref LatestAmi}
"#;

#[test]
fn a_stack_takes_the_latest_ami_from_parameter_store() {
    let mut t = Term::new(33);
    t.fs.write("web.yaml", TEMPLATE.as_bytes()).unwrap();
    let ami = t.text(&format!("aws ssm get-parameter --name {AL2023} --query Parameter.Value"));
    t.ok("aws cloudformation create-stack --stack-name web --template-body file://web.yaml");
    t.world.advance(SimDuration::minutes(2));
    let d = t.json("aws cloudformation describe-stacks --stack-name web");
    let s = &d["Stacks"][0];
    assert_eq!(s["StackStatus"], "CREATE_COMPLETE");
    assert_eq!(s["Parameters"][0]["ParameterValue"], AL2023);
    assert_eq!(s["Parameters"][0]["ResolvedValue"], ami.as_str());
    assert_eq!(s["Outputs"][0]["OutputValue"], ami.as_str());
    assert_eq!(t.text("aws ec2 describe-instances --query Reservations[0].Instances[0].ImageId"), ami);

    // A name Parameter Store does not have stops CreateStack.
    assert_eq!(
        t.fails("aws cloudformation create-stack --stack-name web2 --template-body file://web.yaml --parameters ParameterKey=LatestAmi,ParameterValue=/my/ami"),
        "An error occurred (ValidationError) when calling the CreateStack operation: Unable to fetch parameters [/my/ami] from parameter store for this account."
    );
    // A parameter of the account works the same way, and an update reads it again.
    t.ok("aws ssm put-parameter --name /my/ami --value ami-0123456789abcdef0 --type String --data-type aws:ec2:image");
    t.ok("aws cloudformation update-stack --stack-name web --template-body file://web.yaml --parameters ParameterKey=LatestAmi,ParameterValue=/my/ami");
    t.world.advance(SimDuration::minutes(5));
    assert_eq!(
        t.text("aws cloudformation describe-stacks --stack-name web --query Stacks[0].StackStatus"),
        "UPDATE_COMPLETE"
    );
    assert_eq!(
        t.text("aws cloudformation describe-stacks --stack-name web --query Stacks[0].Parameters[0].ResolvedValue"),
        "ami-0123456789abcdef0"
    );
    assert_eq!(
        t.text("aws ec2 describe-instances --filters Name=instance-state-name,Values=running --query Reservations[].Instances[].ImageId"),
        "ami-0123456789abcdef0",
        "a new image id replaces the instance"
    );
}

#[test]
fn a_change_set_resolves_the_parameter_when_executed() {
    let mut t = Term::new(34);
    t.fs.write("web.yaml", TEMPLATE.as_bytes()).unwrap();
    let ami = t.text(&format!("aws ssm get-parameter --name {AL2023} --query Parameter.Value"));
    t.ok("aws cloudformation create-change-set --stack-name web --change-set-name first --change-set-type CREATE --template-body file://web.yaml");
    t.world.advance(SimDuration::minutes(1));
    t.ok("aws cloudformation execute-change-set --stack-name web --change-set-name first");
    t.world.advance(SimDuration::minutes(2));
    assert_eq!(
        t.text("aws cloudformation describe-stacks --stack-name web --query Stacks[0].StackStatus"),
        "CREATE_COMPLETE"
    );
    assert_eq!(
        t.text("aws cloudformation describe-stacks --stack-name web --query Stacks[0].Parameters[0].ResolvedValue"),
        ami
    );
    assert_eq!(t.text("aws ec2 describe-instances --query Reservations[0].Instances[0].ImageId"), ami);
}
