// Term iteration, folding and stemming (see term_normalizer.h for the rules).
//
// Speed: this runs over every byte ingested, twice (FTS5 index and SimHash), so the
// per-code-point work is a table lookup. ASCII has its own 128-entry table; code
// points below kTableSize (Latin, Greek, Cyrillic, Arabic, Latin Extended Additional,
// general punctuation) are folded once with ICU into a static table; rarer code points
// are folded with ICU on first sight and cached per instance.

#include "core/utf8.h"
#include "text/term_normalizer.h"

#include <libstemmer.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>

#include <array>
#include <cstring>
#include <unordered_map>

namespace vigie::text {
namespace {

enum CharClass : uint8_t {
  kSeparator = 0,
  kWordChar = 1,   // letter, digit or combining mark: continues a word
  kIdeograph = 2,  // Han or kana: a term on its own
};

struct FoldEntry {
  uint8_t length = 0;  // bytes of folded UTF-8 in `bytes`
  uint8_t char_class = kSeparator;
  char bytes[14] = {};
};

constexpr uint32_t kTableSize = 0x2100;
// Snowball's cost grows with word length and no real word is this long; longer runs
// (hashes, base64) are indexed folded but unstemmed.
constexpr size_t kMaxStemmedBytes = 64;
constexpr size_t kMaxCachedStems = 200000;
// A word longer than this is cut: FTS5 accepts it, but nobody searches for it.
constexpr size_t kMaxTermBytes = 256;

bool is_kana(UChar32 cp) {
  UErrorCode status = U_ZERO_ERROR;
  UScriptCode script = uscript_getScript(cp, &status);
  return U_SUCCESS(status) && (script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA);
}

// The reference folding of one code point, with ICU. Everything else is a cache of it.
FoldEntry compute_fold(UChar32 cp) {
  FoldEntry entry;
  const bool is_mark = (U_GET_GC_MASK(cp) & U_GC_M_MASK) != 0;
  if (!u_isalnum(cp) && !is_mark) return entry;
  entry.char_class = (u_hasBinaryProperty(cp, UCHAR_IDEOGRAPHIC) || is_kana(cp)) ? kIdeograph : kWordChar;
  icu::UnicodeString folded(cp);
  folded.foldCase(U_FOLD_CASE_DEFAULT);  // full folding: "ß" -> "ss", "Σ"/"ς" -> "σ"
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString decomposed = U_SUCCESS(status) ? nfd->normalize(folded, status) : folded;
  if (U_FAILURE(status)) decomposed = folded;
  std::string out;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (c >= 0x0300 && c <= 0x036F) continue;  // combining diacritics: the accent-folding
    // French writes "cœur" and "coeur" for the same word; NFD does not split ligatures.
    if (c == 0x0153) { out += "oe"; continue; }
    if (c == 0x00E6) { out += "ae"; continue; }
    append_utf8(out, c);
  }
  if (out.size() > sizeof entry.bytes) out.resize(0);  // no such code point in practice
  entry.length = static_cast<uint8_t>(out.size());
  std::memcpy(entry.bytes, out.data(), out.size());
  return entry;
}

const std::array<FoldEntry, kTableSize>& fold_table() {
  static const auto* table = [] {
    auto* t = new std::array<FoldEntry, kTableSize>();
    for (UChar32 cp = 0; cp < static_cast<UChar32>(kTableSize); ++cp) (*t)[cp] = compute_fold(cp);
    return t;
  }();
  return *table;
}

// ASCII: the folded byte, or 0 for a separator.
constexpr std::array<char, 128> make_ascii_table() {
  std::array<char, 128> t{};
  for (int c = 0; c < 128; ++c) {
    if (c >= 'a' && c <= 'z') t[c] = static_cast<char>(c);
    else if (c >= 'A' && c <= 'Z') t[c] = static_cast<char>(c - 'A' + 'a');
    else if (c >= '0' && c <= '9') t[c] = static_cast<char>(c);
  }
  return t;
}
constexpr std::array<char, 128> kAsciiFold = make_ascii_table();

// Decodes one UTF-8 code point at `p` (< end); returns its length, 0 for an invalid
// sequence (treated as a one-byte separator).
inline int decode_utf8(const unsigned char* p, const unsigned char* end, UChar32& cp) {
  unsigned char b = *p;
  if (b < 0xC2) return 0;
  if (b < 0xE0) {
    if (end - p < 2 || (p[1] & 0xC0) != 0x80) return 0;
    cp = ((b & 0x1F) << 6) | (p[1] & 0x3F);
    return 2;
  }
  if (b < 0xF0) {
    if (end - p < 3 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80) return 0;
    cp = ((b & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F);
    return cp >= 0x800 ? 3 : 0;
  }
  if (b < 0xF5) {
    if (end - p < 4 || (p[1] & 0xC0) != 0x80 || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
    cp = ((b & 0x07) << 18) | ((p[1] & 0x3F) << 12) | ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    return (cp >= 0x10000 && cp <= 0x10FFFF) ? 4 : 0;
  }
  return 0;
}

struct LanguageName {
  const char* code;
  const char* snowball;
};
constexpr LanguageName kLanguages[] = {
    {"ar", "arabic"},     {"hy", "armenian"},   {"eu", "basque"},     {"ca", "catalan"},
    {"da", "danish"},     {"nl", "dutch"},      {"en", "english"},    {"fi", "finnish"},
    {"fr", "french"},     {"de", "german"},     {"el", "greek"},      {"hi", "hindi"},
    {"hu", "hungarian"},  {"id", "indonesian"}, {"ga", "irish"},      {"it", "italian"},
    {"lt", "lithuanian"}, {"ne", "nepali"},     {"no", "norwegian"},  {"nb", "norwegian"},
    {"pt", "portuguese"}, {"ro", "romanian"},   {"ru", "russian"},    {"sr", "serbian"},
    {"es", "spanish"},    {"sv", "swedish"},    {"ta", "tamil"},      {"tr", "turkish"},
    {"yi", "yiddish"},
};

bool has_snowball(std::string_view name) {
  for (const char** list = sb_stemmer_list(); *list != nullptr; ++list) {
    if (name == *list) return true;
  }
  return false;
}

}  // namespace

struct TermNormalizer::Impl {
  sb_stemmer* stemmer = nullptr;
  bool is_french = false;
  std::unordered_map<UChar32, FoldEntry> rare_folds;  // code points >= kTableSize
  // Snowball costs ~250 ns a word and news repeats its words: a cache of stems by
  // folded word makes stemming ~8x cheaper. Cleared when full rather than LRU: the
  // frequent words come back within a few articles.
  std::unordered_map<std::string, std::string> stems;

  ~Impl() {
    if (stemmer != nullptr) sb_stemmer_delete(stemmer);
  }
  const FoldEntry& fold_of(UChar32 cp) {
    if (cp < static_cast<UChar32>(kTableSize)) return fold_table()[cp];
    auto it = rare_folds.find(cp);
    if (it == rare_folds.end()) it = rare_folds.emplace(cp, compute_fold(cp)).first;
    return it->second;
  }
};

std::string TermNormalizer::stemmer_for_language(std::string_view lang) {
  std::string lower(lang);
  for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  if (lower.size() > 2 && lower != "porter" && has_snowball(lower)) return lower;
  // "fr-CA", "pt_BR": the stemmer is the language's.
  std::string_view code = std::string_view(lower).substr(0, lower.find_first_of("-_"));
  for (const auto& entry : kLanguages) {
    if (code == entry.code && has_snowball(entry.snowball)) return entry.snowball;
  }
  return {};
}

TermNormalizer::TermNormalizer(std::string_view lang) : impl_(std::make_unique<Impl>()) {
  stemmer_name_ = stemmer_for_language(lang);
  if (!stemmer_name_.empty()) {
    impl_->stemmer = sb_stemmer_new(stemmer_name_.c_str(), "UTF_8");
    if (impl_->stemmer == nullptr) stemmer_name_.clear();  // out of memory: fold only
  }
  impl_->is_french = stemmer_name_ == "french";
  term_.reserve(kMaxTermBytes + 16);
  fold_table();  // build the shared table now rather than inside the first insert
}

TermNormalizer::~TermNormalizer() = default;

void TermNormalizer::stem_term() {
  if (impl_->stemmer == nullptr || term_.size() > kMaxStemmedBytes) return;
  auto cached = impl_->stems.find(term_);
  if (cached != impl_->stems.end()) {
    term_.assign(cached->second);
    return;
  }
  size_t length = term_.size();
  // Snowball French reads "-ait" as an imperfect ending in "retrait" ("retr") but not in
  // "retraits" ("retrait"), so singular and plural of these nouns (retrait, portrait,
  // souhait) would not find each other. Dropping the plural "s" first gives both "retr".
  // Only "-aits" of 6+ letters: "faits" already stems like "fait", and other plural
  // forms ("généraux") stem correctly as they are.
  if (impl_->is_french && length >= 6 && term_.compare(length - 4, 4, "aits") == 0) --length;
  const sb_symbol* stemmed =
      sb_stemmer_stem(impl_->stemmer, reinterpret_cast<const sb_symbol*>(term_.data()), static_cast<int>(length));
  if (stemmed == nullptr) return;  // out of memory: keep the folded word
  if (impl_->stems.size() >= kMaxCachedStems) impl_->stems.clear();
  std::string stem(reinterpret_cast<const char*>(stemmed), static_cast<size_t>(sb_stemmer_length(impl_->stemmer)));
  impl_->stems.emplace(term_, stem);
  term_.assign(stem);
}

void TermNormalizer::for_each_term_impl(std::string_view text, void* context, TermFn on_term) {
  const auto* const begin = reinterpret_cast<const unsigned char*>(text.data());
  const auto* const end = begin + text.size();
  const auto* p = begin;
  const unsigned char* word_begin = nullptr;  // non-null while inside a word
  term_.clear();

  // Emits the word that ends at `word_end`; returns false when the callback stops.
  auto flush = [&](const unsigned char* word_end) -> bool {
    const unsigned char* started = word_begin;
    word_begin = nullptr;
    if (term_.empty()) return true;  // only combining marks
    stem_term();
    bool keep_going = on_term(context, term_, static_cast<uint32_t>(started - begin),
                              static_cast<uint32_t>(word_end - begin));
    term_.clear();
    return keep_going;
  };

  while (p < end) {
    const unsigned char b = *p;
    if (b < 0x80) {
      const char folded = kAsciiFold[b];
      if (folded != 0) {
        if (word_begin == nullptr) word_begin = p;
        if (term_.size() < kMaxTermBytes) term_ += folded;
      } else if (word_begin != nullptr && !flush(p)) {
        return;
      }
      ++p;
      continue;
    }
    UChar32 cp = 0;
    const int length = decode_utf8(p, end, cp);
    if (length == 0) {  // invalid UTF-8: a separator, so offsets stay on valid bytes
      if (word_begin != nullptr && !flush(p)) return;
      ++p;
      continue;
    }
    const FoldEntry& entry = impl_->fold_of(cp);
    if (entry.char_class == kWordChar) {
      if (word_begin == nullptr) word_begin = p;
      if (term_.size() < kMaxTermBytes) term_.append(entry.bytes, entry.length);
    } else {
      if (word_begin != nullptr && !flush(p)) return;
      if (entry.char_class == kIdeograph) {
        word_begin = p;
        term_.append(entry.bytes, entry.length);
        if (!flush(p + length)) return;
      }
    }
    p += length;
  }
  if (word_begin != nullptr) flush(end);
}

std::string TermNormalizer::fold(std::string_view word) {
  TermNormalizer normalizer("und");
  std::string out;
  normalizer.for_each_term(word, [&](std::string_view term, uint32_t, uint32_t) { out += term; });
  return out;
}

}  // namespace vigie::text
