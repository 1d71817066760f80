// Which digits can begin a string that a libphonenumber pattern matches in full.
#ifndef CPHONENUMBERS_FIRST_DIGITS_HPP
#define CPHONENUMBERS_FIRST_DIGITS_HPP

#include <bitset>
#include <string>

namespace cpn {

/// The set of first digits of the strings `pattern` can match, for the small
/// regex dialect of libphonenumber's metadata (digits, \d, classes, groups,
/// alternation, ?, *, +, {n,m}). `known` is false when the pattern uses anything
/// else or can match the empty string: callers must then make no claim.
struct FirstDigits {
    std::bitset<10> digits;
    bool known = false;
};

FirstDigits first_digits(const std::string &pattern);

}  // namespace cpn

#endif
