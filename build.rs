//! Embeds the interface's Fluent message files (`locales/<language>/<area>.ftl`): writes
//! `$OUT_DIR/locales.rs` with `LANGUAGES`, every language directory found, and `LOCALES`, the
//! files embedded: English alone in the wasm app (every other language is fetched as
//! `/locales/<language>.ftl` when chosen, see scripts/post-build.sh), every language in a
//! native build, whose tests check all the catalogues. Adding a language or an area file
//! needs no code change (src/i18n.rs reads the tables; docs/features/i18n.md).

use std::fmt::Write as _;
use std::path::Path;
use std::{env, fs};

fn main() {
    let root = Path::new(&env::var("CARGO_MANIFEST_DIR").unwrap()).join("locales");
    println!("cargo:rerun-if-changed={}", root.display());
    let mut languages: Vec<_> =
        fs::read_dir(&root).expect("locales/ exists").map(|e| e.unwrap().path()).filter(|p| p.is_dir()).collect();
    languages.sort();
    let name = |dir: &Path| dir.file_name().unwrap().to_str().unwrap().to_string();
    let wasm = env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|arch| arch == "wasm32");
    let mut out = String::from("pub static LANGUAGES: &[&str] = &[");
    for dir in &languages {
        write!(out, "{:?}, ", name(dir)).unwrap();
    }
    out.push_str("];\n\npub static LOCALES: &[(&str, &[(&str, &str)])] = &[\n");
    for dir in languages {
        println!("cargo:rerun-if-changed={}", dir.display());
        let lang = name(&dir);
        if wasm && lang != "en" {
            continue;
        }
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
