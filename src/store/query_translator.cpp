// A recursive-descent parser over a small token stream; see query_translator.h.
//   or_expr  := and_expr (OR and_expr)*
//   and_expr := not_expr ([AND] not_expr)*
//   not_expr := primary (NOT primary)*
//   primary  := word | phrase | '(' or_expr ')'

#include "store/query_translator.h"

#include <vector>

#include "text/term_normalizer.h"

namespace vigie::store {
namespace {

enum class Kind { kTerm, kAnd, kOr, kNot, kOpen, kClose };

struct QueryToken {
  Kind kind = Kind::kTerm;
  std::string fts;     // for kTerm: the FTS5 string, quoted, maybe with " *"
  size_t position = 0;  // 1-based character offset in the query, for messages
  std::string written; // as the user wrote it
};

Error usage(std::string message) {
  return make_error(ErrorKind::kUsage, "", "bad search query: " + std::move(message));
}

std::string at(const QueryToken& token) {
  return "'" + token.written + "' at character " + std::to_string(token.position);
}

bool has_terms(std::string_view words, text::TermNormalizer& folder) {
  bool found = false;
  folder.for_each_term(words, [&](std::string_view, uint32_t, uint32_t) {
    found = true;
    return false;
  });
  return found;
}

// 1-based character (not byte) position of byte `offset`, as the user counts.
size_t character_at(std::string_view query, size_t offset) {
  size_t characters = 1;
  for (size_t i = 0; i < offset && i < query.size(); ++i) {
    if ((static_cast<unsigned char>(query[i]) & 0xC0) != 0x80) ++characters;
  }
  return characters;
}

Result<std::vector<QueryToken>> lex(std::string_view query) {
  text::TermNormalizer folder("none");
  std::vector<QueryToken> tokens;
  size_t i = 0;
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (i < query.size()) {
    const char c = query[i];
    if (is_space(c)) {
      ++i;
    } else if (c == '(' || c == ')') {
      tokens.push_back({c == '(' ? Kind::kOpen : Kind::kClose, "", character_at(query, i), std::string(1, c)});
      ++i;
    } else if (c == '"') {
      const size_t close = query.find('"', i + 1);
      if (close == std::string_view::npos) {
        return usage("the quote at character " + std::to_string(character_at(query, i)) +
                     " is never closed; add a closing \"");
      }
      std::string_view phrase = query.substr(i + 1, close - i - 1);
      size_t next = close + 1;
      bool is_prefix = next < query.size() && query[next] == '*';
      if (is_prefix) ++next;
      if (has_terms(phrase, folder)) {
        std::string fts = "\"" + std::string(phrase) + "\"";
        if (is_prefix) fts += " *";
        tokens.push_back({Kind::kTerm, std::move(fts), character_at(query, i), std::string(query.substr(i, next - i))});
      }
      i = next;
    } else {
      size_t end = i;
      while (end < query.size() && !is_space(query[end]) && query[end] != '"' && query[end] != '(' &&
             query[end] != ')') {
        ++end;
      }
      std::string_view word = query.substr(i, end - i);
      QueryToken token{Kind::kTerm, "", character_at(query, i), std::string(word)};
      if (word == "AND") {
        token.kind = Kind::kAnd;
      } else if (word == "OR") {
        token.kind = Kind::kOr;
      } else if (word == "NOT") {
        token.kind = Kind::kNot;
      } else {
        bool is_prefix = false;
        while (!word.empty() && word.back() == '*') {
          word.remove_suffix(1);
          is_prefix = true;
        }
        // "*" inside a word has no FTS5 meaning; the tokenizer treats it as a separator.
        if (!has_terms(word, folder)) {
          i = end;
          continue;
        }
        token.fts = "\"" + std::string(word) + "\"";
        if (is_prefix) token.fts += " *";
      }
      tokens.push_back(std::move(token));
      i = end;
    }
  }
  return tokens;
}

class Parser {
 public:
  explicit Parser(const std::vector<QueryToken>& tokens) : tokens_(tokens) {}

  Result<std::string> parse() {
    auto expression = parse_or();
    if (!expression.ok()) return expression;
    if (next_ < tokens_.size()) {
      const QueryToken& token = tokens_[next_];
      if (token.kind == Kind::kClose) return usage(at(token) + " closes a parenthesis that was never opened");
      return usage("unexpected " + at(token));
    }
    return expression;
  }

 private:
  const QueryToken* peek() const { return next_ < tokens_.size() ? &tokens_[next_] : nullptr; }

  Result<std::string> parse_or() {
    auto left = parse_and();
    if (!left.ok()) return left;
    std::string out = std::move(left.value());
    while (peek() != nullptr && peek()->kind == Kind::kOr) {
      ++next_;
      auto right = parse_and();
      if (!right.ok()) return right;
      out = "(" + out + " OR " + right.value() + ")";
    }
    return out;
  }

  Result<std::string> parse_and() {
    auto left = parse_not();
    if (!left.ok()) return left;
    std::string out = std::move(left.value());
    while (const QueryToken* token = peek()) {
      if (token->kind == Kind::kAnd) {
        ++next_;
      } else if (token->kind != Kind::kTerm && token->kind != Kind::kOpen) {
        break;
      }
      auto right = parse_not();
      if (!right.ok()) return right;
      out = "(" + out + " AND " + right.value() + ")";
    }
    return out;
  }

  Result<std::string> parse_not() {
    auto left = parse_primary();
    if (!left.ok()) return left;
    std::string out = std::move(left.value());
    while (peek() != nullptr && peek()->kind == Kind::kNot) {
      ++next_;
      auto right = parse_primary();
      if (!right.ok()) return right;
      out = "(" + out + " NOT " + right.value() + ")";
    }
    return out;
  }

  Result<std::string> parse_primary() {
    const QueryToken* token = peek();
    if (token == nullptr) {
      if (next_ == 0) return usage("the query has no word to search for");
      const QueryToken& last = tokens_[next_ - 1];
      return usage(at(last) + " needs something after it");
    }
    switch (token->kind) {
      case Kind::kTerm:
        ++next_;
        return token->fts;
      case Kind::kOpen: {
        ++next_;
        if (peek() != nullptr && peek()->kind == Kind::kClose) return usage("empty parentheses " + at(*token));
        auto inner = parse_or();
        if (!inner.ok()) return inner;
        if (peek() == nullptr || peek()->kind != Kind::kClose) {
          return usage("the parenthesis " + at(*token) + " is never closed; add a ')'");
        }
        ++next_;
        return "(" + inner.value() + ")";
      }
      case Kind::kNot:
        return usage(at(*token) + " needs a word before it: NOT means 'A but not B', as in 'armée NOT syrie'");
      case Kind::kAnd:
      case Kind::kOr:
        return usage(at(*token) + " needs a word on each side");
      case Kind::kClose:
        return usage(at(*token) + " closes a parenthesis that was never opened");
    }
    return usage("unexpected " + at(*token));
  }

  const std::vector<QueryToken>& tokens_;
  size_t next_ = 0;
};

}  // namespace

Result<std::string> translate_query(std::string_view query) {
  auto tokens = lex(query);
  if (!tokens.ok()) return tokens.error();
  if (tokens->empty()) return usage("the query has no word to search for");
  return Parser(tokens.value()).parse();
}

}  // namespace vigie::store
