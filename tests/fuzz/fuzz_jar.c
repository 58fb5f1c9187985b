/*
 * libFuzzer harness: any bytes as a JAR, read from a file and as a stream;
 * both readers must agree on whether it is a zip and on what it holds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jar/jar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[] = "/tmp/fuzz-jar.XXXXXX";
	struct jar_info from_file = JAR_INFO_INIT, from_stream = JAR_INFO_INIT;
	struct error e1 = ERROR_INIT, e2 = ERROR_INIT;
	struct jar_stream *s = jar_stream_new(JAR_READ_CLASSES);
	int fd = mkstemp(path);
	int r1, r2;

	if (fd < 0 || write(fd, data, size) != (ssize_t)size)
		abort();
	close(fd);
	r1 = jar_read_file(path, JAR_READ_CLASSES, &from_file, &e1);
	/* Odd chunk sizes exercise the stream reader's boundaries. */
	for (size_t off = 0; off < size;) {
		size_t n = size - off < 7 ? size - off : 7;

		jar_stream_feed(s, data + off, n);
		off += n;
	}
	r2 = jar_stream_finish(s, "fuzz.jar", &from_stream, &e2);
	if (!r1 && !r2 &&
	    (from_file.nr_classes != from_stream.nr_classes ||
	     from_file.has_manifest_mf != from_stream.has_manifest_mf))
		abort();
	jar_info_release(&from_file);
	jar_info_release(&from_stream);
	unlink(path);
	return 0;
}
