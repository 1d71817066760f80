// libphonenumber's number patterns, compiled to a deterministic automaton over
// the ten digits, so "does this national number match?" costs a table walk.
#ifndef CPHONENUMBERS_DIGIT_PATTERN_HPP
#define CPHONENUMBERS_DIGIT_PATTERN_HPP

#include <array>
#include <bitset>
#include <string>
#include <vector>

namespace cpn {

/// A pattern in the metadata's small dialect (digits, \d, classes with ranges,
/// (?:…) and (…) groups, |, ?, *, +, {n}, {n,}, {n,m}). A full match by an
/// automaton accepts exactly the strings ICU's `matches()` accepts: both decide
/// membership in the same regular language. Anything outside the dialect
/// leaves the pattern unusable (`usable()` false), and callers fall back to
/// libphonenumber.
class DigitPattern {
public:
    explicit DigitPattern(const std::string &pattern);

    bool usable() const { return this->usable_; }
    bool empty_pattern() const { return this->empty_; }

    /// Whether the whole of `digits` (ASCII digits only) matches.
    bool full_match(const std::string &digits) const;

private:
    bool usable_ = false;
    bool empty_ = false;
    std::vector<std::array<int, 10>> next_;
    std::vector<bool> accepting_;
};

/// The digits a match of `pattern` can start with, from its syntax alone (no
/// automaton built). `*known` is false when the pattern is outside the dialect
/// or can match the empty string: then nothing may be concluded.
std::bitset<10> pattern_first_digits(const std::string &pattern, bool *known);

}  // namespace cpn

#endif
