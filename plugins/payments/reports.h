/* The payments plugin's part of the reports area (reports.c). */
#ifndef PAYMENTS_REPORTS_H
#define PAYMENTS_REPORTS_H

struct at_registry;

/* Registers the "payments" report panel and health factor. */
void	 pay_reports_register(struct at_registry *);

#endif
