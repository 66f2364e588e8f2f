//! IAM has no scheduled behaviour in Nimbus Lab: roles, policies and instance profiles take
//! effect at once. (Real IAM is eventually consistent: a new role can take a few seconds to be
//! usable everywhere, which is why CloudFormation waits after creating one; the providers' creation
//! times stand for that wait.)
