#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H

#include <libxml/xmlversion.h>
/* Debian builds libxml2 with ICU; importing both this and Foundation in one
   debug-built Swift file then fails on UErrorCode. We never use the ICU parts. */
#undef LIBXML_ICU_ENABLED

#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlIO.h>

/* xmlFree is a global function pointer, which Swift 6 refuses to call. */
static inline void cxml_free(void *pointer) {
    xmlFree(pointer);
}

#endif
