//! What to run next: the import command (once nothing is an error) and the other commands.

use yew::prelude::*;

use super::copy_button::CopyButton;
use crate::Command;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub import_command: Option<String>,
    pub commands: Vec<Command>,
}

#[function_component(Commands)]
pub fn commands(props: &Props) -> Html {
    if props.import_command.is_none() && props.commands.is_empty() {
        return html! {};
    }
    html! {
        <section class="commands" aria-labelledby="commands-title">
            <h2 id="commands-title">{ "Commands" }</h2>
            if let Some(import) = &props.import_command {
                <h3>{ "Import" }</h3>
                <div class="command">
                    <code id="import-command">{ import }</code>
                    <CopyButton text={import.clone()} what="the import command" />
                </div>
            }
            <ul class="more-commands">
                { for props.commands.iter().map(|c| html! {
                    <li>
                        <p>{ &c.title }</p>
                        <div class="command">
                            <code>{ &c.command }</code>
                            <CopyButton text={c.command.clone()} what={c.title.clone()} />
                        </div>
                    </li>
                }) }
            </ul>
        </section>
    }
}
