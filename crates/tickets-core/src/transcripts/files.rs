//! Copying a message's files beside its transcript: Discord's CDN links expire, so a transcript
//! that only linked them would lose its files within a day. Fetched only from the hosts the
//! configuration trusts, bounded per file and per transcript.

use super::TranscriptConfig;
use crate::Core;
use tickets_model::GuildId;
use tickets_transcripts::format;

/// What is left of a transcript's allowance for files.
pub(crate) struct FileBudget {
    per_file: u64,
    left: u64,
    hosts: Vec<String>,
    /// Files copied.
    pub(crate) stored: u64,
    /// Files listed without a copy.
    pub(crate) not_stored: u64,
}

impl FileBudget {
    pub(crate) fn new(config: &TranscriptConfig) -> Self {
        Self {
            per_file: config.max_attachment_bytes,
            left: config.max_transcript_bytes,
            hosts: config.file_hosts.clone(),
            stored: 0,
            not_stored: 0,
        }
    }

    /// Why a file of `size` bytes at `url` is not to be fetched, if it is not.
    fn refusal(&self, url: &str, size: u64) -> Option<&'static str> {
        if !allowed_host(url, &self.hosts) {
            Some("unreachable")
        } else if size > self.per_file {
            Some("too_large")
        } else if size > self.left {
            Some("transcript_full")
        } else {
            None
        }
    }
}

/// Whether `url` is on one of `hosts` (a name, or `name:port`), over HTTPS, or over plain HTTP on
/// a loopback host (the simulator's).
pub(crate) fn allowed_host(url: &str, hosts: &[String]) -> bool {
    let Ok(parsed) = reqwest::Url::parse(url) else {
        return false;
    };
    let Some(host) = parsed.host_str() else {
        return false;
    };
    let with_port = parsed
        .port()
        .map_or_else(|| host.to_owned(), |port| format!("{host}:{port}"));
    let listed = hosts.iter().any(|allowed| {
        allowed.eq_ignore_ascii_case(host) || allowed.eq_ignore_ascii_case(&with_port)
    });
    let loopback = matches!(host, "127.0.0.1" | "localhost" | "[::1]");
    listed && (parsed.scheme() == "https" || (parsed.scheme() == "http" && loopback))
}

impl Core {
    /// Copies the files of a converted message into the archive, marking each as stored or
    /// saying why not. A file that fails to download is listed without a copy: one broken link
    /// must not hold back the close.
    pub(crate) async fn copy_files(
        &self,
        guild: GuildId,
        number: i64,
        message: &mut format::Message,
        budget: &mut FileBudget,
    ) {
        for file in &mut message.attachments {
            if let Some(reason) = budget.refusal(&file.url, file.file_size_bytes) {
                file.not_stored = Some(reason.to_owned());
                budget.not_stored += 1;
                continue;
            }
            match self
                .fetch_file(&file.url, budget.per_file.min(budget.left))
                .await
            {
                Ok(bytes) => {
                    let size = bytes.len() as u64;
                    let archive = &self.transcript_service().config.archive;
                    match archive
                        .put_attachment(guild.get(), number, &file.id, bytes)
                        .await
                    {
                        Ok(()) => {
                            budget.left = budget.left.saturating_sub(size);
                            budget.stored += 1;
                            file.stored = true;
                        }
                        Err(error) => {
                            tracing::warn!(%error, %guild, number, "could not store a file");
                            file.not_stored = Some("unreachable".to_owned());
                            budget.not_stored += 1;
                        }
                    }
                }
                Err(reason) => {
                    file.not_stored = Some(reason.to_owned());
                    budget.not_stored += 1;
                }
            }
        }
    }

    /// Downloads a file, reading no more than `limit` bytes whatever its size claims.
    async fn fetch_file(&self, url: &str, limit: u64) -> Result<Vec<u8>, &'static str> {
        let mut response = self
            .transcript_service()
            .http
            .get(url)
            .send()
            .await
            .map_err(|_| "unreachable")?;
        if !response.status().is_success() {
            return Err("unreachable");
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(|_| "unreachable")? {
            if (bytes.len() + chunk.len()) as u64 > limit {
                return Err("too_large");
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::allowed_host;

    #[test]
    fn files_come_only_from_the_trusted_hosts() {
        let hosts = vec!["cdn.discordapp.com".to_owned(), "127.0.0.1:8090".to_owned()];
        assert!(allowed_host(
            "https://cdn.discordapp.com/attachments/1/2/a.png",
            &hosts
        ));
        assert!(allowed_host(
            "http://127.0.0.1:8090/attachments/1/2/a.png",
            &hosts
        ));
        // Plain HTTP only to loopback, another port is another host, and look-alikes are refused.
        assert!(!allowed_host(
            "http://cdn.discordapp.com/attachments/1/2/a.png",
            &hosts
        ));
        assert!(!allowed_host("http://127.0.0.1:9999/a.png", &hosts));
        assert!(!allowed_host(
            "https://cdn.discordapp.com.evil.example/a.png",
            &hosts
        ));
        assert!(!allowed_host(
            "https://169.254.169.254/latest/meta-data",
            &hosts
        ));
        assert!(!allowed_host("not a url", &hosts));
    }
}
