//! Embeds the interface's Fluent message files (`locales/<language>/<area>.ftl`) in the app:
//! writes `$OUT_DIR/locales.rs`, a table of every file found, so adding a language or an area
//! file needs no code change (src/i18n.rs reads the table; docs/features/i18n.md).

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut languages: Vec<_> =
        fs::read_dir(&root).expect("locales/ exists").map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    languages.sort();
    let mut out = String::from("pub static LOCALES: &[(&str, &[(&str, &str)])] = &[\n");
    for dir in languages {
        println!("cargo:rerun-if-changed={}", dir.display());
        let lang = dir.file_name().unwrap().to_str().unwrap().to_string();
        let mut files: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "ftl"))
            .collect();
        files.sort();
        writeln!(out, "    ({lang:?}, &[").unwrap();
        for file in files {
            println!("cargo:rerun-if-changed={}", file.display());
            let area = file.file_stem().unwrap().to_str().unwrap();
            writeln!(out, "        ({area:?}, include_str!({:?})),", file.display().to_string()).unwrap();
        }
        out.push_str("    ]),\n");
    }
    out.push_str("];\n");
    fs::write(Path::new(&env::var("OUT_DIR").unwrap()).join("locales.rs"), out).unwrap();
}
