// A faster road to the PhoneNumber that libphonenumber's Parse would build,
// for the spellings exports mostly hold; anything else is left to Parse.
#ifndef CPHONENUMBERS_FAST_PARSE_HPP
#define CPHONENUMBERS_FAST_PARSE_HPP

#include <phonenumbers/phonenumber.pb.h>

#include <string>

namespace cpn {

/// Fills `number` exactly as `PhoneNumberUtil::Parse(raw, region, number)` would
/// and returns true, or returns false (touching nothing) when the input is not
/// one of the shapes this path has been reasoned through step by step against
/// Parse: ASCII digits with spaces, dashes, dots and parentheses, optionally one
/// leading '+', in the forms +CC NSN, IDD CC NSN, trunk-prefix NSN and bare NSN,
/// for regions whose national prefix and IDD are literal digits.
bool fast_parse(const char *raw, const std::string &region, i18n::phonenumbers::PhoneNumber *number);

/// IsValidNumber's answer for a number of a calling code that belongs to one
/// region, from the metadata's patterns compiled to automata; returns false
/// (and leaves `*valid` alone) when it cannot answer, for IsValidNumber to.
bool fast_valid(const i18n::phonenumbers::PhoneNumber &number, bool *valid);

}  // namespace cpn

#endif
