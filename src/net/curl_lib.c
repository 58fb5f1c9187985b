/*
 * libcurl, loaded on first use (core/dynlib.h): its functions, defined
 * here over the symbols of libcurl.so.4, so that http.c calls libcurl as
 * usual. Functions that need no handle load the library; the others take
 * a handle, which only a loaded library gives.
 */
/* the functions are defined here: not the type-checking macros */
#define CURL_DISABLE_TYPECHECK
#include <curl/curl.h>
#include <stdarg.h>

#include "core/dynlib.h"
#include "net/curl_lib.h"

static struct {
	CURLcode (*global_init)(long);
	CURL *(*easy_init)(void);
	void (*easy_cleanup)(CURL *);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
	void (*free)(void *);
	time_t (*getdate)(const char *, const time_t *);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_cleanup)(CURLM *);
	CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
	CURLMcode (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode (*multi_perform)(CURLM *, int *);
	CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned, int,
				int *);
	CURLMsg *(*multi_info_read)(CURLM *, int *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	CURLU *(*url)(void);
	void (*url_cleanup)(CURLU *);
	CURLUcode (*url_get)(CURLU *, CURLUPart, char **, unsigned);
	CURLUcode (*url_set)(CURLU *, CURLUPart, const char *, unsigned);
} fn;

#define SYM(name)                                                              \
	{                                                                      \
		"curl_" #name, (void **)&fn.name                               \
	}

static const struct dynlib_sym syms[] = {
    SYM(global_init),
    SYM(easy_init),
    SYM(easy_cleanup),
    SYM(easy_setopt),
    SYM(easy_getinfo),
    SYM(easy_strerror),
    SYM(free),
    SYM(getdate),
    SYM(multi_init),
    SYM(multi_cleanup),
    SYM(multi_setopt),
    SYM(multi_add_handle),
    SYM(multi_remove_handle),
    SYM(multi_perform),
    SYM(multi_poll),
    SYM(multi_info_read),
    SYM(slist_append),
    SYM(slist_free_all),
    SYM(url),
    SYM(url_cleanup),
    SYM(url_get),
    SYM(url_set),
};

static struct dynlib lib = DYNLIB_INIT("libcurl.so.4", syms);

const char *curl_lib_error(void)
{
	return dynlib_load(&lib) ? NULL : lib.error;
}

CURLcode curl_global_init(long flags)
{
	return dynlib_load(&lib) ? fn.global_init(flags) : CURLE_FAILED_INIT;
}

CURL *curl_easy_init(void)
{
	return dynlib_load(&lib) ? fn.easy_init() : NULL;
}

void curl_easy_cleanup(CURL *curl)
{
	if (curl)
		fn.easy_cleanup(curl);
}

/* An option's value, whose type follows from the option's number as
 * libcurl itself reads it (easy and multi options share the ranges). */
#define FORWARD_OPTION(rc, call, handle, option, ap)                           \
	do {                                                                   \
		if ((option) < CURLOPTTYPE_OBJECTPOINT)                        \
			rc = call(handle, option, va_arg(ap, long));           \
		else if ((option) < CURLOPTTYPE_FUNCTIONPOINT)                 \
			rc = call(handle, option, va_arg(ap, void *));         \
		else if ((option) < CURLOPTTYPE_OFF_T)                         \
			rc = call(handle, option, va_arg(ap, void (*)(void))); \
		else if ((option) < CURLOPTTYPE_BLOB)                          \
			rc = call(handle, option, va_arg(ap, curl_off_t));     \
		else                                                           \
			rc = call(handle, option, va_arg(ap, void *));         \
	} while (0)

CURLcode curl_easy_setopt(CURL *curl, CURLoption option, ...)
{
	va_list ap;
	CURLcode rc;

	va_start(ap, option);
	FORWARD_OPTION(rc, fn.easy_setopt, curl, option, ap);
	va_end(ap);
	return rc;
}

/* Every CURLINFO_* takes a pointer to where the answer goes. */
CURLcode curl_easy_getinfo(CURL *curl, CURLINFO info, ...)
{
	va_list ap;
	CURLcode rc;

	va_start(ap, info);
	rc = fn.easy_getinfo(curl, info, va_arg(ap, void *));
	va_end(ap);
	return rc;
}

const char *curl_easy_strerror(CURLcode code)
{
	return dynlib_load(&lib) ? fn.easy_strerror(code) : lib.error;
}

void curl_free(void *p)
{
	if (p)
		fn.free(p);
}

time_t curl_getdate(const char *date, const time_t *unused)
{
	return dynlib_load(&lib) ? fn.getdate(date, unused) : -1;
}

CURLM *curl_multi_init(void)
{
	return dynlib_load(&lib) ? fn.multi_init() : NULL;
}

CURLMcode curl_multi_cleanup(CURLM *multi)
{
	return multi ? fn.multi_cleanup(multi) : CURLM_BAD_HANDLE;
}

CURLMcode curl_multi_setopt(CURLM *multi, CURLMoption option, ...)
{
	va_list ap;
	CURLMcode rc;

	va_start(ap, option);
	FORWARD_OPTION(rc, fn.multi_setopt, multi, option, ap);
	va_end(ap);
	return rc;
}

CURLMcode curl_multi_add_handle(CURLM *multi, CURL *curl)
{
	return fn.multi_add_handle(multi, curl);
}

CURLMcode curl_multi_remove_handle(CURLM *multi, CURL *curl)
{
	return fn.multi_remove_handle(multi, curl);
}

CURLMcode curl_multi_perform(CURLM *multi, int *running)
{
	return fn.multi_perform(multi, running);
}

CURLMcode curl_multi_poll(CURLM *multi, struct curl_waitfd *extra,
			  unsigned int nr_extra, int timeout_ms, int *ret)
{
	return fn.multi_poll(multi, extra, nr_extra, timeout_ms, ret);
}

CURLMsg *curl_multi_info_read(CURLM *multi, int *left)
{
	return fn.multi_info_read(multi, left);
}

struct curl_slist *curl_slist_append(struct curl_slist *list, const char *s)
{
	return dynlib_load(&lib) ? fn.slist_append(list, s) : NULL;
}

void curl_slist_free_all(struct curl_slist *list)
{
	if (list)
		fn.slist_free_all(list);
}

CURLU *curl_url(void)
{
	return dynlib_load(&lib) ? fn.url() : NULL;
}

void curl_url_cleanup(CURLU *url)
{
	if (url)
		fn.url_cleanup(url);
}

CURLUcode curl_url_get(CURLU *url, CURLUPart part, char **out,
		       unsigned int flags)
{
	return fn.url_get(url, part, out, flags);
}

CURLUcode curl_url_set(CURLU *url, CURLUPart part, const char *content,
		       unsigned int flags)
{
	return fn.url_set(url, part, content, flags);
}
