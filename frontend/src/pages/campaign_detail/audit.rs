//! The campaign's audit trail: who did what when, with the fields an edit
//! changed, newest first, 50 a page; times in the operator's display
//! timezone (what operators did, not when calls were made).

use leptos::prelude::*;
use outdial_shared::api::{AuditEntry, PAGE_SIZE};

use crate::api;
use crate::components::loaded::Loaded;
use crate::components::pager::Pager;
use crate::session::use_session;
use crate::zone;

/// "campaign_edited" → "Campaign edited".
fn action_words(action: &str) -> String {
    let words = action.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

/// The entry's details in words: the changed fields, or each recorded
/// figure ("rows: 2, valid: 2").
fn details(entry: &AuditEntry) -> String {
    if let Some(changed) = entry.details.get("changed").and_then(|c| c.as_array()) {
        let names: Vec<&str> = changed.iter().filter_map(|c| c.as_str()).collect();
        return format!("Changed: {}", names.join(", "));
    }
    match &entry.details {
        serde_json::Value::Object(map) => map
            .iter()
            .map(|(key, value)| match value.as_str() {
                Some(text) => format!("{}: {text}", key.replace('_', " ")),
                None => format!("{}: {value}", key.replace('_', " ")),
            })
            .collect::<Vec<_>>()
            .join(", "),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

#[component]
pub fn AuditSection(campaign_id: i64, version: RwSignal<u32>) -> impl IntoView {
    let session = use_session();
    let page = RwSignal::new(1u32);
    let entries = LocalResource::new(move || {
        version.track();
        let page = page.get();
        async move { api::audit(campaign_id, page).await }
    });
    view! {
        <section class="card tool-card wide" aria-labelledby="audit-title">
            <h2 id="audit-title">"Audit trail"</h2>
            <Loaded resource=entries loading="Loading the audit trail…" let:found>
                {
                    let total = found.total;
                    view! {
                        <table class="data-table stack-table audit-table">
                            <thead>
                                <tr>
                                    <th scope="col">"When"</th>
                                    <th scope="col">"Who"</th>
                                    <th scope="col">"What"</th>
                                    <th scope="col">"Details"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {found
                                    .items
                                    .into_iter()
                                    .map(|entry| {
                                        view! {
                                            <tr>
                                                <td data-label="When">
                                                    {zone::dated(entry.at, session.display_timezone())}
                                                </td>
                                                <td data-label="Who">{entry.actor.clone()}</td>
                                                <td data-label="What">{action_words(&entry.action)}</td>
                                                <td data-label="Details">{details(&entry)}</td>
                                            </tr>
                                        }
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                        <Pager page total=Signal::derive(move || total) page_size=u64::from(PAGE_SIZE) />
                    }
                }
            </Loaded>
        </section>
    }
}
