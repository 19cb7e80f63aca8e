//! Writing generated files: only those whose bytes changed, each through a temporary
//! file and a rename, and only after the whole run has succeeded.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::Path;

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
/// written are they renamed into place, so an I/O error leaves the folder as it was.
/// Generated `.rs` files that are no longer produced are then removed; files without
/// the generated marker are never removed.
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
            let tmp = std::path::PathBuf::from(tmp);
            staged.push((tmp.clone(), path, rel.clone()));
            fs::write(&tmp, content)?;
        }
        Ok(())
    })();
    if let Err(e) = result {
        for (tmp, _, _) in &staged {
            let _ = fs::remove_file(tmp);
        }
        return Err(e);
    }
    for (tmp, path, rel) in staged {
        fs::rename(&tmp, &path)?;
        report.written.push(rel);
    }
    remove_stale(out, "", files, &mut report)?;
    Ok(report)
}

fn remove_stale(
    dir: &Path,
    rel: &str,
    files: &BTreeMap<String, String>,
    report: &mut WriteReport,
) -> io::Result<()> {
    let Ok(entries) = fs::read_dir(dir) else { return Ok(()) };
    let mut entries: Vec<_> = entries.collect::<io::Result<_>>()?;
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else { continue };
        let child = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        let kind = entry.file_type()?;
        if kind.is_dir() {
            remove_stale(&entry.path(), &child, files, report)?;
        } else if name.ends_with(".rs")
            && !files.contains_key(&child)
            && fs::read_to_string(entry.path()).is_ok_and(|text| text.starts_with(GENERATED_MARKER))
        {
            fs::remove_file(entry.path())?;
            report.removed.push(child);
        }
    }
    Ok(())
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
}
