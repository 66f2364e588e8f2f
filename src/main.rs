//! Mounts Nimbus Lab into the page (see `lib.rs`).
fn main() {
    nimbus_lab::start();
}
