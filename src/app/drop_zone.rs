//! Files in: the drop zone with its "Choose files…" picker (`#drop-files`, for the keyboard),
//! and files dropped anywhere else on the page, which are taken the same way instead of the
//! browser opening them and losing the form. The worker sorts them into the fields
//! ([`crate::sort_files`]).

use gloo::events::{EventListener, EventListenerOptions};
use gloo::file::callbacks::FileReader;
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;

use super::browser::{read_files, LoadedFile};

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Called once per drop or pick, with every file read.
    pub on_files: Callback<Vec<LoadedFile>>,
    /// What the last drop, pick or example left to say.
    pub notes: Vec<String>,
}

#[function_component(DropZone)]
pub fn drop_zone(props: &Props) -> Html {
    let readers = use_mut_ref(Vec::<FileReader>::new);
    let onchange = {
        let on_files = props.on_files.clone();
        Callback::from(move |event: Event| {
            let input: HtmlInputElement = event.target_unchecked_into();
            if let Some(list) = input.files() {
                *readers.borrow_mut() = read_files(&list, on_files.clone());
            }
            // Picking the same files again must fire `change` again.
            input.set_value("");
        })
    };
    // A folder's files, all the way down (the browser walks it): the way to give a folder
    // from the keyboard, and the way that works everywhere (a folder dragged in arrives as
    // one empty entry in some browsers).
    let onchange_folder = onchange.clone();
    html! {
        <div id="drop-zone" class="drop-zone">
            <p>
                { "Drop certificate, key and chain files anywhere on this page (several at once, a folder's files, or one bundle): they are sorted into the fields below. " }
                <input
                    type="file"
                    id="drop-files"
                    class="visually-hidden"
                    multiple=true
                    {onchange}
                />
                <label for="drop-files" class="file-button">{ "Choose files…" }</label>
                { " " }
                <input
                    type="file"
                    id="drop-folder"
                    class="visually-hidden"
                    webkitdirectory=true
                    multiple=true
                    onchange={onchange_folder}
                />
                <label for="drop-folder" class="file-button">{ "Choose a folder…" }</label>
            </p>
            <div id="drop-notes" aria-live="polite">
                { for props.notes.iter().map(|note| html! { <p class="note">{ note }</p> }) }
            </div>
        </div>
    }
}

#[derive(Properties, PartialEq)]
pub struct PageDropProps {
    pub on_files: Callback<Vec<LoadedFile>>,
}

/// Listens on the whole document: a file dragged anywhere is shown as droppable (the body
/// gets `dragging`), and a drop anywhere goes to the sorter.
#[function_component(PageDrop)]
pub fn page_drop(props: &PageDropProps) -> Html {
    let readers = use_mut_ref(Vec::<FileReader>::new);
    let on_files = props.on_files.clone();
    use_effect_with((), move |_| {
        let document = gloo::utils::document();
        let body = gloo::utils::body();
        let active = EventListenerOptions::enable_prevent_default();
        let over = {
            let body = body.clone();
            EventListener::new_with_options(&document, "dragover", active, move |event| {
                event.prevent_default();
                let _ = body.class_list().add_1("dragging");
            })
        };
        let leave = {
            let body = body.clone();
            EventListener::new(&document, "dragleave", move |event| {
                // Leaving the window, not an element inside it.
                let outside = event
                    .dyn_ref::<DragEvent>()
                    .is_some_and(|e| e.related_target().is_none());
                if outside {
                    let _ = body.class_list().remove_1("dragging");
                }
            })
        };
        let drop = EventListener::new_with_options(&document, "drop", active, move |event| {
            event.prevent_default();
            let _ = body.class_list().remove_1("dragging");
            let files = event
                .dyn_ref::<DragEvent>()
                .and_then(|e| e.data_transfer())
                .and_then(|d| d.files());
            if let Some(list) = files {
                *readers.borrow_mut() = read_files(&list, on_files.clone());
            }
        });
        move || drop_all((over, leave, drop))
    });
    html! {}
}

fn drop_all(_listeners: (EventListener, EventListener, EventListener)) {}

use wasm_bindgen::JsCast;
