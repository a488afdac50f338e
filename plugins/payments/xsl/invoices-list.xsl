<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <!-- Loaded as if in the skin's pages/: reach the plugin's own folder. -->
  <xsl:include href="../../../plugins/payments/xsl/payments-common.xsl"/>
  <!-- The client's invoices: filters, amount due, quotes to answer. -->
  <xsl:template match="content" mode="page">
    <h1>Invoices</h1>
    <xsl:if test="due/amount">
      <p class="due">Due: <xsl:for-each select="due/amount"><strong><xsl:value-of select="."/></strong><xsl:if test="position() != last()"> · </xsl:if></xsl:for-each></p>
    </xsl:if>
    <xsl:call-template name="pay-credit"><xsl:with-param name="credit" select="credit"/></xsl:call-template>
    <nav class="filters" aria-label="Filter">
      <a href="{$base}/invoices"><xsl:if test="filter = 'all'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>All</a>
      <xsl:text> </xsl:text>
      <a href="{$base}/invoices?show=open"><xsl:if test="filter = 'open'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Sent</a>
      <xsl:text> </xsl:text>
      <a href="{$base}/invoices?show=paid"><xsl:if test="filter = 'paid'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Paid</a>
      <xsl:text> </xsl:text>
      <a href="{$base}/invoices?show=overdue"><xsl:if test="filter = 'overdue'"><xsl:attribute name="aria-current">page</xsl:attribute></xsl:if>Overdue</a>
    </nav>
    <xsl:choose>
      <xsl:when test="docs/doc">
        <xsl:call-template name="pay-rows"><xsl:with-param name="docs" select="docs"/><xsl:with-param name="href" select="'/invoices/'"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><p class="empty">No invoice here.</p></xsl:otherwise>
    </xsl:choose>
    <xsl:if test="quotes/doc">
      <h2>Quotes waiting for your answer</h2>
      <xsl:call-template name="pay-rows"><xsl:with-param name="docs" select="quotes"/><xsl:with-param name="href" select="'/invoices/'"/></xsl:call-template>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
