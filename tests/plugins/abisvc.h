/* The "abitest.echo" service of the abisvc* test plugins, version 1.2. */
#ifndef ABISVC_H
#define ABISVC_H

struct abitest_echo {
	const char	*(*say)(void);	/* 1.0 */
};

#endif
