//! SNS has no scheduled behaviour in Nimbus Lab: Publish delivers to every confirmed
//! subscription within the call (delivery retries and delays are not simulated).
