// CoNLL-U reading and multiword-token collapsing; see conllu_reader.h.

#include "syntax/conllu_reader.h"

#include <charconv>
#include <fstream>
#include <sstream>

namespace vigie::syntax {
namespace {

bool parse_uint(std::string_view text, uint32_t& value) {
  if (text.empty()) return false;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && ptr == text.data() + text.size();
}

std::string field_or_empty(std::string_view field) { return field == "_" ? std::string() : std::string(field); }

}  // namespace

Result<std::vector<ConllSentence>> parse_conllu(std::string_view text, const std::string& file) {
  std::vector<ConllSentence> sentences;
  ConllSentence current;
  std::vector<int64_t> raw_heads;  // 1-based as written, 0 for root
  size_t line_number = 0;
  auto finish = [&]() -> Status {
    if (current.words.empty()) {
      current = ConllSentence();
      return Status::success();
    }
    for (size_t i = 0; i < current.words.size(); ++i) {
      if (raw_heads[i] < 0 || raw_heads[i] > static_cast<int64_t>(current.words.size()))
        return make_error(ErrorKind::kInvalidInput, file,
                          "head " + std::to_string(raw_heads[i]) + " of word " + std::to_string(i + 1) +
                              " is outside its sentence; fix the treebank",
                          std::to_string(line_number));
      current.words[i].head = static_cast<int32_t>(raw_heads[i]) - 1;
    }
    sentences.push_back(std::move(current));
    current = ConllSentence();
    raw_heads.clear();
    return Status::success();
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) {
      if (Status status = finish(); !status) return status.error();
      if (end == text.size()) break;
      continue;
    }
    if (line[0] == '#') {
      if (line.rfind("# sent_id = ", 0) == 0) current.sent_id = std::string(line.substr(12));
      if (end == text.size()) break;
      continue;
    }
    std::string_view fields[10];
    size_t count = 0;
    size_t field_begin = 0;
    for (size_t i = 0; i <= line.size() && count < 10; ++i) {
      if (i == line.size() || line[i] == '\t') {
        fields[count++] = line.substr(field_begin, i - field_begin);
        field_begin = i + 1;
      }
    }
    if (count != 10)
      return make_error(ErrorKind::kInvalidInput, file,
                        "expected 10 tab-separated fields, found " + std::to_string(count) + "; not CoNLL-U",
                        std::to_string(line_number));
    std::string_view id = fields[0];
    if (id.find('.') != std::string_view::npos) continue;  // empty node of enhanced UD
    size_t dash = id.find('-');
    if (dash != std::string_view::npos) {
      uint32_t first = 0;
      uint32_t last = 0;
      if (!parse_uint(id.substr(0, dash), first) || !parse_uint(id.substr(dash + 1), last) || first == 0 ||
          last < first)
        return make_error(ErrorKind::kInvalidInput, file, "bad multiword token id \"" + std::string(id) + "\"",
                          std::to_string(line_number));
      current.multiword_tokens.push_back({first - 1, last - 1, std::string(fields[1])});
      continue;
    }
    uint32_t index = 0;
    if (!parse_uint(id, index) || index != current.words.size() + 1)
      return make_error(ErrorKind::kInvalidInput, file,
                        "word id \"" + std::string(id) + "\" is not " + std::to_string(current.words.size() + 1),
                        std::to_string(line_number));
    uint32_t head = 0;
    if (!parse_uint(fields[6], head))
      return make_error(ErrorKind::kInvalidInput, file, "head \"" + std::string(fields[6]) + "\" is not a number",
                        std::to_string(line_number));
    ConllWord word;
    word.form = std::string(fields[1]);
    word.lemma = std::string(fields[2]);
    word.upos = std::string(fields[3]);
    word.feats = field_or_empty(fields[5]);
    word.deprel = std::string(fields[7]);
    current.words.push_back(std::move(word));
    raw_heads.push_back(head);
    if (end == text.size()) break;
  }
  if (Status status = finish(); !status) return status.error();
  for (const ConllSentence& sentence : sentences)
    for (const MultiwordToken& mwt : sentence.multiword_tokens)
      if (mwt.last_word >= sentence.words.size())
        return make_error(ErrorKind::kInvalidInput, file,
                          "multiword token \"" + mwt.form + "\" of sentence " + sentence.sent_id +
                              " goes past the sentence end");
  return sentences;
}

Result<std::vector<ConllSentence>> read_conllu_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorKind::kIo, path, "cannot open the treebank file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) return make_error(ErrorKind::kIo, path, "cannot read the treebank file");
  return parse_conllu(buffer.str(), path);
}

std::vector<ConllWord> collapse_multiword_tokens(const ConllSentence& sentence, const KeepSplit& keep_split) {
  const size_t n = sentence.words.size();
  // new_index[w]: the surface token word w becomes.
  std::vector<int32_t> new_index(n, -1);
  std::vector<int32_t> representative;  // per surface token, the word whose data it keeps
  std::vector<const MultiwordToken*> range_of(n, nullptr);
  for (const MultiwordToken& mwt : sentence.multiword_tokens) {
    if (keep_split && keep_split(mwt, sentence.words)) continue;
    for (uint32_t w = mwt.first_word; w <= mwt.last_word; ++w) range_of[w] = &mwt;
  }
  std::vector<std::string> forms;
  for (size_t w = 0; w < n;) {
    const MultiwordToken* mwt = range_of[w];
    if (mwt == nullptr || mwt->first_word != w) {
      new_index[w] = static_cast<int32_t>(representative.size());
      representative.push_back(static_cast<int32_t>(w));
      forms.push_back(sentence.words[w].form);
      ++w;
      continue;
    }
    // The word whose head lies outside the range speaks for it; the first such word
    // when several do (rare: "auxquelles" in a coordination).
    int32_t chosen = -1;
    for (uint32_t k = mwt->first_word; k <= mwt->last_word; ++k) {
      int32_t head = sentence.words[k].head;
      if (head < static_cast<int32_t>(mwt->first_word) || head > static_cast<int32_t>(mwt->last_word)) {
        chosen = static_cast<int32_t>(k);
        break;
      }
    }
    if (chosen < 0) chosen = static_cast<int32_t>(mwt->first_word);
    for (uint32_t k = mwt->first_word; k <= mwt->last_word; ++k) new_index[k] = static_cast<int32_t>(representative.size());
    representative.push_back(chosen);
    forms.push_back(mwt->form);
    w = mwt->last_word + 1;
  }
  std::vector<ConllWord> tokens;
  tokens.reserve(representative.size());
  for (size_t t = 0; t < representative.size(); ++t) {
    ConllWord token = sentence.words[static_cast<size_t>(representative[t])];
    token.form = forms[t];
    token.head = token.head < 0 ? -1 : new_index[static_cast<size_t>(token.head)];
    if (token.head == static_cast<int32_t>(t)) token.head = -1;  // cannot happen: chosen word's head is outside
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace vigie::syntax
