//! Enums, built as syntax: the type, `ALL` and its JSON value, `Display` and `FromStr`.
//!
//! Five shapes: closed or open (an `Unknown` variant keeps values the docs do not list),
//! and string or integer values, or (closed only) a mix of the two. Closed string enums
//! use serde's derives; closed integer enums serde_repr's; open enums implement serde by
//! hand through their `From`, and mixed enums by hand, each value as its own JSON kind.

use proc_macro2::TokenStream;
use quote::quote;
use syn::{Expr, GenericArgument};

use super::syntax::*;
use super::{deprecated_attribute, doc_attributes, item_doc_text, render_paragraphs, Scope};
use crate::resolve::{Enum, Item};

/// The items of one enum, in the order they are printed.
pub(super) fn enum_items(item: &Item, e: &Enum, scope: &Scope) -> syn::Result<Vec<syn::Item>> {
    let name = item.name.as_str();
    let values = Values::new(e, scope);
    let mut items = vec![enum_item(item, e, &values), inherent_impl(item, e, &values)];
    if e.open {
        items.push(from_impl(item, e, &values));
    }
    items.push(display_impl(name, e.integer));
    items.push(from_str_impl(item, e, &values));
    if e.open {
        items.extend(syn::parse2::<syn::File>(open_serde_impls(name, e.integer, scope))?.items);
    }
    if e.mixed {
        items.extend(syn::parse2::<syn::File>(mixed_serde_impls(item, e, scope))?.items);
    }
    Ok(items)
}

/// What the impls say of each value. Syntax trees are not `Clone` (the syn feature is
/// left off to keep the build light), so each use builds its own.
struct Values<'e> {
    e: &'e Enum<'e>,
    scope: &'e Scope<'e>,
}

impl<'e> Values<'e> {
    fn new(e: &'e Enum, scope: &'e Scope<'e>) -> Values<'e> {
        Values { e, scope }
    }

    /// `Self::Variant`, and the JSON value as a literal, for each value.
    fn each(&self) -> impl Iterator<Item = (syn::Path, syn::Lit)> + '_ {
        self.e.variants.iter().map(|v| {
            let lit = if self.e.integer { int_lit(v.value.parse().unwrap_or_default()) } else { str_lit(&v.value) };
            (path(&["Self", &v.ident]), lit)
        })
    }

    /// `Ok` or `Err`, as the module can name them.
    fn result_path(&self, variant: &str) -> syn::Path {
        self.scope.std_variant("result", "Result", variant)
    }

    /// `Ok(expr)`
    fn ok(&self, expr: Expr) -> Expr {
        call(expr_of(self.result_path("Ok")), [expr])
    }

    /// `Err(crate::UnknownValue { type_name: "Name", value: s.into() })`
    fn unknown_value(&self, name: &str) -> Expr {
        let error = struct_expr(
            path(&[self.scope.root, "UnknownValue"]),
            vec![
                (ident("type_name"), Some(lit_expr(str_lit(name)))),
                (ident("value"), Some(method_call(path_expr(&["s"]), "into", Vec::new(), []))),
            ],
        );
        call(expr_of(self.result_path("Err")), [error])
    }
}

fn enum_item(item: &Item, e: &Enum, values: &Values) -> syn::Item {
    let scope = values.scope;
    let mut attrs = doc_attributes(&item_doc_text(item));
    attrs.extend(deprecated_attribute(item.deprecated));
    if e.open {
        attrs.extend(doc_attributes(
            "\nThe enum is open: a value the docs do not list is kept in `Unknown` and\nwritten back unchanged.",
        ));
    }
    let copy = (!e.open || e.integer).then(|| quote! { Copy, });
    let serde = match (e.integer, e.open) {
        _ if e.mixed => None,
        (_, true) => None,
        (false, false) => Some(scope.derive_serde()),
        (true, false) => Some(quote! { serde_repr::Serialize_repr, serde_repr::Deserialize_repr }),
    };
    let derives_serde = serde.is_some() && !e.integer;
    let extra = super::extra_derives(scope.derives);
    attrs.push(list_attribute("derive", quote! { Debug, Clone, #copy PartialEq, Eq, Hash, PartialOrd, Ord, #extra #serde }));
    if derives_serde {
        attrs.extend(scope.serde_crate());
    }
    if e.integer && !e.open {
        attrs.push(list_attribute("repr", quote! { i64 }));
    }
    let mut variants: syn::punctuated::Punctuated<syn::Variant, syn::Token![,]> = e
        .variants
        .iter()
        .zip(values.each())
        .map(|(v, (_, lit))| {
            let mut text = render_paragraphs(v.docs);
            if text.is_empty() {
                text = format!("`{}`", v.value);
            }
            let mut attrs = doc_attributes(&text);
            let mut discriminant = None;
            match (e.integer, e.open) {
                _ if e.mixed => {}
                (false, false) => attrs.push(list_attribute("serde", quote! { rename = #lit })),
                (true, false) => discriminant = Some((Default::default(), lit_expr(lit))),
                _ => {}
            }
            syn::Variant { attrs, ident: ident(&v.ident), fields: syn::Fields::Unit, discriminant }
        })
        .collect();
    if e.open {
        let held = if e.integer { type_of(path(&["i64"])) } else { scope.std_type("string", "String", Vec::new()) };
        variants.push(syn::Variant {
            attrs: doc_attributes("A value the docs do not list."),
            ident: ident("Unknown"),
            fields: one_unnamed_field(false, held),
            discriminant: None,
        });
    }
    syn::Item::Enum(syn::ItemEnum {
        attrs,
        vis: visibility(true),
        enum_token: Default::default(),
        ident: ident(&item.name),
        generics: Default::default(),
        brace_token: Default::default(),
        variants,
    })
}

/// `ALL`, and `as_str` (string values) or `value` (integers).
fn inherent_impl(item: &Item, e: &Enum, values: &Values) -> syn::Item {
    let all_doc = if e.open { "Every value the docs list, in their order." } else { "Every value, in the order of the docs." };
    let all = associated_const(
        doc_attributes(all_doc),
        "ALL",
        reference(Some("'static"), false, slice(type_of(path(&["Self"])))),
        borrow(array(values.each().map(|(variant, _)| expr_of(variant)))),
    );
    let mut arms: Vec<syn::Arm> = values.each().map(|(variant, lit)| arm(path_pat(variant), lit_expr(lit))).collect();
    if e.open {
        arms.push(arm(tuple_struct_pat(path(&["Self", "Unknown"]), vec![ident_pat("value")]), path_expr(&["value"])));
    }
    let str_ty = |lifetime| reference(lifetime, false, type_of(path(&["str"])));
    let getter = match (e.integer, e.open) {
        (false, open) => Method {
            attrs: doc_attributes(if e.mixed {
                "The value as the docs write it. Integer values travel in JSON as numbers."
            } else {
                "The value as it travels in JSON."
            }),
            public: true,
            constant: !open,
            name: "as_str",
            receiver: if open { Receiver::Ref } else { Receiver::Value },
            params: Vec::new(),
            output: Some(if open { str_ty(None) } else { str_ty(Some("'static")) }),
            body: match_expr(path_expr(&["self"]), arms),
        },
        (true, open) => Method {
            attrs: doc_attributes("The number that travels in JSON."),
            public: true,
            constant: true,
            name: "value",
            receiver: Receiver::Value,
            params: Vec::new(),
            output: Some(type_of(path(&["i64"]))),
            body: if open { match_expr(path_expr(&["self"]), arms) } else { cast(path_expr(&["self"]), type_of(path(&["i64"]))) },
        },
    };
    impl_block(None, &item.name, vec![all, getter.into_impl_item()])
}

/// `From<&str>` (or `From<i64>`) of an open enum: a listed value or `Unknown`.
fn from_impl(item: &Item, e: &Enum, values: &Values) -> syn::Item {
    let param_ty = || if e.integer { type_of(path(&["i64"])) } else { reference(None, false, type_of(path(&["str"]))) };
    let (param, unknown) = if e.integer {
        ("value", path_expr(&["value"]))
    } else {
        ("s", method_call(path_expr(&["s"]), "into", Vec::new(), []))
    };
    let mut arms: Vec<syn::Arm> = values.each().map(|(variant, lit)| arm(lit_pat(lit), expr_of(variant))).collect();
    arms.push(arm(wild_pat(), call(path_expr(&["Self", "Unknown"]), [unknown])));
    let from = Method {
        attrs: Vec::new(),
        public: false,
        constant: false,
        name: "from",
        receiver: Receiver::None,
        params: vec![(param, param_ty())],
        output: Some(type_of(path(&["Self"]))),
        body: match_expr(path_expr(&[param]), arms),
    };
    let trait_ = path_with_args(
        false,
        vec![("std", Vec::new()), ("convert", Vec::new()), ("From", vec![GenericArgument::Type(param_ty())])],
    );
    impl_block(Some(trait_), &item.name, vec![from.into_impl_item()])
}

/// `Display` writes the JSON value.
fn display_impl(name: &str, integer: bool) -> syn::Item {
    let formatter = type_of(path_with_args(
        false,
        vec![("std", Vec::new()), ("fmt", Vec::new()), ("Formatter", vec![lifetime_arg("'_")])],
    ));
    let body = if integer {
        let value = method_call(path_expr(&["self"]), "value", Vec::new(), []);
        call(path_expr(&["std", "fmt", "Display", "fmt"]), [borrow(value), path_expr(&["f"])])
    } else {
        let value = method_call(path_expr(&["self"]), "as_str", Vec::new(), []);
        method_call(path_expr(&["f"]), "write_str", Vec::new(), [value])
    };
    let fmt = Method {
        attrs: Vec::new(),
        public: false,
        constant: false,
        name: "fmt",
        receiver: Receiver::Ref,
        params: vec![("f", reference(None, true, formatter))],
        output: Some(type_of(path(&["std", "fmt", "Result"]))),
        body,
    };
    impl_block(Some(path(&["std", "fmt", "Display"])), name, vec![fmt.into_impl_item()])
}

/// `FromStr`: closed enums fail with `UnknownValue`; open enums go through `From`.
fn from_str_impl(item: &Item, e: &Enum, values: &Values) -> syn::Item {
    let s = || path_expr(&["s"]);
    let parse_i64 = || method_call(s(), "parse", vec![type_of(path(&["i64"]))], []);
    let (error, body) = match (e.integer, e.open) {
        (false, false) => {
            let mut arms: Vec<syn::Arm> =
                values.each().map(|(variant, lit)| arm(lit_pat(lit), values.ok(expr_of(variant)))).collect();
            arms.push(arm(wild_pat(), values.unknown_value(&item.name)));
            (vec![values.scope.root, "UnknownValue"], match_expr(s(), arms))
        }
        (true, false) => {
            let mut arms: Vec<syn::Arm> = values
                .each()
                .map(|(variant, lit)| arm(tuple_struct_pat(values.result_path("Ok"), vec![lit_pat(lit)]), values.ok(expr_of(variant))))
                .collect();
            arms.push(arm(wild_pat(), values.unknown_value(&item.name)));
            (vec![values.scope.root, "UnknownValue"], match_expr(parse_i64(), arms))
        }
        (false, true) => {
            let from = call(path_expr(&["Self", "from"]), [s()]);
            (vec!["std", "convert", "Infallible"], values.ok(from))
        }
        (true, true) => {
            (vec!["std", "num", "ParseIntError"], method_call(parse_i64(), "map", Vec::new(), [path_expr(&["Self", "from"])]))
        }
    };
    let from_str = Method {
        attrs: Vec::new(),
        public: false,
        constant: false,
        name: "from_str",
        receiver: Receiver::None,
        params: vec![("s", reference(None, false, type_of(path(&["str"]))))],
        output: Some(values.scope.std_type("result", "Result", vec![type_of(path(&["Self"])), type_of(path(&["Self", "Err"]))])),
        body,
    };
    impl_block(
        Some(path(&["std", "str", "FromStr"])),
        &item.name,
        vec![associated_type("Err", type_of(path(&error))), from_str.into_impl_item()],
    )
}

/// `Serialize` and `Deserialize` of an open enum, through `as_str`/`value` and `From`.
/// These two impls have the same size for every enum and are rare (an enum is open only
/// when its docs or the config say so), so they are quoted and parsed.
fn open_serde_impls(name: &str, integer: bool, scope: &Scope) -> TokenStream {
    let name = ident(name);
    let (result, ok) = if scope.short_std {
        (quote! { Result }, quote! { Ok })
    } else {
        (quote! { ::std::result::Result }, quote! { ::std::result::Result::Ok })
    };
    if integer {
        quote! {
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                    serializer.serialize_i64(self.value())
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                    <i64 as serde::Deserialize>::deserialize(deserializer).map(Self::from)
                }
            }
        }
    } else {
        quote! {
            impl serde::Serialize for #name {
                fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                    serializer.serialize_str(self.as_str())
                }
            }

            impl<'de> serde::Deserialize<'de> for #name {
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                    let value = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
                    #ok(Self::from(&*value))
                }
            }
        }
    }
}

/// `Serialize` and `Deserialize` of a closed enum mixing integer and string values: the
/// integers travel as JSON numbers, the rest as strings, and a value of the wrong kind
/// (`"1"` for `1`) is not accepted. Reading goes through `serde_json::Value`, whose
/// numbers keep every digit whatever serde_json's features. Rare, so quoted and parsed.
fn mixed_serde_impls(item: &Item, e: &Enum, scope: &Scope) -> TokenStream {
    let name = ident(&item.name);
    let (result, some, none) = if scope.short_std {
        (quote! { Result }, quote! { Some }, quote! { None })
    } else {
        (quote! { ::std::result::Result }, quote! { ::std::option::Option::Some }, quote! { ::std::option::Option::None })
    };
    let mut write_arms = Vec::new();
    let mut number_arms = Vec::new();
    let mut string_arms = Vec::new();
    for v in &e.variants {
        let variant = ident(&v.ident);
        if v.number {
            let n = proc_macro2::Literal::i64_unsuffixed(v.value.parse().unwrap_or_default());
            write_arms.push(quote! { Self::#variant => serializer.serialize_i64(#n) });
            number_arms.push(quote! { #some(#n) => #some(Self::#variant) });
        } else {
            let text = &v.value;
            write_arms.push(quote! { Self::#variant => serializer.serialize_str(#text) });
            string_arms.push(quote! { #text => #some(Self::#variant) });
        }
    }
    let expected = e
        .variants
        .iter()
        .map(|v| if v.number { v.value.clone() } else { format!("{:?}", v.value) })
        .collect::<Vec<_>>()
        .join(", ");
    let expected = format!("one of {expected}");
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                match self {
                    #(#write_arms,)*
                }
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let value = <serde_json::Value as serde::Deserialize>::deserialize(deserializer)?;
                let found = match &value {
                    serde_json::Value::Number(number) => match number.as_i64() {
                        #(#number_arms,)*
                        _ => #none,
                    },
                    serde_json::Value::String(text) => match text.as_str() {
                        #(#string_arms,)*
                        _ => #none,
                    },
                    _ => #none,
                };
                found.ok_or_else(|| serde::de::Error::custom(format_args!("invalid value `{value}`, expected {}", #expected)))
            }
        }
    }
}
