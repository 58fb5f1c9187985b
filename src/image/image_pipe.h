#ifndef JARBAKE_IMAGE_PIPE_H
#define JARBAKE_IMAGE_PIPE_H

#include <stddef.h>
#include <sys/types.h>

/*
 * A bounded byte pipe between two threads of the image reader: one
 * thread inflates and hashes a blob, the other parses the tar inside.
 * Fixed memory (nbufs buffers of bufsize bytes), blocking at both ends.
 */
struct image_pipe;

struct image_pipe *image_pipe_new(size_t nbufs, size_t bufsize);
void image_pipe_free(struct image_pipe *p);

/* Producer: copies data in; -1 when the consumer has given up. */
int image_pipe_write(struct image_pipe *p, const void *data, size_t len);
/*
 * Producer, without a copy: room to write into (blocks until there is
 * some; NULL when the consumer has given up) and its size in *len; then
 * commit the bytes written there, at most *len.
 */
void *image_pipe_reserve(struct image_pipe *p, size_t *len);
void image_pipe_commit(struct image_pipe *p, size_t len);

/* Producer: no more data; failed tells the consumer the input broke. */
void image_pipe_close(struct image_pipe *p, int failed);

/*
 * Consumer: points *buf at the next bytes (valid until the next call) and
 * returns their count; 0 at the end, -1 when the producer failed.
 */
ssize_t image_pipe_read(struct image_pipe *p, const void **buf);
/* Consumer: stop; pending and later writes fail. */
void image_pipe_abort(struct image_pipe *p);

#endif
