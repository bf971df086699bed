//! Signing in and out, sessions, and the admin created at first start.

use axum::http::{header, Method, StatusCode};
use outdial::auth::bootstrap::{ensure_admin, AdminBootstrap};
use outdial::db::Db;
use serde_json::json;

use crate::helpers::{Auth, TestApp, ADMIN_PASSWORD, PROTECTED_ROUTES};

engine_tests!(
    signing_in_sets_an_http_only_same_site_strict_session_cookie,
    a_wrong_password_or_unknown_user_gets_the_same_401,
    blank_credentials_are_a_validation_error,
    every_protected_route_refuses_a_request_without_a_session,
    signing_out_ends_the_session_and_clears_the_cookie,
    a_forged_session_cookie_is_refused,
    an_expired_session_is_refused,
    the_environment_password_does_not_change_an_existing_admin,
    a_generated_admin_password_signs_in,
    repeated_failed_sign_ins_are_throttled_per_username,
);

async fn signing_in_sets_an_http_only_same_site_strict_session_cookie(app: TestApp) {
    let response = app
        .request(
            Method::POST,
            "/api/auth/login",
            Auth::Anonymous,
            Some(json!({ "username": "admin", "password": ADMIN_PASSWORD })),
        )
        .await;
    let set_cookie = response.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    let body = response.expect(StatusCode::OK);
    assert_eq!(body["username"], "admin");
    assert_eq!(body["auth"], "session");

    let attributes: Vec<&str> = set_cookie.split(';').map(str::trim).collect();
    assert!(
        attributes[0].starts_with("outdial_session=") && attributes[0].len() > 40,
        "{set_cookie}"
    );
    assert!(attributes.contains(&"HttpOnly"), "{set_cookie}");
    assert!(attributes.contains(&"SameSite=Strict"), "{set_cookie}");
    assert!(attributes.contains(&"Path=/"), "{set_cookie}");
    let max_age: i64 = attributes
        .iter()
        .find_map(|a| a.strip_prefix("Max-Age="))
        .unwrap()
        .parse()
        .unwrap();
    assert!(max_age > 3600, "{set_cookie}");

    let cookie = attributes[0].to_string();
    let me = app
        .request(Method::GET, "/api/auth/me", Auth::Cookie(cookie), None)
        .await
        .expect(StatusCode::OK);
    assert_eq!(me["username"], "admin");
    assert_eq!(me["auth"], "session");
}

async fn a_wrong_password_or_unknown_user_gets_the_same_401(app: TestApp) {
    let attempt = |username: &'static str, password: &'static str| {
        let app = app.clone();
        async move {
            app.request(
                Method::POST,
                "/api/auth/login",
                Auth::Anonymous,
                Some(json!({ "username": username, "password": password })),
            )
            .await
        }
    };
    let wrong_password = attempt("admin", "not the password").await;
    assert!(!wrong_password.headers.contains_key(header::SET_COOKIE));
    let wrong_password = wrong_password.expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    let unknown_user = attempt("mallory", ADMIN_PASSWORD)
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    assert_eq!(wrong_password, unknown_user);
}

async fn blank_credentials_are_a_validation_error(app: TestApp) {
    let error = app
        .request(
            Method::POST,
            "/api/auth/login",
            Auth::Anonymous,
            Some(json!({ "username": " " })),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(error["fields"]["username"].is_string(), "{error}");
    assert!(error["fields"]["password"].is_string(), "{error}");
}

async fn every_protected_route_refuses_a_request_without_a_session(app: TestApp) {
    for (method, path) in PROTECTED_ROUTES {
        let path = path.replace("{id}", "1");
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let body = matches!(method, Method::POST | Method::PATCH).then(|| json!({ "name": "x" }));
        let error = app
            .request(method.clone(), &path, Auth::Anonymous, body)
            .await
            .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
        assert!(
            error["message"].as_str().unwrap().contains("Sign in"),
            "{method} {path}: {error}"
        );
    }
    // Nothing was written by any of them.
    assert_eq!(app.get("/api/bots").await.expect(StatusCode::OK), json!([]));
    assert_eq!(
        app.get("/api/carriers").await.expect(StatusCode::OK),
        json!([])
    );
}

async fn signing_out_ends_the_session_and_clears_the_cookie(app: TestApp) {
    let cookie = app.login("admin", ADMIN_PASSWORD).await;
    let response = app
        .request(
            Method::POST,
            "/api/auth/logout",
            Auth::Cookie(cookie.clone()),
            None,
        )
        .await;
    let set_cookie = response.headers[header::SET_COOKIE]
        .to_str()
        .unwrap()
        .to_string();
    response.expect(StatusCode::NO_CONTENT);
    assert!(set_cookie.starts_with("outdial_session=;"), "{set_cookie}");
    assert!(set_cookie.contains("Max-Age=0"), "{set_cookie}");

    app.request(
        Method::GET,
        "/api/auth/me",
        Auth::Cookie(cookie.clone()),
        None,
    )
    .await
    .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    app.request(Method::POST, "/api/auth/logout", Auth::Cookie(cookie), None)
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    // Other sessions live on.
    app.get("/api/auth/me").await.expect(StatusCode::OK);
}

async fn a_forged_session_cookie_is_refused(app: TestApp) {
    for cookie in ["outdial_session=forged", "outdial_session=", "other=1"] {
        app.request(Method::GET, "/api/bots", Auth::Cookie(cookie.into()), None)
            .await
            .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    }
}

async fn an_expired_session_is_refused(app: TestApp) {
    let cookie = app.login("admin", ADMIN_PASSWORD).await;
    // Expire every session a millisecond into the past, in the store's own format.
    let past = outdial::store::Timestamp::now() + chrono::Duration::milliseconds(-1);
    let sql = "update sessions set expires_at = $1";
    match &app.db {
        Db::Sqlite(pool) => sqlx::query(sql).bind(past).execute(pool).await.map(|_| ()),
        Db::Postgres(pool) => sqlx::query(sql).bind(past).execute(pool).await.map(|_| ()),
    }
    .unwrap();
    let error = app
        .request(Method::GET, "/api/auth/me", Auth::Cookie(cookie), None)
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .contains("session has ended"),
        "{error}"
    );
}

async fn the_environment_password_does_not_change_an_existing_admin(app: TestApp) {
    let outcome = ensure_admin(&app.db, &app.passwords, Some("a different password".into()))
        .await
        .unwrap();
    assert_eq!(outcome, AdminBootstrap::AlreadyExists);
    app.login("admin", ADMIN_PASSWORD).await;
    app.request(
        Method::POST,
        "/api/auth/login",
        Auth::Anonymous,
        Some(json!({ "username": "admin", "password": "a different password" })),
    )
    .await
    .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
}

async fn a_generated_admin_password_signs_in(app: TestApp) {
    let sql = "delete from users";
    match &app.db {
        Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
    .unwrap();
    let AdminBootstrap::CreatedWithGenerated(password) =
        ensure_admin(&app.db, &app.passwords, None).await.unwrap()
    else {
        panic!("the admin was not created with a generated password");
    };
    assert!(password.len() >= 16);
    app.login("admin", &password).await;
    // A second start neither recreates it nor prints a password again.
    assert_eq!(
        ensure_admin(&app.db, &app.passwords, None).await.unwrap(),
        AdminBootstrap::AlreadyExists
    );
}

async fn repeated_failed_sign_ins_are_throttled_per_username(app: TestApp) {
    let login = |username: &'static str, password: &'static str| {
        let app = app.clone();
        async move {
            app.request(
                Method::POST,
                "/api/auth/login",
                Auth::Anonymous,
                Some(json!({ "username": username, "password": password })),
            )
            .await
        }
    };
    for _ in 0..outdial::auth::throttle::MAX_FAILURES {
        login("admin", "guess")
            .await
            .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    }
    // Now even the right password waits, and says how long.
    let response = login("admin", ADMIN_PASSWORD).await;
    let retry_after: u64 = response.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry_after > 0 && retry_after <= 15 * 60, "{retry_after}");
    response.expect_error(StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    // Sessions already issued keep working, and other usernames are not affected.
    app.get("/api/auth/me").await.expect(StatusCode::OK);
    login("someone", "guess")
        .await
        .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
}
