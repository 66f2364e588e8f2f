//! The AWS-CLI-style terminal: command lines in, AWS CLI output out.
