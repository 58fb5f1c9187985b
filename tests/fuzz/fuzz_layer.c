/* libFuzzer harness: any bytes as one image layer (tar, gzip or zstd) through
 * the layer walker, in chunks of odd sizes, then applied to a view. */
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "image/image_view.h"
#include "image/layer.h"
#include "jar/jar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct chunks {
	const uint8_t *data;
	size_t size, off;
};

static ssize_t next_chunk(void *ctx, const void **buf)
{
	struct chunks *c = ctx;
	size_t n = c->size - c->off < 1021 ? c->size - c->off : 1021;

	*buf = c->data + c->off;
	c->off += n;
	return (ssize_t)n;
}

static void each(void *ctx, const char *path, const struct view_node *dir,
		 struct layer_file *f, const char *target)
{
	(void)ctx;
	(void)path;
	(void)dir;
	(void)f;
	(void)target;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct chunks c = {data, size, 0};
	struct layer_options opts = {.jar_flags = JAR_READ_CLASSES,
				     .max_bytes = 64u << 20,
				     .max_entries = 10000,
				     .display = "fuzz"};
	struct layer l = LAYER_INIT;
	struct error e = ERROR_INIT;
	struct image_view *v;

	if (layer_read(&l, next_chunk, &c, &opts, &e) == 0) {
		v = image_view_new();
		image_view_apply(v, &l);
		image_view_each_file(v, each, NULL);
		image_view_lookup(v, "/opt/spark/jars", true);
		image_view_free(v);
	}
	layer_release(&l);
	return 0;
}
