#pragma once
// Text output of an article's stored analysis, shared by `vigie show` and `vigie entities`
// (cli/analysis_commands.cpp).

#include <vector>

#include "core/article.h"
#include "store/article_store.h"

namespace vigie::cli {

// "N entities:" then one line per entity: type, name, [ref], mentions with byte offsets.
void print_entities(const Article& article, const std::vector<entities::Mention>& mentions,
                    const std::vector<const entities::Entity*>& chosen);

// Entities, quantities, times and quotes; says so when the article was not analysed
// and when it is undated (relative dates left unresolved).
void print_analysis(const Article& article, const store::StoredAnalysis& analysis);

// "N events:" then one line per event: category/mode, actor -> recipient, location,
// date, counts, context, confidence and the trigger (cli/event_commands.cpp).
void print_article_events(const Article& article, const std::vector<events::Event>& found);

}  // namespace vigie::cli
