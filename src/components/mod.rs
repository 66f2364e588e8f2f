//! Widgets every service page shares.

pub mod cli_line;
pub mod clock;
pub mod confirm;
pub mod header;
pub mod lab_menu;
pub mod link;
pub mod notices;
pub mod presenter;
pub mod service_page;
pub mod share;
pub mod table;
pub mod terminal;
pub mod trail;
