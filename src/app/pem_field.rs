//! A labelled textarea for one PEM input.

use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The textarea's id, which the label points at.
    pub id: AttrValue,
    pub label: AttrValue,
    pub hint: AttrValue,
    pub value: AttrValue,
    /// Called with the whole text on every edit.
    pub on_input: Callback<String>,
}

#[function_component(PemField)]
pub fn pem_field(props: &Props) -> Html {
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_input.emit(area.value());
        })
    };
    let hint_id = format!("{}-hint", props.id);
    html! {
        <div class="field">
            <label for={props.id.clone()}>{ &props.label }</label>
            <textarea
                id={props.id.clone()}
                aria-describedby={hint_id.clone()}
                rows="6"
                spellcheck="false"
                autocomplete="off"
                autocapitalize="off"
                value={props.value.clone()}
                {oninput}
            />
            <small id={hint_id}>{ &props.hint }</small>
        </div>
    }
}
