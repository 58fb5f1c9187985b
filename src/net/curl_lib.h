#ifndef JARBAKE_CURL_LIB_H
#define JARBAKE_CURL_LIB_H

/* Loads libcurl (see curl_lib.c); NULL when loaded, else why not. */
const char *curl_lib_error(void);

#endif
