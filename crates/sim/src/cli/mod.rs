//! The AWS-CLI-style terminal: command lines in, AWS CLI output out.

pub mod names;
pub mod shape;
pub mod shorthand;
pub mod tokenize;
