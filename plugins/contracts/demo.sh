# The contracts demo's steps through the services, which SQL cannot
# take: run by install/lib.sh (at_demo_data) after every plugin's
# demo.sql, sourced in a subshell with DEMO_DIR (the site's folder),
# DEMO_PLUGINS (the installed plugins' folder) and CTL (its atriumctl).
# Prints nothing when all goes well.
#
# Northwind's signed design agreement: its deposit invoice, issued by
# the payments plugin's invoicing service (`atriumctl contracts bill`);
# without payments the contract keeps the note saying so.
id=$(at_sql "$DEMO_DIR" "SELECT id FROM atrium.contracts WHERE client_id = 1
    AND title = 'Website design agreement' AND invoice_id IS NULL")
if [ -n "$id" ]; then
	if [ -f "$DEMO_PLUGINS/payments.so" ]; then
		$CTL contracts bill "$id" >/dev/null ||
		    die "the demo contract's deposit invoice failed"
	else
		$CTL contracts bill "$id" >/dev/null 2>&1 || true
	fi
fi
# The retainer, sent to Ana through the e-signature service
# (`atriumctl contracts send`): "Sign now" on her dashboard.
id=$(at_sql "$DEMO_DIR" "SELECT id FROM atrium.contracts WHERE client_id = 1
    AND title = 'Monthly retainer' AND state = 'draft'")
if [ -n "$id" ] && [ -f "$DEMO_PLUGINS/esign.so" ]; then
	$CTL contracts send "$id" ana@northwind.test >/dev/null ||
	    die "the demo contract could not be sent for signature"
fi
