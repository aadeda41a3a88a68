//! A labelled textarea for one PEM input, with its own file picker.

use gloo::file::callbacks::FileReader;
use web_sys::{HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::browser::{read_files, LoadedFile};

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The textarea's id (`cert`, `key`, `chain`, `bundle`); the picker is `{id}-file`.
    pub id: AttrValue,
    pub label: AttrValue,
    pub hint: AttrValue,
    pub value: AttrValue,
    /// Called with the whole text on every edit.
    pub on_input: Callback<String>,
    /// Called with the file picked for this field.
    pub on_file: Callback<LoadedFile>,
}

#[function_component(PemField)]
pub fn pem_field(props: &Props) -> Html {
    let readers = use_mut_ref(Vec::<FileReader>::new);
    let oninput = {
        let on_input = props.on_input.clone();
        Callback::from(move |event: InputEvent| {
            let area: HtmlTextAreaElement = event.target_unchecked_into();
            on_input.emit(area.value());
        })
    };
    let onchange = {
        let on_file = props.on_file.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(list) = input.files() {
                let on_file = on_file.clone();
                let done = Callback::from(move |files: Vec<LoadedFile>| {
                    if let Some(file) = files.into_iter().next() {
                        on_file.emit(file);
                    }
                });
                *readers.borrow_mut() = read_files(&list, done);
            }
            input.set_value("");
        })
    };
    let hint_id = format!("{}-hint", props.id);
    let file_id = format!("{}-file", props.id);
    html! {
        <div class="field">
            <div class="field-head">
                <label for={props.id.clone()}>{ &props.label }</label>
                <input
                    type="file"
                    id={file_id.clone()}
                    class="visually-hidden"
                    aria-label={format!("{}: open a file", props.label)}
                    {onchange}
                />
                <label for={file_id} class="file-button" aria-hidden="true">{ "Open file…" }</label>
            </div>
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
