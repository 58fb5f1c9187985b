#ifndef JARBAKE_INFLATE_H
#define JARBAKE_INFLATE_H

#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/strbuf.h"

/*
 * Streaming gzip decoder (ISA-L igzip, several times faster than zlib):
 * push compressed bytes in, inflated bytes come out through a sink.
 * Handles multi-member files and checks every member's CRC and length.
 * Only inflate.c includes ISA-L.
 */
struct gz_inflater;

/* Receives inflated bytes; returns 0, or -1 (with e set) to stop. */
typedef int (*inflate_sink)(void *ctx, const void *data, size_t len,
			    struct error *e);

/* Lends room for inflated bytes: *len bytes at the result; NULL to stop. */
typedef void *(*inflate_room)(void *ctx, size_t *len);

/* A new decoder writing to sink(ctx, ...); free with gz_inflater_free(). */
struct gz_inflater *gz_inflater_new(inflate_sink sink, void *ctx);

/*
 * The same without a copy: inflates straight into the room that
 * room(ctx, ...) lends, then tells sink(ctx, ...) which part of it was
 * filled. When room() returns NULL, feeding fails.
 */
struct gz_inflater *gz_inflater_new_direct(inflate_room room, inflate_sink sink,
					   void *ctx);
void gz_inflater_free(struct gz_inflater *z);

/* Inflates len bytes of input. Corrupt data: -1, e says so (EXIT_USAGE). */
int gz_inflater_feed(struct gz_inflater *z, const void *in, size_t len,
		     struct error *e);

/* End of input: -1 when it stopped inside a member (truncated). */
int gz_inflater_finish(struct gz_inflater *z, struct error *e);

/* Inflated bytes produced so far. */
uint64_t gz_inflater_total_out(const struct gz_inflater *z);

/*
 * The first bytes of a raw deflate stream (a zip entry's data), e.g. the
 * 8-byte header of a class file: inflates in into out until out_len bytes
 * came out, the stream ended or the input ran out. Returns the bytes
 * written (short when the input is short or corrupt). A decoder holds
 * the fixed Huffman tables; one per thread.
 */
struct head_inflater;
struct head_inflater *head_inflater_new(void);
void head_inflater_free(struct head_inflater *h);
size_t head_inflate(struct head_inflater *h, const void *in, size_t in_len,
		    void *out, size_t out_len);

/* True when the bytes start like a gzip member (magic 1f 8b 08). */
int gz_is_gzip(const void *data, size_t len);

/*
 * Raw deflate (a zip entry's data, method 8), pushed in pieces: small
 * entries inflated into a strbuf, for the JAR reader.
 */
struct raw_inflater;

struct raw_inflater *raw_inflater_new(void);
void raw_inflater_free(struct raw_inflater *z);

/*
 * Inflates what it can of in[0, len) onto out, stopping once out holds
 * more than max bytes. Returns 1 at the end of the deflate stream, 0 when
 * it wants more input (or out is over max), -1 when the data is corrupt;
 * *used is the input consumed.
 */
int raw_inflater_feed(struct raw_inflater *z, const void *in, size_t len,
		      size_t *used, struct strbuf *out, size_t max);

/* The CRC-32 of zip and gzip (IEEE 802.3, reflected). */
uint32_t inflate_crc32(const void *data, size_t len);

#endif
