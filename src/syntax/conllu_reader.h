#pragma once
// Internal to the syntax stage: reads Universal Dependencies CoNLL-U files
// (https://universaldependencies.org/format.html) and turns their syntactic words
// into the surface tokens vigie's text stage produces. Empty nodes ("8.1") are
// skipped; multiword-token ranges ("3-4 du" over "de" + "le") are kept so the caller
// can collapse them (see collapse_multiword_tokens).

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace vigie::syntax {

// One word of a sentence, 0-based: head is the index of the head word, -1 for root.
struct ConllWord {
  std::string form;
  std::string lemma;
  std::string upos;
  std::string feats;   // "_" becomes empty
  int32_t head = -1;
  std::string deprel;
};

// "3-4 du": words [first_word, last_word] (0-based, inclusive) written as `form`.
struct MultiwordToken {
  uint32_t first_word = 0;
  uint32_t last_word = 0;
  std::string form;
};

struct ConllSentence {
  std::string sent_id;
  std::vector<ConllWord> words;
  std::vector<MultiwordToken> multiword_tokens;
};

// Parses CoNLL-U text; `file` names it in errors ("fr_gsd-ud-test.conllu:12: ...").
// A malformed line fails the whole read: training on half a treebank is worse than
// stopping.
Result<std::vector<ConllSentence>> parse_conllu(std::string_view text, const std::string& file);
Result<std::vector<ConllSentence>> read_conllu_file(const std::string& path);

// Replaces each multiword token for which `keep_split(mwt, words)` is false by one
// token with the range's form. The token takes the tag, lemma, features, head and
// relation of the range's word whose head lies outside the range ("du" = "de" + "le"
// becomes ADP "de", case, attached like "de"); heads pointing into the range point to
// the new token. Without `keep_split` every range is collapsed.
using KeepSplit = std::function<bool(const MultiwordToken&, const std::vector<ConllWord>&)>;
std::vector<ConllWord> collapse_multiword_tokens(const ConllSentence& sentence, const KeepSplit& keep_split = {});

}  // namespace vigie::syntax
