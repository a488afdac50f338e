<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/payments/xsl/payments-common.xsl"/>
  <!-- One document for the client: read-only, PDF, Pay Now, Accept. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="d" select="doc"/>
    <p><a href="{$base}/invoices">Invoices</a></p>
    <h1><xsl:call-template name="pay-kind"><xsl:with-param name="k" select="$d/kind"/></xsl:call-template><xsl:text> </xsl:text><xsl:value-of select="$d/number"/></h1>
    <xsl:if test="$d/title != ''"><p class="lead"><xsl:value-of select="$d/title"/></p></xsl:if>
    <p><a href="{$base}/invoices/{$d/id}/pdf">Download PDF</a>
      <xsl:if test="$d/kind != 'quote' and $d/status != 'void'"> · <a href="{$base}/invoices/{$d/id}/ubl">E-invoice (UBL XML)</a></xsl:if></p>
    <xsl:call-template name="pay-doc"><xsl:with-param name="d" select="$d"/></xsl:call-template>
    <xsl:if test="card or bank">
      <h2>Pay this invoice</h2>
      <xsl:if test="card">
        <form method="post" action="{$base}/invoices/{$d/id}/pay" class="inline">
          <xsl:call-template name="csrf"/>
          <button type="submit" class="primary">Pay now by card (<xsl:value-of select="$d/balance_f"/>)</button>
        </form>
      </xsl:if>
      <xsl:if test="bank">
        <h3>By bank transfer</h3>
        <dl class="facts bank">
          <dt>Account holder</dt><dd><xsl:value-of select="bank/holder"/></dd>
          <dt>IBAN</dt><dd><xsl:value-of select="bank/iban"/></dd>
          <xsl:if test="bank/bic"><dt>BIC</dt><dd><xsl:value-of select="bank/bic"/></dd></xsl:if>
          <xsl:if test="bank/bank_name"><dt>Bank</dt><dd><xsl:value-of select="bank/bank_name"/></dd></xsl:if>
          <dt>Amount</dt><dd><xsl:value-of select="$d/balance_f"/></dd>
          <dt>Reference</dt><dd><xsl:value-of select="bank/reference"/></dd>
        </dl>
      </xsl:if>
    </xsl:if>
    <xsl:if test="$d/kind = 'quote' and $d/status = 'sent'">
      <h2>Your answer</h2>
      <form method="post" action="{$base}/invoices/{$d/id}/accept" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field">
          <xsl:with-param name="name">name</xsl:with-param>
          <xsl:with-param name="label">Your full name</xsl:with-param>
          <xsl:with-param name="value" select="/atrium/user/@name"/>
          <xsl:with-param name="required" select="true()"/>
        </xsl:call-template>
        <p><button type="submit" class="primary">Accept the quote</button></p>
      </form>
      <form method="post" action="{$base}/invoices/{$d/id}/decline" class="inline">
        <xsl:call-template name="csrf"/>
        <button type="submit">Decline</button>
      </form>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
