//! Live campaign figures: the browser's `EventSource` on a campaign's
//! `GET /api/campaigns/{id}/events` and on the list's `GET /api/events`,
//! and a stats feed that refetches `GET /api/campaigns/{id}/stats` with at
//! most one request in flight.
//!
//! The stream's events carry little (a `counts` event has the contact
//! counts but not the live calls), so the page treats them as "something
//! changed" and refetches; the stream's own `stats` snapshot (every two
//! seconds, and at once on each (re)connection) is shown as it arrives.

use leptos::prelude::*;
use leptos::task::spawn_local;
use outdial_shared::api::{CampaignEventName, CampaignStats, CountsEvent};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Event, EventSource, MessageEvent};

use crate::api;

/// What happened on a campaign's stream.
#[derive(Debug, Clone, PartialEq)]
pub enum LiveEvent {
    /// The contact counts changed (the dialler, an upload, an exclusion).
    Counts,
    /// The status changed or a run began.
    Status,
    /// The configuration was edited.
    Edited,
    /// The campaign was deleted; the stream is closed.
    Deleted,
    /// The server's full stats snapshot.
    Stats(Box<CampaignStats>),
}

/// A listener the stream holds on to, with the event name it listens for.
type Listener = (&'static str, Closure<dyn FnMut(Event)>);

/// An open `EventSource` and its listeners; dropping it closes the stream.
/// The browser reconnects by itself after a drop, so this only reports
/// whether the stream is open now.
struct Source {
    source: EventSource,
    listeners: Vec<Listener>,
}

impl Source {
    /// Opens `url`; `open` follows whether it is connected.
    fn open(url: &str, open: RwSignal<bool>) -> Option<Source> {
        let source = EventSource::new(url).ok()?;
        let mut stream = Source {
            source,
            listeners: Vec::with_capacity(CampaignEventName::ALL.len() + 2),
        };
        stream.listen("open", move |_| {
            open.try_set(true);
        });
        // An error is either a drop the browser will retry (CONNECTING) or
        // the end (CLOSED, e.g. signed out); neither is the page's business.
        stream.listen("error", move |_| {
            open.try_set(false);
        });
        Some(stream)
    }

    fn listen(&mut self, name: &'static str, handler: impl FnMut(Event) + 'static) {
        let closure = Closure::<dyn FnMut(Event)>::new(handler);
        let _ = self
            .source
            .add_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        self.listeners.push((name, closure));
    }
}

impl Drop for Source {
    fn drop(&mut self) {
        self.source.close();
        for (name, closure) in &self.listeners {
            let _ = self
                .source
                .remove_event_listener_with_callback(name, closure.as_ref().unchecked_ref());
        }
    }
}

/// An event's JSON data, if it has any that reads as `T`.
fn data<T: serde::de::DeserializeOwned>(event: &Event) -> Option<T> {
    let text = event.dyn_ref::<MessageEvent>()?.data().as_string()?;
    serde_json::from_str(&text).ok()
}

/// A campaign's stream (`GET /api/campaigns/{id}/events`); dropping it closes it.
pub struct CampaignStream {
    _source: Source,
}

impl CampaignStream {
    /// Opens the campaign's stream; `open` follows whether it is connected
    /// and `on_event` hears every event. `None` if the browser refused.
    pub fn open(
        campaign_id: i64,
        open: RwSignal<bool>,
        on_event: impl Fn(LiveEvent) + 'static,
    ) -> Option<CampaignStream> {
        let mut stream = Source::open(&format!("/api/campaigns/{campaign_id}/events"), open)?;
        let on_event = std::rc::Rc::new(on_event);
        let source = stream.source.clone();
        for name in CampaignEventName::ALL {
            let on_event = on_event.clone();
            let source = source.clone();
            stream.listen(name.as_str(), move |event| {
                let event = match name {
                    CampaignEventName::Counts => LiveEvent::Counts,
                    CampaignEventName::Status => LiveEvent::Status,
                    CampaignEventName::Edited => LiveEvent::Edited,
                    CampaignEventName::Deleted => {
                        source.close();
                        open.try_set(false);
                        LiveEvent::Deleted
                    }
                    CampaignEventName::Stats => match data(&event) {
                        Some(stats) => LiveEvent::Stats(Box::new(stats)),
                        None => return,
                    },
                    // Only the list's stream sends these.
                    CampaignEventName::Created | CampaignEventName::Lagged => return,
                };
                on_event(event);
            });
        }
        Some(CampaignStream { _source: stream })
    }
}

/// What happened on the campaign list's stream.
#[derive(Debug, Clone, PartialEq)]
pub enum ListEvent {
    /// One campaign's counts, as they now are.
    Counts(CountsEvent),
    /// Something the rows cannot follow in place (a status change, an edit,
    /// a new or deleted campaign, missed events): read the page again.
    Reload,
}

/// The campaign list's one stream (`GET /api/events`); dropping it closes it.
pub struct ListStream {
    _source: Source,
}

impl ListStream {
    pub fn open(
        open: RwSignal<bool>,
        on_event: impl Fn(ListEvent) + 'static,
    ) -> Option<ListStream> {
        let mut stream = Source::open("/api/events", open)?;
        let on_event = std::rc::Rc::new(on_event);
        for name in CampaignEventName::ALL {
            let on_event = on_event.clone();
            stream.listen(name.as_str(), move |event| {
                let event = match name {
                    CampaignEventName::Counts => match data(&event) {
                        Some(counts) => ListEvent::Counts(counts),
                        None => ListEvent::Reload,
                    },
                    CampaignEventName::Stats => return,
                    _ => ListEvent::Reload,
                };
                on_event(event);
            });
        }
        // A reconnection may have missed anything; the first connection
        // comes just after the page's own first read.
        let on_open = on_event.clone();
        let mut first = true;
        stream.listen("open", move |_| {
            if !std::mem::take(&mut first) {
                on_open(ListEvent::Reload);
            }
        });
        Some(ListStream { _source: stream })
    }
}

/// Where a feed's requests stand.
#[derive(Debug, Default)]
struct Flight {
    /// A request is on its way.
    busy: bool,
    /// Something changed while it was: fetch once more when it lands.
    again: bool,
    /// Tickets handed out, in order: one per request and per snapshot.
    issued: u64,
    /// The ticket of the figures on screen; older ones are dropped.
    shown: u64,
}

/// One campaign's stats, refetched on request with at most one request in
/// flight: requests made while one is in flight fold into a single one
/// after it lands. The dialler publishes `counts` at most once a second, so
/// this makes at most about one request a second, however many operators'
/// actions or events arrive.
#[derive(Clone, Copy)]
pub struct StatsFeed {
    campaign_id: i64,
    stats: RwSignal<Option<CampaignStats>>,
    flight: StoredValue<Flight>,
}

impl StatsFeed {
    pub fn new(campaign_id: i64) -> StatsFeed {
        StatsFeed {
            campaign_id,
            stats: RwSignal::new(None),
            flight: StoredValue::new(Flight::default()),
        }
    }

    /// The latest figures (none until the first load).
    pub fn stats(self) -> Signal<Option<CampaignStats>> {
        self.stats.into()
    }

    /// Fetches the figures now, or after the request in flight.
    pub fn refresh(self) {
        let start = self.flight.try_update_value(|flight| {
            if flight.busy {
                flight.again = true;
                false
            } else {
                flight.busy = true;
                true
            }
        });
        if start == Some(true) {
            spawn_local(self.run());
        }
    }

    async fn run(self) {
        loop {
            let Some(ticket) = self.ticket() else { return };
            // A failed refetch keeps the figures shown; the next event or
            // snapshot tries again.
            if let Ok(stats) = api::campaign_stats(self.campaign_id).await {
                self.show(ticket, stats);
            }
            // The page may have been left while the request was out.
            let again = self.flight.try_update_value(|flight| {
                flight.busy = std::mem::take(&mut flight.again);
                flight.busy
            });
            if again != Some(true) {
                return;
            }
        }
    }

    /// Shows figures that came with the stream, unless newer ones are shown.
    pub fn snapshot(self, stats: CampaignStats) {
        if let Some(ticket) = self.ticket() {
            self.show(ticket, stats);
        }
    }

    /// Forgets the figures (the campaign was deleted); a request still out
    /// is dropped when it lands.
    pub fn clear(self) {
        if let Some(ticket) = self.ticket() {
            self.put(ticket, None);
        }
    }

    fn ticket(self) -> Option<u64> {
        self.flight.try_update_value(|flight| {
            flight.issued += 1;
            flight.issued
        })
    }

    fn show(self, ticket: u64, stats: CampaignStats) {
        self.put(ticket, Some(stats));
    }

    fn put(self, ticket: u64, stats: Option<CampaignStats>) {
        let newer = self.flight.try_update_value(|flight| {
            let newer = ticket > flight.shown;
            if newer {
                flight.shown = ticket;
            }
            newer
        });
        if newer == Some(true) {
            self.stats.try_set(stats);
        }
    }
}
