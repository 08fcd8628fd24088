// No console window on Windows release builds: GroupDrop is double-clicked by office staff.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    groupdrop_app::run();
}
