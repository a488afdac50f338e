<?xml version="1.0" encoding="UTF-8"?>
<!--
  An invoice, quote or credit note as PDF (docs/skins.md, "PDF"): the
  seller's and buyer's details, the lines, the totals, the bank transfer
  instructions of an open invoice.  The same content as its page.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="xml" encoding="UTF-8"/>

<xsl:template name="kind">
  <xsl:choose>
    <xsl:when test="content/doc/kind = 'quote'">Quote</xsl:when>
    <xsl:when test="content/doc/kind = 'credit'">Credit note</xsl:when>
    <xsl:otherwise>Invoice</xsl:otherwise>
  </xsl:choose>
</xsl:template>

<xsl:template name="text-lines">
  <xsl:param name="t"/>
  <xsl:choose>
    <xsl:when test="contains($t, '&#10;')">
      <xsl:value-of select="substring-before($t, '&#10;')"/><br/>
      <xsl:call-template name="text-lines"><xsl:with-param name="t" select="substring-after($t, '&#10;')"/></xsl:call-template>
    </xsl:when>
    <xsl:otherwise><xsl:value-of select="$t"/></xsl:otherwise>
  </xsl:choose>
</xsl:template>

<xsl:template match="/atrium">
  <xsl:variable name="d" select="content/doc"/>
  <xsl:variable name="k"><xsl:call-template name="kind"/></xsl:variable>
  <document author="{brand/@name}" title="{$k} {$d/number}">
    <header>
      <p align="right" size="8" color="#555555"><xsl:value-of select="brand/@name"/></p>
    </header>
    <footer>
      <p align="center" size="8" color="#555555"><xsl:value-of select="$k"/><xsl:text> </xsl:text><xsl:value-of select="$d/number"/> · Page <page-number/> of <page-count/></p>
    </footer>
    <h1><xsl:value-of select="$k"/><xsl:text> </xsl:text><xsl:choose><xsl:when test="$d/number"><xsl:value-of select="$d/number"/></xsl:when><xsl:otherwise>DRAFT</xsl:otherwise></xsl:choose></h1>
    <xsl:if test="$d/status = 'void'"><p color="#b00020"><b>VOID</b>: <xsl:value-of select="$d/void_reason"/></p></xsl:if>
    <table widths="* *" border="none">
      <tr>
        <td><b>From</b><br/><xsl:call-template name="text-lines"><xsl:with-param name="t" select="$d/seller"/></xsl:call-template></td>
        <td><b>To</b><br/><xsl:choose><xsl:when test="$d/buyer"><xsl:call-template name="text-lines"><xsl:with-param name="t" select="$d/buyer"/></xsl:call-template></xsl:when><xsl:otherwise><xsl:value-of select="$d/client"/></xsl:otherwise></xsl:choose></td>
      </tr>
    </table>
    <space height="4mm"/>
    <table widths="* *" border="none">
      <tr><td>Issued: <xsl:value-of select="$d/issue_date"/></td>
        <td><xsl:if test="$d/due_date and $d/kind = 'invoice'">Due: <xsl:value-of select="$d/due_date"/></xsl:if></td></tr>
      <xsl:if test="$d/project"><tr><td colspan="2">Project: <xsl:value-of select="$d/project"/></td></tr></xsl:if>
    </table>
    <xsl:if test="$d/title != ''"><p><b><xsl:value-of select="$d/title"/></b></p></xsl:if>
    <space height="4mm"/>
    <table widths="* 15mm 25mm 15mm 22mm 28mm" border="rows" size="9">
      <thead>
        <tr background="#eeeeee"><td>Description</td><td align="right">Qty</td><td align="right">Unit</td><td align="right">Disc.</td><td align="right">Tax</td><td align="right">Net</td></tr>
      </thead>
      <xsl:for-each select="$d/lines/line">
        <tr><td><xsl:value-of select="description"/></td><td align="right"><xsl:value-of select="qty"/></td>
          <td align="right"><xsl:value-of select="unit_f"/></td><td align="right"><xsl:value-of select="discount"/></td>
          <td align="right"><xsl:value-of select="rate"/></td><td align="right"><xsl:value-of select="net_f"/></td></tr>
      </xsl:for-each>
    </table>
    <space height="3mm"/>
    <keep>
      <table widths="* 40mm" border="none">
        <tr><td align="right">Net</td><td align="right"><xsl:value-of select="$d/net_f"/></td></tr>
        <tr><td align="right">Tax</td><td align="right"><xsl:value-of select="$d/tax_f"/></td></tr>
        <tr><td align="right"><b>Total</b></td><td align="right"><b><xsl:value-of select="$d/total_f"/></b></td></tr>
        <xsl:if test="$d/kind = 'invoice' and $d/status != 'draft'">
          <tr><td align="right">Paid</td><td align="right"><xsl:value-of select="$d/paid_f"/></td></tr>
          <tr><td align="right"><b>Balance due</b></td><td align="right"><b><xsl:value-of select="$d/balance_f"/></b></td></tr>
        </xsl:if>
      </table>
    </keep>
    <xsl:if test="$d/notes"><h3>Notes</h3><p><xsl:value-of select="$d/notes"/></p></xsl:if>
    <xsl:if test="$d/terms"><h3>Terms</h3><p><xsl:value-of select="$d/terms"/></p></xsl:if>
    <xsl:if test="content/bank">
      <keep>
        <h3>Payment by bank transfer</h3>
        <p>Account holder: <xsl:value-of select="content/bank/holder"/><br/>
          IBAN: <xsl:value-of select="content/bank/iban"/>
          <xsl:if test="content/bank/bic"><br/>BIC: <xsl:value-of select="content/bank/bic"/></xsl:if>
          <xsl:if test="content/bank/bank_name"><br/>Bank: <xsl:value-of select="content/bank/bank_name"/></xsl:if>
          <br/>Reference: <b><xsl:value-of select="content/bank/reference"/></b></p>
      </keep>
    </xsl:if>
  </document>
</xsl:template>
</xsl:stylesheet>
