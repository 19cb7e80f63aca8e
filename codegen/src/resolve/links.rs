//! Links: a Type cell's model reference to the model it names, by the link's path as
//! written, below a climb out of the spec folder, by file name through folders that do not
//! exist, or by title for unlinked names.

use std::collections::BTreeMap;

use super::{code_list, Resolver, Ty};
use crate::diag::Diagnostic;
use crate::ir::{ModelKind, ModelRef, Type};
use crate::source::{find_linked, LinkMiss, Span};

impl<'a, 'c> Resolver<'a, 'c> {
    /// The model a reference names: the target of its link, else the model of its title.
    pub(super) fn model_ref(&mut self, model_index: usize, reference: &ModelRef) -> Option<Ty> {
        if let Some((url, url_span)) = &reference.link {
            return self.link_target(model_index, url, url_span);
        }
        let name = &reference.name;
        let mut candidates = self.by_name.get(&name.to_lowercase()).cloned().unwrap_or_default();
        if let (Some(namespace), [_, _, ..]) = (&reference.namespace, candidates.as_slice()) {
            // Models of one title in several folders: the one in the folder the name's
            // namespace names, where the spec folder itself is named by its own name.
            let root = self.sources.root.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
            let in_folder = |&index: &usize| {
                let group = &self.spec.models[index].group;
                group.rsplit('/').next().filter(|folder| !folder.is_empty()).unwrap_or(&root).eq_ignore_ascii_case(namespace)
            };
            let narrowed: Vec<usize> = candidates.iter().copied().filter(in_folder).collect();
            if narrowed.len() == 1 {
                candidates = narrowed;
            }
        }
        match candidates.as_slice() {
            [index] => return Some(self.model_ty(*index)),
            [] => {
                // The dialect's types first, then the models' titles, in the spec's order.
                let names = self.spec.type_names;
                let titles = self.spec.models.iter().map(|model| model.name.as_str());
                let shown: Vec<&str> = names.iter().copied().take(7).collect();
                self.diagnostics.push(
                    Diagnostic::error(format!("unknown type `{name}`"))
                        .at(reference.span.clone(), "not a known type")
                        .note(format!("expected a type of the docs' dialect ({}, ...) or a link to a model doc", shown.join(", ")))
                        .did_you_mean(name, names.iter().copied().chain(titles)),
                );
            }
            several => {
                let docs: Vec<String> = several
                    .iter()
                    .map(|&i| format!("`{}`", self.sources.get(self.spec.models[i].file).rel))
                    .collect();
                self.diagnostics.push(
                    Diagnostic::error(format!("ambiguous type `{name}`: several models have this name"))
                        .at(reference.span.clone(), "ambiguous")
                        .note(format!("link the doc to say which: {}", docs.join(", "))),
                );
            }
        }
        None
    }

    pub(super) fn link_target(&mut self, model_index: usize, url: &str, url_span: &Span) -> Option<Ty> {
        /// What a candidate path of a link names.
        enum Hit {
            Model(usize),
            /// A doc that could not be read or parsed, already reported.
            Unparsed,
        }
        let from = &self.sources.get(self.spec.models[model_index].file).rel;
        let path = url.split(['#', '?']).next().unwrap_or(url);
        let (by_path, unparsed) = (&self.by_path, self.unparsed);
        let found = find_linked(&self.sources.root, from, path, |candidate| match by_path.get(candidate) {
            Some(&index) => Some(Hit::Model(index)),
            None => unparsed.contains(candidate).then_some(Hit::Unparsed),
        });
        // No path matched: a doc with the link's file name, if exactly one has it (newer
        // Ruby docs link components through a `shared/` folder that does not exist).
        let found = match found {
            Err(LinkMiss::Missing { .. }) if let Some(index) = self.by_file_name(path) => Ok(Hit::Model(index)),
            other => other,
        };
        let diagnostic = match found {
            Ok(Hit::Model(index)) => return Some(self.model_ty(index)),
            Ok(Hit::Unparsed) => return None,
            Err(LinkMiss::Absolute) => Diagnostic::error(format!("link `{url}` leaves the spec folder"))
                .at(url_span.clone(), "points outside the spec folder")
                .note("links are resolved relative to the linking doc; an absolute path names no doc of the spec folder"),
            Err(LinkMiss::Missing { written: Some(target), tried }) => {
                let diagnostic = Diagnostic::error(format!("link to a missing doc `{target}`"))
                    .at(url_span.clone(), "no such doc in the spec folder")
                    .note(format!("expected a model doc at `{target}` (relative to the spec folder)"));
                match tried.get(1..) {
                    Some(others @ [_, ..]) => diagnostic.note(format!(
                        "the link climbs out of the spec folder, so the paths below the climb were tried too: {}",
                        code_list(others, "and")
                    )),
                    _ => diagnostic,
                }
            }
            Err(LinkMiss::Missing { written: None, tried }) => Diagnostic::error(format!("link `{url}` leaves the spec folder"))
                .at(url_span.clone(), "points outside the spec folder")
                .note(format!(
                    "a link that climbs out of the spec folder is matched by its path below the climb; no doc is at {} (relative to the spec folder)",
                    code_list(&tried, "or")
                )),
        };
        self.diagnostics.push(diagnostic);
        None
    }

    /// The model a link `path` that matched no path names by its file name (any case):
    /// the one doc of the spec with that name, parsed or not; or, where docs of several
    /// folders have it, the one in the folder that the link's folder stands for: the
    /// folder where the other links through the same folder name lead when their file
    /// name is unique (newer Ruby docs link components through a `shared/` folder that
    /// does not exist, and some component names are also operation names).
    pub(super) fn by_file_name(&mut self, path: &str) -> Option<usize> {
        let (dir, file) = folder_and_file(path)?;
        if self.unparsed_files.contains(&file) {
            return None;
        }
        match self.docs_named(&file) {
            [(_, index)] => Some(*index),
            [] => None,
            _ => {
                let folder = self.folder_stands_for(&dir)?;
                self.docs_named(&file)
                    .iter()
                    .find(|(rel, _)| folder_and_file(rel).is_some_and(|(d, _)| d == folder))
                    .map(|&(_, index)| index)
            }
        }
    }

    /// The parsed docs whose file name is `file` (lower case), by path.
    pub(super) fn docs_named(&self, file: &str) -> &[(String, usize)] {
        self.by_file.get(file).map_or(&[], Vec::as_slice)
    }

    /// Where the links written through the folder name `dir` lead, by majority of those
    /// whose file name is unique (ties to the first folder by name); `None` when a doc is
    /// in a folder of that name (its links matched by path) or none lead anywhere.
    pub(super) fn folder_stands_for(&mut self, dir: &str) -> Option<String> {
        if let Some(known) = self.folder_stands_for.get(dir) {
            return known.clone();
        }
        let exists = self.folders.contains(dir);
        let mut links = Vec::new();
        if !exists {
            for model in &self.spec.models {
                if let ModelKind::Struct(fields) = &model.kind {
                    for field in fields {
                        collect_links(&field.ty, &mut links);
                    }
                }
            }
        }
        let mut votes: BTreeMap<String, usize> = BTreeMap::new();
        for url in links {
            let path = url.split(['#', '?']).next().unwrap_or(url);
            let Some((link_dir, file)) = folder_and_file(path) else { continue };
            if link_dir != dir {
                continue;
            }
            if let [(rel, _)] = self.docs_named(&file)
                && let Some((folder, _)) = folder_and_file(rel)
            {
                *votes.entry(folder).or_default() += 1;
            }
        }
        let best = votes.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0))).map(|(folder, _)| folder.clone());
        self.folder_stands_for.insert(dir.to_owned(), best.clone());
        best
    }
}

/// The last folder name and the file name of a path, lower-cased (`""` for no folder).
pub(super) fn folder_and_file(path: &str) -> Option<(String, String)> {
    let mut parts = path.rsplit('/');
    let file = parts.next().filter(|f| !f.is_empty())?.to_lowercase();
    Some((parts.next().unwrap_or("").to_lowercase(), file))
}

/// The link targets of the model references in `ty`.
pub(super) fn collect_links<'t>(ty: &'t Type, out: &mut Vec<&'t str>) {
    match ty {
        Type::Model(ModelRef { link: Some((url, _)), .. }) => out.push(url),
        Type::List(inner) | Type::Map(inner) | Type::Nullable(inner) => collect_links(inner, out),
        Type::Union(members) => members.iter().for_each(|m| collect_links(m, out)),
        _ => {}
    }
}
