//! Unions: members listed in `## Supported Types` docs and in Type cells become the
//! variants of an untagged enum, ordered so that each member's JSON reads into that member.

use std::collections::HashMap;

use crate::case::upper_camel;

use super::{ident, variant_name, Item, ItemKind, Presence, Resolver, Ty, UnionVariant};
use crate::diag::Diagnostic;
use crate::ir::{self, Type};
use crate::source::Span;

/// A union listed in a Type cell (`A | B`), made a type next to the model whose field
/// holds it.
pub(super) struct InlineUnion {
    /// The model whose field it is.
    pub(super) parent: usize,
    pub(super) field: String,
    pub(super) variants: Vec<UnionVariant>,
}

impl<'a, 'c> Resolver<'a, 'c> {
    /// The variants of a union doc, in document order (ordered for reading later, once
    /// every model is known); `None` when a member cannot be one (its error reported).
    pub(super) fn union_variants(&mut self, model_index: usize, members: &[ir::Member]) -> Option<Vec<UnionVariant>> {
        let mut variants: Vec<UnionVariant> = Vec::with_capacity(members.len());
        let mut idents: HashMap<String, usize> = HashMap::new();
        let mut complete = true;
        for member in members {
            // A member named without a link (C#'s `### Manual`) may name a model by its
            // own title or by the union's title before it (`PlaylistManual`); one that
            // names neither leaves the union keeping any JSON value.
            let mut ty = member.ty.clone();
            if let Type::Model(reference) = &mut ty
                && reference.link.is_none()
                && !self.by_name.contains_key(&reference.name.to_lowercase())
            {
                let qualified = format!("{}{}", self.spec.models[self.origin(model_index)].name, reference.name);
                if self.by_name.contains_key(&qualified.to_lowercase()) {
                    reference.name = qualified;
                } else {
                    self.diagnostics.push(
                        Diagnostic::warning(format!("union member `{}` names no model; the union keeps any JSON value", reference.name))
                            .at(member.span.clone(), "no model of this name")
                            .note(format!("expected a model titled `{}` or `{qualified}`", reference.name)),
                    );
                    return None;
                }
            }
            let Some((ty, raw)) = self.interpret(model_index, &ty) else {
                complete = false;
                continue;
            };
            if raw {
                self.diagnostics.push(
                    Diagnostic::error("a raw HTTP body cannot be a member of a union")
                        .at(member.span.clone(), "not JSON")
                        .note("a union's members are the JSON values it may hold"),
                );
                complete = false;
                continue;
            }
            // The same type twice (an integer-or-float union shows `number` twice) is one
            // member.
            if variants.iter().any(|v| v.ty == ty) {
                continue;
            }
            let base = member
                .name
                .as_deref()
                .and_then(|name| ident(&upper_camel(name), "V"))
                .unwrap_or_else(|| variant_name(&ty));
            let mut name = base.clone();
            let mut n = 2;
            while idents.contains_key(&name) {
                name = format!("{base}{n}");
                n += 1;
            }
            idents.insert(name.clone(), variants.len());
            variants.push(UnionVariant { ident: name, ty });
        }
        (complete && !variants.is_empty()).then_some(variants)
    }

    /// A union listed in a Type cell: a type of its own next to the model, named after
    /// the model and the field (`PetOwner`); a union of one type is that type.
    pub(super) fn inline_union(&mut self, model_index: usize, members: &[Type]) -> Option<(Ty, bool)> {
        let members: Vec<ir::Member> = members
            .iter()
            .map(|ty| ir::Member { ty: ty.clone(), name: None, span: Span::new(self.spec.models[model_index].file, 0..0) })
            .collect();
        let field = self.current_field.unwrap_or("member").to_owned();
        let variants = self.union_variants(model_index, &members)?;
        if let [only] = variants.as_slice() {
            return Some((only.ty.clone(), false));
        }
        let module = self.names[model_index].0.clone();
        let base = format!("{}{}", self.names[model_index].1, ident(&upper_camel(&field), "V").unwrap_or_default());
        let mut name = base.clone();
        let mut n = 2;
        while self.names.iter().any(|(m, taken)| *m == module && *taken == name) {
            name = format!("{base}{n}");
            n += 1;
        }
        let id = self.names.len();
        self.names.push((module.clone(), name.clone()));
        self.inline.push(InlineUnion { parent: model_index, field, variants });
        Some((Ty::Model { module, name, boxed: false, id }, false))
    }

    /// The spec model a model id comes from: itself, or for an inline union the model
    /// whose field holds it.
    pub(super) fn origin(&self, id: usize) -> usize {
        match id.checked_sub(self.spec.models.len()) {
            None => id,
            Some(offset) => self.inline[offset].parent,
        }
    }
}

/// Orders each union's variants so that untagged reading (the first variant that reads
/// a value wins) gives each member's JSON to that member: booleans, integers (before
/// numbers, which would take them too), numbers, dates, enums, strings, decimals (which
/// read strings too), then objects with the most required keys first (a struct ignores
/// keys it does not know, so one with fewer required keys would take the others' values),
/// lists, maps, and any JSON last. The sort is stable: members of one rank keep the docs'
/// order. Struct members are boxed.
pub(super) fn order_union_variants(items: &mut [Item]) {
    let rank = |ty: &Ty, items: &[Item]| -> (u8, isize, isize) {
        match ty {
            Ty::Bool => (0, 0, 0),
            Ty::I16 | Ty::I32 | Ty::I64 | Ty::I128 => (1, 0, 0),
            Ty::F64 | Ty::Number => (2, 0, 0),
            // A decimal reads strings as well as numbers: after the strings, which then
            // keep theirs.
            Ty::Decimal => (5, 1, 0),
            Ty::Date | Ty::NaiveDateTime | Ty::DateTime => (3, 0, 0),
            Ty::Model { id, .. } => match &items[*id].kind {
                ItemKind::Enum(_) => (4, 0, 0),
                ItemKind::Struct(fields) => {
                    let required = fields.iter().filter(|f| matches!(f.presence, Presence::Required | Presence::RequiredNullable) && !f.raw).count();
                    (6, -(required as isize), -(fields.len() as isize))
                }
                ItemKind::Union(_) => (8, 0, 0),
                ItemKind::Any => (10, 0, 0),
            },
            Ty::String | Ty::Bytes => (5, 0, 0),
            Ty::List(_) => (7, 0, 0),
            Ty::Map(_) | Ty::Nullable(_) => (9, 0, 0),
            Ty::Json => (10, 0, 0),
        }
    };
    for i in 0..items.len() {
        let ItemKind::Union(variants) = &items[i].kind else { continue };
        let mut order: Vec<(usize, (u8, isize, isize))> =
            variants.iter().enumerate().map(|(index, v)| (index, rank(&v.ty, items))).collect();
        order.sort_by_key(|(index, key)| (*key, *index));
        let is_struct: Vec<bool> =
            variants.iter().map(|v| matches!(v.ty, Ty::Model { id, .. } if matches!(items[id].kind, ItemKind::Struct(_)))).collect();
        let ItemKind::Union(variants) = &mut items[i].kind else { continue };
        let mut taken: Vec<Option<UnionVariant>> = variants.drain(..).map(Some).collect();
        // A struct member is boxed: the enum is then as small as its other members, not as
        // large as its largest struct.
        for (variant, is_struct) in taken.iter_mut().zip(is_struct) {
            if let Some(UnionVariant { ty: Ty::Model { boxed, .. }, .. }) = variant {
                *boxed |= is_struct;
            }
        }
        variants.extend(order.into_iter().filter_map(|(index, _)| taken[index].take()));
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use crate::config::Config;
    use crate::ir::{self, ModelKind, ModelRef, Type};
    use crate::resolve::{java_spec, resolve, ItemKind, Traits, Ty};
    use crate::source::Span;

    #[test]
    fn union_members_are_ordered_for_reading() {
        let (sources, mut spec) = java_spec(&[
            ("models/a/Pet.md", "# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `name` | *String* | :heavy_check_mark: | N/A |\n| `age` | *long* | :heavy_check_mark: | N/A |\n"),
            ("models/a/Tag.md", "# Tag\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `name` | *String* | :heavy_check_mark: | N/A |\n"),
            ("models/a/Value.md", "# Value\n"),
        ]);
        let span = Span::new(2, 0..0);
        let model = |name: &str| Type::Model(ModelRef { namespace: None, link: None, name: name.to_owned(), span: span.clone() });
        let member = |ty: Type, name: Option<&str>| ir::Member { ty, name: name.map(str::to_owned), span: span.clone() };
        // Docs order: a string, the struct with fewer required keys, a float, an integer,
        // the struct with more, a float again (the same member twice).
        spec.models[2].kind = ModelKind::Union(vec![
            member(Type::String, None),
            member(model("Tag"), None),
            member(Type::F64, Some("amount")),
            member(Type::I64, None),
            member(model("Pet"), None),
            member(Type::F64, None),
        ]);
        let (krate, _) = resolve(&spec, &Config::default(), None, &sources, &HashSet::new(), &[]).unwrap();
        let ItemKind::Union(variants) = &krate.item(2).kind else { panic!("Value is a union") };
        let order: Vec<&str> = variants.iter().map(|v| v.ident.as_str()).collect();
        assert_eq!(order, ["Integer", "Amount", "String", "Pet", "Tag"]);
        assert_eq!(krate.item(2).traits, Traits { eq: false, hash: false, default: false });
    }

    #[test]
    fn unions_listed_in_type_cells_are_types_of_their_own() {
        let text = "# Pet\n\n## Fields\n\n| Field | Type | Required | Description |\n| --- | --- | --- | --- |\n| `owner` | *String* | :heavy_check_mark: | N/A |\n| `tag` | *String* | :heavy_minus_sign: | N/A |\n";
        let (sources, mut spec) = java_spec(&[("models/a/Pet.md", text)]);
        let ModelKind::Struct(fields) = &mut spec.models[0].kind else { panic!("Pet is a struct") };
        fields[0].ty = Type::Union(vec![Type::String, Type::List(Box::new(Type::String)), Type::I64]);
        fields[1].ty = Type::Union(vec![Type::String, Type::String]);
        let (krate, _) = resolve(&spec, &Config::default(), None, &sources, &HashSet::new(), &[]).unwrap();
        let ItemKind::Struct(fields) = &krate.item(0).kind else { panic!("Pet is a struct") };
        // A union of one type is that type.
        assert_eq!(fields[1].ty, Ty::String);
        let Ty::Model { id, ref name, .. } = fields[0].ty else { panic!("owner is a union: {:?}", fields[0].ty) };
        assert_eq!(name, "PetOwner");
        let union = krate.item(id);
        assert_eq!(union.note.as_deref(), Some("One of the types the `owner` field of `Pet` holds."));
        let ItemKind::Union(variants) = &union.kind else { panic!("a union") };
        assert_eq!(variants.iter().map(|v| v.ident.as_str()).collect::<Vec<_>>(), ["Integer", "String", "ListOfString"]);
        assert_eq!(krate.modules[0].items.iter().map(|i| i.name.as_str()).collect::<Vec<_>>(), ["Pet", "PetOwner"]);
    }
}
