//! Contacts: uploads (replace and append, CSV and JSON), the list, the
//! export, and exclusions.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{json, Value};
use tower::ServiceExt;

use crate::campaigns::{action, config, create_campaign, execute, fixture, send_csv, upload};
use crate::helpers::TestApp;

engine_tests!(
    a_csv_replaces_a_drafts_contacts_and_answers_with_the_check_report,
    a_file_without_a_phone_number_column_leaves_the_previous_list_untouched,
    an_upload_that_breaks_off_saves_nothing_and_the_next_one_works,
    replacing_contacts_after_a_run_is_refused_with_the_locked_notice,
    a_file_over_500000_rows_is_refused_with_413_and_nothing_changes,
    contacts_are_appended_as_csv_or_json_skipping_numbers_already_there,
    numbers_without_country_code_take_the_first_numbers_country_or_the_query,
    an_upload_without_a_session_is_refused,
    contacts_are_listed_by_state_and_search_page_by_page,
    the_export_has_outcomes_and_neutralises_spreadsheet_formulas,
    the_export_streams_the_list_a_page_at_a_time,
    a_sticky_exclusion_survives_a_re_add,
    a_non_sticky_exclusion_is_lifted_by_a_deliberate_re_add,
    exclusions_normalise_numbers_and_can_be_lifted,
);

async fn contacts(app: &TestApp, id: i64, query: &str) -> Value {
    app.get(&format!("/api/campaigns/{id}/contacts{query}"))
        .await
        .expect(StatusCode::OK)
}

fn phones(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["phone_number"].as_str().unwrap().to_owned())
        .collect()
}

/// The campaign's export as it starts, checked to be a CSV download.
async fn export_response(app: &TestApp, id: i64) -> axum::response::Response {
    let request = Request::builder()
        .uri(format!("/api/campaigns/{id}/contacts.csv"))
        .header(header::COOKIE, &app.admin_cookie)
        .body(Body::empty())
        .unwrap();
    let response = app.router.clone().oneshot(request).await.unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    assert!(response.headers()[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    response
}

/// The campaign's whole export.
pub async fn export_csv(app: &TestApp, id: i64) -> String {
    let response = export_response(app, id).await;
    let body = response.into_body().collect().await.unwrap().to_bytes();
    String::from_utf8(body.to_vec()).unwrap()
}

async fn append_json(app: &TestApp, id: i64, body: Value) -> Value {
    app.post(&format!("/api/campaigns/{id}/contacts"), body)
        .await
        .expect(StatusCode::OK)
}

async fn a_csv_replaces_a_drafts_contacts_and_answers_with_the_check_report(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Upload", f.bot, &[f.us_number])).await;
    upload(&app, id, "phone_number,name\n+14155550001,Old\n").await;
    let report = upload(
        &app,
        id,
        "phone_number;name;city\n+91 98765 43210;Asha;Mumbai\nnope;Ravi;Pune\n+919876543210;Dup;X\n+1 415 555 2672;Sam;SF\n",
    )
    .await;
    assert_eq!(report["rows"], 4);
    assert_eq!(report["valid"], 2);
    assert_eq!(report["invalid"], 1);
    assert_eq!(report["duplicates"], 1);
    assert_eq!(report["variables"], json!(["name", "city"]));
    assert_eq!(report["delimiter"], "semicolon");
    assert_eq!(report["errors"][0]["row"], 3);
    assert_eq!(report["errors"][0]["column"], "phone_number");
    assert!(report["file_error"].is_null());
    let keys: Vec<&String> = report.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        [
            "delimiter",
            "duplicates",
            "encoding",
            "errors",
            "errors_omitted",
            "file_error",
            "invalid",
            "regions",
            "rows",
            "valid",
            "variables"
        ]
    );
    let list = contacts(&app, id, "").await;
    assert_eq!(phones(&list), ["+919876543210", "+14155552672"]);
    let first = &list["items"][0];
    assert_eq!(
        first["variables"],
        json!({ "name": "Asha", "city": "Mumbai" })
    );
    assert_eq!(first["state"], "pending");
    assert_eq!(first["attempts"], 0);
    assert_eq!(first["row_no"], 1);
    assert!(first["next_eligible_at"].is_null());
    let audit = app
        .get(&format!("/api/campaigns/{id}/audit"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(audit["items"][0]["action"], "contacts_uploaded");
    assert_eq!(audit["items"][0]["details"]["valid"], 2);
    assert_eq!(audit["items"][0]["details"]["invalid"], 1);
}

async fn a_file_without_a_phone_number_column_leaves_the_previous_list_untouched(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Keep", f.bot, &[f.us_number])).await;
    upload(&app, id, "phone_number\n+14155550001\n+14155550002\n").await;
    let error = send_csv(
        &app,
        Method::PUT,
        &format!("/api/campaigns/{id}/contacts"),
        "phone,name\n+14155550003,A\n",
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(
        error["message"].as_str().unwrap().contains("phone_number"),
        "{error}"
    );
    assert!(error["fields"]["contacts"].is_string(), "{error}");
    assert_eq!(
        phones(&contacts(&app, id, "").await),
        ["+14155550001", "+14155550002"]
    );
    // A file rejected after some rows were written is rolled back too: row
    // 5,002 opens a quote that is never closed within the row limit.
    let mut csv = String::from("phone_number,note\n");
    for n in 0..6_000u32 {
        csv.push_str(&format!("+1415555{:04},x\n", n % 10_000));
    }
    csv.push_str("+14155559999,\"");
    csv.push_str(&"y".repeat(1_100_000));
    let response = send_csv(
        &app,
        Method::PUT,
        &format!("/api/campaigns/{id}/contacts"),
        csv,
    )
    .await;
    response.expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert_eq!(contacts(&app, id, "").await["total"], 2);
    // A quote left open near the end swallows the lines after it: the file
    // is refused with where the quote opened, and nothing changes.
    let error = send_csv(
        &app,
        Method::PUT,
        &format!("/api/campaigns/{id}/contacts"),
        "phone_number,note\n+14155550005,\"open\n+14155550006,x\n",
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(
        error["message"]
            .as_str()
            .unwrap()
            .starts_with("Row 2, column note: a quote opens here and never closes"),
        "{error}"
    );
    assert_eq!(contacts(&app, id, "").await["total"], 2);
}

/// The body fails after 6,000 rows, so a batch was already written (on
/// PostgreSQL, into the upload's open `COPY`): nothing of it is kept, and
/// the connection it used serves the next upload.
async fn an_upload_that_breaks_off_saves_nothing_and_the_next_one_works(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Cut", f.bot, &[f.us_number])).await;
    upload(&app, id, "phone_number\n+14155550001\n").await;
    let mut rows = String::from("phone_number\n");
    for n in 0..6_000u32 {
        rows.push_str(&format!("+1415556{n:04}\n"));
    }
    let chunks: Vec<Result<String, std::io::Error>> = vec![
        Ok(rows),
        Err(std::io::Error::new(
            std::io::ErrorKind::ConnectionReset,
            "client went away",
        )),
    ];
    let error = send_csv(
        &app,
        Method::PUT,
        &format!("/api/campaigns/{id}/contacts"),
        Body::from_stream(futures_util::stream::iter(chunks)),
    )
    .await
    .expect_error(StatusCode::BAD_REQUEST, "bad_request");
    assert!(
        error["message"].as_str().unwrap().contains("broke off"),
        "{error}"
    );
    assert_eq!(phones(&contacts(&app, id, "").await), ["+14155550001"]);
    for _ in 0..3 {
        upload(&app, id, "phone_number\n+14155550002\n+14155550003\n").await;
    }
    assert_eq!(
        phones(&contacts(&app, id, "").await),
        ["+14155550002", "+14155550003"]
    );
    // A file of no rows (nothing but the header) empties the list.
    let report = upload(&app, id, "phone_number\n").await;
    assert_eq!(report["rows"], 0, "{report}");
    assert_eq!(contacts(&app, id, "").await["total"], 0);
}

async fn replacing_contacts_after_a_run_is_refused_with_the_locked_notice(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Ran", f.bot, &[f.us_number])).await;
    upload(&app, id, "phone_number\n+14155550001\n").await;
    action(&app, id, "start").await.expect(StatusCode::OK);
    let path = format!("/api/campaigns/{id}/contacts");
    let error = send_csv(&app, Method::PUT, &path, "phone_number\n+14155550002\n")
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert_eq!(
        error["message"],
        "Only draft and paused campaigns can be edited. Current status: running."
    );
    action(&app, id, "pause").await.expect(StatusCode::OK);
    let error = send_csv(&app, Method::PUT, &path, "phone_number\n+14155550002\n")
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    let notice =
        "CSV contacts are locked for this campaign. Use Clone if you need a different contact set.";
    assert!(
        error["message"].as_str().unwrap().contains(notice),
        "{error}"
    );
    assert_eq!(error["fields"]["contacts"], notice);
    assert_eq!(phones(&contacts(&app, id, "").await), ["+14155550001"]);
}

async fn a_file_over_500000_rows_is_refused_with_413_and_nothing_changes(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Huge", f.bot, &[f.in_number])).await;
    upload(&app, id, "phone_number\n+919876543210\n").await;
    let mut csv = String::with_capacity(600_000 * 14);
    csv.push_str("phone_number\n");
    for n in 0..600_000u32 {
        csv.push_str(&format!("98{:08}\n", n));
    }
    let error = send_csv(
        &app,
        Method::PUT,
        &format!("/api/campaigns/{id}/contacts"),
        csv,
    )
    .await
    .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    assert!(
        error["message"].as_str().unwrap().contains("500,000"),
        "{error}"
    );
    assert_eq!(phones(&contacts(&app, id, "").await), ["+919876543210"]);

    // A declared size over 100 MB is refused before anything is read.
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/campaigns/{id}/contacts"))
        .header(header::COOKIE, &app.admin_cookie)
        .header(header::CONTENT_TYPE, "text/csv")
        .header(header::CONTENT_LENGTH, "209715200")
        .body(Body::from("phone_number\n+919876543211\n"))
        .unwrap();
    let error = app
        .send(request)
        .await
        .expect_error(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    assert!(
        error["message"].as_str().unwrap().contains("209,715,200"),
        "{error}"
    );
}

async fn contacts_are_appended_as_csv_or_json_skipping_numbers_already_there(app: TestApp) {
    let f = fixture(&app).await;
    let mut feed = config("Feed", f.bot, &[f.in_number]);
    feed["always_on"] = json!(true);
    let id = create_campaign(&app, feed).await;
    action(&app, id, "start").await.expect(StatusCode::OK);
    let path = format!("/api/campaigns/{id}/contacts");
    let report = send_csv(
        &app,
        Method::POST,
        &path,
        "phone_number,name\n+919876543210,Asha\n",
    )
    .await
    .expect(StatusCode::OK);
    assert_eq!(report["valid"], 1);
    let report = append_json(
        &app,
        id,
        json!([
            { "phone_number": "+91 98765 43211", "variables": { "name": "Ravi", "score": 7 } },
            { "phone_number": "+919876543210", "variables": {} },
            { "phone_number": "garbage" },
            { "phone_number": "9876543212" }
        ]),
    )
    .await;
    assert_eq!(report["rows"], 4);
    assert_eq!(report["valid"], 2);
    assert_eq!(report["invalid"], 1);
    assert_eq!(report["duplicates"], 1);
    assert_eq!(report["variables"], json!(["name", "score"]));
    let reasons: Vec<&str> = report["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["reason"].as_str().unwrap())
        .collect();
    assert!(
        reasons.contains(&"+919876543210 is already in this campaign"),
        "{report}"
    );
    let list = contacts(&app, id, "").await;
    assert_eq!(
        phones(&list),
        ["+919876543210", "+919876543211", "+919876543212"]
    );
    assert_eq!(
        list["items"][1]["variables"],
        json!({ "name": "Ravi", "score": "7" })
    );
    assert_eq!(list["items"][1]["row_no"], 2);
    app.post(&path, json!({ "not": "a list" }))
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    // Paused campaigns take appends; completed ones do not.
    action(&app, id, "pause").await.expect(StatusCode::OK);
    send_csv(&app, Method::POST, &path, "phone_number\n+919876543213\n")
        .await
        .expect(StatusCode::OK);
    action(&app, id, "stop").await.expect(StatusCode::OK);
    send_csv(&app, Method::POST, &path, "phone_number\n+919876543214\n")
        .await
        .expect_error(StatusCode::CONFLICT, "conflict");
    assert_eq!(contacts(&app, id, "").await["total"], 4);
    let audit = app
        .get(&format!("/api/campaigns/{id}/audit"))
        .await
        .expect(StatusCode::OK);
    let appended = audit["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["action"] == "contacts_appended")
        .count();
    assert_eq!(appended, 3);
}

async fn numbers_without_country_code_take_the_first_numbers_country_or_the_query(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Local", f.bot, &[f.us_number, f.in_number])).await;
    let report = upload(&app, id, "phone_number\n(415) 555-2680\n").await;
    assert_eq!(report["valid"], 1, "{report}");
    assert_eq!(phones(&contacts(&app, id, "").await), ["+14155552680"]);
    let response = send_csv(
        &app,
        Method::PUT,
        &format!("/api/campaigns/{id}/contacts?default_region=IN"),
        "phone_number\n98765 43219\n",
    )
    .await;
    assert_eq!(response.expect(StatusCode::OK)["valid"], 1);
    assert_eq!(phones(&contacts(&app, id, "").await), ["+919876543219"]);
    send_csv(
        &app,
        Method::PUT,
        &format!("/api/campaigns/{id}/contacts?default_region=Narnia"),
        "phone_number\n1\n",
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
}

async fn an_upload_without_a_session_is_refused(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Private", f.bot, &[f.us_number])).await;
    for method in [Method::PUT, Method::POST] {
        let request = Request::builder()
            .method(method)
            .uri(format!("/api/campaigns/{id}/contacts"))
            .header(header::CONTENT_TYPE, "text/csv")
            .body(Body::from("phone_number\n+14155550001\n"))
            .unwrap();
        app.send(request)
            .await
            .expect_error(StatusCode::UNAUTHORIZED, "unauthorized");
    }
    assert_eq!(contacts(&app, id, "").await["total"], 0);
}

async fn contacts_are_listed_by_state_and_search_page_by_page(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Many", f.bot, &[f.us_number])).await;
    let mut csv = String::from("phone_number,name\n");
    for n in 0..120 {
        csv.push_str(&format!("+1415555{:04},Person {n}\n", 1000 + n));
    }
    upload(&app, id, &csv).await;
    let first = contacts(&app, id, "").await;
    assert_eq!(first["total"], 120);
    assert_eq!(first["page_size"], 50);
    assert_eq!(first["items"].as_array().unwrap().len(), 50);
    let third = contacts(&app, id, "?page=3").await;
    assert_eq!(third["items"].as_array().unwrap().len(), 20);
    assert_eq!(third["items"][19]["phone_number"], "+14155551119");
    app.post(
        &format!("/api/campaigns/{id}/exclusions"),
        json!({ "phone_numbers": ["+14155551005"] }),
    )
    .await
    .expect(StatusCode::OK);
    let excluded = contacts(&app, id, "?state=excluded").await;
    assert_eq!(phones(&excluded), ["+14155551005"]);
    assert_eq!(contacts(&app, id, "?state=pending").await["total"], 119);
    assert_eq!(
        phones(&contacts(&app, id, "?q=5551042").await),
        ["+14155551042"]
    );
    assert_eq!(contacts(&app, id, "?q=person%2011").await["total"], 11);
    // Exactly a state, as the OpenAPI enum says: not an empty value either.
    for bad in ["asleep", "", "%20pending"] {
        app.get(&format!("/api/campaigns/{id}/contacts?state={bad}"))
            .await
            .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    }
    app.get("/api/campaigns/999/contacts")
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

async fn the_export_has_outcomes_and_neutralises_spreadsheet_formulas(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Export", f.bot, &[f.us_number])).await;
    upload(
        &app,
        id,
        "phone_number,name,note\n+14155550001,=HYPERLINK(\"http://x\"),+SUM(A1)\n+14155550002,@cmd,\"-1, or so\"\n",
    )
    .await;
    // One contact called once (as the dialler would record it).
    execute(
        &app,
        "insert into attempts (campaign_id, contact_id, run_no, attempt_no, status, dialed_at, ended_at, disposition) \
         values ($1, (select id from contacts where campaign_id = $1 and phone = '+14155550001'), 1, 1, 'ended', \
         '2026-03-02T10:15:00.000Z', '2026-03-02T10:15:40.000Z', 'no_answer')",
        id,
    )
    .await;
    execute(
        &app,
        "update contacts set state = 'done', attempts = 1, last_disposition = 'no_answer', \
         done_reason = 'max_attempts' where campaign_id = $1 and phone = '+14155550001'",
        id,
    )
    .await;
    let text = export_csv(&app, id).await;
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "phone_number,name,note,state,attempts,last_disposition,done_reason,last_call_at,next_eligible_at"
    );
    assert_eq!(
        lines[1],
        "+14155550001,\"'=HYPERLINK(\"\"http://x\"\")\",'+SUM(A1),done,1,no_answer,max_attempts,2026-03-02T10:15:00.000Z,"
    );
    assert_eq!(lines[2], "+14155550002,'@cmd,\"'-1, or so\",pending,0,,,,");
    assert_eq!(lines.len(), 3);
}

async fn the_export_streams_the_list_a_page_at_a_time(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Big export", f.bot, &[f.us_number])).await;
    let mut csv = String::from("phone_number,name\n");
    for n in 0..12_000u32 {
        csv.push_str(&format!("+1415{:07},Customer {n}\n", 5_600_000 + n));
    }
    upload(&app, id, &csv).await;
    let response = export_response(&app, id).await;
    // The body comes as the header, then one frame per page of 5,000
    // contacts read: the server never holds the whole file.
    let mut body = response.into_body();
    let mut frames = Vec::new();
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame.unwrap().into_data() {
            frames.push(data);
        }
    }
    let lines: Vec<usize> = frames
        .iter()
        .map(|f| f.iter().filter(|b| **b == b'\n').count())
        .collect();
    assert_eq!(lines, [1, 5_000, 5_000, 2_000]);
    let text = String::from_utf8(frames.concat()).unwrap();
    assert!(
        text.starts_with("phone_number,name,state,"),
        "{}",
        &text[..80]
    );
    assert!(text.contains("\r\n+14155611999,Customer 11999,pending,0,,,,\r\n"));
}

async fn a_sticky_exclusion_survives_a_re_add(app: TestApp) {
    let f = fixture(&app).await;
    let mut sticky = config("Sticky", f.bot, &[f.in_number]);
    sticky["sticky_exclusion"] = json!(true);
    let id = create_campaign(&app, sticky).await;
    upload(&app, id, "phone_number\n+919876543210\n+919876543211\n").await;
    let excluded = app
        .post(
            &format!("/api/campaigns/{id}/exclusions"),
            json!({ "phone_numbers": ["+91 98765 43210"] }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        excluded,
        json!({ "phone_numbers": ["+919876543210"], "sticky": true, "contacts_excluded": 1 })
    );
    // Re-uploading the list (a re-add) keeps it suppressed.
    let report = upload(&app, id, "phone_number\n+919876543210\n+919876543211\n").await;
    assert_eq!(report["valid"], 2);
    assert_eq!(
        phones(&contacts(&app, id, "?state=excluded").await),
        ["+919876543210"]
    );
    action(&app, id, "start").await.expect(StatusCode::OK);
    // So does appending it to the running campaign, as CSV or JSON.
    send_csv(
        &app,
        Method::POST,
        &format!("/api/campaigns/{id}/contacts"),
        "phone_number\n+919876543210\n",
    )
    .await
    .expect(StatusCode::OK);
    let report = append_json(&app, id, json!([{ "phone_number": "+919876543210" }])).await;
    assert_eq!(report["duplicates"], 1);
    assert!(
        report["errors"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("sticky"),
        "{report}"
    );
    let all = contacts(&app, id, "").await;
    assert_eq!(all["total"], 2);
    assert_eq!(
        phones(&contacts(&app, id, "?state=excluded").await),
        ["+919876543210"]
    );
}

async fn a_non_sticky_exclusion_is_lifted_by_a_deliberate_re_add(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Loose", f.bot, &[f.in_number])).await;
    upload(&app, id, "phone_number\n+919876543210\n+919876543211\n").await;
    let excluded = app
        .post(
            &format!("/api/campaigns/{id}/exclusions"),
            json!({ "phone_numbers": ["+919876543210"] }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(excluded["sticky"], false);
    action(&app, id, "start").await.expect(StatusCode::OK);
    assert_eq!(contacts(&app, id, "?state=excluded").await["total"], 1);
    let report = append_json(&app, id, json!([{ "phone_number": "+919876543210" }])).await;
    assert_eq!(report["valid"], 1);
    assert_eq!(contacts(&app, id, "?state=excluded").await["total"], 0);
    assert_eq!(contacts(&app, id, "?state=pending").await["total"], 2);
    assert_eq!(contacts(&app, id, "").await["total"], 2);
    // The exclusion is gone, so removing it again finds nothing.
    app.delete(&format!("/api/campaigns/{id}/exclusions/+919876543210"))
        .await
        .expect_error(StatusCode::NOT_FOUND, "not_found");
}

async fn exclusions_normalise_numbers_and_can_be_lifted(app: TestApp) {
    let f = fixture(&app).await;
    let id = create_campaign(&app, config("Ex", f.bot, &[f.in_number])).await;
    upload(&app, id, "phone_number\n+919876543210\n").await;
    let excluded = app
        .post(
            &format!("/api/campaigns/{id}/exclusions"),
            json!({ "phone_numbers": ["098765 43210", "+1 415 555 0199"] }),
        )
        .await
        .expect(StatusCode::OK);
    assert_eq!(
        excluded["phone_numbers"],
        json!(["+919876543210", "+14155550199"])
    );
    assert_eq!(excluded["contacts_excluded"], 1);
    let error = app
        .post(
            &format!("/api/campaigns/{id}/exclusions"),
            json!({ "phone_numbers": ["nope"] }),
        )
        .await
        .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    assert!(error["fields"]["phone_numbers"].is_string());
    app.post(
        &format!("/api/campaigns/{id}/exclusions"),
        json!({ "phone_numbers": [] }),
    )
    .await
    .expect_error(StatusCode::UNPROCESSABLE_ENTITY, "validation");
    app.delete(&format!(
        "/api/campaigns/{id}/exclusions/%2B91%2098765%2043210"
    ))
    .await
    .expect(StatusCode::NO_CONTENT);
    let list = contacts(&app, id, "").await;
    assert_eq!(list["items"][0]["state"], "pending");
    let audit = app
        .get(&format!("/api/campaigns/{id}/audit"))
        .await
        .expect(StatusCode::OK);
    assert_eq!(audit["items"][0]["action"], "contacts_unexcluded");
    assert_eq!(audit["items"][1]["action"], "contacts_excluded");
    assert_eq!(
        audit["items"][1]["details"]["phone_numbers"],
        json!(["+919876543210", "+14155550199"])
    );
}
