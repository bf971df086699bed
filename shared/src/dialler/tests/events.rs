//! The event-log line's JSON: exactly the issue's keys, in its order.

use serde_json::json;

use super::at_ms;
use crate::dialler::{AnswerEvent, DialEvent, EndEvent, Event, EventLine, StatusEvent};
use crate::lifecycle::Status;
use crate::retry::CallStatus;

fn dial() -> EventLine {
    EventLine::new(
        at_ms(250),
        DialEvent {
            campaign: 1,
            contact: 42,
            attempt: 7,
            attempt_no: 1,
            phone: "+919876543210".into(),
            from: "+912240000001".into(),
            carrier: "Acme".into(),
        },
    )
}

#[test]
fn a_dial_line_has_the_issues_keys_in_its_order() {
    assert_eq!(
        serde_json::to_string(&dial()).unwrap(),
        r#"{"at":"2025-03-10T09:00:00.250Z","event":"dial","campaign":1,"contact":42,"attempt":7,"attempt_no":1,"phone":"+919876543210","from":"+912240000001","carrier":"Acme"}"#
    );
}

#[test]
fn each_event_type_writes_only_the_fields_that_apply() {
    let end = EventLine::new(
        at_ms(40_000),
        EndEvent {
            campaign: 1,
            contact: 42,
            attempt: 7,
            disposition: CallStatus::Connected,
            duration_s: 36,
            machine: false,
        },
    );
    assert_eq!(
        serde_json::to_value(&end).unwrap(),
        json!({"at":"2025-03-10T09:00:40Z","event":"end","campaign":1,"contact":42,"attempt":7,
               "disposition":"connected","duration_s":36,"machine":false})
    );
    let answer = EventLine::new(
        at_ms(4_000),
        AnswerEvent {
            campaign: 1,
            contact: 42,
            attempt: 7,
            machine: true,
        },
    );
    assert_eq!(
        serde_json::to_value(&answer).unwrap(),
        json!({"at":"2025-03-10T09:00:04Z","event":"answer","campaign":1,"contact":42,"attempt":7,"machine":true})
    );
    let status = EventLine::new(
        at_ms(0),
        StatusEvent {
            campaign: 1,
            status: Status::Running,
        },
    );
    assert_eq!(
        serde_json::to_value(&status).unwrap(),
        json!({"at":"2025-03-10T09:00:00Z","event":"status","campaign":1,"status":"running"})
    );
    assert_eq!((status.kind(), status.campaign()), ("status", 1));
}

#[test]
fn every_event_type_reads_back_as_written() {
    let lines = [
        dial(),
        EventLine::new(
            at_ms(1),
            EndEvent {
                campaign: 3,
                contact: 4,
                attempt: 5,
                disposition: CallStatus::NoAnswer,
                duration_s: 0,
                machine: false,
            },
        ),
        EventLine::new(
            at_ms(2),
            StatusEvent {
                campaign: 3,
                status: Status::Paused,
            },
        ),
    ];
    for line in lines {
        let text = serde_json::to_string(&line).unwrap();
        assert_eq!(serde_json::from_str::<EventLine>(&text).unwrap(), line);
    }
}

#[test]
fn nulls_for_fields_of_other_event_types_and_other_offsets_are_accepted() {
    let text = r#"{"at":"2025-03-10T14:30:00.250+05:30","event":"status","campaign":1,"contact":null,
                   "attempt":null,"phone":null,"disposition":null,"status":"completed"}"#;
    let line: EventLine = serde_json::from_str(text).unwrap();
    assert_eq!(line.at, at_ms(250));
    assert_eq!(
        line.event,
        Event::Status(StatusEvent {
            campaign: 1,
            status: Status::Completed
        })
    );
}

#[test]
fn an_unknown_event_type_or_a_bad_instant_does_not_read() {
    assert!(serde_json::from_str::<EventLine>(
        r#"{"at":"2025-03-10T09:00:00Z","event":"ring","campaign":1}"#
    )
    .is_err());
    let error = serde_json::from_str::<EventLine>(
        r#"{"at":"10/03/2025 09:00","event":"status","campaign":1,"status":"running"}"#,
    )
    .unwrap_err();
    assert!(error.to_string().contains("is not an RFC 3339 instant"));
}
