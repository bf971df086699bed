//! The detail page's data: stats from the contacts and attempts tables,
//! the audit trail, and the live event stream.

use std::time::Duration;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::json;
use tower::ServiceExt;

use crate::campaigns::{action, config, create_campaign, execute, fixture, upload};
use crate::helpers::TestApp;

engine_tests!(
    stats_count_states_dispositions_machines_live_calls_and_callbacks,
    the_event_stream_sends_a_snapshot_and_then_status_changes,
    the_list_stream_carries_every_campaigns_creation_status_counts_and_deletion,
    the_audit_trail_is_newest_first_and_paged,
);

async fn stats_count_states_dispositions_machines_live_calls_and_callbacks(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Stats", f.bot, &[f.us_number])).await;
    upload(
        &app,
        id,
        "phone_number\n+14155550001\n+14155550002\n+14155550003\n+14155550004\n",
    )
    .await;
    action(&app, id, "start").await.expect(StatusCode::OK);
    let now = chrono::Utc::now();
    let hour = now.format("%Y-%m-%dT%H").to_string();
    let at = format!("{hour}:05:00.000Z");
    // What the dialler would write: one reached, one machine, one live, one callback.
    execute(
        &app,
        "update contacts set state = 'done', done_reason = 'reached', attempts = 1 \
                   where campaign_id = $1 and phone = '+14155550001'",
        id,
    )
    .await;
    execute(
        &app,
        "update contacts set state = 'retry', attempts = 1 \
                   where campaign_id = $1 and phone = '+14155550002'",
        id,
    )
    .await;
    execute(
        &app,
        "update contacts set state = 'in_call', attempts = 1 \
                   where campaign_id = $1 and phone = '+14155550003'",
        id,
    )
    .await;
    execute(
        &app,
        "update contacts set state = 'callback', attempts = 1, \
                   next_eligible_at = '2999-01-01T10:00:00.000Z' \
                   where campaign_id = $1 and phone = '+14155550004'",
        id,
    )
    .await;
    let insert = |phone: &str, ended: &str, disposition: &str, machine: &str, business: &str| {
        format!(
            "insert into attempts (campaign_id, contact_id, run_no, attempt_no, status, dialed_at, ended_at, \
             disposition, machine, business_disposition) \
             select campaign_id, id, 1, 1, 'x', '{at}', {ended}, {disposition}, {machine}, {business} \
             from contacts where campaign_id = $1 and phone = '{phone}'"
        )
    };
    execute(
        &app,
        &insert(
            "+14155550001",
            &format!("'{at}'"),
            "'connected'",
            "false",
            "'interested'",
        ),
        id,
    )
    .await;
    execute(
        &app,
        &insert(
            "+14155550002",
            &format!("'{at}'"),
            "'connected'",
            "true",
            "null",
        ),
        id,
    )
    .await;
    execute(
        &app,
        &insert("+14155550003", "null", "null", "null", "null"),
        id,
    )
    .await;
    execute(
        &app,
        &insert(
            "+14155550004",
            &format!("'{at}'"),
            "'connected'",
            "false",
            "'callback_requested'",
        ),
        id,
    )
    .await;

    let stats = app
        .get(&format!("/api/campaigns/{id}/stats"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(stats["status"], "running");
    assert_eq!(
        stats["contacts"],
        json!({
            "total": 4, "pending": 0, "in_call": 1, "retry": 1, "callback": 1, "done": 1, "excluded": 0
        })
    );
    assert_eq!(stats["done_reasons"], json!({ "reached": 1 }));
    assert_eq!(stats["dispositions"], json!({ "connected": 3 }));
    assert_eq!(
        stats["business_dispositions"],
        json!({ "interested": 1, "callback_requested": 1 })
    );
    assert_eq!(stats["answering_machines"], 1);
    assert_eq!(stats["attempts_total"], 4);
    assert_eq!(stats["live_calls"], 1);
    assert_eq!(stats["callbacks_scheduled"], 1);
    assert_eq!(
        crate::helpers::instant(&stats["next_callback_at"]).to_rfc3339(),
        "2999-01-01T10:00:00+00:00"
    );
    let hours = stats["attempts_per_hour"].as_array().unwrap();
    assert_eq!(hours.len(), 1, "{stats}");
    assert_eq!(hours[0]["attempts"], 4);
    assert!(
        hours[0]["hour"].as_str().unwrap().starts_with(&hour),
        "{stats}"
    );
    app.get("/api/campaigns/999/stats")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

/// Reads SSE text from `body` until `needle` appears (or a timeout).
async fn read_until(body: &mut Body, seen: &mut String, needle: &str) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while !seen.contains(needle) {
        let frame = tokio::time::timeout_at(deadline, body.frame())
            .await
            .unwrap_or_else(|_| panic!("no {needle:?} in: {seen}"))
            .expect("the stream ended")
            .unwrap();
        if let Ok(data) = frame.into_data() {
            seen.push_str(&String::from_utf8_lossy(&data));
        }
    }
}

/// `GET /api/events`: one stream for the campaign list, with each change's
/// campaign id, for campaigns created after it opened too.
async fn the_list_stream_carries_every_campaigns_creation_status_counts_and_deletion(app: TestApp) {
    let f = fixture(&app).await;
    let request = Request::builder()
        .uri("/api/events")
        .header(header::COOKIE, &app.admin_cookie)
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    let mut body = response.into_body();
    let mut seen = String::new();
    let first = create_campaign(&app, config("First", f.bot, &[f.us_number])).await;
    read_until(&mut body, &mut seen, "event: created").await;
    read_until(&mut body, &mut seen, &format!("\"campaign_id\":{first}")).await;
    upload(&app, first, "phone_number\n+14155550001\n+14155550002\n").await;
    read_until(&mut body, &mut seen, "event: counts").await;
    read_until(&mut body, &mut seen, "\"pending\":2").await;
    action(&app, first, "start").await.expect(StatusCode::OK);
    read_until(&mut body, &mut seen, "\"status\":\"running\"").await;
    let second = create_campaign(&app, config("Second", f.bot, &[f.us_number])).await;
    app.delete(&format!("/api/campaigns/{second}"))
        .await
        .expect(StatusCode::NO_CONTENT);
    read_until(&mut body, &mut seen, "event: deleted").await;
    read_until(
        &mut body,
        &mut seen,
        &format!("{{\"type\":\"deleted\",\"campaign_id\":{second}}}"),
    )
    .await;
    // The stream outlives a deleted campaign: it is the list's, not the row's.
    app.post(
        &format!("/api/campaigns/{first}/exclusions"),
        json!({ "phone_numbers": ["+14155550001"] }),
    )
    .await
    .expect(StatusCode::OK);
    read_until(&mut body, &mut seen, "\"excluded\":1").await;
}

async fn the_event_stream_sends_a_snapshot_and_then_status_changes(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Live", f.bot, &[f.us_number])).await;
    upload(&app, id, "phone_number\n+14155550001\n").await;
    let request = Request::builder()
        .uri(format!("/api/campaigns/{id}/events"))
        .header(header::COOKIE, &app.admin_cookie)
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "text/event-stream"
    );
    let mut body = response.into_body();
    let mut seen = String::new();
    read_until(&mut body, &mut seen, "event: stats").await;
    read_until(&mut body, &mut seen, "\n\n").await;
    assert!(seen.contains("\"total\":1"), "{seen}");
    action(&app, id, "start").await.expect(StatusCode::OK);
    read_until(&mut body, &mut seen, "event: status").await;
    read_until(&mut body, &mut seen, "\"status\":\"running\"").await;
    app.post(
        &format!("/api/campaigns/{id}/exclusions"),
        json!({ "phone_numbers": ["+14155550001"] }),
    )
    .await
    .expect(StatusCode::OK);
    read_until(&mut body, &mut seen, "event: counts").await;
    read_until(&mut body, &mut seen, "\"excluded\":1").await;
    app.get("/api/campaigns/999/events")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

async fn the_audit_trail_is_newest_first_and_paged(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Audit", f.bot, &[f.us_number])).await;
    for n in 1..=55 {
        app.patch(
            &format!("/api/campaigns/{id}"),
            json!({ "concurrency_limit": n }),
        )
        .await
        .expect(StatusCode::OK);
    }
    let first = app
        .get(&format!("/api/campaigns/{id}/audit"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(first["total"], 56);
    assert_eq!(first["items"].as_array().unwrap().len(), 50);
    assert_eq!(
        first["items"][0]["details"],
        json!({ "changed": ["concurrency_limit"] })
    );
    let second = app
        .get(&format!("/api/campaigns/{id}/audit?page=2"))
        .await
        .expect(StatusCode::OK);
    let last = second["items"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["action"], "campaign_created");
    assert_eq!(last["actor"], "user:admin");
    assert_eq!(last["details"], json!({ "name": "Audit" }));
}
