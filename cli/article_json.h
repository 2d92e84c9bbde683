#pragma once
// JSON shapes of articles and search hits, shared by extract, show and search.

#include <nlohmann/json.hpp>

#include "core/article.h"
#include "store/article_store.h"

namespace vigie::cli {

// id, source_id, source_file, format, url, title, published, author, site, lang, text.
nlohmann::json article_metadata_json(const Article& article);
nlohmann::json stored_article_json(const store::StoredArticle& stored);
nlohmann::json search_hit_json(const store::SearchHit& hit);

// The analysis of `article`: {"analysis_version", "entities": [{type, ref, name, country,
// mentions: [{text, begin_byte, end_byte, sentence_index, role}]}], "quotes",
// "quantities", "times", "events"} (facts in facts::facts_to_json's FORMAT.md shape,
// events in events::events_to_json's; "events" only when `found_events` is given).
nlohmann::json analysis_json(const Article& article, int analysis_version, const std::vector<entities::Mention>& mentions,
                             const std::vector<entities::Entity>& entities, const facts::ArticleFacts& facts,
                             const std::vector<events::Event>* found_events = nullptr);
// One entity of an article with its mentions, as in analysis_json.
nlohmann::json entity_json(const Article& article, const std::vector<entities::Mention>& mentions,
                           const entities::Entity& entity);

}  // namespace vigie::cli
