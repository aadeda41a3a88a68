//! The fixed files: where the engine's [`crate::repair`] changed something (the chain
//! reordered or cleaned, a fullchain split, DER/PKCS#7 turned into PEM, junk text and BOM
//! stripped, a PKCS#12 file opened into the PEM trio), one download per changed file, with
//! what was changed. A file the repair left as given is not offered. A key file is only ever
//! produced on the user's click, and its content is the key as given, only re-wrapped.

use std::rc::Rc;

use yew::prelude::*;

use super::browser::download_text;
use crate::{Repair, RepairedFile};

/// The repair of the current inputs. Compared by identity: each check makes a new one.
#[derive(Clone)]
pub struct Fixes(pub Rc<Repair>);

impl PartialEq for Fixes {
    fn eq(&self, other: &Fixes) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Fixes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl Fixes {
    /// The files worth downloading: those the repair changed.
    pub fn offered(&self) -> impl Iterator<Item = &RepairedFile> {
        self.0.files.iter().filter(|f| !f.what_changed.is_empty())
    }
}

/// The id of a file's download button: `download-cert`, `download-chain`, `download-key`.
pub fn button_id(file: &RepairedFile) -> String {
    format!("download-{}", file.name.trim_end_matches(".pem"))
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub fixes: Fixes,
}

#[function_component(RepairView)]
pub fn repair_view(props: &Props) -> Html {
    let offered: Vec<&RepairedFile> = props.fixes.offered().collect();
    if offered.is_empty() {
        return html! {};
    }
    let item = |file: &RepairedFile| {
        let onclick = {
            let fixes = props.fixes.clone();
            let name = file.name;
            Callback::from(move |_: MouseEvent| {
                if let Some(file) = fixes.0.file(name) {
                    // A failure only means no file appears; the text is in the fields.
                    let _ = download_text(name, &file.contents);
                }
            })
        };
        let label = if file.is_private_key() {
            format!("Download {} (the same key, re-wrapped)", file.name)
        } else {
            format!("Download {}", file.name)
        };
        html! {
            <li class="fixed-file" data-file={file.name}>
                <button type="button" id={button_id(file)} {onclick}>{ label }</button>
                <ul class="what-changed">
                    { for file.what_changed.iter().map(|c| html! { <li>{ c }</li> }) }
                </ul>
            </li>
        }
    };
    html! {
        <section id="repair" class="repair" aria-labelledby="repair-title">
            <h2 id="repair-title">{ "Fixed files" }</h2>
            <p>{ "What could be fixed mechanically, ready to download (made here, in this tab). Check them again by giving them to this page." }</p>
            <ul class="fixed-files">{ for offered.into_iter().map(item) }</ul>
            if !props.fixes.0.left_alone.is_empty() {
                <p class="left-alone-title">{ "Not fixable here:" }</p>
                <ul class="left-alone">
                    { for props.fixes.0.left_alone.iter().map(|c| html! { <li>{ c }</li> }) }
                </ul>
            }
        </section>
    }
}
