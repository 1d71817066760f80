#include "CPhoneNumbers.h"

#include <cstdlib>
#include <cstring>
#include <list>
#include <string>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "FastParse.hpp"

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

/// Checks a parsed number (validity by the automata where they answer, when the
/// fast path is allowed; else by libphonenumber) and writes its E.164 form.
cpn_status accept(const PhoneNumberUtil *util, const PhoneNumber &number, int require_valid, bool allow_fast,
                  char *out, size_t out_capacity) {
    bool accepted = false;
    if (!require_valid) {
        accepted = util->IsPossibleNumber(number);
    } else if (!(allow_fast && cpn::fast_valid(number, &accepted))) {
        accepted = util->IsValidNumber(number);
    }
    if (!accepted) {
        return CPN_NOT_A_NUMBER;
    }
    std::string formatted;
    util->Format(number, PhoneNumberUtil::E164, &formatted);
    if (formatted.size() + 1 > out_capacity) {
        return CPN_INTERNAL;
    }
    std::memcpy(out, formatted.c_str(), formatted.size() + 1);
    return CPN_OK;
}

/// ASCII text without a digit: Parse finds no place a number could start (its
/// start characters are `+` and \p{Nd}, and only 0-9 of those are ASCII), and
/// even with a `+` no viable number has fewer than two digits, so Parse fails.
bool ascii_without_digits(const char *raw) {
    for (const char *at = raw; *at != 0; ++at) {
        const unsigned char byte = static_cast<unsigned char>(*at);
        if (byte >= 0x80 || (byte >= '0' && byte <= '9')) {
            return false;
        }
    }
    return true;
}

cpn_status normalize(const char *raw, const char *region, int require_valid, char *out, size_t out_capacity,
                     bool allow_fast) {
    try {
        if (raw == nullptr || region == nullptr || out == nullptr || out_capacity == 0) {
            return CPN_INTERNAL;
        }
        if (allow_fast && ascii_without_digits(raw)) {
            return CPN_PARSE_ERROR;
        }
        const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
        PhoneNumber number;
        const std::string region_code(region);
        const bool parsed = allow_fast && cpn::fast_parse(raw, region_code, &number);
        if (!parsed && util->Parse(std::string(raw), region_code, &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
            return CPN_PARSE_ERROR;
        }
        return accept(util, number, require_valid, allow_fast, out, out_capacity);
    } catch (...) {
        return CPN_INTERNAL;
    }
}

/// CUBE_PHONES_REFERENCE=1 turns the fast path off, so a run can be repeated on
/// libphonenumber alone and compared (make bench-validate does).
bool fast_path_allowed() {
    static const bool allowed = [] {
        const char *value = std::getenv("CUBE_PHONES_REFERENCE");
        return value == nullptr || std::strcmp(value, "1") != 0;
    }();
    return allowed;
}

}  // namespace

extern "C" cpn_status cpn_normalize(const char *raw, const char *region, int require_valid,
                                    char *out, size_t out_capacity) {
    return normalize(raw, region, require_valid, out, out_capacity, fast_path_allowed());
}

extern "C" cpn_status cpn_normalize_reference(const char *raw, const char *region, int require_valid,
                                              char *out, size_t out_capacity) {
    return normalize(raw, region, require_valid, out, out_capacity, false);
}

extern "C" int cpn_country_code_for_region(const char *region) {
    try {
        if (region == nullptr) {
            return 0;
        }
        return PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(std::string(region));
    } catch (...) {
        return 0;
    }
}

extern "C" int cpn_region_for_number(const char *e164, char *out, size_t out_capacity, int *calling_code) {
    try {
        if (e164 == nullptr || out == nullptr || out_capacity < 3 || calling_code == nullptr) {
            return 0;
        }
        const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
        PhoneNumber number;
        if (util->Parse(std::string(e164), "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
            return 0;
        }
        *calling_code = number.country_code();
        std::string region;
        util->GetRegionCodeForNumber(number, &region);
        if (region.size() != 2 || region == "ZZ") {
            util->GetRegionCodeForCountryCode(number.country_code(), &region);
            if (region.size() != 2 || region == "ZZ") {
                return 0;
            }
            std::memcpy(out, region.c_str(), 3);
            return 3;
        }
        std::memcpy(out, region.c_str(), 3);
        std::list<std::string> sharing;
        util->GetRegionCodesForCountryCallingCode(number.country_code(), &sharing);
        return sharing.size() > 1 ? 2 : 1;
    } catch (...) {
        return 0;
    }
}
