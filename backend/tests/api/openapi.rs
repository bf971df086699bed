//! `GET /api/openapi.json`: open, covering every route, and describing the
//! JSON the server really sends.

use std::collections::BTreeSet;

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{Auth, TestApp, OPEN_ROUTES, PROTECTED_ROUTES};

engine_tests!(
    the_document_is_open_and_covers_every_route,
    the_documented_schemas_match_the_json_the_server_sends,
    health_is_open_and_names_the_engine,
);

async fn document(app: &TestApp) -> Value {
    app.request(Method::GET, "/api/openapi.json", Auth::Anonymous, None)
        .await
        .expect(StatusCode::OK)
}

async fn the_document_is_open_and_covers_every_route(app: TestApp) {
    let doc = document(&app).await;
    assert!(
        doc["openapi"].as_str().unwrap().starts_with("3."),
        "{}",
        doc["openapi"]
    );
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |method| (method.to_uppercase(), path.clone()))
        })
        .collect();
    let expected: BTreeSet<(String, String)> = PROTECTED_ROUTES
        .iter()
        .chain(OPEN_ROUTES)
        .map(|(method, path)| (method.to_string(), path.to_string()))
        .collect();
    assert_eq!(documented, expected);

    for (method, path) in PROTECTED_ROUTES {
        let operation = &doc["paths"][*path][method.to_lowercase()];
        assert!(
            operation["security"].is_array(),
            "{method} {path} has no security"
        );
        assert!(
            operation["responses"]["401"]["content"]["application/json"]["schema"]["$ref"]
                .as_str()
                .is_some_and(|r| r.ends_with("/ErrorBody")),
            "{method} {path} does not document its 401"
        );
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_eq!(schemes["session"]["name"], "outdial_session");
    assert_eq!(schemes["token"]["scheme"], "bearer");
}

/// The property names of a documented schema.
fn properties(doc: &Value, schema: &str) -> BTreeSet<String> {
    doc["components"]["schemas"][schema]["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("no schema {schema}"))
        .keys()
        .cloned()
        .collect()
}

fn keys(value: &Value) -> BTreeSet<String> {
    value.as_object().unwrap().keys().cloned().collect()
}

async fn the_documented_schemas_match_the_json_the_server_sends(app: TestApp) {
    let doc = document(&app).await;
    let bot = app
        .post("/api/bots", json!({ "name": "B" }))
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(keys(&bot), properties(&doc, "Bot"));
    let carrier = app.create_carrier("C").await;
    let number = app
        .post(
            &format!("/api/carriers/{carrier}/numbers"),
            json!({ "number": "+14155552671" }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(keys(&number), properties(&doc, "PhoneNumber"));
    let carrier = app
        .get(&format!("/api/carriers/{carrier}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(keys(&carrier), properties(&doc, "Carrier"));
    let created = app
        .post("/api/tokens", json!({ "name": "T" }))
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(keys(&created), properties(&doc, "CreatedApiToken"));
    assert_eq!(keys(&created["token"]), properties(&doc, "ApiToken"));
    let me = app.get("/api/auth/me").await.expect(StatusCode::OK);
    assert_eq!(keys(&me), properties(&doc, "Me"));
    let health = app.get("/api/health").await.expect(StatusCode::OK);
    assert_eq!(keys(&health), properties(&doc, "Health"));
    let error = app
        .post("/api/bots", json!({}))
        .await
        .expect(StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(keys(&error), properties(&doc, "ErrorBody"));
    assert_eq!(keys(&error["error"]), properties(&doc, "ErrorDetail"));

    // Request bodies: every field the shared types read is documented.
    let documented_inputs = [
        ("NewBot", json!(outdial_shared::api::NewBot::default())),
        (
            "NewCarrier",
            json!(outdial_shared::api::NewCarrier::default()),
        ),
        (
            "NewPhoneNumber",
            json!(outdial_shared::api::NewPhoneNumber::default()),
        ),
        (
            "NewApiToken",
            json!(outdial_shared::api::NewApiToken::default()),
        ),
        (
            "LoginRequest",
            json!(outdial_shared::api::LoginRequest {
                username: String::new(),
                password: String::new()
            }),
        ),
    ];
    for (schema, sample) in documented_inputs {
        assert_eq!(keys(&sample), properties(&doc, schema), "{schema}");
    }
    let patches = [
        (
            "BotPatch",
            json!({"name": "", "description": "", "callback_enabled": true, "ready": true}),
        ),
        ("CarrierPatch", json!({"name": "", "cps_limit": 1})),
        (
            "PhoneNumberPatch",
            json!({"number": "", "label": "", "inbound_only": true, "carrier_id": 1, "default_region": ""}),
        ),
    ];
    for (schema, full) in patches {
        // The sample sets every field the shared patch type knows; it must round-trip.
        let round_trip = match schema {
            "BotPatch" => json!(serde_json::from_value::<outdial_shared::api::BotPatch>(
                full.clone()
            )
            .unwrap()),
            "CarrierPatch" => json!(serde_json::from_value::<outdial_shared::api::CarrierPatch>(
                full.clone()
            )
            .unwrap()),
            _ => json!(
                serde_json::from_value::<outdial_shared::api::PhoneNumberPatch>(full.clone())
                    .unwrap()
            ),
        };
        assert_eq!(round_trip, full, "{schema}");
        assert_eq!(keys(&full), properties(&doc, schema), "{schema}");
    }
}

async fn health_is_open_and_names_the_engine(app: TestApp) {
    let health = app
        .request(Method::GET, "/api/health", Auth::Anonymous, None)
        .await
        .expect(StatusCode::OK);
    let engine = match app.db {
        outdial::db::Db::Sqlite(_) => "sqlite",
        outdial::db::Db::Postgres(_) => "postgres",
    };
    assert_eq!(health["database"], engine);
}
