<?xml version="1.0" encoding="UTF-8"?>
<!-- Templates the contracts pages share: a state's label, the fee table, the text. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:template name="ct-state">
    <xsl:param name="s"/>
    <xsl:call-template name="badge">
      <xsl:with-param name="status" select="concat('contract-', $s)"/>
      <xsl:with-param name="label">
        <xsl:choose>
          <xsl:when test="$s = 'draft'">Draft</xsl:when>
          <xsl:when test="$s = 'sent'">Awaiting signature</xsl:when>
          <xsl:when test="$s = 'signed'">Signed</xsl:when>
          <xsl:when test="$s = 'declined'">Declined</xsl:when>
          <xsl:when test="$s = 'expired'">Expired</xsl:when>
          <xsl:when test="$s = 'active'">Active</xsl:when>
          <xsl:when test="$s = 'ended'">Ended</xsl:when>
          <xsl:otherwise><xsl:value-of select="$s"/></xsl:otherwise>
        </xsl:choose>
      </xsl:with-param>
    </xsl:call-template>
  </xsl:template>
  <!-- The contract's facts, text and fee lines. -->
  <xsl:template name="ct-body">
    <xsl:param name="c"/>
    <dl class="facts">
      <dt>State</dt><dd><xsl:call-template name="ct-state"><xsl:with-param name="s" select="$c/state"/></xsl:call-template></dd>
      <xsl:if test="$c/project"><dt>Project</dt><dd><xsl:value-of select="$c/project"/></dd></xsl:if>
      <dt>Version</dt><dd><xsl:value-of select="$c/version"/></dd>
      <xsl:if test="$c/start_date"><dt>Starts</dt><dd><xsl:value-of select="$c/start_date"/></dd></xsl:if>
      <xsl:if test="$c/end_date"><dt>Ends</dt><dd><xsl:value-of select="$c/end_date"/></dd></xsl:if>
      <xsl:if test="$c/renewal_date"><dt>Renewal notice by</dt><dd><xsl:value-of select="$c/renewal_date"/></dd></xsl:if>
      <xsl:if test="$c/signer"><dt>Signer</dt><dd><xsl:value-of select="$c/signer"/></dd></xsl:if>
      <xsl:if test="$c/signed_at"><dt>Signed</dt><dd><xsl:value-of select="$c/signed_at"/><xsl:if test="$c/signed_how = 'paper'"> (on paper)</xsl:if></dd></xsl:if>
      <xsl:if test="$c/amends_id"><dt>Amends</dt><dd><xsl:value-of select="$c/amends_title"/></dd></xsl:if>
    </dl>
    <div class="markdown contract-text"><xsl:copy-of select="$c/text/html/node()"/></div>
    <h2>Fees</h2>
    <xsl:choose>
      <xsl:when test="$c/fees/fee">
        <div class="table-wrap">
          <table class="list">
            <thead><tr><th scope="col">What</th><th scope="col">Amount</th></tr></thead>
            <tbody>
              <xsl:for-each select="$c/fees/fee">
                <tr><td><xsl:value-of select="description"/></td><td><xsl:value-of select="amount"/></td></tr>
              </xsl:for-each>
            </tbody>
            <tfoot>
              <tr><th scope="row">Total</th><td><xsl:value-of select="$c/fees/@total"/></td></tr>
              <xsl:if test="$c/fees/@deposit"><tr><th scope="row">Deposit on signing (<xsl:value-of select="$c/deposit_pct"/> %)</th><td><xsl:value-of select="$c/fees/@deposit"/></td></tr></xsl:if>
            </tfoot>
          </table>
        </div>
      </xsl:when>
      <xsl:otherwise><p>No fee lines.</p></xsl:otherwise>
    </xsl:choose>
  </xsl:template>
  <!-- Contracts as a table; amendments under the contract they change. -->
  <xsl:template name="ct-rows">
    <xsl:param name="list"/>
    <xsl:param name="prefix"/>
    <div class="table-wrap">
      <table class="list">
        <thead><tr><th scope="col">Contract</th><th scope="col">State</th><th scope="col">Dates</th></tr></thead>
        <tbody>
          <xsl:for-each select="$list/contract[not(amends_id) or not(../contract[id = current()/amends_id])]">
            <xsl:call-template name="ct-row"><xsl:with-param name="prefix" select="$prefix"/></xsl:call-template>
            <xsl:for-each select="../contract[amends_id = current()/id]">
              <xsl:call-template name="ct-row"><xsl:with-param name="prefix" select="$prefix"/><xsl:with-param name="sub" select="true()"/></xsl:call-template>
            </xsl:for-each>
          </xsl:for-each>
        </tbody>
      </table>
    </div>
  </xsl:template>
  <xsl:template name="ct-row">
    <xsl:param name="prefix"/>
    <xsl:param name="sub" select="false()"/>
    <tr>
      <td><xsl:if test="$sub"><span class="small">Amendment: </span></xsl:if><a href="{$base}{$prefix}{id}"><xsl:value-of select="title"/></a>
        <xsl:if test="client"><br/><span class="small"><xsl:value-of select="client"/></span></xsl:if>
        <xsl:if test="project"><br/><span class="small"><xsl:value-of select="project"/></span></xsl:if></td>
      <td><xsl:call-template name="ct-state"><xsl:with-param name="s" select="state"/></xsl:call-template></td>
      <td><xsl:if test="start_date"><xsl:value-of select="start_date"/></xsl:if>
        <xsl:if test="end_date"> to <xsl:value-of select="end_date"/></xsl:if>
        <xsl:if test="renewal_date"><br/><span class="small">Renewal notice by <xsl:value-of select="renewal_date"/></span></xsl:if></td>
    </tr>
  </xsl:template>
  <!-- The form of a template (new, or t to edit). -->
  <xsl:template name="ct-template-form">
    <xsl:param name="action"/>
    <xsl:param name="t" select="/.."/>
    <form method="post" action="{$base}{$action}" class="stack">
      <xsl:call-template name="csrf"/>
      <xsl:call-template name="field"><xsl:with-param name="name">name</xsl:with-param><xsl:with-param name="label">Name</xsl:with-param><xsl:with-param name="value" select="$t/name"/><xsl:with-param name="required" select="true()"/></xsl:call-template>
      <xsl:call-template name="field"><xsl:with-param name="name">body</xsl:with-param><xsl:with-param name="label">Text (Markdown)</xsl:with-param><xsl:with-param name="type">textarea</xsl:with-param><xsl:with-param name="value" select="$t/body"/><xsl:with-param name="required" select="true()"/>
        <xsl:with-param name="hint">Merge fields: {{client.name}}, {{client.address}}, {{project.name}}, {{agency.name}}, {{today}}, {{fee.total}}, and {{custom.NAME}} for values asked for when the contract is made.</xsl:with-param></xsl:call-template>
      <p><button type="submit" class="primary">Save the template</button></p>
    </form>
  </xsl:template>
</xsl:stylesheet>
