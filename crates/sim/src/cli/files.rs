//! The file commands: `echo`, `cat`, `ls`, `rm`, `touch`.

use super::fs::FileSystem;
use super::CommandOutput;

pub fn echo(words: &[String]) -> CommandOutput {
    let (newline, words) = match words.first().map(String::as_str) {
        Some("-n") => (false, &words[1..]),
        _ => (true, words),
    };
    let mut text = words.join(" ");
    if newline {
        text.push('\n');
    }
    CommandOutput::ok(text)
}

pub fn cat(fs: &dyn FileSystem, paths: &[String]) -> CommandOutput {
    let mut out = CommandOutput::default();
    for path in paths {
        match fs.read(path) {
            Ok(bytes) => out.stdout.push_str(&String::from_utf8_lossy(&bytes)),
            Err(e) => {
                out.stderr.push_str(&format!("cat: {e}\n"));
                out.exit_code = 1;
            }
        }
    }
    out
}

pub fn ls(fs: &dyn FileSystem, args: &[String]) -> CommandOutput {
    let long = args.iter().any(|a| a.starts_with('-') && a.contains('l'));
    let filters: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
    let files = fs.list();
    let shown: Vec<&(String, usize)> = files
        .iter()
        .filter(|(p, _)| {
            filters.is_empty()
                || filters.iter().any(|f| {
                    let f = f.trim_start_matches("./").trim_end_matches('/');
                    f.is_empty() || f == "." || p == f || p.starts_with(&format!("{f}/"))
                })
        })
        .collect();
    if shown.is_empty() && !filters.is_empty() {
        let missing = filters[0];
        return CommandOutput::failed(format!("ls: cannot access '{missing}': No such file or directory\n"), 2);
    }
    let text: String =
        shown.iter().map(|(p, size)| if long { format!("{size:>10} {p}\n") } else { format!("{p}\n") }).collect();
    CommandOutput::ok(text)
}

pub fn rm(fs: &mut dyn FileSystem, paths: &[String]) -> CommandOutput {
    let mut out = CommandOutput::default();
    let force = paths.iter().any(|p| p == "-f" || p == "-rf");
    for path in paths.iter().filter(|p| !p.starts_with('-')) {
        if let Err(e) = fs.remove(path) {
            if !force {
                out.stderr.push_str(&format!("rm: {e}\n"));
                out.exit_code = 1;
            }
        }
    }
    if paths.iter().all(|p| p.starts_with('-')) {
        return CommandOutput::failed("rm: missing operand\n".into(), 1);
    }
    out
}

pub fn touch(fs: &mut dyn FileSystem, paths: &[String]) -> CommandOutput {
    let mut out = CommandOutput::default();
    for path in paths {
        if fs.read(path).is_err() {
            if let Err(e) = fs.write(path, b"") {
                out.stderr.push_str(&format!("touch: {e}\n"));
                out.exit_code = 1;
            }
        }
    }
    out
}
