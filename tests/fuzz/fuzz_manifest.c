/* libFuzzer harness: any bytes through the manifest parser. */
#include <stddef.h>
#include <stdint.h>

#include "manifest/manifest.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct manifest m = MANIFEST_INIT;
	struct error e = ERROR_INIT;

	manifest_parse(&m, "fuzz.json", (const char *)data, size, &e);
	manifest_release(&m);
	return 0;
}
