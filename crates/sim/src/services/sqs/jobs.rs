//! SQS has no scheduled behaviour in Nimbus Lab: a message's delay and visibility timeout end,
//! and its retention period runs out, when the clock passes them; every operation reads the
//! queue against the clock (`Queue::settle`).
