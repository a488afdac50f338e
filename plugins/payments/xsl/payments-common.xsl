<?xml version="1.0" encoding="UTF-8"?>
<!-- Templates the payments pages share: a document's state, its body
     (parties, lines, totals, payments) and its list rows. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <!-- The site's base path ('' at the root, '/portal' under a sub-path). -->
  <xsl:param name="base" select="''"/>

  <xsl:template name="pay-kind">
    <xsl:param name="k"/>
    <xsl:choose>
      <xsl:when test="$k = 'quote'">Quote</xsl:when>
      <xsl:when test="$k = 'credit'">Credit note</xsl:when>
      <xsl:otherwise>Invoice</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The state people read: overdue is derived from the due date. -->
  <xsl:template name="pay-state">
    <xsl:param name="d"/>
    <xsl:choose>
      <xsl:when test="$d/overdue = '1'"><span class="badge badge-overdue">Overdue</span></xsl:when>
      <xsl:when test="$d/status = 'partial'"><span class="badge badge-partial">Partially paid</span></xsl:when>
      <xsl:when test="$d/status = 'sent' and $d/kind = 'quote'"><span class="badge badge-sent">Awaiting acceptance</span></xsl:when>
      <xsl:otherwise><xsl:call-template name="badge"><xsl:with-param name="status" select="$d/status"/></xsl:call-template></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="pay-rows">
    <xsl:param name="docs"/>
    <xsl:param name="href"/>
    <table class="list">
      <thead><tr><th scope="col">Number</th><th scope="col">Client</th><th scope="col">Issued</th><th scope="col">Due</th><th scope="col">Total</th><th scope="col">Balance</th><th scope="col">State</th></tr></thead>
      <tbody>
        <xsl:for-each select="$docs/doc">
          <tr>
            <td><a href="{$base}{$href}{id}"><xsl:call-template name="pay-kind"><xsl:with-param name="k" select="kind"/></xsl:call-template><xsl:text> </xsl:text>
              <xsl:choose><xsl:when test="number"><xsl:value-of select="number"/></xsl:when><xsl:otherwise>(draft)</xsl:otherwise></xsl:choose></a>
              <xsl:if test="title != ''"><br/><span class="small"><xsl:value-of select="title"/></span></xsl:if></td>
            <td><xsl:value-of select="client"/><xsl:if test="project"><br/><span class="small"><xsl:value-of select="project"/></span></xsl:if></td>
            <td><xsl:value-of select="issue_date"/></td>
            <td><xsl:value-of select="due_date"/></td>
            <td class="num"><xsl:value-of select="total_f"/></td>
            <td class="num"><xsl:value-of select="balance_f"/></td>
            <td><xsl:call-template name="pay-state"><xsl:with-param name="d" select="."/></xsl:call-template></td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <!-- A multi-line text as lines. -->
  <xsl:template name="pay-lines-of">
    <xsl:param name="t"/>
    <xsl:choose>
      <xsl:when test="contains($t, '&#10;')">
        <xsl:value-of select="substring-before($t, '&#10;')"/><br/>
        <xsl:call-template name="pay-lines-of"><xsl:with-param name="t" select="substring-after($t, '&#10;')"/></xsl:call-template>
      </xsl:when>
      <xsl:otherwise><xsl:value-of select="$t"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The document itself: the same content as its PDF. -->
  <xsl:template name="pay-doc">
    <xsl:param name="d"/>
    <dl class="facts">
      <dt>State</dt><dd><xsl:call-template name="pay-state"><xsl:with-param name="d" select="$d"/></xsl:call-template></dd>
      <xsl:if test="$d/number"><dt>Number</dt><dd><xsl:value-of select="$d/number"/></dd></xsl:if>
      <dt>Client</dt><dd><xsl:value-of select="$d/client"/></dd>
      <xsl:if test="$d/project"><dt>Project</dt><dd><xsl:value-of select="$d/project"/></dd></xsl:if>
      <xsl:if test="$d/issue_date"><dt>Issued</dt><dd><xsl:value-of select="$d/issue_date"/></dd></xsl:if>
      <xsl:if test="$d/due_date and $d/kind = 'invoice'"><dt>Due</dt><dd><xsl:value-of select="$d/due_date"/></dd></xsl:if>
      <xsl:if test="$d/void_reason"><dt>Void</dt><dd><xsl:value-of select="$d/void_reason"/></dd></xsl:if>
      <xsl:if test="$d/answered_at"><dt>Answered</dt><dd><xsl:value-of select="$d/answered_name"/>, <xsl:value-of select="$d/answered_at"/> UTC</dd></xsl:if>
    </dl>
    <xsl:if test="$d/seller or $d/buyer">
      <div class="parties">
        <p><strong>From</strong><br/><xsl:call-template name="pay-lines-of"><xsl:with-param name="t" select="$d/seller"/></xsl:call-template></p>
        <p><strong>To</strong><br/><xsl:call-template name="pay-lines-of"><xsl:with-param name="t" select="$d/buyer"/></xsl:call-template></p>
      </div>
    </xsl:if>
    <table class="list lines">
      <thead><tr><th scope="col">Description</th><th scope="col">Qty</th><th scope="col">Unit price</th><th scope="col">Discount</th><th scope="col">Tax</th><th scope="col">Net</th></tr></thead>
      <tbody>
        <xsl:for-each select="$d/lines/line">
          <tr><td><xsl:value-of select="description"/></td><td class="num"><xsl:value-of select="qty"/></td>
            <td class="num"><xsl:value-of select="unit_f"/></td><td class="num"><xsl:value-of select="discount"/></td>
            <td class="num"><xsl:value-of select="rate"/> (<xsl:value-of select="tax_f"/>)</td><td class="num"><xsl:value-of select="net_f"/></td></tr>
        </xsl:for-each>
      </tbody>
      <tfoot>
        <tr><th scope="row" colspan="5">Net</th><td class="num"><xsl:value-of select="$d/net_f"/></td></tr>
        <tr><th scope="row" colspan="5">Tax</th><td class="num"><xsl:value-of select="$d/tax_f"/></td></tr>
        <tr><th scope="row" colspan="5">Total</th><td class="num total"><xsl:value-of select="$d/total_f"/></td></tr>
        <xsl:if test="$d/kind = 'invoice' and $d/status != 'draft'">
          <tr><th scope="row" colspan="5">Paid</th><td class="num"><xsl:value-of select="$d/paid_f"/></td></tr>
          <xsl:if test="$d/credited != '0'"><tr><th scope="row" colspan="5">Credited</th><td class="num"><xsl:value-of select="$d/credited_f"/></td></tr></xsl:if>
          <tr><th scope="row" colspan="5">Balance due</th><td class="num total"><xsl:value-of select="$d/balance_f"/></td></tr>
        </xsl:if>
      </tfoot>
    </table>
    <xsl:if test="$d/notes"><h2>Notes</h2><p><xsl:value-of select="$d/notes"/></p></xsl:if>
    <xsl:if test="$d/terms"><h2>Terms</h2><p><xsl:value-of select="$d/terms"/></p></xsl:if>
    <xsl:if test="$d/payments/payment">
      <h2>Payments</h2>
      <ul>
        <xsl:for-each select="$d/payments/payment">
          <li><xsl:value-of select="received_on"/>: <xsl:value-of select="amount_f"/> (<xsl:choose><xsl:when test="method = 'credit'">client credit</xsl:when><xsl:otherwise><xsl:value-of select="method"/></xsl:otherwise></xsl:choose><xsl:if test="reference"> · <xsl:value-of select="reference"/></xsl:if>)</li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>
  <!-- A client's credit balance per currency (<credit><amount>), if any. -->
  <xsl:template name="pay-credit">
    <xsl:param name="credit"/>
    <xsl:param name="who" select="'Your'"/>
    <xsl:if test="$credit/amount">
      <p class="credit"><xsl:value-of select="$who"/> credit: <xsl:for-each select="$credit/amount"><strong><xsl:value-of select="."/></strong><xsl:if test="position() != last()"> · </xsl:if></xsl:for-each><xsl:if test="$who = 'Your'"> (used for your next invoices)</xsl:if></p>
    </xsl:if>
  </xsl:template>
</xsl:stylesheet>
