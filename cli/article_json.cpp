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
  return out;
}

nlohmann::json search_hit_json(const store::SearchHit& hit) {
  return {{"id", hit.id},         {"title", or_null(hit.title)}, {"published", or_null(hit.published)},
          {"lang", hit.lang},     {"source_file", hit.source_file}, {"url", or_null(hit.url)},
          {"score", hit.score},   {"snippet", hit.snippet}};
}

}  // namespace vigie::cli
