//! Small pieces shared by several pages.

pub mod empty_state;
pub mod header;
pub mod load_error;
