//! The campaign dashboard's charts: small SVG and HTML components of our
//! own (a few KB of wasm, against ~150 KB gz for a charting crate; see
//! docs/frontend.md). What they draw is worked out in
//! `outdial_shared::dashboard`, tested natively; these only lay it out.

pub mod bar_list;
pub mod contacts_bar;
pub mod gauge;
pub mod hour_chart;
