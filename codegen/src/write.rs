//! Writing generated files: only those whose bytes changed, each through a temporary
//! file and a rename, and only after the whole run has succeeded.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use crate::emit::GENERATED_MARKER;

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct WriteReport {
    pub written: Vec<String>,
    pub unchanged: usize,
    pub removed: Vec<String>,
}

/// Writes `files` (paths relative to `out`) into `out`. A file whose content is already
/// right is not touched, so its modification time stays and nothing rebuilds. Every
/// changed file is first written in full beside its target; only when all of them are
/// written are they renamed into place, so an I/O error while writing leaves the folder
/// as it was (and no temporary file behind). Generated `.rs` files that are no longer
/// produced are then removed from the folders the output writes into; files without the
/// generated marker are never removed.
pub fn write_files(out: &Path, files: &BTreeMap<String, String>) -> io::Result<WriteReport> {
    let mut report = WriteReport::default();
    let mut staged = Vec::new();
    let result = (|| {
        for (rel, content) in files {
            let path = out.join(rel);
            if fs::read(&path).is_ok_and(|old| old == content.as_bytes()) {
                report.unchanged += 1;
                continue;
            }
            if let Some(parent) = path.parent() {
                fs::create_dir_all(parent)?;
            }
            let mut tmp = path.clone().into_os_string();
            tmp.push(".tmp");
            let tmp = PathBuf::from(tmp);
            staged.push((tmp.clone(), path, rel.clone()));
            fs::write(&tmp, content)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        remove_all(staged.iter().map(|(tmp, _, _)| tmp));
        return Err(e);
    }
    for (i, (tmp, path, rel)) in staged.iter().enumerate() {
        if let Err(e) = fs::rename(tmp, path) {
            remove_all(staged[i..].iter().map(|(tmp, _, _)| tmp));
            return Err(e);
        }
        report.written.push(rel.clone());
    }
    let folders: BTreeSet<&str> = files.keys().map(|rel| rel.rsplit_once('/').map_or("", |(dir, _)| dir)).collect();
    for folder in folders {
        remove_stale(out, folder, files, &mut report)?;
    }
    Ok(report)
}

fn remove_all<'p>(paths: impl Iterator<Item = &'p PathBuf>) {
    for path in paths {
        let _ = fs::remove_file(path);
    }
}

/// Removes the generated `.rs` files of `out/folder` (not of its subfolders) that
/// `files` no longer holds.
fn remove_stale(out: &Path, folder: &str, files: &BTreeMap<String, String>, report: &mut WriteReport) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(out.join(folder)) else { return Ok(()) };
    let mut entries: Vec<_> = entries.collect::<io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
        let rel = if folder.is_empty() { name.clone() } else { format!("{folder}/{name}") };
        if name.ends_with(".rs") && entry.file_type()?.is_file() && !files.contains_key(&rel) && is_generated(&entry.path()) {
            fs::remove_file(entry.path())?;
            report.removed.push(rel);
        }
    }
    Ok(())
}

/// Whether the file starts with the generated marker (only that much of it is read).
fn is_generated(path: &Path) -> bool {
    let mut head = [0; GENERATED_MARKER.len()];
    fs::File::open(path).and_then(|mut file| file.read_exact(&mut head)).is_ok() && head == *GENERATED_MARKER.as_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_what_changed_and_removes_stale_generated_files() {
        let dir = std::env::temp_dir().join(format!("codegen-write-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("old.rs"), format!("{GENERATED_MARKER}\n")).unwrap();
        fs::write(dir.join("mine.rs"), "// hand written\n").unwrap();

        let mut files = BTreeMap::new();
        files.insert("lib.rs".to_owned(), format!("{GENERATED_MARKER}\nmod a;\n"));
        let report = write_files(&dir, &files).unwrap();
        assert_eq!(report.written, ["lib.rs"]);
        assert_eq!(report.removed, ["old.rs"]);
        assert!(dir.join("mine.rs").exists());

        let again = write_files(&dir, &files).unwrap();
        assert!(again.written.is_empty());
        assert_eq!(again.unchanged, 1);

        // A file that cannot be written (its folder is a file) changes nothing.
        fs::write(dir.join("zz"), "").unwrap();
        let mut more = files.clone();
        more.insert("lib.rs".to_owned(), format!("{GENERATED_MARKER}\nmod b;\n"));
        more.insert("zz/x.rs".to_owned(), String::new());
        assert!(write_files(&dir, &more).is_err());
        assert_eq!(fs::read_to_string(dir.join("lib.rs")).unwrap(), files["lib.rs"]);
        assert!(!dir.join("lib.rs.tmp").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_failed_rename_leaves_no_temporary_files() {
        let dir = std::env::temp_dir().join(format!("codegen-write-rename-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        // `b.rs` is a folder that is not empty: the file can be staged beside it, but not
        // renamed onto it.
        fs::create_dir_all(dir.join("b.rs/inside")).unwrap();
        let mut files = BTreeMap::new();
        for name in ["a.rs", "b.rs", "c.rs"] {
            files.insert(name.to_owned(), format!("{GENERATED_MARKER}\n"));
        }
        assert!(write_files(&dir, &files).is_err());
        assert!(dir.join("a.rs").is_file(), "renamed before the failure");
        for tmp in ["a.rs.tmp", "b.rs.tmp", "c.rs.tmp"] {
            assert!(!dir.join(tmp).exists(), "{tmp} was left behind");
        }
        assert!(!dir.join("c.rs").exists());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn stale_files_are_removed_only_from_the_folders_written_into() {
        let dir = std::env::temp_dir().join(format!("codegen-write-crate-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        for folder in ["src", "target/debug", "src/nested"] {
            fs::create_dir_all(dir.join(folder)).unwrap();
        }
        let generated = format!("{GENERATED_MARKER}\n");
        for file in ["src/old.rs", "target/debug/old.rs", "src/nested/old.rs", "stale.rs"] {
            fs::write(dir.join(file), &generated).unwrap();
        }
        // Shorter than the marker: read without error, and kept.
        fs::write(dir.join("src/short.rs"), "//").unwrap();

        let mut files = BTreeMap::new();
        files.insert("Cargo.toml".to_owned(), "[package]\n".to_owned());
        files.insert("src/lib.rs".to_owned(), generated.clone());
        let report = write_files(&dir, &files).unwrap();
        assert_eq!(report.removed, ["stale.rs", "src/old.rs"]);
        for kept in ["target/debug/old.rs", "src/nested/old.rs", "src/short.rs"] {
            assert!(dir.join(kept).exists(), "{kept}");
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}
