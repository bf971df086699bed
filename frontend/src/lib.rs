//! Outdial's browser app: the operator's dashboard and the campaign wizard.
//! Client-side rendered with Leptos; the server sends the same `index.html`
//! for every dashboard path and this router picks the page.

mod address;
mod api;
mod app;
mod browser;
mod components;
pub mod csv_check;
mod live;
mod page_chunks;
mod pages;
mod routes;
mod session;
mod split;
mod upload;
mod zone;

pub use app::App;
