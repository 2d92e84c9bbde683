// Model file I/O and per-sentence analysis; see syntax_model.h and docs/SYNTAX.md.

#include "syntax/syntax_model.h"

#include <cstring>
#include <fstream>
#include <sstream>

#include <xxhash.h>

namespace vigie::syntax {
namespace {

void put_u32(std::string& out, uint32_t value) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}
void put_u64(std::string& out, uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}
bool get_u32(std::string_view in, size_t& pos, uint32_t& value) {
  if (pos + 4 > in.size()) return false;
  value = 0;
  for (int i = 0; i < 4; ++i) value |= static_cast<uint32_t>(static_cast<uint8_t>(in[pos + i])) << (8 * i);
  pos += 4;
  return true;
}
uint64_t get_u64_at(std::string_view in, size_t pos) {
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) value |= static_cast<uint64_t>(static_cast<uint8_t>(in[pos + i])) << (8 * i);
  return value;
}
void put_string(std::string& out, std::string_view text) {
  put_u32(out, static_cast<uint32_t>(text.size()));
  out.append(text);
}
bool get_string(std::string_view in, size_t& pos, std::string& text) {
  uint32_t size = 0;
  if (!get_u32(in, pos, size) || in.size() - pos < size) return false;
  text.assign(in.substr(pos, size));
  pos += size;
  return true;
}

}  // namespace

std::vector<TokenSyntax> SyntaxModel::analyze(const std::vector<std::string_view>& forms) const {
  std::vector<WordHashes> words;
  words.reserve(forms.size());
  for (std::string_view form : forms) words.push_back(word_hashes(form));
  std::vector<int> tags;
  tagger_.tag(words, tags);
  std::vector<int> upos(forms.size());
  const std::vector<TagClass>& classes = tagger_.classes();
  for (size_t i = 0; i < forms.size(); ++i) upos[i] = static_cast<int>(classes[static_cast<size_t>(tags[i])].upos);
  std::vector<int> heads;
  std::vector<int> labels;
  parser_.parse(words, upos, heads, labels);
  std::vector<TokenSyntax> out(forms.size());
  for (size_t i = 0; i < forms.size(); ++i) {
    const TagClass& tag_class = classes[static_cast<size_t>(tags[i])];
    out[i].upos = tag_class.upos;
    out[i].feats = tag_class.feats;
    out[i].lemma = lemmatizer_.lemmatize(forms[i], tag_class.upos);
    out[i].head = heads[i];
    out[i].deprel = parser_.labels()[static_cast<size_t>(labels[i])];
  }
  return out;
}

std::string SyntaxModel::serialize() const {
  std::string out(kModelMagic, sizeof kModelMagic);
  put_u32(out, kModelFormatVersion);
  put_string(out, lang_);
  put_u32(out, static_cast<uint32_t>(tagger_.classes().size()));
  for (const TagClass& tag_class : tagger_.classes()) {
    out.push_back(static_cast<char>(tag_class.upos));
    put_string(out, tag_class.feats);
  }
  tagger_.weights().write(out);
  lemmatizer_.write(out);
  put_u32(out, static_cast<uint32_t>(parser_.labels().size()));
  for (const std::string& label : parser_.labels()) put_string(out, label);
  parser_.transitions().write(out);
  parser_.labeller().write(out);
  put_u64(out, XXH3_64bits(out.data(), out.size()));
  return out;
}

Result<std::unique_ptr<SyntaxModel>> SyntaxModel::deserialize(std::string_view bytes, const std::string& file) {
  const std::string rebuild = std::string("; rebuild it with ") + kRebuildCommand;
  if (bytes.size() < sizeof kModelMagic + 4 + 8 || std::memcmp(bytes.data(), kModelMagic, sizeof kModelMagic) != 0)
    return make_error(ErrorKind::kInvalidInput, file, "not a vigie syntax model (no VIGIESYN header)" + rebuild);
  size_t pos = sizeof kModelMagic;
  uint32_t version = 0;
  get_u32(bytes, pos, version);
  if (version > kModelFormatVersion)
    return make_error(ErrorKind::kUnsupportedVersion, file,
                      "syntax model format version " + std::to_string(version) + " is newer than version " +
                          std::to_string(kModelFormatVersion) + " that this vigie reads; update vigie or rebuild " +
                          "the model with " + kRebuildCommand);
  if (version < 1)
    return make_error(ErrorKind::kInvalidInput, file, "syntax model format version 0 is not valid" + rebuild);
  const size_t body_end = bytes.size() - 8;
  if (XXH3_64bits(bytes.data(), body_end) != get_u64_at(bytes, body_end))
    return make_error(ErrorKind::kInvalidInput, file, "syntax model is damaged (checksum mismatch)" + rebuild);
  std::string_view body = bytes.substr(0, body_end);
  auto damaged = [&](const char* part) {
    return make_error(ErrorKind::kInvalidInput, file, std::string("syntax model is damaged (") + part + ")" + rebuild,
                      "byte " + std::to_string(pos));
  };
  std::string lang;
  if (!get_string(body, pos, lang)) return damaged("language");
  uint32_t class_count = 0;
  if (!get_u32(body, pos, class_count) || class_count == 0 || class_count > 65535) return damaged("tag classes");
  std::vector<TagClass> classes(class_count);
  for (TagClass& tag_class : classes) {
    if (pos >= body.size()) return damaged("tag classes");
    auto upos = static_cast<uint8_t>(body[pos++]);
    if (upos >= kUposCount) return damaged("tag classes");
    tag_class.upos = static_cast<Upos>(upos);
    if (!get_string(body, pos, tag_class.feats)) return damaged("tag classes");
  }
  CompactWeights tagger_weights;
  if (!tagger_weights.read(body, pos) || tagger_weights.class_count() != static_cast<int>(class_count))
    return damaged("tagger weights");
  Lemmatizer lemmatizer;
  if (!lemmatizer.read(body, pos)) return damaged("lemmatiser");
  uint32_t label_count = 0;
  if (!get_u32(body, pos, label_count) || label_count == 0 || label_count > 65535) return damaged("labels");
  std::vector<std::string> labels(label_count);
  bool has_root = false;
  for (std::string& label : labels) {
    if (!get_string(body, pos, label)) return damaged("labels");
    has_root = has_root || label == "root";
  }
  if (!has_root) return damaged("labels");
  CompactWeights transitions;
  CompactWeights labeller;
  if (!transitions.read(body, pos) || transitions.class_count() != 3) return damaged("transition weights");
  if (!labeller.read(body, pos) || labeller.class_count() != static_cast<int>(label_count))
    return damaged("label weights");
  if (pos != body.size()) return damaged("trailing bytes");
  return std::make_unique<SyntaxModel>(std::move(lang), Tagger(std::move(classes), std::move(tagger_weights)),
                                       std::move(lemmatizer),
                                       Parser(std::move(labels), std::move(transitions), std::move(labeller)));
}

Result<std::unique_ptr<SyntaxModel>> SyntaxModel::load_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorKind::kIo, path, std::string("cannot open the syntax model; build it with ") + kRebuildCommand);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return deserialize(buffer.str(), path);
}

}  // namespace vigie::syntax
