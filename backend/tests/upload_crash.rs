//! The server killed (`kill -9`) in the middle of a contact upload, then
//! started again on the same database: the campaign keeps its previous list
//! exactly, takes a new upload at once, and the dead upload's rows are
//! deleted by the janitor. The real binary, a real socket, on SQLite and
//! on PostgreSQL (`OUTDIAL_TEST_POSTGRES_URL`; the test named `postgres`
//! fails without it, like every PostgreSQL test).

use std::process::Stdio;
use std::time::Duration;

use serde_json::{json, Value};
use sqlx::{ConnectOptions, Connection};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio::process::{Child, Command};

const PASSWORD: &str = "correct horse battery staple";

/// A running `outdial serve` and its address.
struct Server {
    child: Child,
    base: String,
}

async fn start(database_url: &str) -> Server {
    let mut child = Command::new(env!("CARGO_BIN_EXE_outdial"))
        .args([
            "serve",
            "--bind",
            "127.0.0.1:0",
            "--database-url",
            database_url,
        ])
        .env("OUTDIAL_ADMIN_PASSWORD", PASSWORD)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the server starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let base = tokio::time::timeout(Duration::from_secs(60), async {
        while let Some(line) = lines.next_line().await.unwrap() {
            if let Some(rest) = line.strip_prefix("Outdial is running at ") {
                return rest.trim_end_matches('/').to_owned();
            }
        }
        panic!("the server exited before serving");
    })
    .await
    .expect("the server said where it listens");
    // Keep reading its output so it never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Server { child, base }
}

struct Client {
    http: reqwest::Client,
    base: String,
    cookie: String,
}

impl Client {
    async fn sign_in(server: &Server) -> Client {
        let http = reqwest::Client::new();
        let response = http
            .post(format!("{}/api/auth/login", server.base))
            .json(&json!({ "username": "admin", "password": PASSWORD }))
            .send()
            .await
            .unwrap();
        assert!(
            response.status().is_success(),
            "sign-in: {}",
            response.status()
        );
        let cookie = response.headers()["set-cookie"]
            .to_str()
            .unwrap()
            .split(';')
            .next()
            .unwrap()
            .to_owned();
        Client {
            http,
            base: server.base.clone(),
            cookie,
        }
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
        let mut request = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header("cookie", &self.cookie);
        if let Some(body) = body {
            request = request.json(&body);
        }
        let response = request.send().await.unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn created(&self, path: &str, body: Value) -> i64 {
        let (status, body) = self.send(reqwest::Method::POST, path, Some(body)).await;
        assert_eq!(status, 201, "{path}: {body}");
        body["id"].as_i64().unwrap()
    }

    async fn upload(&self, id: i64, csv: &str) -> (u16, Value) {
        let response = self
            .http
            .put(format!("{}/api/campaigns/{id}/contacts", self.base))
            .header("cookie", &self.cookie)
            .header("content-type", "text/csv")
            .body(csv.to_owned())
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn phones(&self, id: i64) -> Vec<String> {
        let (status, page) = self
            .send(
                reqwest::Method::GET,
                &format!("/api/campaigns/{id}/contacts"),
                None,
            )
            .await;
        assert_eq!(status, 200, "{page}");
        page["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["phone_number"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// Rows of the campaign outside its list (the dead upload's), read straight
/// from the database.
async fn rows_outside_the_list(database_url: &str, id: i64) -> i64 {
    let sql = "select count(*) from contacts k join campaigns c on c.id = k.campaign_id \
               where c.id = $1 and (k.list_no < c.list_from or k.list_no > c.list_to)";
    if database_url.starts_with("sqlite:") {
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(database_url.trim_start_matches("sqlite://"))
            .read_only(true)
            .connect()
            .await
            .unwrap();
        sqlx::query_scalar(sql)
            .bind(id)
            .fetch_one(&mut conn)
            .await
            .unwrap()
    } else {
        let mut conn = sqlx::PgConnection::connect(database_url).await.unwrap();
        sqlx::query_scalar(sql)
            .bind(id)
            .fetch_one(&mut conn)
            .await
            .unwrap()
    }
}

/// Whether the upload is under way in the database: on SQLite, batches of
/// it committed; on PostgreSQL, its `COPY` running.
async fn upload_under_way(database_url: &str, id: i64) -> bool {
    if database_url.starts_with("sqlite:") {
        rows_outside_the_list(database_url, id).await >= 5_000
    } else {
        let mut conn = sqlx::PgConnection::connect(database_url).await.unwrap();
        sqlx::query_scalar::<_, bool>(
            "select exists (select 1 from pg_stat_activity \
             where datname = current_database() and query like 'copy contacts%')",
        )
        .fetch_one(&mut conn)
        .await
        .unwrap()
    }
}

async fn eventually<F, Fut>(what: &str, mut done: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !done().await {
        assert!(tokio::time::Instant::now() < deadline, "timed out: {what}");
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

async fn killed_mid_upload(database_url: &str) {
    let mut server = start(database_url).await;
    let client = Client::sign_in(&server).await;
    let bot = client.created("/api/bots", json!({ "name": "Bot" })).await;
    let carrier = client
        .created("/api/carriers", json!({ "name": "Carrier" }))
        .await;
    let number = client
        .created(
            &format!("/api/carriers/{carrier}/numbers"),
            json!({ "number": "+14155552671" }),
        )
        .await;
    let id = client
        .created(
            "/api/campaigns",
            json!({
                "name": "Crash", "bot_id": bot, "number_ids": [number], "concurrency_limit": 5,
                "mode": "multi_day", "always_on": false,
                "window": { "start": "09:00", "end": "18:00", "timezone": "America/New_York" },
                "working_days": ["mon", "tue", "wed", "thu", "fri"],
                "max_attempts": 3, "retry_delay_minutes": 30,
                "retry_on_system_dispositions": ["no_answer"],
                "custom_retry_dispositions": [],
                "stop_redials_after_meaningful_connect": { "enabled": false, "seconds": 30 },
                "redial_after_short_connect": { "enabled": false, "seconds": 15 },
                "callback_detection": false, "sticky_exclusion": false
            }),
        )
        .await;
    let (status, report) = client
        .upload(
            id,
            "phone_number,name\n+14155550001,Ada\n+14155550002,Grace\n",
        )
        .await;
    assert_eq!(status, 200, "{report}");

    // A 40,000-row upload of which the server gets three quarters.
    let mut csv = String::from("phone_number,name\n");
    for n in 0..40_000u32 {
        csv.push_str(&format!("+1415{:07},Customer {n}\n", 5_600_000 + n));
    }
    let address = server.base.trim_start_matches("http://").to_owned();
    let mut socket = TcpStream::connect(&address).await.unwrap();
    let head = format!(
        "PUT /api/campaigns/{id}/contacts HTTP/1.1\r\nHost: {address}\r\nCookie: {}\r\n\
         Content-Type: text/csv\r\nContent-Length: {}\r\n\r\n",
        client.cookie,
        csv.len()
    );
    socket.write_all(head.as_bytes()).await.unwrap();
    socket
        .write_all(&csv.as_bytes()[..csv.len() * 3 / 4])
        .await
        .unwrap();
    eventually("the upload is being written", || {
        upload_under_way(database_url, id)
    })
    .await;
    server.child.kill().await.unwrap(); // SIGKILL: no shutdown code runs
    drop(socket);

    let server = start(database_url).await;
    let client = Client::sign_in(&server).await;
    assert_eq!(client.phones(id).await, ["+14155550001", "+14155550002"]);
    let (status, campaign) = client
        .send(reqwest::Method::GET, &format!("/api/campaigns/{id}"), None)
        .await;
    assert_eq!(status, 200);
    assert_eq!(campaign["counts"]["pending"], 2, "{campaign}");
    // The dead upload holds nothing: the next one is taken at once...
    let (status, report) = client.upload(id, "phone_number\n+14155550003\n").await;
    assert_eq!(status, 200, "{report}");
    assert_eq!(client.phones(id).await, ["+14155550003"]);
    // ...and the janitor deletes what it and the replaced list left.
    eventually(
        "the janitor has deleted the dead upload's rows",
        || async move { rows_outside_the_list(database_url, id).await == 0 },
    )
    .await;
    drop(server);
}

#[tokio::test]
async fn sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("outdial.db").display());
    killed_mid_upload(&url).await;
}

#[tokio::test]
async fn postgres() {
    let admin_url = std::env::var("OUTDIAL_TEST_POSTGRES_URL")
        .expect("OUTDIAL_TEST_POSTGRES_URL is not set (or run with --skip postgres)");
    let database = format!("outdial_crash_{}", std::process::id());
    let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap();
    sqlx::query(&format!("drop database if exists {database} with (force)"))
        .execute(&mut admin)
        .await
        .unwrap();
    sqlx::query(&format!("create database {database}"))
        .execute(&mut admin)
        .await
        .unwrap();
    let options: sqlx::postgres::PgConnectOptions = admin_url.parse().unwrap();
    let url = options.database(&database).to_url_lossy().to_string();
    killed_mid_upload(&url).await;
    sqlx::query(&format!("drop database if exists {database} with (force)"))
        .execute(&mut admin)
        .await
        .unwrap();
}
