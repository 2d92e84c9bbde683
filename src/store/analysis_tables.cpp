// The analysis tables: one row per mention, per-article entity, quote, quantity and
// time expression, each a byte span into `articles.text` plus its normalised value
// (docs/STORE.md, schema v3). Rows are written by the store's write transaction right
// after the article's own rows, so an article is stored with its analysis or not at
// all, and a duplicate (same content id) writes nothing here either.
//
// Text is not copied except where a query needs it without the article: a mention's
// surface form (search by name) and an entity's display name. Quote text is cut from
// the article when read (substr over the text as a BLOB counts bytes, not characters).

#include "store/analysis_tables.h"

#include <algorithm>
#include <map>

namespace vigie::store {
namespace {

std::string_view type_name(entities::EntityType type) { return entities::entity_type_name(type); }

entities::EntityType parse_type(std::string_view name) {
  entities::EntityType type = entities::EntityType::kMisc;
  entities::parse_entity_type(name, type);
  return type;
}

Span span_at(const Statement& s, int begin_column) {
  return Span{static_cast<uint32_t>(s.column_int64(begin_column)), static_cast<uint32_t>(s.column_int64(begin_column + 1))};
}

bool is_inside(Span span, size_t text_size) { return span.begin_byte <= span.end_byte && span.end_byte <= text_size; }

}  // namespace

const char* analysis_tables_migration_sql() {
  return R"sql(
-- 0: stored by the text stage only (vigie ingest --text-only, or before v3); otherwise
-- the pipeline's kAnalysisVersion, so a model upgrade can find what to re-analyse.
ALTER TABLE articles ADD COLUMN analysis_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX articles_analysis_version ON articles(analysis_version);

-- One row per name found in the text (entities::Mention). sentence_index counts the
-- article's sentences as the sentences table does.
CREATE TABLE mentions (
  article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
  mention_index INTEGER NOT NULL,   -- text order
  sentence_index INTEGER NOT NULL,
  begin_byte INTEGER NOT NULL,
  end_byte INTEGER NOT NULL,
  type TEXT NOT NULL,               -- PER, ORG, LOC, MISC
  ref TEXT NOT NULL DEFAULT '',     -- canonical id (ISO alpha-3 or English Wikipedia title); '' unknown
  surface TEXT NOT NULL,            -- the name as written, for search by name
  role TEXT NOT NULL DEFAULT '',    -- title kept apart from the name ("président")
  country TEXT NOT NULL DEFAULT '', -- ISO alpha-3 the mention stands for or belongs to
  entity_index INTEGER NOT NULL,    -- article_entities.entity_index of the same article
  PRIMARY KEY (article_rowid, mention_index)
) WITHOUT ROWID;
CREATE INDEX mentions_ref ON mentions(ref) WHERE ref <> '';
CREATE INDEX mentions_surface ON mentions(surface COLLATE NOCASE);

-- The distinct identities of one article (entities::Entity).
CREATE TABLE article_entities (
  article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
  entity_index INTEGER NOT NULL,
  type TEXT NOT NULL,
  ref TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,               -- the longest surface form
  country TEXT NOT NULL DEFAULT '',
  mention_count INTEGER NOT NULL,
  PRIMARY KEY (article_rowid, entity_index)
) WITHOUT ROWID;
CREATE INDEX article_entities_ref ON article_entities(ref) WHERE ref <> '';
CREATE INDEX article_entities_type ON article_entities(type);

-- facts::Quote with its speaker. Empty spans are stored as 0, 0.
CREATE TABLE quotes (
  article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
  quote_index INTEGER NOT NULL,
  begin_byte INTEGER NOT NULL,
  end_byte INTEGER NOT NULL,
  is_direct INTEGER NOT NULL,
  cue_begin_byte INTEGER NOT NULL,
  cue_end_byte INTEGER NOT NULL,
  speaker_begin_byte INTEGER NOT NULL,
  speaker_end_byte INTEGER NOT NULL,
  speaker_name TEXT NOT NULL DEFAULT '',   -- name or description; '' when no speaker was found
  speaker_ref TEXT NOT NULL DEFAULT '',    -- the linked entity's ref; '' when unlinked
  speaker_title TEXT NOT NULL DEFAULT '',
  speaker_title_begin_byte INTEGER NOT NULL,
  speaker_title_end_byte INTEGER NOT NULL,
  speaker_is_named INTEGER NOT NULL,
  speaker_is_pronoun INTEGER NOT NULL,
  pronoun_begin_byte INTEGER NOT NULL,
  pronoun_end_byte INTEGER NOT NULL,
  PRIMARY KEY (article_rowid, quote_index)
) WITHOUT ROWID;
CREATE INDEX quotes_speaker_ref ON quotes(speaker_ref) WHERE speaker_ref <> '';

-- facts::Quantity.
CREATE TABLE quantities (
  article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
  quantity_index INTEGER NOT NULL,
  begin_byte INTEGER NOT NULL,
  end_byte INTEGER NOT NULL,
  value REAL NOT NULL,
  max_value REAL,                   -- high end of a range; NULL otherwise
  is_approx INTEGER NOT NULL,
  bound TEXT NOT NULL DEFAULT '',   -- '', approx, min, max
  unit_begin_byte INTEGER NOT NULL,
  unit_end_byte INTEGER NOT NULL,
  unit TEXT NOT NULL DEFAULT '',
  currency TEXT NOT NULL DEFAULT '', -- ISO 4217
  PRIMARY KEY (article_rowid, quantity_index)
) WITHOUT ROWID;

-- facts::TimeExpression (TIMEX3 values).
CREATE TABLE times (
  article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
  time_index INTEGER NOT NULL,
  begin_byte INTEGER NOT NULL,
  end_byte INTEGER NOT NULL,
  value TEXT NOT NULL DEFAULT '',   -- '' when it needed a publication date the article lacks
  type TEXT NOT NULL,               -- DATE, TIME, DURATION, SET
  is_resolved INTEGER NOT NULL,
  PRIMARY KEY (article_rowid, time_index)
) WITHOUT ROWID;
CREATE INDEX times_value ON times(value) WHERE value <> '';
)sql";
}

std::string entity_article_rowids_sql(const std::string& p) {
  return "SELECT article_rowid FROM mentions WHERE ref = " + p + " OR surface = " + p +
         " COLLATE NOCASE OR ref IN (SELECT ref FROM mentions WHERE surface = " + p + " COLLATE NOCASE AND ref <> '')";
}

Result<Statement*> AnalysisTables::prepared(Statement& statement, const char* sql) {
  if (!statement.is_prepared()) {
    const int rc = statement.prepare(db_, sql);
    if (rc != SQLITE_OK) return error(rc, "preparing an analysis statement");
  }
  statement.reset();
  return &statement;
}

Status AnalysisTables::write(int64_t rowid, const ArticleWrite& write, const std::string& where) {
  const Article& article = *write.article;
  const std::string& text = article.text;
  auto invalid = [&](const std::string& what) {
    return make_error(ErrorKind::kInvalidInput, path_,
                      where + ": " + what + " lies outside the text; nothing of this batch was written");
  };
  auto step = [&](Statement& s, const char* what) -> Status {
    const int rc = s.step();
    return rc == SQLITE_DONE ? Status::success() : Status(error(rc, std::string("storing the ") + what + " of " + where));
  };
  auto bind_span = [](Statement& s, int index, Span span) {
    s.bind(index, static_cast<int64_t>(span.begin_byte));
    s.bind(index + 1, static_cast<int64_t>(span.end_byte));
  };

  if (write.analysis_version != 0) {
    auto s = prepared(set_version_, "UPDATE articles SET analysis_version = ?2 WHERE rowid = ?1");
    if (!s.ok()) return s.error();
    (*s)->bind(1, rowid);
    (*s)->bind(2, static_cast<int64_t>(write.analysis_version));
    if (Status done = step(**s, "analysis version"); !done.ok()) return done;
  }

  if (write.mentions != nullptr) {
    for (size_t i = 0; i < write.mentions->size(); ++i) {
      const entities::Mention& m = (*write.mentions)[i];
      if (!is_inside(m.span, text.size())) return invalid("a mention");
      auto s = prepared(insert_mention_,
                        "INSERT INTO mentions (article_rowid, mention_index, sentence_index, begin_byte, end_byte, type, "
                        "ref, surface, role, country, entity_index) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
      if (!s.ok()) return s.error();
      Statement& st = **s;
      st.bind(1, rowid);
      st.bind(2, static_cast<int64_t>(i));
      st.bind(3, static_cast<int64_t>(m.sentence_index));
      bind_span(st, 4, m.span);
      st.bind(6, type_name(m.type));
      st.bind(7, m.ref);
      st.bind(8, m.span.in(text));
      st.bind(9, m.role);
      st.bind(10, m.country);
      st.bind(11, static_cast<int64_t>(m.entity_index));
      if (Status done = step(st, "mentions"); !done.ok()) return done;
    }
  }
  if (write.entities != nullptr) {
    for (size_t i = 0; i < write.entities->size(); ++i) {
      const entities::Entity& e = (*write.entities)[i];
      auto s = prepared(insert_entity_,
                        "INSERT INTO article_entities (article_rowid, entity_index, type, ref, name, country, mention_count) "
                        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
      if (!s.ok()) return s.error();
      Statement& st = **s;
      st.bind(1, rowid);
      st.bind(2, static_cast<int64_t>(i));
      st.bind(3, type_name(e.type));
      st.bind(4, e.ref);
      st.bind(5, e.name);
      st.bind(6, e.country);
      st.bind(7, static_cast<int64_t>(e.mentions.size()));
      if (Status done = step(st, "entities"); !done.ok()) return done;
    }
  }
  if (write.events != nullptr) {
    if (Status done = events_.write(rowid, article, *write.events, where); !done.ok()) return done;
  }
  if (write.facts == nullptr) return Status::success();
  const facts::ArticleFacts& found = *write.facts;
  for (size_t i = 0; i < found.quotes.size(); ++i) {
    const facts::Quote& q = found.quotes[i];
    const facts::Speaker& sp = q.speaker;
    for (Span span : {q.span, q.cue_span, sp.span, sp.title_span, sp.pronoun_span}) {
      if (!is_inside(span, text.size())) return invalid("a quote");
    }
    auto s = prepared(insert_quote_,
                      "INSERT INTO quotes (article_rowid, quote_index, begin_byte, end_byte, is_direct, cue_begin_byte, "
                      "cue_end_byte, speaker_begin_byte, speaker_end_byte, speaker_name, speaker_ref, speaker_title, "
                      "speaker_title_begin_byte, speaker_title_end_byte, speaker_is_named, speaker_is_pronoun, "
                      "pronoun_begin_byte, pronoun_end_byte) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)");
    if (!s.ok()) return s.error();
    Statement& st = **s;
    st.bind(1, rowid);
    st.bind(2, static_cast<int64_t>(i));
    bind_span(st, 3, q.span);
    st.bind(5, static_cast<int64_t>(q.is_direct));
    bind_span(st, 6, q.cue_span);
    bind_span(st, 8, sp.span);
    st.bind(10, sp.name);
    st.bind(11, sp.ref);
    st.bind(12, sp.title);
    bind_span(st, 13, sp.title_span);
    st.bind(15, static_cast<int64_t>(sp.is_named));
    st.bind(16, static_cast<int64_t>(sp.is_pronoun));
    bind_span(st, 17, sp.pronoun_span);
    if (Status done = step(st, "quotes"); !done.ok()) return done;
  }
  for (size_t i = 0; i < found.quantities.size(); ++i) {
    const facts::Quantity& q = found.quantities[i];
    if (!is_inside(q.span, text.size()) || !is_inside(q.unit_span, text.size())) return invalid("a quantity");
    auto s = prepared(insert_quantity_,
                      "INSERT INTO quantities (article_rowid, quantity_index, begin_byte, end_byte, value, max_value, "
                      "is_approx, bound, unit_begin_byte, unit_end_byte, unit, currency) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)");
    if (!s.ok()) return s.error();
    Statement& st = **s;
    st.bind(1, rowid);
    st.bind(2, static_cast<int64_t>(i));
    bind_span(st, 3, q.span);
    sqlite3_bind_double(st.get(), 5, q.value);
    if (q.max_value) {
      sqlite3_bind_double(st.get(), 6, *q.max_value);
    } else {
      st.bind_null(6);
    }
    st.bind(7, static_cast<int64_t>(q.is_approx));
    st.bind(8, q.bound);
    bind_span(st, 9, q.unit_span);
    st.bind(11, q.unit);
    st.bind(12, q.currency);
    if (Status done = step(st, "quantities"); !done.ok()) return done;
  }
  for (size_t i = 0; i < found.times.size(); ++i) {
    const facts::TimeExpression& t = found.times[i];
    if (!is_inside(t.span, text.size())) return invalid("a time expression");
    auto s = prepared(insert_time_,
                      "INSERT INTO times (article_rowid, time_index, begin_byte, end_byte, value, type, is_resolved) "
                      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (!s.ok()) return s.error();
    Statement& st = **s;
    st.bind(1, rowid);
    st.bind(2, static_cast<int64_t>(i));
    bind_span(st, 3, t.span);
    st.bind(5, t.value);
    st.bind(6, t.type);
    st.bind(7, static_cast<int64_t>(t.is_resolved));
    if (Status done = step(st, "times"); !done.ok()) return done;
  }
  return Status::success();
}

Status AnalysisTables::read(int64_t rowid, std::string_view text, StoredAnalysis& analysis) {
  auto corrupt = [&](const char* what) {
    return Status(make_error(ErrorKind::kCorruptStore, path_,
                             std::string("a stored ") + what + " lies outside its article's text; re-ingest the article"));
  };
  int rc;
  auto done = [&](const char* what) {
    return rc == SQLITE_DONE ? Status::success() : Status(error(rc, std::string("reading ") + what));
  };
  {
    auto s = prepared(read_version_, "SELECT analysis_version FROM articles WHERE rowid = ?1");
    if (!s.ok()) return s.error();
    (*s)->bind(1, rowid);
    rc = (*s)->step();
    if (rc == SQLITE_ROW) analysis.analysis_version = static_cast<int>((*s)->column_int64(0));
    else if (rc != SQLITE_DONE) return error(rc, "reading the analysis version");
  }
  {
    auto s = prepared(read_mentions_,
                      "SELECT sentence_index, begin_byte, end_byte, type, ref, role, country, entity_index FROM mentions "
                      "WHERE article_rowid = ?1 ORDER BY mention_index");
    if (!s.ok()) return s.error();
    Statement& st = **s;
    st.bind(1, rowid);
    while ((rc = st.step()) == SQLITE_ROW) {
      entities::Mention m;
      m.sentence_index = static_cast<uint32_t>(st.column_int64(0));
      m.span = span_at(st, 1);
      if (!is_inside(m.span, text.size())) return corrupt("mention");
      m.type = parse_type(st.column_text(3));
      m.ref = st.column_text(4);
      m.role = st.column_text(5);
      m.country = st.column_text(6);
      m.entity_index = static_cast<uint32_t>(st.column_int64(7));
      analysis.mentions.push_back(std::move(m));
    }
    if (Status status = done("mentions"); !status.ok()) return status;
  }
  {
    auto s = prepared(read_entities_,
                      "SELECT type, ref, name, country FROM article_entities WHERE article_rowid = ?1 ORDER BY entity_index");
    if (!s.ok()) return s.error();
    Statement& st = **s;
    st.bind(1, rowid);
    while ((rc = st.step()) == SQLITE_ROW) {
      entities::Entity e;
      e.type = parse_type(st.column_text(0));
      e.ref = st.column_text(1);
      e.name = st.column_text(2);
      e.country = st.column_text(3);
      analysis.entities.push_back(std::move(e));
    }
    if (Status status = done("entities"); !status.ok()) return status;
    for (uint32_t k = 0; k < analysis.mentions.size(); ++k) {
      const uint32_t e = analysis.mentions[k].entity_index;
      if (e < analysis.entities.size()) analysis.entities[e].mentions.push_back(k);
    }
  }
  {
    auto s = prepared(read_quotes_,
                      "SELECT begin_byte, end_byte, is_direct, cue_begin_byte, cue_end_byte, speaker_begin_byte, "
                      "speaker_end_byte, speaker_name, speaker_ref, speaker_title, speaker_title_begin_byte, "
                      "speaker_title_end_byte, speaker_is_named, speaker_is_pronoun, pronoun_begin_byte, pronoun_end_byte "
                      "FROM quotes WHERE article_rowid = ?1 ORDER BY quote_index");
    if (!s.ok()) return s.error();
    Statement& st = **s;
    st.bind(1, rowid);
    while ((rc = st.step()) == SQLITE_ROW) {
      facts::Quote q;
      q.span = span_at(st, 0);
      q.is_direct = st.column_int64(2) != 0;
      q.cue_span = span_at(st, 3);
      q.speaker.span = span_at(st, 5);
      q.speaker.name = st.column_text(7);
      q.speaker.ref = st.column_text(8);
      q.speaker.title = st.column_text(9);
      q.speaker.title_span = span_at(st, 10);
      q.speaker.is_named = st.column_int64(12) != 0;
      q.speaker.is_pronoun = st.column_int64(13) != 0;
      q.speaker.pronoun_span = span_at(st, 14);
      for (Span span : {q.span, q.cue_span, q.speaker.span, q.speaker.title_span, q.speaker.pronoun_span}) {
        if (!is_inside(span, text.size())) return corrupt("quote");
      }
      analysis.facts.quotes.push_back(std::move(q));
    }
    if (Status status = done("quotes"); !status.ok()) return status;
  }
  {
    auto s = prepared(read_quantities_,
                      "SELECT begin_byte, end_byte, value, max_value, is_approx, bound, unit_begin_byte, unit_end_byte, "
                      "unit, currency FROM quantities WHERE article_rowid = ?1 ORDER BY quantity_index");
    if (!s.ok()) return s.error();
    Statement& st = **s;
    st.bind(1, rowid);
    while ((rc = st.step()) == SQLITE_ROW) {
      facts::Quantity q;
      q.span = span_at(st, 0);
      q.value = st.column_double(2);
      if (!st.column_is_null(3)) q.max_value = st.column_double(3);
      q.is_approx = st.column_int64(4) != 0;
      q.bound = st.column_text(5);
      q.unit_span = span_at(st, 6);
      q.unit = st.column_text(8);
      q.currency = st.column_text(9);
      if (!is_inside(q.span, text.size()) || !is_inside(q.unit_span, text.size())) return corrupt("quantity");
      analysis.facts.quantities.push_back(std::move(q));
    }
    if (Status status = done("quantities"); !status.ok()) return status;
  }
  {
    auto s = prepared(read_times_,
                      "SELECT begin_byte, end_byte, value, type, is_resolved FROM times WHERE article_rowid = ?1 "
                      "ORDER BY time_index");
    if (!s.ok()) return s.error();
    Statement& st = **s;
    st.bind(1, rowid);
    while ((rc = st.step()) == SQLITE_ROW) {
      facts::TimeExpression t;
      t.span = span_at(st, 0);
      t.value = st.column_text(2);
      t.type = st.column_text(3);
      t.is_resolved = st.column_int64(4) != 0;
      if (!is_inside(t.span, text.size())) return corrupt("time expression");
      analysis.facts.times.push_back(std::move(t));
    }
    if (Status status = done("times"); !status.ok()) return status;
  }
  return events_.read(rowid, text, analysis.events);
}

Result<std::vector<EntityCount>> AnalysisTables::top_entities(const EntityQuery& query) {
  if (query.limit <= 0) return make_error(ErrorKind::kUsage, "", "--top must be at least 1");
  if (!query.type.empty()) {
    entities::EntityType type;
    if (!entities::parse_entity_type(query.type, type)) {
      return make_error(ErrorKind::kUsage, "", "entity type \"" + query.type + "\" is not PER, ORG, LOC or MISC");
    }
  }
  // A linked identity is counted by its ref whatever its surface; an unlinked one by
  // its type and name.
  auto s = prepared(top_entities_,
                    "SELECT CASE WHEN ref <> '' THEN ref ELSE type || ' ' || name END AS identity, ref, "
                    "count(DISTINCT article_rowid) AS article_count, sum(mention_count) AS mention_total, "
                    "max(country), max(type), max(name) FROM article_entities WHERE (?1 = '' OR type = ?1) "
                    "GROUP BY identity ORDER BY article_count DESC, mention_total DESC, identity LIMIT ?2");
  if (!s.ok()) return s.error();
  Statement& st = **s;
  std::string type;
  if (!query.type.empty()) {
    entities::EntityType parsed = entities::EntityType::kMisc;
    entities::parse_entity_type(query.type, parsed);
    type = entities::entity_type_name(parsed);
  }
  st.bind(1, type);
  st.bind(2, static_cast<int64_t>(query.limit));
  std::vector<EntityCount> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    EntityCount count;
    count.ref = st.column_text(1);
    count.articles = st.column_int64(2);
    count.mentions = st.column_int64(3);
    count.country = st.column_text(4);
    count.type = st.column_text(5);
    count.name = st.column_text(6);
    out.push_back(std::move(count));
  }
  if (rc != SQLITE_DONE) return error(rc, "counting entities");
  // The display name and type of a linked identity: its most frequent (name, type).
  for (EntityCount& count : out) {
    if (count.ref.empty()) continue;
    auto n = prepared(entity_name_,
                      "SELECT name, type FROM article_entities WHERE ref = ?1 AND (?2 = '' OR type = ?2) "
                      "GROUP BY name, type ORDER BY count(*) DESC, length(name) DESC LIMIT 1");
    if (!n.ok()) return n.error();
    (*n)->bind(1, count.ref);
    (*n)->bind(2, type);
    rc = (*n)->step();
    if (rc == SQLITE_ROW) {
      count.name = (*n)->column_text(0);
      count.type = (*n)->column_text(1);
    } else if (rc != SQLITE_DONE) {
      return error(rc, "naming entities");
    }
  }
  return out;
}

Result<std::vector<QuoteHit>> AnalysisTables::find_quotes(const QuoteQuery& query, const std::string& article_id) {
  if (query.limit <= 0) return make_error(ErrorKind::kUsage, "", "quote limit must be at least 1");
  auto s = prepared(
      quotes_,
      "SELECT a.id, a.title, a.published, q.begin_byte, q.end_byte, q.is_direct, q.cue_begin_byte, q.cue_end_byte, "
      "q.speaker_begin_byte, q.speaker_end_byte, q.speaker_name, q.speaker_ref, q.speaker_title, "
      "q.speaker_title_begin_byte, q.speaker_title_end_byte, q.speaker_is_named, q.speaker_is_pronoun, "
      "q.pronoun_begin_byte, q.pronoun_end_byte, "
      "CAST(substr(CAST(a.text AS BLOB), q.begin_byte + 1, q.end_byte - q.begin_byte) AS TEXT), "
      "CAST(substr(CAST(a.text AS BLOB), q.cue_begin_byte + 1, q.cue_end_byte - q.cue_begin_byte) AS TEXT) "
      "FROM quotes AS q JOIN articles AS a ON a.rowid = q.article_rowid "
      "WHERE (?1 = '' OR a.id = ?1) AND (?2 = '' OR q.speaker_ref = ?2 OR instr(lower(q.speaker_name), lower(?2)) > 0 "
      "OR instr(lower(q.speaker_ref), lower(?2)) > 0) "
      "ORDER BY a.published DESC, a.rowid DESC, q.quote_index LIMIT ?3");
  if (!s.ok()) return s.error();
  Statement& st = **s;
  st.bind(1, article_id);
  st.bind(2, query.speaker);
  st.bind(3, static_cast<int64_t>(query.limit));
  std::vector<QuoteHit> out;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    QuoteHit hit;
    hit.article_id = st.column_text(0);
    hit.title = st.column_text(1);
    hit.published = st.column_text(2);
    facts::Quote& q = hit.quote;
    q.span = span_at(st, 3);
    q.is_direct = st.column_int64(5) != 0;
    q.cue_span = span_at(st, 6);
    q.speaker.span = span_at(st, 8);
    q.speaker.name = st.column_text(10);
    q.speaker.ref = st.column_text(11);
    q.speaker.title = st.column_text(12);
    q.speaker.title_span = span_at(st, 13);
    q.speaker.is_named = st.column_int64(15) != 0;
    q.speaker.is_pronoun = st.column_int64(16) != 0;
    q.speaker.pronoun_span = span_at(st, 17);
    hit.text = st.column_text(19);
    hit.cue = st.column_text(20);
    out.push_back(std::move(hit));
  }
  if (rc != SQLITE_DONE) return error(rc, "reading quotes");
  return out;
}

Result<std::vector<SearchHit>> AnalysisTables::articles_with_entity(const SearchQuery& query) {
  // The same filters as the full-text search (article_store.cpp), on the joined article.
  const std::string sql =
      "SELECT a.id, a.title, a.published, a.lang, a.source_file, a.url, "
      "(SELECT CAST(substr(CAST(a.text AS BLOB), s.begin_byte + 1, m.begin_byte - s.begin_byte) AS TEXT) || '[' || "
      "m.surface || ']' || CAST(substr(CAST(a.text AS BLOB), m.end_byte + 1, s.end_byte - m.end_byte) AS TEXT) "
      "FROM mentions AS m JOIN sentences AS s ON s.article_rowid = m.article_rowid AND s.sentence_index = m.sentence_index "
      "WHERE m.article_rowid = a.rowid AND (m.ref = ?1 OR m.surface = ?1 COLLATE NOCASE OR m.ref IN "
      "(SELECT ref FROM mentions WHERE surface = ?1 COLLATE NOCASE AND ref <> '')) "
      "AND m.begin_byte >= s.begin_byte AND m.end_byte <= s.end_byte ORDER BY m.mention_index LIMIT 1), "
      "(SELECT count(*) FROM mentions AS m WHERE m.article_rowid = a.rowid AND (m.ref = ?1 OR m.surface = ?1 COLLATE NOCASE)) "
      "FROM articles AS a WHERE a.rowid IN (" + entity_article_rowids_sql("?1") + ")"
      " AND (?3 = '' OR a.lang = ?3)"
      " AND (?4 = '' OR instr(a.source_file, ?4) > 0 OR instr(a.site, ?4) > 0 OR instr(a.url, ?4) > 0)"
      " AND (?5 = '' OR (a.published <> '' AND a.published >= ?5))"
      " AND (?6 = '' OR (a.published <> '' AND substr(a.published, 1, length(?6)) <= ?6))"
      " ORDER BY a.published DESC, a.rowid DESC LIMIT ?2";
  if (!entity_articles_.is_prepared()) {
    const int rc = entity_articles_.prepare(db_, sql);
    if (rc != SQLITE_OK) return error(rc, "preparing the entity search");
  }
  entity_articles_.reset();
  Statement& st = entity_articles_;
  st.bind(1, query.entity);
  st.bind(2, static_cast<int64_t>(query.limit));
  st.bind(3, query.lang);
  st.bind(4, query.source);
  st.bind(5, query.since);
  st.bind(6, query.until);
  std::vector<SearchHit> hits;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    SearchHit hit;
    hit.id = st.column_text(0);
    hit.title = st.column_text(1);
    hit.published = st.column_text(2);
    hit.lang = st.column_text(3);
    hit.source_file = st.column_text(4);
    hit.url = st.column_text(5);
    hit.snippet = st.column_text(6);
    hit.score = static_cast<double>(st.column_int64(7));  // mentions of the entity in the article
    hits.push_back(std::move(hit));
  }
  if (rc != SQLITE_DONE) return error(rc, "searching by entity");
  return hits;
}

int64_t AnalysisTables::count(const char* table_and_condition) {
  Statement s;
  if (s.prepare(db_, std::string("SELECT count(*) FROM ") + table_and_condition) != SQLITE_OK) return 0;
  return s.step() == SQLITE_ROW ? s.column_int64(0) : 0;
}

}  // namespace vigie::store
