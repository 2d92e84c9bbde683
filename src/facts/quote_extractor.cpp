// Approach, in three passes over the tokens:
//  1. Direct quotes: pair each opening mark with its closing mark in the same
//     paragraph (« with », “ with ”, ‹ with ›, " with the next "); a quote left open
//     runs to the end of its sentence. Marks inside a quote are left alone.
//  2. Reported speech: a speech verb (speech.<lang>.txt) followed within a few words
//     by "que"/"that" ("a déclaré à l'AFP que ..."), or directly by an infinitive
//     for verbs like "nier" ("a nié s'être tourné ..."), or placed after its clause
//     ("Le retrait ... dans la région, a précisé le secrétaire d'Etat."), and
//     "selon X" before or after a clause. Noun objects ("a annoncé le retrait") are
//     not speech and are left to the events stage.
//  3. Attribution of direct quotes: the verb right after the closing mark
//     ("», a-t-il ajouté", "», a indiqué X"), else a speech verb or "X :" before the
//     opening mark in the same sentence, else the reported speech that contains the
//     quote (scare quotes), else the previous quote's speaker in the paragraph.
// Speakers: the last capitalised name in a phrase after the verb ("le secrétaire
// d'Etat aux forces armées James Heappey" -> James Heappey, title before it), the
// first one before the verb, or the phrase itself when it has no name. A name after
// "de"/"du" inside a description ("une porte-parole du ministère de la Défense")
// keeps the whole description. Single names become the fullest form seen in the
// article ("M. Heappey" -> "James Heappey").
#include "facts/quote_extractor.h"

#include <algorithm>
#include <unordered_map>

namespace vigie::facts {
namespace {

bool is_open_mark(std::string_view t) {
  return t == "\xC2\xAB" || t == "\xE2\x80\x9C" || t == "\xE2\x80\xB9" || t == "\xE2\x80\x9E";
}

std::string_view close_for(std::string_view open) {
  if (open == "\xC2\xAB") return "\xC2\xBB";
  if (open == "\xE2\x80\x9C") return "\xE2\x80\x9D";
  if (open == "\xE2\x80\xB9") return "\xE2\x80\xBA";
  if (open == "\xE2\x80\x9E") return "\xE2\x80\x9C";
  return "\"";
}

bool is_sentence_punct(std::string_view t) {
  return t == "." || t == "!" || t == "?" || t == "..." || t == "\xE2\x80\xA6";
}

struct RawQuote {
  size_t begin = 0;  // first content token
  size_t end = 0;    // one past the last content token
  size_t open = 0;   // the opening mark (direct) or the cue (indirect)
  size_t close = 0;  // the closing mark, or `end` when unclosed
  bool is_direct = true;
  size_t cue = SIZE_MAX;
  Speaker speaker;
};

class Attributor {
 public:
  Attributor(const LanguageLexicon& lx, std::string_view text, const std::vector<LexToken>& tokens)
      : lx_(lx), text_(text), t_(tokens), n_(tokens.size()) {
    // Sentence bounds by sentence index, so each lookup is O(1).
    uint32_t sentences = n_ == 0 ? 0 : t_.back().sentence + 1;
    sentence_begin_.assign(sentences, 0);
    sentence_end_.assign(sentences, 0);
    for (size_t k = n_; k-- > 0;) sentence_begin_[t_[k].sentence] = k;
    for (size_t k = 0; k < n_; ++k) sentence_end_[t_[k].sentence] = k + 1;
    collect_names();
  }

  bool is_word(size_t k) const { return k < n_ && t_[k].kind == LexKind::kWord; }
  const FoldedWord& f(size_t k) const {
    static const FoldedWord kEmpty = [] {
      FoldedWord w;
      w.hash = std::hash<std::string_view>{}(std::string_view());
      return w;
    }();
    return k < n_ ? t_[k].folded : kEmpty;
  }
  bool is_speech_verb(size_t k) const { return is_word(k) && lx_.speech_verbs.count(f(k)) > 0; }
  const std::string& lemma(size_t k) const { return lx_.speech_verbs.find((f(k)))->second; }
  bool is_pronoun(size_t k) const { return is_word(k) && lx_.pronouns.count(f(k)) > 0; }
  size_t sentence_begin(size_t k) const { return sentence_begin_[t_[k].sentence]; }
  size_t sentence_end(size_t k) const { return sentence_end_[t_[k].sentence]; }

  // A token that can be part of a name: capitalised word, not a month or weekday,
  // not a sentence-initial function word.
  bool is_name_word(size_t k) const {
    if (!is_word(k) || !t_[k].is_capitalized) return false;
    const std::string& w = f(k);
    if (lx_.months.count(w) || lx_.weekdays.count(w)) return false;
    if (lx_.honorifics.count(w)) return false;
    if (lx_.non_name_capitals.count(w)) return false;
    if (lx_.speech_verbs.count(w) || w == "selon") return false;
    return true;
  }

  // The name runs in [a, b): maximal sequences of name words joined by particles.
  std::vector<std::pair<size_t, size_t>> name_runs(size_t a, size_t b) const {
    std::vector<std::pair<size_t, size_t>> runs;
    size_t k = a;
    while (k < b) {
      if (!is_name_word(k)) {
        ++k;
        continue;
      }
      size_t e = k + 1;
      while (e < b) {
        if (is_name_word(e)) {
          ++e;
        } else if (e + 1 < b && is_word(e) && lx_.name_particles.count(f(e)) && is_name_word(e + 1) &&
                   !t_[e].is_capitalized) {
          e += 2;
        } else {
          break;
        }
      }
      // English titles are capitalised ("Defence Minister James Heappey"): the name
      // starts after the last title noun of the run.
      size_t name_begin = k;
      for (size_t x = k; x + 1 < e; ++x)
        if (lx_.title_nouns.count(f(x))) name_begin = x + 1;
      runs.emplace_back(name_begin, e);
      k = e;
    }
    return runs;
  }

  std::string span_text(size_t a, size_t b) const {
    return std::string(text_.substr(t_[a].span.begin_byte, t_[b - 1].span.end_byte - t_[a].span.begin_byte));
  }

  // Names of two words or more anywhere in the article, by their last word, so that
  // "Heappey" alone can be written "James Heappey".
  void collect_names() {
    for (auto [a, b] : name_runs(0, n_)) {
      if (b - a < 2) continue;
      multiword_runs_.emplace_back(a, b);
      // A run at a sentence start may include a capitalised function word; runs of
      // two real words only.
      std::string full = span_text(a, b);
      std::string last = f(b - 1);
      auto it = full_names_.find(last);
      if (it == full_names_.end() || it->second.size() < full.size()) full_names_[last] = full;
    }
  }

  std::string canonical_name(size_t a, size_t b) const {
    std::string written = span_text(a, b);
    auto it = full_names_.find(f(b - 1));
    if (it != full_names_.end() && it->second.size() > written.size() && it->second.ends_with(written))
      return it->second;
    return written;
  }

  void set_name(Speaker& s, size_t a, size_t b) const {
    s.span = {t_[a].span.begin_byte, t_[b - 1].span.end_byte};
    s.name = canonical_name(a, b);
    s.is_named = true;
  }

  void set_description(Speaker& s, size_t a, size_t b) const {
    while (b > a && (t_[b - 1].kind != LexKind::kWord || lx_.adverbs.count(f(b - 1)))) --b;
    if (b <= a) return;
    s.span = {t_[a].span.begin_byte, t_[b - 1].span.end_byte};
    s.name = span_text(a, b);
    s.is_named = false;
  }

  void set_pronoun(Speaker& s, size_t k) const {
    s.is_pronoun = true;
    s.pronoun_span = t_[k].span;
    const std::string& kind = lx_.pronouns.find((f(k)))->second;
    // The last speaker compatible with the pronoun: a named one for il/elle/he/she.
    for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
      if (it->begin_token > k || it->is_source) continue;
      if (kind != "p" && !it->speaker.is_named) {
        // "une porte-parole ... Elle a ajouté": a singular description of the same gender.
        std::string first = fold_text(it->speaker.name.substr(0, it->speaker.name.find(' ')));
        bool feminine = first == "une" || first == "la";
        bool masculine = first == "un" || first == "le";
        bool singular = feminine || masculine || first == "l'" || first == "a" || first == "an" || first == "the";
        if (!singular || (kind == "f" && masculine) || (kind == "m" && feminine)) continue;
      }
      s.span = it->speaker.span;
      s.name = it->speaker.name;
      s.title = it->speaker.title;
      s.title_span = it->speaker.title_span;
      s.is_named = it->speaker.is_named;
      return;
    }
    // Else the last multi-word name in the text before the pronoun.
    auto r = std::lower_bound(multiword_runs_.begin(), multiword_runs_.end(), std::make_pair(k, size_t{0}));
    if (r != multiword_runs_.begin()) {
      --r;
      set_name(s, r->first, r->second);
    }
  }

  // Builds a speaker from the phrase [a, b). `prefer_last` picks the last name (after
  // a verb: "a déclaré le ministre X"), else the first (before a verb).
  Speaker speaker_from(size_t a, size_t b, bool prefer_last) const {
    Speaker s;
    while (a < b && (t_[a].kind != LexKind::kWord || f(a) == "et" || f(a) == "mais" || f(a) == "and" ||
                     f(a) == "but"))
      ++a;
    if (a >= b) return s;
    if (is_pronoun(a)) {
      set_pronoun(s, a);
      return s;
    }
    auto runs = name_runs(a, b);
    // Names after a preposition inside a description stay in the description.
    std::vector<std::pair<size_t, size_t>> people;
    for (auto r : runs) {
      size_t before = r.first;
      bool after_preposition = false;
      if (before > a) {
        const std::string& p = f(before - 1);
        after_preposition = p == "de" || p == "du" || p == "des" || p == "d'" || p == "la" || p == "l'" ||
                            p == "of" || p == "à" || p == "au" || p == "aux" || p == "at";
      }
      bool starts_description = lx_.determiners.count(f(a)) > 0 && !lx_.title_nouns.count(f(a + 1 < b ? a + 1 : a));
      if (after_preposition && (starts_description || r.second - r.first < 2)) continue;
      people.push_back(r);
    }
    if (people.empty()) {
      if (lx_.determiners.count(f(a)) || !t_[a].is_capitalized || runs.empty()) {
        set_description(s, a, b);
        resolve_description(s);
      } else {
        set_name(s, runs.front().first, runs.front().second);
      }
      return s;
    }
    auto chosen = prefer_last ? people.back() : people.front();
    set_name(s, chosen.first, chosen.second);
    // Title: the words before the name (after any honorific), or an apposition.
    size_t title_begin = a;
    size_t title_end = chosen.first;
    while (title_end > title_begin && (t_[title_end - 1].kind != LexKind::kWord ||
                                       lx_.honorifics.count(f(title_end - 1))))
      --title_end;
    while (title_begin < title_end && lx_.determiners.count(f(title_begin))) ++title_begin;
    if (title_end > title_begin) {
      s.title_span = {t_[title_begin].span.begin_byte, t_[title_end - 1].span.end_byte};
      s.title = span_text(title_begin, title_end);
    } else if (chosen.second + 1 < b && f(chosen.second) == ",") {
      size_t e = chosen.second + 1;
      size_t tb = e;
      while (e < b && f(e) != ",") ++e;
      if (e > tb) {
        s.title_span = {t_[tb].span.begin_byte, t_[e - 1].span.end_byte};
        s.title = span_text(tb, e);
      }
    }
    return s;
  }

  // "le secrétaire d'Etat aux forces armées" after "le secrétaire d'Etat aux forces
  // armées James Heappey" is the same person.
  void resolve_description(Speaker& s) const {
    std::string folded = fold_text(s.name);
    // "La source", "la même source" after "une source diplomatique française": a
    // definite description takes the last indefinite one with the same head noun.
    {
      std::vector<std::string> words;
      size_t start = 0;
      while (start < folded.size()) {
        size_t sp = folded.find(' ', start);
        if (sp == std::string::npos) sp = folded.size();
        if (sp > start) words.push_back(folded.substr(start, sp - start));
        start = sp + 1;
      }
      if (words.size() >= 2 && words.size() <= 3 &&
          (words[0] == "la" || words[0] == "le" || words[0] == "les" || words[0] == "the" ||
           words[0].ends_with("'"))) {
        const std::string& head = words.back();
        for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
          if (it->speaker.is_named) continue;
          std::string prev = " " + fold_text(it->speaker.name) + " ";
          std::string first = prev.substr(1, prev.find(' ', 1) - 1);
          if ((first == "un" || first == "une" || first == "des" || first == "a" || first == "an") &&
              prev.find(" " + head + " ") != std::string::npos) {
            s.name = it->speaker.name;
            return;
          }
        }
      }
    }
    for (auto it = history_.rbegin(); it != history_.rend(); ++it) {
      if (!it->speaker.is_named || it->speaker.title.empty()) continue;
      std::string title = fold_text(it->speaker.title);
      if (title.size() >= 6 && folded.ends_with(title)) {
        s.name = it->speaker.name;
        s.is_named = true;
        s.title = it->speaker.title;
        return;
      }
    }
  }

  // The phrase after a verb: up to a comma, sentence end, quote mark or stop word.
  size_t phrase_after(size_t k, size_t limit) const {
    size_t e = k;
    while (e < limit && e - k < 14) {
      const LexToken& t = t_[e];
      // "M. Heappey": the period of an honorific stays in the phrase.
      bool honorific_period = t.folded == "." && e > k && lx_.honorifics.count(t_[e - 1].folded) &&
                              !t.has_space_before;
      if (t.kind == LexKind::kPunct && t.folded != "'" && t.folded != "-" && !honorific_period) break;
      if (e > k && lx_.speaker_stops.count(t.folded) && !(t.folded == "à" && false)) break;
      if (lx_.complementizers.count(t.folded)) break;
      ++e;
    }
    return e;
  }

  // Attribution right after a closing mark or a clause: ", a-t-il ajouté",
  // ", a indiqué X", ", said X", ", X said". Returns the verb token or SIZE_MAX.
  size_t attribution_after(size_t k, Speaker& speaker) const {
    size_t limit = sentence_end(k < n_ ? k : n_ - 1);
    size_t m = k;
    while (m < limit && (f(m) == "," || f(m) == "\xE2\x80\x94" || f(m) == "\xE2\x80\x93" || f(m) == "-")) ++m;
    if (m >= limit) return SIZE_MAX;
    size_t start = m;
    // "selon X" / "according to X".
    size_t len = 0;
    if (lx_.according.match(t_, m, limit, len)) {
      size_t e = phrase_after(m + len, limit);
      if (e > m + len) speaker = speaker_from(m + len, e, true);
      return m;
    }
    // [aux] [-t-il] [adverbs] verb [-t-il] [speaker]
    bool aux = false;
    if (is_word(m) && lx_.auxiliaries.count(f(m))) {
      aux = true;
      ++m;
    }
    size_t pronoun = SIZE_MAX;
    if (is_pronoun(m) && f(m)[0] == '-') pronoun = m++;
    while (m < limit && is_word(m) && lx_.adverbs.count(f(m)) && !is_speech_verb(m)) ++m;
    if (is_speech_verb(m)) {
      size_t verb = m++;
      if (pronoun == SIZE_MAX && is_pronoun(m) && f(m)[0] == '-') pronoun = m++;
      if (pronoun != SIZE_MAX) {
        Speaker s;
        set_pronoun(s, pronoun);
        speaker = s;
        return verb;
      }
      while (m < limit && is_word(m) && lx_.adverbs.count(f(m))) ++m;
      size_t e = phrase_after(m, limit);
      if (e > m) speaker = speaker_from(m, e, true);
      return verb;
    }
    if (aux) return SIZE_MAX;
    // English "X said", "he told reporters".
    if (lx_.lang == "en") {
      size_t e = m;
      while (e < limit && e - m < 8 && is_word(e) && !is_speech_verb(e)) ++e;
      if (e > m && is_speech_verb(e)) {
        speaker = speaker_from(start, e, false);
        return e;
      }
    }
    return SIZE_MAX;
  }

  // Subject of the verb at `verb`: the words from the clause start, the last comma
  // chunk unless it is an apposition ("X, directrice de Y, a déclaré").
  Speaker subject_before(size_t verb) const {
    size_t v = verb;
    while (v > 0 && is_word(v - 1) &&
           (lx_.auxiliaries.count(f(v - 1)) || lx_.adverbs.count(f(v - 1)) || f(v - 1) == "ne" ||
            f(v - 1) == "n'" || f(v - 1) == "pas" || f(v - 1) == "lui" || f(v - 1) == "leur" ||
            f(v - 1) == "l'" || f(v - 1) == "s'" || f(v - 1) == "se"))
      --v;
    size_t begin = sentence_begin(verb);
    for (size_t k = v; k > begin; --k) {
      const std::string& p = f(k - 1);
      // The subject starts after a complementizer ("Cette décision est intervenue après
      // que les autorités maliennes ont annoncé": the authorities, not the decision) and
      // after a line break (a heading above the paragraph is no part of its first
      // sentence's subject).
      const bool is_line_break =
          text_.substr(t_[k - 1].span.end_byte, t_[k].span.begin_byte - t_[k - 1].span.end_byte).find('\n') !=
          std::string_view::npos;
      if (p == ":" || p == ";" || is_quote_mark(p) || p == "(" || p == ")" || lx_.complementizers.count(p) ||
          is_line_break) {
        begin = k;
        break;
      }
    }
    if (v > begin && is_pronoun(v - 1)) {
      Speaker s;
      set_pronoun(s, v - 1);
      return s;
    }
    // Comma chunks.
    std::vector<std::pair<size_t, size_t>> chunks;
    size_t c = begin;
    for (size_t k = begin; k < v; ++k)
      if (f(k) == ",") {
        if (k > c) chunks.emplace_back(c, k);
        c = k + 1;
      }
    const bool follows_comma = v == c;  // "..., accusant": nothing between the comma and the verb
    if (v > c) chunks.emplace_back(c, v);
    if (chunks.empty()) return {};
    // A present participle right after a comma ("..., accusant des pays étrangers",
    // "affirmant que") has the subject of the main clause: the first chunk of the
    // sentence. With its own subject ("..., les analystes suggérant que") it keeps it.
    if (f(verb).ends_with("ant") && lx_.lang == "fr" && v == verb && follows_comma) {
      // That clause's own verb ends its subject: "les autorités maliennes ont annoncé, ...,
      // accusant" -> "les autorités maliennes".
      auto [first, end] = chunks.front();
      for (size_t k = first + 1; k < end; ++k) {
        if (is_word(k) && lx_.auxiliaries.count(f(k))) {
          end = k;
          break;
        }
      }
      return speaker_from(first, end, false);
    }
    auto last = chunks.back();
    auto is_apposition = [&](std::pair<size_t, size_t> ch) {
      size_t a = ch.first;
      if (lx_.determiners.count(f(a)) && a + 1 < ch.second) ++a;
      return lx_.title_nouns.count(f(a)) > 0 && !t_[ch.first].is_capitalized;
    };
    if (chunks.size() >= 2 && is_apposition(last)) {
      Speaker s = speaker_from(chunks[chunks.size() - 2].first, chunks[chunks.size() - 2].second, false);
      if (s.is_named && s.title.empty()) {
        s.title_span = {t_[last.first].span.begin_byte, t_[last.second - 1].span.end_byte};
        s.title = span_text(last.first, last.second);
      }
      return s;
    }
    return speaker_from(last.first, last.second, false);
  }

  void remember(size_t begin_token, const Speaker& s, bool is_source = false) {
    if (s.has_speaker()) history_.push_back({begin_token, s, is_source});
  }

 private:
  struct Said {
    size_t begin_token;
    Speaker speaker;
    bool is_source = false;  // "une information du Spiegel selon laquelle": not a person
  };
  const LanguageLexicon& lx_;
  std::string_view text_;
  const std::vector<LexToken>& t_;
  size_t n_;
  std::unordered_map<std::string, std::string> full_names_;
  std::vector<size_t> sentence_begin_, sentence_end_;
  std::vector<std::pair<size_t, size_t>> multiword_runs_;  // name runs of 2+ words, text order
  std::vector<Said> history_;
};

}  // namespace

void QuoteExtractor::extract(std::string_view text, const std::vector<LexToken>& tokens, bool want_indirect,
                             std::vector<Quote>& out) const {
  const size_t n = tokens.size();
  if (n == 0) return;
  Attributor at(lx_, text, tokens);
  std::vector<RawQuote> quotes;
  std::vector<uint8_t> in_direct(n, 0);

  // 1. Direct quotes.
  for (size_t k = 0; k < n; ++k) {
    const std::string& mark = tokens[k].folded;
    if (tokens[k].kind != LexKind::kPunct || !is_quote_mark(mark)) continue;
    bool opens = is_open_mark(mark);
    if (mark == "\"") opens = k + 1 < n && !tokens[k + 1].has_space_before && !tokens[k + 1].starts_paragraph;
    if (!opens) continue;
    std::string_view close = close_for(mark);
    size_t m = k + 1;
    int depth = 0;
    while (m < n && tokens[m].paragraph == tokens[k].paragraph) {
      if (tokens[m].folded == mark && mark != "\"") ++depth;
      else if (tokens[m].folded == close) {
        if (depth == 0) break;
        --depth;
      }
      ++m;
    }
    RawQuote q;
    q.begin = k + 1;
    q.open = k;
    if (m < n && tokens[m].folded == close && tokens[m].paragraph == tokens[k].paragraph) {
      q.end = m;
      q.close = m;
    } else {
      // Left open: runs to the end of its sentence.
      if (k + 1 >= n) continue;
      q.end = at.sentence_end(k + 1);
      while (q.end > q.begin && is_sentence_punct(tokens[q.end - 1].folded) == false &&
             tokens[q.end - 1].kind == LexKind::kPunct)
        --q.end;
      q.close = q.end;
    }
    if (q.end <= q.begin) continue;
    for (size_t x = q.begin; x < q.end; ++x) in_direct[x] = 1;
    quotes.push_back(q);
    k = q.close;
  }

  // 2. Reported speech.
  std::vector<uint8_t> attribution_verb(n, 0);
  for (const RawQuote& q : quotes) {
    Speaker tmp;
    size_t verb = at.attribution_after(q.close + 1, tmp);
    if (verb != SIZE_MAX) attribution_verb[verb] = 1;
  }
  std::vector<RawQuote> indirect;
  if (want_indirect) {
    for (size_t k = 0; k < n; ++k) {
      if (in_direct[k] || tokens[k].kind != LexKind::kWord) continue;
      size_t sent_end = at.sentence_end(k);
      size_t sent_begin = at.sentence_begin(k);
      size_t len = 0;
      // "selon laquelle ...": the speaker is the noun phrase before.
      if (lx_.according_relative.match(tokens, k, sent_end, len)) {
        RawQuote q;
        q.is_direct = false;
        q.begin = k + len;
        q.end = sent_end;
        q.cue = k;
        size_t b = k;
        while (b > sent_begin && tokens[b - 1].folded != "," && b + 8 > k) --b;
        q.speaker = at.speaker_from(b, k, true);
        while (q.end > q.begin && tokens[q.end - 1].kind == LexKind::kPunct) --q.end;
        if (q.end > q.begin + 2) indirect.push_back(q);
        k += len;
        continue;
      }
      // "selon X, clause" or "clause, selon X".
      if (lx_.according.match(tokens, k, sent_end, len)) {
        size_t e = at.phrase_after(k + len, sent_end);
        if (e <= k + len) continue;
        RawQuote q;
        q.is_direct = false;
        q.cue = k;
        q.speaker = at.speaker_from(k + len, e, true);
        if (k <= sent_begin + 1 && e < sent_end && tokens[e].folded == ",") {
          q.begin = e + 1;
          q.end = sent_end;
        } else if (k > sent_begin + 2 && tokens[k - 1].folded == ",") {
          q.begin = sent_begin;
          q.end = k - 1;
        } else {
          continue;
        }
        while (q.end > q.begin && tokens[q.end - 1].kind == LexKind::kPunct) --q.end;
        if (q.end > q.begin + 1) indirect.push_back(q);
        continue;
      }
      if (!at.is_speech_verb(k) || attribution_verb[k]) continue;
      const std::string& lemma = at.lemma(k);
      // Forward: verb [à X | to X] que/that clause.
      size_t m = k + 1;
      if (m < n && at.is_pronoun(m) && tokens[m].folded[0] == '-') ++m;
      size_t clause = SIZE_MAX;
      // "ne reconnaissant que le soutien": restrictive "ne ... que", not a clause.
      bool restrictive = k > 0 && (tokens[k - 1].folded == "ne" || tokens[k - 1].folded == "n'") &&
                         m < sent_end && lx_.complementizers.count(tokens[m].folded);
      for (size_t x = m; x < sent_end && x < m + 9 && !restrictive; ++x) {
        if (lx_.complementizers.count(tokens[x].folded)) {
          clause = x + 1;
          break;
        }
        if (tokens[x].kind == LexKind::kPunct && tokens[x].folded != "," && tokens[x].folded != "'") break;
        if (in_direct[x]) break;
      }
      if (clause == SIZE_MAX && m < sent_end && lx_.clause_verbs.count(lemma) && tokens[m].kind == LexKind::kWord) {
        const std::string& next = tokens[m].folded;
        bool infinitive = next == "s'" || next == "se" || next == "avoir" || next == "être" ||
                          ((next.ends_with("er") || next.ends_with("ir") || next.ends_with("re")) && next.size() > 4);
        // A bare past participle is adjectival or passive ("accusé d'espionnage"),
        // not speech; an active one has its auxiliary ("a nié s'être tourné").
        const std::string& form = tokens[k].folded;
        bool participle = form.ends_with("\xC3\xA9") || form.ends_with("\xC3\xA9" "e") ||
                          form.ends_with("\xC3\xA9" "s") || form.ends_with("\xC3\xA9" "es");
        bool has_aux = false;
        for (size_t b = k; b > 0 && b + 3 > k; --b)
          if (lx_.auxiliaries.count(tokens[b - 1].folded)) has_aux = true;
        bool accusing = lemma == "accuser" || lemma == "accuse";
        if (accusing) {
          // "accusant X de + infinitive": the charge is a clause; "accusé d'espionnage" is not.
          infinitive = false;
          for (size_t x = m; x < sent_end && x < m + 10; ++x)
            if ((tokens[x].folded == "de" || tokens[x].folded == "d'") && x + 1 < sent_end) {
              const std::string& w = tokens[x + 1].folded;
              if (w == "avoir" || w == "\xC3\xAAtre" || ((w.ends_with("er") || w.ends_with("ir")) && w.size() > 4)) {
                infinitive = true;
                break;
              }
            }
        }
        if (infinitive && (!participle || has_aux)) clause = m;
      }
      if (clause == SIZE_MAX && lx_.lang == "en" && lemma == "say" && m < sent_end &&
          (lx_.determiners.count(tokens[m].folded) || at.is_pronoun(m) ||
           (tokens[m].is_capitalized && tokens[m].kind == LexKind::kWord)))
        clause = m;
      if (clause != SIZE_MAX && clause < sent_end) {
        RawQuote q;
        q.is_direct = false;
        q.cue = k;
        q.begin = clause;
        q.end = sent_end;
        while (q.end > q.begin && tokens[q.end - 1].kind == LexKind::kPunct &&
               !is_quote_mark(tokens[q.end - 1].folded))
          --q.end;
        // A trailing attribution of the whole clause is not part of it.
        q.speaker = at.subject_before(k);
        if (!q.speaker.has_speaker()) {
          // Inverted subject after the verb: "a déclaré le ministre que".
          size_t e = at.phrase_after(m, sent_end);
          if (e > m) q.speaker = at.speaker_from(m, e, true);
        }
        if (q.end > q.begin + 1) indirect.push_back(q);
        continue;
      }
      // Post-posed: "Clause, a précisé X." / "Clause, X said."
      size_t v = k;
      while (v > sent_begin && tokens[v - 1].kind == LexKind::kWord &&
             (lx_.auxiliaries.count(tokens[v - 1].folded) || lx_.adverbs.count(tokens[v - 1].folded)))
        --v;
      if (v > sent_begin + 3 && tokens[v - 1].folded == "," && !is_quote_mark(tokens[v - 2].folded)) {
        Speaker s;
        size_t verb = at.attribution_after(v, s);
        size_t closing = sent_end;
        while (closing > k && tokens[closing - 1].kind == LexKind::kPunct) --closing;
        bool closes_sentence = s.span.end_byte >= tokens[closing - 1].span.end_byte;
        if (verb == k && s.has_speaker() && closes_sentence) {
          RawQuote q;
          q.is_direct = false;
          q.cue = k;
          q.begin = sent_begin;
          q.end = v - 1;
          q.speaker = s;
          if (q.end > q.begin + 2) indirect.push_back(q);
        }
      }
    }
  }

  // 3. Attribute direct quotes, in text order with the indirect ones so pronouns see
  // the speakers before them.
  std::vector<RawQuote> all;
  all.reserve(quotes.size() + indirect.size());
  for (auto& q : quotes) all.push_back(std::move(q));
  for (auto& q : indirect) all.push_back(std::move(q));
  std::sort(all.begin(), all.end(), [](const RawQuote& a, const RawQuote& b) { return a.begin < b.begin; });
  const RawQuote* previous_direct = nullptr;
  size_t len_unused = 0;
  for (RawQuote& q : all) {
    if (!q.is_direct && !q.speaker.is_named && !q.speaker.is_pronoun && q.speaker.has_speaker())
      at.resolve_description(q.speaker);
    if (!q.is_direct && q.speaker.is_pronoun) {
      // Pronouns are resolved now that the speakers before this quote are known.
      auto it = std::lower_bound(tokens.begin(), tokens.end(), q.speaker.pronoun_span.begin_byte,
                                 [](const LexToken& t, uint32_t b) { return t.span.begin_byte < b; });
      Speaker s;
      at.set_pronoun(s, static_cast<size_t>(it - tokens.begin()));
      q.speaker = s;
    }
    if (q.is_direct) {
      Speaker s;
      size_t verb = at.attribution_after(q.close + 1, s);
      if (verb != SIZE_MAX) q.cue = verb;
      if (!s.has_speaker() && q.open < n) {
        // Before the opening mark, same sentence: "X a déclaré : «", "X : «".
        size_t sb = at.sentence_begin(q.open);
        for (size_t x = q.open; x-- > sb;) {
          if (in_direct[x]) break;
          if (at.is_speech_verb(x)) {
            s = at.subject_before(x);
            if (!s.has_speaker()) {
              size_t e = at.phrase_after(x + 1, q.open);
              if (e > x + 1) s = at.speaker_from(x + 1, e, true);
            }
            q.cue = x;
            break;
          }
        }
      }
      if (!s.has_speaker()) {
        // Inside reported speech (scare quotes): that speech's speaker.
        for (const RawQuote& r : all)
          if (!r.is_direct && r.begin <= q.open && q.close <= r.end + 1 && r.speaker.has_speaker()) {
            s = r.speaker;
            break;
          }
      }
      if (!s.has_speaker() && previous_direct != nullptr &&
          tokens[previous_direct->open].paragraph + 1 >= tokens[q.open].paragraph)
        s = previous_direct->speaker;
      q.speaker = s;
      previous_direct = &q;
    }
    bool is_source = !q.is_direct && q.cue != SIZE_MAX && lx_.according_relative.match(tokens, q.cue, n, len_unused);
    at.remember(q.begin, q.speaker, is_source);
  }

  for (const RawQuote& q : all) {
    Quote quote;
    quote.span = {tokens[q.begin].span.begin_byte, tokens[q.end - 1].span.end_byte};
    quote.is_direct = q.is_direct;
    if (q.cue != SIZE_MAX) quote.cue_span = tokens[q.cue].span;
    quote.speaker = q.speaker;
    out.push_back(std::move(quote));
  }
}

}  // namespace vigie::facts
