//! Small pieces shared by several pages.

pub mod dialler_banner;
pub mod empty_state;
pub mod field_message;
pub mod header;
pub mod load_error;
pub mod loaded;
pub mod wizard_pills;
