//! `profile_import FILE COUNTRY`: one import and its JSON, as `groupdrop-cli import --json` does,
//! without the CLI's other dependencies, for perf/callgrind on the contacts crate alone.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = groupdrop_contacts::ImportOptions {
        country: args.get(1).cloned(),
        ..Default::default()
    };
    let report =
        groupdrop_contacts::import_path(std::path::Path::new(&args[0]), &opts).expect("import");
    let json = serde_json::to_string(&report).expect("json");
    println!("{json}");
}
