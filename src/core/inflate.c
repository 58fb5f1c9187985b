#include "core/inflate.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <isa-l/crc.h>
#include <isa-l/igzip_lib.h>

#include "core/xalloc.h"

#define GZ_OUT_SIZE (256u << 10)
/* isal counts in uint32_t: feed it at most this much at a time. */
#define GZ_IN_STEP (1u << 30)

struct gz_inflater {
	struct inflate_state state;
	inflate_room room; /* NULL: inflate into out */
	inflate_sink sink;
	void *ctx;
	unsigned char *out;
	unsigned char *cur; /* the room being filled, or NULL */
	size_t cur_size;
	bool in_member; /* inside a member: its end not seen yet */
	bool after_end; /* a member ended; only another member or zeros */
	bool trailing_zeros;
	uint64_t total_out;
};

int gz_is_gzip(const void *data, size_t len)
{
	const unsigned char *p = data;

	return len >= 3 && p[0] == 0x1f && p[1] == 0x8b && p[2] == 8;
}

struct gz_inflater *gz_inflater_new(inflate_sink sink, void *ctx)
{
	return gz_inflater_new_direct(NULL, sink, ctx);
}

struct gz_inflater *gz_inflater_new_direct(inflate_room room, inflate_sink sink,
					   void *ctx)
{
	struct gz_inflater *z = xcalloc(1, sizeof(*z));

	isal_inflate_init(&z->state);
	z->state.crc_flag = ISAL_GZIP;
	z->room = room;
	z->sink = sink;
	z->ctx = ctx;
	if (!room)
		z->out = xmalloc(GZ_OUT_SIZE);
	return z;
}

void gz_inflater_free(struct gz_inflater *z)
{
	if (!z)
		return;
	free(z->out);
	free(z);
}

uint64_t gz_inflater_total_out(const struct gz_inflater *z)
{
	return z->total_out;
}

/* Makes room for output when there is none left. */
static int ensure_room(struct gz_inflater *z, struct error *e)
{
	unsigned char *room = z->out;
	size_t len = GZ_OUT_SIZE;

	if (z->cur && z->state.avail_out)
		return 0;
	if (z->room) {
		room = z->room(z->ctx, &len);
		if (!room || !len)
			return err_set(e, "nowhere to put inflated data");
	}
	if (len > UINT32_MAX)
		len = UINT32_MAX;
	z->cur = room;
	z->cur_size = len;
	z->state.next_out = room;
	z->state.avail_out = (uint32_t)len;
	return 0;
}

/* Hands what the room holds to the sink; the room is then used up. */
static int flush_out(struct gz_inflater *z, struct error *e)
{
	size_t n = z->cur ? z->cur_size - z->state.avail_out : 0;
	unsigned char *data = z->cur;

	z->cur = NULL;
	z->state.next_out = NULL;
	z->state.avail_out = 0;
	if (!n)
		return 0;
	z->total_out += n;
	return z->sink(z->ctx, data, n, e);
}

static const char *isal_strerror(int rc)
{
	switch (rc) {
	case ISAL_INVALID_BLOCK:
		return "invalid deflate block";
	case ISAL_INVALID_SYMBOL:
		return "invalid deflate symbol";
	case ISAL_INVALID_LOOKBACK:
		return "invalid deflate distance";
	case ISAL_INVALID_WRAPPER:
		return "invalid gzip header";
	case ISAL_INCORRECT_CHECKSUM:
		return "gzip CRC mismatch";
	default:
		return "corrupt gzip data";
	}
}

/*
 * Between members: skips trailing zero padding (tar writers pad), starts
 * the next member on its first magic byte; isal checks the rest.
 */
static int start_member(struct gz_inflater *z, const unsigned char **p,
			size_t *len, struct error *e)
{
	while (*len && **p == 0 && z->after_end) {
		z->trailing_zeros = true;
		(*p)++;
		(*len)--;
	}
	if (!*len)
		return 1;
	if (**p != 0x1f || z->trailing_zeros)
		return err_set(e, z->after_end ? "garbage after gzip data"
					       : "not gzip data");
	isal_inflate_reset(&z->state);
	z->state.crc_flag = ISAL_GZIP;
	z->in_member = true;
	return 0;
}

int gz_inflater_feed(struct gz_inflater *z, const void *in, size_t len,
		     struct error *e)
{
	const unsigned char *p = in;

	while (len) {
		uint32_t step;
		bool full;
		int rc;

		if (!z->in_member) {
			rc = start_member(z, &p, &len, e);
			if (rc < 0)
				return -1;
			if (rc > 0)
				break;
		}
		step = len > GZ_IN_STEP ? GZ_IN_STEP : (uint32_t)len;
		z->state.next_in = (uint8_t *)p;
		z->state.avail_in = step;
		/* Until the input is used up, and the output is not pending
		 * (isal stops when the room is full, maybe with more to come).
		 */
		do {
			if (ensure_room(z, e) < 0)
				return -1;
			rc = isal_inflate(&z->state);
			if (rc < 0)
				return err_set(e, "%s", isal_strerror(rc));
			full = !z->state.avail_out;
			if (full && flush_out(z, e) < 0)
				return -1;
		} while ((z->state.avail_in || full) &&
			 z->state.block_state != ISAL_BLOCK_FINISH);
		p += step - z->state.avail_in;
		len -= step - z->state.avail_in;
		if (z->state.block_state == ISAL_BLOCK_FINISH) {
			z->in_member = false;
			z->after_end = true;
		}
	}
	return flush_out(z, e);
}

int gz_inflater_finish(struct gz_inflater *z, struct error *e)
{
	if (z->in_member || !z->after_end)
		return err_set(e, "truncated gzip data");
	return 0;
}

struct raw_inflater {
	struct inflate_state state;
};

struct raw_inflater *raw_inflater_new(void)
{
	struct raw_inflater *z = xcalloc(1, sizeof(*z));

	isal_inflate_init(&z->state);
	z->state.crc_flag = ISAL_DEFLATE;
	return z;
}

void raw_inflater_free(struct raw_inflater *z)
{
	free(z);
}

int raw_inflater_feed(struct raw_inflater *z, const void *in, size_t len,
		      size_t *used, struct strbuf *out, size_t max)
{
	struct inflate_state *st = &z->state;
	int ret = 0;

	/* a small entry: more than 4 GiB of input is corrupt anyway */
	if (len > UINT32_MAX)
		len = UINT32_MAX;
	st->next_in = (uint8_t *)in;
	st->avail_in = (uint32_t)len;
	for (;;) {
		unsigned char buf[4096];
		uint32_t room = sizeof(buf);

		st->next_out = buf;
		st->avail_out = room;
		if (isal_inflate(st) != ISAL_DECOMP_OK) {
			ret = -1;
			break;
		}
		strbuf_add(out, buf, room - st->avail_out);
		if (st->block_state == ISAL_BLOCK_FINISH) {
			ret = 1;
			break;
		}
		if (out->len > max || (!st->avail_in && st->avail_out))
			break;
	}
	*used = len - st->avail_in;
	return ret;
}

uint32_t inflate_crc32(const void *data, size_t len)
{
	uint32_t crc = 0;
	const unsigned char *p = data;

	while (len) { /* isal counts in uint64_t, but be plain */
		size_t n = len > GZ_IN_STEP ? GZ_IN_STEP : len;

		crc = crc32_gzip_refl(crc, p, n);
		p += n;
		len -= n;
	}
	return crc;
}

/* ---- the start of a raw deflate stream ---- */

/*
 * A small decoder of RFC 1951 that stops after a few output bytes. ISA-L
 * builds large lookup tables for every dynamic block (about 8 us per class
 * entry, 0.2 CPU-s for 25,000 classes); canonical codes decoded bit by bit
 * cost about as much as the block header itself.
 */

#define HEAD_MAXBITS 15

struct huff {
	uint16_t count[HEAD_MAXBITS + 1]; /* codes of each length */
	uint16_t symbol[288];		  /* symbols by code */
};

struct head_inflater {
	struct huff fixed_lit, fixed_dist;
};

struct bitin {
	const uint8_t *p, *end;
	uint32_t buf;
	unsigned cnt;
	bool eof;
};

static unsigned bits_get(struct bitin *b, unsigned n)
{
	uint32_t v;

	while (b->cnt < n) {
		if (b->p == b->end) {
			b->eof = true;
			return 0;
		}
		b->buf |= (uint32_t)*b->p++ << b->cnt;
		b->cnt += 8;
	}
	v = b->buf & ((1u << n) - 1);
	b->buf >>= n;
	b->cnt -= n;
	return v;
}

/* Canonical code from lengths; false when over-subscribed. */
static bool huff_build(struct huff *h, const uint8_t *len, unsigned n)
{
	uint16_t offs[HEAD_MAXBITS + 1];
	int left = 1;

	memset(h->count, 0, sizeof(h->count));
	for (unsigned i = 0; i < n; i++)
		h->count[len[i]]++;
	for (unsigned b = 1; b <= HEAD_MAXBITS; b++) {
		left = (left << 1) - h->count[b];
		if (left < 0)
			return false;
	}
	offs[1] = 0;
	for (unsigned b = 1; b < HEAD_MAXBITS; b++)
		offs[b + 1] = (uint16_t)(offs[b] + h->count[b]);
	for (unsigned i = 0; i < n; i++)
		if (len[i])
			h->symbol[offs[len[i]]++] = (uint16_t)i;
	return true;
}

/* One symbol, its code read a bit at a time (Huffman codes are stored
 * most significant bit first); -1 at the end of input or a bad code. */
static int huff_decode(struct bitin *b, const struct huff *h)
{
	int code = 0, first = 0, index = 0;

	for (unsigned len = 1; len <= HEAD_MAXBITS; len++) {
		int count = h->count[len];

		code |= (int)bits_get(b, 1);
		if (b->eof)
			return -1;
		if (code - count < first)
			return h->symbol[index + (code - first)];
		index += count;
		first = (first + count) << 1;
		code <<= 1;
	}
	return -1;
}

static void fixed_tables(struct head_inflater *h)
{
	uint8_t len[288];
	unsigned i = 0;

	for (; i < 144; i++)
		len[i] = 8;
	for (; i < 256; i++)
		len[i] = 9;
	for (; i < 280; i++)
		len[i] = 7;
	for (; i < 288; i++)
		len[i] = 8;
	huff_build(&h->fixed_lit, len, 288);
	memset(len, 5, 30);
	huff_build(&h->fixed_dist, len, 30);
}

/* A dynamic block's code tables; false when malformed. */
static bool dynamic_tables(struct bitin *b, struct huff *lit, struct huff *dist)
{
	static const uint8_t order[19] = {16, 17, 18, 0, 8,  7, 9,  6, 10, 5,
					  11, 4,  12, 3, 13, 2, 14, 1, 15};
	uint8_t len[320] = {0};
	struct huff lens;
	unsigned nlen = bits_get(b, 5) + 257, ndist = bits_get(b, 5) + 1;
	unsigned ncode = bits_get(b, 4) + 4, i = 0;

	if (b->eof || nlen > 286 || ndist > 30)
		return false;
	for (unsigned k = 0; k < ncode; k++)
		len[order[k]] = (uint8_t)bits_get(b, 3);
	if (b->eof || !huff_build(&lens, len, 19))
		return false;
	memset(len, 0, 19);
	while (i < nlen + ndist) {
		int sym = huff_decode(b, &lens);
		unsigned rep, val = 0;

		if (sym < 0)
			return false;
		if (sym < 16) {
			len[i++] = (uint8_t)sym;
			continue;
		}
		if (sym == 16) {
			if (!i)
				return false;
			val = len[i - 1];
			rep = 3 + bits_get(b, 2);
		} else if (sym == 17) {
			rep = 3 + bits_get(b, 3);
		} else {
			rep = 11 + bits_get(b, 7);
		}
		if (b->eof || i + rep > nlen + ndist)
			return false;
		while (rep--)
			len[i++] = (uint8_t)val;
	}
	return len[256] && huff_build(lit, len, nlen) &&
	       huff_build(dist, len + nlen, ndist);
}

struct head_inflater *head_inflater_new(void)
{
	struct head_inflater *h = xcalloc(1, sizeof(*h));

	fixed_tables(h);
	return h;
}

void head_inflater_free(struct head_inflater *h)
{
	free(h);
}

size_t head_inflate(struct head_inflater *h, const void *in, size_t in_len,
		    void *out, size_t out_len)
{
	static const uint16_t lbase[29] = {
	    3,	4,  5,	6,  7,	8,  9,	10, 11,	 13,  15,  17,	19,  23, 27,
	    31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
	static const uint8_t lextra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1,
					   1, 1, 2, 2, 2, 2, 3, 3, 3, 3,
					   4, 4, 4, 4, 5, 5, 5, 5, 0};
	static const uint16_t dbase[30] = {
	    1,	  2,	3,    4,    5,	  7,	9,    13,    17,    25,
	    33,	  49,	65,   97,   129,  193,	257,  385,   513,   769,
	    1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
	static const uint8_t dextra[30] = {
	    0, 0, 0, 0, 1, 1, 2, 2,  3,	 3,  4,	 4,  5,	 5,  6,
	    6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
	struct bitin b = {in, (const uint8_t *)in + in_len, 0, 0, false};
	uint8_t *o = out;
	size_t n = 0;
	bool last = false;
	struct huff lit, dist;

	while (n < out_len && !last) {
		const struct huff *l = &h->fixed_lit, *d = &h->fixed_dist;
		unsigned type;

		last = bits_get(&b, 1);
		type = bits_get(&b, 2);
		if (b.eof || type == 3)
			break;
		if (type == 0) { /* stored: LEN, NLEN from a byte boundary */
			unsigned len;

			b.buf = 0;
			b.cnt = 0;
			if (b.end - b.p < 4 || (b.p[0] ^ b.p[2]) != 0xff ||
			    (b.p[1] ^ b.p[3]) != 0xff)
				break;
			len = b.p[0] | (unsigned)b.p[1] << 8;
			b.p += 4;
			while (len-- && n < out_len && b.p < b.end)
				o[n++] = *b.p++;
			continue;
		}
		if (type == 2) {
			if (!dynamic_tables(&b, &lit, &dist))
				break;
			l = &lit;
			d = &dist;
		}
		while (n < out_len) {
			int sym = huff_decode(&b, l), ds;
			size_t len, back;

			if (sym < 0 || sym > 285)
				return n;
			if (sym < 256) {
				o[n++] = (uint8_t)sym;
				continue;
			}
			if (sym == 256)
				break;
			sym -= 257;
			len = lbase[sym] + bits_get(&b, lextra[sym]);
			ds = huff_decode(&b, d);
			if (ds < 0 || ds > 29 || b.eof)
				return n;
			back = dbase[ds] + bits_get(&b, dextra[ds]);
			if (b.eof || back > n)
				return n;
			while (len-- && n < out_len) {
				o[n] = o[n - back];
				n++;
			}
		}
	}
	return n;
}
