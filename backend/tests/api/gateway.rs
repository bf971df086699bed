//! The HTTP gateway against real HTTP servers on loopback: a fake voice-bot
//! runtime that refuses (429), fails (500) and accepts dial requests, and
//! Outdial's own signed webhook receiving the call events.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use chrono::{DateTime, Duration, Utc};
use outdial::dialler::engine::{Engine, EngineOptions};
use outdial::dialler::sql_store::SqlStore;
use outdial::dialler::telephony::gateway::{signature, verify, HttpGateway};
use outdial::http::{app, AppState, TelephonyHandle, WebhookSecret};
use serde_json::{json, Value};
use tokio::net::TcpListener;

use crate::campaigns::{action, create_campaign, upload};
use crate::dialler::scalar;
use crate::helpers::TestApp;

engine_tests!(
    the_http_gateway_places_calls_and_signed_events_resolve_them,
    a_bot_test_call_goes_through_the_gateway_and_its_signed_events_come_back_to_it,
);

const SECRET: &str = "a-test-secret-of-enough-length";

#[derive(Clone, Default)]
struct Gateway {
    requests: Arc<Mutex<Vec<(Value, bool)>>>,
}

async fn dial(
    State(gw): State<Gateway>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> (StatusCode, HeaderMap) {
    let timestamp: i64 = headers["x-outdial-timestamp"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    let signed = verify(
        SECRET.as_bytes(),
        timestamp,
        &body,
        headers["x-outdial-signature"].to_str().unwrap(),
    );
    let value: Value = serde_json::from_slice(&body).unwrap();
    let n = {
        let mut requests = gw.requests.lock().unwrap();
        requests.push((value, signed));
        requests.len()
    };
    let mut out = HeaderMap::new();
    match n {
        1 | 2 => {
            out.insert("retry-after", "1".parse().unwrap());
            (StatusCode::TOO_MANY_REQUESTS, out)
        }
        3 => (StatusCode::INTERNAL_SERVER_ERROR, out),
        _ => (StatusCode::ACCEPTED, out),
    }
}

async fn serve(router: Router) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    format!("http://{address}")
}

/// A window from an hour ago to three hours ahead, every day, in UTC.
fn open_window() -> Value {
    let now = Utc::now();
    let at = |t: DateTime<Utc>| t.format("%H:%M").to_string();
    json!({ "start": at(now - Duration::hours(1)), "end": at(now + Duration::hours(3)), "timezone": "UTC" })
}

async fn post_events(
    client: &reqwest::Client,
    url: &str,
    body: &Value,
    secret: &str,
    skew: i64,
) -> reqwest::StatusCode {
    let body = serde_json::to_vec(body).unwrap();
    let timestamp = Utc::now().timestamp() + skew;
    client
        .post(url)
        .header("content-type", "application/json")
        .header("x-outdial-timestamp", timestamp.to_string())
        .header(
            "x-outdial-signature",
            signature(secret.as_bytes(), timestamp, &body),
        )
        .body(body)
        .send()
        .await
        .unwrap()
        .status()
}

async fn the_http_gateway_places_calls_and_signed_events_resolve_them(app: TestApp) {
    let bot = app.create_bot("Gateway bot").await;
    let carrier = app.create_carrier("Acme").await;
    let number = app.add_number(carrier, "+912240000001").await;
    let id = create_campaign(
        &app,
        json!({
            "name": "Gateway run", "bot_id": bot, "number_ids": [number], "concurrency_limit": 2,
            "mode": "multi_day", "window": open_window(),
            "working_days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
            "max_attempts": 3, "retry_delay_minutes": 30,
            "retry_on_system_dispositions": ["error"]
        }),
    )
    .await;
    upload(
        &app,
        id,
        "phone_number,first_name\n+919000000001,Asha\n+919000000002,Ravi\n",
    )
    .await;
    action(&app, id, "start")
        .await
        .expect(axum::http::StatusCode::OK);

    let gateway = Gateway::default();
    let gateway_url = serve(
        Router::new()
            .route("/dial", post(dial))
            .with_state(gateway.clone()),
    )
    .await;
    let mut state = AppState::new(app.db.clone(), app.passwords.clone());
    state.webhook_secret = Some(WebhookSecret::new(SECRET));
    let outdial_url = serve(app_router(state)).await;
    let webhook = format!("{outdial_url}/api/telephony/events");
    let telephony = HttpGateway::new(
        format!("{gateway_url}/dial"),
        SECRET.into(),
        webhook.clone(),
    )
    .unwrap();
    let mut engine = Engine::new(
        SqlStore::new(app.db.clone()),
        Arc::new(telephony),
        EngineOptions::new("gw-test"),
    )
    .with_log();
    let t0 = Utc::now();

    // 429 twice: backpressure, not failed attempts.
    let report = engine.step(t0, Vec::new()).await.unwrap();
    assert_eq!(report.dials, 0);
    assert_eq!(
        scalar(
            &app,
            "select count(*) from attempts where campaign_id = $1",
            id
        )
        .await,
        0
    );
    assert_eq!(scalar(&app, "select count(*) from contacts where campaign_id = $1 and state = 'pending' and attempts = 0", id).await, 2);
    // Backed off for the Retry-After second.
    let report = engine
        .step(t0 + Duration::milliseconds(500), Vec::new())
        .await
        .unwrap();
    assert_eq!(report.dials, 0);
    assert_eq!(gateway.requests.lock().unwrap().len(), 2);

    // Then one 500 (the attempt ends as error and is retried later) and one accepted.
    let report = engine
        .step(t0 + Duration::seconds(1), Vec::new())
        .await
        .unwrap();
    assert_eq!(report.dials, 2);
    let requests = gateway.requests.lock().unwrap().clone();
    assert_eq!(requests.len(), 4);
    assert!(
        requests.iter().all(|(_, signed)| *signed),
        "dial requests are signed"
    );
    assert_eq!(
        scalar(
            &app,
            "select count(*) from attempts where campaign_id = $1 and disposition = 'error'",
            id
        )
        .await,
        1
    );
    assert_eq!(
        scalar(
            &app,
            "select count(*) from contacts where campaign_id = $1 and state = 'retry'",
            id
        )
        .await,
        1
    );
    let accepted = &requests[3].0;
    assert_eq!(accepted["callback_url"], webhook);
    assert_eq!(accepted["from"], "+912240000001");
    assert_eq!(accepted["bot_id"], bot);
    assert_eq!(accepted["attempt_no"], 1);
    let name = accepted["variables"]["first_name"].as_str().unwrap();
    assert!(name == "Asha" || name == "Ravi", "{accepted}");
    let attempt = accepted["attempt_id"].as_i64().unwrap();

    let client = reqwest::Client::new();
    let answered = json!({ "attempt_id": attempt, "event": "answered", "machine": false });
    let ended = json!({ "attempt_id": attempt, "event": "ended", "disposition": "connected",
                        "duration_s": 42, "business_disposition": "interested" });
    // Wrong secret and stale timestamps are refused.
    assert_eq!(
        post_events(&client, &webhook, &ended, "not-the-secret-at-all", 0).await,
        401
    );
    assert_eq!(
        post_events(&client, &webhook, &ended, SECRET, -3_600).await,
        401
    );
    assert_eq!(
        scalar(
            &app,
            "select count(*) from attempts where campaign_id = $1 and ended_at is null",
            id
        )
        .await,
        1
    );
    // In order, then again, then out of order: applied once, harmlessly.
    let ringing = json!({ "attempt_id": attempt, "event": "ringing" });
    assert_eq!(
        post_events(&client, &webhook, &json!([ringing, answered]), SECRET, 0).await,
        200
    );
    assert_eq!(post_events(&client, &webhook, &ended, SECRET, 0).await, 200);
    assert_eq!(post_events(&client, &webhook, &ended, SECRET, 0).await, 200);
    assert_eq!(
        post_events(&client, &webhook, &answered, SECRET, 0).await,
        200
    );
    assert_eq!(
        post_events(
            &client,
            &webhook,
            &json!({ "attempt_id": 999_999, "event": "ringing" }),
            SECRET,
            0
        )
        .await,
        200
    );
    assert_eq!(
        scalar(
            &app,
            "select count(*) from attempts where campaign_id = $1 and ended_at is null",
            id
        )
        .await,
        0
    );
    assert_eq!(
        scalar(&app, "select cast(duration_s as bigint) from attempts where campaign_id = $1 and disposition = 'connected'", id).await,
        42
    );
    assert_eq!(scalar(&app, "select count(*) from contacts where campaign_id = $1 and state = 'done' and done_reason = 'reached'", id).await, 1);
    let bad = json!({ "attempt_id": attempt, "event": "ended" });
    assert_eq!(post_events(&client, &webhook, &bad, SECRET, 0).await, 400);
}

/// The wire contract for test calls (docs/dialler.md): the dial request
/// names the call by its id negated, with no campaign or contact; the
/// gateway's refusals end it at once with the reason; its signed events,
/// carrying the same negative id, move the test call and never an attempt.
async fn a_bot_test_call_goes_through_the_gateway_and_its_signed_events_come_back_to_it(
    app: TestApp,
) {
    let bot = app.create_bot("Gateway bot").await;
    let carrier = app.create_carrier("Acme").await;
    let number = app.add_number(carrier, "+912240000001").await;
    let gateway = Gateway::default();
    let gateway_url = serve(
        Router::new()
            .route("/dial", post(dial))
            .with_state(gateway.clone()),
    )
    .await;
    let mut state = AppState::new(app.db.clone(), app.passwords.clone());
    state.webhook_secret = Some(WebhookSecret::new(SECRET));
    let webhook_of = |base: &str| format!("{base}/api/telephony/events");
    // The gateway's callback is only used in the dial request's body.
    let telephony = HttpGateway::new(
        format!("{gateway_url}/dial"),
        SECRET.into(),
        "http://127.0.0.1:9/api/telephony/events".into(),
    )
    .unwrap();
    state.telephony = Some(TelephonyHandle {
        telephony: Arc::new(telephony),
        simulated: false,
    });
    let outdial_url = serve(app_router(state)).await;
    let client = reqwest::Client::new();
    let place = || async {
        let response = client
            .post(format!("{outdial_url}/api/bots/{bot}/test-calls"))
            .header("cookie", &app.admin_cookie)
            .json(&json!({ "to": "+919812345678", "from_number_id": number }))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 201);
        response.json::<Value>().await.unwrap()
    };
    // The fake gateway answers 429, 429, 500, then 202.
    for _ in 0..2 {
        let call = place().await;
        assert_eq!(call["status"], "ended", "{call}");
        assert_eq!(
            call["error"],
            "The gateway is busy or unreachable: the call was not placed."
        );
    }
    let refused = place().await;
    assert!(
        refused["error"]
            .as_str()
            .unwrap()
            .starts_with("The gateway refused the call"),
        "{refused}"
    );
    let call = place().await;
    assert_eq!(call["status"], "dialling", "{call}");
    let id = call["id"].as_i64().unwrap();
    let (request, signed) = gateway.requests.lock().unwrap()[3].clone();
    assert!(signed);
    assert_eq!(request["attempt_id"], -id);
    assert_eq!(request["campaign_id"], 0);
    assert_eq!(request["contact_id"], 0);
    assert_eq!(request["bot_id"], bot);
    assert_eq!(request["variables"], json!({ "test_call": true }));
    let events = json!([
        { "attempt_id": -id, "event": "answered", "machine": false },
        { "attempt_id": -id, "event": "ended", "disposition": "connected", "duration_s": 12 },
    ]);
    assert_eq!(
        post_events(&client, &webhook_of(&outdial_url), &events, SECRET, 0).await,
        200
    );
    let calls: Value = client
        .get(format!("{outdial_url}/api/bots/{bot}/test-calls"))
        .header("cookie", &app.admin_cookie)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(calls[0]["id"], id);
    assert_eq!(calls[0]["status"], "ended", "{calls}");
    assert_eq!(calls[0]["passed"], true);
    assert_eq!(calls[0]["duration_seconds"], 12);
    assert_eq!(
        scalar(&app, "select count(*) from attempts where id = $1", -id).await,
        0
    );
}

fn app_router(state: AppState) -> Router {
    app(state)
}
