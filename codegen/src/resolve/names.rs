//! Names: a module name for every docs folder and a type name for every model, unique in
//! its module, and Rust identifiers for anything the docs name.

use std::collections::{BTreeMap, HashMap};

use crate::case::{snake, upper_camel};

use super::{Resolver, Ty};
use crate::diag::Diagnostic;

impl<'a, 'c> Resolver<'a, 'c> {
    /// Gives every group a module name and every model a type name, unique in its module.
    pub(super) fn assign_names(&mut self) {
        let mut module_of_folder: BTreeMap<&str, String> = BTreeMap::new();
        let mut taken_modules: HashMap<String, &str> = HashMap::new();
        for model in &self.spec.models {
            if module_of_folder.contains_key(model.group.as_str()) {
                continue;
            }
            let base = module_name(&model.group);
            let mut name = base.clone();
            let mut n = 2;
            while taken_modules.contains_key(&name) {
                name = format!("{base}_{n}");
                n += 1;
            }
            taken_modules.insert(name.clone(), &model.group);
            module_of_folder.insert(&model.group, name);
        }

        // Models are sorted by (group, name), so collisions resolve in that order. Each
        // folder has a module of its own, so names are taken per folder.
        let mut taken: HashMap<&str, HashMap<String, usize>> = HashMap::new();
        for (index, model) in self.spec.models.iter().enumerate() {
            let module = module_of_folder[model.group.as_str()].clone();
            let in_folder = taken.entry(model.group.as_str()).or_default();
            let base = match ident(&upper_camel(&model.name), "T") {
                Some(base) => base,
                None => {
                    self.diagnostics.push(
                        Diagnostic::error(format!("model name `{}` cannot be a Rust identifier", model.name))
                            .at(model.title_span.clone(), "no letters or digits")
                            .note("expected a title with at least one ASCII letter or digit, such as `# Pet`"),
                    );
                    "Model".to_owned()
                }
            };
            let mut name = base.clone();
            let mut n = 2;
            while let Some(&other) = in_folder.get(&name) {
                let other = &self.spec.models[other];
                if n == 2 && other.name == model.name {
                    self.diagnostics.push(
                        Diagnostic::error(format!("two models named `{}` in `{}`", model.name, model.group))
                            .at(model.title_span.clone(), "second model with this name")
                            .note(format!("the other is `{}`", self.sources.get(other.file).path.display())),
                    );
                } else if n == 2 {
                    self.diagnostics.push(
                        Diagnostic::warning(format!(
                            "models `{}` and `{}` have the same Rust name `{base}`",
                            other.name, model.name
                        ))
                        .at(model.title_span.clone(), "renamed to avoid the collision")
                        .note(format!("this one is named `{base}{n}`")),
                    );
                }
                name = format!("{base}{n}");
                n += 1;
            }
            in_folder.insert(name.clone(), index);
            self.names.push((module, name));
        }
    }

    /// The models `name` names: a title, or `folder/Title` (by docs folder or module).
    pub(super) fn models_named(&self, name: &str) -> Vec<usize> {
        self.spec
            .models
            .iter()
            .enumerate()
            .filter(|(index, model)| {
                name == model.name
                    || names_in(name, &model.group, &model.name)
                    || names_in(name, &self.names[*index].0, &model.name)
            })
            .map(|(index, _)| index)
            .collect()
    }
}

/// Whether `name` is `{folder}/{title}`.
pub(super) fn names_in(name: &str, folder: &str, title: &str) -> bool {
    name.strip_prefix(folder).and_then(|rest| rest.strip_prefix('/')) == Some(title)
}

/// Module name of a docs folder: `models/components` -> `components`.
pub(super) fn module_name(folder: &str) -> String {
    let mut parts: Vec<&str> = folder.split('/').filter(|p| !p.is_empty()).collect();
    if parts.first() == Some(&"models") && parts.len() > 1 {
        parts.remove(0);
    }
    let joined = snake(&parts.join("_"));
    ident(&joined, "m").unwrap_or_else(|| "models".to_owned())
}

/// Strict and reserved keywords of Rust, sorted (by byte) for binary search: every
/// field, variant and type name is checked.
pub(super) const RUST_KEYWORDS: &[&str] = &[
    "Self", "abstract", "as", "async", "await", "become", "box", "break", "const", "continue",
    "crate", "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if",
    "impl", "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv",
    "pub", "ref", "return", "self", "static", "struct", "super", "trait", "true", "try", "type",
    "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Turns an already cased name into a Rust identifier: drops characters that cannot
/// appear in one, prefixes a leading digit, and escapes keywords (`r#type`, `self_`).
/// `None` when nothing usable is left.
pub fn ident(cased: &str, digit_prefix: &str) -> Option<String> {
    let is_ident_char = |c: char| c.is_ascii_alphanumeric() || c == '_';
    // Cased names are almost always clean already: checked as bytes (any byte of a
    // non-ASCII character fails) and copied whole rather than char by char.
    let clean = cased.bytes().all(|b| is_ident_char(char::from(b)));
    let cleaned: String = if clean { cased.to_owned() } else { cased.chars().filter(|&c| is_ident_char(c)).collect() };
    if !cleaned.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let cleaned = if cleaned.starts_with(|c: char| c.is_ascii_digit()) {
        format!("{digit_prefix}{cleaned}")
    } else {
        cleaned
    };
    Some(if RUST_KEYWORDS.binary_search(&cleaned.as_str()).is_ok() {
        if matches!(cleaned.as_str(), "self" | "Self" | "super" | "crate") {
            format!("{cleaned}_")
        } else {
            format!("r#{cleaned}")
        }
    } else {
        cleaned
    })
}

/// The name of a union variant holding `ty`: the model's name, else what the type is.
pub(super) fn variant_name(ty: &Ty) -> String {
    match ty {
        Ty::String => "String".to_owned(),
        Ty::I16 | Ty::I32 | Ty::I64 | Ty::I128 => "Integer".to_owned(),
        Ty::F64 | Ty::Number => "Number".to_owned(),
        Ty::Bool => "Boolean".to_owned(),
        Ty::Decimal => "Decimal".to_owned(),
        Ty::Json => "Any".to_owned(),
        Ty::DateTime => "DateTime".to_owned(),
        Ty::Date => "Date".to_owned(),
        Ty::NaiveDateTime => "NaiveDateTime".to_owned(),
        Ty::Bytes => "Bytes".to_owned(),
        Ty::List(inner) => format!("ListOf{}", variant_name(inner)),
        Ty::Map(inner) => format!("MapOf{}", variant_name(inner)),
        Ty::Nullable(inner) => format!("Nullable{}", variant_name(inner)),
        Ty::Model { name, .. } => name.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_always_valid() {
        assert_eq!(ident("type", "_").as_deref(), Some("r#type"));
        assert_eq!(ident("gen", "_").as_deref(), Some("r#gen"));
        assert_eq!(ident("self", "_").as_deref(), Some("self_"));
        assert_eq!(ident("Self", "T").as_deref(), Some("Self_"));
        assert_eq!(ident("123abc", "_").as_deref(), Some("_123abc"));
        assert_eq!(ident("1", "V").as_deref(), Some("V1"));
        assert_eq!(ident("foo-bar", "_").as_deref(), Some("foobar"));
        assert_eq!(ident("", "_"), None);
        assert_eq!(ident("__", "_"), None);
    }

    #[test]
    fn keywords_are_sorted_for_binary_search() {
        assert!(RUST_KEYWORDS.is_sorted());
    }

    #[test]
    fn module_names_drop_the_models_folder() {
        assert_eq!(module_name("models/components"), "components");
        assert_eq!(module_name("components"), "components");
        assert_eq!(module_name(""), "models");
        assert_eq!(module_name("models"), "models");
        assert_eq!(module_name("models/shared/v2"), "shared_v2");
        assert_eq!(module_name("models/Type"), "r#type");
    }
}
