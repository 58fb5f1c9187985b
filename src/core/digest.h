#ifndef JARBAKE_DIGEST_H
#define JARBAKE_DIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Every hash in the program goes through here (OpenSSL EVP). */
enum digest_algo { DIGEST_SHA1, DIGEST_SHA256, DIGEST_SHA512 };

/* Room for the longest lowercase hex digest (SHA-512) and its NUL. */
#define DIGEST_HEX_MAX 129
#define SHA256_HEX_LEN 64

struct digest;

/* A new streaming context; free with digest_free(). Aborts on OOM. */
struct digest *digest_new(enum digest_algo algo);
void digest_update(struct digest *d, const void *data, size_t len);
/* Writes the lowercase hex digest and a NUL to hex, which must hold
 * digest_hex_len(algo) + 1 bytes (65 for SHA-256); resets d for reuse. */
void digest_final_hex(struct digest *d, char *hex);
void digest_reset(struct digest *d);
void digest_free(struct digest *d);

/* Length of the hex digest of algo (40, 64, 128). */
size_t digest_hex_len(enum digest_algo algo);
const char *digest_name(enum digest_algo algo);

void digest_buffer(enum digest_algo algo, const void *data, size_t len,
		   char *hex);

/* Hashes a whole file; *size (may be NULL) gets its length. */
int digest_file(enum digest_algo algo, const char *path, char *hex,
		uint64_t *size, struct error *e);

/* True when s is exactly the lowercase hex length of algo. */
bool digest_hex_valid(enum digest_algo algo, const char *s);

#endif
