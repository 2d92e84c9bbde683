#include "ingest/iso_date.h"

#include <gtest/gtest.h>

namespace vigie::ingest {
namespace {

struct Row {
  const char* input;
  const char* expected;  // nullptr: rejected
};

TEST(IsoDateTest, Table) {
  const Row rows[] = {
      {"2022-11-15", "2022-11-15"},
      {" 2022-11-15 ", "2022-11-15"},
      {"2022-11", "2022-11"},
      {"2022", "2022"},
      {"2022-11-15T10:31:00Z", "2022-11-15T10:31:00Z"},
      {"2022-11-15T10:31Z", "2022-11-15T10:31:00Z"},
      {"2022-11-15 10:31:00", "2022-11-15T10:31:00"},
      {"2022-11-15T10:31:00.123+01:00", "2022-11-15T10:31:00+01:00"},
      {"2022-11-15T10:31:00+0100", "2022-11-15T10:31:00+01:00"},
      {"2024-02-29", "2024-02-29"},
      {"2023-02-29", nullptr},
      {"2023-02-31", nullptr},
      {"2022-13-01", nullptr},
      {"31/02/2023", nullptr},
      {"15 novembre 2022", nullptr},
      {"2022-11-15T25:00", nullptr},
      {"", nullptr},
      {"20221115", nullptr},
  };
  for (const Row& row : rows) {
    auto out = normalize_iso_date(row.input);
    if (row.expected == nullptr) {
      EXPECT_FALSE(out.has_value()) << row.input << " -> " << out.value_or("");
    } else {
      ASSERT_TRUE(out.has_value()) << row.input;
      EXPECT_EQ(*out, row.expected) << row.input;
    }
  }
}

}  // namespace
}  // namespace vigie::ingest
