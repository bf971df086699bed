//! One file per page.

pub mod bots;
pub mod campaign_detail;
pub mod campaign_wizard;
pub mod campaigns;
pub mod carriers;
pub mod login;
pub mod not_found;
pub mod settings;
