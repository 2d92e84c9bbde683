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

}  // namespace vigie::cli
