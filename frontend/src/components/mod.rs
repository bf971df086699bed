//! Small pieces shared by several pages.

pub mod campaign_actions;
pub mod charts;
pub mod config_summary;
pub mod confirm_dialog;
pub mod contact_file;
pub mod dialler_banner;
pub mod empty_state;
pub mod field_message;
pub mod forecast_panel;
pub mod header;
pub mod lazy_view;
pub mod load_error;
pub mod loaded;
pub mod pager;
pub mod preflight_panel;
pub mod progress_bar;
pub mod status_badge;
pub mod timezone_options;
pub mod wizard_pills;
