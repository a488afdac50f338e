/*
 * What the core's shared library (libatrium) exports.  The core is built
 * with -fvisibility=hidden, so a function is callable from a plugin or a
 * program only when it is declared between AT_API_BEGIN and AT_API_END:
 * every header in include/atrium/ wraps its declarations so, and nothing
 * else is exported.  AT_API marks one declaration in a private header
 * that the atrium and atriumctl programs call; it is not plugin API.
 * tests/plugins/check_exports checks both rules against the library.
 */
#ifndef ATRIUM_API_H
#define ATRIUM_API_H

#if defined(__GNUC__) && __GNUC__ >= 4
#define AT_API_BEGIN	_Pragma("GCC visibility push(default)")
#define AT_API_END	_Pragma("GCC visibility pop")
#define AT_API		__attribute__((visibility("default")))
#else
#define AT_API_BEGIN
#define AT_API_END
#define AT_API
#endif

#endif
