//! `GET /api/openapi.json`: open, covering every route, and describing the
//! JSON the server really sends. (The document's schemas are derived from
//! the shared types; `scripts/api-contract.sh` checks it further with
//! openapi-spec-validator and schemathesis against the real server.)

use std::collections::BTreeSet;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{Auth, TestApp, OPEN_ROUTES, PROTECTED_ROUTES};

engine_tests!(
    the_document_is_open_and_covers_every_route,
    security_and_the_shared_errors_are_declared_once,
    the_documented_schemas_match_the_json_the_server_sends,
    the_schemas_carry_the_rules_the_server_enforces,
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

    let mut ids = BTreeSet::new();
    for (method, path) in PROTECTED_ROUTES.iter().chain(OPEN_ROUTES) {
        let id = doc["paths"][*path][method.to_lowercase()]["operationId"]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path} has no operationId"))
            .to_owned();
        assert!(ids.insert(id.clone()), "operationId {id} is not unique");
    }
}

async fn security_and_the_shared_errors_are_declared_once(app: TestApp) {
    let doc = document(&app).await;
    // The document's security applies to every operation that states none.
    assert_eq!(doc["security"], json!([{ "session": [] }, { "token": [] }]));
    let session_only = [
        ("POST", "/api/tokens"),
        ("DELETE", "/api/tokens/{id}"),
        ("PUT", "/api/auth/password"),
    ];
    for (method, path) in PROTECTED_ROUTES {
        let operation = &doc["paths"][*path][method.to_lowercase()];
        if session_only.contains(&(*method, *path)) {
            assert_eq!(
                operation["security"],
                json!([{ "session": [] }]),
                "{method} {path}"
            );
        } else {
            assert!(
                operation.get("security").is_none(),
                "{method} {path} repeats the security"
            );
        }
        assert_eq!(
            operation["responses"]["401"]["$ref"], "#/components/responses/Unauthorized",
            "{method} {path} does not document its 401"
        );
    }
    for (method, path) in OPEN_ROUTES {
        let operation = &doc["paths"][*path][method.to_lowercase()];
        assert!(
            operation["security"].is_array(),
            "{method} {path} inherits the security"
        );
        assert_ne!(
            operation["responses"]["401"]["$ref"], "#/components/responses/Unauthorized",
            "{method} {path} is open"
        );
    }
    let schemes = &doc["components"]["securitySchemes"];
    assert_eq!(schemes["session"]["in"], "cookie");
    assert_eq!(schemes["session"]["name"], "outdial_session");
    assert_eq!(schemes["token"]["scheme"], "bearer");
    assert_eq!(schemes["gateway_signature"]["name"], "X-Outdial-Signature");

    // Each shared error is one component, referring to the one error shape.
    let responses = &doc["components"]["responses"];
    for name in [
        "BadRequest",
        "Unauthorized",
        "NotFound",
        "PayloadTooLarge",
        "UnsupportedMediaType",
        "Validation",
    ] {
        assert_eq!(
            responses[name]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/ErrorBody",
            "{name}"
        );
    }
    // A JSON body can be unreadable (400), too large (413), of another type
    // (415) or invalid (422); a query string unreadable or invalid; an id
    // can name nothing (404). The server answers each; the document says so.
    let create_bot = &doc["paths"]["/api/bots"]["post"]["responses"];
    for status in ["400", "413", "415", "422"] {
        assert!(create_bot[status].is_object(), "POST /api/bots {status}");
    }
    let contacts = &doc["paths"]["/api/campaigns/{id}/contacts"]["get"]["responses"];
    for status in ["400", "404", "422"] {
        assert!(contacts[status].is_object(), "GET contacts {status}");
    }
    // A route's own description of a shared status wins over the shared one.
    assert_eq!(
        doc["paths"]["/api/carriers/{id}/numbers"]["post"]["responses"]["404"]["description"],
        "No such carrier"
    );

    // And the server does answer them.
    let raw = |content_type: &str, body: &'static str| {
        Request::builder()
            .method(Method::POST)
            .uri("/api/bots")
            .header(header::COOKIE, &app.admin_cookie)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap()
    };
    app.send(raw("application/json", "{"))
        .await
        .expect_error(StatusCode::BAD_REQUEST, "bad_request");
    app.send(raw("text/plain", "{}"))
        .await
        .expect_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
    app.get("/api/campaigns?page=1&page=2")
        .await
        .expect_error(StatusCode::BAD_REQUEST, "bad_request");
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

    // A campaign: the configuration flattened beside its lifecycle fields.
    let bot = app.create_bot("K bot").await;
    let number = app
        .add_number(app.create_carrier("K carrier").await, "+14155552672")
        .await;
    let campaign = app
        .post(
            "/api/campaigns",
            json!({ "name": "K", "bot_id": bot, "number_ids": [number] }),
        )
        .await
        .expect(StatusCode::CREATED);
    assert_eq!(keys(&campaign), all_properties(&doc, "Campaign"));
}

/// The property names of a schema, through `allOf` (a flattened field).
fn all_properties(doc: &Value, schema: &str) -> BTreeSet<String> {
    let node = &doc["components"]["schemas"][schema];
    match node["allOf"].as_array() {
        None => properties(doc, schema),
        Some(parts) => parts
            .iter()
            .flat_map(|part| match part["$ref"].as_str() {
                Some(reference) => all_properties(doc, reference.rsplit('/').next().unwrap()),
                None => keys(&part["properties"]),
            })
            .collect(),
    }
}

async fn the_schemas_carry_the_rules_the_server_enforces(app: TestApp) {
    let doc = document(&app).await;
    let schemas = &doc["components"]["schemas"];
    let cps = &schemas["NewCarrier"]["properties"]["cps_limit"];
    assert_eq!(
        (cps["minimum"].as_i64(), cps["maximum"].as_i64()),
        (Some(1), Some(1000)),
        "{cps}"
    );
    assert!(schemas["NewCarrier"]["required"]
        .as_array()
        .unwrap()
        .contains(&json!("name")));
    // The audit trail's details hold numbers and lists too, not only text.
    let details = &schemas["AuditEntry"]["properties"]["details"];
    assert_eq!(details["type"], "object", "{details}");
    assert_eq!(details["additionalProperties"], json!(true), "{details}");
    assert_eq!(
        schemas["ContactState"]["enum"],
        json!(["pending", "in_call", "retry", "callback", "done", "excluded"])
    );
    let working_days = &schemas["CampaignInput"]["properties"]["working_days"];
    assert_eq!(working_days["anyOf"][0]["minItems"], 1, "{working_days}");

    let parameter = |path: &str, name: &str| {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{path} has no parameter {name}"))["schema"]
            .clone()
    };
    for path in [
        "/api/campaigns",
        "/api/campaigns/{id}/contacts",
        "/api/campaigns/{id}/audit",
    ] {
        assert_eq!(parameter(path, "page")["minimum"], 1, "{path}");
    }
    assert_eq!(
        parameter("/api/campaigns/{id}/contacts", "state")["$ref"],
        "#/components/schemas/ContactState"
    );
    let region = doc["paths"]["/api/campaigns/{id}/contacts"]["put"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "default_region")
        .unwrap()["schema"]
        .clone();
    let codes = region["anyOf"][0]["enum"].as_array().unwrap();
    assert!(
        codes.contains(&json!("IN")) && codes.contains(&json!("US")),
        "{region}"
    );
    assert!(!codes.contains(&json!("001")), "{region}");

    // What the schemas promise, the server keeps: the bounds are the ones it refuses past.
    app.post("/api/carriers", json!({ "name": "C", "cps_limit": 1001 }))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    app.post("/api/carriers", json!({ "name": "C", "cps_limit": 1000 }))
        .await
        .expect(StatusCode::CREATED);
    app.get("/api/campaigns?page=0")
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
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
