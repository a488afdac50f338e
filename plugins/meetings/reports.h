/* The meetings plugin's part of the reports area (reports.c). */
#ifndef MEETINGS_REPORTS_H
#define MEETINGS_REPORTS_H

struct at_registry;

/* Registers the "meetings" report panel and workload column. */
void	 mt_reports_register(struct at_registry *);

#endif
