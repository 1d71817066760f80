#include "DigitPattern.hpp"

#include <algorithm>
#include <map>
#include <memory>

namespace cpn {
namespace {

/// The pattern as a tree.
struct Node {
    enum Kind { Digits, Sequence, Choice, Repeat } kind = Digits;
    std::bitset<10> digits;
    std::vector<std::unique_ptr<Node>> children;
    int min = 1;
    int max = 1;  // -1: unbounded
};

class Parser {
public:
    explicit Parser(const std::string &text) : text_(text) {}

    bool failed = false;

    std::unique_ptr<Node> choice() {
        auto node = std::make_unique<Node>();
        node->kind = Node::Choice;
        node->children.push_back(this->sequence());
        while (!this->failed && this->peek() == '|') {
            ++this->pos_;
            node->children.push_back(this->sequence());
        }
        return node;
    }

    bool at_end() const { return this->pos_ >= this->text_.size(); }

private:
    const std::string &text_;
    size_t pos_ = 0;

    char peek() const { return this->pos_ < this->text_.size() ? this->text_[this->pos_] : '\0'; }

    std::unique_ptr<Node> sequence() {
        auto node = std::make_unique<Node>();
        node->kind = Node::Sequence;
        while (!this->failed && !this->at_end() && this->peek() != '|' && this->peek() != ')') {
            node->children.push_back(this->quantified());
        }
        return node;
    }

    std::unique_ptr<Node> quantified() {
        std::unique_ptr<Node> item = this->atom();
        while (!this->failed) {
            char c = this->peek();
            int min = 0, max = -1;
            if (c == '?') {
                max = 1;
                ++this->pos_;
            } else if (c == '*') {
                ++this->pos_;
            } else if (c == '+') {
                min = 1;
                ++this->pos_;
            } else if (c == '{') {
                size_t close = this->text_.find('}', this->pos_);
                if (close == std::string::npos) {
                    this->failed = true;
                    break;
                }
                std::string body = this->text_.substr(this->pos_ + 1, close - this->pos_ - 1);
                size_t comma = body.find(',');
                std::string low = body.substr(0, comma);
                if (low.empty() || low.size() > 3 || low.find_first_not_of("0123456789") != std::string::npos) {
                    this->failed = true;
                    break;
                }
                min = std::stoi(low);
                if (comma == std::string::npos) {
                    max = min;
                } else {
                    std::string high = body.substr(comma + 1);
                    if (high.size() > 3 || high.find_first_not_of("0123456789") != std::string::npos) {
                        this->failed = true;
                        break;
                    }
                    max = high.empty() ? -1 : std::stoi(high);
                    if (max != -1 && max < min) {
                        this->failed = true;
                        break;
                    }
                }
                this->pos_ = close + 1;
            } else {
                break;
            }
            if (this->peek() == '?' || this->peek() == '+') {
                // Lazy or possessive quantifiers: outside the dialect.
                this->failed = true;
                break;
            }
            auto repeat = std::make_unique<Node>();
            repeat->kind = Node::Repeat;
            repeat->min = min;
            repeat->max = max;
            repeat->children.push_back(std::move(item));
            item = std::move(repeat);
        }
        return item;
    }

    std::unique_ptr<Node> atom() {
        auto node = std::make_unique<Node>();
        char c = this->peek();
        if (c >= '0' && c <= '9') {
            node->digits.set(c - '0');
            ++this->pos_;
        } else if (c == '\\' && this->pos_ + 1 < this->text_.size() && this->text_[this->pos_ + 1] == 'd') {
            node->digits.set();
            this->pos_ += 2;
        } else if (c == '[') {
            ++this->pos_;
            while (!this->failed && this->peek() != ']') {
                char low = this->peek();
                if (low == '\\' && this->pos_ + 1 < this->text_.size() && this->text_[this->pos_ + 1] == 'd') {
                    node->digits.set();
                    this->pos_ += 2;
                    continue;
                }
                if (low < '0' || low > '9') {
                    this->failed = true;
                    break;
                }
                ++this->pos_;
                char high = low;
                if (this->peek() == '-') {
                    ++this->pos_;
                    high = this->peek();
                    if (high < '0' || high > '9' || high < low) {
                        this->failed = true;
                        break;
                    }
                    ++this->pos_;
                }
                for (char d = low; d <= high; ++d) node->digits.set(d - '0');
            }
            if (this->peek() != ']') this->failed = true;
            ++this->pos_;
        } else if (c == '(') {
            ++this->pos_;
            if (this->peek() == '?') {
                if (this->pos_ + 1 < this->text_.size() && this->text_[this->pos_ + 1] == ':') {
                    this->pos_ += 2;
                } else {
                    this->failed = true;
                    return node;
                }
            }
            node = this->choice();
            if (this->peek() != ')') this->failed = true;
            ++this->pos_;
        } else {
            this->failed = true;
        }
        return node;
    }
};

/// A Thompson automaton: each state reads one digit set or follows empty moves.
struct Nfa {
    struct State {
        std::bitset<10> on;
        int next = -1;
        std::vector<int> empty;
    };
    std::vector<State> states;

    int add() {
        this->states.emplace_back();
        return static_cast<int>(this->states.size()) - 1;
    }

    /// Builds `node` between two new states; returns (start, end).
    std::pair<int, int> build(const Node &node) {
        int start = this->add();
        int end = this->add();
        switch (node.kind) {
        case Node::Digits:
            this->states[start].on = node.digits;
            this->states[start].next = end;
            break;
        case Node::Sequence: {
            int at = start;
            for (const auto &child : node.children) {
                auto part = this->build(*child);
                this->states[at].empty.push_back(part.first);
                at = part.second;
            }
            this->states[at].empty.push_back(end);
            break;
        }
        case Node::Choice:
            for (const auto &child : node.children) {
                auto part = this->build(*child);
                this->states[start].empty.push_back(part.first);
                this->states[part.second].empty.push_back(end);
            }
            break;
        case Node::Repeat: {
            const Node &body = *node.children[0];
            int at = start;
            for (int i = 0; i < node.min; ++i) {
                auto part = this->build(body);
                this->states[at].empty.push_back(part.first);
                at = part.second;
            }
            if (node.max == -1) {
                auto part = this->build(body);
                this->states[at].empty.push_back(part.first);
                this->states[part.second].empty.push_back(part.first);
                this->states[part.second].empty.push_back(end);
                this->states[at].empty.push_back(end);
            } else {
                for (int i = node.min; i < node.max; ++i) {
                    auto part = this->build(body);
                    this->states[at].empty.push_back(part.first);
                    this->states[at].empty.push_back(end);
                    at = part.second;
                }
                this->states[at].empty.push_back(end);
            }
            break;
        }
        }
        return {start, end};
    }

    void close(std::vector<int> &set) const {
        std::vector<bool> seen(this->states.size(), false);
        std::vector<int> stack(set.begin(), set.end());
        set.clear();
        while (!stack.empty()) {
            int state = stack.back();
            stack.pop_back();
            if (seen[state]) continue;
            seen[state] = true;
            set.push_back(state);
            for (int next : this->states[state].empty) stack.push_back(next);
        }
        std::sort(set.begin(), set.end());
    }
};

std::bitset<10> first_of(const Node &node, bool &nullable) {
    std::bitset<10> first;
    switch (node.kind) {
    case Node::Digits:
        nullable = false;
        return node.digits;
    case Node::Sequence:
        nullable = true;
        for (const auto &child : node.children) {
            bool child_nullable = false;
            std::bitset<10> child_first = first_of(*child, child_nullable);
            first |= child_first;
            if (!child_nullable) {
                nullable = false;
                break;
            }
        }
        return first;
    case Node::Choice:
        nullable = false;
        for (const auto &child : node.children) {
            bool child_nullable = false;
            first |= first_of(*child, child_nullable);
            nullable = nullable || child_nullable;
        }
        return first;
    case Node::Repeat: {
        bool child_nullable = false;
        first = first_of(*node.children[0], child_nullable);
        nullable = child_nullable || node.min == 0;
        return first;
    }
    }
    return first;
}

constexpr size_t kMaxNfaStates = 20000;
constexpr size_t kMaxDfaStates = 20000;

}  // namespace

std::bitset<10> pattern_first_digits(const std::string &pattern, bool *known) {
    *known = false;
    if (pattern.empty()) return {};
    Parser parser(pattern);
    std::unique_ptr<Node> root = parser.choice();
    if (parser.failed || !parser.at_end()) return {};
    bool nullable = false;
    std::bitset<10> first = first_of(*root, nullable);
    *known = !nullable;
    return first;
}

DigitPattern::DigitPattern(const std::string &pattern) {
    if (pattern.empty()) {
        this->empty_ = true;
        this->usable_ = true;
        return;
    }
    Parser parser(pattern);
    std::unique_ptr<Node> root = parser.choice();
    if (parser.failed || !parser.at_end()) return;
    Nfa nfa;
    auto [start, end] = nfa.build(*root);
    if (nfa.states.size() > kMaxNfaStates) return;
    std::map<std::vector<int>, int> ids;
    std::vector<std::vector<int>> sets;
    std::vector<int> initial{start};
    nfa.close(initial);
    ids[initial] = 0;
    sets.push_back(initial);
    for (size_t index = 0; index < sets.size(); ++index) {
        if (sets.size() > kMaxDfaStates) return;
        std::array<int, 10> row;
        row.fill(-1);
        const std::vector<int> current = sets[index];
        for (int digit = 0; digit < 10; ++digit) {
            std::vector<int> target;
            for (int state : current) {
                const auto &s = nfa.states[state];
                if (s.next >= 0 && s.on.test(digit)) target.push_back(s.next);
            }
            if (target.empty()) continue;
            nfa.close(target);
            auto found = ids.find(target);
            if (found == ids.end()) {
                int id = static_cast<int>(sets.size());
                ids.emplace(target, id);
                sets.push_back(target);
                row[digit] = id;
            } else {
                row[digit] = found->second;
            }
        }
        this->next_.push_back(row);
        this->accepting_.push_back(std::binary_search(current.begin(), current.end(), end));
    }
    this->usable_ = true;
}

bool DigitPattern::full_match(const std::string &digits) const {
    if (this->empty_ || !this->usable_) return false;
    int state = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return false;
        state = this->next_[state][c - '0'];
        if (state < 0) return false;
    }
    return this->accepting_[state];
}

}  // namespace cpn
