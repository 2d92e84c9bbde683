#pragma once
// Links the speaker of each quote to the entities stage's output, so a quote is
// attributed to a canonical identity (FORMAT.md: "speaker is the canonical ref of who
// said it, or the speaker's own description when unnamed").
//
// The quote extractor gives each speaker a span (the name or description as written;
// for a pronoun, the span of the speaker it was resolved to) and a name. The linker
// sets Speaker::ref from the entity mention at that span, else from the article's
// entity with the same name; a description stays as written unless it is only a name
// with an article ("le Mali"). A place that speaks stands for its country's government
// ("Bamako a dénoncé" -> MLI), as FORMAT.md's country rule gives it, and so does a
// description that is only a state's government ("les autorités maliennes", "le
// gouvernement du Mali").

#include <string_view>
#include <vector>

#include "entities/entity_tagger.h"
#include "facts/fact_extractor.h"

namespace vigie::facts {

// Sets `ref` on the speakers of `quotes` that are linked entities; leaves the others'
// ref empty. `mentions` and `entities` are the entities stage's output for the same
// `text` (Mention::entity_index into `entities`). Pure function of its inputs.
// `country_cues` are the demonyms of the same text ("les autorités maliennes" -> MLI).
void link_speakers(std::string_view text, const std::vector<entities::Mention>& mentions,
                   const std::vector<entities::Entity>& entities, const std::vector<entities::CountryCue>& country_cues,
                   std::vector<Quote>& quotes);

}  // namespace vigie::facts
