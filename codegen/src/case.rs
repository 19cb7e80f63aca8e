//! Case conversions: snake_case, lowerCamelCase and UpperCamelCase, exactly as `heck`
//! writes them. heck formats every character of its output through `fmt` (a few hundred
//! instructions each); names are ASCII nearly always, so an ASCII name is converted here
//! byte by byte with heck's word rules, and any other name is left to heck.

use heck::{ToLowerCamelCase, ToSnakeCase, ToUpperCamelCase};

/// `snake_case`, as [`heck::ToSnakeCase`].
pub fn snake(name: &str) -> String {
    if !name.is_ascii() {
        return name.to_snake_case();
    }
    let mut out = String::with_capacity(name.len() + name.len() / 4);
    for_each_word(name, |first, word| {
        if !first {
            out.push('_');
        }
        push_lower(&mut out, word);
    });
    out
}

/// `lowerCamelCase`, as [`heck::ToLowerCamelCase`].
pub fn lower_camel(name: &str) -> String {
    if !name.is_ascii() {
        return name.to_lower_camel_case();
    }
    let mut out = String::with_capacity(name.len());
    for_each_word(name, |first, word| {
        if first {
            push_lower(&mut out, word);
        } else {
            push_capitalized(&mut out, word);
        }
    });
    out
}

/// `UpperCamelCase`, as [`heck::ToUpperCamelCase`].
pub fn upper_camel(name: &str) -> String {
    if !name.is_ascii() {
        return name.to_upper_camel_case();
    }
    let mut out = String::with_capacity(name.len());
    for_each_word(name, |_, word| push_capitalized(&mut out, word));
    out
}

fn push_lower(out: &mut String, word: &[u8]) {
    out.extend(word.iter().map(|b| char::from(b.to_ascii_lowercase())));
}

fn push_capitalized(out: &mut String, word: &[u8]) {
    if let Some((first, rest)) = word.split_first() {
        out.push(char::from(first.to_ascii_uppercase()));
        push_lower(out, rest);
    }
}

/// Hands each word of an ASCII `name` to `visit` (with whether it is the first), split
/// as heck's `transform` splits: at every character that is not a letter or digit, after
/// a lowercase letter (or a digit after one) followed by a capital, and before the last
/// capital of a run followed by a lowercase letter (`HTTPStatus` is `HTTP` `Status`).
fn for_each_word(name: &str, mut visit: impl FnMut(bool, &[u8])) {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Boundary,
        Lowercase,
        Uppercase,
    }
    let mut first = true;
    for word in name.as_bytes().split(|b| !b.is_ascii_alphanumeric()) {
        let mut init = 0;
        let mut mode = Mode::Boundary;
        for (i, &c) in word.iter().enumerate() {
            let Some(&next) = word.get(i + 1) else {
                visit(first, &word[init..]);
                first = false;
                break;
            };
            let next_mode = if c.is_ascii_lowercase() {
                Mode::Lowercase
            } else if c.is_ascii_uppercase() {
                Mode::Uppercase
            } else {
                mode
            };
            if next_mode == Mode::Lowercase && next.is_ascii_uppercase() {
                visit(first, &word[init..i + 1]);
                first = false;
                init = i + 1;
                mode = Mode::Boundary;
            } else if mode == Mode::Uppercase && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                visit(first, &word[init..i]);
                first = false;
                init = i;
                mode = Mode::Boundary;
            } else {
                mode = next_mode;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_names_convert_as_heck_converts_them() {
        let mut names: Vec<String> = [
            "", "a", "A", "_", "__a__b", "createdAt", "HTTPStatus", "APIKeyID", "playback_ids", "PlaybackIds",
            "URL", "x-api-key", "9lives", "v2Beta3", "ABC123def", "a1B2c3", "SCREAMING_SNAKE", "kebab-case-name",
            "with space", "MixedUP_and_down", "ID", "iD", "Id", "a__", "--", "$ref", "@type", "x.y.z", "A1",
            "1A", "aB", "Ab", "ABc", "aBC", "ABCd1E",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        // Every string of up to four characters from a small alphabet of each class.
        let alphabet = ['a', 'z', 'A', 'Z', '0', '9', '_', '-', ' ', '.'];
        let mut stack = vec![String::new()];
        while let Some(prefix) = stack.pop() {
            if prefix.len() < 4 {
                for c in alphabet {
                    let mut next = prefix.clone();
                    next.push(c);
                    stack.push(next);
                }
            }
            names.push(prefix);
        }
        for name in &names {
            assert_eq!(snake(name), name.to_snake_case(), "snake of {name:?}");
            assert_eq!(
                lower_camel(name),
                name.to_lower_camel_case(),
                "lower camel of {name:?}"
            );
            assert_eq!(
                upper_camel(name),
                name.to_upper_camel_case(),
                "upper camel of {name:?}"
            );
        }
        // Other names go to heck.
        assert_eq!(snake("ÉtéΣ"), "ÉtéΣ".to_snake_case());
    }
}
