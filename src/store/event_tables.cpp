// The event tables: one row per coded PLOVER event and one per actor or recipient
// (docs/STORE.md, schema v4). Like the analysis tables, rows are written in the
// article's own transaction right after its other analysis rows, so a duplicate
// content id writes nothing here and a re-run writes nothing twice.
//
// Participants are rows rather than a JSON column so that `vigie events --actor FRA`
// is an index lookup. The evidence and trigger are spans into `articles.text`; only the
// reporter's name is copied (it is a name, not a span of the event). Each event also
// keeps the date its filters compare (event_filter_date), computed at write time from
// its TIMEX3 value or the article's publication date, so date filters are one index.

#include "store/event_tables.h"

#include <algorithm>
#include <cctype>
#include <memory>

#include <nlohmann/json.hpp>

namespace vigie::store {
namespace {

Span span_at(const Statement& s, int begin_column) {
  return Span{static_cast<uint32_t>(s.column_int64(begin_column)), static_cast<uint32_t>(s.column_int64(begin_column + 1))};
}

bool is_inside(Span span, size_t text_size) { return span.begin_byte <= span.end_byte && span.end_byte <= text_size; }

bool is_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The YYYY, YYYY-MM or YYYY-MM-DD head of an ISO or TIMEX3 value ("2022-02-17T10:00",
// "2022-W07" -> "2022"); empty when it does not start with a year ("PAST_REF").
std::string date_head(std::string_view value) {
  if (value.size() < 4 || !is_digits(value.substr(0, 4))) return "";
  size_t length = 4;
  if (value.size() >= 7 && value[4] == '-' && is_digits(value.substr(5, 2))) {
    length = 7;
    if (value.size() >= 10 && value[7] == '-' && is_digits(value.substr(8, 2))) length = 10;
  }
  return std::string(value.substr(0, length));
}

std::string join_context(const std::vector<std::string>& context) {
  std::string out;
  for (const std::string& c : context) {
    if (!out.empty()) out += ',';
    out += c;
  }
  return out;
}

std::vector<std::string> split_context(std::string_view joined) {
  std::vector<std::string> out;
  while (!joined.empty()) {
    const size_t comma = joined.find(',');
    out.emplace_back(joined.substr(0, comma));
    if (comma == std::string_view::npos) break;
    joined.remove_prefix(comma + 1);
  }
  return out;
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

// "FRA:MIL" -> {"FRA", "MIL"}; "FRA" -> {"FRA", ""}; "MIL" (a sector) -> {"", "MIL"}.
std::pair<std::string, std::string> split_participant(const std::string& key) {
  static const char* const kSectors[] = {"GOV", "MIL", "DIP", "REB", "MER", "IGO", "NGO", "CVL", "MED", "JUD",
                                         "POL", "BUS", "OPP", "LEG", "EDU", "REL", "LAB", "HLH", "ELI", "REF",
                                         "SPY", "CRM", "UAF", "AGR"};
  const size_t colon = key.rfind(':');
  if (colon != std::string::npos) return {key.substr(0, colon), upper(key.substr(colon + 1))};
  const std::string up = upper(key);
  for (const char* sector : kSectors) {
    if (up == sector) return {"", up};
  }
  return {key, ""};
}

void bind_optional(Statement& s, int index, const std::optional<double>& value) {
  if (value) {
    sqlite3_bind_double(s.get(), index, *value);
  } else {
    s.bind_null(index);
  }
}

std::optional<double> optional_at(const Statement& s, int column) {
  if (s.column_is_null(column)) return std::nullopt;
  return s.column_double(column);
}

// The columns of every event read; event_at reads 1..18, find() 0, 19 and the article rowid after them.
constexpr const char* kEventColumns =
    "e.event_index, e.sentence_index, e.category, e.mode, e.location, e.date, e.size, e.dead, e.injured, e.context, "
    "e.begin_byte, e.end_byte, e.trigger_begin_byte, e.trigger_end_byte, e.confidence, e.score, e.reporter, "
    "e.reporter_begin_byte, e.reporter_end_byte, e.event_date";

events::Event event_at(const Statement& s) {
  events::Event e;
  e.sentence_index = static_cast<uint32_t>(s.column_int64(1));
  e.category = s.column_text(2);
  e.mode = s.column_text(3);
  e.location = s.column_text(4);
  e.date = s.column_text(5);
  e.size = optional_at(s, 6);
  e.dead = optional_at(s, 7);
  e.injured = optional_at(s, 8);
  e.context = split_context(s.column_text(9));
  e.evidence = span_at(s, 10);
  e.trigger = span_at(s, 12);
  e.confidence = static_cast<float>(s.column_double(14));
  e.score = s.column_double(15);
  e.reporter = s.column_text(16);
  e.reporter_span = span_at(s, 17);
  return e;
}

}  // namespace

const char* event_tables_migration_sql() {
  return R"sql(
-- One row per coded event (events::Event). Spans are into articles.text; an empty span
-- is 0, 0. sentence_index counts the article's sentences as the sentences table does.
CREATE TABLE events (
  article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
  event_index INTEGER NOT NULL,        -- text order
  sentence_index INTEGER NOT NULL,
  category TEXT NOT NULL,              -- PLOVER category: PROTEST, SANCTION, ...
  mode TEXT NOT NULL DEFAULT '',       -- PLOVER mode: withdraw, expel, ...; '' none
  location TEXT NOT NULL DEFAULT '',   -- country code or place ref; '' unknown
  date TEXT NOT NULL DEFAULT '',       -- TIMEX3 value; '' undated
  event_date TEXT NOT NULL DEFAULT '', -- YYYY[-MM[-DD]] of date, else of the publication date: what filters compare
  size REAL,                           -- NULL when not stated
  dead REAL,
  injured REAL,
  context TEXT NOT NULL DEFAULT '',    -- comma-separated: historical, future, hypothetical, negation
  begin_byte INTEGER NOT NULL,         -- evidence (the clause stating the event)
  end_byte INTEGER NOT NULL,
  trigger_begin_byte INTEGER NOT NULL,
  trigger_end_byte INTEGER NOT NULL,
  confidence REAL NOT NULL,            -- in [0, 1]
  score REAL NOT NULL,                 -- PLOVER conflict-cooperation score
  reporter TEXT NOT NULL DEFAULT '',   -- who reported it (reported speech); '' otherwise
  reporter_begin_byte INTEGER NOT NULL,
  reporter_end_byte INTEGER NOT NULL,
  PRIMARY KEY (article_rowid, event_index)
) WITHOUT ROWID;
CREATE INDEX events_category ON events(category, mode);
CREATE INDEX events_event_date ON events(event_date);

-- The actors and recipients of each event (events::EventActor), in the coder's order.
CREATE TABLE event_participants (
  article_rowid INTEGER NOT NULL REFERENCES articles(rowid) ON DELETE CASCADE,
  event_index INTEGER NOT NULL,
  role TEXT NOT NULL,                  -- actor, recipient
  participant_index INTEGER NOT NULL,  -- order within the role
  ref TEXT NOT NULL DEFAULT '',        -- ISO alpha-3 or English Wikipedia title; '' unknown
  sector TEXT NOT NULL DEFAULT '',     -- GOV, MIL, DIP, ...; '' none
  begin_byte INTEGER NOT NULL,         -- the actor phrase as written
  end_byte INTEGER NOT NULL,
  PRIMARY KEY (article_rowid, event_index, role, participant_index)
) WITHOUT ROWID;
CREATE INDEX event_participants_ref ON event_participants(ref COLLATE NOCASE, role);
)sql";
}

std::string event_filter_date(const events::Event& event, std::string_view published) {
  std::string head = date_head(event.date);
  return head.empty() ? date_head(published) : head;
}

Result<Statement*> EventTables::prepared(Statement& statement, const char* sql) {
  if (!statement.is_prepared()) {
    const int rc = statement.prepare(db_, sql);
    if (rc != SQLITE_OK) return error(rc, "preparing an event statement");
  }
  statement.reset();
  return &statement;
}

Status EventTables::write(int64_t rowid, const Article& article, const std::vector<events::Event>& found,
                          const std::string& where) {
  const std::string& text = article.text;
  auto step = [&](Statement& s, const char* what) -> Status {
    const int rc = s.step();
    return rc == SQLITE_DONE ? Status::success() : Status(error(rc, std::string("storing the ") + what + " of " + where));
  };
  auto bind_span = [](Statement& s, int index, Span span) {
    s.bind(index, static_cast<int64_t>(span.begin_byte));
    s.bind(index + 1, static_cast<int64_t>(span.end_byte));
  };
  for (size_t i = 0; i < found.size(); ++i) {
    const events::Event& e = found[i];
    bool is_valid = is_inside(e.evidence, text.size()) && is_inside(e.trigger, text.size()) &&
                    is_inside(e.reporter_span, text.size());
    for (const auto* list : {&e.actor, &e.recipient}) {
      for (const events::EventActor& a : *list) is_valid = is_valid && is_inside(a.span, text.size());
    }
    if (!is_valid) {
      return make_error(ErrorKind::kInvalidInput, path_,
                        where + ": an event lies outside the text; nothing of this batch was written");
    }
    auto s = prepared(insert_event_,
                      "INSERT INTO events (article_rowid, event_index, sentence_index, category, mode, location, date, "
                      "event_date, size, dead, injured, context, begin_byte, end_byte, trigger_begin_byte, "
                      "trigger_end_byte, confidence, score, reporter, reporter_begin_byte, reporter_end_byte) VALUES "
                      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)");
    if (!s.ok()) return s.error();
    Statement& st = **s;
    const std::string filter_date = event_filter_date(e, article.published);
    const std::string context = join_context(e.context);
    st.bind(1, rowid);
    st.bind(2, static_cast<int64_t>(i));
    st.bind(3, static_cast<int64_t>(e.sentence_index));
    st.bind(4, e.category);
    st.bind(5, e.mode);
    st.bind(6, e.location);
    st.bind(7, e.date);
    st.bind(8, filter_date);
    bind_optional(st, 9, e.size);
    bind_optional(st, 10, e.dead);
    bind_optional(st, 11, e.injured);
    st.bind(12, context);
    bind_span(st, 13, e.evidence);
    bind_span(st, 15, e.trigger);
    sqlite3_bind_double(st.get(), 17, e.confidence);
    sqlite3_bind_double(st.get(), 18, e.score);
    st.bind(19, e.reporter);
    bind_span(st, 20, e.reporter_span);
    if (Status done = step(st, "events"); !done.ok()) return done;
    for (const auto& [role, list] : {std::pair<const char*, const std::vector<events::EventActor>*>{"actor", &e.actor},
                                     {"recipient", &e.recipient}}) {
      for (size_t k = 0; k < list->size(); ++k) {
        const events::EventActor& a = (*list)[k];
        auto p = prepared(insert_participant_,
                          "INSERT INTO event_participants (article_rowid, event_index, role, participant_index, ref, "
                          "sector, begin_byte, end_byte) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
        if (!p.ok()) return p.error();
        Statement& pt = **p;
        pt.bind(1, rowid);
        pt.bind(2, static_cast<int64_t>(i));
        pt.bind(3, std::string_view(role));
        pt.bind(4, static_cast<int64_t>(k));
        pt.bind(5, a.ref);
        pt.bind(6, a.sector);
        bind_span(pt, 7, a.span);
        if (Status done = step(pt, "event participants"); !done.ok()) return done;
      }
    }
  }
  return Status::success();
}

Status EventTables::read(int64_t rowid, std::string_view text, std::vector<events::Event>& found) {
  auto corrupt = [&] {
    return Status(make_error(ErrorKind::kCorruptStore, path_,
                             "a stored event lies outside its article's text; re-ingest the article"));
  };
  int rc;
  {
    static const std::string sql =
        std::string("SELECT ") + kEventColumns + " FROM events AS e WHERE e.article_rowid = ?1 ORDER BY e.event_index";
    auto s = prepared(read_events_, sql.c_str());
    if (!s.ok()) return s.error();
    Statement& st = **s;
    st.bind(1, rowid);
    while ((rc = st.step()) == SQLITE_ROW) {
      events::Event e = event_at(st);
      if (!is_inside(e.evidence, text.size()) || !is_inside(e.trigger, text.size()) ||
          !is_inside(e.reporter_span, text.size()))
        return corrupt();
      found.push_back(std::move(e));
    }
    if (rc != SQLITE_DONE) return error(rc, "reading events");
  }
  auto s = prepared(read_participants_,
                    "SELECT event_index, role, ref, sector, begin_byte, end_byte FROM event_participants "
                    "WHERE article_rowid = ?1 ORDER BY event_index, role, participant_index");
  if (!s.ok()) return s.error();
  Statement& st = **s;
  st.bind(1, rowid);
  while ((rc = st.step()) == SQLITE_ROW) {
    const size_t index = static_cast<size_t>(st.column_int64(0));
    if (index >= found.size()) continue;  // an orphan row cannot come from write()
    events::EventActor a;
    a.ref = st.column_text(2);
    a.sector = st.column_text(3);
    a.span = span_at(st, 4);
    if (!is_inside(a.span, text.size())) return corrupt();
    (st.column_text(1) == "actor" ? found[index].actor : found[index].recipient).push_back(std::move(a));
  }
  if (rc != SQLITE_DONE) return error(rc, "reading event participants");
  return Status::success();
}

Result<std::vector<EventHit>> EventTables::find(const EventQuery& query, const std::string& article_id) {
  if (query.limit < 0) return make_error(ErrorKind::kUsage, "", "event limit must be 0 (all) or more");
  nlohmann::json categories = nlohmann::json::array();
  for (const std::string& category : query.categories) {
    const std::string name = upper(category);
    if (!events::is_plover_category(name)) {
      return make_error(ErrorKind::kUsage, "", "\"" + category +
                                                   "\" is not a PLOVER category (AGREE, ASSAULT, COERCE, CONSULT, "
                                                   "DEMAND, DISAPPROVE, MOBILIZE, PROTEST, REJECT, RETREAT, SANCTION, "
                                                   "SUPPORT, THREATEN, ACCUSE, AID, COOPERATE, ...)");
    }
    categories.push_back(name);
  }
  const auto [actor_ref, actor_sector] = split_participant(query.actor);
  const auto [recipient_ref, recipient_sector] = split_participant(query.recipient);
  const std::string categories_json = categories.dump();

  // Only the filters present go into the SQL, so SQLite picks the index of the most
  // selective one (category, date, participant ref); statements are cached by SQL.
  std::string sql = std::string("SELECT ") + kEventColumns + ", e.article_rowid FROM events AS e";
  std::vector<std::string> where;
  if (!article_id.empty()) where.push_back("e.article_rowid = (SELECT rowid FROM articles WHERE id = ?1)");
  if (!categories.empty()) where.push_back("e.category IN (SELECT value FROM json_each(?2))");
  if (!query.mode.empty()) where.push_back("e.mode = ?3 COLLATE NOCASE");
  if (!query.since.empty()) where.push_back("e.event_date <> '' AND e.event_date >= ?4");
  if (!query.until.empty()) where.push_back("e.event_date <> '' AND substr(e.event_date, 1, length(?5)) <= ?5");
  auto participant = [&](const char* role, const std::string& ref, const std::string& sector, int ref_param) {
    if (ref.empty() && sector.empty()) return;
    std::string clause = "(e.article_rowid, e.event_index) IN (SELECT article_rowid, event_index FROM "
                         "event_participants WHERE role = '" + std::string(role) + "'";
    if (!ref.empty()) clause += " AND ref = ?" + std::to_string(ref_param) + " COLLATE NOCASE";
    if (!sector.empty()) clause += " AND sector = ?" + std::to_string(ref_param + 1);
    where.push_back(clause + ")");
  };
  participant("actor", actor_ref, actor_sector, 6);
  participant("recipient", recipient_ref, recipient_sector, 8);
  for (size_t i = 0; i < where.size(); ++i) sql += (i == 0 ? " WHERE " : " AND ") + where[i];
  sql += " ORDER BY e.event_date DESC, e.article_rowid DESC, e.event_index LIMIT ?10";

  Statement& statement = queries_[sql];
  auto s = prepared(statement, sql.c_str());
  if (!s.ok()) return s.error();
  Statement& st = **s;
  // Unused parameters stay unbound (NULL); SQLite allows binding any index up to the
  // highest one in the statement, which is always ?10.
  if (!article_id.empty()) st.bind(1, article_id);
  if (!categories.empty()) st.bind(2, categories_json);
  if (!query.mode.empty()) st.bind(3, query.mode);
  if (!query.since.empty()) st.bind(4, query.since);
  if (!query.until.empty()) st.bind(5, query.until);
  if (!actor_ref.empty()) st.bind(6, actor_ref);
  if (!actor_sector.empty()) st.bind(7, actor_sector);
  if (!recipient_ref.empty()) st.bind(8, recipient_ref);
  if (!recipient_sector.empty()) st.bind(9, recipient_sector);
  st.bind(10, static_cast<int64_t>(query.limit == 0 ? -1 : query.limit));

  std::vector<EventHit> hits;
  std::vector<int64_t> rowids;
  int rc;
  while ((rc = st.step()) == SQLITE_ROW) {
    EventHit hit;
    hit.event_index = static_cast<uint32_t>(st.column_int64(0));
    hit.event = event_at(st);
    hit.event_date = st.column_text(19);
    rowids.push_back(st.column_int64(20));
    hits.push_back(std::move(hit));
  }
  if (rc != SQLITE_DONE) return error(rc, "reading events");

  // Each article once (metadata and text), then the participants of each hit.
  std::map<int64_t, std::shared_ptr<const Article>> articles;
  for (size_t i = 0; i < hits.size(); ++i) {
    auto& article = articles[rowids[i]];
    if (!article) {
      auto a = prepared(read_article_,
                        "SELECT id, source_id, source_file, format, url, title, author, site, published, lang, "
                        "is_lang_from_metadata, text FROM articles WHERE rowid = ?1");
      if (!a.ok()) return a.error();
      Statement& at = **a;
      at.bind(1, rowids[i]);
      rc = at.step();
      if (rc != SQLITE_ROW) return error(rc == SQLITE_DONE ? SQLITE_CORRUPT : rc, "reading the article of an event");
      auto loaded = std::make_shared<Article>();
      loaded->id = at.column_text(0);
      loaded->source_id = at.column_text(1);
      loaded->source_file = at.column_text(2);
      loaded->format = at.column_text(3);
      loaded->url = at.column_text(4);
      loaded->title = at.column_text(5);
      loaded->author = at.column_text(6);
      loaded->site = at.column_text(7);
      loaded->published = at.column_text(8);
      loaded->lang = at.column_text(9);
      loaded->is_lang_from_metadata = at.column_int64(10) != 0;
      loaded->text = at.column_text(11);
      article = std::move(loaded);
    }
    hits[i].article = article;
    const size_t text_size = article->text.size();
    const events::Event& e = hits[i].event;
    if (!is_inside(e.evidence, text_size) || !is_inside(e.trigger, text_size) || !is_inside(e.reporter_span, text_size)) {
      return make_error(ErrorKind::kCorruptStore, path_,
                        "a stored event of article " + article->id + " lies outside its text; re-ingest the article");
    }
    auto p = prepared(read_hit_participants_,
                      "SELECT event_index, role, ref, sector, begin_byte, end_byte FROM event_participants "
                      "WHERE article_rowid = ?1 AND event_index = ?2 ORDER BY role, participant_index");
    if (!p.ok()) return p.error();
    Statement& pt = **p;
    pt.bind(1, rowids[i]);
    pt.bind(2, static_cast<int64_t>(hits[i].event_index));
    while ((rc = pt.step()) == SQLITE_ROW) {
      events::EventActor a;
      a.ref = pt.column_text(2);
      a.sector = pt.column_text(3);
      a.span = span_at(pt, 4);
      if (!is_inside(a.span, text_size)) {
        return make_error(ErrorKind::kCorruptStore, path_,
                          "a stored event actor of article " + article->id + " lies outside its text; re-ingest the article");
      }
      (pt.column_text(1) == "actor" ? hits[i].event.actor : hits[i].event.recipient).push_back(std::move(a));
    }
    if (rc != SQLITE_DONE) return error(rc, "reading event participants");
  }
  return hits;
}

}  // namespace vigie::store
