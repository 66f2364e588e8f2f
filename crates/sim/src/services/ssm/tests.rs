//! Parameter Store unit tests: public AMI parameters are stable per Region and well-formed.

use super::model::*;

#[test]
fn public_ami_parameters_are_stable_and_well_formed() {
    let name = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";
    let a = public_parameter("us-east-1", name).unwrap();
    assert_eq!(a, public_parameter("us-east-1", name).unwrap());
    assert_ne!(a.value, public_parameter("eu-west-1", name).unwrap().value, "AMI ids differ by Region");
    assert!(is_ami_id(&a.value), "{}", a.value);
    assert_eq!(a.data_type, "aws:ec2:image");
    assert!(public_parameter("us-east-1", "/aws/service/nope").is_none());
    assert!(public_parameter("mars-1", name).is_none());
}
