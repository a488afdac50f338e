/*
 * The FastCGI ceiling bench/run measures Atrium's pages against: a
 * libfcgi "hello world" that answers every request with a fixed body,
 * started by spawn-fcgi behind the same nginx in the same run.  It does
 * no parsing, no database and no templating, so its rate is what the
 * web server, the FastCGI protocol and the process model cost alone.
 */
#include <fcgiapp.h>

int
main(void)
{
	FCGX_Request	 r;
	static const char body[] = "Hello, world\n";

	if (FCGX_Init() != 0 || FCGX_InitRequest(&r, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&r) >= 0) {
		FCGX_PutS("Status: 200 OK\r\n"
		    "Content-Type: text/plain; charset=utf-8\r\n"
		    "Content-Length: 13\r\n\r\n", r.out);
		FCGX_PutStr(body, sizeof(body) - 1, r.out);
		FCGX_Finish_r(&r);
	}
	return 0;
}
