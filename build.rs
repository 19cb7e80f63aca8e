//! Regenerates `generated/` from `spec/` whenever the spec changes.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    #[cfg(feature = "generate")]
    codegen::build_script("spec", "generated");
}
