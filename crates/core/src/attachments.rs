//! Files attached to a message: which ones a message may carry (kind, size per file and per
//! message), and how each dialect sends them — LangChain content blocks (LangGraph, the Agent
//! Protocol's message content list) or the Responses API's input items. The bytes come from the
//! browser; nothing here reads a file.

use crate::domain::{Block, Message, Role};
use base64::Engine;
use serde_json::{json, Value};

/// One file, read into memory.
#[derive(Debug, Clone, PartialEq)]
pub struct Attachment {
    pub name: String,
    pub mime: String,
    pub size: u64,
    /// Its bytes in base64 (standard alphabet, padded).
    pub base64: String,
}

/// What a server takes ([`crate::backend::Capabilities::attachments`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AttachmentKinds {
    pub images: bool,
    /// PDFs and text files.
    pub files: bool,
}

/// A file larger than this is refused (5 MB, decimal: what the refusal says).
pub const MAX_FILE_BYTES: u64 = 5_000_000;
/// A message's files together.
pub const MAX_MESSAGE_BYTES: u64 = 10_000_000;
pub const MAX_FILES: usize = 8;

const IMAGE_TYPES: &[&str] = &["image/png", "image/jpeg", "image/gif", "image/webp"];
const FILE_TYPES: &[&str] = &[
    "application/pdf",
    "text/plain",
    "text/markdown",
    "text/csv",
    "application/json",
];

impl Attachment {
    pub fn from_bytes(name: &str, mime: &str, bytes: &[u8]) -> Self {
        Attachment {
            name: name.to_owned(),
            mime: mime.to_owned(),
            size: bytes.len() as u64,
            base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }

    pub fn is_image(&self) -> bool {
        IMAGE_TYPES.contains(&self.mime.as_str())
    }

    /// `data:<type>;base64,<bytes>`.
    pub fn data_url(&self) -> String {
        format!("data:{};base64,{}", self.mime, self.base64)
    }

    /// As shown in a sent message before the server has it (images by their bytes).
    pub fn block(&self) -> Block {
        if self.is_image() {
            Block::Image {
                url: self.data_url(),
            }
        } else {
            Block::File {
                name: Some(self.name.clone()),
                mime: Some(self.mime.clone()),
                size: Some(self.size),
            }
        }
    }

    /// The LangChain content block: `image_url` with a data URL for images (what OpenAI-style chat
    /// models read), a base64 `file` block for the rest.
    pub fn langchain_block(&self) -> Value {
        if self.is_image() {
            json!({"type": "image_url", "image_url": {"url": self.data_url()}})
        } else {
            json!({"type": "file", "source_type": "base64", "mime_type": self.mime,
                   "data": self.base64, "filename": self.name})
        }
    }

    /// The Responses API's input item content part.
    pub fn responses_part(&self) -> Value {
        if self.is_image() {
            json!({"type": "input_image", "image_url": self.data_url()})
        } else {
            json!({"type": "input_file", "filename": self.name, "file_data": self.data_url()})
        }
    }
}

/// The type a file is taken as: its own, else one guessed from its name's extension (browsers give
/// `.md` and `.csv` files no type on some systems). `None`: a kind no message carries.
pub fn kind_of(name: &str, mime: &str) -> Option<&'static str> {
    let mime = mime
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if let Some(t) = IMAGE_TYPES.iter().chain(FILE_TYPES).find(|t| **t == mime) {
        return Some(t);
    }
    let ext = name.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    Some(match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "pdf" => "application/pdf",
        "txt" | "log" => "text/plain",
        "md" | "markdown" => "text/markdown",
        "csv" => "text/csv",
        "json" => "application/json",
        _ => return None,
    })
}

/// Whether a file may join the message's `attached` ones, before its bytes are read: the server's
/// kinds, the size per file and per message, the count. The refusal names the file and its size.
pub fn check(
    attached: &[Attachment],
    kinds: Option<AttachmentKinds>,
    name: &str,
    mime: &str,
    size: u64,
) -> Result<&'static str, String> {
    let Some(kinds) = kinds else {
        return Err(format!(
            "{name} was not attached: this server takes text only."
        ));
    };
    let Some(kind) = kind_of(name, mime) else {
        return Err(format!(
            "{name} was not attached: only images (PNG, JPEG, GIF, WebP), PDFs and text files can be."
        ));
    };
    let image = IMAGE_TYPES.contains(&kind);
    if (image && !kinds.images) || (!image && !kinds.files) {
        return Err(format!(
            "{name} was not attached: this server takes {} only.",
            if kinds.images {
                "images"
            } else {
                "PDFs and text files"
            }
        ));
    }
    if size > MAX_FILE_BYTES {
        return Err(format!(
            "{name} is {}; a file may be at most {}.",
            human_size(size),
            human_size(MAX_FILE_BYTES)
        ));
    }
    let total: u64 = attached.iter().map(|a| a.size).sum::<u64>() + size;
    if total > MAX_MESSAGE_BYTES {
        return Err(format!(
            "{name} ({}) would make this message's files {}; a message may carry at most {}.",
            human_size(size),
            human_size(total),
            human_size(MAX_MESSAGE_BYTES)
        ));
    }
    if attached.len() >= MAX_FILES {
        return Err(format!(
            "{name} was not attached: a message may carry at most {MAX_FILES} files."
        ));
    }
    Ok(kind)
}

/// `532 B`, `12.4 KB`, `6.2 MB` (decimal units, one decimal).
pub fn human_size(bytes: u64) -> String {
    match bytes {
        b if b < 1_000 => format!("{b} B"),
        b if b < 1_000_000 => format!("{:.1} KB", b as f64 / 1e3),
        b => format!("{:.1} MB", b as f64 / 1e6),
    }
}

/// A human message's `content`: the text alone as a string (as before attachments), else a list
/// of a text block and one block per file.
pub fn langchain_content(text: &str, files: &[Attachment]) -> Value {
    if files.is_empty() {
        return Value::String(text.to_owned());
    }
    let mut list = Vec::with_capacity(files.len() + 1);
    if !text.is_empty() {
        list.push(json!({"type": "text", "text": text}));
    }
    list.extend(files.iter().map(Attachment::langchain_block));
    Value::Array(list)
}

/// The message the user sent, shown before the server has it: its text, then its files.
pub fn local_message(id: String, text: &str, files: &[Attachment]) -> Message {
    let mut m = Message::text(id, Role::Human, text);
    m.blocks.extend(files.iter().map(Attachment::block));
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: Option<AttachmentKinds> = Some(AttachmentKinds {
        images: true,
        files: true,
    });

    fn file(name: &str, mime: &str, size: u64) -> Attachment {
        Attachment {
            name: name.into(),
            mime: mime.into(),
            size,
            base64: String::new(),
        }
    }

    #[test]
    fn kinds_sizes_and_counts_are_checked_with_the_file_named() {
        assert_eq!(check(&[], BOTH, "a.png", "image/png", 10), Ok("image/png"));
        assert_eq!(check(&[], BOTH, "notes.md", "", 10), Ok("text/markdown"));
        let big = check(&[], BOTH, "big.png", "image/png", 6_200_000).unwrap_err();
        assert_eq!(big, "big.png is 6.2 MB; a file may be at most 5.0 MB.");
        let two = [
            file("a.pdf", "application/pdf", 4_000_000),
            file("b.pdf", "application/pdf", 4_000_000),
        ];
        let over = check(&two, BOTH, "c.pdf", "application/pdf", 3_000_000).unwrap_err();
        assert!(
            over.contains("c.pdf (3.0 MB)") && over.contains("11.0 MB"),
            "{over}"
        );
        let exe = check(&[], BOTH, "x.exe", "application/octet-stream", 10).unwrap_err();
        assert!(
            exe.starts_with("x.exe was not attached: only images"),
            "{exe}"
        );
        assert_eq!(
            check(&[], None, "a.png", "image/png", 10).unwrap_err(),
            "a.png was not attached: this server takes text only."
        );
        let images_only = Some(AttachmentKinds {
            images: true,
            files: false,
        });
        assert!(check(&[], images_only, "a.pdf", "application/pdf", 1)
            .unwrap_err()
            .contains("takes images only"));
        let eight: Vec<Attachment> = (0..8)
            .map(|i| file(&format!("{i}.png"), "image/png", 1))
            .collect();
        assert!(check(&eight, BOTH, "9.png", "image/png", 1)
            .unwrap_err()
            .contains("at most 8 files"));
    }

    #[test]
    fn content_blocks_for_each_dialect() {
        let png = Attachment::from_bytes("dot.png", "image/png", &[0x89, b'P', b'N', b'G']);
        let pdf = Attachment::from_bytes("r.pdf", "application/pdf", b"%PDF");
        assert_eq!(png.base64, "iVBORw==");
        assert_eq!(langchain_content("hi", &[]), json!("hi"));
        assert_eq!(
            langchain_content("look", &[png.clone(), pdf.clone()]),
            json!([
                {"type": "text", "text": "look"},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw=="}},
                {"type": "file", "source_type": "base64", "mime_type": "application/pdf",
                 "data": "JVBERg==", "filename": "r.pdf"}
            ])
        );
        assert_eq!(
            png.responses_part(),
            json!({"type": "input_image", "image_url": "data:image/png;base64,iVBORw=="})
        );
        assert_eq!(
            pdf.responses_part(),
            json!({"type": "input_file", "filename": "r.pdf", "file_data": "data:application/pdf;base64,JVBERg=="})
        );
        let m = local_message("m1".into(), "look", &[png, pdf]);
        assert_eq!(m.blocks.len(), 3);
        assert!(
            matches!(&m.blocks[1], Block::Image { url } if url.starts_with("data:image/png;base64,"))
        );
        assert!(matches!(&m.blocks[2], Block::File { size: Some(4), .. }));
    }

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(human_size(532), "532 B");
        assert_eq!(human_size(12_400), "12.4 KB");
        assert_eq!(human_size(5_000_000), "5.0 MB");
    }
}
