//! The fixed files: where the engine's repair changed something (the chain reordered or
//! cleaned, a fullchain split, DER/PKCS#7 turned into PEM, junk text and BOM stripped, a
//! PKCS#12 file opened into the PEM trio, an RDS bundle completed), one download per changed
//! file, with what was changed, and "Use these" to put them into the fields. A file the
//! repair left as given is not offered. A key file is only ever produced on the user's click,
//! and its content is the key as given, only re-wrapped.

use yew::prelude::*;

use super::browser::download_text;
use crate::protocol::{FixedFile, Fixes};

/// The id of a file's download button: `download-cert`, `download-chain`, `download-key`.
pub fn button_id(file: &FixedFile) -> String {
    format!("download-{}", file.name.trim_end_matches(".pem"))
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub fixes: Fixes,
    pub on_use: Callback<()>,
}

#[function_component(RepairView)]
pub fn repair_view(props: &Props) -> Html {
    let offered: Vec<&FixedFile> = props
        .fixes
        .files
        .iter()
        .filter(|f| !f.what_changed.is_empty())
        .collect();
    if offered.is_empty() && props.fixes.left_alone.is_empty() {
        return html! {};
    }
    let item = |file: &FixedFile| {
        let onclick = {
            let name = file.name.clone();
            let contents = file.contents.clone();
            // A failure only means no file appears; the text can be put in the fields.
            Callback::from(move |_: MouseEvent| {
                let _ = download_text(&name, &contents);
            })
        };
        let label = if file.name == "key.pem" {
            format!("Download {} (the same key, re-wrapped)", file.name)
        } else {
            format!("Download {}", file.name)
        };
        html! {
            <li class="fixed-file" data-file={file.name.clone()}>
                <button type="button" id={button_id(file)} {onclick}>{ label }</button>
                <ul class="what-changed">
                    { for file.what_changed.iter().map(|c| html! { <li>{ c }</li> }) }
                </ul>
            </li>
        }
    };
    let on_use = {
        let on_use = props.on_use.clone();
        Callback::from(move |_: MouseEvent| on_use.emit(()))
    };
    html! {
        <section id="repair" class="repair" aria-labelledby="repair-title">
            <h2 id="repair-title">{ "Fixed files" }</h2>
            if !offered.is_empty() {
                <p>{ "What could be fixed mechanically, made here, in this tab." }</p>
                <ul class="fixed-files">{ for offered.iter().map(|f| item(f)) }</ul>
                <button type="button" id="use-fixed" onclick={on_use}>{ "Use these in the fields" }</button>
            }
            if !props.fixes.left_alone.is_empty() {
                <p class="left-alone-title">{ "Not fixable here:" }</p>
                <ul class="left-alone">
                    { for props.fixes.left_alone.iter().map(|c| html! { <li>{ c }</li> }) }
                </ul>
            }
        </section>
    }
}
