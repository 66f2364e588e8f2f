//! The Nimbus Lab app (Yew).
