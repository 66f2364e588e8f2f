//! Lambda unit tests: how a FunctionName is read.

use super::ops::resolve;

#[test]
fn function_names_resolve_to_arns() {
    let arn = "arn:aws:lambda:us-east-1:123456789012:function:f";
    assert_eq!(resolve("us-east-1", "f"), arn);
    assert_eq!(resolve("us-east-1", arn), arn);
    assert_eq!(resolve("us-east-1", "f:$LATEST"), arn);
    assert_eq!(resolve("us-east-1", "123456789012:function:f"), arn);
    assert_eq!(resolve("eu-west-1", "f"), "arn:aws:lambda:eu-west-1:123456789012:function:f");
}
