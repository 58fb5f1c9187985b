#ifndef JARBAKE_LINT_SCANNERS_H
#define JARBAKE_LINT_SCANNERS_H

#include <stddef.h>

#include "lint/scan.h"

/*
 * Every scanner, one per format (contract in lint/scan.h). Only the
 * dispatcher (lint.c) includes this: no scanner calls another one, they
 * emit documents instead.
 */
void scan_properties(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_shell(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_dockerfile(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_makefile(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_dotenv(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_python(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_jvm(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_groovy(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_yaml(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_json(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_hcl(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_justfile(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_batch(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_template(const struct lint_ctx *ctx, const char *text, size_t len);

#endif
