//! The terminal's files on the real file system, relative to a root folder (the current
//! directory), so `echo x > f`, `--body f` and `aws s3 cp` work on real files.

use nimbus_sim::cli::fs::normalize_path;
use nimbus_sim::cli::FileSystem;
use std::path::PathBuf;

pub struct DiskFs {
    root: PathBuf,
}

impl DiskFs {
    pub fn current_dir() -> Self {
        DiskFs { root: PathBuf::from(".") }
    }

    /// Absolute paths are used as given; relative ones are under the root.
    fn resolve(&self, path: &str) -> Result<PathBuf, String> {
        if path.starts_with('/') {
            return Ok(PathBuf::from(path));
        }
        Ok(self.root.join(normalize_path(path)?))
    }
}

fn describe(path: &str, e: std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => format!("{path}: No such file or directory"),
        _ => format!("{path}: {e}"),
    }
}

impl FileSystem for DiskFs {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        std::fs::read(self.resolve(path)?).map_err(|e| describe(path, e))
    }

    fn write(&mut self, path: &str, data: &[u8]) -> Result<(), String> {
        let full = self.resolve(path)?;
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent).map_err(|e| describe(path, e))?;
        }
        std::fs::write(full, data).map_err(|e| describe(path, e))
    }

    fn remove(&mut self, path: &str) -> Result<(), String> {
        std::fs::remove_file(self.resolve(path)?).map_err(|e| format!("cannot remove '{path}': {}", describe(path, e)))
    }

    /// The files in the root folder (not its sub-folders), by name.
    fn list(&self) -> Vec<(String, usize)> {
        let Ok(entries) = std::fs::read_dir(&self.root) else { return Vec::new() };
        let mut files: Vec<(String, usize)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                meta.is_file().then(|| (e.file_name().to_string_lossy().into_owned(), meta.len() as usize))
            })
            .collect();
        files.sort();
        files
    }

    /// Files under `prefix`, walking sub-folders (at most 10,000 files).
    fn list_under(&self, prefix: &str) -> Vec<(String, usize)> {
        const MAX_FILES: usize = 10_000;
        let mut out = Vec::new();
        let mut folders = vec![prefix.trim_end_matches('/').to_string()];
        while let Some(folder) = folders.pop() {
            let full = if folder.is_empty() { self.root.clone() } else { self.root.join(&folder) };
            let Ok(entries) = std::fs::read_dir(full) else { continue };
            for e in entries.filter_map(Result::ok) {
                let name = e.file_name().to_string_lossy().into_owned();
                let path = if folder.is_empty() { name } else { format!("{folder}/{name}") };
                match e.metadata() {
                    Ok(m) if m.is_dir() => folders.push(path),
                    Ok(m) if m.is_file() && out.len() < MAX_FILES => out.push((path, m.len() as usize)),
                    _ => {}
                }
            }
        }
        out.sort();
        out
    }
}
