/*
 * The signing order of an envelope: who may sign now.  Plain C, so the
 * unit tests check the rules without a database.
 */
#ifndef ESIGN_ORDER_H
#define ESIGN_ORDER_H

#include <stddef.h>

enum es_state {
	ES_WAITING = 0,	/* not yet their turn */
	ES_SENT,	/* their turn, sent */
	ES_VIEWED,	/* their turn, opened */
	ES_SIGNED,
	ES_DECLINED,
	ES_REPLACED	/* taken out by staff */
};

struct es_slot {
	int		 group;		/* 1, 2 ... */
	int		 viewer;	/* 1: receives copies, signs nothing */
	enum es_state	 state;
};

enum es_state	 es_state_parse(const char *);
const char	*es_state_name(enum es_state);
int		 es_turn(const struct es_slot *, size_t n);
int		 es_may_sign(const struct es_slot *, size_t n, size_t i);
int		 es_done(const struct es_slot *, size_t n);

#endif
