#pragma once
// The entities stage: finds the names of people, organisations, places and other
// things (PER, ORG, LOC, MISC as in ../shared/gold/FORMAT.md) in an article, links each
// mention to a canonical identity, and groups the mentions of one identity within the
// article. Start reading here; docs/ENTITIES.md describes the model, the knowledge base
// and their file formats.
//
// Recognition is an averaged structured perceptron over BIO labels (Viterbi decoding)
// trained by vigie itself (entities/ner_trainer.h), with word clusters learned from
// unlabelled French news and knowledge-base membership as features. Linking looks the
// mention up in the knowledge base (models/entities/kb.tsv plus user files), then
// shares refs within the article ("M. Heappey" takes the ref of "James Heappey").

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/article.h"
#include "core/error.h"
#include "core/span.h"

namespace vigie::entities {

enum class EntityType : uint8_t { kPer, kOrg, kLoc, kMisc };

// "PER", "ORG", "LOC", "MISC".
const char* entity_type_name(EntityType type);
// Parses "PER"/"PERS"/"ORG"/"LOC"/"MISC" (also "GPE" -> LOC); false when unknown.
bool parse_entity_type(std::string_view name, EntityType& type);

// One occurrence of a name in the article text.
struct Mention {
  Span span;                // the name only, without title or article ("Emmanuel Macron")
  EntityType type = EntityType::kMisc;
  std::string ref;          // canonical key per FORMAT.md: ISO alpha-3 for countries, else the
                            // English Wikipedia title; empty when unknown
  std::string role;         // title or function kept apart from the name: "président", "M."
  std::string country;      // ISO alpha-3 the mention stands for or belongs to when known:
                            // "Bamako" -> MLI (metonymy), "France" -> FRA; else empty
  uint32_t sentence_index = 0;
  uint32_t entity_index = 0;  // index into group_mentions()'s result for the same mentions
  float confidence = 0.0f;    // model marginal proxy in [0, 1]; 0.5 for knowledge-base-only finds
};

// One distinct identity within an article, with its mentions (indices into the
// mention vector it was built from), in text order.
struct Entity {
  EntityType type = EntityType::kMisc;
  std::string ref;         // as Mention::ref; empty when unknown
  std::string name;        // the longest surface form, for display
  std::string country;
  std::vector<uint32_t> mentions;
};

// A demonym used in an actor phrase ("les troupes françaises" -> FRA). Not an entity
// (FORMAT.md: nationality adjectives are not entities) but a cue the event stage uses.
struct CountryCue {
  Span span;
  std::string country;  // ISO alpha-3
  uint32_t sentence_index = 0;
};

struct TaggerOptions {
  std::string models_dir;                  // empty: find_model_file() ("entities/...")
  std::vector<std::string> extra_kb_files;  // user knowledge-base files, same format as kb.tsv,
                                            // loaded after the shipped one; their aliases win
  bool use_kb_safety_net = true;  // add knowledge-base names (flag s) the model missed
  bool guess_person_refs = true;  // an unknown full person name links to itself as a title guess
};

class EntityTagger {
 public:
  // Loads the French and English models and the knowledge base. Fails with kIo when a
  // file is missing, kUnsupportedVersion when a file is newer than this build (the
  // message names both versions and the rebuild command), kInvalidInput when damaged.
  static Result<std::unique_ptr<EntityTagger>> load(const TaggerOptions& options = {});
  ~EntityTagger();
  EntityTagger(const EntityTagger&) = delete;
  EntityTagger& operator=(const EntityTagger&) = delete;

  // Returns the mentions of `article` in text order, linked and grouped (refs shared
  // within the article; Mention::entity_index set). Spans point into article.text,
  // which must outlive them. Uses article.tokens and article.sentences when present,
  // else tokenises on its own. The model is chosen by article.lang ("en" -> English,
  // otherwise French). Empty when the article has no names. Thread-safe: one tagger may
  // serve every thread.
  std::vector<Mention> tag(const Article& article) const;

  // Demonyms of `article` that point at a country ("troupes françaises" -> FRA).
  std::vector<CountryCue> country_cues(const Article& article) const;

  // The knowledge-base record of a canonical ref (coordinates of a place, sector of an
  // actor); false when the ref is unknown.
  struct RefInfo {
    EntityType type = EntityType::kMisc;
    std::string country;
    std::string sector;
    bool has_coordinates = false;
    double latitude = 0;
    double longitude = 0;
  };
  bool describe(std::string_view ref, RefInfo& info) const;

  struct Impl;

 private:
  explicit EntityTagger(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// Within-article grouping: mentions with the same non-empty ref, the same folded text
// and type, a surname or shorter form of a longer person name ("Heappey", "M. Heappey"
// -> "James Heappey"), or an acronym in brackets after a name ("Mission ... (Minusma)")
// form one entity. Sets each mention's entity_index and fills missing refs from the
// group. `mentions` must be in text order.
std::vector<Entity> group_mentions(std::string_view text, std::vector<Mention>& mentions);

}  // namespace vigie::entities
