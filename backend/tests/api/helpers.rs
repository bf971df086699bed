//! `TestApp`: the router on a fresh database, signed in as `admin`, with
//! small request helpers; and `engine_tests!`, which runs a test on SQLite
//! and on PostgreSQL.

use std::future::Future;
use std::str::FromStr;

use argon2::Params;
use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use outdial::auth::bootstrap::{ensure_admin, AdminBootstrap};
use outdial::auth::password::Passwords;
use outdial::db::Db;
use std::sync::{Arc, Mutex};

use outdial::dialler::clock::VirtualClock;
use outdial::dialler::telephony::simulated::{EventQueue, OutcomeModel, SimulatedCarrier};
use outdial::http::{app, AppState, TelephonyHandle};
use serde_json::Value;
use sqlx::postgres::PgConnectOptions;
use sqlx::{ConnectOptions, Connection};
use tower::ServiceExt;

pub const ADMIN_PASSWORD: &str = "correct horse battery staple";
pub const POSTGRES_URL_VAR: &str = "OUTDIAL_TEST_POSTGRES_URL";

/// Runs each listed `async fn name(app: TestApp)` as `name::sqlite` and `name::postgres`.
macro_rules! engine_tests {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    $crate::helpers::run($crate::helpers::Engine::Sqlite, super::$name).await;
                }

                #[tokio::test]
                async fn postgres() {
                    $crate::helpers::run($crate::helpers::Engine::Postgres, super::$name).await;
                }
            }
        )*
    };
}

#[derive(Debug, Clone, Copy)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// How a request proves who sends it.
#[derive(Debug, Clone)]
pub enum Auth {
    /// The admin's session from sign-in.
    Admin,
    /// Nothing at all.
    Anonymous,
    /// This `Cookie` header value.
    Cookie(String),
    /// `Authorization: Bearer <token>`.
    Bearer(String),
}

/// What came back.
#[derive(Debug)]
pub struct TestResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

impl TestResponse {
    /// Asserts the status, showing the body when it differs.
    #[track_caller]
    pub fn expect(self, status: StatusCode) -> Value {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.body
        );
        self.body
    }

    /// Asserts the error shape, status and code; returns the error object.
    #[track_caller]
    pub fn expect_error(self, status: StatusCode, code: &str) -> Value {
        let body = self.expect(status);
        assert_eq!(body["error"]["code"], code, "{body}");
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{body}"
        );
        body["error"].clone()
    }
}

#[derive(Clone)]
pub struct TestApp {
    pub router: Router,
    pub db: Db,
    pub passwords: Passwords,
    /// The admin's `Cookie` header value.
    pub admin_cookie: String,
    /// The simulated carrier's scripted events of the bot test calls placed
    /// through the router (see [`TestApp::finish_test_calls`]).
    pub test_call_events: Arc<Mutex<EventQueue>>,
}

/// Where a test's database lives, to be removed afterwards.
enum Scratch {
    Sqlite(#[allow(dead_code)] tempfile::TempDir),
    Postgres { admin_url: String, database: String },
}

/// Builds the app on a fresh database, runs `test`, then removes the
/// database whether the test passed or panicked.
pub async fn run<F, Fut>(engine: Engine, test: F)
where
    F: FnOnce(TestApp) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let (db, scratch) = fresh_database(engine).await;
    let passwords = Passwords::with_params(Params::new(Params::MIN_M_COST, 1, 1, None).unwrap())
        .await
        .unwrap();
    let created = ensure_admin(&db, &passwords, Some(ADMIN_PASSWORD.into()))
        .await
        .unwrap();
    assert_eq!(created, AdminBootstrap::CreatedFromEnv);
    let mut state = AppState::new(db.clone(), passwords.clone());
    let carrier = Arc::new(SimulatedCarrier::new(
        OutcomeModel::default(),
        7,
        Arc::new(VirtualClock::new(chrono::Utc::now())),
    ));
    let test_call_events = carrier.queue();
    state.telephony = Some(TelephonyHandle {
        telephony: carrier,
        simulated: true,
    });
    let router = app(state);
    let mut app = TestApp {
        router,
        db: db.clone(),
        passwords,
        admin_cookie: String::new(),
        test_call_events,
    };
    app.admin_cookie = app.login("admin", ADMIN_PASSWORD).await;
    let outcome = tokio::spawn(test(app)).await;
    db.close().await;
    drop_database(scratch).await;
    if let Err(error) = outcome {
        std::panic::resume_unwind(error.into_panic());
    }
}

async fn fresh_database(engine: Engine) -> (Db, Scratch) {
    match engine {
        Engine::Sqlite => {
            let dir = tempfile::tempdir().unwrap();
            let url = format!("sqlite://{}", dir.path().join("outdial.db").display());
            (Db::connect(&url).await.unwrap(), Scratch::Sqlite(dir))
        }
        Engine::Postgres => {
            let admin_url = std::env::var(POSTGRES_URL_VAR).unwrap_or_else(|_| {
                panic!(
                    "{POSTGRES_URL_VAR} is not set: PostgreSQL tests need a server URL such as \
                     postgres://root@127.0.0.1:5432/test (or run with `--skip postgres`)"
                )
            });
            let database = format!(
                "outdial_t_{}",
                outdial::auth::secret::random(9)
                    .to_lowercase()
                    .replace(['-', '_'], "x")
            );
            let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
            // An identifier cannot be a bound parameter; this one is generated here.
            sqlx::query(&format!("create database {database}"))
                .execute(&mut admin)
                .await
                .unwrap();
            admin.close().await.ok();
            let url = PgConnectOptions::from_str(&admin_url)
                .unwrap()
                .database(&database)
                .to_url_lossy()
                .to_string();
            let db = Db::connect(&url).await.unwrap();
            (
                db,
                Scratch::Postgres {
                    admin_url,
                    database,
                },
            )
        }
    }
}

async fn drop_database(scratch: Scratch) {
    if let Scratch::Postgres {
        admin_url,
        database,
    } = scratch
    {
        let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
        sqlx::query(&format!("drop database if exists {database} with (force)"))
            .execute(&mut admin)
            .await
            .unwrap();
        admin.close().await.ok();
    }
}

impl TestApp {
    /// Delivers every scripted event of the test calls placed so far, as the
    /// dialler's loop does when they fall due; answers how many changed a call.
    pub async fn finish_test_calls(&self) -> usize {
        let events = self
            .test_call_events
            .lock()
            .unwrap()
            .pop_due(chrono::Utc::now() + chrono::Duration::days(1));
        let (campaign, test_calls) = outdial::store::test_calls::split(events);
        assert!(campaign.is_empty(), "only test calls dial here");
        outdial::store::test_calls::apply(&self.db, &test_calls)
            .await
            .unwrap()
    }

    /// A test call of `bot` from `number` to a fixed phone, finished: the
    /// simulated operator answers it, so it passes.
    pub async fn pass_test_call(&self, bot: i64, number: i64) {
        let call = self
            .post(
                &format!("/api/bots/{bot}/test-calls"),
                serde_json::json!({ "to": "+919812345678", "from_number_id": number }),
            )
            .await
            .expect(StatusCode::CREATED);
        assert_eq!(call["status"], "dialling", "{call}");
        assert!(self.finish_test_calls().await >= 3);
    }

    /// Sends one request; `body` is sent as JSON when given.
    pub async fn request(
        &self,
        method: Method,
        path: &str,
        auth: Auth,
        body: Option<Value>,
    ) -> TestResponse {
        let mut builder = Request::builder().method(method).uri(path);
        builder = match auth {
            Auth::Admin => builder.header(header::COOKIE, &self.admin_cookie),
            Auth::Anonymous => builder,
            Auth::Cookie(cookie) => builder.header(header::COOKIE, cookie),
            Auth::Bearer(token) => builder.header(header::AUTHORIZATION, format!("Bearer {token}")),
        };
        let request = match body {
            Some(json) => builder
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(json.to_string())),
            None => builder.body(Body::empty()),
        }
        .unwrap();
        self.send(request).await
    }

    /// Sends a prepared request through the router.
    pub async fn send(&self, request: Request<Body>) -> TestResponse {
        let response = self.router.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        let body = if bytes.is_empty() {
            Value::Null
        } else {
            serde_json::from_slice(&bytes)
                .unwrap_or_else(|_| panic!("not JSON: {}", String::from_utf8_lossy(&bytes)))
        };
        TestResponse {
            status,
            headers,
            body,
        }
    }

    pub async fn get(&self, path: &str) -> TestResponse {
        self.request(Method::GET, path, Auth::Admin, None).await
    }

    pub async fn post(&self, path: &str, body: Value) -> TestResponse {
        self.request(Method::POST, path, Auth::Admin, Some(body))
            .await
    }

    pub async fn patch(&self, path: &str, body: Value) -> TestResponse {
        self.request(Method::PATCH, path, Auth::Admin, Some(body))
            .await
    }

    pub async fn delete(&self, path: &str) -> TestResponse {
        self.request(Method::DELETE, path, Auth::Admin, None).await
    }

    /// The answer to a sign-in, whatever it is.
    pub async fn try_login(&self, username: &str, password: &str) -> TestResponse {
        self.request(
            Method::POST,
            "/api/auth/login",
            Auth::Anonymous,
            Some(serde_json::json!({ "username": username, "password": password })),
        )
        .await
    }

    /// Signs in and returns the `Cookie` header value of the new session.
    pub async fn login(&self, username: &str, password: &str) -> String {
        let response = self.try_login(username, password).await;
        assert_eq!(
            response.status,
            StatusCode::OK,
            "sign-in failed: {}",
            response.body
        );
        let set_cookie = response.headers[header::SET_COOKIE].to_str().unwrap();
        set_cookie.split(';').next().unwrap().to_string()
    }

    /// Creates a bot and returns its id.
    pub async fn create_bot(&self, name: &str) -> i64 {
        let body = self
            .post("/api/bots", serde_json::json!({ "name": name }))
            .await
            .expect(StatusCode::CREATED);
        body["id"].as_i64().unwrap()
    }

    /// Creates a carrier and returns its id.
    pub async fn create_carrier(&self, name: &str) -> i64 {
        let body = self
            .post("/api/carriers", serde_json::json!({ "name": name }))
            .await
            .expect(StatusCode::CREATED);
        body["id"].as_i64().unwrap()
    }

    /// Adds a number to a carrier and returns its id.
    pub async fn add_number(&self, carrier_id: i64, number: &str) -> i64 {
        let body = self
            .post(
                &format!("/api/carriers/{carrier_id}/numbers"),
                serde_json::json!({ "number": number }),
            )
            .await
            .expect(StatusCode::CREATED);
        body["id"].as_i64().unwrap()
    }

    /// Writes a draft campaign straight into the store (the campaign routes
    /// come later) and returns its id.
    pub async fn insert_campaign(&self, name: &str, bot_id: i64) -> i64 {
        let sql = "insert into campaigns (name, bot_id, config) values ($1, $2, '{}') returning id";
        match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query_scalar(sql)
                    .bind(name)
                    .bind(bot_id)
                    .fetch_one(pool)
                    .await
            }
            Db::Postgres(pool) => {
                sqlx::query_scalar(sql)
                    .bind(name)
                    .bind(bot_id)
                    .fetch_one(pool)
                    .await
            }
        }
        .unwrap()
    }

    /// Puts a number into a campaign's pool, straight into the store.
    pub async fn add_to_pool(&self, campaign_id: i64, number_id: i64) {
        let sql = "insert into campaign_numbers (campaign_id, number_id) values ($1, $2)";
        match &self.db {
            Db::Sqlite(pool) => sqlx::query(sql)
                .bind(campaign_id)
                .bind(number_id)
                .execute(pool)
                .await
                .map(|_| ()),
            Db::Postgres(pool) => sqlx::query(sql)
                .bind(campaign_id)
                .bind(number_id)
                .execute(pool)
                .await
                .map(|_| ()),
        }
        .unwrap()
    }

    /// The audit actions recorded so far, oldest first.
    pub async fn audit_actions(&self) -> Vec<String> {
        let sql = "select action from audit order by id";
        match &self.db {
            Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
        }
        .unwrap()
    }
}

/// Every route that needs a session or token, as the OpenAPI document names it.
pub const PROTECTED_ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/auth/logout"),
    ("GET", "/api/auth/me"),
    ("PUT", "/api/auth/me/settings"),
    ("PUT", "/api/auth/password"),
    ("GET", "/api/tokens"),
    ("POST", "/api/tokens"),
    ("DELETE", "/api/tokens/{id}"),
    ("GET", "/api/bots"),
    ("POST", "/api/bots"),
    ("GET", "/api/bots/{id}"),
    ("PATCH", "/api/bots/{id}"),
    ("DELETE", "/api/bots/{id}"),
    ("GET", "/api/carriers"),
    ("POST", "/api/carriers"),
    ("GET", "/api/carriers/{id}"),
    ("PATCH", "/api/carriers/{id}"),
    ("DELETE", "/api/carriers/{id}"),
    ("POST", "/api/carriers/{id}/numbers"),
    ("GET", "/api/numbers"),
    ("PATCH", "/api/numbers/{id}"),
    ("DELETE", "/api/numbers/{id}"),
    ("GET", "/api/campaigns"),
    ("POST", "/api/campaigns"),
    ("GET", "/api/campaigns/{id}"),
    ("PATCH", "/api/campaigns/{id}"),
    ("DELETE", "/api/campaigns/{id}"),
    ("POST", "/api/campaigns/{id}/start"),
    ("POST", "/api/campaigns/{id}/pause"),
    ("POST", "/api/campaigns/{id}/resume"),
    ("POST", "/api/campaigns/{id}/stop"),
    ("POST", "/api/campaigns/{id}/restart"),
    ("POST", "/api/campaigns/{id}/clone"),
    ("PUT", "/api/campaigns/{id}/contacts"),
    ("POST", "/api/campaigns/{id}/contacts"),
    ("GET", "/api/campaigns/{id}/contacts"),
    ("GET", "/api/campaigns/{id}/contacts/{contact_id}"),
    ("GET", "/api/campaigns/{id}/contacts.csv"),
    ("POST", "/api/campaigns/{id}/exclusions"),
    ("DELETE", "/api/campaigns/{id}/exclusions/{phone}"),
    ("GET", "/api/campaigns/{id}/stats"),
    ("GET", "/api/campaigns/{id}/audit"),
    ("GET", "/api/campaigns/{id}/callbacks"),
    ("GET", "/api/campaigns/{id}/preflight"),
    ("POST", "/api/preflight"),
    ("GET", "/api/campaigns/{id}/forecast"),
    ("POST", "/api/forecast"),
    ("GET", "/api/bots/{id}/test-calls"),
    ("POST", "/api/bots/{id}/test-calls"),
    ("GET", "/api/campaigns/{id}/events"),
    ("GET", "/api/events"),
];

/// The routes anyone may call.
pub const OPEN_ROUTES: &[(&str, &str)] = &[
    ("GET", "/api/health"),
    ("POST", "/api/auth/login"),
    ("GET", "/api/openapi.json"),
    // Authenticated by its HMAC signature instead (see tests/api/gateway.rs).
    ("POST", "/api/telephony/events"),
];

/// A JSON timestamp as an instant.
#[track_caller]
pub fn instant(value: &Value) -> chrono::DateTime<chrono::Utc> {
    value
        .as_str()
        .and_then(|text| chrono::DateTime::parse_from_rfc3339(text).ok())
        .unwrap_or_else(|| panic!("not a timestamp: {value}"))
        .into()
}
