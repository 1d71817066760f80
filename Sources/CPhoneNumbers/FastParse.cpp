#include "FastParse.hpp"

#include <phonenumbers/phonemetadata.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <cstdlib>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "DigitPattern.hpp"

namespace i18n {
namespace phonenumbers {
// The metadata compiled into libphonenumber, the very bytes PhoneNumberUtil loads.
int metadata_size();
const void *metadata_get();
}  // namespace phonenumbers
}  // namespace i18n

namespace cpn {
namespace {

using i18n::phonenumbers::PhoneMetadata;
using i18n::phonenumbers::PhoneMetadataCollection;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

bool is_digits(const std::string &text) {
    return text.find_first_not_of("0123456789") == std::string::npos;
}

/// A number description (general, mobile, fixed line, …) as an automaton plus its lengths.
struct Desc {
    DigitPattern pattern;
    std::vector<int> lengths;

    explicit Desc(const i18n::phonenumbers::PhoneNumberDesc &desc) : pattern(desc.national_number_pattern()) {
        for (int length : desc.possible_length()) this->lengths.push_back(length);
    }

    /// PhoneNumberUtil::IsNumberMatchingDesc: the length first, then the pattern in full.
    bool matches(const std::string &national) const {
        if (!this->lengths.empty() &&
            std::find(this->lengths.begin(), this->lengths.end(), static_cast<int>(national.size())) == this->lengths.end()) {
            return false;
        }
        return this->pattern.full_match(national);
    }
};

/// GetNumberTypeHelper's question, "is the type anything but UNKNOWN?", answered by automata.
struct Validity {
    bool usable = true;
    std::unique_ptr<Desc> general;
    std::vector<std::unique_ptr<Desc>> types;

    explicit Validity(const PhoneMetadata &metadata) {
        this->general = std::make_unique<Desc>(metadata.general_desc());
        // The order GetNumberTypeHelper tries them in; mobile only when its pattern differs from fixed line's.
        const i18n::phonenumbers::PhoneNumberDesc *descs[] = {
            &metadata.premium_rate(), &metadata.toll_free(), &metadata.shared_cost(), &metadata.voip(),
            &metadata.personal_number(), &metadata.pager(), &metadata.uan(), &metadata.voicemail(), &metadata.fixed_line()};
        for (const auto *desc : descs) this->types.push_back(std::make_unique<Desc>(*desc));
        if (!metadata.same_mobile_and_fixed_line_pattern()) this->types.push_back(std::make_unique<Desc>(metadata.mobile()));
        this->usable = this->general->pattern.usable();
        for (const auto &type : this->types) this->usable = this->usable && type->pattern.usable();
    }

    bool valid(const std::string &national) const {
        if (!this->general->matches(national)) return false;
        for (const auto &type : this->types) {
            if (type->matches(national)) return true;
        }
        return false;
    }
};

/// What the fast path needs of one region's metadata.
struct Region {
    const PhoneMetadata *metadata = nullptr;
    int country_code = 0;
    /// national_prefix_for_parsing when it is literal digits (or empty) and no
    /// transform rule applies; `prefix_usable` is false otherwise.
    std::string national_prefix;
    bool prefix_usable = false;
    /// The IDD when it is literal digits.
    std::string idd;
    bool idd_usable = false;
    /// True when no number starting with the national prefix can match the
    /// general pattern, so Parse always tries stripping it.
    bool prefix_never_viable = false;
    std::vector<int> lengths;
    std::vector<int> local_lengths;
    /// Built on first use: most runs meet one or two regions.
    mutable std::once_flag validity_once;
    mutable std::unique_ptr<Validity> validity;

    const Validity &validity_automata() const {
        std::call_once(this->validity_once, [this] { this->validity = std::make_unique<Validity>(*this->metadata); });
        return *this->validity;
    }
};

struct Tables {
    PhoneMetadataCollection collection;
    std::map<std::string, std::unique_ptr<Region>> regions;
    /// Calling code → its main geographic region; absent for non-geographic codes.
    std::map<int, const Region *> main_region;
    /// Every calling code PhoneNumberUtil knows (geographic or not).
    std::vector<bool> known_code = std::vector<bool>(1000, false);
    /// Calling codes shared by one region only: their numbers need no region lookup.
    std::vector<bool> single_region = std::vector<bool>(1000, false);
    bool loaded = false;

    Tables() {
        if (!this->collection.ParseFromArray(i18n::phonenumbers::metadata_get(), i18n::phonenumbers::metadata_size())) return;
        for (const PhoneMetadata &metadata : this->collection.metadata()) {
            auto region = std::make_unique<Region>();
            region->metadata = &metadata;
            region->country_code = metadata.country_code();
            const std::string &prefix = metadata.national_prefix_for_parsing();
            region->national_prefix = prefix;
            region->prefix_usable = is_digits(prefix) && metadata.national_prefix_transform_rule().empty();
            region->idd = metadata.international_prefix();
            region->idd_usable = !region->idd.empty() && is_digits(region->idd);
            if (region->prefix_usable && !prefix.empty()) {
                bool known = false;
                std::bitset<10> first = pattern_first_digits(metadata.general_desc().national_number_pattern(), &known);
                region->prefix_never_viable = known && !first.test(prefix[0] - '0');
            }
            for (int length : metadata.general_desc().possible_length()) region->lengths.push_back(length);
            for (int length : metadata.general_desc().possible_length_local_only()) region->local_lengths.push_back(length);
            this->regions[metadata.id()] = std::move(region);
        }
        const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
        for (int code = 1; code < 1000; ++code) {
            std::string region;
            util->GetRegionCodeForCountryCode(code, &region);
            if (region == "ZZ") continue;
            this->known_code[code] = true;
            std::list<std::string> all;
            util->GetRegionCodesForCountryCallingCode(code, &all);
            this->single_region[code] = all.size() == 1;
            auto found = this->regions.find(region);
            if (region != "001" && found != this->regions.end()) this->main_region[code] = found->second.get();
        }
        this->loaded = true;
    }
};

const Tables &tables() {
    static const Tables instance;
    return instance;
}

enum LengthResult { IS_POSSIBLE, IS_POSSIBLE_LOCAL_ONLY, TOO_SHORT, TOO_LONG, INVALID_LENGTH };

/// PhoneNumberUtil's TestNumberLength for the general description (type UNKNOWN).
LengthResult test_number_length(size_t length, const Region &region) {
    const std::vector<int> &lengths = region.lengths;
    if (lengths.empty() || lengths[0] == -1) return INVALID_LENGTH;
    const int actual = static_cast<int>(length);
    if (std::find(region.local_lengths.begin(), region.local_lengths.end(), actual) != region.local_lengths.end()) {
        return IS_POSSIBLE_LOCAL_ONLY;
    }
    if (lengths[0] == actual) return IS_POSSIBLE;
    if (lengths[0] > actual) return TOO_SHORT;
    if (lengths.back() < actual) return TOO_LONG;
    return std::find(lengths.begin() + 1, lengths.end(), actual) != lengths.end() ? IS_POSSIBLE : INVALID_LENGTH;
}

bool starts_with(const std::string &text, const std::string &prefix) {
    return !prefix.empty() && text.compare(0, prefix.size(), prefix) == 0;
}

/// The national number after the country code, when Parse would take it as it is.
bool finish(const std::string &national, int country_code, PhoneNumber *number) {
    // Parse's own limits, and Italian leading zeros: left to Parse.
    if (national.size() < 2 || national.size() > 17 || national[0] == '0') return false;
    number->Clear();
    number->set_country_code(country_code);
    number->set_national_number(std::strtoull(national.c_str(), nullptr, 10));
    return true;
}

/// "+CC NSN", or the same after an IDD: the country code as ExtractCountryCode
/// finds it; no national prefix in front of the NSN, so nothing is stripped.
bool international(const std::string &digits, PhoneNumber *number) {
    const Tables &t = tables();
    if (digits.size() <= 2 || digits[0] == '0') return false;
    for (size_t length = 1; length <= 3 && length < digits.size(); ++length) {
        int code = std::atoi(digits.substr(0, length).c_str());
        if (!t.known_code[code]) continue;
        auto main = t.main_region.find(code);
        if (main == t.main_region.end()) return false;
        const Region &region = *main->second;
        std::string national = digits.substr(length);
        if (!region.prefix_usable || starts_with(national, region.national_prefix)) return false;
        return finish(national, code, number);
    }
    return false;
}

}  // namespace

bool fast_parse(const char *raw, const std::string &region_code, PhoneNumber *number) {
    const Tables &t = tables();
    if (!t.loaded) return false;
    auto found = t.regions.find(region_code);
    if (found == t.regions.end()) return false;
    const Region &region = *found->second;

    std::string digits;
    bool plus = false;
    size_t length = 0;
    for (const char *p = raw; *p != '\0'; ++p) {
        if (++length > 64) return false;
        char c = *p;
        if (c >= '0' && c <= '9') {
            digits.push_back(c);
        } else if (c == '+') {
            if (plus || !digits.empty()) return false;
            plus = true;
        } else if (c != ' ' && c != '-' && c != '.' && c != '(' && c != ')') {
            return false;
        }
    }
    if (digits.size() < 4 || digits.size() > 20) return false;
    if (plus) return international(digits, number);

    if (!region.idd_usable || !region.prefix_usable) return false;
    if (starts_with(digits, region.idd)) {
        std::string rest = digits.substr(region.idd.size());
        // ParsePrefixAsIdd: a 0 right after the IDD means it was not one.
        if (rest.empty() || rest[0] == '0') return false;
        return international(rest, number);
    }
    // A number starting with the region's own calling code: Parse weighs both readings with patterns.
    if (starts_with(digits, std::to_string(region.country_code))) return false;
    std::string national = digits;
    if (starts_with(digits, region.national_prefix)) {
        if (!region.prefix_never_viable) return false;
        std::string stripped = digits.substr(region.national_prefix.size());
        LengthResult result = test_number_length(stripped.size(), region);
        if (result != TOO_SHORT && result != IS_POSSIBLE_LOCAL_ONLY && result != INVALID_LENGTH) national = stripped;
    }
    return finish(national, region.country_code, number);
}

bool fast_valid(const PhoneNumber &number, bool *valid) {
    const Tables &t = tables();
    const int code = number.country_code();
    if (!t.loaded || code <= 0 || code >= 1000 || !t.single_region[code] || number.italian_leading_zero() ||
        number.has_extension()) {
        return false;
    }
    auto main = t.main_region.find(code);
    if (main == t.main_region.end()) return false;
    const Validity &validity = main->second->validity_automata();
    if (!validity.usable) return false;
    *valid = validity.valid(std::to_string(number.national_number()));
    return true;
}

}  // namespace cpn
