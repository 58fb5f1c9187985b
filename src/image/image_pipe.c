#include "image/image_pipe.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

struct pipe_buf {
	unsigned char *data;
	size_t len;
};

struct image_pipe {
	pthread_mutex_t lock;
	pthread_cond_t readable, writable;
	struct pipe_buf *bufs;
	size_t nbufs, bufsize;
	size_t head, count; /* filled buffers: head .. head + count - 1 */
	size_t fill;	    /* bytes in the producer's open buffer */
	bool reading;	    /* the consumer holds bufs[head] */
	bool closed, failed, aborted;
};

struct image_pipe *image_pipe_new(size_t nbufs, size_t bufsize)
{
	struct image_pipe *p = xcalloc(1, sizeof(*p));

	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->readable, NULL);
	pthread_cond_init(&p->writable, NULL);
	p->nbufs = nbufs < 2 ? 2 : nbufs;
	p->bufsize = bufsize;
	p->bufs = xcalloc(p->nbufs, sizeof(*p->bufs));
	for (size_t i = 0; i < p->nbufs; i++)
		p->bufs[i].data = xmalloc(bufsize);
	return p;
}

void image_pipe_free(struct image_pipe *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->nbufs; i++)
		free(p->bufs[i].data);
	free(p->bufs);
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->readable);
	pthread_cond_destroy(&p->writable);
	free(p);
}

/* The producer's open buffer is the one after the filled ones. */
static struct pipe_buf *open_buf(struct image_pipe *p)
{
	return &p->bufs[(p->head + p->count) % p->nbufs];
}

/* Hands the open buffer to the consumer; called with the lock held. */
static void push_locked(struct image_pipe *p)
{
	open_buf(p)->len = p->fill;
	p->count++;
	p->fill = 0;
	pthread_cond_signal(&p->readable);
}

int image_pipe_write(struct image_pipe *p, const void *data, size_t len)
{
	const unsigned char *src = data;

	pthread_mutex_lock(&p->lock);
	while (len) {
		unsigned char *dst;
		size_t n;

		/* The open buffer must not be one the consumer still reads. */
		while (!p->aborted && p->count >= p->nbufs)
			pthread_cond_wait(&p->writable, &p->lock);
		if (p->aborted) {
			pthread_mutex_unlock(&p->lock);
			return -1;
		}
		n = p->bufsize - p->fill;
		if (n > len)
			n = len;
		dst = open_buf(p)->data + p->fill;
		pthread_mutex_unlock(&p->lock);
		/* Only the producer touches the open buffer: copy unlocked. */
		memcpy(dst, src, n);
		pthread_mutex_lock(&p->lock);
		p->fill += n;
		src += n;
		len -= n;
		if (p->fill == p->bufsize)
			push_locked(p);
	}
	pthread_mutex_unlock(&p->lock);
	return 0;
}

void *image_pipe_reserve(struct image_pipe *p, size_t *len)
{
	unsigned char *dst = NULL;

	pthread_mutex_lock(&p->lock);
	while (!p->aborted && p->count >= p->nbufs)
		pthread_cond_wait(&p->writable, &p->lock);
	if (!p->aborted) {
		dst = open_buf(p)->data + p->fill;
		*len = p->bufsize - p->fill;
	}
	pthread_mutex_unlock(&p->lock);
	return dst;
}

void image_pipe_commit(struct image_pipe *p, size_t len)
{
	pthread_mutex_lock(&p->lock);
	p->fill += len;
	if (p->fill >= p->bufsize)
		push_locked(p);
	pthread_mutex_unlock(&p->lock);
}

void image_pipe_close(struct image_pipe *p, int failed)
{
	pthread_mutex_lock(&p->lock);
	if (p->fill && !failed && !p->aborted) {
		while (!p->aborted && p->count >= p->nbufs)
			pthread_cond_wait(&p->writable, &p->lock);
		if (!p->aborted)
			push_locked(p);
	}
	p->closed = true;
	p->failed = failed != 0;
	pthread_cond_signal(&p->readable);
	pthread_mutex_unlock(&p->lock);
}

ssize_t image_pipe_read(struct image_pipe *p, const void **buf)
{
	ssize_t n;

	pthread_mutex_lock(&p->lock);
	if (p->reading) {
		p->reading = false;
		p->head = (p->head + 1) % p->nbufs;
		p->count--;
		pthread_cond_signal(&p->writable);
	}
	while (!p->count && !p->closed && !p->aborted)
		pthread_cond_wait(&p->readable, &p->lock);
	if (p->aborted || (p->closed && p->failed)) {
		n = -1;
	} else if (!p->count) {
		n = 0;
	} else {
		p->reading = true;
		*buf = p->bufs[p->head].data;
		n = (ssize_t)p->bufs[p->head].len;
	}
	pthread_mutex_unlock(&p->lock);
	return n;
}

void image_pipe_abort(struct image_pipe *p)
{
	pthread_mutex_lock(&p->lock);
	p->aborted = true;
	pthread_cond_broadcast(&p->writable);
	pthread_cond_broadcast(&p->readable);
	pthread_mutex_unlock(&p->lock);
}
