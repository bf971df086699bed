//! The demo workspace `serve` creates on the first start of an empty
//! database (`outdial::demo`).

use axum::http::StatusCode;
use outdial::demo::{seed, CAMPAIGN_NAME, CONTACTS};
use outdial::http::AppState;

use crate::helpers::TestApp;

engine_tests!(
    the_demo_is_a_ready_bot_a_carrier_with_three_numbers_and_a_draft_of_2000_contacts,
    the_demo_is_never_created_beside_an_existing_bot_carrier_or_campaign,
);

async fn admin_id(app: &TestApp) -> i64 {
    app.get("/api/auth/me").await.expect(StatusCode::OK)["user_id"]
        .as_i64()
        .unwrap()
}

async fn the_demo_is_a_ready_bot_a_carrier_with_three_numbers_and_a_draft_of_2000_contacts(
    app: TestApp,
) {
    let state = AppState::new(app.db.clone(), app.passwords.clone());
    let demo = seed(&state, admin_id(&app).await)
        .await
        .unwrap()
        .expect("an empty database gets the demo");

    let bots = app.get("/api/bots").await.expect(StatusCode::OK);
    assert_eq!(bots.as_array().unwrap().len(), 1);
    assert_eq!(bots[0]["ready"], true);
    assert_eq!(bots[0]["callback_enabled"], true);
    let carriers = app.get("/api/carriers").await.expect(StatusCode::OK);
    assert_eq!(carriers.as_array().unwrap().len(), 1);
    assert_eq!(carriers[0]["cps_limit"], 5);
    let numbers = carriers[0]["numbers"].as_array().unwrap();
    assert_eq!(numbers.len(), 3);
    let inbound: Vec<bool> = numbers
        .iter()
        .map(|n| n["inbound_only"].as_bool().unwrap())
        .collect();
    assert_eq!(inbound.iter().filter(|i| **i).count(), 1, "{carriers}");

    let campaign = app
        .get(&format!("/api/campaigns/{}", demo.campaign_id))
        .await
        .expect(StatusCode::OK);
    assert_eq!(campaign["name"], CAMPAIGN_NAME);
    assert_eq!(campaign["status"], "draft");
    assert_eq!(campaign["counts"]["total"], CONTACTS);
    assert_eq!(campaign["number_ids"].as_array().unwrap().len(), 2);
    assert_eq!(campaign["working_days"].as_array().unwrap().len(), 7);
    // Created as the admin, through the API: the audit trail says so.
    let audit = app
        .get(&format!("/api/campaigns/{}/audit", demo.campaign_id))
        .await
        .expect(StatusCode::OK);
    let actions: Vec<&str> = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert_eq!(
        actions,
        ["contacts_uploaded", "campaign_created"],
        "{audit}"
    );
    assert_eq!(audit["items"][0]["actor"], "user:admin");
    // Ready to start: the demo dials at once.
    crate::campaigns::action(&app, demo.campaign_id, "start")
        .await
        .expect(StatusCode::OK);
    // Its session is gone.
    let sessions: i64 = match &app.db {
        outdial::db::Db::Sqlite(pool) => sqlx::query_scalar("select count(*) from sessions")
            .fetch_one(pool)
            .await
            .unwrap(),
        outdial::db::Db::Postgres(pool) => sqlx::query_scalar("select count(*) from sessions")
            .fetch_one(pool)
            .await
            .unwrap(),
    };
    assert_eq!(sessions, 1, "only the test's own session is left");
}

async fn the_demo_is_never_created_beside_an_existing_bot_carrier_or_campaign(app: TestApp) {
    let state = AppState::new(app.db.clone(), app.passwords.clone());
    let admin = admin_id(&app).await;
    let carrier = app.create_carrier("Mine").await;
    assert_eq!(seed(&state, admin).await.unwrap(), None);
    app.delete(&format!("/api/carriers/{carrier}")).await;
    let bot = app.create_bot("Mine").await;
    assert_eq!(seed(&state, admin).await.unwrap(), None);
    // With a campaign (and its bot and number) too.
    let carrier = app.create_carrier("Mine too").await;
    let number = app.add_number(carrier, "+912240000009").await;
    crate::campaigns::create_campaign(
        &app,
        serde_json::json!({ "name": "Mine", "bot_id": bot, "number_ids": [number] }),
    )
    .await;
    assert_eq!(seed(&state, admin).await.unwrap(), None);
    let campaigns = app.get("/api/campaigns").await.expect(StatusCode::OK);
    assert_eq!(campaigns["total"], 1, "nothing was added: {campaigns}");
}
