//! Descriptions: Linear's markdown → Planner's plain text, and Planner's plain text → Linear
//! markdown that renders exactly as typed.
//!
//! Planner has no markdown: outbound we strip it, keeping links as `text (url)` and mentions as
//! `@email`. Inbound, plain text is escaped so `*stars*` or `# not a heading` stay literal in
//! Linear. The pair is built so that `to_plain(&escape_plain(s)) == s`: a description we wrote
//! reads back equal, which is what keeps our own writes from looking like human edits.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// Markdown → plain text. `mention` maps a Linear profile URL (or `@name`) to an email when it
/// knows one; unknown mentions keep their visible text.
pub fn to_plain(markdown: &str, mention: &dyn Fn(&str) -> Option<String>) -> String {
    let mut out = String::new();
    // Open links: (destination, start of their text in `out`).
    let mut links: Vec<(String, usize)> = Vec::new();
    let mut lists: Vec<Option<u64>> = Vec::new();
    let parser = Parser::new_ext(
        markdown,
        Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES,
    );
    for event in parser {
        match event {
            Event::Start(Tag::Paragraph) | Event::Start(Tag::Heading { .. }) => {
                separate_block(&mut out)
            }
            Event::Start(Tag::CodeBlock(_)) | Event::Start(Tag::BlockQuote(_)) => {
                separate_block(&mut out)
            }
            Event::Start(Tag::List(start)) => {
                if lists.is_empty() {
                    separate_block(&mut out);
                }
                lists.push(start);
            }
            Event::End(TagEnd::List(_)) => {
                lists.pop();
            }
            Event::Start(Tag::Item) => {
                if !out.is_empty() && !out.ends_with('\n') {
                    out.push('\n');
                }
                let depth = lists.len().saturating_sub(1);
                out.push_str(&"  ".repeat(depth));
                match lists.last_mut() {
                    Some(Some(n)) => {
                        out.push_str(&format!("{n}. "));
                        *n += 1;
                    }
                    _ => out.push_str("- "),
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
            | Event::Start(Tag::Image { dest_url, .. }) => {
                links.push((dest_url.to_string(), out.len()));
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if let Some((url, start)) = links.pop() {
                    let text = out[start..].to_string();
                    if let Some(email) = mention(&url) {
                        out.truncate(start);
                        out.push('@');
                        out.push_str(&email);
                    } else if text.is_empty() || text == url {
                        out.truncate(start);
                        out.push_str(&url);
                    } else {
                        out.push_str(&format!(" ({url})"));
                    }
                }
            }
            Event::Text(text) => push_text(&mut out, &text, mention),
            Event::Code(code) => out.push_str(&code),
            Event::Html(html) | Event::InlineHtml(html) => out.push_str(&html),
            Event::SoftBreak | Event::HardBreak => out.push('\n'),
            Event::Rule => {
                separate_block(&mut out);
                out.push_str("---");
            }
            Event::TaskListMarker(done) => out.push_str(if done { "[x] " } else { "[ ] " }),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => {}
            Event::End(TagEnd::TableRow) | Event::End(TagEnd::TableHead) => out.push('\n'),
            Event::End(TagEnd::TableCell) => out.push_str(" | "),
            _ => {}
        }
    }
    out.trim_end_matches('\n').to_string()
}

/// Text, with mentions (`@name`, bare profile URLs) replaced by `@email` when known.
fn push_text(out: &mut String, text: &str, mention: &dyn Fn(&str) -> Option<String>) {
    let mut rest = text;
    while !rest.is_empty() {
        let space = rest
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(rest.len());
        out.push_str(&rest[..space]);
        rest = &rest[space..];
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        push_word(out, &rest[..end], mention);
        rest = &rest[end..];
    }
}

/// One word of text: a URL that is a mention, or `@name` mentions inside it.
fn push_word(out: &mut String, word: &str, mention: &dyn Fn(&str) -> Option<String>) {
    if word.starts_with("http://") || word.starts_with("https://") {
        let url = word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')']);
        match mention(url) {
            Some(email) => {
                out.push('@');
                out.push_str(&email);
                out.push_str(&word[url.len()..]);
            }
            // An ordinary URL may hold `@`: leave it whole.
            None => out.push_str(word),
        }
        return;
    }
    let mut rest = word;
    while let Some(at) = rest.find('@') {
        let before_ok = at == 0 || !rest[..at].ends_with(|c: char| c.is_alphanumeric());
        let name_len = rest[at + 1..]
            .find(|c: char| !(c.is_alphanumeric() || c == '.' || c == '_' || c == '-'))
            .unwrap_or(rest.len() - at - 1);
        // `@bob@acme.test` is already an email, not the handle `bob` followed by junk.
        let is_email = rest[at + 1 + name_len..].starts_with('@');
        let name = rest[at + 1..at + 1 + name_len].trim_end_matches('.');
        out.push_str(&rest[..at]);
        match (before_ok && !is_email && !name.is_empty())
            .then(|| mention(&format!("@{name}")))
            .flatten()
        {
            Some(email) => {
                out.push('@');
                out.push_str(&email);
                rest = &rest[at + 1 + name.len()..];
            }
            None => {
                out.push('@');
                rest = &rest[at + 1..];
            }
        }
    }
    out.push_str(rest);
}

/// Characters that can start or end markdown inline syntax anywhere in a line.
fn is_inline_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '!' | '&' | '|' | '#'
    )
}

fn separate_block(out: &mut String) {
    if out.is_empty() {
        return;
    }
    while !out.ends_with("\n\n") {
        out.push('\n');
    }
}

/// Plain text → markdown that renders as exactly this text.
pub fn escape_plain(plain: &str) -> String {
    let mut out = String::with_capacity(plain.len() + plain.len() / 8);
    for (i, line) in plain.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let body = line.trim_start_matches(' ');
        // Markdown drops leading spaces (and four make a code block): keep them as entities.
        out.push_str(&"&#32;".repeat(line.len() - body.len()));
        let mut chars = body.char_indices().peekable();
        // Block markers only matter at the start of a line.
        let starts_block = body.starts_with(['#', '>', '-', '+', '=', '|'])
            || body.chars().take_while(char::is_ascii_digit).count() > 0
                && body
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .starts_with(['.', ')']);
        if starts_block && let Some((_, c)) = chars.peek().copied() {
            if c.is_ascii_digit() {
                // `1. x` → `1\. x`: escape the dot, not the digits.
                while let Some((_, d)) = chars.next_if(|(_, d)| d.is_ascii_digit()) {
                    out.push(d);
                }
                out.push('\\');
            } else if !is_inline_special(c) {
                out.push('\\');
            }
        }
        for (_, c) in chars {
            if is_inline_special(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn none(_: &str) -> Option<String> {
        None
    }

    fn people(key: &str) -> Option<String> {
        match key {
            "https://linear.app/acme/profiles/alice" | "@alice" => Some("alice@acme.com".into()),
            _ => None,
        }
    }

    #[test]
    fn markdown_becomes_plain_text() {
        let table = [
            ("**Bold** and _italic_", "Bold and italic"),
            (
                "See [the docs](https://x.io/d) now",
                "See the docs (https://x.io/d) now",
            ),
            ("<https://x.io>", "https://x.io"),
            ("# Title\n\nBody text", "Title\n\nBody text"),
            ("- one\n- two", "one\n- two"),
            ("Intro\n\n1. a\n2. b", "Intro\n\n1. a\n2. b"),
            ("line one\nline two", "line one\nline two"),
            ("`code` here", "code here"),
            ("```\nfn x() {}\n```", "fn x() {}"),
            ("~~gone~~ kept", "gone kept"),
        ];
        for (md, plain) in table {
            let got = to_plain(md, &none);
            // Lists start a block: the first item keeps its marker.
            let want = if md.starts_with("- ") {
                format!("- {plain}")
            } else {
                plain.to_string()
            };
            assert_eq!(got, want, "{md:?}");
        }
    }

    #[test]
    fn mentions_become_emails() {
        let md =
            "Ping [Alice](https://linear.app/acme/profiles/alice) and @alice, not @bob or me@x.io";
        assert_eq!(
            to_plain(md, &people),
            "Ping @alice@acme.com and @alice@acme.com, not @bob or me@x.io"
        );
    }

    #[test]
    fn escaped_plain_reads_back_identical() {
        let samples = [
            "plain words",
            "*not bold* and _not italic_ and `not code`",
            "# not a heading",
            "- not a list\n+ nor this\n1. nor this\n2) nor this",
            "> not a quote",
            "a [bracket](not a link) and <tag> & ~tilde~ | pipe !bang",
            "back\\slash and 3.14 and 100% done",
            "two\nlines\n\nand a paragraph",
            "  indented line",
            "email me@x.io or @someone",
            "---",
            "===",
        ];
        for s in samples {
            let md = escape_plain(s);
            assert_eq!(to_plain(&md, &none), s, "{s:?} escaped as {md:?}");
        }
    }
}
