//! `Deserialize` of structs, written out instead of derived.
//!
//! serde's derive is most of what compiling the models costs, and most of the derive is
//! what these models never use: a visitor for structs sent as JSON arrays, a field enum
//! with its own visitor, and for every field that must reject `null` (a
//! `deserialize_with`) two wrapper types with impls of their own. Here each struct gets
//! one short impl of the crate's `Object` trait (a loop over the object's keys, a match
//! arm per field) and a `Deserialize` that hands it to one shared visitor, both in the
//! crate's `de` module ([`shared_module`]). What travels is the same as with the derive:
//! keys and unknown keys, `null` rejected where a value must be one, missing and
//! duplicate keys reported as serde reports them. Whether a field may be `null` comes
//! from its type alone: a field that is `Option<T>` reads a `T`, and one that is
//! `Option<Option<T>>` reads an `Option<T>`.
//!
//! Structs with a catch-all map (`#[serde(flatten)]`) or base64 bytes (`serde_with::As`)
//! keep serde's derive, which knows both.

use quote::quote;

use super::syntax::*;
use super::{Flavor, Scope};
use crate::resolve::{Item, Presence, StructField, Ty};

/// Whether a struct's `Deserialize` is written out: the config does not ask for the
/// derive, and none of its fields needs more than reading a value of its type.
pub(super) fn written_out(fields: &[StructField], flavor: Flavor) -> bool {
    !flavor.derive_deserialize && fields.iter().all(|field| field.raw || (!field.flatten && !field.ty.holds_bytes()))
}

/// What the items of every struct of a module share, built once and cloned: the frame of
/// the `Object` impl (consts, signature, the loop over the keys), parsed, and the path of
/// the macro that writes `Deserialize` through it.
pub(super) struct Templates {
    object: syn::ItemImpl,
    deserialize: syn::Path,
}

impl Templates {
    pub(super) fn new(scope: &Scope) -> syn::Result<Templates> {
        let de = scope.de_module();
        let (result, some) = if scope.short_std {
            (quote! { Result }, quote! { Some })
        } else {
            (quote! { ::std::result::Result }, quote! { ::std::option::Option::Some })
        };
        let object: syn::ItemImpl = syn::parse2(quote! {
            impl #de::Object for Model {
                const NAME: &'static str = "";
                const KEYS: &'static [&'static str] = &[];

                fn read<'de, A: serde::de::MapAccess<'de>>(mut map: #de::Map<'de, A>) -> #result<Self, A::Error> {
                    while let #some(key) = map.key()? {
                        match key {
                            _ => map.skip()?,
                        }
                    }
                }
            }
        })?;
        let deserialize = path(&[scope.root, scope.de, "deserialize_object"]);
        Ok(Templates { object, deserialize })
    }
}

/// The `Object` impl of a struct whose fields are all [`written_out`], and its
/// `Deserialize` (through a macro of the `de` module):
///
/// ```text
/// impl crate::de::Object for Shipment {
///     const NAME: &'static str = "Shipment";
///     const KEYS: &'static [&'static str] = &["id", "note"];
///
///     fn read<'de, A: serde::de::MapAccess<'de>>(mut map: crate::de::Map<'de, A>) -> Result<Self, A::Error> {
///         let mut id: Option<String> = None;
///         let mut note: Option<String> = None;
///         while let Some(key) = map.key()? {
///             match key {
///                 Some("id") => map.value(&mut id)?,
///                 Some("note") => map.value(&mut note)?,
///                 _ => map.skip()?,
///             }
///         }
///         Ok(Self { id: map.required(id, "id")?, note })
///     }
/// }
///
/// crate::de::deserialize_object!(Shipment);
/// ```
pub(super) fn impls(item: &Item, fields: &[StructField], scope: &Scope, templates: &Templates) -> syn::Result<Vec<syn::Item>> {
    let mut object = templates.object.clone();
    object.self_ty = Box::new(type_of(path(&[&item.name])));
    let deserialize = syn::Item::Macro(syn::ItemMacro {
        attrs: Vec::new(),
        ident: None,
        mac: syn::Macro {
            path: templates.deserialize.clone(),
            bang_token: Default::default(),
            delimiter: syn::MacroDelimiter::Paren(Default::default()),
            tokens: quote::ToTokens::into_token_stream(ident(&item.name)),
        },
        semi_token: Some(Default::default()),
    });

    // Each field is read into a local of its own name, but for the two names the loop
    // itself uses.
    let locals: Vec<String> = fields
        .iter()
        .map(|field| {
            let mut local = field.ident.clone();
            while local == "map" || local == "key" || (local != field.ident && fields.iter().any(|f| f.ident == local)) {
                local.push_str("_value");
            }
            local
        })
        .collect();
    let read: Vec<(&StructField, &str)> =
        fields.iter().zip(&locals).filter(|(field, _)| !field.raw).map(|(field, local)| (field, local.as_str())).collect();
    let none = || expr_of(scope.std_variant("option", "Option", "None"));
    let map = || path_expr(&["map"]);

    // Each local says its type: left to inference, every `map.value` call would hold an
    // open `?T: Deserialize` obligation, which rustc matches against every `Deserialize`
    // impl of the crate (checking 10k models took longer than with serde's derive).
    let option = |ty| scope.std_type("option", "Option", vec![ty]);
    let mut stmts: Vec<syn::Stmt> = read
        .iter()
        .map(|(field, local)| {
            let inner = super::ty_syntax(&field.ty, scope);
            let read = match field.presence {
                Presence::Required | Presence::Optional => inner,
                Presence::Nullable | Presence::RequiredNullable => option(inner),
            };
            let_mut(local, option(read), none())
        })
        .collect();
    let mut frame = match object.items.pop() {
        Some(syn::ImplItem::Fn(read_fn)) => read_fn,
        _ => return Err(template_error()),
    };
    let Some(mut keys_loop) = frame.block.stmts.pop() else {
        return Err(template_error());
    };
    if read.is_empty() {
        // Only raw fields: every key is skipped.
        keys_loop = syn::parse2(quote! {
            while map.key()?.is_some() {
                map.skip()?;
            }
        })?;
    } else if let Some(syn::Expr::Match(keys)) = loop_body(&mut keys_loop) {
        let some = scope.std_variant("option", "Option", "Some");
        let arms = read.iter().map(|(field, local)| {
            let pattern = tuple_struct_pat(some.clone(), vec![lit_pat(str_lit(&field.key))]);
            let value = method_call(map(), "value", Vec::new(), [borrow_mut(path_expr(&[local]))]);
            arm(pattern, try_expr(value))
        });
        keys.arms.splice(0..0, arms);
    } else {
        return Err(template_error());
    }
    stmts.push(keys_loop);

    let inits = fields
        .iter()
        .zip(&locals)
        .map(|(field, local)| {
            let local_expr = || path_expr(&[local]);
            let value = match field.presence {
                Presence::Required | Presence::RequiredNullable if field.raw => {
                    Some(call(scope.std_fn("vec", "Vec", "new"), []))
                }
                Presence::Optional | Presence::Nullable if field.raw => Some(none()),
                // A field whose type is itself an `Option` may be missing, as serde has it.
                Presence::Required if matches!(field.ty, Ty::Nullable(_)) => {
                    Some(method_call(local_expr(), "flatten", Vec::new(), []))
                }
                Presence::Required | Presence::RequiredNullable => Some(try_expr(method_call(
                    map(),
                    "required",
                    Vec::new(),
                    [local_expr(), lit_expr(str_lit(&field.key))],
                ))),
                Presence::Optional | Presence::Nullable if *local == field.ident => None,
                Presence::Optional | Presence::Nullable => Some(local_expr()),
            };
            (ident(&field.ident), value)
        })
        .collect();
    let ok = expr_of(scope.std_variant("result", "Result", "Ok"));
    stmts.push(syn::Stmt::Expr(call(ok, [struct_expr(path(&["Self"]), inits)]), None));
    frame.block.stmts = stmts;

    for const_item in &mut object.items {
        if let syn::ImplItem::Const(constant) = const_item {
            constant.expr = if constant.ident == "NAME" {
                lit_expr(str_lit(&item.name))
            } else {
                borrow(array(read.iter().map(|(field, _)| lit_expr(str_lit(&field.key)))))
            };
        }
    }
    object.items.push(syn::ImplItem::Fn(frame));
    Ok(vec![syn::Item::Impl(object), deserialize])
}

fn template_error() -> syn::Error {
    syn::Error::new(proc_macro2::Span::call_site(), "the `Object` template lost its shape")
}

/// The body's first statement of a `while` loop statement, when it is an expression.
fn loop_body(stmt: &mut syn::Stmt) -> Option<&mut syn::Expr> {
    match stmt {
        syn::Stmt::Expr(syn::Expr::While(looped), _) => match looped.body.stmts.first_mut() {
            Some(syn::Stmt::Expr(expr, _)) => Some(expr),
            _ => None,
        },
        _ => None,
    }
}

/// The crate's `de` module (under the name `module`), which the written-out impls share,
/// as text: the `macro_rules!` in it would print as one run of tokens. `root` is how a
/// model module names the crate root (`crate`, or `super` in the include layout);
/// `runtime`: serde is named through the runtime crate.
pub(super) fn shared_module(module: &str, root: &str, runtime: bool) -> String {
    let import = if runtime { format!("    use {}::serde;\n\n", super::RUNTIME) } else { String::new() };
    SHARED_MODULE.replace("{module}", module).replace("{root}", root).replace("{import}\n", &import)
}

/// The text of [`shared_module`], with `{module}`, `{root}` and `{import}` to fill in.
const SHARED_MODULE: &str = r#"/// What the models' `Deserialize` impls share: each struct says how to read its fields
/// from a JSON object ([`Object`]), and one visitor does the rest.
mod {module} {
{import}
    use std::fmt;
    use std::marker::PhantomData;

    use serde::de::{Deserialize, DeserializeSeed, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

    /// A struct read from a JSON object, one key at a time.
    pub(crate) trait Object: Sized {
        /// The struct's name, for errors.
        const NAME: &'static str;
        /// The keys of its fields.
        const KEYS: &'static [&'static str];
        /// Reads the struct from the object's keys and values.
        fn read<'de, A: MapAccess<'de>>(map: Map<'de, A>) -> Result<Self, A::Error>;
    }

    /// `Deserialize` of a struct through its [`Object`] impl, in the struct's module.
    macro_rules! deserialize_object {
        ($name:ident) => {
            impl<'de> serde::Deserialize<'de> for $name {
                fn deserialize<D: serde::Deserializer<'de>>(
                    deserializer: D,
                ) -> ::core::result::Result<Self, D::Error> {
                    {root}::{module}::object(deserializer)
                }
            }
        };
    }

    pub(crate) use deserialize_object;

    /// Reads a struct from a JSON object: keys it does not know are skipped, anything but
    /// an object is an error.
    pub(crate) fn object<'de, T, D>(deserializer: D) -> Result<T, D::Error>
    where
        T: Object,
        D: Deserializer<'de>,
    {
        deserializer.deserialize_struct(T::NAME, T::KEYS, ObjectVisitor(PhantomData))
    }

    struct ObjectVisitor<T>(PhantomData<T>);

    impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "struct {}", T::NAME)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            T::read(Map { map, keys: T::KEYS, key: "", lifetime: PhantomData })
        }
    }

    /// The keys and values of the object a struct is read from.
    pub(crate) struct Map<'de, A> {
        map: A,
        keys: &'static [&'static str],
        /// The key whose value is read next.
        key: &'static str,
        lifetime: PhantomData<&'de ()>,
    }

    impl<'de, A: MapAccess<'de>> Map<'de, A> {
        /// The next key: `Some(Some(key))` for one of the struct's keys, `Some(None)` for
        /// another (skip its value), `None` at the end.
        pub(crate) fn key(&mut self) -> Result<Option<Option<&'static str>>, A::Error> {
            let key = self.map.next_key_seed(Key(self.keys))?;
            if let Some(Some(key)) = key {
                self.key = key;
            }
            Ok(key)
        }

        /// Reads the value of the key just read into `slot`; a key read twice is an error.
        pub(crate) fn value<T>(&mut self, slot: &mut Option<T>) -> Result<(), A::Error>
        where
            T: Deserialize<'de>,
        {
            if slot.is_some() {
                return Err(A::Error::duplicate_field(self.key));
            }
            *slot = Some(self.map.next_value()?);
            Ok(())
        }

        /// Skips the value of a key the struct does not know.
        pub(crate) fn skip(&mut self) -> Result<(), A::Error> {
            self.map.next_value::<IgnoredAny>().map(|_| ())
        }

        /// The value of a field that must be present.
        pub(crate) fn required<T>(&self, slot: Option<T>, key: &'static str) -> Result<T, A::Error> {
            slot.ok_or_else(|| A::Error::missing_field(key))
        }
    }

    /// Reads a key as one of a struct's keys (`None` for any other), without allocating.
    struct Key(&'static [&'static str]);

    impl<'de> DeserializeSeed<'de> for Key {
        type Value = Option<&'static str>;

        fn deserialize<D>(self, deserializer: D) -> Result<Self::Value, D::Error>
        where
            D: Deserializer<'de>,
        {
            deserializer.deserialize_identifier(self)
        }
    }

    impl<'de> Visitor<'de> for Key {
        type Value = Option<&'static str>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a field name")
        }

        fn visit_str<E: Error>(self, key: &str) -> Result<Self::Value, E> {
            Ok(self.0.iter().copied().find(|known| *known == key))
        }

        fn visit_bytes<E: Error>(self, key: &[u8]) -> Result<Self::Value, E> {
            Ok(self.0.iter().copied().find(|known| known.as_bytes() == key))
        }
    }
}
"#;
