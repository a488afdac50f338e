/*
 * Signing order rules: signers of the lowest group that still has an
 * unsigned signer sign (in parallel); viewers never hold anyone up; a
 * replaced signer no longer counts; a decline ends the envelope.
 */
#include "config.h"

#include <string.h>

#include "order.h"

static const char *const es_names[] = {
	"waiting", "sent", "viewed", "signed", "declined", "replaced"
};

/* The state named s ("waiting" for anything unknown). */
enum es_state
es_state_parse(const char *s)
{
	size_t	 i;

	for (i = 0; s != NULL && i < sizeof(es_names) / sizeof(es_names[0]);
	    i++)
		if (strcmp(s, es_names[i]) == 0)
			return (enum es_state)i;
	return ES_WAITING;
}

/* The state's name (static). */
const char *
es_state_name(enum es_state st)
{
	if ((size_t)st >= sizeof(es_names) / sizeof(es_names[0]))
		return "waiting";
	return es_names[st];
}

/* Whether slot s still has to sign. */
static int
pending(const struct es_slot *s)
{
	return !s->viewer && s->state != ES_SIGNED &&
	    s->state != ES_REPLACED;
}

/*
 * The group whose turn it is: the lowest group with a signer who has not
 * signed; 0 when everyone has signed; -1 when someone declined.
 */
int
es_turn(const struct es_slot *s, size_t n)
{
	size_t	 i;
	int	 g = 0;

	for (i = 0; i < n; i++) {
		if (s[i].state == ES_DECLINED)
			return -1;
		if (pending(&s[i]) && (g == 0 || s[i].group < g))
			g = s[i].group;
	}
	return g;
}

/* Whether slot i may sign now: its group's turn and not signed yet. */
int
es_may_sign(const struct es_slot *s, size_t n, size_t i)
{
	int	 g;

	if (i >= n || !pending(&s[i]))
		return 0;
	g = es_turn(s, n);
	return g > 0 && s[i].group == g;
}

/* Whether every signer has signed (and there was at least one). */
int
es_done(const struct es_slot *s, size_t n)
{
	size_t	 i, signers = 0;

	for (i = 0; i < n; i++)
		if (!s[i].viewer && s[i].state != ES_REPLACED)
			signers++;
	return signers > 0 && es_turn(s, n) == 0;
}
