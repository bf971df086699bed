//! Bots: create, read, list, edit and delete; a bot in use stays.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::TestApp;

engine_tests!(
    bots_can_be_created_read_listed_edited_and_deleted,
    a_bot_needs_a_unique_name,
    a_bot_in_use_by_a_campaign_cannot_be_deleted,
    a_missing_bot_is_a_404,
);

async fn bots_can_be_created_read_listed_edited_and_deleted(app: TestApp) {
    let created = app
        .post(
            "/api/bots",
            json!({ "name": "  Sales bot ", "description": "Renewals" }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(created["name"], "Sales bot");
    assert_eq!(created["description"], "Renewals");
    assert_eq!(created["callback_enabled"], false);
    assert_eq!(created["ready"], false);
    assert!(
        created["created_at"].as_str().unwrap().ends_with('Z'),
        "{created}"
    );
    let id = created["id"].as_i64().unwrap();

    let other = app
        .post(
            "/api/bots",
            json!({ "name": "Appointments", "callback_enabled": true, "ready": true }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(other["callback_enabled"], true);
    assert_eq!(other["ready"], true);
    assert_eq!(other["description"], "");

    assert_eq!(
        app.get(&format!("/api/bots/{id}"))
            .await
            .expect(StatusCode::OK),
        created
    );
    let list = app.get("/api/bots").await.expect(StatusCode::OK);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Appointments", "Sales bot"]);

    let edited = app
        .patch(
            &format!("/api/bots/{id}"),
            json!({ "ready": true, "description": "" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(edited["name"], "Sales bot");
    assert_eq!(edited["ready"], true);
    assert_eq!(edited["callback_enabled"], false);
    assert_eq!(edited["description"], "");
    assert!(
        crate::helpers::instant(&edited["updated_at"])
            >= crate::helpers::instant(&created["updated_at"])
    );
    assert_eq!(edited["created_at"], created["created_at"]);
    assert_eq!(
        app.get(&format!("/api/bots/{id}"))
            .await
            .expect(StatusCode::OK),
        edited
    );

    app.delete(&format!("/api/bots/{id}"))
        .await
        .expect(StatusCode::NO_CONTENT);
    app.get(&format!("/api/bots/{id}"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        app.get("/api/bots")
            .await
            .expect(StatusCode::OK)
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        app.audit_actions().await,
        ["bot_created", "bot_created", "bot_edited", "bot_deleted"]
    );
}

async fn a_bot_needs_a_unique_name(app: TestApp) {
    let error = app
        .post("/api/bots", json!({ "description": "no name" }))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(error["fields"]["name"], "Name is required.");
    let error = app
        .post(
            "/api/bots",
            json!({ "name": "x".repeat(121), "description": "y".repeat(2001) }),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(
        error["fields"]["name"].is_string() && error["fields"]["description"].is_string(),
        "{error}"
    );

    app.create_bot("Sales").await;
    let error = app
        .post("/api/bots", json!({ "name": "Sales" }))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert!(
        error["message"].as_str().unwrap().contains("\"Sales\""),
        "{error}"
    );

    let other = app.create_bot("Support").await;
    app.patch(&format!("/api/bots/{other}"), json!({ "name": "Sales" }))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    app.patch(&format!("/api/bots/{other}"), json!({ "name": "" }))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(
        app.get(&format!("/api/bots/{other}"))
            .await
            .expect(StatusCode::OK)["name"],
        "Support"
    );
}

async fn a_bot_in_use_by_a_campaign_cannot_be_deleted(app: TestApp) {
    let bot = app.create_bot("Collections").await;
    app.insert_campaign("March reminders", bot).await;
    let error = app
        .delete(&format!("/api/bots/{bot}"))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert_eq!(
        error["message"],
        "The bot \"Collections\" cannot be deleted: it is used by campaign \"March reminders\"."
    );
    app.get(&format!("/api/bots/{bot}"))
        .await
        .expect(StatusCode::OK);
    // It can still be edited.
    app.patch(&format!("/api/bots/{bot}"), json!({ "ready": true }))
        .await
        .expect(StatusCode::OK);
}

async fn a_missing_bot_is_a_404(app: TestApp) {
    for path in ["/api/bots/424242", "/api/bots/not-a-number"] {
        app.get(path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
        app.patch(path, json!({ "ready": true }))
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
        app.delete(path)
            .await
            .expect_error(StatusCode::NOT_FOUND, "not_found");
    }
}
