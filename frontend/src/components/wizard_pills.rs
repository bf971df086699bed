//! The wizard's five step pills: the current step in the brand colour,
//! completed steps green, and a step already visited clickable to go back
//! to it.

use leptos::prelude::*;
use outdial_shared::config::Step;

/// How one pill looks and whether it can be clicked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PillState {
    /// The step on screen.
    pub current: bool,
    /// Visited and its fields pass validation.
    pub done: bool,
    /// The operator may jump to it.
    pub reachable: bool,
}

#[component]
pub fn WizardPills(
    /// The state of each step's pill.
    state: impl Fn(Step) -> PillState + Send + Sync + Copy + 'static,
    /// Called with the pill clicked.
    on_select: impl Fn(Step) + Send + Sync + Copy + 'static,
) -> impl IntoView {
    view! {
        <nav aria-label="Wizard steps">
            <ol class="wizard-steps">
                {Step::ALL
                    .into_iter()
                    .map(|step| {
                        let pill = move || state(step);
                        view! {
                            <li
                                class:current=move || pill().current
                                class:done=move || pill().done
                                aria-current=move || pill().current.then_some("step")
                            >
                                <button
                                    type="button"
                                    class="pill"
                                    disabled=move || !pill().reachable
                                    on:click=move |_| on_select(step)
                                >
                                    <span class="step-number">
                                        {move || if pill().done { "✓".to_string() } else { step.number().to_string() }}
                                    </span>
                                    {step.label()}
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </nav>
    }
}
