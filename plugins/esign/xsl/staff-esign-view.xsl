<?xml version="1.0" encoding="UTF-8"?>
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:import href="../layout.xsl"/>
  <xsl:include href="../../../plugins/esign/xsl/esign-common.xsl"/>
  <!-- One envelope for staff: parties, remind, void, replace, the log. -->
  <xsl:template match="content" mode="page">
    <xsl:variable name="e" select="envelope"/>
    <nav class="crumbs" aria-label="Breadcrumb"><a href="{$base}/staff/esign">Signatures</a></nav>
    <xsl:call-template name="es-envelope"/>
    <xsl:if test="$e/state = 'sent'">
      <h2>Manage</h2>
      <form method="post" action="{$base}/staff/esign/{$e/id}/remind" class="inline">
        <xsl:call-template name="csrf"/>
        <button type="submit">Remind who has to sign now</button>
      </form>
      <form method="post" action="{$base}/staff/esign/{$e/id}/void" class="stack">
        <xsl:call-template name="csrf"/>
        <xsl:call-template name="field"><xsl:with-param name="name">reason</xsl:with-param><xsl:with-param name="label">Why void it</xsl:with-param></xsl:call-template>
        <p><button type="submit">Void the envelope</button></p>
      </form>
      <xsl:if test="signers/party[state = 'waiting' or state = 'sent' or state = 'viewed']">
        <form method="post" action="{$base}/staff/esign/{$e/id}/replace" class="stack">
          <xsl:call-template name="csrf"/>
          <div class="field"><label for="f-signer">Replace</label>
            <select id="f-signer" name="signer">
              <xsl:for-each select="signers/party[state = 'waiting' or state = 'sent' or state = 'viewed']">
                <option value="{id}"><xsl:value-of select="name"/></option>
              </xsl:for-each>
            </select></div>
          <xsl:call-template name="field"><xsl:with-param name="name">email</xsl:with-param><xsl:with-param name="label">By (e-mail)</xsl:with-param><xsl:with-param name="type">email</xsl:with-param></xsl:call-template>
          <xsl:call-template name="field"><xsl:with-param name="name">name</xsl:with-param><xsl:with-param name="label">Name (someone outside the site)</xsl:with-param></xsl:call-template>
          <p><button type="submit">Replace the signer</button></p>
        </form>
      </xsl:if>
    </xsl:if>
    <h2>Audit trail</h2>
    <table class="list">
      <thead><tr><th scope="col">When (UTC)</th><th scope="col">What</th><th scope="col">Who</th><th scope="col">Address</th><th scope="col">Authentication</th><th scope="col">Detail</th></tr></thead>
      <tbody>
        <xsl:for-each select="events/event">
          <tr><td data-label="When"><xsl:value-of select="at"/></td><td data-label="What"><xsl:value-of select="action"/></td>
            <td data-label="Who"><xsl:value-of select="who"/></td><td data-label="Address"><xsl:value-of select="ip"/></td>
            <td data-label="Authentication"><xsl:value-of select="auth"/></td><td data-label="Detail" class="detail"><xsl:value-of select="detail"/></td></tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>
</xsl:stylesheet>
