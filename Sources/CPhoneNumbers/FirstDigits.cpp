#include "FirstDigits.hpp"

namespace cpn {
namespace {

/// A recursive-descent reader of the pattern. Every node yields its first set
/// and whether it can match the empty string.
class Reader {
public:
    explicit Reader(const std::string &text) : text_(text) {}

    bool failed = false;

    struct Node {
        std::bitset<10> first;
        bool nullable = false;
    };

    Node alternation() {
        Node result = sequence();
        while (!failed && peek() == '|') {
            ++pos_;
            Node next = sequence();
            result.first |= next.first;
            result.nullable = result.nullable || next.nullable;
        }
        return result;
    }

    bool at_end() const { return pos_ >= text_.size(); }

private:
    const std::string &text_;
    size_t pos_ = 0;

    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

    Node sequence() {
        Node result;
        result.nullable = true;
        while (!failed && !at_end() && peek() != '|' && peek() != ')') {
            Node item = quantified();
            if (result.nullable) result.first |= item.first;
            result.nullable = result.nullable && item.nullable;
        }
        return result;
    }

    Node quantified() {
        Node item = atom();
        while (!failed) {
            char c = peek();
            if (c == '?' || c == '*') {
                ++pos_;
                item.nullable = true;
            } else if (c == '+') {
                ++pos_;
            } else if (c == '{') {
                size_t close = text_.find('}', pos_);
                if (close == std::string::npos) { failed = true; break; }
                std::string body = text_.substr(pos_ + 1, close - pos_ - 1);
                if (body.empty() || body[0] == ',' || body.find_first_not_of("0123456789,") != std::string::npos) { failed = true; break; }
                if (body[0] == '0' && (body.size() == 1 || body[1] == ',')) item.nullable = true;
                pos_ = close + 1;
            } else {
                break;
            }
        }
        return item;
    }

    Node atom() {
        Node node;
        char c = peek();
        if (c >= '0' && c <= '9') {
            node.first.set(c - '0');
            ++pos_;
        } else if (c == '\\') {
            if (pos_ + 1 < text_.size() && text_[pos_ + 1] == 'd') {
                node.first.set();
                pos_ += 2;
            } else {
                failed = true;
            }
        } else if (c == '[') {
            ++pos_;
            while (!failed && peek() != ']') {
                char low = peek();
                if (low == '\\' && pos_ + 1 < text_.size() && text_[pos_ + 1] == 'd') {
                    node.first.set();
                    pos_ += 2;
                    continue;
                }
                if (low < '0' || low > '9') { failed = true; break; }
                ++pos_;
                char high = low;
                if (peek() == '-') {
                    ++pos_;
                    high = peek();
                    if (high < '0' || high > '9' || high < low) { failed = true; break; }
                    ++pos_;
                }
                for (char d = low; d <= high; ++d) node.first.set(d - '0');
            }
            if (peek() != ']') failed = true;
            ++pos_;
        } else if (c == '(') {
            ++pos_;
            if (peek() == '?') {
                if (pos_ + 1 < text_.size() && text_[pos_ + 1] == ':') {
                    pos_ += 2;
                } else {
                    failed = true;
                    return node;
                }
            }
            node = alternation();
            if (peek() != ')') failed = true;
            ++pos_;
        } else {
            failed = true;
        }
        return node;
    }
};

}  // namespace

FirstDigits first_digits(const std::string &pattern) {
    FirstDigits result;
    if (pattern.empty()) return result;
    Reader reader(pattern);
    Reader::Node node = reader.alternation();
    if (reader.failed || !reader.at_end() || node.nullable) return result;
    result.digits = node.first;
    result.known = true;
    return result;
}

}  // namespace cpn
