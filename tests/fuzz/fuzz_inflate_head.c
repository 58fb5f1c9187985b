/*
 * libFuzzer harness, differential: the hand-written head_inflate (the
 * first bytes of a raw deflate stream, for class-file versions) must agree
 * with ISA-L's full raw inflater on every byte both produce, and must not
 * stop short where ISA-L decodes the stream without error.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/inflate.h"
#include "core/strbuf.h"

#define HEAD_BYTES 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct head_inflater *h = head_inflater_new();
	struct raw_inflater *z = raw_inflater_new();
	struct strbuf full = STRBUF_INIT;
	unsigned char head[HEAD_BYTES];
	size_t got, used = 0, common;
	int status;

	got = head_inflate(h, data, size, head, sizeof(head));
	if (got > sizeof(head))
		abort();
	status = raw_inflater_feed(z, data, size, &used, &full, HEAD_BYTES);
	common = got < full.len ? got : full.len;
	if (common && memcmp(head, full.buf, common))
		abort();
	if (status >= 0 && got < HEAD_BYTES && got < full.len)
		abort();
	strbuf_release(&full);
	raw_inflater_free(z);
	head_inflater_free(h);
	return 0;
}
