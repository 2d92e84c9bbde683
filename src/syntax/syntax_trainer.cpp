// Training and scoring of the syntax models; see syntax_trainer.h and docs/SYNTAX.md.

#include "syntax/syntax_trainer.h"

#include <map>
#include <set>

#include "syntax/word_features.h"
#include "text/text_processor.h"

namespace vigie::syntax {
namespace {

std::string universal_relation(const std::string& deprel) { return deprel.substr(0, deprel.find(':')); }

}  // namespace

Result<std::vector<std::vector<ConllWord>>> read_surface_sentences(const std::vector<std::string>& files,
                                                                  const std::string& lang) {
  text::TextProcessor processor;
  std::map<std::string, bool> is_split_cache;
  // True when the text stage splits the multiword token's form into UD's words.
  KeepSplit keep_split = [&](const MultiwordToken& mwt, const std::vector<ConllWord>& words) {
    std::string key = mwt.form;
    for (uint32_t w = mwt.first_word; w <= mwt.last_word; ++w) key += "\t" + words[w].form;
    auto it = is_split_cache.find(key);
    if (it != is_split_cache.end()) return it->second;
    std::vector<Sentence> sentences;
    std::vector<Token> tokens;
    processor.segment(mwt.form, lang, sentences, tokens);
    bool is_same = tokens.size() == mwt.last_word - mwt.first_word + 1;
    for (size_t k = 0; is_same && k < tokens.size(); ++k)
      is_same = tokens[k].span.in(mwt.form) == words[mwt.first_word + k].form;
    is_split_cache.emplace(key, is_same);
    return is_same;
  };
  std::vector<std::vector<ConllWord>> out;
  for (const std::string& file : files) {
    auto sentences = read_conllu_file(file);
    if (!sentences) return sentences.error();
    for (const ConllSentence& sentence : sentences.value()) out.push_back(collapse_multiword_tokens(sentence, keep_split));
  }
  return out;
}

Result<std::unique_ptr<SyntaxModel>> train_syntax_model(const SyntaxTrainingOptions& options,
                                                         const std::function<void(const std::string&)>& progress) {
  auto say = [&](const std::string& line) {
    if (progress) progress(line);
  };
  auto read = read_surface_sentences(options.train_files, options.lang);
  if (!read) return read.error();
  const std::vector<std::vector<ConllWord>>& sentences = read.value();
  if (sentences.empty())
    return make_error(ErrorKind::kInvalidInput, options.train_files.empty() ? "" : options.train_files[0],
                      "no sentences to train on");

  // Tag classes and labels in sorted order, so their numbering is stable.
  std::set<TagClass> class_set;
  std::set<std::string> label_set{"root"};
  for (const auto& sentence : sentences)
    for (const ConllWord& word : sentence) {
      class_set.insert({upos_from_name(word.upos), kept_feats(word.feats)});
      label_set.insert(word.deprel);
    }
  std::vector<TagClass> classes(class_set.begin(), class_set.end());
  std::vector<std::string> labels(label_set.begin(), label_set.end());
  std::map<TagClass, int> class_index;
  for (size_t i = 0; i < classes.size(); ++i) class_index[classes[i]] = static_cast<int>(i);
  std::map<std::string, int> label_index;
  for (size_t i = 0; i < labels.size(); ++i) label_index[labels[i]] = static_cast<int>(i);
  say(std::to_string(sentences.size()) + " sentences, " + std::to_string(classes.size()) + " tag classes, " +
      std::to_string(labels.size()) + " relations");

  std::vector<TaggedSentence> tagged(sentences.size());
  std::vector<LemmaExample> lemma_examples;
  for (size_t s = 0; s < sentences.size(); ++s)
    for (const ConllWord& word : sentences[s]) {
      tagged[s].forms.push_back(word.form);
      tagged[s].tags.push_back(class_index[{upos_from_name(word.upos), kept_feats(word.feats)}]);
      lemma_examples.push_back({word.form, upos_from_name(word.upos), word.lemma});
    }
  TaggerTrainingOptions tagger_options;
  tagger_options.epochs = options.tagger_epochs;
  tagger_options.seed = options.seed;
  tagger_options.prune_below = options.prune_below;
  say("tagger: " + std::to_string(options.tagger_epochs) + " epochs");
  Tagger tagger = Tagger::train(classes, tagged, tagger_options);
  say("lemmatiser");
  Lemmatizer lemmatizer = Lemmatizer::train(lemma_examples);
  if (options.is_tagger_only)
    return std::make_unique<SyntaxModel>(options.lang, std::move(tagger), std::move(lemmatizer),
                                         Parser(labels, CompactWeights(), CompactWeights()));

  // Jackknifed tags: fold k is tagged by a tagger trained on the other folds, so the
  // parser sees tagging errors like those it will meet on new text.
  std::vector<ParserSentence> parser_sentences(sentences.size());
  for (size_t s = 0; s < sentences.size(); ++s) {
    ParserSentence& target = parser_sentences[s];
    for (const ConllWord& word : sentences[s]) {
      target.words.push_back(word_hashes(word.form));
      target.upos.push_back(static_cast<int>(upos_from_name(word.upos)));
      target.heads.push_back(word.head);
      target.labels.push_back(label_index[word.deprel]);
    }
  }
  const int folds = options.jackknife_folds;
  for (int fold = 0; folds > 1 && fold < folds; ++fold) {
    say("jackknife: fold " + std::to_string(fold + 1) + "/" + std::to_string(folds));
    std::vector<TaggedSentence> others;
    for (size_t s = 0; s < tagged.size(); ++s)
      if (static_cast<int>(s % static_cast<size_t>(folds)) != fold) others.push_back(tagged[s]);
    Tagger fold_tagger = Tagger::train(classes, others, tagger_options);
    std::vector<int> tags;
    for (size_t s = static_cast<size_t>(fold); s < tagged.size(); s += static_cast<size_t>(folds)) {
      fold_tagger.tag(parser_sentences[s].words, tags);
      for (size_t i = 0; i < tags.size(); ++i)
        parser_sentences[s].upos[i] = static_cast<int>(classes[static_cast<size_t>(tags[i])].upos);
    }
  }
  ParserTrainingOptions parser_options;
  parser_options.epochs = options.parser_epochs;
  parser_options.seed = options.seed;
  parser_options.prune_below = options.prune_below;
  say("parser: " + std::to_string(options.parser_epochs) + " epochs");
  Parser parser = Parser::train(labels, parser_sentences, parser_options);
  return std::make_unique<SyntaxModel>(options.lang, std::move(tagger), std::move(lemmatizer), std::move(parser));
}

SyntaxScores score_syntax_model(const SyntaxModel& model, const std::vector<std::vector<ConllWord>>& test_sentences) {
  SyntaxScores scores;
  size_t upos = 0, feats = 0, lemma = 0, heads = 0, labelled = 0, universal = 0;
  std::vector<std::string_view> forms;
  for (const auto& sentence : test_sentences) {
    if (sentence.empty()) continue;
    forms.clear();
    for (const ConllWord& word : sentence) forms.push_back(word.form);
    std::vector<TokenSyntax> predicted = model.analyze(forms);
    ++scores.sentence_count;
    for (size_t i = 0; i < sentence.size(); ++i) {
      const ConllWord& gold = sentence[i];
      const TokenSyntax& guess = predicted[i];
      ++scores.token_count;
      upos += upos_name(guess.upos) == gold.upos ? 1 : 0;
      feats += guess.feats == kept_feats(gold.feats) ? 1 : 0;
      lemma += guess.lemma == lower_word(gold.lemma) ? 1 : 0;
      if (guess.head == gold.head) {
        ++heads;
        labelled += guess.deprel == gold.deprel ? 1 : 0;
        universal += universal_relation(guess.deprel) == universal_relation(gold.deprel) ? 1 : 0;
      }
    }
  }
  auto ratio = [&](size_t count) {
    return scores.token_count == 0 ? 0.0 : static_cast<double>(count) / static_cast<double>(scores.token_count);
  };
  scores.upos_accuracy = ratio(upos);
  scores.feats_accuracy = ratio(feats);
  scores.lemma_accuracy = ratio(lemma);
  scores.uas = ratio(heads);
  scores.las = ratio(labelled);
  scores.las_universal = ratio(universal);
  return scores;
}

}  // namespace vigie::syntax
