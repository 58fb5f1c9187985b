#ifndef JARBAKE_LICENSE_ID_H
#define JARBAKE_LICENSE_ID_H

/*
 * The SPDX license id a declared license stands for, from a small table
 * of the licenses Java libraries use: the name as POMs and Bundle-License
 * spell it ("Apache-2.0", "The Apache Software License, Version 2.0",
 * "Apache License, Version 2.0", "MIT License", ...; case and spacing do
 * not matter) or its canonical URL (http or https, .txt or .html). name
 * and url may be NULL. NULL when the license is not in the table.
 */
const char *license_spdx_id(const char *name, const char *url);

#endif
