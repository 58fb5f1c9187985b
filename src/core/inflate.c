#include "core/inflate.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/* ---- the start of a raw deflate stream ---- */

struct head_inflater {
	struct inflate_state state;
};

struct head_inflater *head_inflater_new(void)
{
	return xcalloc(1, sizeof(struct head_inflater));
}

void head_inflater_free(struct head_inflater *h)
{
	free(h);
}

size_t head_inflate(struct head_inflater *h, const void *in, size_t in_len,
		    void *out, size_t out_len)
{
	if (in_len > UINT32_MAX || out_len > UINT32_MAX)
		return 0;
	isal_inflate_init(&h->state);
	h->state.crc_flag = ISAL_DEFLATE;
	h->state.next_in = (uint8_t *)in;
	h->state.avail_in = (uint32_t)in_len;
	h->state.next_out = out;
	h->state.avail_out = (uint32_t)out_len;
	if (isal_inflate(&h->state) < 0)
		return 0;
	return out_len - h->state.avail_out;
}
