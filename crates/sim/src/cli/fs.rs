//! The files the terminal reads and writes: `echo > f`, `cat`, `--body f`, `file://`, `aws s3 cp`.
//! The browser keeps them in a [`MemoryFs`] (saved with the World); nimbus-shell uses the real
//! file system through its own [`FileSystem`].

use crate::bytes::Bytes;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What the terminal needs from a file system.
pub trait FileSystem {
    fn read(&self, path: &str) -> Result<Vec<u8>, String>;
    fn write(&mut self, path: &str, data: &[u8]) -> Result<(), String>;
    fn remove(&mut self, path: &str) -> Result<(), String>;
    /// Every file, as (path, size in bytes), in path order.
    fn list(&self) -> Vec<(String, usize)>;
    /// Every file under the folder `prefix` (`site/`; empty for all), sub-folders included, for
    /// `aws s3 sync` and `cp --recursive`.
    fn list_under(&self, prefix: &str) -> Vec<(String, usize)> {
        self.list().into_iter().filter(|(p, _)| p.starts_with(prefix)).collect()
    }
}

/// The largest file the in-browser file system keeps (the size of the largest simulated object).
pub const MAX_FILE_BYTES: usize = 1024 * 1024;
/// All files together (they are saved in the browser's storage with the World).
pub const MAX_TOTAL_BYTES: usize = 4 * 1024 * 1024;

/// Files in memory, by normalized path (`./a/b.txt` is `a/b.txt`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct MemoryFs {
    pub files: BTreeMap<String, Bytes>,
}

impl MemoryFs {
    pub fn new() -> Self {
        Self::default()
    }
    fn total_bytes(&self) -> usize {
        self.files.values().map(Bytes::len).sum()
    }
}

/// `./a//b` -> `a/b`; refuses empty paths, `..` and absolute paths outside the home folder.
pub fn normalize_path(path: &str) -> Result<String, String> {
    let trimmed = path.trim();
    let trimmed = trimmed.strip_prefix("~/").unwrap_or(trimmed);
    let mut parts = Vec::new();
    for part in trimmed.split('/') {
        match part {
            "" | "." => {}
            ".." => return Err(format!("{path}: paths may not leave the home folder")),
            p => parts.push(p),
        }
    }
    if parts.is_empty() {
        return Err(format!("{path}: Is a directory"));
    }
    Ok(parts.join("/"))
}

impl FileSystem for MemoryFs {
    fn read(&self, path: &str) -> Result<Vec<u8>, String> {
        let key = normalize_path(path)?;
        self.files.get(&key).map(|b| b.0.clone()).ok_or_else(|| format!("{path}: No such file or directory"))
    }

    fn write(&mut self, path: &str, data: &[u8]) -> Result<(), String> {
        let key = normalize_path(path)?;
        if data.len() > MAX_FILE_BYTES {
            return Err(format!(
                "{path}: File too large ({} bytes; files in the browser hold at most {} KiB)",
                data.len(),
                MAX_FILE_BYTES / 1024
            ));
        }
        let replaced = self.files.get(&key).map_or(0, Bytes::len);
        if self.total_bytes() - replaced + data.len() > MAX_TOTAL_BYTES {
            return Err(format!(
                "{path}: No space left on device (the browser's files hold at most {} MiB; rm some)",
                MAX_TOTAL_BYTES / 1024 / 1024
            ));
        }
        self.files.insert(key, Bytes(data.to_vec()));
        Ok(())
    }

    fn remove(&mut self, path: &str) -> Result<(), String> {
        let key = normalize_path(path)?;
        self.files.remove(&key).map(|_| ()).ok_or_else(|| format!("cannot remove '{path}': No such file or directory"))
    }

    fn list(&self) -> Vec<(String, usize)> {
        self.files.iter().map(|(k, v)| (k.clone(), v.len())).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_read_remove() {
        let mut fs = MemoryFs::new();
        fs.write("./site/index.html", b"<h1>hi</h1>").unwrap();
        assert_eq!(fs.read("site/index.html").unwrap(), b"<h1>hi</h1>");
        assert_eq!(fs.list(), vec![("site/index.html".to_string(), 11)]);
        fs.remove("site//index.html").unwrap();
        assert!(fs.read("site/index.html").unwrap_err().contains("No such file"));
        assert!(fs.remove("x").is_err());
    }

    #[test]
    fn sizes_are_capped_with_a_clear_error() {
        let mut fs = MemoryFs::new();
        let err = fs.write("big", &vec![0; MAX_FILE_BYTES + 1]).unwrap_err();
        assert!(err.contains("File too large"), "{err}");
        for i in 0..4 {
            fs.write(&format!("f{i}"), &vec![0; MAX_FILE_BYTES]).unwrap();
        }
        let err = fs.write("one-more", b"x").unwrap_err();
        assert!(err.contains("No space left"), "{err}");
        // Replacing a file counts only the difference.
        fs.write("f0", &[1; 10]).unwrap();
    }

    #[test]
    fn paths_stay_inside_home() {
        assert_eq!(normalize_path("./a/./b").unwrap(), "a/b");
        assert!(normalize_path("../etc/passwd").is_err());
        assert!(normalize_path("").is_err());
        assert_eq!(normalize_path("/tmp/x").unwrap(), "tmp/x");
    }
}
