/*
 * What support cases (cases.c) and change requests (change.c) both use:
 * a client's projects on a form and the check of the chosen one,
 * telling people (from a request or a job) and the flash after a
 * change.
 */
#include "config.h"

#include "common.h"

/* See cases.h. */
void
cs_projects(struct at_req *req, xmlNodePtr parent, long long client)
{
	struct at_rows	*r;

	r = at_db_select(at_req_db(req), at_req_pool(req),
	    "SELECT id, name FROM projects WHERE client_id = ? AND "
	    "(visible = 1 OR ?) ORDER BY name", "Ii", client,
	    at_is_staff(req));
	if (r != NULL)
		at_x_rows(parent, "projects", "project", r);
}

/* See cases.h. */
int
cs_project_field(struct at_req *req, long long client, long long *pid)
{
	struct at_rows	*r = NULL;
	const char	*proj = at_form(req, "project");

	*pid = 0;
	if (proj == NULL || *proj == '\0')
		return 0;
	if (at_strtoll(proj, pid) == 0 && *pid > 0)
		r = at_db_select(at_req_db(req), at_req_pool(req),
		    "SELECT id FROM projects WHERE id = ? AND client_id = ? "
		    "AND (visible = 1 OR ?)", "IIi", *pid, client,
		    at_is_staff(req));
	if (r == NULL && at_db_gone(at_req_db(req)))
		return -1;
	if (r == NULL || r->n == 0) {
		*pid = 0;
		at_form_error(req, "project", "Choose one of the client's "
		    "projects, or none.");
	}
	return 0;
}

/* See cases.h. */
void
cs_notice(struct at_notice *nt, const char *kind, const char *subject,
    const char *text, const char *link, const char *item_type, long long id)
{
	*nt = (struct at_notice){ .size = AT_EXT_SIZE(at_notice), .kind = kind,
	    .subject = subject, .text = text, .link = link,
	    .item_type = item_type, .item_id = id };
}

/* See cases.h. */
int
cs_notify(struct at_db *db, const struct at_site *site,
    const struct at_rows *who, long long skip, const struct at_notice *nt)
{
	long long	 uid;
	size_t		 i;
	int		 rc = 0;

	if (who == NULL)
		return -1;
	for (i = 0; i < who->n; i++) {
		uid = at_row_int(who, i, "id", 0);
		if (skip != 0 && uid == skip)
			continue;
		if (at_notify(db, site, uid, nt) == -1) {
			log_warn("cases: %s %lld: account %lld was not told "
			    "(%s)", nt->item_type, nt->item_id, uid,
			    nt->kind);
			rc = -1;
		}
	}
	return rc;
}

/* See cases.h. */
int
cs_tell(struct at_req *req, const struct at_rows *r, const char *kind,
    const char *subject, const char *text, const char *link,
    const char *item_type, long long id, int reply)
{
	struct at_notice nt;

	cs_notice(&nt, kind, subject, text, link, item_type, id);
#ifdef CS_MAILIN
	if (reply)
		nt.reply_to = "cases";
#else
	(void)reply;
#endif
	return cs_notify(at_req_db(req), at_req_site(req), r,
	    at_user_id(at_req_user(req)), &nt);
}

/* See cases.h. */
int
cs_tell_team_job(struct at_job_ctx *ctx, const struct at_rows *team,
    const char *item_type, long long id, const char *subject,
    const char *text, const char *link)
{
	struct at_notice nt;

	cs_notice(&nt, "cases.team", subject, text, link, item_type, id);
	return cs_notify(ctx->db, ctx->site, team, 0, &nt);
}

/* See cases.h. */
void
cs_flash(struct at_req *req, int mailed, const char *msg)
{
	if (mailed == -1)
		at_flash(req, "error", at_pprintf(at_req_pool(req), "%s But "
		    "not everyone could be told by mail.", msg));
	else
		at_flash(req, "ok", msg);
}
