//! Route 53 unit tests.
