//! Bot test calls (`POST|GET /api/bots/{id}/test-calls`), on both engines:
//! placed through the simulated carrier, moved along by its call events,
//! refused with the field and the reason, rate-limited per operator, and
//! kept within the carrier's calls per second together with campaign dials.

use axum::http::{header, StatusCode};
use chrono::{Duration, Utc};
use outdial::store::test_calls::{place, NewTestCall, Placed};
use serde_json::json;

use crate::campaigns::fixture;
use crate::helpers::TestApp;

engine_tests!(
    a_test_call_rings_is_answered_ends_and_passes_the_bot,
    a_number_without_country_code_is_read_in_the_calling_numbers_country,
    bad_test_calls_are_refused_with_the_field_and_the_reason,
    an_operator_may_place_five_test_calls_in_ten_minutes,
    a_test_call_takes_a_dial_of_its_carriers_calls_per_second,
    a_test_call_that_hears_no_event_for_ten_minutes_is_ended_as_timeout,
);

async fn a_test_call_rings_is_answered_ends_and_passes_the_bot(app: TestApp) {
    let f = fixture(&app).await;
    let bot = app
        .get(&format!("/api/bots/{}", f.bot))
        .await
        .expect(StatusCode::OK);
    assert_eq!(bot["last_passed_test_call"], json!(null));
    let call = app
        .post(
            &format!("/api/bots/{}/test-calls", f.bot),
            json!({ "to": "+91 98123 45678", "from_number_id": f.in_number }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(call["status"], "dialling");
    assert_eq!(call["to_number"], "+919812345678");
    assert_eq!(call["from_number"], "+919876543210");
    assert_eq!(call["placed_by"], "admin");
    assert_eq!(call["passed"], false);
    // Ringing, answered, ended: each event changes the call once.
    assert_eq!(app.finish_test_calls().await, 3);
    assert_eq!(app.finish_test_calls().await, 0);
    let calls = app
        .get(&format!("/api/bots/{}/test-calls", f.bot))
        .await
        .expect(StatusCode::OK);
    let ended = &calls[0];
    assert_eq!(ended["status"], "ended", "{ended}");
    assert_eq!(ended["disposition"], "connected");
    assert_eq!(ended["machine"], false);
    assert_eq!(ended["passed"], true);
    assert!(ended["duration_seconds"].as_i64().unwrap() >= 6, "{ended}");
    assert!(ended["answered_at"].is_string() && ended["ended_at"].is_string());
    let bot = app
        .get(&format!("/api/bots/{}", f.bot))
        .await
        .expect(StatusCode::OK);
    assert_eq!(bot["last_passed_test_call"], ended["ended_at"]);
    // The list shows the bot's own calls, newest first.
    app.post(
        &format!("/api/bots/{}/test-calls", f.bot),
        json!({ "to": "+14155550123", "from_number_id": f.us_number }),
    )
    .await
    .expect(StatusCode::CREATED);
    let calls = app
        .get(&format!("/api/bots/{}/test-calls", f.bot))
        .await
        .expect(StatusCode::OK);
    assert_eq!(calls.as_array().unwrap().len(), 2);
    assert_eq!(calls[0]["to_number"], "+14155550123");
    assert_eq!(calls[0]["status"], "dialling");
    let other = app.create_bot("Other bot").await;
    let none = app
        .get(&format!("/api/bots/{other}/test-calls"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(none, json!([]));
}

async fn a_number_without_country_code_is_read_in_the_calling_numbers_country(app: TestApp) {
    let f = fixture(&app).await;
    let call = app
        .post(
            &format!("/api/bots/{}/test-calls", f.bot),
            json!({ "to": "098123 45678", "from_number_id": f.in_number }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(call["to_number"], "+919812345678");
    let call = app
        .post(
            &format!("/api/bots/{}/test-calls", f.bot),
            json!({ "to": "(415) 555-0123", "from_number_id": f.us_number }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(call["to_number"], "+14155550123");
}

async fn bad_test_calls_are_refused_with_the_field_and_the_reason(app: TestApp) {
    let f = fixture(&app).await;
    let path = format!("/api/bots/{}/test-calls", f.bot);
    let error = app
        .post(
            &path,
            json!({ "to": "+91 98765", "from_number_id": f.in_number }),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(
        error["fields"]["to"]
            .as_str()
            .unwrap()
            .contains("too short"),
        "{error}"
    );
    let error = app
        .post(
            &path,
            json!({ "to": "+919812345678", "from_number_id": f.inbound_only }),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(
        error["fields"]["from_number_id"],
        "+14155550100 is inbound-only: it cannot place outbound calls."
    );
    let error = app
        .post(
            &path,
            json!({ "to": "+919812345678", "from_number_id": 999 }),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(error["fields"]["from_number_id"].is_string());
    app.post(
        "/api/bots/999/test-calls",
        json!({ "to": "+919812345678", "from_number_id": f.in_number }),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "not_found");
    // Nothing refused was recorded.
    let calls = app.get(&path).await.expect(StatusCode::OK);
    assert_eq!(calls, json!([]));
}

async fn an_operator_may_place_five_test_calls_in_ten_minutes(app: TestApp) {
    let f = fixture(&app).await;
    let path = format!("/api/bots/{}/test-calls", f.bot);
    for _ in 0..5 {
        app.post(
            &path,
            json!({ "to": "+919812345678", "from_number_id": f.in_number }),
        )
        .await
        .expect(StatusCode::CREATED);
    }
    let refused = app
        .post(
            &path,
            json!({ "to": "+919812345678", "from_number_id": f.in_number }),
        )
        .await;
    let retry_after: u64 = refused.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((590..=600).contains(&retry_after), "{retry_after}");
    let error = refused.expect_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("You placed 5 test calls in the last 10 minutes"),
        "{error}"
    );
    let calls = app.get(&path).await.expect(StatusCode::OK);
    assert_eq!(calls.as_array().unwrap().len(), 5);
}

async fn a_test_call_takes_a_dial_of_its_carriers_calls_per_second(app: TestApp) {
    let f = fixture(&app).await;
    let carrier = app.create_carrier("One a second").await;
    app.patch(
        &format!("/api/carriers/{carrier}"),
        json!({ "cps_limit": 1 }),
    )
    .await
    .expect(StatusCode::OK);
    let call = NewTestCall {
        bot_id: f.bot,
        placed_by: "admin",
        from_number: "+919876500001",
        to_number: "+919812345678",
        carrier_id: carrier,
        carrier_cps: 1,
    };
    let now = Utc::now();
    assert!(matches!(
        place(&app.db, &call, now).await.unwrap(),
        Placed::Recorded(_)
    ));
    // The second's one dial is taken: at the same instant, and 999 ms on.
    assert_eq!(
        place(&app.db, &call, now).await.unwrap(),
        Placed::CarrierBusy
    );
    assert_eq!(
        place(&app.db, &call, now + Duration::milliseconds(999))
            .await
            .unwrap(),
        Placed::CarrierBusy
    );
    assert!(matches!(
        place(&app.db, &call, now + Duration::seconds(1))
            .await
            .unwrap(),
        Placed::Recorded(_)
    ));
}

async fn a_test_call_that_hears_no_event_for_ten_minutes_is_ended_as_timeout(app: TestApp) {
    let f = fixture(&app).await;
    let carrier = app.create_carrier("Quiet").await;
    let call = NewTestCall {
        bot_id: f.bot,
        placed_by: "admin",
        from_number: "+919876500001",
        to_number: "+919812345678",
        carrier_id: carrier,
        carrier_cps: 10,
    };
    let now = Utc::now();
    place(&app.db, &call, now - Duration::minutes(11))
        .await
        .unwrap();
    place(&app.db, &call, now - Duration::minutes(9))
        .await
        .unwrap();
    let calls = outdial::store::test_calls::list(&app.db, f.bot, 20, now)
        .await
        .unwrap();
    assert_eq!(calls.len(), 2);
    // Newest first: nine minutes old, still waiting; eleven, given up.
    assert_eq!(calls[0].ended_at, None);
    assert_eq!(calls[1].disposition.as_deref(), Some("timeout"));
    assert_eq!(
        calls[1].ended_at.map(|at| at.timestamp()),
        Some(now.timestamp())
    );
    assert!(!calls[1].passed);
    assert!(calls[1]
        .error
        .as_deref()
        .unwrap()
        .contains("within 10 minutes"));
}
