//! Unit tests of the template pieces; the stack behaviour is tested end to end in
//! `crates/sim/tests/cloudformation_engine.rs`.

use super::template::intrinsics::{cidr, sub_parts, SubPart};
use super::template::{self, parse};

#[test]
fn short_tags_become_long_form() {
    let n = parse::parse("A: !Ref B\nC: !GetAtt D.Outputs.X\n").unwrap();
    assert_eq!(n.get("A").unwrap().get("Ref").unwrap().as_str(), Some("B"));
    let ga = n.get("C").unwrap().get("Fn::GetAtt").unwrap().as_list().unwrap();
    assert_eq!((ga[0].as_str(), ga[1].as_str()), (Some("D"), Some("Outputs.X")));
}

#[test]
fn sub_and_cidr() {
    assert_eq!(sub_parts("${!A}"), vec![SubPart::Text("${A}".into())]);
    assert_eq!(sub_parts("x${Y"), vec![SubPart::Text("x${Y".into())]);
    assert_eq!(cidr("10.0.0.0/8", "2", "16").unwrap(), vec!["10.0.0.0/16", "10.1.0.0/16"]);
}

#[test]
fn anchors_and_aliases_are_followed() {
    let t = template::read("Resources:\n  A: &q {Type: AWS::SQS::Queue}\n  B: *q\n").unwrap();
    assert_eq!(t.resources.len(), 2);
    assert_eq!(t.resources[1].resource_type, "AWS::SQS::Queue");
}
