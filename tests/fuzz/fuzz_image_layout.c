/* libFuzzer harness: an OCI image layout directory through image_read().
 * The input is records "NAME\nDATA" joined by SEP; NAME is a file of the
 * layout ("index.json", "blobs/sha256/HEX", ...), "@NAME" makes a symbolic
 * link to DATA, "|NAME" a FIFO. tests/fuzz/mkseeds.py writes seeds. */
#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/image.h"

#define SEP "\n\x00JBSEP\x00\n"
#define SEP_LEN (sizeof(SEP) - 1)
#define MAX_RECORDS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char root[64];
static char made[MAX_RECORDS][256];
static size_t nr_made;

/* NAME: a plain name, or "blobs/sha256/" and a plain name. */
static int good_name(const char *name)
{
	const char *base = name;

	if (!strncmp(name, "blobs/sha256/", 13))
		base = name + 13;
	return *base && strlen(base) < 80 && !strchr(base, '/') &&
	       strcmp(base, ".") && strcmp(base, "..");
}

static void add_record(const uint8_t *rec, size_t len)
{
	const uint8_t *nl = memchr(rec, '\n', len);
	char name[100], *path = made[nr_made];
	size_t nlen = nl ? (size_t)(nl - rec) : 0;
	char kind = nlen ? (char)rec[0] : 0;
	const char *n = name;
	FILE *f;

	if (!nl || nlen >= sizeof(name) || nr_made >= MAX_RECORDS)
		return;
	memcpy(name, rec, nlen);
	name[nlen] = '\0';
	if (kind == '@' || kind == '|')
		n++;
	if (memchr(name, '\0', nlen) || !good_name(n))
		return;
	snprintf(path, sizeof(made[0]), "%s/%s", root, n);
	len -= nlen + 1;
	rec = nl + 1;
	if (kind == '@') {
		char target[256];

		if (len >= sizeof(target) || memchr(rec, '\0', len))
			return;
		memcpy(target, rec, len);
		target[len] = '\0';
		if (symlink(target, path) == 0)
			nr_made++;
	} else if (kind == '|') {
		if (mkfifo(path, 0600) == 0)
			nr_made++;
	} else if ((f = fopen(path, "wbx"))) {
		fwrite(rec, 1, len, f);
		fclose(f);
		nr_made++;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct image img = IMAGE_INIT;
	struct error e = ERROR_INIT;
	const uint8_t *p = data, *end = data + size;
	char sub[96];

	snprintf(root, sizeof(root), "/tmp/fuzz-layout.XXXXXX");
	if (!mkdtemp(root))
		abort();
	snprintf(sub, sizeof(sub), "%s/blobs", root);
	mkdir(sub, 0700);
	snprintf(sub, sizeof(sub), "%s/blobs/sha256", root);
	mkdir(sub, 0700);
	nr_made = 0;
	while (p < end) {
		const uint8_t *q = memmem(p, (size_t)(end - p), SEP, SEP_LEN);
		const uint8_t *stop = q ? q : end;

		add_record(p, (size_t)(stop - p));
		p = q ? q + SEP_LEN : end;
	}
	if (image_read(root, NULL, &img, &e) == 0)
		image_release(&img);
	for (size_t i = 0; i < nr_made; i++)
		unlink(made[i]);
	rmdir(sub);
	snprintf(sub, sizeof(sub), "%s/blobs", root);
	rmdir(sub);
	rmdir(root);
	return 0;
}
