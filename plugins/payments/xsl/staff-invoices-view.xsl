<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/payments/xsl/payments-common.xsl"/>
  <!-- Staff: one document with the actions its state allows. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="d" select="doc"/>
    <xsl:variable name="u" select="concat($base, '/staff/invoices/', $d/id)"/>
    <p><a href="{$base}/staff/invoices">Invoices</a></p>
    <h1><xsl:call-template name="pay-kind"><xsl:with-param name="k" select="$d/kind"/></xsl:call-template><xsl:text> </xsl:text>
      <xsl:choose><xsl:when test="$d/number"><xsl:value-of select="$d/number"/></xsl:when><xsl:otherwise>(draft)</xsl:otherwise></xsl:choose>
      <span class="small"> · <xsl:value-of select="$d/client"/></span></h1>
    <p><a href="{$u}/pdf">PDF</a>
      <xsl:if test="$d/number and $d/kind != 'quote' and $d/status != 'void'"> · <a href="{$u}/ubl">UBL XML</a></xsl:if></p>
    <xsl:call-template name="pay-doc"><xsl:with-param name="d" select="$d"/></xsl:call-template>
    <xsl:if test="$d/status = 'draft'">
      <xsl:if test="$d/lines/line">
        <h2>Remove a line</h2>
        <ul><xsl:for-each select="$d/lines/line"><li><xsl:value-of select="description"/>
          <form method="post" action="{$u}/lines/{id}/delete" class="inline"><xsl:call-template name="csrf"/><button type="submit">Remove</button></form></li></xsl:for-each></ul>
      </xsl:if>
      <h2>Add a line</h2>
      <form method="post" action="{$u}/lines" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name">description</xsl:with-param><xsl:with-param name="label">Description</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">qty</xsl:with-param><xsl:with-param name="label">Quantity (up to 3 decimals)</xsl:with-param><xsl:with-param name="value">1</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">unit</xsl:with-param><xsl:with-param name="label" select="concat('Unit price (', $d/currency, ')')"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <div class="field"><label for="f-tax">Tax</label>
          <select id="f-tax" name="tax"><xsl:for-each select="taxes/tax"><option value="{id}"><xsl:value-of select="name"/></option></xsl:for-each></select></div>
        <xsl:call-template name="field"><xsl:with-param name="name">discount</xsl:with-param><xsl:with-param name="label">Discount (%)</xsl:with-param></xsl:call-template>
        <p><button type="submit">Add the line</button></p>
      </form>
      <h2>Details</h2>
      <form method="post" action="{$u}/edit" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name">title</xsl:with-param><xsl:with-param name="label">Title</xsl:with-param><xsl:with-param name="value" select="$d/title"/></xsl:call-template>
        <div class="field"><label for="f-project">Project</label>
          <select id="f-project" name="project"><option value="">None</option>
            <xsl:for-each select="projects/project"><option value="{id}"><xsl:if test="id = $d/project_id"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/></option></xsl:for-each></select></div>
        <xsl:call-template name="field"><xsl:with-param name="name">issue_date</xsl:with-param><xsl:with-param name="label">Issue date (empty: the day it is sent)</xsl:with-param><xsl:with-param name="type">date</xsl:with-param><xsl:with-param name="value" select="$d/issue_date"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">due_date</xsl:with-param><xsl:with-param name="label">Due date (empty: from the client's payment terms)</xsl:with-param><xsl:with-param name="type">date</xsl:with-param><xsl:with-param name="value" select="$d/due_date"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">notes</xsl:with-param><xsl:with-param name="label">Notes</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="value" select="$d/notes"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">terms</xsl:with-param><xsl:with-param name="label">Terms</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="value" select="$d/terms"/></xsl:call-template>
        <p><button type="submit">Save</button></p>
      </form>
      <form method="post" action="{$u}/send" class="inline"><xsl:call-template name="csrf"/><button type="submit" class="primary">Send to the client</button></form>
      <form method="post" action="{$u}/delete" class="inline"><xsl:call-template name="csrf"/><button type="submit" class="danger">Delete the draft</button></form>
    </xsl:if>
    <xsl:if test="$d/kind = 'invoice' and ($d/status = 'sent' or $d/status = 'partial' or $d/status = 'paid')">
      <h2>Record a payment or refund</h2>
      <form method="post" action="{$u}/payments" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name">amount</xsl:with-param><xsl:with-param name="label" select="concat('Amount (', $d/currency, '; negative for a refund)')"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <div class="field"><label for="f-method">Method</label>
          <select id="f-method" name="method"><option value="bank">Bank transfer</option><option value="cheque">Cheque</option><option value="cash">Cash</option><option value="other">Other</option></select></div>
        <xsl:call-template name="field"><xsl:with-param name="name">reference</xsl:with-param><xsl:with-param name="label">Reference</xsl:with-param></xsl:call-template>
        <p><button type="submit">Record</button></p>
      </form>
      <xsl:if test="($d/status = 'sent' or $d/status = 'partial') and credit/amount[@currency = $d/currency and @value &gt; 0]">
        <h2>Client credit</h2>
        <xsl:call-template name="pay-credit"><xsl:with-param name="credit" select="credit"/><xsl:with-param name="who" select="'Client'"/></xsl:call-template>
        <form method="post" action="{$u}/apply-credit" class="inline"><xsl:call-template name="csrf"/><button type="submit">Apply the client's credit</button></form>
      </xsl:if>
      <xsl:if test="$d/payments/payment[method = 'card' and amount &gt; 0]">
        <h2>Refund by card</h2>
        <form method="post" action="{$u}/refund" class="stack">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="field"><xsl:with-param name="name">amount</xsl:with-param><xsl:with-param name="label" select="concat('Amount to refund (', $d/currency, ')')"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
          <p><button type="submit">Refund through the provider</button></p>
        </form>
      </xsl:if>
      <xsl:if test="$d/credited = '0'">
        <h2>Credit note</h2>
        <form method="post" action="{$u}/credit" class="stack">
          <xsl:call-template name="csrf"/>
          <xsl:call-template name="field"><xsl:with-param name="name">reason</xsl:with-param><xsl:with-param name="label">Reason</xsl:with-param></xsl:call-template>
          <p><button type="submit">Issue a credit note for the whole invoice</button></p>
        </form>
      </xsl:if>
      <h2>Recurring</h2>
      <xsl:for-each select="schedules/schedule"><p>Every <xsl:value-of select="every"/>, next on <xsl:value-of select="next_on"/></p></xsl:for-each>
      <form method="post" action="{$u}/recurring" class="stack">
        <xsl:call-template name="csrf"/>
        <div class="field"><label for="f-every">Every</label>
          <select id="f-every" name="every"><option value="month">Month</option><option value="quarter">Quarter</option><option value="year">Year</option></select></div>
        <xsl:call-template name="field"><xsl:with-param name="name">start</xsl:with-param><xsl:with-param name="label">First issue date</xsl:with-param><xsl:with-param name="type">date</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <p><button type="submit">Schedule</button></p>
      </form>
    </xsl:if>
    <xsl:if test="$d/kind = 'quote' and $d/status = 'accepted'">
      <h2>Make the invoice</h2>
      <form method="post" action="{$u}/convert" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name">deposit</xsl:with-param><xsl:with-param name="label">Deposit (%; empty for the whole quote)</xsl:with-param></xsl:call-template>
        <p><button type="submit" class="primary">Draft the invoice</button></p>
      </form>
    </xsl:if>
    <xsl:if test="$d/status != 'draft' and $d/status != 'void' and $d/paid = '0' and $d/kind != 'credit'">
      <h2>Void</h2>
      <form method="post" action="{$u}/void" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name">reason</xsl:with-param><xsl:with-param name="label">Reason</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <p><button type="submit" class="danger">Void</button></p>
      </form>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
