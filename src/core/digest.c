#include "core/digest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "core/xalloc.h"

struct digest {
	EVP_MD_CTX *ctx;
	const EVP_MD *md;
};

static const EVP_MD *digest_md(enum digest_algo algo)
{
	switch (algo) {
	case DIGEST_SHA1:
		return EVP_sha1();
	case DIGEST_SHA512:
		return EVP_sha512();
	case DIGEST_SHA256:
	default:
		return EVP_sha256();
	}
}

struct digest *digest_new(enum digest_algo algo)
{
	struct digest *d = xmalloc(sizeof(*d));

	d->md = digest_md(algo);
	d->ctx = EVP_MD_CTX_new();
	if (!d->ctx || !EVP_DigestInit_ex(d->ctx, d->md, NULL)) {
		xdie("cannot initialise %s", digest_name(algo));
	}
	return d;
}

void digest_update(struct digest *d, const void *data, size_t len)
{
	EVP_DigestUpdate(d->ctx, data, len);
}

void digest_final_hex(struct digest *d, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char raw[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	EVP_DigestFinal_ex(d->ctx, raw, &len);
	for (unsigned int i = 0; i < len; i++) {
		hex[2 * i] = digits[raw[i] >> 4];
		hex[2 * i + 1] = digits[raw[i] & 15];
	}
	hex[2 * len] = '\0';
	digest_reset(d);
}

void digest_reset(struct digest *d)
{
	EVP_DigestInit_ex(d->ctx, d->md, NULL);
}

void digest_free(struct digest *d)
{
	if (!d)
		return;
	EVP_MD_CTX_free(d->ctx);
	free(d);
}

size_t digest_hex_len(enum digest_algo algo)
{
	switch (algo) {
	case DIGEST_SHA1:
		return 40;
	case DIGEST_SHA512:
		return 128;
	case DIGEST_SHA256:
	default:
		return 64;
	}
}

const char *digest_name(enum digest_algo algo)
{
	switch (algo) {
	case DIGEST_SHA1:
		return "sha1";
	case DIGEST_SHA512:
		return "sha512";
	case DIGEST_SHA256:
	default:
		return "sha256";
	}
}

void digest_buffer(enum digest_algo algo, const void *data, size_t len,
		   char *hex)
{
	struct digest *d = digest_new(algo);

	digest_update(d, data, len);
	digest_final_hex(d, hex);
	digest_free(d);
}

int digest_file(enum digest_algo algo, const char *path, char *hex,
		uint64_t *size, struct error *e)
{
	enum { BUF_SIZE = 1 << 17 };
	unsigned char *buf;
	struct digest *d;
	uint64_t total = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_set_errno(e, EXIT_IO, "cannot open '%s'", path);
	d = digest_new(algo);
	buf = xmalloc(BUF_SIZE);
	while ((n = read(fd, buf, BUF_SIZE)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_set_errno(e, EXIT_IO, "cannot read '%s'", path);
			free(buf);
			digest_free(d);
			close(fd);
			return -1;
		}
		digest_update(d, buf, (size_t)n);
		total += (uint64_t)n;
	}
	free(buf);
	close(fd);
	digest_final_hex(d, hex);
	digest_free(d);
	if (size)
		*size = total;
	return 0;
}

bool digest_hex_valid(enum digest_algo algo, const char *s)
{
	size_t n = digest_hex_len(algo);

	if (strlen(s) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') ||
		      (s[i] >= 'a' && s[i] <= 'f')))
			return false;
	return true;
}
