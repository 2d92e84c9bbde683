#include "article_json.h"

namespace vigie::cli {
namespace {

nlohmann::json or_null(const std::string& value) { return value.empty() ? nlohmann::json() : nlohmann::json(value); }

}  // namespace

nlohmann::json article_metadata_json(const Article& article) {
  nlohmann::json out;
  out["id"] = article.id;
  out["source_id"] = or_null(article.source_id);
  out["source_file"] = article.source_file;
  out["format"] = article.format;
  out["url"] = or_null(article.url);
  out["title"] = or_null(article.title);
  out["published"] = or_null(article.published);
  out["author"] = or_null(article.author);
  out["site"] = or_null(article.site);
  out["lang"] = article.lang;
  out["text"] = article.text;
  return out;
}

nlohmann::json stored_article_json(const store::StoredArticle& stored) {
  const Article& article = stored.article;
  nlohmann::json out = article_metadata_json(article);
  out["ingested_at"] = stored.ingested_at;
  out["near_duplicate_of"] = or_null(stored.duplicate_of);
  out["near_duplicates"] = stored.near_duplicates;
  nlohmann::json sentences = nlohmann::json::array();
  for (const Sentence& sentence : article.sentences) {
    nlohmann::json row;
    row["begin_byte"] = sentence.span.begin_byte;
    row["end_byte"] = sentence.span.end_byte;
    row["text"] = std::string(sentence.span.in(article.text));
    nlohmann::json tokens = nlohmann::json::array();
    for (uint32_t i = 0; i < sentence.token_count && sentence.first_token + i < article.tokens.size(); ++i) {
      tokens.push_back(std::string(article.tokens[sentence.first_token + i].span.in(article.text)));
    }
    if (!tokens.empty()) row["tokens"] = tokens;
    sentences.push_back(row);
  }
  out["sentences"] = sentences;
  const store::StoredAnalysis& analysis = stored.analysis;
  out.update(analysis_json(article, analysis.analysis_version, analysis.mentions, analysis.entities, analysis.facts,
                           &analysis.events));
  return out;
}

nlohmann::json entity_json(const Article& article, const std::vector<entities::Mention>& mentions,
                           const entities::Entity& entity) {
  nlohmann::json rows = nlohmann::json::array();
  for (uint32_t k : entity.mentions) {
    if (k >= mentions.size()) continue;
    const entities::Mention& m = mentions[k];
    nlohmann::json row = {{"text", std::string(m.span.in(article.text))},
                          {"begin_byte", m.span.begin_byte},
                          {"end_byte", m.span.end_byte},
                          {"sentence_index", m.sentence_index}};
    if (!m.role.empty()) row["role"] = m.role;
    rows.push_back(std::move(row));
  }
  return {{"type", entities::entity_type_name(entity.type)},
          {"ref", or_null(entity.ref)},
          {"name", entity.name},
          {"country", or_null(entity.country)},
          {"mentions", rows}};
}

nlohmann::json analysis_json(const Article& article, int analysis_version, const std::vector<entities::Mention>& mentions,
                             const std::vector<entities::Entity>& entities, const facts::ArticleFacts& facts,
                             const std::vector<events::Event>* found_events) {
  nlohmann::json out = facts::facts_to_json(article, facts);
  if (found_events != nullptr) out["events"] = events::events_to_json(article, *found_events);
  out["analysis_version"] = analysis_version;
  nlohmann::json list = nlohmann::json::array();
  for (const entities::Entity& entity : entities) list.push_back(entity_json(article, mentions, entity));
  out["entities"] = list;
  return out;
}

nlohmann::json search_hit_json(const store::SearchHit& hit) {
  return {{"id", hit.id},         {"title", or_null(hit.title)}, {"published", or_null(hit.published)},
          {"lang", hit.lang},     {"source_file", hit.source_file}, {"url", or_null(hit.url)},
          {"score", hit.score},   {"snippet", hit.snippet}};
}

}  // namespace vigie::cli
