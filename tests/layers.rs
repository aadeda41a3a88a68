//! The engine's layers (README, "How the code is laid out"), held against the code: each
//! module names only modules of its own layer or below, the modules form no circle, the
//! pipeline names no service, and no service module names the pipeline.
#![cfg(not(target_arch = "wasm32"))]

mod support;

use std::collections::{BTreeMap, BTreeSet};

/// Bottom up, as the README lists them.
const LAYERS: &[&[&str]] = &[
    &["limits", "time_util", "der_util", "regions"],
    &["field", "service_id", "finding", "report"],
    &["algorithm", "verify"],
    &["cert", "key", "trust"],
    &["decode"],
    &["chain", "pkcs12"],
    &["input"],
    &["analysis"],
    &["rule"],
    &["services"],
    &[
        "view", "check", "inspect", "catalog", "repair", "fleet", "sort",
    ],
    &["cli", "app", "worker", "protocol"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// Each top-level module of src/ (a file, or a folder with its files) and the top-level
/// modules its code names through `crate::`.
fn references() -> BTreeMap<String, BTreeSet<String>> {
    let src = support::root().join("src");
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in support::files_under(&src) {
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let module = match rel.iter().next().and_then(|c| c.to_str()) {
            // The binaries (main.rs, bin/) are entry points of the crate, not its modules.
            Some("lib.rs" | "main.rs" | "bin") | None => continue,
            Some(first) => first.trim_end_matches(".rs").to_string(),
        };
        // Code only: a doc comment may link to a layer above without depending on it.
        let text: String = std::fs::read_to_string(&path)
            .unwrap()
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let names = out.entry(module.clone()).or_default();
        for (i, _) in text.match_indices("crate::") {
            let rest = &text[i + "crate::".len()..];
            let ident: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !ident.is_empty() && ident != module && layer_of(&ident).is_some() {
                names.insert(ident);
            }
        }
    }
    out
}

#[test]
fn every_module_is_in_a_layer() {
    for module in references().keys() {
        assert!(
            layer_of(module).is_some(),
            "src/{module} is in no layer: add it to LAYERS here and to the README's layout"
        );
    }
}

#[test]
fn dependencies_run_one_way() {
    let mut problems = Vec::new();
    for (module, names) in references() {
        let Some(own) = layer_of(&module) else {
            continue;
        };
        for name in names {
            if layer_of(&name).is_some_and(|l| l > own) {
                problems.push(format!(
                    "{module} (layer {own}) names {name}, a layer above"
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn no_module_circle() {
    let graph = references();
    // Depth-first search for a back edge.
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == node) {
            return Some(path[i..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(circle) = visit(next, graph, path, done) {
                return Some(circle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        let circle = visit(node, &graph, &mut Vec::new(), &mut done);
        assert!(circle.is_none(), "an import circle: {:?}", circle);
    }
}

#[test]
fn the_pipeline_names_no_service_and_no_service_names_the_pipeline() {
    let src = support::root().join("src");
    let check = std::fs::read_to_string(src.join("check.rs")).unwrap();
    assert!(
        !check.contains("ServiceId::"),
        "src/check.rs names a service"
    );
    assert!(
        !check.contains("services::"),
        "src/check.rs reaches into a service module"
    );
    for path in support::files_under(&src.join("services")) {
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            !text.contains("crate::check"),
            "{} imports the pipeline",
            path.display()
        );
    }
}
