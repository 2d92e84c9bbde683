// The arc-hybrid parser, its features and its dynamic-oracle training; see parser.h.

#include "syntax/parser.h"

#include <algorithm>
#include <limits>
#include <numeric>
#include <random>

namespace vigie::syntax {
namespace {

enum Action : int { kShift = 0, kLeft = 1, kRight = 2 };
constexpr int kActionCount = 3;
constexpr size_t kMaxParserFeatures = 72;
constexpr uint64_t kRootTag = 17;
constexpr uint64_t kNoTag = 18;
constexpr uint64_t kRootWordHash = 0x5eed5eed5eed00ffULL;

// Words are 1..n, 0 is ROOT. Items on the stack and in the buffer have no head yet.
struct State {
  int n = 0;
  std::vector<int> stack;
  int buffer = 1;                 // front of the buffer; > n when empty
  std::vector<int> heads;         // -1 none yet, 0 ROOT
  std::vector<int> labels;
  std::vector<int> left1, left2;  // leftmost and second leftmost dependents, 0 none
  std::vector<int> right1, right2;
  std::vector<int> left_count, right_count;

  explicit State(int word_count)
      : n(word_count),
        heads(static_cast<size_t>(word_count) + 1, -1),
        labels(static_cast<size_t>(word_count) + 1, -1),
        left1(static_cast<size_t>(word_count) + 1, 0),
        left2(static_cast<size_t>(word_count) + 1, 0),
        right1(static_cast<size_t>(word_count) + 1, 0),
        right2(static_cast<size_t>(word_count) + 1, 0),
        left_count(static_cast<size_t>(word_count) + 1, 0),
        right_count(static_cast<size_t>(word_count) + 1, 0) {
    stack.reserve(static_cast<size_t>(word_count) + 1);
    stack.push_back(0);
  }
  bool is_terminal() const { return buffer > n && stack.size() == 1; }
  bool is_valid(int action) const {
    switch (action) {
      case kShift: return buffer <= n;
      case kLeft: return buffer <= n && stack.size() >= 2;
      default: return stack.size() >= 3 || (stack.size() == 2 && buffer > n);
    }
  }
  // The head and dependent an arc action would join.
  int dependent() const { return stack.back(); }
  int head_for(int action) const { return action == kLeft ? buffer : stack[stack.size() - 2]; }
  void apply(int action, int label) {
    if (action == kShift) {
      stack.push_back(buffer++);
      return;
    }
    int dep = stack.back();
    int head = head_for(action);
    stack.pop_back();
    heads[static_cast<size_t>(dep)] = head;
    labels[static_cast<size_t>(dep)] = label;
    auto h = static_cast<size_t>(head);
    if (dep < head) {
      // Left dependents arrive right to left: the newest is the leftmost.
      left2[h] = left1[h];
      left1[h] = dep;
      ++left_count[h];
    } else {
      // Right dependents arrive left to right: the newest is the rightmost.
      right2[h] = right1[h];
      right1[h] = dep;
      ++right_count[h];
    }
  }
};

// Dynamic-oracle cost of each action: gold arcs it makes unreachable.
int action_cost(const State& state, int action, const std::vector<int>& gold_heads,
                const std::vector<char>& on_stack) {
  const int b = state.buffer;
  const int n = state.n;
  if (action == kShift) {
    int cost = 0;
    int s0 = state.stack.back();
    int head = gold_heads[static_cast<size_t>(b)];
    if (head != s0 && head <= n && head >= 0 && on_stack[static_cast<size_t>(head)] && head < b) cost += 1;
    for (int item : state.stack)
      if (gold_heads[static_cast<size_t>(item)] == b && item != 0) cost += 1;
    return cost;
  }
  int s0 = state.stack.back();
  int head = gold_heads[static_cast<size_t>(s0)];
  int cost = 0;
  if (action == kLeft) {
    int s1 = state.stack[state.stack.size() - 2];
    if (head == s1 || head > b) cost += 1;
  } else {
    if (head >= b) cost += 1;
  }
  for (int d = b; d <= n; ++d)
    if (gold_heads[static_cast<size_t>(d)] == s0) cost += 1;
  return cost;
}

struct Context {
  const std::vector<WordHashes>* words;
  const std::vector<int>* upos;
  uint64_t word(int item) const {
    if (item < 0) return kNoWordHash;
    if (item == 0) return kRootWordHash;
    return (*words)[static_cast<size_t>(item) - 1].lower;
  }
  uint64_t tag(int item) const {
    if (item < 0) return kNoTag;
    if (item == 0) return kRootTag;
    return static_cast<uint64_t>((*upos)[static_cast<size_t>(item) - 1]);
  }
};

size_t parser_features(const State& state, const Context& context, uint64_t* out) {
  const size_t depth = state.stack.size();
  const int s0 = depth >= 1 ? state.stack[depth - 1] : -1;
  const int s1 = depth >= 2 ? state.stack[depth - 2] : -1;
  const int s2 = depth >= 3 ? state.stack[depth - 3] : -1;
  const int b0 = state.buffer <= state.n ? state.buffer : -1;
  const int b1 = b0 >= 0 && b0 + 1 <= state.n ? b0 + 1 : -1;
  const int b2 = b0 >= 0 && b0 + 2 <= state.n ? b0 + 2 : -1;
  auto child = [&](const std::vector<int>& children, int item) {
    if (item < 0) return -1;
    int c = children[static_cast<size_t>(item)];
    return c == 0 ? -1 : c;
  };
  auto label = [&](int item) -> uint64_t {
    return item < 0 ? 0 : static_cast<uint64_t>(state.labels[static_cast<size_t>(item)] + 2);
  };
  const int s0l = child(state.left1, s0), s0l2 = child(state.left2, s0);
  const int s0r = child(state.right1, s0), s0r2 = child(state.right2, s0);
  const int b0l = child(state.left1, b0), b0l2 = child(state.left2, b0);
  const int s1r = child(state.right1, s1);
  const uint64_t s0w = context.word(s0), s0t = context.tag(s0);
  const uint64_t s1w = context.word(s1), s1t = context.tag(s1);
  const uint64_t b0w = context.word(b0), b0t = context.tag(b0);
  const uint64_t b1w = context.word(b1), b1t = context.tag(b1);
  const uint64_t b2t = context.tag(b2), s2t = context.tag(s2);
  const uint64_t s0lt = context.tag(s0l), s0rt = context.tag(s0r), b0lt = context.tag(b0l), s1rt = context.tag(s1r);
  uint64_t distance = 0;
  if (s0 > 0 && b0 > 0) distance = static_cast<uint64_t>(std::min(b0 - s0, 6));
  auto valency = [&](const std::vector<int>& counts, int item) -> uint64_t {
    return item < 0 ? 9 : static_cast<uint64_t>(std::min(counts[static_cast<size_t>(item)], 4));
  };
  const uint64_t s0vl = valency(state.left_count, s0), s0vr = valency(state.right_count, s0);
  const uint64_t b0vl = valency(state.left_count, b0);
  const uint64_t s0_suffix = s0 > 0 ? (*context.words)[static_cast<size_t>(s0) - 1].suffix[2] : 0;
  const uint64_t b0_suffix = b0 > 0 ? (*context.words)[static_cast<size_t>(b0) - 1].suffix[2] : 0;
  size_t n = 0;
  out[n++] = feature_key(101, s0w);
  out[n++] = feature_key(102, s0t);
  out[n++] = feature_key(103, s0w, s0t);
  out[n++] = feature_key(104, s1w);
  out[n++] = feature_key(105, s1t);
  out[n++] = feature_key(106, s1w, s1t);
  out[n++] = feature_key(107, b0w);
  out[n++] = feature_key(108, b0t);
  out[n++] = feature_key(109, b0w, b0t);
  out[n++] = feature_key(110, b1w);
  out[n++] = feature_key(111, b1t);
  out[n++] = feature_key(112, b1w, b1t);
  out[n++] = feature_key(113, b2t);
  out[n++] = feature_key(114, s2t);
  out[n++] = feature_key(115, s0w, b0w, s0t * 32 + b0t);
  out[n++] = feature_key(116, s0w, s0t, b0w);
  out[n++] = feature_key(117, s0w, b0w, b0t);
  out[n++] = feature_key(118, s0w, s0t, b0t);
  out[n++] = feature_key(119, s0t, b0w, b0t);
  out[n++] = feature_key(120, s0w, b0w);
  out[n++] = feature_key(121, s0t, b0t);
  out[n++] = feature_key(122, b0t, b1t);
  out[n++] = feature_key(123, b0t, b1t, b2t);
  out[n++] = feature_key(124, s0t, b0t, b1t);
  out[n++] = feature_key(125, s1t, s0t, b0t);
  out[n++] = feature_key(126, s0t, s0lt, b0t);
  out[n++] = feature_key(127, s0t, s0rt, b0t);
  out[n++] = feature_key(128, s0t, b0t, b0lt);
  out[n++] = feature_key(129, s1t, s0t, s0rt);
  out[n++] = feature_key(130, s1t, s1rt, s0t);
  out[n++] = feature_key(131, s0t, s1t, s2t);
  out[n++] = feature_key(132, s1t, s0t, s0lt);
  out[n++] = feature_key(133, s1t, s0t);
  out[n++] = feature_key(134, s1w, s0w);
  out[n++] = feature_key(135, s1t, b0t);
  out[n++] = feature_key(136, s0w, distance);
  out[n++] = feature_key(137, s0t, distance);
  out[n++] = feature_key(138, b0w, distance);
  out[n++] = feature_key(139, b0t, distance);
  out[n++] = feature_key(140, s0w, b0w, distance);
  out[n++] = feature_key(141, s0t, b0t, distance);
  out[n++] = feature_key(142, s0w, s0vr);
  out[n++] = feature_key(143, s0t, s0vr);
  out[n++] = feature_key(144, s0w, s0vl);
  out[n++] = feature_key(145, s0t, s0vl);
  out[n++] = feature_key(146, b0w, b0vl);
  out[n++] = feature_key(147, b0t, b0vl);
  out[n++] = feature_key(148, s0w, label(s0r));
  out[n++] = feature_key(149, s0t, label(s0r));
  out[n++] = feature_key(150, s0w, label(s0l));
  out[n++] = feature_key(151, s0t, label(s0l));
  out[n++] = feature_key(152, b0w, label(b0l));
  out[n++] = feature_key(153, b0t, label(b0l));
  out[n++] = feature_key(154, s0t, label(s0l), label(s0l2));
  out[n++] = feature_key(155, s0t, label(s0r), label(s0r2));
  out[n++] = feature_key(156, b0t, label(b0l), label(b0l2));
  out[n++] = feature_key(157, s1t, label(s1r));
  out[n++] = feature_key(158, context.word(s0l));
  out[n++] = feature_key(159, context.word(s0r));
  out[n++] = feature_key(160, context.word(b0l));
  out[n++] = feature_key(161, s0lt);
  out[n++] = feature_key(162, s0rt);
  out[n++] = feature_key(163, b0lt);
  out[n++] = feature_key(164, s0_suffix, s0t);
  out[n++] = feature_key(165, b0_suffix, b0t);
  out[n++] = feature_key(166, s1t, s1w, b0t);
  out[n++] = feature_key(167, s0t, b0t, label(s0l) * 64 + label(s0r));
  return n;
}

// Label features: the configuration's features specialised by arc direction.
void label_features(const uint64_t* features, size_t count, int action, uint64_t* out) {
  for (size_t f = 0; f < count; ++f) out[f] = mix64(features[f] + static_cast<uint64_t>(action) * 0x632be59bd9b4e019ULL);
}

}  // namespace

Parser::Parser(std::vector<std::string> labels, CompactWeights transitions, CompactWeights labeller)
    : labels_(std::move(labels)), transitions_(std::move(transitions)), labeller_(std::move(labeller)) {
  root_label_ = static_cast<int>(std::find(labels_.begin(), labels_.end(), "root") - labels_.begin());
}

void Parser::parse(const std::vector<WordHashes>& words, const std::vector<int>& upos, std::vector<int>& heads,
                   std::vector<int>& labels) const {
  const int n = static_cast<int>(words.size());
  heads.assign(words.size(), -1);
  labels.assign(words.size(), root_label_);
  if (n == 0) return;
  State state(n);
  Context context{&words, &upos};
  uint64_t features[kMaxParserFeatures];
  uint64_t specialised[kMaxParserFeatures];
  const int label_count = static_cast<int>(labels_.size());
  std::vector<int32_t> label_scores(static_cast<size_t>(label_count));
  while (!state.is_terminal()) {
    size_t count = parser_features(state, context, features);
    int32_t scores[kActionCount] = {0, 0, 0};
    transitions_.add_scores(features, count, scores);
    int best = -1;
    for (int action = 0; action < kActionCount; ++action)
      if (state.is_valid(action) && (best < 0 || scores[action] > scores[best])) best = action;
    int label = 0;
    if (best != kShift) {
      if (best == kRight && state.stack.size() == 2) {
        label = root_label_;
      } else {
        label_features(features, count, best, specialised);
        std::fill(label_scores.begin(), label_scores.end(), 0);
        labeller_.add_scores(specialised, count, label_scores.data());
        label_scores[static_cast<size_t>(root_label_)] = std::numeric_limits<int32_t>::min();
        label = static_cast<int>(std::max_element(label_scores.begin(), label_scores.end()) - label_scores.begin());
      }
    }
    state.apply(best, label);
  }
  for (int i = 1; i <= n; ++i) {
    heads[static_cast<size_t>(i) - 1] = state.heads[static_cast<size_t>(i)] - 1;
    labels[static_cast<size_t>(i) - 1] = state.labels[static_cast<size_t>(i)];
  }
}

Parser Parser::train(const std::vector<std::string>& labels, const std::vector<ParserSentence>& sentences,
                     const ParserTrainingOptions& options) {
  const int label_count = static_cast<int>(labels.size());
  const int root_label = static_cast<int>(std::find(labels.begin(), labels.end(), "root") - labels.begin());
  PerceptronTrainer transitions(kActionCount);
  PerceptronTrainer labeller(label_count);
  std::vector<size_t> order(sentences.size());
  std::iota(order.begin(), order.end(), 0);
  std::mt19937_64 random(options.seed);
  uint64_t features[kMaxParserFeatures];
  uint64_t specialised[kMaxParserFeatures];
  std::vector<double> label_scores(static_cast<size_t>(label_count));
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    for (size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[random() % k]);
    for (size_t s : order) {
      const ParserSentence& sentence = sentences[s];
      const int n = static_cast<int>(sentence.words.size());
      if (n == 0) continue;
      // Gold heads in state numbering: words 1..n, ROOT 0.
      std::vector<int> gold_heads(static_cast<size_t>(n) + 1, -1);
      std::vector<int> gold_labels(static_cast<size_t>(n) + 1, root_label);
      for (int i = 0; i < n; ++i) {
        gold_heads[static_cast<size_t>(i) + 1] = sentence.heads[static_cast<size_t>(i)] + 1;
        gold_labels[static_cast<size_t>(i) + 1] = sentence.labels[static_cast<size_t>(i)];
      }
      State state(n);
      std::vector<char> on_stack(static_cast<size_t>(n) + 1, 0);
      on_stack[0] = 1;
      Context context{&sentence.words, &sentence.upos};
      while (!state.is_terminal()) {
        size_t count = parser_features(state, context, features);
        double scores[kActionCount] = {0, 0, 0};
        transitions.add_scores(features, count, scores);
        int costs[kActionCount];
        int min_cost = std::numeric_limits<int>::max();
        int predicted = -1;
        for (int action = 0; action < kActionCount; ++action) {
          if (!state.is_valid(action)) {
            costs[action] = std::numeric_limits<int>::max();
            continue;
          }
          costs[action] = action_cost(state, action, gold_heads, on_stack);
          min_cost = std::min(min_cost, costs[action]);
          if (predicted < 0 || scores[action] > scores[predicted]) predicted = action;
        }
        int best_gold = -1;
        for (int action = 0; action < kActionCount; ++action)
          if (costs[action] == min_cost && (best_gold < 0 || scores[action] > scores[best_gold])) best_gold = action;
        if (costs[predicted] > min_cost) transitions.update(features, count, best_gold, predicted);
        transitions.tick();
        int followed = best_gold;
        if (costs[predicted] == min_cost) {
          followed = predicted;
        } else if (epoch >= options.explore_from_epoch &&
                   static_cast<double>(random() % 1000000) / 1000000.0 < options.explore_probability) {
          followed = predicted;
        }
        int label = 0;
        if (followed != kShift) {
          int dep = state.dependent();
          int head = state.head_for(followed);
          if (followed == kRight && state.stack.size() == 2) {
            label = root_label;
          } else {
            label_features(features, count, followed, specialised);
            std::fill(label_scores.begin(), label_scores.end(), 0.0);
            labeller.add_scores(specialised, count, label_scores.data());
            label_scores[static_cast<size_t>(root_label)] = -std::numeric_limits<double>::infinity();
            label = static_cast<int>(std::max_element(label_scores.begin(), label_scores.end()) - label_scores.begin());
            if (gold_heads[static_cast<size_t>(dep)] == head && gold_labels[static_cast<size_t>(dep)] != root_label) {
              int gold_label = gold_labels[static_cast<size_t>(dep)];
              labeller.update(specialised, count, gold_label, label);
              labeller.tick();
              label = gold_label;
            }
          }
          on_stack[static_cast<size_t>(dep)] = 0;
        } else {
          on_stack[static_cast<size_t>(state.buffer)] = 1;
        }
        state.apply(followed, label);
      }
    }
  }
  return Parser(labels, transitions.finish(options.prune_below), labeller.finish(options.prune_below));
}

}  // namespace vigie::syntax
