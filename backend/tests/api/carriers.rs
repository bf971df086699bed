//! Carriers: their calls-per-second limit, their numbers, and deletion.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::TestApp;

engine_tests!(
    carriers_can_be_created_read_listed_edited_and_deleted,
    the_cps_limit_must_be_between_1_and_1000,
    a_carrier_needs_a_unique_name,
    deleting_a_carrier_deletes_its_numbers,
    a_carrier_whose_number_a_campaign_uses_cannot_be_deleted,
    a_missing_carrier_is_a_404,
);

async fn carriers_can_be_created_read_listed_edited_and_deleted(app: TestApp) {
    let created = app
        .post("/api/carriers", json!({ "name": "Twilio" }))
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(created["name"], "Twilio");
    assert_eq!(created["cps_limit"], 10);
    assert_eq!(created["numbers"], json!([]));
    let id = created["id"].as_i64().unwrap();
    let plivo = app
        .post(
            "/api/carriers",
            json!({ "name": "Plivo", "cps_limit": 1000 }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(plivo["cps_limit"], 1000);

    let number = app.add_number(id, "+1 415 555 2671").await;
    let read = app
        .get(&format!("/api/carriers/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(read["numbers"].as_array().unwrap().len(), 1);
    assert_eq!(read["numbers"][0]["id"], number);
    assert_eq!(read["numbers"][0]["number"], "+14155552671");

    let list = app.get("/api/carriers").await.expect(StatusCode::OK);
    let names: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Plivo", "Twilio"]);
    assert_eq!(list[0]["numbers"], json!([]));
    assert_eq!(list[1], read);

    let edited = app
        .patch(&format!("/api/carriers/{id}"), json!({ "cps_limit": 25 }))
        .await
        .expect(StatusCode::OK);
    assert_eq!(edited["cps_limit"], 25);
    assert_eq!(edited["name"], "Twilio");
    assert_eq!(edited["numbers"], read["numbers"]);
    let renamed = app
        .patch(
            &format!("/api/carriers/{id}"),
            json!({ "name": "Twilio US" }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(renamed["cps_limit"], 25);
    assert_eq!(renamed["name"], "Twilio US");

    app.delete(&format!("/api/carriers/{id}"))
        .await
        .expect(StatusCode::NO_CONTENT);
    app.get(&format!("/api/carriers/{id}"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        app.get("/api/carriers")
            .await
            .expect(StatusCode::OK)
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

async fn the_cps_limit_must_be_between_1_and_1000(app: TestApp) {
    for cps in [json!(0), json!(1001), json!(-5)] {
        let error = app
            .post("/api/carriers", json!({ "name": "Edge", "cps_limit": cps }))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert_eq!(
            error["fields"]["cps_limit"],
            "The calls-per-second limit must be between 1 and 1000."
        );
    }
    app.post(
        "/api/carriers",
        json!({ "name": "Edge", "cps_limit": "ten" }),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    let error = app
        .post("/api/carriers", json!({ "name": "", "cps_limit": 0 }))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(error["message"], "Some fields are not valid.");
    assert!(error["fields"]["name"].is_string() && error["fields"]["cps_limit"].is_string());

    let id = app.create_carrier("Edge").await;
    app.patch(&format!("/api/carriers/{id}"), json!({ "cps_limit": 1 }))
        .await
        .expect(StatusCode::OK);
    app.patch(&format!("/api/carriers/{id}"), json!({ "cps_limit": 0 }))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    let read = app
        .get(&format!("/api/carriers/{id}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(read["cps_limit"], 1);
}

async fn a_carrier_needs_a_unique_name(app: TestApp) {
    app.create_carrier("Exotel").await;
    let error = app
        .post("/api/carriers", json!({ "name": " Exotel " }))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert_eq!(
        error["message"],
        "A carrier named \"Exotel\" already exists."
    );
    let other = app.create_carrier("Knowlarity").await;
    app.patch(
        &format!("/api/carriers/{other}"),
        json!({ "name": "Exotel" }),
    )
    .await
    .expect_error(StatusCode::CONFLICT, "conflict");
}

async fn deleting_a_carrier_deletes_its_numbers(app: TestApp) {
    let doomed = app.create_carrier("Doomed").await;
    let kept = app.create_carrier("Kept").await;
    app.add_number(doomed, "+14155552671").await;
    let kept_number = app.add_number(kept, "+919876543210").await;
    app.delete(&format!("/api/carriers/{doomed}"))
        .await
        .expect(StatusCode::NO_CONTENT);
    let numbers = app.get("/api/numbers").await.expect(StatusCode::OK);
    assert_eq!(numbers.as_array().unwrap().len(), 1);
    assert_eq!(numbers[0]["id"], kept_number);
    // The number is free to be added again.
    app.add_number(kept, "+14155552671").await;
}

async fn a_carrier_whose_number_a_campaign_uses_cannot_be_deleted(app: TestApp) {
    let carrier = app.create_carrier("Busy").await;
    let number = app.add_number(carrier, "+14155552671").await;
    let bot = app.create_bot("Bot").await;
    let campaign = app.insert_campaign("Renewals", bot).await;
    app.add_to_pool(campaign, number).await;
    let error = app
        .delete(&format!("/api/carriers/{carrier}"))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert_eq!(
        error["message"],
        "The carrier \"Busy\" cannot be deleted: its numbers are used by campaign \"Renewals\"."
    );
    let read = app
        .get(&format!("/api/carriers/{carrier}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(read["numbers"].as_array().unwrap().len(), 1);
}

async fn a_missing_carrier_is_a_404(app: TestApp) {
    app.get("/api/carriers/77")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    app.patch("/api/carriers/77", json!({ "cps_limit": 5 }))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    app.delete("/api/carriers/77")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    app.post(
        "/api/carriers/77/numbers",
        json!({ "number": "+14155552671" }),
    )
    .await
    .expect_error(StatusCode::NOT_FOUND, "not_found");
    assert_eq!(
        app.get("/api/numbers").await.expect(StatusCode::OK),
        json!([])
    );
}
