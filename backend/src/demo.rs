//! The demo workspace: on the first start of an empty database (`serve`
//! created the `admin` operator just now and there is no bot, carrier or
//! campaign), a ready bot with a test call (through the simulated carrier
//! only), a carrier with three numbers and a draft campaign
//! of 2,000 generated contacts, so a newcomer can press Start at once and
//! watch the simulated carrier's calls. `--no-demo` or `OUTDIAL_DEMO=0`
//! leaves the database empty.
//!
//! Everything is created through the API's own routes (the real router, a
//! short-lived session of `admin`), so the demo passes exactly the checks an
//! operator's input does and the audit trail says who made it.

use anyhow::{bail, Context};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::auth::{self, secret};
use crate::http::{app, AppState};
use crate::store::{self, Timestamp};

/// The demo campaign's name.
pub const CAMPAIGN_NAME: &str = "Demo — renewal reminders";
/// How many contacts it holds.
pub const CONTACTS: usize = 2_000;

/// What the demo holds, for the sign-in line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Demo {
    pub campaign_id: i64,
}

/// Whether `OUTDIAL_DEMO` asks for no demo (`0`, `false`, `no`, `off`).
pub fn refused_by_env(value: Option<&str>) -> bool {
    value.is_some_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "0" | "false" | "no" | "off"
        )
    })
}

/// The demo's contacts as a CSV: Indian mobile numbers written the way
/// spreadsheets hold them, with a name, a plan and a renewal date.
pub fn contacts_csv() -> String {
    const NAMES: [&str; 8] = [
        "Asha Verma",
        "Ravi Kumar",
        "\"Iyer, Lakshmi\"",
        "Dev Patel",
        "Meera Nair",
        "Arjun Singh",
        "Fatima Khan",
        "Kiran Rao",
    ];
    const PLANS: [&str; 3] = ["Basic", "Plus", "Family"];
    let mut csv = String::from("phone_number,name,plan,renewal_date\n");
    for i in 0..CONTACTS {
        let day = 1 + i % 28;
        csv.push_str(&format!(
            "98{:08},{},{},2027-01-{day:02}\n",
            10_000_000 + i * 37,
            NAMES[i % NAMES.len()],
            PLANS[i % PLANS.len()],
        ));
    }
    csv
}

/// Creates the demo workspace unless the database holds any bot, carrier
/// or campaign; `admin_id` is the operator it is created as.
pub async fn seed(state: &AppState, admin_id: i64) -> anyhow::Result<Option<Demo>> {
    if store::bots::list(&state.db).await?.len() + store::carriers::list(&state.db).await?.len() > 0
        || store::campaigns::count_all(&state.db).await? > 0
    {
        return Ok(None);
    }
    let session = secret::session_secret();
    let now = Timestamp::now();
    let hash = secret::hash(&session);
    store::sessions::create(
        &state.db,
        &hash,
        admin_id,
        now,
        now + auth::SESSION_LIFETIME,
    )
    .await?;
    let api = Api {
        state,
        cookie: format!("{}={session}", auth::SESSION_COOKIE),
    };
    let created = create(&api).await;
    // The session was only for these requests.
    store::sessions::delete(&state.db, &hash).await?;
    created.map(Some)
}

async fn create(api: &Api<'_>) -> anyhow::Result<Demo> {
    let bot = api
        .send(
            Method::POST,
            "/api/bots",
            json!({
                "name": "Demo bot",
                "description": "Answers the demo campaign's calls; the built-in simulated carrier places them, no real phone rings.",
                "callback_enabled": true,
                "ready": true,
            }),
        )
        .await?;
    let carrier = api
        .send(
            Method::POST,
            "/api/carriers",
            json!({ "name": "Demo carrier", "cps_limit": 5 }),
        )
        .await?;
    let carrier_id = id(&carrier)?;
    let mut outbound = Vec::new();
    for (number, label, inbound_only) in [
        ("+91 22 4000 0001", "Demo line 1", false),
        ("+91 22 4000 0002", "Demo line 2", false),
        ("+91 22 4000 0003", "Demo inbound line", true),
    ] {
        let added = api
            .send(
                Method::POST,
                &format!("/api/carriers/{carrier_id}/numbers"),
                json!({ "number": number, "label": label, "inbound_only": inbound_only }),
            )
            .await?;
        if !inbound_only {
            outbound.push(id(&added)?);
        }
    }
    // The bot's test call: the first demo line calls the demo's inbound
    // line through the simulated carrier, which answers it; the call passes
    // a few seconds later. Never through a real gateway.
    if api.state.telephony.as_ref().is_some_and(|t| t.simulated) {
        api.send(
            Method::POST,
            &format!("/api/bots/{}/test-calls", id(&bot)?),
            json!({ "to": "+91 22 4000 0003", "from_number_id": outbound[0] }),
        )
        .await?;
    }
    let campaign = api
        .send(
            Method::POST,
            "/api/campaigns",
            json!({
                "name": CAMPAIGN_NAME,
                "bot_id": id(&bot)?,
                "number_ids": outbound,
                "concurrency_limit": 10,
                "mode": "multi_day",
                // Open all day, every day, so Start dials at once.
                "window": { "start": "00:00", "end": "23:59", "timezone": "Asia/Kolkata" },
                "working_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
                "max_attempts": 3,
                "retry_delay_minutes": 30,
                "callback_detection": true,
            }),
        )
        .await?;
    let campaign_id = id(&campaign)?;
    let report = api
        .upload(
            &format!("/api/campaigns/{campaign_id}/contacts"),
            contacts_csv(),
        )
        .await?;
    if report["valid"] != CONTACTS {
        bail!("the demo's contacts were not all accepted: {report}");
    }
    Ok(Demo { campaign_id })
}

fn id(body: &Value) -> anyhow::Result<i64> {
    body["id"]
        .as_i64()
        .with_context(|| format!("no id in {body}"))
}

/// The API's router, called as `admin`.
struct Api<'a> {
    state: &'a AppState,
    cookie: String,
}

impl Api<'_> {
    async fn send(&self, method: Method, path: &str, body: Value) -> anyhow::Result<Value> {
        let request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::COOKIE, &self.cookie)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))?;
        self.call(request).await
    }

    async fn upload(&self, path: &str, csv: String) -> anyhow::Result<Value> {
        let request = Request::builder()
            .method(Method::PUT)
            .uri(path)
            .header(header::COOKIE, &self.cookie)
            .header(header::CONTENT_TYPE, "text/csv")
            .body(Body::from(csv))?;
        self.call(request).await
    }

    async fn call(&self, request: Request<Body>) -> anyhow::Result<Value> {
        let what = format!("{} {}", request.method(), request.uri());
        let response = app(self.state.clone()).oneshot(request).await?;
        let status = response.status();
        let bytes = axum::body::to_bytes(response.into_body(), 1 << 20).await?;
        let body: Value = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        if !(status.is_success() || status == StatusCode::CREATED) {
            bail!("creating the demo: {what} answered {status}: {body}");
        }
        Ok(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outdial_demo_0_false_no_or_off_refuses_the_demo() {
        for refused in ["0", "false", "No", " off "] {
            assert!(refused_by_env(Some(refused)), "{refused}");
        }
        for kept in [None, Some("1"), Some("true"), Some("")] {
            assert!(!refused_by_env(kept), "{kept:?}");
        }
    }

    #[test]
    fn the_demo_file_has_a_header_and_2000_distinct_numbers() {
        let csv = contacts_csv();
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("phone_number,name,plan,renewal_date"));
        let numbers: std::collections::HashSet<&str> =
            lines.map(|line| line.split(',').next().unwrap()).collect();
        assert_eq!(numbers.len(), CONTACTS);
    }
}
