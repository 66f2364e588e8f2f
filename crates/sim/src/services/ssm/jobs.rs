//! Parameter Store has no scheduled behaviour in Nimbus Lab (parameter policies such as
//! expiration are not simulated).
