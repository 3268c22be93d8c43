fn main() {
    // Each app command has an `allow-<command>` permission in
    // src-tauri/permissions; the capability in src-tauri/capabilities grants
    // exactly the ones the window calls.
    println!("cargo:rerun-if-changed=src-tauri/permissions");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(
                tauri_build::AppManifest::new()
                    .permissions_path_pattern("./src-tauri/permissions/*.toml"),
            ),
    )
    .expect("tauri build configuration");
}
