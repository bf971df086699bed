//! `GET /api/campaigns/{id}/preflight`: the pre-launch check from the
//! stored data, on both engines (the rules themselves: shared::preflight).

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::campaigns::{config, create_campaign, fixture, upload};
use crate::helpers::TestApp;

engine_tests!(
    the_preflight_warns_a_window_outside_legal_hours_per_country,
    the_preflight_fails_a_list_that_is_empty_or_all_excluded,
    the_preflight_passes_a_campaign_that_is_ready,
    the_preflight_of_a_missing_campaign_is_not_found,
    an_unsaved_configuration_is_judged_with_the_files_figures,
    an_unsaved_edit_without_a_file_is_judged_with_the_stored_list,
    an_invalid_unsaved_configuration_is_refused_field_by_field,
);

fn item<'a>(preflight: &'a Value, check: &str) -> &'a Value {
    preflight["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["check"] == check)
        .unwrap_or_else(|| panic!("no {check} item in {preflight}"))
}

async fn the_preflight_warns_a_window_outside_legal_hours_per_country(app: TestApp) {
    let f = fixture(&app).await;
    let mut body = config("Early", f.bot, &[f.in_number, f.us_number]);
    body["window"] = json!({ "start": "08:00", "end": "20:00", "timezone": "Asia/Kolkata" });
    let id = create_campaign(&app, body).await;
    upload(
        &app,
        id,
        "phone_number\n+919876500001\n+919876500002\n+919876500003\n+14155550123\n",
    )
    .await;
    let p = app
        .get(&format!("/api/campaigns/{id}/preflight"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(p["verdict"], "warn", "{p}");
    let numbers = item(&p, "numbers");
    assert_eq!(numbers["verdict"], "pass");
    assert_eq!(
        numbers["reasons"][0],
        "2 outbound numbers on one carrier (Carrier), 10 calls per second together."
    );
    let window = item(&p, "window");
    assert_eq!(window["verdict"], "warn");
    let reasons: Vec<&str> = window["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("3 contacts in India: the window is 08:00–20:00")),
        "{reasons:?}"
    );
    assert!(
        reasons
            .iter()
            .any(|r| r.starts_with("1 contact in the United States")),
        "{reasons:?}"
    );
    let contacts = item(&p, "contacts");
    assert_eq!(
        contacts["reasons"].as_array().unwrap().last().unwrap(),
        "Countries: India 3, the United States 1."
    );
    // The fixture's bot was never marked ready.
    assert_eq!(item(&p, "bot")["verdict"], "warn");
}

async fn the_preflight_fails_a_list_that_is_empty_or_all_excluded(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Empty", f.bot, &[f.in_number])).await;
    let p = app
        .get(&format!("/api/campaigns/{id}/preflight"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(p["verdict"], "fail", "{p}");
    assert_eq!(item(&p, "contacts")["verdict"], "fail");
    upload(&app, id, "phone_number\n+919876500001\n").await;
    app.post(
        &format!("/api/campaigns/{id}/exclusions"),
        json!({ "phone_numbers": ["+919876500001"] }),
    )
    .await
    .expect(StatusCode::OK);
    let p = app
        .get(&format!("/api/campaigns/{id}/preflight"))
        .await
        .expect(StatusCode::OK);
    let contacts = item(&p, "contacts");
    assert_eq!(contacts["verdict"], "fail", "{contacts}");
    assert_eq!(contacts["reasons"][0], "1 excluded, never dialled.");
}

async fn the_preflight_passes_a_campaign_that_is_ready(app: TestApp) {
    let f = fixture(&app).await;
    app.patch(&format!("/api/bots/{}", f.bot), json!({ "ready": true }))
        .await
        .expect(StatusCode::OK);
    app.pass_test_call(f.bot, f.in_number).await;
    let id = create_campaign(&app, config("Ready", f.bot, &[f.in_number])).await;
    upload(&app, id, "phone_number\n+919876500001\n+919876500002\n").await;
    let p = app
        .get(&format!("/api/campaigns/{id}/preflight"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(p["verdict"], "pass", "{p}");
    assert_eq!(p["items"].as_array().unwrap().len(), 5);
    assert_eq!(item(&p, "bot")["title"], "The bot is ready for live use");
    assert!(
        item(&p, "bot")["reasons"][0]
            .as_str()
            .unwrap()
            .contains("its last test call passed"),
        "{p}"
    );
    let window = item(&p, "window")["reasons"].to_string();
    assert!(
        window.contains("India: the window is inside the usual legal calling hours"),
        "{window}"
    );
}

async fn the_preflight_of_a_missing_campaign_is_not_found(app: TestApp) {
    app.get("/api/campaigns/999/preflight")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

async fn an_unsaved_configuration_is_judged_with_the_files_figures(app: TestApp) {
    let f = fixture(&app).await;
    let mut campaign = config("Not saved", f.bot, &[f.in_number]);
    campaign["window"] =
        json!({ "start": "07:00", "end": "22:00", "timezone": "America/New_York" });
    let p = app
        .post(
            "/api/preflight",
            json!({
                "campaign": campaign,
                "contacts": { "total": 1200, "regions": [
                    { "region": "US", "contacts": 1000 },
                    { "region": "IN", "contacts": 200 },
                ] },
            }),
        )
        .await
        .expect(StatusCode::OK);
    let contacts = item(&p, "contacts");
    assert!(
        contacts["reasons"][0]
            .as_str()
            .unwrap()
            .starts_with("1,200 contacts to call; the file's numbers were checked in this browser"),
        "{contacts}"
    );
    let window = item(&p, "window");
    assert_eq!(window["verdict"], "warn", "{window}");
    let reasons = window["reasons"].to_string();
    assert!(
        reasons.contains("1,000 contacts in the United States"),
        "{reasons}"
    );
    assert!(reasons.contains("200 contacts in India"), "{reasons}");
    // Nothing was stored.
    let list = app.get("/api/campaigns").await.expect(StatusCode::OK);
    assert_eq!(list["total"], 0, "{list}");
}

async fn an_unsaved_edit_without_a_file_is_judged_with_the_stored_list(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Stored", f.bot, &[f.in_number])).await;
    upload(&app, id, "phone_number\n+919876500001\n+919876500002\n").await;
    let p = app
        .post(
            "/api/preflight",
            json!({ "campaign": config("Stored", f.bot, &[f.in_number]), "campaign_id": id }),
        )
        .await
        .expect(StatusCode::OK);
    let contacts = item(&p, "contacts")["reasons"].to_string();
    assert!(
        contacts.contains("2 contacts to call; every stored number"),
        "{contacts}"
    );
    assert!(contacts.contains("Countries: India 2."), "{contacts}");
    app.post(
        "/api/preflight",
        json!({ "campaign": config("Stored", f.bot, &[f.in_number]), "campaign_id": 999 }),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "not_found");
}

async fn an_invalid_unsaved_configuration_is_refused_field_by_field(app: TestApp) {
    let f = fixture(&app).await;
    let mut campaign = config("Bad", f.bot, &[f.in_number]);
    campaign["window"] = json!({ "start": "25:00", "end": "18:00", "timezone": "Asia/Kolkata" });
    let body = app
        .post("/api/preflight", json!({ "campaign": campaign }))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        body["error"]["fields"].to_string().contains("window.start"),
        "{body}"
    );
}
