//! `roots`: keeps only the models reachable from the named ones, following the types of
//! struct fields (lists, maps, boxes), so a user who needs a few models of a large API
//! compiles those and what they refer to.
//!
//! A pass over the resolved crate: items are dropped and the places of the kept ones
//! moved, while model ids stay as they were (no kept item refers to a dropped one).

use crate::config::Root;
use crate::diag::Diagnostic;
use crate::resolve::{Crate, ItemKind, Ty};

/// Keeps the models reachable from `roots` (all of them when `roots` is empty). A root
/// naming no model is an error; nothing is dropped then.
pub(crate) fn retain_reachable(krate: &mut Crate, roots: &[Root]) -> Result<(), Vec<Diagnostic>> {
    if roots.is_empty() {
        return Ok(());
    }
    let mut ids = Vec::new();
    let mut errors = Vec::new();
    for root in roots {
        let found = (0..krate.places.len()).filter(|&id| {
            let (module, item) = krate.places[id];
            let (module, item) = (&krate.modules[module], &krate.modules[module].items[item]);
            let qualified = |prefix: &str| {
                root.name.strip_prefix(prefix).and_then(|rest| rest.strip_prefix('/')) == Some(item.title)
            };
            root.name == item.title || root.name == item.name || qualified(&module.folder) || qualified(&module.name)
        });
        let before = ids.len();
        ids.extend(found);
        if ids.len() == before {
            let titles = krate.modules.iter().flat_map(|m| m.items.iter().map(|i| i.title));
            errors.push(
                Diagnostic::error(format!("`roots` names a model that does not exist: `{}`", root.name))
                    .at(root.span.clone(), "no such model")
                    .note("a root is a model's title, or `folder/Title`")
                    .did_you_mean(&root.name, titles),
            );
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut keep = vec![false; krate.places.len()];
    while let Some(id) = ids.pop() {
        if std::mem::replace(&mut keep[id], true) {
            continue;
        }
        if let ItemKind::Struct(fields) = &krate.item(id).kind {
            for field in fields {
                referenced(&field.ty, &mut ids);
            }
        }
    }
    // Which ids each place holds, then the places of what is kept.
    let mut at = std::collections::HashMap::new();
    for (id, place) in krate.places.iter().enumerate() {
        at.insert(*place, id);
    }
    let mut module_index = 0;
    for (m, module) in std::mem::take(&mut krate.modules).into_iter().enumerate() {
        let mut module = module;
        let mut item_index = 0;
        let mut i = 0;
        module.items.retain(|_| {
            let id = at.get(&(m, i)).copied();
            i += 1;
            // Every item has an id; one without would be kept rather than lost.
            let kept = id.is_none_or(|id| keep[id]);
            if let (Some(id), true) = (id, kept) {
                krate.places[id] = (module_index, item_index);
            }
            item_index += usize::from(kept);
            kept
        });
        if !module.items.is_empty() {
            krate.modules.push(module);
            module_index += 1;
        }
    }
    Ok(())
}

fn referenced(ty: &Ty, out: &mut Vec<usize>) {
    match ty {
        Ty::List(inner) | Ty::Map(inner) => referenced(inner, out),
        Ty::Model { id, .. } => out.push(*id),
        _ => {}
    }
}
