//! The operator's own settings and password: `PUT /api/auth/me/settings`,
//! `PUT /api/auth/password`.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{Auth, TestApp, ADMIN_PASSWORD};

engine_tests!(
    the_display_timezone_is_stored_per_operator_and_answered_by_me_and_sign_in,
    an_unknown_display_timezone_is_refused_and_the_stored_one_stays,
    changing_the_password_signs_out_the_other_sessions_and_retires_the_old_one,
    a_wrong_current_password_or_a_short_new_one_changes_nothing,
    a_token_cannot_change_the_password,
);

async fn put(
    app: &TestApp,
    path: &str,
    auth: Auth,
    body: serde_json::Value,
) -> crate::helpers::TestResponse {
    app.request(Method::PUT, path, auth, Some(body)).await
}

async fn the_display_timezone_is_stored_per_operator_and_answered_by_me_and_sign_in(app: TestApp) {
    let me = app.get("/api/auth/me").await.expect(StatusCode::OK);
    assert!(me["display_timezone"].is_null(), "unset at first: {me}");

    // Any case is read as the zone's own name.
    let saved = put(
        &app,
        "/api/auth/me/settings",
        Auth::Admin,
        json!({ "display_timezone": "asia/kolkata" }),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(saved["display_timezone"], "Asia/Kolkata");
    assert_eq!(saved["username"], "admin");
    let me = app.get("/api/auth/me").await.expect(StatusCode::OK);
    assert_eq!(me["display_timezone"], "Asia/Kolkata");
    let signed_in = app
        .try_login("admin", ADMIN_PASSWORD)
        .await
        .expect(StatusCode::OK);
    assert_eq!(signed_in["display_timezone"], "Asia/Kolkata");

    // Another operator's setting is their own.
    let hash = app
        .passwords
        .hash("second-operator-pw".into())
        .await
        .unwrap();
    outdial::store::users::insert_if_absent(&app.db, "maya", &hash)
        .await
        .unwrap()
        .unwrap();
    let maya = app.login("maya", "second-operator-pw").await;
    let theirs = app
        .request(
            Method::GET,
            "/api/auth/me",
            Auth::Cookie(maya.clone()),
            None,
        )
        .await
        .expect(StatusCode::OK);
    assert!(theirs["display_timezone"].is_null(), "{theirs}");
    put(
        &app,
        "/api/auth/me/settings",
        Auth::Cookie(maya),
        json!({ "display_timezone": "America/New_York" }),
    )
    .await
    .expect(StatusCode::OK);
    let mine = app.get("/api/auth/me").await.expect(StatusCode::OK);
    assert_eq!(mine["display_timezone"], "Asia/Kolkata");

    // null (or blank) goes back to following the browser.
    let cleared = put(
        &app,
        "/api/auth/me/settings",
        Auth::Admin,
        json!({ "display_timezone": null }),
    )
    .await
    .expect(StatusCode::OK);
    assert!(cleared["display_timezone"].is_null(), "{cleared}");
    put(
        &app,
        "/api/auth/me/settings",
        Auth::Admin,
        json!({ "display_timezone": "Europe/Berlin" }),
    )
    .await
    .expect(StatusCode::OK);
    let blank = put(
        &app,
        "/api/auth/me/settings",
        Auth::Admin,
        json!({ "display_timezone": "  " }),
    )
    .await
    .expect(StatusCode::OK);
    assert!(blank["display_timezone"].is_null(), "{blank}");
}

async fn an_unknown_display_timezone_is_refused_and_the_stored_one_stays(app: TestApp) {
    put(
        &app,
        "/api/auth/me/settings",
        Auth::Admin,
        json!({ "display_timezone": "Asia/Dubai" }),
    )
    .await
    .expect(StatusCode::OK);
    let error = put(
        &app,
        "/api/auth/me/settings",
        Auth::Admin,
        json!({ "display_timezone": "Mars/Olympus" }),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    let message = error["fields"]["display_timezone"].as_str().unwrap();
    assert!(
        message.contains("\"Mars/Olympus\" is not a timezone"),
        "{error}"
    );
    let me = app.get("/api/auth/me").await.expect(StatusCode::OK);
    assert_eq!(me["display_timezone"], "Asia/Dubai");
}

async fn changing_the_password_signs_out_the_other_sessions_and_retires_the_old_one(app: TestApp) {
    let other = app.login("admin", ADMIN_PASSWORD).await;
    app.request(
        Method::GET,
        "/api/auth/me",
        Auth::Cookie(other.clone()),
        None,
    )
    .await
    .expect(StatusCode::OK);

    let changed = put(
        &app,
        "/api/auth/password",
        Auth::Admin,
        json!({ "current_password": ADMIN_PASSWORD, "new_password": "a-brand-new-password" }),
    )
    .await;
    assert_eq!(changed.status, StatusCode::NO_CONTENT, "{}", changed.body);

    // This session stays; the other one has ended.
    app.get("/api/auth/me").await.expect(StatusCode::OK);
    app.request(Method::GET, "/api/auth/me", Auth::Cookie(other), None)
        .await
        .expect(StatusCode::UNAUTHORIZED);
    let old = app.try_login("admin", ADMIN_PASSWORD).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    app.login("admin", "a-brand-new-password").await;
    assert!(app
        .audit_actions()
        .await
        .contains(&"password_changed".to_owned()));
}

async fn a_wrong_current_password_or_a_short_new_one_changes_nothing(app: TestApp) {
    let wrong = put(
        &app,
        "/api/auth/password",
        Auth::Admin,
        json!({ "current_password": "not-the-password", "new_password": "a-brand-new-password" }),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(
        wrong["fields"]["current_password"],
        "The current password is wrong."
    );

    let short = put(
        &app,
        "/api/auth/password",
        Auth::Admin,
        json!({ "current_password": ADMIN_PASSWORD, "new_password": "short" }),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(
        short["fields"]["new_password"],
        "The new password is 5 character(s); use at least 10."
    );
    let same = put(
        &app,
        "/api/auth/password",
        Auth::Admin,
        json!({ "current_password": ADMIN_PASSWORD, "new_password": ADMIN_PASSWORD }),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(same["fields"]["new_password"].is_string(), "{same}");

    app.login("admin", ADMIN_PASSWORD).await;
    assert!(!app
        .audit_actions()
        .await
        .contains(&"password_changed".to_owned()));
}

async fn a_token_cannot_change_the_password(app: TestApp) {
    let created = app
        .post("/api/tokens", json!({ "name": "script" }))
        .await
        .expect(StatusCode::CREATED);
    let secret = created["secret"].as_str().unwrap().to_owned();
    put(
        &app,
        "/api/auth/password",
        Auth::Bearer(secret.clone()),
        json!({ "current_password": ADMIN_PASSWORD, "new_password": "a-brand-new-password" }),
    )
    .await
    .expect(StatusCode::FORBIDDEN);
    app.login("admin", ADMIN_PASSWORD).await;
    // A token may read and save the operator's settings.
    put(
        &app,
        "/api/auth/me/settings",
        Auth::Bearer(secret),
        json!({ "display_timezone": "UTC" }),
    )
    .await
    .expect(StatusCode::OK);
}
