//! Keeps the layers true: reads the core's sources and fails when a module
//! names one beside or above it (`import` naming `crate::kpi`, the store
//! naming the importer, the bottom naming the store ...).

use std::path::Path;

/// Each module's layer. A module may name only modules of a lower layer;
/// those of one layer (`import` and `kpi`; `records` and `catalog`) never
/// name each other.
const LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("model", 1),
    ("progress", 1),
    ("paths", 1),
    ("sample", 1),
    ("records", 2),
    ("catalog", 2),
    ("text", 3),
    ("store", 4),
    ("import", 5),
    ("kpi", 5),
    ("chart", 6),
    ("api", 7),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The modules a source text names through `crate::`: `crate::kpi::x`,
/// `crate::{kpi, store}`, and names re-exported at the crate root (which
/// hide the module and are refused as such).
fn named(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(i) = rest.find("crate::") {
        rest = &rest[i + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item
                    .trim()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                out.push(name);
            }
        }
    }
    out
}

/// Comments and doc comments are not dependencies.
fn code_only(source: &str) -> String {
    source
        .lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn visit(dir: &Path, files: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            visit(&p, files);
        } else if p.extension().is_some_and(|e| e == "rs") {
            files.push(p);
        }
    }
}

/// The violations in the core's sources, as `file: names module`.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    visit(src, &mut files);
    files.sort();
    let mut bad = Vec::new();
    for f in files {
        let rel = f.strip_prefix(src).unwrap();
        let first = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let module = first.trim_end_matches(".rs").to_string();
        let Some(own) = layer(&module) else {
            continue; // lib.rs (the re-exports) and this test
        };
        let text = std::fs::read_to_string(&f).unwrap();
        for name in named(&code_only(&text)) {
            if name == module || name == "self" {
                continue;
            }
            match layer(&name) {
                Some(l) if l < own => {}
                Some(_) => bad.push(format!("{}: names crate::{name}", rel.display())),
                None => bad.push(format!(
                    "{}: names crate::{name}, a re-export; name the module it lives in",
                    rel.display()
                )),
            }
        }
    }
    bad
}

#[test]
fn layering_holds() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let bad = violations(&src);
    assert!(
        bad.is_empty(),
        "modules naming a module beside or above them:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_layering_test_sees_a_violation() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("import")).unwrap();
    std::fs::write(
        dir.path().join("import/mod.rs"),
        "use crate::{error, kpi::Settings};\n// crate::chart in a comment is fine\nfn f() { crate::Store::open(); }\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("error.rs"), "use crate::model::Location;\n").unwrap();
    assert_eq!(
        violations(dir.path()),
        [
            "error.rs: names crate::model",
            "import/mod.rs: names crate::kpi",
            "import/mod.rs: names crate::Store, a re-export; name the module it lives in",
        ]
    );
}
