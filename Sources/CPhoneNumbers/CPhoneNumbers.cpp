#include "CPhoneNumbers.h"

#include <cstring>
#include <string>

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

extern "C" cpn_status cpn_normalize(const char *raw, const char *region, int require_valid,
                                    char *out, size_t out_capacity) {
    try {
        if (raw == nullptr || region == nullptr || out == nullptr || out_capacity == 0) {
            return CPN_INTERNAL;
        }
        const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
        PhoneNumber number;
        if (util->Parse(std::string(raw), std::string(region), &number) !=
            PhoneNumberUtil::NO_PARSING_ERROR) {
            return CPN_PARSE_ERROR;
        }
        const bool accepted = require_valid ? util->IsValidNumber(number)
                                            : util->IsPossibleNumber(number);
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
    } catch (...) {
        return CPN_INTERNAL;
    }
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
