#ifndef CPHONENUMBERS_H
#define CPHONENUMBERS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Outcome of one normalisation; mirrors the reasons validate reports.
typedef enum {
    CPN_OK = 0,
    CPN_PARSE_ERROR = 1,   /* libphonenumber could not parse it at all */
    CPN_NOT_A_NUMBER = 2,  /* parsed, but not a valid (or possible) number */
    CPN_INTERNAL = 3       /* a C++ exception or a too small buffer */
} cpn_status;

/// Parses `raw` (UTF-8) with `region` (ISO 3166 alpha-2) as the default region
/// (through a faster path for common spellings that builds the same PhoneNumber
/// Parse would, else through Parse), checks it (`require_valid` != 0: IsValidNumber, else IsPossibleNumber) and
/// writes the E.164 form, NUL-terminated, into `out`.
/// Never throws: every C++ exception is caught and reported as CPN_INTERNAL.
cpn_status cpn_normalize(const char *raw, const char *region, int require_valid,
                         char *out, size_t out_capacity);

/// The same answer computed by libphonenumber's Parse alone, never the fast
/// path: the reference the cross-check tests compare against.
cpn_status cpn_normalize_reference(const char *raw, const char *region, int require_valid,
                                   char *out, size_t out_capacity);

typedef struct {
    long decided;     /* numbers the automata answered */
    long valid;       /* of those, valid */
    long mismatches;  /* answers that differ from IsValidNumber; -1 on an exception */
} cpn_self_check;

/// For the tests: every supported region's example numbers, varied
/// `variants_per_example` times, checked by the validity automata and by
/// libphonenumber's IsValidNumber.
cpn_self_check cpn_check_validity_automata(int variants_per_example);

/// The country calling code of `region`, or 0 when libphonenumber does not know it.
int cpn_country_code_for_region(const char *region);

/// The region (ISO 3166 alpha-2, NUL-terminated in `out`) of an E.164 number, as
/// libphonenumber's GetRegionCodeForNumber says, and its country calling code in
/// `calling_code`: 0 when it names no region ("ZZ"), 1 when its calling code is
/// that region's alone, 2 when other regions share the calling code (+1, +7, +44, +262…),
/// 3 when the number itself is placed nowhere (not a valid number of any region) and `out`
/// holds its calling code's main region instead (+44 → GB, +1 → US).
int cpn_region_for_number(const char *e164, char *out, size_t out_capacity, int *calling_code);

#ifdef __cplusplus
}
#endif

#endif
