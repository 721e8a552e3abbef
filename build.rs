//! The rules are embedded in the binary (include_dir); rebuild when they change.
fn main() {
    println!("cargo:rerun-if-changed=rules");
}
