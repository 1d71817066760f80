#include "CPhoneNumbers.h"

#include <cstdlib>
#include <cstring>
#include <string>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include "FastParse.hpp"

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace {

/// The E.164 form, NUL-terminated.
cpn_status format(const PhoneNumberUtil *util, const PhoneNumber &number, char *out, size_t out_capacity) {
    std::string formatted;
    util->Format(number, PhoneNumberUtil::E164, &formatted);
    if (formatted.size() + 1 > out_capacity) {
        return CPN_INTERNAL;
    }
    std::memcpy(out, formatted.c_str(), formatted.size() + 1);
    return CPN_OK;
}

/// Checks a parsed number and writes its E.164 form.
cpn_status accept(const PhoneNumberUtil *util, const PhoneNumber &number, int require_valid, char *out,
                  size_t out_capacity) {
    const bool accepted = require_valid ? util->IsValidNumber(number) : util->IsPossibleNumber(number);
    if (!accepted) {
        return CPN_NOT_A_NUMBER;
    }
    return format(util, number, out, out_capacity);
}

cpn_status normalize(const char *raw, const char *region, int require_valid, char *out, size_t out_capacity,
                     bool allow_fast) {
    try {
        if (raw == nullptr || region == nullptr || out == nullptr || out_capacity == 0) {
            return CPN_INTERNAL;
        }
        const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
        PhoneNumber number;
        const std::string region_code(region);
        if (allow_fast && cpn::fast_parse(raw, region_code, &number)) {
            bool valid = false;
            if (require_valid && cpn::fast_valid(number, &valid)) {
                return valid ? format(util, number, out, out_capacity) : CPN_NOT_A_NUMBER;
            }
            return accept(util, number, require_valid, out, out_capacity);
        }
        if (util->Parse(std::string(raw), region_code, &number) != PhoneNumberUtil::NO_PARSING_ERROR) {
            return CPN_PARSE_ERROR;
        }
        return accept(util, number, require_valid, out, out_capacity);
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
