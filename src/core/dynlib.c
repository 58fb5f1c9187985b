#include "core/dynlib.h"

#include <dlfcn.h>
#include <stdio.h>

/* pthread_once takes no argument: the library being loaded, one at a time */
static pthread_mutex_t loading_lock = PTHREAD_MUTEX_INITIALIZER;
static struct dynlib *loading;

static void load(void)
{
	struct dynlib *lib = loading;
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL);

	if (!h) {
		snprintf(lib->error, sizeof(lib->error), "cannot load %s: %s",
			 lib->soname, dlerror());
		return;
	}
	for (size_t i = 0; i < lib->nr; i++) {
		*lib->syms[i].slot = dlsym(h, lib->syms[i].name);
		if (!*lib->syms[i].slot) {
			snprintf(lib->error, sizeof(lib->error),
				 "%s has no %s: %s", lib->soname,
				 lib->syms[i].name, dlerror());
			dlclose(h);
			return;
		}
	}
	/* never closed: its functions are used until the process exits */
	lib->loaded = true;
}

bool dynlib_load(struct dynlib *lib)
{
	pthread_mutex_lock(&loading_lock);
	loading = lib;
	pthread_once(&lib->once, load);
	loading = NULL;
	pthread_mutex_unlock(&loading_lock);
	return lib->loaded;
}
