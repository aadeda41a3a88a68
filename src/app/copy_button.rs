//! A "Copy" button for one text (hashes, commands). `data-copy` holds the text copied.

use yew::prelude::*;

use super::browser::copy_text;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: AttrValue,
    /// What is copied, for screen readers ("Copy SHA-256").
    pub what: AttrValue,
}

#[function_component(CopyButton)]
pub fn copy_button(props: &Props) -> Html {
    let copied = use_state(|| false);
    let onclick = {
        let text = props.text.clone();
        let copied = copied.clone();
        Callback::from(move |_: MouseEvent| {
            copy_text(&text);
            copied.set(true);
        })
    };
    html! {
        <button
            type="button"
            class="copy"
            data-copy={props.text.clone()}
            aria-label={format!("Copy {}", props.what)}
            {onclick}
        >
            { if *copied { "Copied" } else { "Copy" } }
        </button>
    }
}
