//! The service <select>, listing [`crate::TARGETS`].

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::{ServiceId, TARGETS};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub selected: ServiceId,
    pub on_change: Callback<ServiceId>,
}

#[function_component(ServicePicker)]
pub fn service_picker(props: &Props) -> Html {
    let onchange = {
        let on_change = props.on_change.clone();
        Callback::from(move |event: Event| {
            let select: HtmlSelectElement = event.target_unchecked_into();
            // The options are built from ServiceId::id(), so this only fails if the DOM was
            // tampered with; then the choice is ignored.
            if let Some(service) = ServiceId::from_id(&select.value()) {
                on_change.emit(service);
            }
        })
    };
    html! {
        <div class="field">
            <label for="service">{ "AWS service" }</label>
            <select id="service" {onchange} aria-describedby="service-summary">
                { for TARGETS.iter().map(|service| html! {
                    <option
                        value={service.id.id()}
                        selected={service.id == props.selected}
                    >
                        { service.name }
                    </option>
                }) }
            </select>
            <small id="service-summary">{ props.selected.meta().summary }</small>
        </div>
    }
}
