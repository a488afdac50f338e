<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/payments/xsl/payments-common.xsl"/>
  <!-- Staff: every document with filters, aging, a new document, taxes,
       billing details, exports. -->
  <xsl:template match="content" mode="page">
    <h1>Invoices</h1>
    <nav class="filters" aria-label="Filter">
      <xsl:variable name="cl" select="filter/@client"/>
      <a href="{$base}/staff/invoices?client={$cl}">All</a><xsl:text> </xsl:text>
      <a href="{$base}/staff/invoices?status=draft&amp;client={$cl}">Drafts</a><xsl:text> </xsl:text>
      <a href="{$base}/staff/invoices?status=open&amp;client={$cl}">Open</a><xsl:text> </xsl:text>
      <a href="{$base}/staff/invoices?status=overdue&amp;client={$cl}">Overdue</a><xsl:text> </xsl:text>
      <a href="{$base}/staff/invoices?status=paid&amp;client={$cl}">Paid</a><xsl:text> </xsl:text>
      <a href="{$base}/staff/invoices?status=void&amp;client={$cl}">Void</a><xsl:text> </xsl:text>
      <a href="{$base}/staff/invoices?status=quotes&amp;client={$cl}">Quotes</a><xsl:text> </xsl:text>
      <a href="{$base}/staff/invoices?status=credits&amp;client={$cl}">Credit notes</a>
    </nav>
    <p>Export for the accountant: <a href="{$base}/staff/payments/export?what=invoices">invoices (CSV)</a>, <a href="{$base}/staff/payments/export?what=payments">payments (CSV)</a></p>
    <xsl:if test="aging/bucket">
      <h2>Aging of open invoices</h2>
      <table class="list">
        <thead><tr><th scope="col">Currency</th><th scope="col">Bucket (days overdue)</th><th scope="col">Invoices</th><th scope="col">Amount</th></tr></thead>
        <tbody>
          <xsl:for-each select="aging/bucket">
            <tr><td><xsl:value-of select="currency"/></td><td><xsl:value-of select="bucket"/></td><td class="num"><xsl:value-of select="n"/></td><td class="num"><xsl:value-of select="amount_f"/></td></tr>
          </xsl:for-each>
        </tbody>
      </table>
    </xsl:if>
    <xsl:choose>
      <xsl:when test="docs/doc">
        <xsl:call-template name="pay-rows"><xsl:with-param name="docs" select="docs"/><xsl:with-param name="href" select="'/staff/invoices/'"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><p class="empty">No document here.</p></xsl:otherwise>
    </xsl:choose>
    <h2>New document</h2>
    <form method="post" action="{$base}/staff/invoices" class="stack">
      <xsl:call-template name="csrf"/>
      <div class="field"><label for="f-client">Client</label>
        <select id="f-client" name="client">
          <xsl:for-each select="clients/client">
            <option value="{id}"><xsl:if test="id = /atrium/content/filter/@client"><xsl:attribute name="selected">selected</xsl:attribute></xsl:if><xsl:value-of select="name"/> (<xsl:value-of select="currency"/>)</option>
          </xsl:for-each>
        </select></div>
      <div class="field"><label for="f-kind">Kind</label>
        <select id="f-kind" name="kind"><option value="invoice">Invoice</option><option value="quote">Quote</option></select></div>
      <xsl:call-template name="field"><xsl:with-param name="name">title</xsl:with-param><xsl:with-param name="label">Title</xsl:with-param></xsl:call-template>
      <p><button type="submit" class="primary">Create draft</button></p>
    </form>
    <h2>Tax rates</h2>
    <ul>
      <xsl:for-each select="taxes/tax"><li><xsl:value-of select="name"/> (<xsl:value-of select="rate_bp div 100"/>%)</li></xsl:for-each>
    </ul>
    <form method="post" action="{$base}/staff/payments/taxes" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field"><xsl:with-param name="name">name</xsl:with-param><xsl:with-param name="label">Name</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
      <xsl:call-template name="field"><xsl:with-param name="name">rate</xsl:with-param><xsl:with-param name="label">Rate (%)</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
      <p><button type="submit">Save the rate</button></p>
    </form>
    <xsl:if test="filter/@client != '0'">
      <h2>Credit of this client</h2>
      <xsl:choose>
        <xsl:when test="credit/amount">
          <xsl:call-template name="pay-credit"><xsl:with-param name="credit" select="credit"/><xsl:with-param name="who" select="'Client'"/></xsl:call-template>
          <p>Credit is applied to the client's next invoice in its currency when that is sent, or now from an open invoice's page.</p>
          <form method="post" action="{$base}/staff/payments/credit/{filter/@client}/refund" class="stack">
            <xsl:call-template name="csrf"/>
            <div class="field"><label for="f-ccur">Currency</label>
              <select id="f-ccur" name="currency"><xsl:for-each select="credit/amount"><option value="{@currency}"><xsl:value-of select="@currency"/></option></xsl:for-each></select></div>
            <xsl:call-template name="field"><xsl:with-param name="name">amount</xsl:with-param><xsl:with-param name="label">Amount paid back</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
            <xsl:call-template name="field"><xsl:with-param name="name">reference</xsl:with-param><xsl:with-param name="label">Reference (the transfer's)</xsl:with-param></xsl:call-template>
            <p><button type="submit">Record a refund of credit</button></p>
          </form>
        </xsl:when>
        <xsl:otherwise><p class="empty">No credit: a payment beyond an invoice's total becomes the client's credit.</p></xsl:otherwise>
      </xsl:choose>
      <h2>Billing details of this client</h2>
      <form method="post" action="{$base}/staff/payments/billing/{filter/@client}" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name">currency</xsl:with-param><xsl:with-param name="label">Currency (ISO 4217)</xsl:with-param><xsl:with-param name="value" select="clients/client[id = /atrium/content/filter/@client]/currency"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">terms</xsl:with-param><xsl:with-param name="label">Payment terms (days)</xsl:with-param><xsl:with-param name="type">number</xsl:with-param><xsl:with-param name="value">30</xsl:with-param><xsl:with-param name="required" select="true()"/></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">legal_name</xsl:with-param><xsl:with-param name="label">Legal name</xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">address</xsl:with-param><xsl:with-param name="label">Address</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">tax_id</xsl:with-param><xsl:with-param name="label">Tax ID</xsl:with-param></xsl:call-template>
        <xsl:call-template name="field"><xsl:with-param name="name">billing_email</xsl:with-param><xsl:with-param name="label">Billing e-mail</xsl:with-param><xsl:with-param name="type">email</xsl:with-param></xsl:call-template>
        <p><button type="submit">Save billing details</button></p>
      </form>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
