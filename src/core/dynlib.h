#ifndef JARBAKE_DYNLIB_H
#define JARBAKE_DYNLIB_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

/*
 * Libraries loaded when first used: libcurl and libarchive bring about
 * forty shared objects, and mapping them took 25 of the 32 ms every run
 * spent starting, lint and dockerfile included, which use neither.
 * A library's wrapper (net/curl_lib.c, image/archive_lib.c) defines the
 * library's own functions as trampolines over the symbols found here.
 */
struct dynlib_sym {
	const char *name;
	void **slot; /* a function pointer, filled by dlsym */
};

struct dynlib {
	const char *soname; /* "libcurl.so.4": the ABI the headers are for */
	const struct dynlib_sym *syms;
	size_t nr;
	pthread_once_t once;
	bool loaded;
	char error[256]; /* why it is not, when not */
};

#define DYNLIB_INIT(soname, syms)                                              \
	{                                                                      \
		(soname), (syms), sizeof(syms) / sizeof((syms)[0]),            \
		    PTHREAD_ONCE_INIT, false, ""                               \
	}

/* Loads lib and every symbol, once for the process; false (with
 * lib->error) when the library or one of its symbols is missing. */
bool dynlib_load(struct dynlib *lib);

#endif
