/* The cost of libxml2 alone on the bench's gzip XML, with no work per node:
 * `reader` walks it with xmlTextReaderRead, `sax` pushes it through the SAX2
 * parser with empty callbacks (xmlParseChunk), `pull` lets the same parser read
 * it (xmlCreateIOParserCtxt). make bench-xml-floor prints all three; it is why
 * campaign-ingest reads XML with SAX, pulled (docs/architecture.md, "XML"). */
#include <libxml/parser.h>
#include <libxml/xmlreader.h>
#include <stdio.h>
#include <string.h>
#include <zlib.h>

static long elements = 0, texts = 0;

static int read_gz(void *context, char *buffer, int length) { return gzread((gzFile)context, buffer, length); }
static int close_gz(void *context) { (void)context; return 0; }
static void on_start(void *c, const xmlChar *l, const xmlChar *p, const xmlChar *u, int nn, const xmlChar **ns,
                     int na, int nd, const xmlChar **a) { elements++; }
static void on_text(void *c, const xmlChar *t, int n) { texts++; }

/* SAX2 with callbacks that only count, as the bench's ingest would see the events. */
static void empty_callbacks(xmlSAXHandler *handler) {
    memset(handler, 0, sizeof *handler);
    handler->initialized = XML_SAX2_MAGIC;
    handler->startElementNs = on_start;
    handler->characters = on_text;
    handler->cdataBlock = on_text;
}

int main(int argc, char **argv) {
    if (argc != 3) { fprintf(stderr, "usage: %s reader|sax|pull FILE.xml.gz\n", argv[0]); return 64; }
    gzFile file = gzopen(argv[2], "rb");
    if (file == NULL) { perror(argv[2]); return 66; }
    gzbuffer(file, 1 << 17);
    if (strcmp(argv[1], "reader") == 0) {
        xmlTextReaderPtr reader = xmlReaderForIO(read_gz, close_gz, file, NULL, NULL, XML_PARSE_NONET);
        while (xmlTextReaderRead(reader) == 1) {
            int type = xmlTextReaderNodeType(reader);
            if (type == XML_READER_TYPE_ELEMENT) elements++;
            else if (type == XML_READER_TYPE_TEXT || type == XML_READER_TYPE_SIGNIFICANT_WHITESPACE) texts++;
        }
        xmlFreeTextReader(reader);
    } else if (strcmp(argv[1], "pull") == 0) {
        xmlSAXHandler handler;
        empty_callbacks(&handler);
        xmlParserCtxtPtr parser = xmlCreateIOParserCtxt(&handler, NULL, read_gz, close_gz, file, XML_CHAR_ENCODING_NONE);
        xmlCtxtUseOptions(parser, XML_PARSE_NONET);
        xmlParseDocument(parser);
        xmlFreeParserCtxt(parser);
    } else {
        xmlSAXHandler handler;
        empty_callbacks(&handler);
        char chunk[65536];
        int count = gzread(file, chunk, sizeof chunk);
        xmlParserCtxtPtr parser = xmlCreatePushParserCtxt(&handler, NULL, chunk, count, NULL);
        xmlCtxtUseOptions(parser, XML_PARSE_NONET);
        while ((count = gzread(file, chunk, sizeof chunk)) > 0) xmlParseChunk(parser, chunk, count, 0);
        xmlParseChunk(parser, NULL, 0, 1);
        xmlFreeParserCtxt(parser);
    }
    gzclose(file);
    printf("%-6s %ld elements, %ld texts\n", argv[1], elements, texts);
    return 0;
}
