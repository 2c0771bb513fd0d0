//! Registers Linear's vendored GraphQL schema with cynic, so every query and mutation in
//! `src/linear/` is checked against it at compile time (a field Linear does not have, or a
//! wrong argument type, is a build error, not a runtime surprise).

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo:rerun-if-changed=schema/linear.graphql");
    cynic_codegen::register_schema("linear")
        .from_sdl_file("schema/linear.graphql")?
        .as_default()?;
    Ok(())
}
