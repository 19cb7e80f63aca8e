//! Small builders of `syn` syntax trees.
//!
//! Generated items are built as syntax rather than quoted and parsed back: parsing the
//! tokens of every struct, constructor and enum cost more than prettyplease printing
//! them. Each builder makes the tree that syn's parser makes for the same source, so the
//! printed text is the same either way.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, GenericArgument, ImplItem, Pat, Path, Type};

/// An identifier; `r#type` becomes a raw identifier.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// A path such as `std::fmt::Display`, with no arguments and no leading `::`.
pub fn path(segments: &[&str]) -> Path {
    path_with_args(false, segments.iter().map(|s| (*s, Vec::new())).collect())
}

/// A path that starts with `::`, such as `::std::result::Result::Ok`.
pub fn rooted_path(segments: &[&str]) -> Path {
    Path { leading_colon: Some(Default::default()), ..path(segments) }
}

/// A path from its segments and each segment's generic arguments.
pub fn path_with_args(leading_colon: bool, segments: Vec<(&str, Vec<GenericArgument>)>) -> Path {
    let segments = segments
        .into_iter()
        .map(|(name, args)| syn::PathSegment {
            ident: ident(name),
            arguments: if args.is_empty() {
                syn::PathArguments::None
            } else {
                syn::PathArguments::AngleBracketed(angle_bracketed(args))
            },
        })
        .collect();
    Path { leading_colon: leading_colon.then(Default::default), segments }
}

fn angle_bracketed(args: Vec<GenericArgument>) -> syn::AngleBracketedGenericArguments {
    syn::AngleBracketedGenericArguments {
        colon2_token: None,
        lt_token: Default::default(),
        args: args.into_iter().collect(),
        gt_token: Default::default(),
    }
}

/// A path type such as `chrono::DateTime<chrono::FixedOffset>`, from its segments and
/// each segment's type arguments.
pub fn path_type(leading_colon: bool, segments: Vec<(&str, Vec<Type>)>) -> Type {
    let segments = segments
        .into_iter()
        .map(|(name, args)| (name, args.into_iter().map(GenericArgument::Type).collect()))
        .collect();
    type_of(path_with_args(leading_colon, segments))
}

/// A type named by `path`.
pub fn type_of(path: Path) -> Type {
    Type::Path(syn::TypePath { attrs: Vec::new(), qself: None, path })
}

/// `'name` as a generic argument (`'_` in `Formatter<'_>`).
pub fn lifetime_arg(name: &str) -> GenericArgument {
    GenericArgument::Lifetime(syn::Lifetime::new(name, Span::call_site()))
}

/// `&ty`, `&'lifetime ty` or `&mut ty`.
pub fn reference(lifetime: Option<&str>, mutable: bool, elem: Type) -> Type {
    Type::Reference(syn::TypeReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        lifetime: lifetime.map(|name| syn::Lifetime::new(name, Span::call_site())),
        mutability: mutable.then(Default::default),
        elem: Box::new(elem),
    })
}

/// `[elem]`
pub fn slice(elem: Type) -> Type {
    Type::Slice(syn::TypeSlice { attrs: Vec::new(), bracket_token: Default::default(), elem: Box::new(elem) })
}

/// `(ty)` or `(pub ty)`: the fields of a newtype or of a variant that holds one value.
pub fn one_unnamed_field(public: bool, ty: Type) -> syn::Fields {
    let field = syn::Field {
        attrs: Vec::new(),
        vis: visibility(public),
        modifiers: Default::default(),
        ident: None,
        colon_token: None,
        ty,
        default: None,
    };
    syn::Fields::Unnamed(syn::FieldsUnnamed { paren_token: Default::default(), unnamed: [field].into_iter().collect() })
}

// ---- attributes ---------------------------------------------------------------------

pub fn attribute(meta: syn::Meta) -> Attribute {
    Attribute { pound_token: Default::default(), style: syn::AttrStyle::Outer, bracket_token: Default::default(), meta }
}

/// `#[name = "text"]`
pub fn name_value(name: &str, text: syn::LitStr) -> syn::Meta {
    syn::Meta::NameValue(syn::MetaNameValue {
        path: ident(name).into(),
        eq_token: Default::default(),
        value: Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::Str(text) }),
    })
}

/// A raw string literal (`r"text"`, `r#"te"xt"#`), as the lexer makes of `///` comments.
/// Docs are the bulk of the output: a raw literal is copied where a plain one is escaped
/// char by char, and prettyplease reads its value back by slicing instead of unescaping.
/// Text a raw literal cannot hold (a bare carriage return) gets a plain literal.
pub fn raw_str(text: &str) -> syn::LitStr {
    // One scan for both: most lines hold neither.
    let (mut quote, mut carriage_return) = (false, false);
    for at in memchr::memchr2_iter(b'"', b'\r', text.as_bytes()) {
        match text.as_bytes()[at] {
            b'"' => quote = true,
            _ => carriage_return = true,
        }
    }
    if carriage_return {
        return syn::LitStr::new(text, Span::call_site());
    }
    let mut hashes = String::new();
    if quote {
        while text.contains(&format!("\"{hashes}")) {
            hashes.push('#');
        }
    }
    // Built to size: `format!` would grow the string as it went.
    let mut repr = String::with_capacity(text.len() + 3 + 2 * hashes.len());
    for part in ["r", &hashes, "\"", text, "\"", &hashes] {
        repr.push_str(part);
    }
    let literal = repr.parse::<Literal>().map(syn::Lit::new);
    match literal {
        Ok(syn::Lit::Str(lit)) => lit,
        _ => syn::LitStr::new(text, Span::call_site()),
    }
}

/// `#[name(tokens)]`
pub fn list_attribute(name: &str, tokens: TokenStream) -> Attribute {
    attribute(syn::Meta::List(syn::MetaList {
        path: ident(name).into(),
        delimiter: syn::MacroDelimiter::Paren(Default::default()),
        tokens,
    }))
}

/// `#[name]`
pub fn word_attribute(name: &str) -> Attribute {
    attribute(syn::Meta::Path(ident(name).into()))
}

// ---- expressions and patterns -------------------------------------------------------

/// A path expression such as `Self::Postal` or `value`.
pub fn path_expr(segments: &[&str]) -> Expr {
    expr_of(path(segments))
}

pub fn expr_of(path: Path) -> Expr {
    Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path })
}

pub fn str_lit(text: &str) -> syn::Lit {
    syn::Lit::Str(plain_str(text))
}

pub fn plain_str(text: &str) -> syn::LitStr {
    syn::LitStr::new(text, Span::call_site())
}

/// An integer literal without a suffix; negative numbers are one literal, as quote
/// writes them.
pub fn int_lit(value: i64) -> syn::Lit {
    syn::Lit::new(Literal::i64_unsuffixed(value))
}

pub fn lit_expr(lit: syn::Lit) -> Expr {
    Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit })
}

/// `::<types>`
fn turbofish_args(types: Vec<Type>) -> syn::AngleBracketedGenericArguments {
    syn::AngleBracketedGenericArguments {
        colon2_token: Some(Default::default()),
        ..angle_bracketed(types.into_iter().map(GenericArgument::Type).collect())
    }
}

/// `name::<types>`, a function named with its type arguments.
pub fn turbofish(name: &str, types: Vec<Type>) -> Expr {
    let arguments = syn::PathArguments::AngleBracketed(turbofish_args(types));
    let segment = syn::PathSegment { ident: ident(name), arguments };
    expr_of(Path { leading_colon: None, segments: [segment].into_iter().collect() })
}

/// `func(args)`
pub fn call(func: Expr, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func: Box::new(func),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `receiver.method(args)`, with `::<turbofish>` types when given.
pub fn method_call(receiver: Expr, method: &str, turbofish: Vec<Type>, args: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(method),
        turbofish: (!turbofish.is_empty()).then(|| turbofish_args(turbofish)),
        paren_token: Default::default(),
        args: args.into_iter().collect(),
    })
}

/// `&expr`
pub fn borrow(expr: Expr) -> Expr {
    Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

/// `&mut expr`
pub fn borrow_mut(expr: Expr) -> Expr {
    Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: Some(Default::default()),
        expr: Box::new(expr),
    })
}

/// `expr?`
pub fn try_expr(expr: Expr) -> Expr {
    Expr::Try(syn::ExprTry { attrs: Vec::new(), expr: Box::new(expr), question_token: Default::default() })
}

/// `let mut name: ty = value;`
pub fn let_mut(name: &str, ty: Type, value: Expr) -> syn::Stmt {
    let binding = Pat::Ident(syn::PatIdent {
        attrs: Vec::new(),
        by_ref: None,
        mutability: Some(Default::default()),
        ident: ident(name),
        subpat: None,
    });
    let pat = Pat::Type(syn::PatType {
        attrs: Vec::new(),
        pat: Box::new(binding),
        colon_token: Default::default(),
        ty: Box::new(ty),
    });
    syn::Stmt::Local(syn::Local {
        attrs: Vec::new(),
        modifiers: Default::default(),
        let_token: Default::default(),
        pat,
        init: Some(syn::LocalInit { eq_token: Default::default(), expr: Box::new(value), diverge: None }),
        semi_token: Default::default(),
    })
}

/// `[elems]`
pub fn array(elems: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Array(syn::ExprArray { attrs: Vec::new(), bracket_token: Default::default(), elems: elems.into_iter().collect() })
}

/// `expr as ty`
pub fn cast(expr: Expr, ty: Type) -> Expr {
    Expr::Cast(syn::ExprCast { attrs: Vec::new(), expr: Box::new(expr), as_token: Default::default(), ty: Box::new(ty) })
}

/// A struct expression such as `Self { name, kind: None }`: a field without a value
/// is written in shorthand.
pub fn struct_expr(path: Path, fields: Vec<(Ident, Option<Expr>)>) -> Expr {
    let fields = fields
        .into_iter()
        .map(|(name, value)| syn::FieldValue {
            attrs: Vec::new(),
            colon_token: value.is_some().then(Default::default),
            expr: value.unwrap_or_else(|| expr_of(name.clone().into())),
            member: syn::Member::Named(name),
        })
        .collect();
    Expr::Struct(syn::ExprStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        brace_token: Default::default(),
        fields,
        dot2_token: None,
        rest: None,
    })
}

/// `match scrutinee { arms }`
pub fn match_expr(scrutinee: Expr, arms: Vec<syn::Arm>) -> Expr {
    Expr::Match(syn::ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(scrutinee),
        brace_token: Default::default(),
        arms,
    })
}

/// `pat => body,`
pub fn arm(pat: Pat, body: Expr) -> syn::Arm {
    syn::Arm {
        attrs: Vec::new(),
        pat,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    }
}

pub fn lit_pat(lit: syn::Lit) -> Pat {
    Pat::Lit(syn::ExprLit { attrs: Vec::new(), lit })
}

/// A path pattern such as `Self::Postal`.
pub fn path_pat(path: Path) -> Pat {
    Pat::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path })
}

/// A path as written (`schemars::JsonSchema`, `::a::B`), of identifiers the config
/// checked.
pub fn path_from_str(text: &str) -> Path {
    let (leading_colon, rest) = match text.strip_prefix("::") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let segments: Vec<&str> = rest.split("::").collect();
    if leading_colon { rooted_path(&segments) } else { path(&segments) }
}

/// `Path(elems)`, such as `Self::Unknown(value)` or `Ok(1)`.
pub fn tuple_struct_pat(path: Path, elems: Vec<Pat>) -> Pat {
    Pat::TupleStruct(syn::PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path,
        paren_token: Default::default(),
        elems: elems.into_iter().collect(),
    })
}

/// A binding such as `value`.
pub fn ident_pat(name: &str) -> Pat {
    Pat::Ident(syn::PatIdent { attrs: Vec::new(), by_ref: None, mutability: None, ident: ident(name), subpat: None })
}

pub fn wild_pat() -> Pat {
    Pat::Wild(syn::PatWild { attrs: Vec::new(), underscore_token: Default::default() })
}

// ---- functions and impls ------------------------------------------------------------

/// How a method takes `self`, if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Receiver {
    None,
    Value,
    Ref,
}

/// A method or associated function of an impl block, with a body of one expression.
pub struct Method<'a> {
    pub attrs: Vec<Attribute>,
    pub public: bool,
    pub constant: bool,
    pub name: &'a str,
    pub receiver: Receiver,
    pub params: Vec<(&'a str, Type)>,
    pub output: Option<Type>,
    pub body: Expr,
}

impl Method<'_> {
    pub fn into_impl_item(self) -> ImplItem {
        let mut inputs: Punctuated<syn::FnArg, syn::Token![,]> = Punctuated::new();
        if self.receiver != Receiver::None {
            let kind = match self.receiver {
                Receiver::Ref => syn::ReceiverKind::Reference(Default::default(), None, None),
                _ => syn::ReceiverKind::Value,
            };
            inputs.push(syn::FnArg::Receiver(syn::Receiver {
                attrs: Vec::new(),
                mutability: None,
                self_token: Default::default(),
                kind,
            }));
        }
        for (name, ty) in self.params {
            inputs.push(syn::FnArg::Typed(syn::PatType {
                attrs: Vec::new(),
                pat: Box::new(ident_pat(name)),
                colon_token: Default::default(),
                ty: Box::new(ty),
            }));
        }
        ImplItem::Fn(syn::ImplItemFn {
            attrs: self.attrs,
            vis: visibility(self.public),
            modifiers: Default::default(),
            sig: signature(self.constant, self.name, inputs, self.output),
            block: block(vec![syn::Stmt::Expr(self.body, None)]),
        })
    }
}

/// `fn name(inputs) -> output`, or `const fn` when `constant`.
fn signature(constant: bool, name: &str, inputs: Punctuated<syn::FnArg, syn::Token![,]>, output: Option<Type>) -> syn::Signature {
    syn::Signature {
        constness: constant.then(Default::default),
        asyncness: None,
        safety: syn::Safety::Default,
        abi: None,
        fn_token: Default::default(),
        ident: ident(name),
        generics: Default::default(),
        paren_token: Default::default(),
        inputs,
        variadic: None,
        output: match output {
            Some(ty) => syn::ReturnType::Type(Default::default(), Box::new(ty)),
            None => syn::ReturnType::Default,
        },
    }
}

fn block(stmts: Vec<syn::Stmt>) -> syn::Block {
    syn::Block { brace_token: Default::default(), stmts }
}

/// `#[test] fn name() { stmts }`
pub fn test_fn(name: &str, stmts: Vec<syn::Stmt>) -> syn::Item {
    syn::Item::Fn(syn::ItemFn {
        attrs: vec![word_attribute("test")],
        vis: syn::Visibility::Inherited,
        modifiers: Default::default(),
        sig: signature(false, name, Punctuated::new(), None),
        block: Box::new(block(stmts)),
    })
}

/// `expr;`
pub fn semi_stmt(expr: Expr) -> syn::Stmt {
    syn::Stmt::Expr(expr, Some(Default::default()))
}

/// `pub const NAME: ty = value;`
pub fn associated_const(attrs: Vec<Attribute>, name: &str, ty: Type, value: Expr) -> ImplItem {
    ImplItem::Const(syn::ImplItemConst {
        attrs,
        vis: visibility(true),
        modifiers: Default::default(),
        const_token: Default::default(),
        ident: ident(name),
        generics: Default::default(),
        colon_token: Default::default(),
        ty,
        eq_token: Default::default(),
        expr: value,
        semi_token: Default::default(),
    })
}

/// `type Name = ty;`
pub fn associated_type(name: &str, ty: Type) -> ImplItem {
    ImplItem::Type(syn::ImplItemType {
        attrs: Vec::new(),
        vis: syn::Visibility::Inherited,
        modifiers: Default::default(),
        type_token: Default::default(),
        ident: ident(name),
        generics: Default::default(),
        eq_token: Default::default(),
        ty,
        semi_token: Default::default(),
    })
}

/// `impl Name { items }`, or `impl Trait for Name { items }`.
pub fn impl_block(trait_: Option<Path>, name: &str, items: Vec<ImplItem>) -> syn::Item {
    syn::Item::Impl(syn::ItemImpl {
        attrs: Vec::new(),
        modifiers: Default::default(),
        unsafety: None,
        impl_token: Default::default(),
        generics: Default::default(),
        trait_: trait_.map(|path| (path, Default::default())),
        self_ty: Box::new(type_of(path(&[name]))),
        brace_token: Default::default(),
        items,
    })
}

pub fn visibility(public: bool) -> syn::Visibility {
    if public { syn::Visibility::Public(Default::default()) } else { syn::Visibility::Inherited }
}

#[cfg(test)]
mod tests {
    use quote::{quote, ToTokens};

    use super::*;

    /// Each builder makes the tree syn parses from the same source: the same tokens,
    /// and the same printed text.
    fn same_as_parsed<T: ToTokens + syn::parse::Parse>(built: T, source: TokenStream) {
        let parsed: T = syn::parse2(source).unwrap();
        assert_eq!(built.to_token_stream().to_string(), parsed.to_token_stream().to_string());
    }

    #[test]
    fn raw_strings_hold_any_text() {
        for text in ["", " plain", " say \"hi\"", " a \"# b", " back\\slash", " carriage\rreturn"] {
            let lit = raw_str(text);
            assert_eq!(lit.value(), text);
            let repr = lit.to_token_stream().to_string();
            assert_eq!(repr.starts_with('r'), !text.contains('\r'), "{repr}");
        }
        assert_eq!(raw_str(" a \"# b").to_token_stream().to_string(), "r##\" a \"# b\"##");
    }

    #[test]
    fn built_syntax_matches_parsed_syntax() {
        same_as_parsed(
            impl_block(
                Some(path(&["std", "fmt", "Display"])),
                "Carrier",
                vec![Method {
                    attrs: Vec::new(),
                    public: false,
                    constant: false,
                    name: "fmt",
                    receiver: Receiver::Ref,
                    params: vec![(
                        "f",
                        reference(
                            None,
                            true,
                            type_of(path_with_args(
                                false,
                                vec![("std", vec![]), ("fmt", vec![]), ("Formatter", vec![lifetime_arg("'_")])],
                            )),
                        ),
                    )],
                    output: Some(type_of(path(&["std", "fmt", "Result"]))),
                    body: method_call(path_expr(&["f"]), "write_str", vec![], [method_call(
                        path_expr(&["self"]),
                        "as_str",
                        vec![],
                        [],
                    )]),
                }
                .into_impl_item()],
            ),
            quote! {
                impl std::fmt::Display for Carrier {
                    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        f.write_str(self.as_str())
                    }
                }
            },
        );
        same_as_parsed(
            match_expr(path_expr(&["s"]), vec![
                arm(lit_pat(str_lit("a")), call(path_expr(&["Ok"]), [path_expr(&["Self", "A"])])),
                arm(tuple_struct_pat(path(&["Ok"]), vec![lit_pat(int_lit(-1))]), path_expr(&["Self", "B"])),
                arm(wild_pat(), struct_expr(path(&["Self"]), vec![(ident("a"), None), (ident("b"), Some(path_expr(&["None"])))])),
            ]),
            quote! { match s { "a" => Ok(Self::A), Ok(-1) => Self::B, _ => Self { a, b: None }, } },
        );
        same_as_parsed(
            test_fn("components_pet", vec![semi_stmt(call(
                turbofish("round_trip", vec![type_of(path(&["crate", "components", "Pet"]))]),
                [lit_expr(str_lit("models/components/Pet.md:7")), lit_expr(str_lit("{\"a\": \"\\u00e9\"}"))],
            ))]),
            quote! {
                #[test]
                fn components_pet() {
                    round_trip::<crate::components::Pet>("models/components/Pet.md:7", "{\"a\": \"\\u00e9\"}");
                }
            },
        );
        same_as_parsed(
            method_call(path_expr(&["s"]), "parse", vec![type_of(path(&["i64"]))], []),
            quote! { s.parse::<i64>() },
        );
        same_as_parsed(
            associated_const(Vec::new(), "ALL", reference(Some("'static"), false, slice(type_of(path(&["Self"])))), borrow(array([path_expr(&["Self", "A"])]))),
            quote! { pub const ALL: &'static [Self] = &[Self::A]; },
        );
    }
}
