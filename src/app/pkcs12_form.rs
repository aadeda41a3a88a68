//! The password of a PKCS#12 (.pfx/.p12) input, shown while one is given. The file is
//! opened by the engine, in this tab; the password is handed over on "Open" (or Enter), then
//! the input is emptied so the typed text does not linger in the page.

use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::Password;

#[derive(Properties, PartialEq)]
pub struct Props {
    /// A password was given for the current file (the report says whether it opened it).
    pub given: bool,
    pub on_open: Callback<Password>,
}

#[function_component(Pkcs12Form)]
pub fn pkcs12_form(props: &Props) -> Html {
    let input = use_node_ref();
    let onsubmit = {
        let input = input.clone();
        let on_open = props.on_open.clone();
        Callback::from(move |event: SubmitEvent| {
            event.prevent_default();
            if let Some(input) = input.cast::<HtmlInputElement>() {
                let password = Password::new(input.value());
                input.set_value("");
                on_open.emit(password);
            }
        })
    };
    let hint = if props.given {
        "Password given: the results below are for the file's contents. Give another to try again."
    } else {
        "The file is opened here, in this tab. An empty password is tried as given."
    };
    html! {
        <form id="p12-form" class="field p12" {onsubmit}>
            <label for="p12-password">{ "PKCS#12 password" }</label>
            <div class="p12-row">
                <input
                    type="password"
                    id="p12-password"
                    ref={input}
                    autocomplete="off"
                    aria-describedby="p12-hint"
                />
                <button type="submit" id="p12-open">{ "Open" }</button>
            </div>
            <small id="p12-hint">{ hint }</small>
        </form>
    }
}
