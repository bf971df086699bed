//! The retry policy: from one attempt's outcome and the campaign's rules,
//! the contact's next step — done (with a reason), retry at T, or callback
//! at T. A pure function; the dialler records the result.
//!
//! # Precedence
//! [`decide`] applies the first rule that matches:
//! 1. The contact is excluded → done (`excluded`).
//! 2. The contact asked for a callback **and** both halves of the double
//!    gate are on (the campaign's Callback Detection and the bot's callback
//!    setting) → callback at the requested time. With either half off the
//!    request is ignored and the rules below apply.
//! 3. Stop redials after a meaningful connect: the rule is on, a person
//!    answered, and the call lasted longer than the threshold → done (`reached`).
//! 4. Redial after a short connect: the rule is on, a person answered, and
//!    the call lasted less than the threshold → retry.
//! 5. The post-call business disposition is in Custom Retry Dispositions
//!    (ignoring case) → retry.
//! 6. The call's system disposition is in Retry on System Dispositions → retry.
//! 7. Otherwise: a person answered → done (`reached`); not → done (`not_retryable`).
//!
//! Then the cap: Max Attempts counts every call, callbacks included, so a
//! retry or callback when `attempts_so_far >= max_attempts` becomes done
//! (`exhausted`).
//!
//! # Timing
//! A retry is due at `now + Retry Delay`; a callback at the requested time,
//! or `now` if that is already past. If that instant is outside the calling
//! window, it moves to the window's next opening.
//!
//! # Answering machines (decision)
//! The wizard has no machine-detection toggle, but calls that reach a
//! machine are reported. A machine-answered call is never a "meaningful
//! connect" nor a "short connect" (rules 3 and 4 need a person); for rule 6
//! it counts as `no_answer`, so it is retried when `no_answer` is ticked;
//! otherwise it ends as `not_retryable`, never `reached`. A business
//! disposition (rule 5, e.g. `voicemail`) and a callback request (rule 2)
//! still apply to it, since post-call analysis produced them deliberately.
//!
//! Thresholds are strict: a call of exactly the stop threshold is not
//! "longer than" it, and one of exactly the short threshold is not "shorter
//! than" it. Whether a campaign still runs when a retry falls due (Single
//! Day completion, pause) is the dialler's concern, not this policy's.

mod explain;
mod outcome;

#[cfg(test)]
mod explain_tests;
#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};

pub use explain::{Decision, Rule};
pub use outcome::{AttemptOutcome, CallStatus, DoneReason, NextStep, RetryContext, RetryRules};

/// The contact's next step after `outcome`; see the module docs for the precedence.
pub fn decide(rules: &RetryRules, outcome: &AttemptOutcome, ctx: &RetryContext) -> NextStep {
    decide_explained(rules, outcome, ctx).next
}

/// [`decide`] with the rule that matched and what changed its step after
/// it (Max Attempts, the calling window): the contact page's "why".
pub fn decide_explained(
    rules: &RetryRules,
    outcome: &AttemptOutcome,
    ctx: &RetryContext,
) -> Decision {
    let decision = |next, rule| Decision {
        next,
        rule,
        capped: None,
        moved_from: None,
        retry_delay_minutes: rules.retry_delay.minutes(),
    };
    if ctx.excluded {
        return decision(NextStep::Done(DoneReason::Excluded), Rule::Excluded);
    }
    if let Some(requested) = outcome.callback_at {
        if rules.callback_detection && ctx.bot_callbacks_enabled {
            let due = requested.max(ctx.now);
            return capped(
                rules,
                ctx,
                decision(
                    inside_window(rules, due, NextStep::CallbackAt),
                    Rule::Callback { requested },
                ),
                due,
            );
        }
    }
    let person = outcome.reached_a_person();
    let seconds = outcome.duration_seconds;
    let stop = rules.stop_after_meaningful_connect;
    if stop.enabled() && person && seconds > stop.seconds() {
        let rule = Rule::MeaningfulConnect {
            seconds,
            threshold: stop.seconds(),
        };
        return decision(NextStep::Done(DoneReason::Reached), rule);
    }
    let short = rules.redial_after_short_connect;
    let custom = outcome
        .disposition
        .as_deref()
        .filter(|d| rules.custom.matches(d));
    let system = outcome
        .effective_system_disposition()
        .filter(|d| rules.retry_on.contains(*d));
    let retry_rule = if short.enabled() && person && seconds < short.seconds() {
        Some(Rule::ShortConnect {
            seconds,
            threshold: short.seconds(),
        })
    } else if let Some(disposition) = custom {
        Some(Rule::CustomDisposition {
            disposition: disposition.to_owned(),
        })
    } else {
        system.map(|disposition| Rule::SystemDisposition {
            disposition,
            machine: outcome.answered_by_machine,
        })
    };
    if let Some(rule) = retry_rule {
        return match ctx.now.checked_add_signed(rules.retry_delay.duration()) {
            Some(due) => capped(
                rules,
                ctx,
                decision(inside_window(rules, due, NextStep::RetryAt), rule),
                due,
            ),
            None => capped(
                rules,
                ctx,
                decision(NextStep::Done(DoneReason::WindowNeverOpens), rule),
                ctx.now,
            ),
        };
    }
    match outcome.effective_system_disposition() {
        Some(disposition) if !person => decision(
            NextStep::Done(DoneReason::NotRetryable),
            Rule::NotRetried {
                disposition,
                machine: outcome.answered_by_machine,
            },
        ),
        _ => decision(
            NextStep::Done(DoneReason::Reached),
            Rule::Answered { seconds },
        ),
    }
}

/// Max Attempts over a retry or callback; else the window's move, if any,
/// from `due`.
fn capped(
    rules: &RetryRules,
    ctx: &RetryContext,
    mut decision: Decision,
    due: DateTime<Utc>,
) -> Decision {
    if ctx.attempts_so_far >= rules.max_attempts.get() {
        decision.next = NextStep::Done(DoneReason::Exhausted);
        decision.capped = Some((ctx.attempts_so_far, rules.max_attempts.get()));
        return decision;
    }
    if let NextStep::RetryAt(at) | NextStep::CallbackAt(at) = decision.next {
        if at != due {
            decision.moved_from = Some(due);
        }
    }
    decision
}

fn inside_window(
    rules: &RetryRules,
    due: DateTime<Utc>,
    step: fn(DateTime<Utc>) -> NextStep,
) -> NextStep {
    match rules.window.next_opening(due) {
        Some(at) => step(at),
        None => NextStep::Done(DoneReason::WindowNeverOpens),
    }
}
