// Reads knowledge-base files (docs/ENTITIES.md, "Knowledge-base files"): a header line
// "vigie-entities-kb<TAB><version>", comments starting with '#', and records
//   E <ref> <TYPE> <country> <lat> <lon> <sector> <flags> <alias|alias|...>
//   D <demonym> <ISO3 or *> <lang>
//   R <title> <lang>
#include "entities/knowledge_base.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "entities/text_fold.h"

namespace vigie::entities {
namespace {

std::vector<std::string_view> split(std::string_view line, char sep) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t pos = line.find(sep, start);
    parts.push_back(line.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  return parts;
}

// Token boundaries inside a folded key: before a space, after an apostrophe, around a hyphen.
void for_each_prefix(std::string_view key, const auto& visit) {
  for (size_t i = 1; i < key.size(); ++i) {
    char c = key[i];
    if (c == ' ') visit(key.substr(0, i));
    if (c == '\'' || c == '-') visit(key.substr(0, i + 1));
    if (c == '-' || c == '.') visit(key.substr(0, i));
  }
}

}  // namespace

PhraseTable::Slot& PhraseTable::insert_slot(uint64_t h) {
  h = key_of(h);
  if ((used_ + 1) * 2 > slots_.size()) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(std::max<size_t>(64, old.size() * 2), Slot{});
    const uint64_t mask = slots_.size() - 1;
    for (const Slot& slot : old) {
      if (slot.hash == 0) continue;
      uint64_t k = slot.hash & mask;
      while (slots_[k].hash != 0) k = (k + 1) & mask;
      slots_[k] = slot;
    }
  }
  const uint64_t mask = slots_.size() - 1;
  uint64_t k = h & mask;
  while (slots_[k].hash != 0 && slots_[k].hash != h) k = (k + 1) & mask;
  if (slots_[k].hash == 0) {
    slots_[k].hash = h;
    ++used_;
  }
  return slots_[k];
}

const PhraseTable::Slot* PhraseTable::find_slot(uint64_t h) const {
  if (slots_.empty()) return nullptr;
  h = key_of(h);
  const uint64_t mask = slots_.size() - 1;
  for (uint64_t k = h & mask;; k = (k + 1) & mask) {
    const Slot& slot = slots_[k];
    if (slot.hash == h) return &slot;
    if (slot.hash == 0) return nullptr;
  }
}

bool PhraseTable::add(std::string_view folded_key, uint32_t value, bool replace) {
  if (folded_key.empty()) return false;
  Slot& slot = insert_slot(hash_bytes(folded_key));
  if (slot.has_value && !replace) return false;
  if (!slot.has_value) ++value_count_;
  slot.has_value = 1;
  slot.value = value;
  for_each_prefix(folded_key, [&](std::string_view prefix) { insert_slot(hash_bytes(prefix)).is_prefix = 1; });
  return true;
}

const uint32_t* PhraseTable::find(std::string_view folded_key) const {
  const Slot* slot = find_slot(hash_bytes(folded_key));
  return slot != nullptr && slot->has_value ? &slot->value : nullptr;
}

uint32_t PhraseTable::longest_match(const std::vector<std::string>& folded, const std::vector<uint8_t>& gap_before,
                                    uint32_t first, uint32_t end, uint32_t max_words, uint32_t& value) const {
  uint32_t best = 0;
  uint64_t h = 1469598103934665603ULL;
  for (uint32_t i = first; i < end && i - first < max_words; ++i) {
    if (i > first && gap_before[i]) h = hash_bytes(" ", h);
    h = hash_bytes(folded[i], h);
    const Slot* slot = find_slot(h);
    if (slot == nullptr) break;
    if (slot->has_value) {
      best = i + 1 - first;
      value = slot->value;
    }
    if (!slot->is_prefix) break;
  }
  return best;
}

Status KnowledgeBase::add_file(std::string_view content, const std::string& file_name, bool overrides) {
  size_t line_start = 0;
  int line_number = 0;
  bool has_header = false;
  while (line_start < content.size()) {
    size_t line_end = content.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = content.size();
    std::string_view line = content.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    auto cols = split(line, '\t');
    if (!has_header) {
      int version = 0;
      if (cols.size() < 2 || cols[0] != kKbMagic ||
          std::from_chars(cols[1].data(), cols[1].data() + cols[1].size(), version).ec != std::errc()) {
        return make_error(ErrorKind::kInvalidInput, file_name,
                          std::string("not a knowledge-base file: the first line must be \"") + kKbMagic +
                              "<TAB>" + std::to_string(kKbFormatVersion) + "\"",
                          std::to_string(line_number));
      }
      if (version > kKbFormatVersion) {
        return make_error(ErrorKind::kUnsupportedVersion, file_name,
                          "knowledge-base format version " + std::to_string(version) + " is newer than this build (" +
                              std::to_string(kKbFormatVersion) +
                              "); rebuild it with scripts/build-kb.sh or update vigie",
                          std::to_string(line_number));
      }
      has_header = true;
      continue;
    }
    auto bad = [&](const std::string& why) {
      return make_error(ErrorKind::kInvalidInput, file_name, why, std::to_string(line_number));
    };
    if (cols[0] == "E") {
      if (cols.size() < 9) return bad("an E record needs 9 tab-separated fields, found " + std::to_string(cols.size()));
      KbEntry entry;
      entry.ref = std::string(cols[1]);
      if (entry.ref.empty()) return bad("an E record has an empty ref");
      if (!parse_entity_type(cols[2], entry.type)) return bad("unknown entity type \"" + std::string(cols[2]) + "\"");
      entry.country = std::string(cols[3]);
      if (!cols[4].empty() && !cols[5].empty()) {
        entry.latitude = std::strtod(std::string(cols[4]).c_str(), nullptr);
        entry.longitude = std::strtod(std::string(cols[5]).c_str(), nullptr);
        entry.has_coordinates = true;
      }
      entry.sector = std::string(cols[6]);
      entry.is_safety_net = cols[7].find('s') != std::string_view::npos;
      entry.is_country = cols[7].find('c') != std::string_view::npos;
      entry.is_derived_ref = cols[7].find('p') != std::string_view::npos;
      uint32_t index;
      if (auto it = by_ref_.find(entry.ref); it != by_ref_.end()) {
        index = it->second;  // a later record of the same ref adds aliases
        if (overrides) {
          entries_[index] = entry;
        }
      } else {
        index = static_cast<uint32_t>(entries_.size());
        by_ref_.emplace(entry.ref, index);
        entries_.push_back(std::move(entry));
      }
      for (auto alias : split(cols[8], '|')) {
        std::string key = fold_key(alias);
        if (key.empty()) continue;
        aliases_.add(key, index, overrides);
        (is_all_upper(alias) ? acronym_keys_ : mixed_case_keys_).insert(key);
      }
      aliases_.add(fold_key(entries_[index].ref), index, false);
    } else if (cols[0] == "D") {
      if (cols.size() < 3) return bad("a D record needs a demonym and a country code");
      std::string key = fold_key(cols[1]);
      if (overrides) demonyms_[key] = std::string(cols[2]);
      else demonyms_.emplace(key, std::string(cols[2]));
    } else if (cols[0] == "R") {
      if (cols.size() < 2 || cols[1].empty()) return bad("an R record needs a title");
      uint32_t index = static_cast<uint32_t>(role_texts_.size());
      if (roles_.add(fold_key(cols[1]), index, overrides)) role_texts_.emplace_back(cols[1]);
    } else {
      return bad("unknown record kind \"" + std::string(cols[0]) + "\" (expected E, D or R)");
    }
  }
  if (!has_header) {
    return make_error(ErrorKind::kInvalidInput, file_name,
                      std::string("empty knowledge-base file: the first line must be \"") + kKbMagic + "<TAB>1\"");
  }
  return Status::success();
}

const KbEntry* KnowledgeBase::find_alias(std::string_view folded_key) const {
  const uint32_t* index = aliases_.find(folded_key);
  return index == nullptr ? nullptr : &entries_[*index];
}

const KbEntry* KnowledgeBase::find_ref(std::string_view ref) const {
  auto it = by_ref_.find(std::string(ref));
  return it == by_ref_.end() ? nullptr : &entries_[it->second];
}

const std::string* KnowledgeBase::demonym(std::string_view folded_word) const {
  auto it = demonyms_.find(std::string(folded_word));
  return it == demonyms_.end() ? nullptr : &it->second;
}

}  // namespace vigie::entities
