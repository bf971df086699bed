//! How contacts' variables are stored (`store::variables`, migration 0012):
//! a row holds its values, the campaign their names; campaigns stored
//! before that keep rows that are JSON objects. Read back the same through
//! the list, the export, a clone and the dial request.

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::campaigns::{config, create_campaign, execute, fixture, send_csv, upload};
use crate::contacts::export_csv;
use crate::helpers::{Auth, TestApp};

engine_tests!(
    variables_are_stored_as_values_with_the_names_once_per_campaign,
    an_append_in_another_column_order_places_each_value_under_its_name,
    a_campaign_stored_before_compact_rows_reads_appends_and_exports_as_before,
);

/// A text column of the campaign's (`$1`) first contact, or of the campaign.
async fn text(app: &TestApp, sql: &str, id: i64) -> Option<String> {
    match &app.db {
        outdial::db::Db::Sqlite(pool) => sqlx::query_scalar(sql).bind(id).fetch_one(pool).await,
        outdial::db::Db::Postgres(pool) => sqlx::query_scalar(sql).bind(id).fetch_one(pool).await,
    }
    .unwrap()
}

async fn names(app: &TestApp, id: i64) -> Option<String> {
    text(
        app,
        "select variable_names from campaigns where id = $1",
        id,
    )
    .await
}

async fn stored(app: &TestApp, id: i64, phone: &str) -> String {
    let sql =
        format!("select variables from contacts where campaign_id = $1 and phone = '{phone}'");
    text(app, &sql, id).await.unwrap()
}

async fn listed(app: &TestApp, id: i64) -> Vec<(String, Value)> {
    let page = app
        .get(&format!("/api/campaigns/{id}/contacts"))
        .await
        .expect(StatusCode::OK);
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["phone_number"].as_str().unwrap().to_owned(),
                c["variables"].clone(),
            )
        })
        .collect()
}

/// The export's lines, each cut at the outcome columns (state onwards).
async fn exported(app: &TestApp, id: i64) -> Vec<String> {
    let text = export_csv(app, id).await;
    text.lines()
        .map(|line| {
            let cut = line
                .find(",state,")
                .or_else(|| line.find(",pending,"))
                .or_else(|| line.find(",excluded,"))
                .unwrap_or(line.len());
            line[..cut].to_owned()
        })
        .collect()
}

async fn variables_are_stored_as_values_with_the_names_once_per_campaign(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Compact", f.bot, &[f.us_number])).await;
    assert_eq!(names(&app, id).await.as_deref(), Some("[]"));
    upload(
        &app,
        id,
        "phone_number,name,city,note\n+14155550001,\"Verma, Navya\",Pune,\"said \"\"call later\"\"\"\n+14155550002,Ravi,,\n",
    )
    .await;
    assert_eq!(
        names(&app, id).await.as_deref(),
        Some(r#"["name","city","note"]"#)
    );
    assert_eq!(
        stored(&app, id, "+14155550001").await,
        r#"["Verma, Navya","Pune","said \"call later\""]"#
    );
    assert_eq!(stored(&app, id, "+14155550002").await, r#"["Ravi","",""]"#);
    assert_eq!(
        listed(&app, id).await,
        [
            (
                "+14155550001".to_owned(),
                json!({ "name": "Verma, Navya", "city": "Pune", "note": "said \"call later\"" })
            ),
            (
                "+14155550002".to_owned(),
                json!({ "name": "Ravi", "city": "", "note": "" })
            ),
        ]
    );
    // A contact's detail names them in the file's order.
    let page = app
        .get(&format!("/api/campaigns/{id}/contacts"))
        .await
        .expect(StatusCode::OK);
    let first = page["items"][0]["id"].as_i64().unwrap();
    let detail = app
        .get(&format!("/api/campaigns/{id}/contacts/{first}"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(detail["variable_order"], json!(["name", "city", "note"]));
    assert_eq!(
        exported(&app, id).await,
        [
            "phone_number,name,city,note",
            "+14155550001,\"Verma, Navya\",Pune,\"said \"\"call later\"\"\"",
            "+14155550002,Ravi,,",
        ]
    );
    // A clone copies the rows as stored and the names they need.
    let copy = app
        .request(
            Method::POST,
            &format!("/api/campaigns/{id}/clone"),
            Auth::Admin,
            None,
        )
        .await
        .expect(StatusCode::CREATED)["id"]
        .as_i64()
        .unwrap();
    assert_eq!(names(&app, copy).await, names(&app, id).await);
    assert_eq!(listed(&app, copy).await, listed(&app, id).await);
    // A replace takes the new file's names.
    upload(&app, id, "phone_number,zone\n+14155550003,West\n").await;
    assert_eq!(names(&app, id).await.as_deref(), Some(r#"["zone"]"#));
    assert_eq!(
        listed(&app, id).await,
        [("+14155550003".to_owned(), json!({ "zone": "West" }))]
    );
}

async fn an_append_in_another_column_order_places_each_value_under_its_name(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Append", f.bot, &[f.us_number])).await;
    upload(
        &app,
        id,
        "phone_number,name,city\n+14155550001,Asha,Mumbai\n",
    )
    .await;
    let path = format!("/api/campaigns/{id}/contacts");
    send_csv(
        &app,
        Method::POST,
        &path,
        "phone_number,plan,name\n+14155550002,gold,Ravi\n",
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(
        names(&app, id).await.as_deref(),
        Some(r#"["name","city","plan"]"#)
    );
    assert_eq!(
        stored(&app, id, "+14155550002").await,
        r#"["Ravi",null,"gold"]"#
    );
    // A JSON append whose contacts name different variables.
    app.post(
        &path,
        json!([
            { "phone_number": "+14155550003", "variables": { "score": 7 } },
            { "phone_number": "+14155550004", "variables": { "city": "Pune", "name": "Sam" } },
        ]),
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(
        names(&app, id).await.as_deref(),
        Some(r#"["name","city","plan","score"]"#)
    );
    assert_eq!(
        listed(&app, id).await,
        [
            (
                "+14155550001".to_owned(),
                json!({ "name": "Asha", "city": "Mumbai" })
            ),
            (
                "+14155550002".to_owned(),
                json!({ "name": "Ravi", "plan": "gold" })
            ),
            ("+14155550003".to_owned(), json!({ "score": "7" })),
            (
                "+14155550004".to_owned(),
                json!({ "name": "Sam", "city": "Pune" })
            ),
        ]
    );
    assert_eq!(
        exported(&app, id).await,
        [
            "phone_number,name,city,plan,score",
            "+14155550001,Asha,Mumbai,,",
            "+14155550002,Ravi,,gold,",
            "+14155550003,,,,7",
            "+14155550004,Sam,Pune,,",
        ]
    );
}

async fn a_campaign_stored_before_compact_rows_reads_appends_and_exports_as_before(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Before", f.bot, &[f.us_number])).await;
    upload(&app, id, "phone_number\n+14155550001\n+14155550002\n").await;
    // As migration 0012 leaves a campaign stored before it.
    execute(
        &app,
        "update campaigns set variable_names = null where id = $1",
        id,
    )
    .await;
    execute(
        &app,
        r#"update contacts set variables = '{"name":"Asha","amount":12}' where campaign_id = $1 and phone = '+14155550001'"#,
        id,
    )
    .await;
    execute(
        &app,
        r#"update contacts set variables = '{"city":"Pune"}' where campaign_id = $1 and phone = '+14155550002'"#,
        id,
    )
    .await;
    assert_eq!(
        listed(&app, id).await,
        [
            (
                "+14155550001".to_owned(),
                json!({ "name": "Asha", "amount": "12" })
            ),
            ("+14155550002".to_owned(), json!({ "city": "Pune" })),
        ]
    );
    // An append keeps such a campaign's form: object rows, no names.
    send_csv(
        &app,
        Method::POST,
        &format!("/api/campaigns/{id}/contacts"),
        "phone_number,name\n+14155550003,Ravi\n",
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(names(&app, id).await, None);
    assert_eq!(stored(&app, id, "+14155550003").await, r#"{"name":"Ravi"}"#);
    assert_eq!(
        exported(&app, id).await,
        [
            "phone_number,name,amount,city",
            "+14155550001,Asha,12,",
            "+14155550002,,,Pune",
            "+14155550003,Ravi,,",
        ]
    );
    // Its next replace makes it compact.
    upload(&app, id, "phone_number,name\n+14155550004,Sam\n").await;
    assert_eq!(names(&app, id).await.as_deref(), Some(r#"["name"]"#));
    assert_eq!(stored(&app, id, "+14155550004").await, r#"["Sam"]"#);
}
