//! `dossier analyze PATH...`: which files of the given folders become documents, and what happens
//! to paths that cannot be read.

use std::path::Path;
use std::process::Command;

/// A fresh, empty folder for one test.
fn scratch(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("dossier-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder");
    dir
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
    std::fs::write(path, text).expect("write file");
}

/// The analysis of `args`: the document names (sorted), stderr, and success.
fn analyze(args: &[&Path]) -> (Vec<String>, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("analyze")
        .args(args)
        .output()
        .expect("dossier runs");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if !out.status.success() {
        return (Vec::new(), stderr, false);
    }
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let mut names: Vec<String> = json["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["name"].as_str().expect("name").to_string())
        .collect();
    names.sort();
    (names, stderr, true)
}

#[test]
fn folders_are_read_recursively_without_hidden_files() {
    let dir = scratch("walk");
    write(&dir.join("b.txt"), "Vladimir Putin spoke in Moscow.");
    write(&dir.join("a/z.md"), "Kim Jong Un visited Pyongyang.");
    write(
        &dir.join("a/y.html"),
        "<p>Sergei Lavrov met Choe Son Hui.</p>",
    );
    write(&dir.join(".hidden.txt"), "Not a document.");
    write(&dir.join(".git/x.txt"), "Not a document either.");
    let (names, _, ok) = analyze(&[&dir]);
    assert!(ok);
    assert_eq!(names, ["b.txt", "y.html", "z.md"]);
    std::fs::remove_dir_all(&dir).ok();
}

#[cfg(unix)]
#[test]
fn links_in_a_folder_are_followed() {
    let dir = scratch("links");
    let elsewhere = scratch("links-target");
    write(
        &elsewhere.join("inner/one.txt"),
        "Sergey Lavrov arrived in Wonsan.",
    );
    write(&elsewhere.join("two.txt"), "Choe Son Hui met reporters.");
    std::os::unix::fs::symlink(elsewhere.join("inner"), dir.join("linked-folder")).expect("link");
    std::os::unix::fs::symlink(elsewhere.join("two.txt"), dir.join("linked.txt")).expect("link");
    let (names, _, ok) = analyze(&[&dir]);
    assert!(ok);
    assert_eq!(names, ["linked.txt", "one.txt"]);
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&elsewhere).ok();
}

#[test]
fn a_missing_path_is_reported_and_the_rest_still_analysed() {
    let dir = scratch("missing");
    write(&dir.join("here.txt"), "Vladimir Putin spoke in Moscow.");
    let missing = dir.join("not-there.txt");
    let (names, stderr, ok) = analyze(&[&dir.join("here.txt"), &missing]);
    assert!(ok);
    assert_eq!(names, ["here.txt"]);
    assert!(stderr.contains("not-there.txt"), "{stderr}");
    let (_, stderr, ok) = analyze(&[&missing]);
    assert!(!ok, "nothing readable is a failure");
    assert!(stderr.contains("no readable files"), "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

/// Files of the same name in different folders are numbered by their content, whatever the order
/// of the folders on the command line: the command's analysis equals the engine's `analyze` on
/// the same files (the command reads and prepares files one at a time, in that order).
#[test]
fn files_of_the_same_name_are_ordered_as_the_engine_orders_them() {
    let dir = scratch("same-names");
    let files = [
        // Given "two" before "one", the files come Zelensky first; by content, Antony first.
        ("one/b.txt", "Antony Blinken visited Seoul.\n"),
        ("two/b.txt", "Zelensky met Macron in Kyiv.\n"),
        ("two/a.txt", "Kim Jong Un met Sergei Lavrov in Pyongyang.\n"),
        ("one/c.txt", "Lavrov returned to Moscow.\n"),
    ];
    for (path, text) in files {
        write(&dir.join(path), text);
    }
    let out = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("analyze")
        .args([dir.join("two"), dir.join("one")])
        .output()
        .expect("dossier runs");
    assert!(out.status.success());
    let cli: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let inputs: Vec<dossier_core::Input> = files
        .iter()
        .map(|(path, text)| {
            let name = Path::new(path).file_name().expect("name");
            dossier_core::Input::new(
                name.to_string_lossy().into_owned(),
                text.as_bytes().to_vec(),
            )
        })
        .collect();
    let engine = serde_json::to_value(dossier_core::analyze(&inputs)).expect("serialises");
    assert_eq!(cli, engine);
    let names: Vec<&str> = cli["documents"]
        .as_array()
        .expect("documents")
        .iter()
        .map(|d| d["name"].as_str().expect("name"))
        .collect();
    assert_eq!(names, ["a.txt", "b.txt", "b.txt", "c.txt"]);
    let _ = std::fs::remove_dir_all(&dir);
}
