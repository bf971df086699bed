//! The question an action asks before it does something that cannot be
//! undone or that the operator should think twice about (Stop, Delete,
//! Revoke, starting with an untested bot): one modal `<dialog>` for the
//! whole app, asked through [`Confirm::ask`] from any page.
//!
//! The browser's modal dialog keeps the rest of the page inert and returns
//! focus to where it was. Cancel comes first, so it has the focus when the
//! dialog opens: Enter on a question never confirms by accident. Esc is
//! Cancel. A newer question answers the one still open with Cancel.

use futures_channel::oneshot;
use leptos::html::Dialog;
use leptos::prelude::*;

/// What the dialog asks, and the words of its confirming button.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    /// The question, in full ("Stop Renewals? …").
    pub text: String,
    /// The confirming button's label, naming the act ("Stop campaign").
    pub yes: String,
    /// Whether the act destroys something (the button is drawn in red).
    pub danger: bool,
}

impl Question {
    /// A question whose answer destroys or ends something.
    pub fn danger(text: impl Into<String>, yes: impl Into<String>) -> Self {
        Question {
            text: text.into(),
            yes: yes.into(),
            danger: true,
        }
    }

    /// A question whose answer goes ahead despite a warning.
    pub fn warning(text: impl Into<String>, yes: impl Into<String>) -> Self {
        Question {
            text: text.into(),
            yes: yes.into(),
            danger: false,
        }
    }
}

/// The app's one question at a time (see the module docs).
#[derive(Clone, Copy)]
pub struct Confirm {
    asked: RwSignal<Option<Question>>,
    reply: StoredValue<Option<oneshot::Sender<bool>>>,
}

impl Confirm {
    /// Shows `question` and waits for the answer: `true` only for the
    /// confirming button.
    pub async fn ask(self, question: Question) -> bool {
        let (sender, answer) = oneshot::channel();
        if let Some(Some(previous)) = self.reply.try_update_value(|r| r.replace(sender)) {
            let _ = previous.send(false);
        }
        self.asked.try_set(Some(question));
        answer.await.unwrap_or(false)
    }

    fn answer(self, yes: bool) {
        if let Some(Some(sender)) = self.reply.try_update_value(Option::take) {
            let _ = sender.send(yes);
        }
        self.asked.try_set(None);
    }
}

/// Makes [`Confirm`] available to every page (called once, by the app).
pub fn provide_confirm() {
    provide_context(Confirm {
        asked: RwSignal::new(None),
        reply: StoredValue::new(None),
    });
}

/// The app's [`Confirm`].
pub fn use_confirm() -> Confirm {
    expect_context()
}

/// The dialog itself, drawn once beside the pages.
#[component]
pub fn ConfirmDialog() -> impl IntoView {
    let confirm = use_confirm();
    let dialog = NodeRef::<Dialog>::new();
    Effect::new(move |_| {
        let open = confirm.asked.with(Option::is_some);
        let Some(dialog) = dialog.get() else {
            return;
        };
        if open && !dialog.open() {
            let _ = dialog.show_modal();
        } else if !open && dialog.open() {
            dialog.close();
        }
    });
    let text = move || confirm.asked.with(|q| q.as_ref().map(|q| q.text.clone()));
    let yes = move || confirm.asked.with(|q| q.as_ref().map(|q| q.yes.clone()));
    let class = move || {
        if confirm.asked.with(|q| q.as_ref().is_some_and(|q| q.danger)) {
            "button danger"
        } else {
            "button primary"
        }
    };
    view! {
        <dialog
            node_ref=dialog
            class="confirm-dialog"
            aria-labelledby="confirm-question"
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                confirm.answer(false);
            }
        >
            <p id="confirm-question">{text}</p>
            <div class="dialog-buttons">
                <button type="button" class="button" on:click=move |_| confirm.answer(false)>
                    "Cancel"
                </button>
                <button type="button" class=class on:click=move |_| confirm.answer(true)>
                    {yes}
                </button>
            </div>
        </dialog>
    }
}
