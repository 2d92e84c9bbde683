#include "entities/fallback_tokenizer.h"

#include <array>
#include <cstring>

#include "entities/text_fold.h"

namespace vigie::entities {
namespace {

bool is_space(unsigned char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Length of the UTF-8 punctuation mark starting at `s[i]`, 0 when it is not one.
size_t punct_len(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (std::strchr(",;:!?()[]{}\"", c) != nullptr && c != 0) return 1;
  static constexpr std::array<std::string_view, 8> kMarks = {"«", "»", "“", "”", "„", "…", "—", "–"};
  for (auto mark : kMarks) {
    if (s.substr(i, mark.size()) == mark) return mark.size();
  }
  return 0;
}

// "l'", "d’", "qu'", "jusqu'": French elided words, split after the apostrophe.
size_t elision_len(std::string_view word) {
  static constexpr std::array<std::string_view, 12> kHeads = {"l", "d", "j", "m", "n", "s", "t", "c",
                                                              "qu", "jusqu", "lorsqu", "puisqu"};
  for (auto head : kHeads) {
    if (word.size() <= head.size() + 1) continue;
    std::string lower = fold_key(word.substr(0, head.size()));
    if (lower != head) continue;
    std::string_view rest = word.substr(head.size());
    if (rest.substr(0, 1) == "'") return head.size() + 1;
    if (rest.substr(0, 3) == "’") return head.size() + 3;
  }
  return 0;
}

bool keeps_final_period(std::string_view word) {
  // "M.", "U.N.", "Mr.", "Gen.": one capital letter, inner periods, or a known abbreviation.
  if (word.size() == 2 && starts_upper(word)) return true;
  if (word.substr(0, word.size() - 1).find('.') != std::string_view::npos) return true;
  static constexpr std::array<std::string_view, 14> kAbbrev = {"Mr.",  "Mrs.", "Ms.", "Dr.", "St.",  "Gen.", "Col.",
                                                               "Sen.", "Rep.", "Gov.", "Jr.", "Mme.", "Lt.", "Sgt."};
  for (auto a : kAbbrev) {
    if (word == a) return true;
  }
  return false;
}

void emit_word(std::string_view text, uint32_t begin, uint32_t end, std::vector<Token>& tokens) {
  std::string_view word = text.substr(begin, end - begin);
  // Trailing period unless the word is an abbreviation.
  bool split_period = word.size() > 1 && word.back() == '.' && !keeps_final_period(word);
  uint32_t word_end = split_period ? end - 1 : end;
  uint32_t start = begin;
  if (size_t elided = elision_len(text.substr(begin, word_end - begin)); elided > 0) {
    tokens.push_back({{begin, static_cast<uint32_t>(begin + elided)}, TokenKind::kWord});
    start = static_cast<uint32_t>(begin + elided);
  }
  // English possessive "'s".
  std::string_view body = text.substr(start, word_end - start);
  uint32_t body_end = word_end;
  if (body.size() > 2 && (body.ends_with("'s") || body.ends_with("’s"))) {
    body_end = word_end - (body.ends_with("'s") ? 2 : 4);
  }
  if (body_end > start) {
    bool is_number = true;
    for (char c : text.substr(start, body_end - start)) {
      if (!(c >= '0' && c <= '9') && c != ',' && c != '.') is_number = false;
    }
    tokens.push_back({{start, body_end}, is_number ? TokenKind::kNumber : TokenKind::kWord});
  }
  if (body_end < word_end) tokens.push_back({{body_end, word_end}, TokenKind::kWord});
  if (split_period) tokens.push_back({{end - 1, end}, TokenKind::kPunctuation});
}

}  // namespace

void fallback_segment(std::string_view text, std::vector<Sentence>& sentences, std::vector<Token>& tokens) {
  sentences.clear();
  tokens.clear();
  size_t i = 0;
  while (i < text.size()) {
    if (is_space(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    if (size_t p = punct_len(text, i); p > 0) {
      tokens.push_back({{static_cast<uint32_t>(i), static_cast<uint32_t>(i + p)}, TokenKind::kPunctuation});
      i += p;
      continue;
    }
    size_t j = i;
    while (j < text.size() && !is_space(static_cast<unsigned char>(text[j])) && punct_len(text, j) == 0) ++j;
    emit_word(text, static_cast<uint32_t>(i), static_cast<uint32_t>(j), tokens);
    i = j;
  }
  // Sentences: a break after . ! ? … when the next token starts upper case or is a quote
  // mark or dash, and at paragraph breaks.
  uint32_t first = 0;
  for (uint32_t t = 0; t < tokens.size(); ++t) {
    std::string_view tok = tokens[t].span.in(text);
    bool is_last = t + 1 == tokens.size();
    bool is_break = is_last;
    if (!is_last) {
      std::string_view gap = text.substr(tokens[t].span.end_byte, tokens[t + 1].span.begin_byte - tokens[t].span.end_byte);
      std::string_view next = tokens[t + 1].span.in(text);
      if (gap.find("\n") != std::string_view::npos) is_break = true;
      if ((tok == "." || tok == "!" || tok == "?" || tok == "…") && !gap.empty() &&
          (starts_upper(next) || next == "«" || next == "“" || next == "—" || next == "\"")) {
        is_break = true;
      }
    }
    if (is_break) {
      sentences.push_back({{tokens[first].span.begin_byte, tokens[t].span.end_byte}, first, t + 1 - first});
      first = t + 1;
    }
  }
}

}  // namespace vigie::entities
