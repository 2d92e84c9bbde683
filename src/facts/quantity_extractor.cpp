// Approach: at each token, an optional bound phrase ("près de", "at least"), an
// optional range opener ("entre", "between"), a number (number_parser.h), an optional
// range end ("et 300", "à 300", "-300"), then the counted noun: after "de"/"of" when
// the number asks for one ("un millier de soldats"), else the next word that is not a
// function word (French puts adjectives after the noun: "soldats britanniques" ->
// "soldats"; English before: "British soldiers", so capitalised and listed modifiers
// are skipped). A number with no noun is kept only when it is money or when an
// earlier count in the sentence lends its noun ("2,5 millions de personnes et tué
// plus de 8 000").
#include "facts/quantity_extractor.h"

#include "facts/number_parser.h"

namespace vigie::facts {
namespace {

bool is_word(const LexToken& t) { return t.kind == LexKind::kWord; }

}  // namespace

void QuantityExtractor::extract(std::string_view text, const std::vector<LexToken>& tokens,
                                std::vector<Quantity>& out) const {
  const size_t n = tokens.size();
  size_t i = 0;
  const size_t first_new = out.size();
  while (i < n) {
    size_t start = i;
    size_t j = i;
    std::string bound;
    size_t len = 0;
    if (const auto* phrase = lx_.bounds.match(tokens, j, n, len)) {
      bound = phrase->fields.empty() ? "approx" : phrase->fields[0];
      j += len;
    }
    // Only a word or digits can start a number; skip fast.
    if (j >= n || (tokens[j].kind != LexKind::kWord && tokens[j].kind != LexKind::kNumber)) {
      ++i;
      continue;
    }
    bool has_opener = false;
    size_t number_at = j;
    if (lx_.range_openers.count(tokens[j].folded) && j + 1 < n) {
      // "entre 200 et 300": only an opener when a number follows.
      auto probe = parse_number(lx_, tokens, j + 1, n);
      if (probe && !lx_.linkers.count(tokens[j].folded)) {
        has_opener = true;
        number_at = j + 1;
      } else if (probe && probe->is_plain_digits && j + 3 < n && lx_.range_joiners.count(tokens[probe->end].folded)) {
        has_opener = true;  // "de 200 à 300"
        number_at = j + 1;
      }
    }
    auto number = parse_number(lx_, tokens, number_at, n);
    if (!number) {
      ++i;
      continue;
    }
    const LexToken& head = tokens[number_at];
    size_t k = number->end;
    Quantity q;
    q.value = number->value;
    q.max_value = number->max_value;
    q.is_approx = number->is_approx || !bound.empty();
    q.bound = bound.empty() ? (number->is_approx ? "approx" : "") : bound;

    // Range end: "entre 200 et 300", "200 à 300", "200-300", "between 200 and 300".
    if (k + 1 < n && lx_.range_joiners.count(tokens[k].folded)) {
      bool joiner_is_and = lx_.number_joiners.count(tokens[k].folded) > 0;
      if (has_opener || !joiner_is_and) {
        auto high = parse_number(lx_, tokens, k + 1, n);
        if (high && high->value > q.value) {
          q.max_value = high->value;
          number->needs_linker = number->needs_linker || high->needs_linker;
          k = high->end;
        }
      }
    }

    // Not counts: a year, a day of a month, a clock time, an ordinal, a percentage.
    if (number->is_plain_digits) {
      bool is_year_like = head.integer_digits == 4 && !head.has_grouping && !head.has_decimal &&
                          head.number >= 1800 && head.number <= 2100;
      if (is_year_like) {
        bool noun_follows = k < n && is_word(tokens[k]) && !tokens[k].is_capitalized &&
                            !lx_.function_words.count(tokens[k].folded) && !lx_.months.count(tokens[k].folded) &&
                            !lx_.time_units.count(tokens[k].folded);
        if (!noun_follows) {  // "en 2020", "2020 et 2021"; "2000 soldats" is a count
          i = k;
          continue;
        }
      }
      if (number_at > 0 && lx_.months.count(tokens[number_at - 1].folded)) {  // "juin 2022", "June 29"
        i = k;
        continue;
      }
      if (number_at > 0 && (tokens[number_at - 1].folded == ":" || tokens[number_at - 1].folded == "/") &&
          !tokens[number_at].has_space_before) {
        i = k;
        continue;
      }
      if (k < n && (tokens[k].folded == ":" || tokens[k].folded == "/") && k + 1 < n &&
          tokens[k + 1].kind == LexKind::kNumber && !tokens[k + 1].has_space_before) {
        i = k + 2;
        continue;
      }
    }
    if (k < n && lx_.months.count(tokens[k].folded)) {  // "29 juin", "1er mai"
      i = k + 1;
      continue;
    }
    size_t pct_len = 0;
    if (lx_.percent.match(tokens, k, n, pct_len)) {
      i = k + pct_len;
      continue;
    }
    if (k < n && lx_.clock_hours.count(tokens[k].folded) && number->is_plain_digits) {  // "22 h"
      i = k + 1;
      continue;
    }

    // Money: a currency symbol before ("$3.5 million", "€10") or a currency after,
    // directly or after "de" ("2,5 millions d'euros").
    size_t unit_begin = 0, unit_end = 0;
    size_t phrase_end = k;
    size_t cur_len = 0;
    const PhraseTable::Phrase* currency = nullptr;
    if (number_at > 0 && start == number_at) {
      size_t back = number_at - 1;
      if (tokens[back].kind == LexKind::kSymbol || tokens[back].kind == LexKind::kWord) {
        if (const auto* c = lx_.currencies.match(tokens, back, number_at, cur_len); c && cur_len == 1 &&
                                                                                    tokens[back].kind == LexKind::kSymbol) {
          currency = c;
          unit_begin = back;
          unit_end = back + 1;
          start = back;
        }
      }
    }
    if (currency == nullptr) {
      size_t at = k;
      if (at < n && lx_.linkers.count(tokens[at].folded)) ++at;
      if (const auto* c = lx_.currencies.match(tokens, at, n, cur_len)) {
        if (at == k || number->needs_linker || tokens[k].folded != "des") {
          currency = c;
          unit_begin = at;
          unit_end = at + cur_len;
          phrase_end = unit_end;
        }
      }
    }
    if (currency != nullptr) {
      q.currency = currency->fields.empty() ? "" : currency->fields[0];
      if (tokens[unit_begin].kind == LexKind::kSymbol && currency->fields.size() >= 2) {
        q.unit = currency->fields[1];
      } else {
        q.unit = std::string(text.substr(tokens[unit_begin].span.begin_byte,
                                         tokens[unit_end - 1].span.end_byte - tokens[unit_begin].span.begin_byte));
      }
      q.unit_span = {tokens[unit_begin].span.begin_byte, tokens[unit_end - 1].span.end_byte};
    } else {
      // The counted noun.
      size_t at = k;
      if (number->needs_linker) {
        if (at < n && lx_.linkers.count(tokens[at].folded)) ++at;
        else if (lx_.lang != "en" || !number->is_words) at = n;  // "un millier" with no "de": no noun
        // English "a dozen protesters" takes its noun directly.
      } else if (at < n && lx_.linkers.count(tokens[at].folded) && lx_.lang == "en") {
        ++at;  // "five of the" is rare; "dozens of" went through needs_linker
        at = n;
      }
      // English modifiers before the noun: "300 British soldiers", "other".
      while (at + 1 < n && is_word(tokens[at]) &&
             (lx_.unit_modifiers.count(tokens[at].folded) ||
              (lx_.lang == "en" && tokens[at].is_capitalized && is_word(tokens[at + 1]) &&
               !tokens[at + 1].is_capitalized && !lx_.function_words.count(tokens[at + 1].folded))))
        ++at;
      if (at < n && is_word(tokens[at]) && !lx_.function_words.count(tokens[at].folded) &&
          !lx_.number_words.count(tokens[at].folded) && tokens[at].span.size() > 1) {
        if (lx_.time_units.count(tokens[at].folded)) {  // "trois ans": a duration
          i = at + 1;
          continue;
        }
        if (lx_.months.count(tokens[at].folded) || lx_.weekdays.count(tokens[at].folded)) {
          i = at + 1;
          continue;
        }
        unit_begin = at;
        unit_end = at + 1;
        // "coups d'État", "chefs d'État": a noun completed by a capitalised noun.
        if (unit_end + 1 < n && (tokens[unit_end].folded == "d'" || tokens[unit_end].folded == "de") &&
            tokens[unit_end + 1].is_capitalized && is_word(tokens[unit_end + 1]) &&
            !tokens[unit_end + 1].is_all_caps && tokens[unit_end + 1].span.size() <= 6)
          unit_end += 2;
        q.unit_span = {tokens[unit_begin].span.begin_byte, tokens[unit_end - 1].span.end_byte};
        q.unit = std::string(q.unit_span.in(text));
        phrase_end = unit_end;
      }
    }
    if (q.unit.empty()) {
      // No noun: borrow one from an earlier count of the same sentence, when this one
      // is plainly a count ("et tué plus de 8 000"), else drop it.
      bool borrowed = false;
      if (!bound.empty() || number->value >= 100) {
        for (size_t m = out.size(); m > first_new; --m) {
          const Quantity& prev = out[m - 1];
          if (prev.unit.empty() || !prev.currency.empty()) continue;
          size_t prev_token = 0;
          // Same sentence: compare with the token at the previous span's end.
          while (prev_token < n && tokens[prev_token].span.end_byte < prev.span.end_byte) ++prev_token;
          if (prev_token < n && tokens[prev_token].sentence == head.sentence && number_at > prev_token &&
              number_at - prev_token < 12) {
            q.unit = prev.unit;
            borrowed = true;
          }
          break;
        }
      }
      if (!borrowed) {
        i = k > i ? k : i + 1;
        continue;
      }
    }
    // "des milliers de", "les deux pays": the determiner belongs to the phrase.
    if (start == number_at && number->is_words && start > 0 &&
        (tokens[start - 1].folded == "des" || tokens[start - 1].folded == "les")) {
      --start;
    }
    q.span = {tokens[start].span.begin_byte, tokens[phrase_end - 1].span.end_byte};
    out.push_back(std::move(q));
    i = phrase_end;
  }
}

}  // namespace vigie::facts
