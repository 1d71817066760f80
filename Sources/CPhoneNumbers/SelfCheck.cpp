#include "CPhoneNumbers.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <set>
#include <string>

#include "FastParse.hpp"

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

extern "C" cpn_self_check cpn_check_validity_automata(int variants_per_example) {
    cpn_self_check result = {0, 0, 0};
    try {
        const PhoneNumberUtil *util = PhoneNumberUtil::GetInstance();
        std::set<std::string> regions;
        util->GetSupportedRegions(&regions);
        for (const std::string &region : regions) {
            std::set<PhoneNumberUtil::PhoneNumberType> types;
            util->GetSupportedTypesForRegion(region, &types);
            for (PhoneNumberUtil::PhoneNumberType type : types) {
                PhoneNumber example;
                if (!util->GetExampleNumberForType(region, type, &example)) continue;
                for (int k = 0; k < variants_per_example; ++k) {
                    // The example with its last digits changed; a third one digit longer, a sixth one shorter.
                    PhoneNumber number = example;
                    uint64_t value = number.national_number();
                    uint64_t scale = 1;
                    for (int j = 0; j < k % 5; ++j) scale *= 10;
                    value = value - value % scale + static_cast<uint64_t>(k) * 7919 % scale;
                    if (k % 3 == 1) value = value * 10 + static_cast<uint64_t>(k % 10);
                    if (k % 6 == 2) value /= 10;
                    number.set_national_number(value);
                    bool fast = false;
                    if (!cpn::fast_valid(number, &fast)) continue;
                    ++result.decided;
                    if (fast) ++result.valid;
                    if (fast != util->IsValidNumber(number)) ++result.mismatches;
                }
            }
        }
    } catch (...) {
        result.mismatches = -1;
    }
    return result;
}
