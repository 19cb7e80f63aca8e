//! Reading the spec folder: every Markdown doc and the config file, in a stable order.

use std::fs::{self, File};
use std::io::{self, Read};
use std::borrow::Cow;
use std::ops::Range;
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Excerpt};

/// The name of the generator's config file inside the spec folder.
pub const CONFIG_FILE: &str = "codegen.toml";

/// The folder of recorded payloads inside the spec folder: `payloads/<Model>.json`.
pub const PAYLOADS_FOLDER: &str = "payloads";

/// Whether `rel` (relative to the spec folder) is a recorded payload.
fn is_payload(rel: &str) -> bool {
    rel.strip_prefix(PAYLOADS_FOLDER).is_some_and(|rest| rest.starts_with('/')) && rel.ends_with(".json")
}

/// Index of a file in a [`SourceMap`].
pub type FileId = usize;

/// A byte range inside one source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub file: FileId,
    pub range: Range<usize>,
}

impl Span {
    pub fn new(file: FileId, range: Range<usize>) -> Self {
        Span { file, range }
    }
}

/// One file read from the spec folder.
#[derive(Debug)]
pub struct SourceFile {
    /// Path as given by the user (spec folder joined with `rel`), for messages.
    pub path: PathBuf,
    /// Path relative to the spec folder, `/`-separated.
    pub rel: String,
    pub text: String,
}

/// All files of one run. File ids are indexes in relative-path order.
#[derive(Debug, Default)]
pub struct SourceMap {
    pub files: Vec<SourceFile>,
    /// Absolute path of the spec folder.
    pub root: PathBuf,
}

impl SourceMap {
    pub fn get(&self, id: FileId) -> &SourceFile {
        &self.files[id]
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, id: FileId, offset: usize) -> (usize, usize) {
        line_col(&self.files[id].text, offset)
    }
}

/// 1-based line and column (in characters) of `offset` in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The largest character boundary of `text` at or before byte `i` (`text.len()` when `i`
/// is past the end).
pub(crate) fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// What was found in the spec folder.
pub struct Loaded {
    pub sources: SourceMap,
    /// Ids of the Markdown docs, in relative-path order.
    pub docs: Vec<FileId>,
    /// Id of the config file, if the folder has one.
    pub config: Option<FileId>,
    /// Ids of the recorded payloads (`payloads/**/*.json`), in relative-path order.
    pub payloads: Vec<FileId>,
    /// Files that could not be read (not UTF-8, unreadable, symlinks refused): each is one
    /// error, and the run goes on without the file.
    pub diagnostics: Vec<Diagnostic>,
    /// The lower-cased paths (relative to the spec folder) of the docs among them, so that
    /// links to them are not reported again as links to missing docs.
    pub unread: Vec<String>,
}

/// Reads every `.md` file under `root` (recursively), the config file and the recorded
/// payloads.
///
/// Files are sorted by relative path so ids and output never depend on the order the
/// file system lists them in. Symlinks that leave the folder are refused. A file that
/// cannot be read is reported in [`Loaded::diagnostics`] and left out; only a folder that
/// cannot be read, or holds no doc that can, is an `Err`.
pub fn load(root: &Path) -> Result<Loaded, Vec<Diagnostic>> {
    let meta = fs::metadata(root).map_err(|e| {
        vec![Diagnostic::error(format!("cannot read spec folder `{}`: {e}", root.display()))]
    })?;
    if !meta.is_dir() {
        return Err(vec![Diagnostic::error(format!(
            "spec path `{}` is not a folder",
            root.display()
        ))]);
    }
    let canonical_root = fs::canonicalize(root).map_err(|e| {
        vec![Diagnostic::error(format!("cannot read spec folder `{}`: {e}", root.display()))]
    })?;

    let mut found = Vec::new();
    let mut errors = Vec::new();
    let mut unread = Vec::new();
    walk(root, &mut vec![canonical_root.clone()], "", &mut found, &mut errors, &mut unread);
    found.sort();

    let mut sources = SourceMap { files: Vec::new(), root: canonical_root.clone() };
    let mut docs = Vec::new();
    let mut config = None;
    let mut payloads = Vec::new();
    let mut buffer = Vec::new();
    for rel in found {
        let path = root.join(&rel);
        let mut unreadable = |diagnostic| {
            errors.push(diagnostic);
            if rel.ends_with(".md") {
                unread.push(rel.to_lowercase());
            }
        };
        let bytes = match read_into(&path, &mut buffer) {
            Ok(len) => &buffer[..len],
            Err(e) => {
                unreadable(Diagnostic::error(format!("cannot read `{}`: {e}", path.display())));
                continue;
            }
        };
        let text = match std::str::from_utf8(bytes) {
            // A byte order mark is not part of the Markdown (it would hide the title).
            Ok(text) => text.strip_prefix('\u{feff}').unwrap_or(text).to_owned(),
            Err(e) => {
                unreadable(not_utf8(&path, bytes, e.valid_up_to()));
                continue;
            }
        };
        let id = sources.files.len();
        if rel == CONFIG_FILE {
            config = Some(id);
        } else if is_payload(&rel) {
            payloads.push(id);
        } else {
            docs.push(id);
        }
        sources.files.push(SourceFile { path, rel, text });
    }
    if docs.is_empty() {
        if errors.is_empty() {
            errors.push(
                Diagnostic::error(format!("spec folder `{}` holds no model docs", root.display()))
                    .note("expected Markdown files such as `models/components/Pet.md`"),
            );
        }
        return Err(errors);
    }
    Ok(Loaded { sources, docs, config, payloads, diagnostics: errors, unread })
}

/// Reads the file at `path` into the start of `buffer`, growing it as needed, and
/// returns the number of bytes read.
///
/// One buffer serves every file of the spec folder, so its room is known and the file's
/// size is not asked for first: `fs::read` would spend a `stat` on each file for that.
/// The bytes are copied out once (into the file's text), a small cost next to a system
/// call for docs of a few kilobytes.
fn read_into(path: &Path, buffer: &mut Vec<u8>) -> io::Result<usize> {
    let mut file = File::open(path)?;
    let mut len = 0;
    loop {
        if len == buffer.len() {
            buffer.resize((2 * len).max(64 * 1024), 0);
        }
        match file.read(&mut buffer[len..]) {
            Ok(0) => return Ok(len),
            Ok(read) => len += read,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// The error for a file whose byte `bad` is not UTF-8, showing its line lossily.
fn not_utf8(path: &Path, bytes: &[u8], bad: usize) -> Diagnostic {
    let line_start = bytes[..bad].iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let line_end = bytes[bad..].iter().position(|&b| b == b'\n').map_or(bytes.len(), |i| bad + i);
    let line = bytes[..line_start].iter().filter(|&&b| b == b'\n').count() + 1;
    let text = String::from_utf8_lossy(&bytes[line_start..line_end]).into_owned();
    let at = bad - line_start;
    let end = text[at..].chars().next().map_or(at, |c| at + c.len_utf8());
    Diagnostic::error("file is not valid UTF-8")
        .in_excerpt(
            Excerpt { path: path.to_path_buf(), line, text, range: at..end },
            format!("byte 0x{:02X} is not UTF-8", bytes[bad]),
        )
        .note("spec docs and the config must be UTF-8 encoded")
}

/// Walks `dir`, whose canonical path is the last of `ancestors` (the first is the spec
/// folder's), collecting docs. Symlinks may point anywhere inside the spec folder, but
/// not outside it and not to a folder being walked (that would never end); the
/// lower-cased paths of docs refused so go to `unread`.
fn walk(
    dir: &Path,
    ancestors: &mut Vec<PathBuf>,
    rel: &str,
    found: &mut Vec<String>,
    errors: &mut Vec<Diagnostic>,
    unread: &mut Vec<String>,
) {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            errors.push(Diagnostic::error(format!("cannot list `{}`: {e}", dir.display())));
            return;
        }
    };
    for entry in entries {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                errors.push(Diagnostic::error(format!("cannot list `{}`: {e}", dir.display())));
                continue;
            }
        };
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            errors.push(Diagnostic::error(format!(
                "file name `{}` is not valid UTF-8",
                path.display()
            )));
            continue;
        };
        if name.starts_with('.') {
            continue;
        }
        let child_rel = if rel.is_empty() { name.clone() } else { format!("{rel}/{name}") };
        let Ok(file_type) = entry.file_type() else { continue };
        // The listing gives each entry's type without a `stat`. A symlink is followed to
        // its canonical target, which must stay inside the spec folder.
        let (is_dir, target) = if file_type.is_symlink() {
            let followed = match fs::canonicalize(&path) {
                Ok(target) if target.starts_with(&ancestors[0]) => Ok(target),
                Ok(_) => Err(Diagnostic::error(format!(
                    "`{}` is a symlink that leaves the spec folder",
                    path.display()
                ))
                .note("docs are only read from inside the spec folder")),
                Err(e) => Err(Diagnostic::error(format!("`{}` is a broken symlink", path.display()))
                    .note(format!("following it failed: {e}"))),
            };
            let target = match followed {
                Ok(target) => target,
                Err(diagnostic) => {
                    errors.push(diagnostic);
                    if name.ends_with(".md") {
                        unread.push(child_rel.to_lowercase());
                    }
                    continue;
                }
            };
            let Ok(meta) = fs::metadata(&path) else { continue };
            (meta.is_dir(), Some(target))
        } else {
            (file_type.is_dir(), None)
        };
        if is_dir {
            // A folder that is not a symlink is canonical under its canonical parent, so
            // only symlinks need `canonicalize` (which reads every component of the path).
            let canonical = match target {
                Some(target) => target,
                // `ancestors` starts with the spec folder, so it always has a last entry.
                None => ancestors.last().map_or_else(|| path.clone(), |parent| parent.join(&name)),
            };
            if ancestors.contains(&canonical) {
                errors.push(
                    Diagnostic::error(format!(
                        "`{}` is a symlink to a folder that contains it",
                        path.display()
                    ))
                    .note("following it would read the same docs again and again"),
                );
                continue;
            }
            ancestors.push(canonical);
            walk(&path, ancestors, &child_rel, found, errors, unread);
            ancestors.pop();
        } else if name.ends_with(".md") || (rel.is_empty() && name == CONFIG_FILE) || is_payload(&child_rel) {
            found.push(child_rel);
        }
    }
}

/// A link's path joined to the folder of the doc it is written in, with `.` and `..`
/// taken out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkPath<'l> {
    /// How many folders the path climbs above the spec folder before going down `parts`.
    pub climbed: usize,
    /// The folders and the file it then goes down through, as the link writes them.
    pub parts: Vec<&'l str>,
}

/// Joins the path `link` to the folder of the doc `from` (`/`-separated, relative to the
/// spec folder). `None` for an absolute path, which names no doc of the spec.
pub fn join_link<'l>(from: &'l str, link: &'l str) -> Option<LinkPath<'l>> {
    // Links are URLs, `/`-separated on every platform; `Path` also sees `C:\` on Windows.
    if link.starts_with('/') || Path::new(link).has_root() {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    let mut climbed = 0;
    for part in link.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    climbed += 1;
                }
            }
            part => parts.push(part),
        }
    }
    Some(LinkPath { climbed, parts })
}

/// Why [`find_linked`] found no doc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkMiss {
    /// The link is an absolute path.
    Absolute,
    /// No doc at any of the paths tried.
    Missing {
        /// The target inside the spec folder as the link writes it: when the link stays
        /// in the folder, or climbs out and back in through the folder's own name.
        written: Option<String>,
        /// Every path tried, in order, relative to the spec folder and in the link's case.
        tried: Vec<String>,
    },
}

/// Finds the doc a link names: the first of its candidate paths (relative to the spec
/// folder, lower-cased) for which `find` gives a value.
///
/// A link that stays inside the spec folder has one candidate, its path. A link that
/// climbs out of the spec folder (whose absolute path is `root`) first tries the path
/// it comes back in by when it climbs through the folder's own name
/// (`../../models/components/B.md` from `components/A.md` in a folder named `models`),
/// then the path below the climb and each shorter one made by dropping leading folders
/// (`models/components/B.md`, `components/B.md`, `B.md`): a docs tree links the same way
/// whatever its folder is named. Longer paths are tried first, so the result is the
/// same whatever order the docs were read in.
pub fn find_linked<T>(
    root: &Path,
    from: &str,
    link: &str,
    mut find: impl FnMut(&str) -> Option<T>,
) -> Result<T, LinkMiss> {
    let path = join_link(from, link).ok_or(LinkMiss::Absolute)?;
    // Lower-cased once: each candidate is the end of this string, from the start of a part.
    let mut lower = String::with_capacity(from.len() + link.len());
    let mut starts = Vec::with_capacity(path.parts.len());
    for part in &path.parts {
        if !lower.is_empty() {
            lower.push('/');
        }
        starts.push(lower.len());
        lower.extend(part.chars().flat_map(char::to_lowercase));
    }
    let original = |from_part: usize| path.parts[from_part..].join("/");
    if path.climbed == 0 {
        if let Some(found) = find(&lower) {
            return Ok(found);
        }
        return Err(LinkMiss::Missing { written: Some(original(0)), tried: vec![original(0)] });
    }
    // The folders climbed through, from the outermost; the spec folder is the last.
    let mut climbed_through: Vec<Cow<'_, str>> = root
        .components()
        .rev()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name.to_string_lossy()),
            _ => None,
        })
        .take(path.climbed)
        .collect();
    climbed_through.reverse();
    let reenters = climbed_through.len() == path.climbed
        && path.parts.len() > path.climbed
        && climbed_through.iter().zip(&path.parts).all(|(name, part)| name == part);
    let written = reenters.then_some(path.climbed);
    let order = written.into_iter().chain((0..starts.len()).filter(|&i| Some(i) != written));
    let mut tried = Vec::new();
    for start in order {
        if let Some(found) = find(&lower[starts[start]..]) {
            return Ok(found);
        }
        tried.push(start);
    }
    Err(LinkMiss::Missing { written: written.map(original), tried: tried.into_iter().map(original).collect() })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let text = "ab\ncé d";
        assert_eq!(line_col(text, 0), (1, 1));
        assert_eq!(line_col(text, 3), (2, 1));
        assert_eq!(line_col(text, 6), (2, 3));
    }

    /// Folders are only canonicalized when they are symlinks; the others take their
    /// parent's canonical path. Loops must still be found when the spec folder itself is
    /// reached through a symlink, and links to other folders inside it still followed.
    #[cfg(unix)]
    #[test]
    fn symlinked_folders_are_followed_and_loops_found() {
        use std::os::unix::fs::symlink;
        let scratch = std::env::temp_dir().join(format!("codegen-source-{}", std::process::id()));
        let _ = fs::remove_dir_all(&scratch);
        let spec = scratch.join("spec");
        fs::create_dir_all(spec.join("a/deeper")).unwrap();
        fs::write(spec.join("a/deeper/Pet.md"), "# Pet\n").unwrap();
        symlink("a", spec.join("b")).unwrap();
        symlink(&spec, scratch.join("link")).unwrap();

        let loaded = load(&scratch.join("link")).unwrap_or_else(|e| panic!("{e:?}"));
        let rels: Vec<&str> = loaded.sources.files.iter().map(|f| f.rel.as_str()).collect();
        assert_eq!(rels, ["a/deeper/Pet.md", "b/deeper/Pet.md"]);

        symlink("../..", spec.join("a/deeper/up")).unwrap();
        // Each loop is one problem; the docs are still read once each.
        let loaded = load(&scratch.join("link")).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(loaded.docs.len(), 2);
        let messages: Vec<&str> = loaded.diagnostics.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(messages.len(), 2, "{messages:?}");
        assert!(messages.iter().all(|m| m.ends_with("is a symlink to a folder that contains it")), "{messages:?}");
        fs::remove_dir_all(&scratch).unwrap();
    }

    #[test]
    fn links_are_joined_to_the_folder_of_their_doc() {
        let joined = |from, link| join_link(from, link).map(|p| (p.climbed, p.parts.join("/")));
        assert_eq!(joined("operations/A.md", "B.md"), Some((0, "operations/B.md".into())));
        assert_eq!(joined("operations/A.md", "./../c//B.md"), Some((0, "c/B.md".into())));
        assert_eq!(joined("operations/A.md", "../../models/c/B.md"), Some((1, "models/c/B.md".into())));
        assert_eq!(joined("A.md", "../x/../../y/B.md"), Some((2, "y/B.md".into())));
        assert_eq!(joined("A.md", "/etc/B.md"), None);
    }

    /// `find_linked` against a spec holding `docs`, saying which candidates it was asked
    /// about.
    fn find_in(root: &str, docs: &[&str], from: &str, link: &str) -> (Result<String, LinkMiss>, Vec<String>) {
        let mut asked = Vec::new();
        let found = find_linked(Path::new(root), from, link, |candidate| {
            asked.push(candidate.to_owned());
            docs.iter().find(|doc| doc.to_lowercase() == candidate).map(|doc| doc.to_string())
        });
        (found, asked)
    }

    #[test]
    fn links_inside_the_folder_are_looked_up_as_written() {
        let docs = ["components/Pet.md", "components/Owner.md", "Owner.md"];
        let (found, asked) = find_in("/docs/models", &docs, "components/Pet.md", "OWNER.md");
        assert_eq!(found, Ok("components/Owner.md".into()));
        assert_eq!(asked, ["components/owner.md"]);
        // A link that stays inside is never matched by a shorter path.
        let (found, _) = find_in("/docs/models", &docs, "components/Pet.md", "../shared/Owner.md");
        assert_eq!(
            found,
            Err(LinkMiss::Missing { written: Some("shared/Owner.md".into()), tried: vec!["shared/Owner.md".into()] })
        );
    }

    #[test]
    fn links_that_climb_out_match_by_the_path_below_the_climb() {
        let docs = ["components/Pet.md", "components/Owner.md", "Owner.md"];
        let link = "../../models/components/Owner.md";
        // Through the folder's own name: the path as written.
        let (found, asked) = find_in("/docs/models", &docs, "components/Pet.md", link);
        assert_eq!(found, Ok("components/Owner.md".into()));
        assert_eq!(asked, ["components/owner.md"]);
        // Under another name: the longest path below the climb that names a doc.
        let (found, asked) = find_in("/tmp/api-docs", &docs, "components/Pet.md", link);
        assert_eq!(found, Ok("components/Owner.md".into()));
        assert_eq!(asked, ["models/components/owner.md", "components/owner.md"]);
        // The spec folder is `components` itself, under another name.
        let flat = ["Pet.md", "Owner.md"];
        let (found, asked) = find_in("/tmp/comps", &flat, "Pet.md", link);
        assert_eq!(found, Ok("Owner.md".into()));
        assert_eq!(asked, ["models/components/owner.md", "components/owner.md", "owner.md"]);
        // Case is ignored in the path, as in every lookup (not in the folder's own name).
        let (found, _) = find_in("/tmp/api-docs", &docs, "components/Pet.md", "../../Models/COMPONENTS/owner.md");
        assert_eq!(found, Ok("components/Owner.md".into()));
    }

    #[test]
    fn links_that_match_nothing_say_what_was_tried() {
        let docs = ["components/Pet.md"];
        let (found, _) = find_in("/tmp/api-docs", &docs, "components/Pet.md", "../../models/shared/Owner.md");
        let tried = ["models/shared/Owner.md", "shared/Owner.md", "Owner.md"].map(String::from).to_vec();
        assert_eq!(found, Err(LinkMiss::Missing { written: None, tried }));
        // Through the folder's own name, the path as written is tried first and named.
        let (found, _) = find_in("/docs/models", &docs, "components/Pet.md", "../../models/shared/Owner.md");
        let tried = ["shared/Owner.md", "models/shared/Owner.md", "Owner.md"].map(String::from).to_vec();
        assert_eq!(found, Err(LinkMiss::Missing { written: Some("shared/Owner.md".into()), tried }));
        // Climbing further than the root has folders.
        let (found, _) = find_in("/m", &docs, "Pet.md", "../../../../Owner.md");
        assert_eq!(found, Err(LinkMiss::Missing { written: None, tried: vec!["Owner.md".into()] }));
        assert_eq!(find_in("/m", &docs, "Pet.md", "/etc/Owner.md").0, Err(LinkMiss::Absolute));
    }
}
