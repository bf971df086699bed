//! Outbound numbers: E.164 storage, duplicates, labels, inbound-only, and
//! numbers in a campaign's pool.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::TestApp;

engine_tests!(
    numbers_in_common_formats_are_stored_in_e164,
    a_number_needs_a_country_code_or_a_default_region,
    a_duplicate_number_is_a_conflict_whatever_its_format,
    the_inbound_only_flag_is_kept_and_can_be_changed,
    a_number_in_a_campaign_pool_cannot_be_made_inbound_only,
    a_number_can_be_renumbered_relabelled_and_moved,
    a_number_in_a_campaign_pool_cannot_be_deleted,
);

async fn numbers_in_common_formats_are_stored_in_e164(app: TestApp) {
    let carrier = app.create_carrier("Exotel").await;
    let path = format!("/api/carriers/{carrier}/numbers");
    let cases = [
        (
            json!({ "number": "+1 (415) 555-2671", "label": "Support team" }),
            "+14155552671",
        ),
        (
            json!({ "number": "098765 43210", "default_region": "IN" }),
            "+919876543210",
        ),
        (
            json!({ "number": "020 7946 0958", "default_region": "GB" }),
            "+442079460958",
        ),
        (
            json!({ "number": "(212) 555-0123", "default_region": "us" }),
            "+12125550123",
        ),
    ];
    for (body, e164) in cases {
        let number = app
            .post(&path, body.clone())
            .await
            .expect(StatusCode::CREATED);
        assert_eq!(number["number"], e164, "{body}");
        assert_eq!(number["carrier_id"], carrier);
        assert_eq!(number["inbound_only"], false);
    }
    let list = app.get("/api/numbers").await.expect(StatusCode::OK);
    let numbers: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["number"].as_str().unwrap())
        .collect();
    assert_eq!(
        numbers,
        [
            "+12125550123",
            "+14155552671",
            "+442079460958",
            "+919876543210"
        ]
    );
    assert_eq!(list[1]["label"], "Support team");
    assert!(list[0]["label"].is_null());
}

async fn a_number_needs_a_country_code_or_a_default_region(app: TestApp) {
    let carrier = app.create_carrier("Exotel").await;
    let path = format!("/api/carriers/{carrier}/numbers");
    let error = app
        .post(&path, json!({ "number": "4155552671" }))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(
        error["fields"]["number"]
            .as_str()
            .unwrap()
            .contains("country code"),
        "{error}"
    );
    let error = app
        .post(
            &path,
            json!({ "number": "4155552671", "default_region": "Atlantis" }),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(error["fields"]["default_region"].is_string(), "{error}");
    for bad in ["+1 555", "call me", ""] {
        let error = app
            .post(&path, json!({ "number": bad }))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
        assert!(error["fields"]["number"].is_string(), "{bad}: {error}");
    }
    let error = app
        .post(
            &path,
            json!({ "number": "+14155552671", "label": "x".repeat(121) }),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(error["fields"]["label"].is_string(), "{error}");
    assert_eq!(
        app.get("/api/numbers").await.expect(StatusCode::OK),
        json!([])
    );
}

async fn a_duplicate_number_is_a_conflict_whatever_its_format(app: TestApp) {
    let first = app.create_carrier("First").await;
    let second = app.create_carrier("Second").await;
    app.add_number(first, "+14155552671").await;
    for (carrier, body) in [
        (first, json!({ "number": "+1 415-555-2671" })),
        (
            second,
            json!({ "number": "(415) 555 2671", "default_region": "US" }),
        ),
    ] {
        let error = app
            .post(&format!("/api/carriers/{carrier}/numbers"), body)
            .await
            .expect_error(StatusCode::CONFLICT, "conflict");
        assert_eq!(
            error["message"],
            "The number +14155552671 is already configured."
        );
    }
    let other = app.add_number(second, "+919876543210").await;
    app.patch(
        &format!("/api/numbers/{other}"),
        json!({ "number": "+14155552671" }),
    )
    .await
    .expect_error(StatusCode::CONFLICT, "conflict");
    assert_eq!(
        app.get("/api/numbers")
            .await
            .expect(StatusCode::OK)
            .as_array()
            .unwrap()
            .len(),
        2
    );
}

async fn the_inbound_only_flag_is_kept_and_can_be_changed(app: TestApp) {
    let carrier = app.create_carrier("Exotel").await;
    let number = app
        .post(
            &format!("/api/carriers/{carrier}/numbers"),
            json!({ "number": "+14155552671", "inbound_only": true }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(number["inbound_only"], true);
    let id = number["id"].as_i64().unwrap();
    let listed = app.get("/api/numbers").await.expect(StatusCode::OK);
    assert_eq!(listed[0]["inbound_only"], true);
    let edited = app
        .patch(
            &format!("/api/numbers/{id}"),
            json!({ "inbound_only": false }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(edited["inbound_only"], false);
    let carrier_view = app
        .get(&format!("/api/carriers/{carrier}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(carrier_view["numbers"][0]["inbound_only"], false);
}

async fn a_number_in_a_campaign_pool_cannot_be_made_inbound_only(app: TestApp) {
    let carrier = app.create_carrier("Exotel").await;
    let number = app.add_number(carrier, "+14155552671").await;
    let bot = app.create_bot("Bot").await;
    let campaign = app.insert_campaign("Spring promo", bot).await;
    app.add_to_pool(campaign, number).await;
    let error = app
        .patch(
            &format!("/api/numbers/{number}"),
            json!({ "inbound_only": true }),
        )
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert_eq!(
        error["message"],
        "The number +14155552671 cannot be made inbound-only: it is in the number pool of campaign \"Spring promo\"."
    );
    let listed = app.get("/api/numbers").await.expect(StatusCode::OK);
    assert_eq!(listed[0]["inbound_only"], false);
    // Other edits still work.
    app.patch(
        &format!("/api/numbers/{number}"),
        json!({ "label": "Sales" }),
    )
    .await
    .expect(StatusCode::OK);
}

async fn a_number_can_be_renumbered_relabelled_and_moved(app: TestApp) {
    let first = app.create_carrier("First").await;
    let second = app.create_carrier("Second").await;
    let created = app
        .post(
            &format!("/api/carriers/{first}/numbers"),
            json!({ "number": "+14155552671", "label": "Support team" }),
        )
        .await
        .expect(StatusCode::CREATED);
    let id = created["id"].as_i64().unwrap();

    let edited = app
        .patch(
            &format!("/api/numbers/{id}"),
            json!({ "number": "98765 43210", "default_region": "IN", "carrier_id": second }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(edited["number"], "+919876543210");
    assert_eq!(edited["carrier_id"], second);
    assert_eq!(edited["label"], "Support team");

    let cleared = app
        .patch(&format!("/api/numbers/{id}"), json!({ "label": "" }))
        .await
        .expect(StatusCode::OK);
    assert!(cleared["label"].is_null(), "{cleared}");
    let unchanged = app
        .patch(&format!("/api/numbers/{id}"), json!({}))
        .await
        .expect(StatusCode::OK);
    assert!(unchanged["label"].is_null());
    assert_eq!(unchanged["number"], "+919876543210");

    let error = app
        .patch(
            &format!("/api/numbers/{id}"),
            json!({ "carrier_id": 987654 }),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(error["fields"]["carrier_id"].is_string(), "{error}");
    let error = app
        .patch(&format!("/api/numbers/{id}"), json!({ "number": "12345" }))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(error["fields"]["number"].is_string(), "{error}");
    app.patch("/api/numbers/987654", json!({ "label": "x" }))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    let first_view = app
        .get(&format!("/api/carriers/{first}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(first_view["numbers"], json!([]));
}

async fn a_number_in_a_campaign_pool_cannot_be_deleted(app: TestApp) {
    let carrier = app.create_carrier("Exotel").await;
    let used = app.add_number(carrier, "+14155552671").await;
    let free = app.add_number(carrier, "+919876543210").await;
    let bot = app.create_bot("Bot").await;
    let campaign = app.insert_campaign("Spring promo", bot).await;
    app.add_to_pool(campaign, used).await;
    let error = app
        .delete(&format!("/api/numbers/{used}"))
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("\"Spring promo\""),
        "{error}"
    );
    app.delete(&format!("/api/numbers/{free}"))
        .await
        .expect(StatusCode::NO_CONTENT);
    app.delete(&format!("/api/numbers/{free}"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
    let numbers = app.get("/api/numbers").await.expect(StatusCode::OK);
    assert_eq!(numbers.as_array().unwrap().len(), 1);
    assert_eq!(numbers[0]["id"], used);
}
