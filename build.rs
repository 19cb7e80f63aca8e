//! Regenerates `generated/` from `spec/` whenever the spec changes.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    #[cfg(feature = "generate")]
    docmodels_build::build_script("spec", "generated");
}
