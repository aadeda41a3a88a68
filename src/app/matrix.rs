//! "Where this can go": one row per target of the matrix, its verdict and a one-line reason
//! (the first error, or what is missing); choosing a row shows that target's full report.

use std::rc::Rc;

use yew::prelude::*;

use super::labels::{counted, missing_text, short_name};
use crate::protocol::MatrixRow;
use crate::{ServiceId, Verdict};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub rows: Rc<Vec<MatrixRow>>,
    pub selected: ServiceId,
    pub on_select: Callback<ServiceId>,
}

fn verdict_text(t: &MatrixRow) -> (&'static str, &'static str) {
    match t.verdict {
        Verdict::Pass => ("pass", "Ready"),
        Verdict::Fail => ("fail", "Refused"),
        Verdict::Incomplete => ("incomplete", "Needs more"),
    }
}

fn reason(t: &MatrixRow) -> String {
    match (&t.first_error, t.verdict) {
        (Some(error), _) => error.clone(),
        (None, Verdict::Incomplete) => format!("Give {} to finish.", missing_text(&t.missing)),
        (None, _) if t.warnings == 0 => "No problem found.".into(),
        (None, _) => format!("{}.", counted(t.warnings as i64, "warning")),
    }
}

#[function_component(MatrixTable)]
pub fn matrix_table(props: &Props) -> Html {
    let row = |t: &MatrixRow| {
        let Some(service) = ServiceId::from_id(&t.service) else {
            return html! {};
        };
        let (kind, word) = verdict_text(t);
        let selected = service == props.selected;
        let onclick = {
            let on_select = props.on_select.clone();
            Callback::from(move |_: MouseEvent| on_select.emit(service))
        };
        html! {
            <tr data-service={t.service.clone()} data-verdict={kind} class={classes!(selected.then_some("selected"))} aria-selected={selected.to_string()}>
                <th scope="row">
                    <button type="button" class="target" aria-pressed={selected.to_string()} title={service.meta().name} {onclick}>
                        { short_name(service) }
                    </button>
                </th>
                <td class={classes!("verdict-cell", kind)}>{ word }</td>
                <td class="reason" title={reason(t)}>{ reason(t) }</td>
            </tr>
        }
    };
    html! {
        <section id="matrix-section" class="matrix-section" aria-labelledby="matrix-title">
            <h2 id="matrix-title">{ "Where this can go" }</h2>
            <table id="matrix" class="matrix">
                <thead>
                    <tr><th scope="col">{ "Target" }</th><th scope="col">{ "Verdict" }</th><th scope="col">{ "Why" }</th></tr>
                </thead>
                <tbody>{ for props.rows.iter().map(row) }</tbody>
            </table>
            <p class="hint">{ "Choose a target to see its full report below." }</p>
        </section>
    }
}
