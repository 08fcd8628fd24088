//! A bare Tauri 2 window showing one static page: what any Tauri app costs before it does anything.
fn main() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("the bare window failed to start");
}
