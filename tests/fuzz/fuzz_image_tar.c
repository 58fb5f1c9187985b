/* libFuzzer harness: any bytes as an image archive (docker save, OCI
 * archive, compressed or not) through image_read() and the lookups verify
 * makes on the result. */
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include "image/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz-image.XXXXXX";
	struct image img = IMAGE_INIT;
	struct error e = ERROR_INIT;
	int fd = mkstemp(path);
	size_t *idx = NULL;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	if (image_read(path, NULL, &img, &e) == 0) {
		image_list_dir(&img, "/opt/spark/jars", &idx);
		free(idx);
		image_find(&img, "/opt/spark/conf/spark-defaults.conf");
		image_release(&img);
	}
	unlink(path);
	return 0;
}
