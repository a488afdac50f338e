/* Everything a module or plugin may use. */
#ifndef ATRIUM_ATRIUM_H
#define ATRIUM_ATRIUM_H

#include <atrium/pool.h>
#include <atrium/log.h>
#include <atrium/config.h>
#include <atrium/http.h>
#include <atrium/router.h>
#include <atrium/db.h>
#include <atrium/view.h>
#include <atrium/auth.h>
#include <atrium/mail.h>
#include <atrium/plugin.h>
#include <atrium/extend.h>
#include <atrium/activity.h>
#include <atrium/clock.h>
#include <atrium/jobs.h>
#include <atrium/events.h>
#include <atrium/pdf.h>
#include <atrium/utf8.h>
#include <atrium/notify.h>
#include <atrium/files.h>
#include <atrium/settings.h>
#include <atrium/mailin.h>
#include <atrium/listing.h>
#include <atrium/kept.h>

#endif
