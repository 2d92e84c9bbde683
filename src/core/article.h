#pragma once
// Article: what every stage reads and enriches. An ingest reader fills the metadata
// and raw text; the text stage normalises the text, identifies the language and adds
// sentences and tokens as spans into `text`.

#include <cstdint>
#include <string>
#include <vector>

#include "core/span.h"

namespace vigie {

enum class TokenKind : uint8_t {
  kWord,
  kNumber,       // "13 000", "2,5", "1,400", "3.5"
  kPunctuation,  // includes quote marks « » “ ” "
  kSymbol,       // %, €, $, +
  kUrl,
  kEmail,
  kDate,         // "29/06/2022", "2022-11-14"
};

struct Token {
  Span span;
  TokenKind kind = TokenKind::kWord;
};

struct Sentence {
  Span span;
  uint32_t first_token = 0;  // index into Article::tokens
  uint32_t token_count = 0;
};

struct Article {
  std::string id;           // stable content hash of the normalised text (16 hex digits)
  std::string source_id;    // the id the source gave it (meta.tsv, JSON "id"), if any
  std::string source_file;  // the path it was read from, with "#record" for containers
  std::string format;       // reader that produced it: text, html, jsonl, rss, atom, warc
  std::string url;
  std::string title;
  std::string author;
  std::string site;
  std::string published;  // ISO 8601 date or date-time; empty when unknown
  std::string lang;       // ISO 639-1 where CLD2 has one ("fr", "en"), "und" when unknown
  bool is_lang_from_metadata = false;
  std::string text;       // NFC, paragraphs separated by "\n\n"

  std::vector<Sentence> sentences;
  std::vector<Token> tokens;
};

}  // namespace vigie
